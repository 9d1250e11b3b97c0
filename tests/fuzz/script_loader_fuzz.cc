// Fuzz target: the dialog script loader (flow.json and the language files a
// coordinator edits) and, for a script that passes `levier check`, a short
// conversation on it.
//
// Input: the files' texts separated by lines "---8<---": flow.json, then
// lang/fr.json, lang/en.json, lang/ar.json (missing parts are missing
// files), loaded with Script::LoadFromFiles (the same loader
// LoadFromDirectory uses, without the disk).
//
// Invariants: never throws; a refusal is InvalidArgument, NotFound or
// ResourceExhausted naming the file at fault; a loaded script has a version
// and its declared default language, and loads again from its own files()
// to the same version; CheckScript never throws; a script with no check
// error keeps every Step invariant (fuzz_fixtures.h) on a fixed
// conversation.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_fixtures.h"
#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"

namespace {

namespace dialogs = levier::dialogs;

constexpr std::string_view kSeparator = "\n---8<---\n";
constexpr std::array<std::string_view, 4> kFiles = {"flow.json", "lang/fr.json", "lang/en.json",
                                                    "lang/ar.json"};
constexpr std::array<std::string_view, 8> kConversation = {
    "Bonjour", "1", "j'ai le permis et une voiture", "2", "n 1", "aide", "stop", "start"};

std::map<std::string, std::string> SplitFiles(std::string_view input) {
  std::map<std::string, std::string> files;
  for (std::string_view name : kFiles) {
    const std::size_t end = input.find(kSeparator);
    files.emplace(name, input.substr(0, end));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + kSeparator.size());
  }
  return files;
}

void CheckRefusal(const levier::Status& status) {
  FUZZ_CHECK(status.code() == levier::StatusCode::kInvalidArgument ||
             status.code() == levier::StatusCode::kNotFound ||
             status.code() == levier::StatusCode::kResourceExhausted);
  FUZZ_CHECK(status.message().find("fuzz/") != std::string::npos);
  FUZZ_CHECK(status.message().find(".json") != std::string::npos);
}

void Converse(const dialogs::Script& script) {
  const levier::kb::KnowledgeBase& kb = levier::fuzz::SmallKb();
  dialogs::Session session;
  levier::UnixSeconds now = 1'700'000'000;
  for (std::string_view text : kConversation) {
    const dialogs::StepResult r =
        dialogs::Step(script, kb, session, levier::fuzz::Sms(text, now));
    levier::fuzz::CheckStep(script, kb, session, r);
    session = r.session;
    now += 60;
  }
}

void LoadAndCheck(std::string_view input) {
  levier::Result<dialogs::Script> script = dialogs::Script::LoadFromFiles(SplitFiles(input), "fuzz");
  if (!script.ok()) {
    CheckRefusal(script.status());
    return;
  }
  FUZZ_CHECK(!script->version().empty());
  FUZZ_CHECK(script->Language(script->default_language()) != nullptr);
  levier::Result<dialogs::Script> again = dialogs::Script::LoadFromFiles(script->files(), "again");
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->version() == script->version());

  bool has_errors = false;
  for (const dialogs::CheckFinding& f : dialogs::CheckScript(*script, levier::fuzz::SmallKb())) {
    has_errors = has_errors || f.severity == dialogs::CheckFinding::Severity::kError;
  }
  if (!has_errors) Converse(*script);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  levier::fuzz::NoThrow("script loader", [&] { LoadAndCheck(input); });
  return 0;
}
