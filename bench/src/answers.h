// Answers: what simulated residents send, read from bench/answers.json.
// For each dialog node, the messages a resident may send there (repeats
// weight the draw), the openers that start a conversation, and a fallback
// for nodes the file does not list. Immutable after load; thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "levier/util/status.h"

namespace levier::bench {

struct Answers {
  std::vector<std::string> start;     // first message of a conversation
  std::vector<std::string> fallback;  // at a node not listed in `nodes`
  std::map<std::string, std::vector<std::string>> nodes;  // node id -> answers

  // The answers for `node`: its own list, else `fallback`. Never empty.
  const std::vector<std::string>& For(const std::string& node) const;

  // Limits: file ≤ 1 MiB, ≤ 256 nodes, ≤ 256 answers per list, each answer
  // 1..512 bytes; `start` and `fallback` non-empty. InvalidArgument names
  // the file and the node at fault.
  static Result<Answers> Load(const std::filesystem::path& file);
};

}  // namespace levier::bench
