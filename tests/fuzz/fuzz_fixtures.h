// Fixtures shared by the dialog fuzz targets: the shipped script, a small
// knowledge base with made-up providers (test data, not real facts), and the
// invariants every Step() result must keep. Loaded once per process; a
// fixture that fails to load aborts, since every input would then test
// nothing.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/dialogs/session.h"
#include "levier/dialogs/text.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/barriers.h"
#include "levier/util/utf8.h"

namespace levier::fuzz {

template <typename T>
T ValueOrDie(Result<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "fuzz fixture %s: %s\n", what, result.status().ToString().c_str());
    std::abort();
  }
  return std::move(result).value();
}

inline const dialogs::Script& ShippedScript() {
  static const dialogs::Script kScript = ValueOrDie(
      dialogs::Script::LoadFromDirectory(LEVIER_SOURCE_DIR "/dialogs/default"), "shipped script");
  return kScript;
}

// Two providers per barrier for mobility and housing (one commune-specific),
// none for the others, so referrals exercise both "providers" and "none".
inline const kb::KnowledgeBase& SmallKb() {
  static constexpr std::string_view kProviders = R"({"format":"levier-kb/1","providers":[
 {"id":"mob-a","name":"Mobi A","summary":{"fr":"Aide pour se déplacer","en":"Help to get around"},
  "barriers":["mobilite"],"communes":[],"address":"","phone":"01 00 00 00 01","website":"https://a.example.org","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"mob-b","name":"Mobi B","summary":{"fr":"Permis solidaire"},
  "barriers":["mobilite","numerique"],"communes":[],"address":"2 rue Test, Tours","phone":"","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"log-tours","name":"Logis Tours","summary":{"fr":"Trouver un logement"},
  "barriers":["logement"],"communes":["Tours"],"address":"","phone":"01 00 00 00 05","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"log-riche","name":"Logis La Riche","summary":{"fr":"Trouver un logement"},
  "barriers":["logement","langue"],"communes":["La Riche"],"address":"","phone":"01 00 00 00 06","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""}
]})";
  static constexpr std::string_view kNeighbourhoods =
      R"({"format":"levier-kb/1","neighbourhoods":[{"id":"sanitas","name":"Sanitas","commune":"Tours","source":"test"}]})";
  static const kb::KnowledgeBase kKb =
      ValueOrDie(kb::KnowledgeBase::LoadFromJson(kProviders, kNeighbourhoods, "fuzz-kb"), "kb");
  return kKb;
}

// A resident's SMS at `now`, with the default engine options.
inline dialogs::StepInput Sms(std::string_view text, UnixSeconds now) {
  dialogs::StepInput input;
  input.text = text;
  input.channel = "sms";
  input.now = now;
  return input;
}

// The session survives the store's round trip (JSON text and back) unchanged.
inline void CheckSessionRoundTrip(const dialogs::Session& session) {
  std::string text;
  NoThrow("SessionToJson().dump()", [&] { text = dialogs::SessionToJson(session).dump(); });
  nlohmann::json parsed;
  NoThrow("json::parse(session)", [&] { parsed = nlohmann::json::parse(text); });
  Result<dialogs::Session> back = dialogs::SessionFromJson(parsed);
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(*back == session);
}

// What every step must keep, whatever the message: valid UTF-8 replies,
// known barrier codes, a session pinned to the script, silence while opted
// out (until START), and a session the store can save and load back.
inline void CheckStep(const dialogs::Script& script, const kb::KnowledgeBase& kb,
                      const dialogs::Session& before, const dialogs::StepResult& r) {
  for (const std::string& reply : r.Texts()) FUZZ_CHECK(IsValidUtf8(reply));
  for (const std::string& code : r.session.barriers) FUZZ_CHECK(IsBarrierCode(code));
  for (const std::string& code : r.session.pending) FUZZ_CHECK(IsBarrierCode(code));
  for (const dialogs::ReferralEvent& e : r.referrals) {
    FUZZ_CHECK(IsBarrierCode(e.barrier));
    FUZZ_CHECK(kb.FindProvider(e.provider_id) != nullptr);
  }
  const bool opted_in = std::find(r.events.begin(), r.events.end(),
                                  dialogs::EventKind::kOptedIn) != r.events.end();
  if (before.opted_out && !opted_in) {
    FUZZ_CHECK(r.Texts().empty());
    FUZZ_CHECK(r.referrals.empty());
    FUZZ_CHECK(r.session == before);
  } else {
    FUZZ_CHECK(r.session.script_version == script.version());
    FUZZ_CHECK(script.Language(r.session.language) != nullptr);
    FUZZ_CHECK(r.session.node.empty() || script.FindNode(r.session.node) != nullptr);
  }
  CheckSessionRoundTrip(r.session);
}

}  // namespace levier::fuzz
