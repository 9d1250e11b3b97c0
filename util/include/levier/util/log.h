// Minimal structured logging to stderr: one line per event, "key=value" pairs.
//
// Privacy rule (enforced by review and by the integration tests that grep the
// log): never pass a message body, a phone number or a chat id to these
// functions; log pseudonyms, message ids, node ids and codes only.
// Thread-safe: each line is written with a single write(2).
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

namespace levier::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void SetLevel(Level level);
Level GetLevel();
// Parses "debug" | "info" | "warn" | "error"; returns false on anything else.
bool ParseLevel(std::string_view text, Level* out);

using Field = std::pair<std::string_view, std::string_view>;

// Writes `ts=... level=... event=<event> k=v ...`. Values containing spaces,
// quotes or control characters are quoted and escaped.
void Write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void Info(std::string_view event, std::initializer_list<Field> f = {}) { Write(Level::kInfo, event, f); }
inline void Warn(std::string_view event, std::initializer_list<Field> f = {}) { Write(Level::kWarn, event, f); }
inline void Error(std::string_view event, std::initializer_list<Field> f = {}) { Write(Level::kError, event, f); }
inline void Debug(std::string_view event, std::initializer_list<Field> f = {}) { Write(Level::kDebug, event, f); }

// Logs the exception now being handled (call it in a catch block) at error
// level as `event`, with the exception's type and no what(): that text can
// quote the input that caused it (a JSON parser's "last read" bytes, say).
// For the boundaries no exception may cross: I/O handlers, store callbacks,
// the outbox loop. Never throws.
void CurrentException(std::string_view event) noexcept;

}  // namespace levier::log
