#include "levier/dialogs/script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "dialogs_test_util.h"
#include "script_fixture.h"

namespace levier::dialogs {
namespace {

using ::testing::HasSubstr;
using test_util::TempScript;

TEST(ScriptTest, ShippedScriptLoads) {
  const Script& s = test_util::ShippedScript();
  EXPECT_EQ(s.id(), "default");
  EXPECT_EQ(s.default_language(), "fr");
  EXPECT_EQ(s.languages(), (std::vector<std::string>{"fr", "en"}));
  ASSERT_EQ(s.version().size(), 16u);
  EXPECT_EQ(s.version().find_first_not_of("0123456789abcdef"), std::string::npos);
  ASSERT_NE(s.FindNode("ask_barrier"), nullptr);
  EXPECT_EQ(s.FindNode("ask_barrier")->choices.size(), 10u);
}

TEST(ScriptTest, MissingTranslationFallsBackToDefaultLanguage) {
  TempScript t;
  t.en["texts"].erase("bye");
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->Text("en", "bye"), "Au revoir");
  EXPECT_EQ(s->Text("en", "ask"), "Question?");
  EXPECT_EQ(s->Text("xx", "ask"), "Question ?");
}

TEST(ScriptTest, VersionChangesWhenAnyFileChanges) {
  TempScript t;
  Result<Script> a = Script::LoadFromDirectory(t.Write());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  Result<Script> same = Script::LoadFromDirectory(t.Write());
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(a->version(), same->version());
  t.en["texts"]["bye"] = "Bye!";
  Result<Script> b = Script::LoadFromDirectory(t.Write());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->version(), b->version());
}

TEST(ScriptLoaderTest, UnknownKindNamesFileAndNode) {
  TempScript t;
  t.flow["nodes"][1]["kind"] = "question";
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("flow.json: node 'bye': unknown kind 'question'"));
}

TEST(ScriptLoaderTest, BadChoiceNamesNodeAndChoice) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = 7;
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(),
              HasSubstr("flow.json: node 'ask': choice 2: 'next' must be a string"));
}

TEST(ScriptLoaderTest, BadKeywordNamesFileAndLanguage) {
  TempScript t;
  t.en["keywords"]["kw_yes"] = {"!!!"};
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("lang/en.json: language 'en': keywords 'kw_yes'"));
}

TEST(ScriptLoaderTest, DuplicateNodeId) {
  TempScript t;
  t.flow["nodes"][1]["id"] = "ask";
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("node 'ask': id used twice"));
}

TEST(ScriptLoaderTest, MissingLanguageFile) {
  TempScript t;
  t.flow["languages"] = {"fr", "en", "ar"};
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(s.status().message(), HasSubstr("lang/ar.json"));
}

TEST(ScriptLoaderTest, EnforcesLimits) {
  TempScript t;
  const auto& dir = t.Write();
  ScriptLimits small;
  small.max_file_bytes = 100;
  Result<Script> s = Script::LoadFromDirectory(dir, small);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(s.status().message(), HasSubstr("flow.json"));

  ScriptLimits few_nodes;
  few_nodes.max_nodes = 1;
  s = Script::LoadFromDirectory(dir, few_nodes);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("more than 1 nodes"));

  std::ofstream(dir / "flow.json") << std::string(100, '[') << std::string(100, ']');
  s = Script::LoadFromDirectory(dir);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("nested deeper"));
}

TEST(ScriptLoaderTest, InvalidJsonNamesFile) {
  TempScript t;
  const auto& dir = t.Write();
  std::ofstream(dir / "lang" / "fr.json") << "{\"format\": ";
  Result<Script> s = Script::LoadFromDirectory(dir);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("lang/fr.json: invalid JSON"));
}

}  // namespace
}  // namespace levier::dialogs
