#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "kb_test_util.h"
#include "levier/kb/knowledge_base.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using kbtest::NeighbourhoodsDoc;
using kbtest::ProvidersDoc;
using kbtest::UnverifiedProvider;
using kbtest::ValidNeighbourhood;
using kbtest::ValidProvider;
using nlohmann::json;

const std::string kNoNeighbourhoods = NeighbourhoodsDoc({});

// Loads `providers` (and `neighbourhoods`), expects failure, returns the status.
Status LoadError(const std::string& providers,
                 const std::string& neighbourhoods = kNoNeighbourhoods,
                 const LoadLimits& limits = {}) {
  Result<KnowledgeBase> kb = KnowledgeBase::LoadFromJson(providers, neighbourhoods, "test", limits);
  EXPECT_FALSE(kb.ok()) << "loaded although an error was expected";
  return kb.ok() ? Status::Ok() : kb.status();
}

TEST(LoaderTest, LoadsValidEntriesInFileOrder) {
  json a = ValidProvider("a", {"logement"}, {"Tours"});
  a["phone"] = "02 47 00 00 00";
  a["website"] = "https://a.example.org";
  a["email"] = "contact@a.example.org";
  Result<KnowledgeBase> kb = KnowledgeBase::LoadFromJson(
      ProvidersDoc({a, UnverifiedProvider("b", {"sante", "langue"})}),
      NeighbourhoodsDoc({ValidNeighbourhood("sanitas", "Tours")}), "test");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  ASSERT_EQ(kb->providers().size(), 2u);
  const Provider& p = kb->providers()[0];
  EXPECT_EQ(p.id, "a");
  EXPECT_EQ(p.name, "Structure a");
  EXPECT_EQ(p.barriers, std::vector<std::string>{"logement"});
  EXPECT_EQ(p.communes, std::vector<std::string>{"Tours"});
  EXPECT_EQ(p.phone, "02 47 00 00 00");
  EXPECT_EQ(p.email, "contact@a.example.org");
  EXPECT_EQ(p.confidence, "haute");
  EXPECT_TRUE(p.verified);
  EXPECT_FALSE(kb->providers()[1].verified);
  EXPECT_EQ(kb->providers()[1].barriers, (std::vector<std::string>{"sante", "langue"}));
  ASSERT_EQ(kb->neighbourhoods().size(), 1u);
  EXPECT_EQ(kb->neighbourhoods()[0].commune, "Tours");
  EXPECT_EQ(kb->FindProvider("b"), &kb->providers()[1]);
  EXPECT_EQ(kb->FindProvider("c"), nullptr);
}

TEST(LoaderTest, SummaryFallsBackToFrench) {
  json a = ValidProvider("a", {"logement"});
  a["summary"] = {{"fr", "Aide au logement"}, {"en", "Housing help"}};
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromJson(ProvidersDoc({a}), kNoNeighbourhoods, "test");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  const Provider& p = kb->providers()[0];
  EXPECT_EQ(p.SummaryIn("en"), "Housing help");
  EXPECT_EQ(p.SummaryIn("ar"), "Aide au logement");
  EXPECT_EQ(Provider{}.SummaryIn("fr"), "");
}

TEST(LoaderTest, UnknownBarrierCodeNamesEntry) {
  Status s = LoadError(ProvidersDoc(
      {ValidProvider("a", {"logement"}), ValidProvider("b", {"logement", "transport"})}));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "test/providers.json: entry 1 (id \"b\"): unknown barrier code \"transport\"");
}

TEST(LoaderTest, DuplicateIdNamesBothEntries) {
  Status s =
      LoadError(ProvidersDoc({ValidProvider("a", {"logement"}), ValidProvider("b", {"sante"}),
                              ValidProvider("a", {"sante"})}));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "test/providers.json: entry 2 (id \"a\"): duplicate id, already used by entry 0");
}

TEST(LoaderTest, MissingOrEmptyNameNamesEntry) {
  json no_name = ValidProvider("a", {"logement"});
  no_name.erase("name");
  EXPECT_EQ(LoadError(ProvidersDoc({no_name})).message(),
            "test/providers.json: entry 0 (id \"a\"): missing \"name\"");
  json empty_name = ValidProvider("a", {"logement"});
  empty_name["name"] = "";
  EXPECT_EQ(LoadError(ProvidersDoc({empty_name})).message(),
            "test/providers.json: entry 0 (id \"a\"): empty \"name\"");
}

TEST(LoaderTest, MissingOrBadIdNamesIndex) {
  json no_id = ValidProvider("a", {"logement"});
  no_id.erase("id");
  EXPECT_EQ(LoadError(ProvidersDoc({ValidProvider("z", {"sante"}), no_id})).message(),
            "test/providers.json: entry 1: missing \"id\"");
  json bad_id = ValidProvider("a", {"logement"});
  bad_id["id"] = "Mission Locale";
  EXPECT_EQ(LoadError(ProvidersDoc({bad_id})).message(),
            "test/providers.json: entry 0: id \"Mission Locale\" must use only a-z, 0-9 and "
            "single inner '-'");
}

TEST(LoaderTest, BadFormatTagIsRejected) {
  const std::string expected = "\"format\" must be \"levier-kb/2\" (or the older \"levier-kb/1\")";
  Status s = LoadError(R"({"format": "levier-kb/3", "providers": []})");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "test/providers.json: " + expected);
  EXPECT_EQ(LoadError(R"({"providers": []})").message(), "test/providers.json: " + expected);
  EXPECT_EQ(LoadError(ProvidersDoc({}), R"({"format": 1, "neighbourhoods": []})").message(),
            "test/neighbourhoods.json: " + expected);
}

TEST(LoaderTest, VerifiedEntryWithoutContactIsRejected) {
  json p = ValidProvider("a", {"logement"});
  p["address"] = "";
  Status s = LoadError(ProvidersDoc({p}));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "test/providers.json: entry 0 (id \"a\"): verified entry without any contact "
            "(address, phone or website)");
  // An e-mail alone is not enough to be shown (residents text, they rarely e-mail).
  p["email"] = "a@example.org";
  EXPECT_EQ(LoadError(ProvidersDoc({p})).message(), s.message());
  // The same entry, unverified, loads: it stays in the data, flagged.
  p["verified"] = false;
  EXPECT_TRUE(KnowledgeBase::LoadFromJson(ProvidersDoc({p}), kNoNeighbourhoods, "test").ok());
}

TEST(LoaderTest, VerifiedEntryWithLowConfidenceIsRejected) {
  json p = ValidProvider("a", {"logement"});
  p["confidence"] = "basse";
  EXPECT_EQ(LoadError(ProvidersDoc({p})).message(),
            "test/providers.json: entry 0 (id \"a\"): verified entry with confidence \"basse\"");
}

TEST(LoaderTest, MalformedJsonGivesBytePosition) {
  // The stray '}' is the 41st byte; nlohmann counts bytes from 1.
  const std::string text = R"({"format": "levier-kb/1", "providers": [}])";
  Status s = LoadError(text);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(s.message().starts_with("test/providers.json: malformed JSON at byte 41: "))
      << s.message();
  EXPECT_NE(s.message().find("syntax error"), std::string::npos) << s.message();
}

TEST(LoaderTest, FieldErrorsNameTheField) {
  auto message_for = [](const char* field, const json& value) {
    json p = ValidProvider("a", {"logement"});
    p[field] = value;
    return LoadError(ProvidersDoc({p})).message();
  };
  const std::string prefix = "test/providers.json: entry 0 (id \"a\"): ";
  EXPECT_EQ(message_for("adress", "1 rue X"), prefix + "unknown field \"adress\"");
  EXPECT_EQ(message_for("phone", "115 (urgence)"),
            prefix +
                "\"phone\" \"115 (urgence)\" must hold only digits, spaces, '+' or '.' "
                "(explanations go in summary)");
  EXPECT_EQ(message_for("website", "www.example.org"),
            prefix + "\"website\" must start with https:// or http://");
  EXPECT_EQ(
      message_for("confidence", "non vérifiée"),
      prefix + "\"confidence\" must be \"haute\", \"moyenne\" or \"basse\", not \"non vérifiée\"");
  EXPECT_EQ(message_for("summary", json{{"en", "Help"}}),
            prefix + "missing \"summary.fr\" (French is required)");
  EXPECT_EQ(message_for("barriers", json::array()),
            prefix + "\"barriers\" must list at least one barrier code");
  EXPECT_EQ(message_for("barriers", json{"sante", "sante"}),
            prefix + "\"barriers\" lists \"sante\" twice");
  EXPECT_EQ(message_for("communes", "Tours"), prefix + "\"communes\" must be a list of strings");
  EXPECT_EQ(message_for("verified", "yes"), prefix + "\"verified\" must be true or false");
  EXPECT_EQ(message_for("name", "Deux\nlignes"), prefix + "\"name\" has a control character");
  EXPECT_EQ(message_for("source", ""), prefix + "empty \"source\"");
}

TEST(LoaderTest, NeighbourhoodErrorsNameEntry) {
  json no_commune = ValidNeighbourhood("sanitas", "Tours");
  no_commune.erase("commune");
  EXPECT_EQ(LoadError(ProvidersDoc({}), NeighbourhoodsDoc({no_commune})).message(),
            "test/neighbourhoods.json: entry 0 (id \"sanitas\"): missing \"commune\"");
  EXPECT_EQ(LoadError(ProvidersDoc({}), NeighbourhoodsDoc({ValidNeighbourhood("europe", "Tours"),
                                                           ValidNeighbourhood("europe", "Tours")}))
                .message(),
            "test/neighbourhoods.json: entry 1 (id \"europe\"): duplicate id, already used by "
            "entry 0");
}

TEST(LoaderTest, LimitsAreEnforced) {
  LoadLimits small;
  small.max_entries = 2;
  Status s = LoadError(ProvidersDoc({ValidProvider("a", {"sante"}), ValidProvider("b", {"sante"}),
                                     ValidProvider("c", {"sante"})}),
                       kNoNeighbourhoods, small);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(), "test/providers.json: 3 entries, limit is 2");

  json long_name = ValidProvider("a", {"sante"});
  long_name["name"] = std::string(301, 'x');
  s = LoadError(ProvidersDoc({long_name}));
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(),
            "test/providers.json: entry 0 (id \"a\"): \"name\" is 301 bytes, limit is 300");

  s = LoadError(std::string(20, '[') + std::string(20, ']'));
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(), "test/providers.json: JSON nested deeper than 8 levels");
}

TEST(LoaderTest, FileOverEightMebibytesIsRejectedBeforeParsing) {
  std::string huge = ProvidersDoc({});
  huge.append(8 * 1024 * 1024 + 1 - huge.size(), ' ');
  Status s = LoadError(huge);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(), "test/providers.json: file is 8388609 bytes, limit is 8388608");
}

TEST(LoaderTest, MissingDirectoryIsNotFound) {
  const std::filesystem::path dir = std::filesystem::path(LEVIER_BINARY_DIR) / "no-such-kb-dir";
  Result<KnowledgeBase> kb = KnowledgeBase::LoadFromDirectory(dir);
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(kb.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(kb.status().message().starts_with((dir / "providers.json").string() + ": "))
      << kb.status().message();
}

}  // namespace
}  // namespace levier::kb
