// What the fuzz targets of HTTP handlers share (api_fuzz, workspace_fuzz):
// header lines as the server's parser would let them through, the one
// answer a handler owes each request, and what every JSON answer must be.
#pragma once

#include <cstddef>
#include <future>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "levier/util/utf8.h"
#include "levier/webhook/http.h"

namespace levier::fuzz {

inline bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Adds one "Name: value" line when the HTTP parser would let it through (a
// token name, a value without control characters, the line within
// `max_bytes`); ignores it otherwise.
inline void AddHeader(std::string_view line, webhook::HttpRequest& req, std::size_t max_bytes) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || line.size() > max_bytes) return;
  const std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  for (char c : name) {
    if (!IsTokenChar(c)) return;
  }
  for (char c : value) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return;
  }
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  req.insert(name, value);
}

// The next line of `rest` (without its newline), consumed.
inline std::string_view NextLine(std::string_view& rest) {
  const std::size_t eol = rest.find('\n');
  const std::string_view line = rest.substr(0, eol);
  rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  return line;
}

// Hands `request` to `handle(request, respond)` and waits for its answer:
// never throws, answers exactly once, and nullopt when the handler dropped
// its callback unanswered (the server would have left the client hanging).
template <typename Handle>
std::optional<webhook::HttpResponse> AnswerOnce(const char* what, Handle&& handle) {
  // Fulfils the promise with nothing when the callback dies unanswered.
  struct Answer {
    std::promise<std::optional<webhook::HttpResponse>> promise;
    bool given = false;
    ~Answer() {
      if (!given) promise.set_value(std::nullopt);
    }
  };
  std::future<std::optional<webhook::HttpResponse>> result;
  NoThrow(what, [&] {
    auto answer = std::make_shared<Answer>();
    result = answer->promise.get_future();
    handle([answer](webhook::HttpResponse res) {
      FUZZ_CHECK(!answer->given);
      answer->given = true;
      answer->promise.set_value(std::move(res));
    });
  });
  return result.get();
}

// A JSON answer is valid UTF-8 that parses.
inline void CheckJsonBody(const webhook::HttpResponse& res) {
  if (!res[webhook::http::field::content_type].starts_with("application/json")) return;
  FUZZ_CHECK(IsValidUtf8(res.body()));
  FUZZ_CHECK(!nlohmann::json::parse(res.body(), nullptr, /*allow_exceptions=*/false)
                  .is_discarded());
}

}  // namespace levier::fuzz
