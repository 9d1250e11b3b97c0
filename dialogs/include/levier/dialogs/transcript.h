// Conversation transcripts: tests coordinators write (or record with
// `levier simulate --record FILE`) and ctest replays through the engine.
//
// A transcript is a JSON file (format "levier-transcript/1", described for
// coordinators in docs/dialogs-check.md): the resident's messages in order,
// each with what must be true after it — the node reached, the language, the
// barriers identified, fragments the replies must contain... Every
// expectation is optional; an unknown key is an error, so a misspelt
// expectation never passes silently.
//
// ReplayTranscript drives a fresh Session through Step() with a clock
// advancing 60 s per message (or as the line says) and reports every
// mismatch with its line. Pure and thread-safe: no I/O but LoadTranscript.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::dialogs {

// What must hold after one resident message. Unset = not checked.
struct TranscriptExpect {
  std::optional<std::string> node;       // session node after the step ("" = none)
  std::optional<std::string> language;   // session language
  std::optional<std::vector<std::string>> barriers;  // all barriers identified so far, in order
  // Fragments the replies must contain, in this order (searched in the
  // replies joined by "\n"; a fragment may be a whole reply).
  std::vector<std::string> replies;
  // Fragments no reply may contain.
  std::vector<std::string> not_replies;
  std::optional<bool> silent;            // true: no reply at all
  std::optional<bool> ended;             // the conversation reached an end node
  std::optional<bool> opted_out;         // STOP is in force
  std::map<std::string, std::string> profile;  // entries that must be recorded (others ignored)
  std::optional<std::vector<std::string>> referrals;  // provider ids proposed by this step, in order

  bool operator==(const TranscriptExpect&) const = default;
};

struct TranscriptLine {
  std::string resident;           // the message, as the resident types it
  UnixSeconds wait_seconds = 60;  // time since the previous message (ignored for the first)
  TranscriptExpect expect;
  int file_line = 0;              // where the line starts in its file (0 when built in memory)
};

struct Transcript {
  std::string file;               // names the transcript in mismatches ("" when built in memory)
  std::string title;
  std::string channel = std::string(kSmsChannel);
  std::string language;           // language known before the first message ("" = detected)
  UnixSeconds start_time = 1'700'000'000;
  std::vector<TranscriptLine> lines;
};

// Bounds on a transcript file.
struct TranscriptLimits {
  std::size_t max_file_bytes = 256 * 1024;
  std::size_t max_lines = 500;
  std::size_t max_string_bytes = 2000;   // a message, a fragment, an id
  std::size_t max_list_items = 50;       // fragments, barriers, referrals, profile entries
  UnixSeconds max_wait_seconds = 400 * 24 * 3600;
};

// Parses transcript JSON; `file` names it in errors, which also say the
// line: "<file>: line 3 (file line 41): expect.barriers: must be a list".
Result<Transcript> ParseTranscript(std::string_view text, std::string_view file = "");
Result<Transcript> ParseTranscript(std::string_view text, std::string_view file,
                                   const TranscriptLimits& limits);
// Reads and parses `path` (NotFound when missing).
Result<Transcript> LoadTranscript(const std::filesystem::path& path);

// The transcript as JSON in the same format, one key per line, ending with
// a newline. ParseTranscript(WriteTranscript(t)) gives back t.
std::string WriteTranscript(const Transcript& transcript);

// Everything a step did, as an expectation: what `levier simulate --record`
// writes for each message (the replies in full).
TranscriptExpect ExpectFromStep(const StepResult& step);

struct ReplayMismatch {
  int line = 0;          // 1-based index of the resident message
  int file_line = 0;     // line in the file, 0 when unknown
  std::string resident;  // the message, to recognise the line
  std::string field;     // "node", "replies", ...
  std::string expected;
  std::string actual;
};

struct ReplayResult {
  std::vector<ReplayMismatch> mismatches;
  std::vector<StepResult> steps;  // one per line, as Step() returned them

  bool ok() const { return mismatches.empty(); }
  // One mismatch per line of text:
  // "<file>:41: line 3 "2": node: expected 'q_mobilite', got 'ask_commune'".
  std::string ToString(std::string_view file) const;
};

ReplayResult ReplayTranscript(const Transcript& transcript, const Script& script,
                              const kb::KnowledgeBase& kb);
ReplayResult ReplayTranscript(const Transcript& transcript, const Script& script,
                              const kb::KnowledgeBase& kb, const EngineOptions& options);

}  // namespace levier::dialogs
