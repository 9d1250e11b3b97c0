#include "answers.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace levier::bench {
namespace {

constexpr std::size_t kMaxFileBytes = 1 << 20;
constexpr std::size_t kMaxNodes = 256;
constexpr std::size_t kMaxAnswers = 256;
constexpr std::size_t kMaxAnswerBytes = 512;

Result<std::vector<std::string>> ReadList(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array() || j.empty() || j.size() > kMaxAnswers) {
    return Status::InvalidArgument(where + ": must be a list of 1 to " +
                                   std::to_string(kMaxAnswers) + " strings");
  }
  std::vector<std::string> out;
  for (const auto& item : j) {
    if (!item.is_string() || item.get<std::string>().empty() ||
        item.get<std::string>().size() > kMaxAnswerBytes) {
      return Status::InvalidArgument(where + ": every answer must be a string of 1 to " +
                                     std::to_string(kMaxAnswerBytes) + " bytes");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

const std::vector<std::string>& Answers::For(const std::string& node) const {
  auto it = nodes.find(node);
  return it == nodes.end() ? fallback : it->second;
}

Result<Answers> Answers::Load(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::InvalidArgument("answers file '" + name + "' cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxFileBytes) {
    return Status::InvalidArgument("answers file '" + name + "' is larger than 1 MiB");
  }
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("answers file '" + name + "' is not a JSON object");
  }
  if (j.value("format", "") != "levier-bench-answers/1") {
    return Status::InvalidArgument("answers file '" + name +
                                   "': \"format\" must be \"levier-bench-answers/1\"");
  }
  Answers answers;
  for (const char* key : {"start", "fallback"}) {
    if (!j.contains(key)) {
      return Status::InvalidArgument("answers file '" + name + "': \"" + key + "\" is missing");
    }
    Result<std::vector<std::string>> list = ReadList(j[key], "answers file '" + name + "': \"" + key + "\"");
    if (!list.ok()) return list.status();
    (std::string(key) == "start" ? answers.start : answers.fallback) = std::move(*list);
  }
  const auto nodes = j.find("nodes");
  if (nodes == j.end() || !nodes->is_object() || nodes->size() > kMaxNodes) {
    return Status::InvalidArgument("answers file '" + name + "': \"nodes\" must be an object of at most " +
                                   std::to_string(kMaxNodes) + " nodes");
  }
  for (auto it = nodes->begin(); it != nodes->end(); ++it) {
    Result<std::vector<std::string>> list =
        ReadList(it.value(), "answers file '" + name + "': node '" + it.key() + "'");
    if (!list.ok()) return list.status();
    answers.nodes[it.key()] = std::move(*list);
  }
  return answers;
}

}  // namespace levier::bench
