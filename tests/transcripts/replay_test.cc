// Replays every transcript in dialogs/default/transcripts/ through the engine
// with the shipped script and knowledge base. One test per file; a failure
// lists every mismatch with its file line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "levier/dialogs/script.h"
#include "levier/dialogs/transcript.h"
#include "levier/kb/knowledge_base.h"
#include "../dialogs/dialogs_test_util.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

const std::filesystem::path kCases = LEVIER_SOURCE_DIR "/dialogs/default/transcripts";

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kCases, ec)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

using test_util::ShippedKb;
using test_util::ShippedScript;

class TranscriptCase : public ::testing::TestWithParam<std::string> {};

TEST_P(TranscriptCase, Replays) {
  const std::filesystem::path path = kCases / (GetParam() + ".json");
  Result<Transcript> transcript = LoadTranscript(path);
  ASSERT_TRUE(transcript.ok()) << transcript.status().ToString();
  ReplayResult result = ReplayTranscript(*transcript, ShippedScript(), ShippedKb());
  EXPECT_TRUE(result.ok()) << result.ToString(path.string());
  EXPECT_EQ(result.steps.size(), transcript->lines.size());
}

// Test names: the file name, with what gtest does not allow replaced by '_'.
std::string CaseTestName(const ::testing::TestParamInfo<std::string>& case_info) {
  std::string name = case_info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, TranscriptCase, ::testing::ValuesIn(CaseNames()), CaseTestName);

// The cases cover the situations the issue names, in more than one language.
TEST(TranscriptCasesTest, CoverLanguagesAndSituations) {
  std::set<std::string> languages;
  std::vector<Transcript> all;
  for (const std::string& name : CaseNames()) {
    Result<Transcript> t = LoadTranscript(kCases / (name + ".json"));
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    for (const TranscriptLine& line : t->lines) {
      if (line.expect.language) languages.insert(*line.expect.language);
    }
    all.push_back(std::move(t).value());
  }
  EXPECT_GE(all.size(), 6u);
  EXPECT_EQ(languages.count("fr"), 1u);
  EXPECT_EQ(languages.count("en"), 1u);
  auto any_line = [&](auto predicate) {
    for (const Transcript& t : all) {
      for (const TranscriptLine& line : t.lines) {
        if (predicate(line.expect)) return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(any_line([](const TranscriptExpect& e) { return e.referrals && !e.referrals->empty(); }))
      << "no transcript reaches referrals";
  EXPECT_TRUE(any_line([](const TranscriptExpect& e) { return e.opted_out == true; }))
      << "no transcript sends STOP";
  EXPECT_TRUE(any_line([](const TranscriptExpect& e) { return e.silent == true; }))
      << "no transcript checks the silence after STOP";
}

}  // namespace
}  // namespace levier::dialogs
