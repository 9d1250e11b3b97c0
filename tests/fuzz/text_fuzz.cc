// Fuzz target: the text normaliser (NormalizeForMatching, MatchKey,
// FoldCase, TruncateUtf8) and the barrier recogniser, i.e. the first Step() of a new
// participant on the shipped script, where the engine detects the language
// and looks for barriers named in free text.
//
// Invariants: never throws; outputs are valid UTF-8, trimmed, with single
// spaces; MatchKey holds only letters, digits and spaces and is idempotent
// (keywords and answers are keyed once each, so a key that changes when
// keyed again would make a keyword unmatchable); TruncateUtf8 returns a
// prefix within the bound that keeps valid input valid; the first step
// keeps every Step invariant (fuzz_fixtures.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_fixtures.h"
#include "levier/dialogs/engine.h"
#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"

namespace {

namespace dialogs = levier::dialogs;

bool SpacedWell(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  return s.find("  ") == std::string_view::npos;
}

// In a key, ASCII can only be a lowercase letter, a digit or the separating
// space: punctuation and controls are separators, capitals are case-folded.
bool OnlyWordCharsAndSpaces(std::string_view key) {
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && c != ' ' && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

void CheckNormaliser(std::string_view text) {
  const std::string normal = dialogs::NormalizeForMatching(text);
  FUZZ_CHECK(levier::IsValidUtf8(normal));
  FUZZ_CHECK(SpacedWell(normal));

  FUZZ_CHECK(levier::IsValidUtf8(dialogs::FoldCase(text)));

  const std::string key = dialogs::MatchKey(text);
  FUZZ_CHECK(levier::IsValidUtf8(key));
  FUZZ_CHECK(SpacedWell(key));
  FUZZ_CHECK(OnlyWordCharsAndSpaces(key));
  FUZZ_CHECK(dialogs::MatchKey(key) == key);

  for (std::size_t max : {std::size_t{0}, std::size_t{1}, text.size() / 2, std::size_t{2000}}) {
    const std::string_view cut = levier::TruncateUtf8(text, max);
    FUZZ_CHECK(cut.size() <= max);
    FUZZ_CHECK(cut.data() == text.data() || cut.empty());
    if (levier::IsValidUtf8(text)) FUZZ_CHECK(levier::IsValidUtf8(cut));
    if (text.size() <= max) FUZZ_CHECK(cut.size() == text.size());
  }
}

void CheckFirstMessage(std::string_view text) {
  const dialogs::Script& script = levier::fuzz::ShippedScript();
  const levier::kb::KnowledgeBase& kb = levier::fuzz::SmallKb();
  const dialogs::Session fresh;
  const dialogs::StepResult r =
      dialogs::Step(script, kb, fresh, levier::fuzz::Sms(text, 1'700'000'000));
  levier::fuzz::CheckStep(script, kb, fresh, r);
  // A new participant always gets an answer (greeting, or the STOP reply).
  FUZZ_CHECK(!r.Texts().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  levier::fuzz::NoThrow("normaliser", [&] { CheckNormaliser(text); });
  levier::fuzz::NoThrow("first Step", [&] { CheckFirstMessage(text); });
  return 0;
}
