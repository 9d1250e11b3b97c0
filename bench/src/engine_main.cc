// levier_bench_engine: throughput of the pure dialog engine, the work the
// store's writer thread does per message besides SQLite. Residents' messages
// are drawn first (bench/answers.json, PathWalker); the timed loop then
// replays them through dialogs::Step() over fresh sessions, one thread, no
// HTTP, no database. A second pass adds the session JSON round trip the
// conversation service does around each step (parse stored, serialise new).
// Prints one summary line of key=value pairs that bench/run.sh reads.
#include <CLI/CLI.hpp>

#include <chrono>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "bench_content.h"
#include "levier/dialogs/session.h"
#include "levier/util/time_util.h"
#include "path_walker.h"

namespace {

using Clock = std::chrono::steady_clock;

// Steps every resident through its messages, message t of all before t+1.
// Returns messages per second and adds the replies' length to `sink`.
double Replay(const levier::bench::BenchContent& content, const std::vector<std::string>& texts,
              std::size_t senders, bool with_json, levier::UnixSeconds now, std::size_t& sink) {
  std::vector<levier::dialogs::Session> sessions(senders);
  std::vector<std::string> stored(senders, "null");
  const Clock::time_point start = Clock::now();
  for (std::size_t k = 0; k < texts.size(); ++k) {
    const std::size_t s = k % senders;
    const levier::dialogs::StepInput input{texts[k], "sms", now + static_cast<levier::UnixSeconds>(k / senders), {}, {}};
    if (with_json) {
      levier::dialogs::Session session;
      const nlohmann::json j = nlohmann::json::parse(stored[s]);
      if (!j.is_null()) session = *levier::dialogs::SessionFromJson(j);
      levier::dialogs::StepResult step =
          levier::dialogs::Step(content.script, content.kb, session, input);
      stored[s] = levier::dialogs::SessionToJson(step.session).dump();
      for (const auto& r : step.Texts()) sink += r.size();
    } else {
      levier::dialogs::StepResult step =
          levier::dialogs::Step(content.script, content.kb, sessions[s], input);
      sessions[s] = std::move(step.session);
      for (const auto& r : step.Texts()) sink += r.size();
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(texts.size()) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t senders = 10'000;
  std::size_t steps = 20;
  std::string dialogs = "dialogs/default";
  std::string kb = "knowledge-base/data";
  std::string answers = "bench/answers.json";
  CLI::App app{"Dialog engine throughput (Step() only, no HTTP, no SQLite)"};
  app.add_option("--senders", senders, "sessions stepped in turn")->check(CLI::Range(1, 1'000'000));
  app.add_option("--steps", steps, "messages per session")->check(CLI::Range(1, 10'000));
  app.add_option("--dialogs", dialogs);
  app.add_option("--kb", kb);
  app.add_option("--answers", answers);
  CLI11_PARSE(app, argc, argv);
  if (senders * steps > 5'000'000) {
    std::cerr << "levier_bench_engine: at most 5,000,000 messages\n";
    return 2;
  }
  auto content = levier::bench::LoadBenchContent(dialogs, kb, answers);
  if (!content.ok()) {
    std::cerr << "levier_bench_engine: " << content.status().message() << "\n";
    return 2;
  }
  const levier::bench::PathWalker walker((*content)->script, (*content)->kb, (*content)->answers);
  const levier::UnixSeconds now = levier::NowUnixSeconds();
  const auto texts = walker.Conversations(senders, steps, 42, now);
  std::size_t sink = 0;
  const double step_only = Replay(**content, texts, senders, false, now, sink);
  const double with_json = Replay(**content, texts, senders, true, now, sink);
  std::cout << std::fixed << std::setprecision(0) << "RESULT label=engine senders=" << senders
            << " messages=" << texts.size() << " step_per_s=" << step_only
            << " step_json_per_s=" << with_json << " reply_bytes=" << sink << "\n";
  return 0;
}
