#include "levier/util/log.h"

#include <cxxabi.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "levier/util/time_util.h"

namespace levier::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

void AppendValue(std::string& out, std::string_view value) {
  bool needs_quotes = value.empty();
  for (unsigned char c : value) {
    if (c <= ' ' || c == '"' || c == '=' || c == 0x7f) needs_quotes = true;
  }
  if (!needs_quotes) {
    out += value;
    return;
  }
  out.push_back('"');
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < ' ' || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

}  // namespace

void SetLevel(Level level) { g_level.store(static_cast<int>(level)); }
Level GetLevel() { return static_cast<Level>(g_level.load()); }

bool ParseLevel(std::string_view text, Level* out) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (text == LevelName(l)) {
      *out = l;
      return true;
    }
  }
  return false;
}

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  std::string line;
  line.reserve(128);
  line += "ts=";
  line += FormatIso8601(NowUnixMillis() / 1000);
  line += " level=";
  line += LevelName(level);
  line += " event=";
  AppendValue(line, event);
  for (const auto& [key, value] : fields) {
    line.push_back(' ');
    line += key;
    line.push_back('=');
    AppendValue(line, value);
  }
  line.push_back('\n');
  // One write(2) per line keeps lines whole when several threads log.
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

void CurrentException(std::string_view event) noexcept {
  try {
    std::string type = "non-standard exception";
    if (const std::exception_ptr current = std::current_exception()) {
      try {
        std::rethrow_exception(current);
      } catch (const std::exception& e) {
        const char* mangled = typeid(e).name();
        int status = 0;
        char* readable = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
        type = status == 0 && readable != nullptr ? readable : mangled;
        std::free(readable);
      } catch (...) {
      }
    }
    Write(Level::kError, event, {{"exception", type}});
  } catch (...) {
    // Out of memory while logging: nothing more can be done here.
  }
}

}  // namespace levier::log
