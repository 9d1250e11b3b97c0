// levier_bench_load: drives a running Levier server with signed Twilio
// requests from distinct residents following realistic paths, at a fixed
// rate (open loop, latency percentiles) or as fast as it answers (closed
// loop: fills the database with sessions). Prints one summary line of
// key=value pairs that bench/run.sh reads.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <random>

#include "bench_content.h"
#include "levier/util/time_util.h"
#include "load_client.h"
#include "path_walker.h"
#include "signed_request.h"

namespace {

struct Options {
  std::string target = "127.0.0.1:8080";
  std::string token;
  std::string public_url;
  std::size_t connections = 64;
  double rate = 0;
  double duration = 10;
  double warmup = 1;
  std::size_t senders = 2000;
  std::size_t steps = 0;
  std::uint64_t sender_offset = 0;
  std::string dialogs = "dialogs/default";
  std::string kb = "knowledge-base/data";
  std::string answers = "bench/answers.json";
  std::string label = "load";
};

double Ms(std::int64_t us) { return static_cast<double>(us) / 1000.0; }

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Fixed-rate or closed-loop load on a Levier server (loopback only)"};
  app.add_option("--target", o.target, "server HOST:PORT (loopback)");
  app.add_option("--token", o.token, "the server's Twilio auth token")->required();
  app.add_option("--public-url", o.public_url, "the server's LEVIER_PUBLIC_URL")->required();
  app.add_option("--connections", o.connections)->check(CLI::Range(1, 1000));
  app.add_option("--rate", o.rate, "requests/s; 0 = closed loop")->check(CLI::Range(0.0, 1e6));
  app.add_option("--duration", o.duration, "seconds of fixed-rate load")->check(CLI::Range(0.1, 600.0));
  app.add_option("--warmup", o.warmup, "seconds at the start left out of the percentiles");
  app.add_option("--senders", o.senders, "distinct residents")->check(CLI::Range(1, 10'000'000));
  app.add_option("--steps", o.steps, "messages per resident (closed loop; default: what the rate needs)");
  app.add_option("--sender-offset", o.sender_offset, "index of the first resident");
  app.add_option("--dialogs", o.dialogs);
  app.add_option("--kb", o.kb);
  app.add_option("--answers", o.answers);
  app.add_option("--label", o.label, "name printed on the summary line");
  CLI11_PARSE(app, argc, argv);

  levier::bench::LoadOptions load;
  const std::size_t colon = o.target.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "levier_bench_load: --target must be HOST:PORT\n";
    return 2;
  }
  load.host = o.target.substr(0, colon);
  load.port = static_cast<std::uint16_t>(std::stoi(o.target.substr(colon + 1)));
  if (load.host.rfind("127.", 0) != 0 && load.host != "::1") {
    std::cerr << "levier_bench_load: only loopback targets (127.0.0.0/8, ::1)\n";
    return 2;
  }
  load.connections = std::min(o.connections, o.senders);
  load.rate = o.rate;

  std::size_t total = 0;
  if (o.rate > 0) {
    total = static_cast<std::size_t>(std::llround(o.rate * o.duration));
    if (o.steps == 0) o.steps = (total + o.senders - 1) / o.senders;
  } else {
    if (o.steps == 0) o.steps = 1;
    total = o.senders * o.steps;
  }
  if (total == 0 || total > 5'000'000 || o.senders * o.steps > 5'000'000) {
    std::cerr << "levier_bench_load: 1 to 5,000,000 requests\n";
    return 2;
  }
  load.deadline = std::chrono::seconds(
      static_cast<long>(o.rate > 0 ? o.duration + 60 : 600));

  auto content = levier::bench::LoadBenchContent(o.dialogs, o.kb, o.answers);
  if (!content.ok()) {
    std::cerr << "levier_bench_load: " << content.status().message() << "\n";
    return 2;
  }
  const levier::bench::PathWalker walker((*content)->script, (*content)->kb, (*content)->answers);
  const std::uint64_t nonce = std::random_device{}() * 0x100000000ULL + std::random_device{}();
  const auto texts = walker.Conversations(o.senders, o.steps, nonce, levier::NowUnixSeconds());
  const levier::bench::RequestSigner signer(o.token, o.public_url, o.target);
  std::vector<levier::bench::LoadRequest> requests;
  requests.reserve(total);
  for (std::size_t k = 0; k < total; ++k) {
    const std::size_t sender = k % o.senders;
    requests.push_back({signer.Build(levier::bench::SenderNumber(o.sender_offset + sender),
                                     levier::bench::MessageSid(nonce, k), texts[k]),
                        sender % load.connections});
  }

  levier::bench::LoadResult result = levier::bench::RunLoad(load, requests);

  // Percentiles over the requests due after the warm-up (open loop).
  std::vector<std::int64_t> measured;
  const std::size_t skip =
      o.rate > 0 ? static_cast<std::size_t>(o.rate * std::max(0.0, o.warmup)) : 0;
  for (std::size_t i = std::min(skip, result.latencies_us.size()); i < result.latencies_us.size(); ++i) {
    measured.push_back(result.latencies_us[i]);
  }
  std::sort(measured.begin(), measured.end());
  using levier::bench::Quantile;
  std::cout << std::fixed << std::setprecision(2) << "RESULT label=" << o.label
            << " rate=" << o.rate << " connections=" << load.connections
            << " senders=" << o.senders << " requests=" << result.requests
            << " answered=" << result.answered << " ok=" << result.ok
            << " failed=" << result.failed << " seconds=" << result.seconds
            << " throughput=" << (result.seconds > 0 ? static_cast<double>(result.answered) / result.seconds : 0.0)
            << " p50_ms=" << Ms(Quantile(measured, 0.50)) << " p90_ms=" << Ms(Quantile(measured, 0.90))
            << " p99_ms=" << Ms(Quantile(measured, 0.99)) << " p999_ms=" << Ms(Quantile(measured, 0.999))
            << " max_ms=" << Ms(measured.empty() ? 0 : measured.back()) << "\n";
  return result.ok == result.requests ? 0 : 1;
}
