// Fuzz target: the dialog engine on a random conversation. The input is
// split into lines; each line is one message Step()ped in sequence on the
// shipped script and a small knowledge base, one minute apart. A line
// "#wait N" sends nothing and lets N seconds pass instead, so inactivity
// and expiry paths are reachable.
//
// Invariants, after every step: never throws, replies are valid UTF-8,
// barrier codes are known, STOP keeps silence until START, and the session
// round-trips through JSON unchanged (fuzz_fixtures.h CheckStep).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_fixtures.h"
#include "levier/dialogs/engine.h"

namespace {

namespace dialogs = levier::dialogs;

// Bounds the work per input: a conversation longer than this adds nothing
// the fuzzer cannot reach with several shorter ones.
constexpr int kMaxMessages = 64;
constexpr std::string_view kWait = "#wait ";

void Converse(std::string_view input) {
  const dialogs::Script& script = levier::fuzz::ShippedScript();
  const levier::kb::KnowledgeBase& kb = levier::fuzz::SmallKb();
  dialogs::Session session;
  levier::UnixSeconds now = 1'700'000'000;
  int sent = 0;
  while (sent < kMaxMessages) {
    const std::size_t eol = input.find('\n');
    const std::string_view line = input.substr(0, eol);
    if (line.substr(0, kWait.size()) == kWait) {
      std::uint32_t seconds = 0;
      const std::string_view digits = line.substr(kWait.size());
      std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
      now += seconds;
    } else {
      const dialogs::StepResult r =
          dialogs::Step(script, kb, session, levier::fuzz::Sms(line, now));
      levier::fuzz::CheckStep(script, kb, session, r);
      session = r.session;
      now += 60;
      ++sent;
    }
    if (eol == std::string_view::npos) break;
    input.remove_prefix(eol + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  levier::fuzz::NoThrow("Step", [&] { Converse(input); });
  return 0;
}
