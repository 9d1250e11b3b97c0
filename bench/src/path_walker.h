// PathWalker: realistic conversations for the benchmarks. Each simulated
// resident picks its next message from bench/answers.json by the node it
// stands at, and the walker steps the real dialog engine with that message,
// exactly as the server will, so a resident's messages always fit where the
// server's session is (greeting, barrier number or free words, follow-up
// answer, commune when not yet known, "anything else" no or yes, and a new
// conversation after the end).
//
// Thread-safety: a PathWalker is immutable and may be shared; each Resident
// is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "answers.h"
#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"

namespace levier::bench {

struct Resident {
  dialogs::Session session;
  std::uint64_t rng = 0;  // splitmix64 state: a resident's draws are reproducible
};

class PathWalker {
 public:
  // All three must outlive the walker.
  PathWalker(const dialogs::Script& script, const kb::KnowledgeBase& kb, const Answers& answers)
      : script_(script), kb_(kb), answers_(answers) {}

  // What `resident` sends next; advances its session as the server will.
  std::string Next(Resident& resident, UnixSeconds now) const;

  // Messages of `senders` residents, `steps` each, in send order: message t
  // of every resident before message t+1 of any, so text k belongs to
  // resident k % senders. Resident i is seeded from (seed, i).
  std::vector<std::string> Conversations(std::size_t senders, std::size_t steps,
                                         std::uint64_t seed, UnixSeconds now) const;

 private:
  const dialogs::Script& script_;
  const kb::KnowledgeBase& kb_;
  const Answers& answers_;
};

// Resident i of a run seeded with `seed` (as Conversations() seeds them).
Resident MakeResident(std::uint64_t seed, std::size_t i);

// The next value of a splitmix64 generator.
std::uint64_t NextRandom(std::uint64_t& state);

}  // namespace levier::bench
