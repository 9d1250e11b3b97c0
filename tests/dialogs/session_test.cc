#include "levier/dialogs/session.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

TEST(SessionJsonTest, RoundTrips) {
  Session s;
  s.script_version = "0123456789abcdef";
  s.language = "en";
  s.node = "q_mobilite";
  s.barriers = {"mobilite", "logement"};
  s.pending = {"logement"};
  s.profile = {{"commune", "Joué-lès-Tours"}, {"permis", "non"}};
  s.awaiting = "barrier:mobilite";
  s.misses = 2;
  s.opted_out = true;
  s.ended = false;
  s.started_at = 1'700'000'000;
  s.last_active_at = 1'700'000'600;
  Result<Session> back = SessionFromJson(SessionToJson(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, s);
  // Through text too, as the store keeps it.
  Result<Session> reparsed = SessionFromJson(nlohmann::json::parse(SessionToJson(s).dump()));
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(*reparsed, s);
}

TEST(SessionJsonTest, EmptySessionRoundTrips) {
  Result<Session> back = SessionFromJson(SessionToJson(Session{}));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, Session{});
}

TEST(SessionJsonTest, RejectsWrongShapes) {
  using nlohmann::json;
  for (const json& bad : {json::array(), json("text"), json{{"node", 3}},
                          json{{"barriers", "mobilite"}}, json{{"profile", {{"a", 1}}}},
                          json{{"misses", -1}}, json{{"opted_out", "yes"}},
                          json{{"started_at", 1.5}}}) {
    Result<Session> r = SessionFromJson(bad);
    ASSERT_FALSE(r.ok()) << bad.dump();
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad.dump();
  }
}

}  // namespace
}  // namespace levier::dialogs
