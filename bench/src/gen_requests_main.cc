// levier_bench_gen: writes the pre-signed Twilio requests that bench/replay.lua
// has wrk replay. One file per wrk thread (PREFIX.0, PREFIX.1, ...): thread i
// owns the senders s with s % shards == i, so no two threads ever speak for
// the same resident. In a file, requests go round-robin over its senders
// (message t of every sender before message t+1 of any), so consecutive
// messages of one sender are `senders / shards` requests apart: far more than
// a thread's connections, hence each answer is back before the next message
// of the same sender leaves, and the dialog steps stay in order.
//
// Line format: one complete HTTP request per line, with every CRLF written
// as a TAB (a form body and these headers contain no TAB).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <random>

#include "bench_content.h"
#include "path_walker.h"
#include "levier/util/time_util.h"
#include "signed_request.h"

namespace {

struct Options {
  std::string out;
  std::size_t shards = 2;
  std::size_t senders = 2000;
  std::size_t steps = 40;
  std::uint64_t sender_offset = 0;
  std::string token;
  std::string public_url;
  std::string host;
  std::string dialogs = "dialogs/default";
  std::string kb = "knowledge-base/data";
  std::string answers = "bench/answers.json";
  std::size_t show = 0;
};

std::string OneLine(std::string request) {
  for (std::size_t pos = request.find("\r\n"); pos != std::string::npos;
       pos = request.find("\r\n", pos + 1)) {
    request.replace(pos, 2, "\t");
  }
  return request;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Writes pre-signed Twilio requests for bench/replay.lua"};
  app.add_option("--out", o.out, "output prefix: PREFIX.0 .. PREFIX.<shards-1>")->required();
  app.add_option("--shards", o.shards, "files (= wrk threads)")->check(CLI::Range(1, 256));
  app.add_option("--senders", o.senders, "distinct residents")->check(CLI::Range(1, 1'000'000));
  app.add_option("--steps", o.steps, "messages per resident")->check(CLI::Range(1, 10'000));
  app.add_option("--sender-offset", o.sender_offset, "index of the first resident");
  app.add_option("--token", o.token, "the server's Twilio auth token")->required();
  app.add_option("--public-url", o.public_url, "the server's LEVIER_PUBLIC_URL")->required();
  app.add_option("--host", o.host, "Host header (HOST:PORT)")->required();
  app.add_option("--dialogs", o.dialogs, "dialog script directory");
  app.add_option("--kb", o.kb, "knowledge base directory");
  app.add_option("--answers", o.answers, "bench answers file");
  app.add_option("--show", o.show, "also print the first N residents' paths (message -> node)");
  CLI11_PARSE(app, argc, argv);
  if (o.senders * o.steps > 5'000'000) {
    std::cerr << "levier_bench_gen: at most 5,000,000 requests\n";
    return 2;
  }

  auto content = levier::bench::LoadBenchContent(o.dialogs, o.kb, o.answers);
  if (!content.ok()) {
    std::cerr << "levier_bench_gen: " << content.status().message() << "\n";
    return 2;
  }
  const levier::bench::PathWalker walker((*content)->script, (*content)->kb, (*content)->answers);
  const std::uint64_t nonce = std::random_device{}() * 0x100000000ULL + std::random_device{}();
  const levier::UnixSeconds now = levier::NowUnixSeconds();
  const auto texts = walker.Conversations(o.senders, o.steps, nonce, now);
  for (std::size_t i = 0; i < std::min(o.show, o.senders); ++i) {
    levier::bench::Resident resident = levier::bench::MakeResident(nonce, i);
    std::cout << "resident " << i << ":";
    for (std::size_t t = 0; t < o.steps; ++t) {
      const std::string text = walker.Next(resident, now + static_cast<levier::UnixSeconds>(t));
      std::cout << " [" << text << "] -> " << resident.session.node << (resident.session.ended ? " (end)" : "");
    }
    std::cout << "\n";
  }
  const levier::bench::RequestSigner signer(o.token, o.public_url, o.host);

  std::vector<std::ofstream> files(o.shards);
  for (std::size_t i = 0; i < o.shards; ++i) {
    files[i].open(o.out + "." + std::to_string(i), std::ios::binary | std::ios::trunc);
    if (!files[i]) {
      std::cerr << "levier_bench_gen: cannot write " << o.out << "." << i << "\n";
      return 1;
    }
  }
  std::uint64_t bytes = 0;
  for (std::size_t k = 0; k < texts.size(); ++k) {
    const std::size_t sender = k % o.senders;
    const std::string line =
        OneLine(signer.Build(levier::bench::SenderNumber(o.sender_offset + sender),
                             levier::bench::MessageSid(nonce, k), texts[k]));
    bytes += line.size() + 1;
    files[sender % o.shards] << line << '\n';
  }
  for (auto& f : files) {
    f.close();
    if (!f) {
      std::cerr << "levier_bench_gen: write failed under " << o.out << "\n";
      return 1;
    }
  }
  std::cout << "wrote " << texts.size() << " requests (" << o.senders << " senders x " << o.steps
            << " messages, " << bytes / texts.size() << " bytes each) in " << o.shards
            << " files " << o.out << ".*\n";
  return 0;
}
