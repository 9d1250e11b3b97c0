// Replaying a transcript through Step(), and recording a step as an
// expectation (what `levier simulate --record` writes).
#include <algorithm>

#include "levier/dialogs/transcript.h"
#include "levier/util/utf8.h"

namespace levier::dialogs {
namespace {

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Quote(items[i]);
  return out + "]";
}

std::string Join(const std::vector<std::string>& replies) {
  std::string out;
  for (std::size_t i = 0; i < replies.size(); ++i) out += (i ? "\n" : "") + replies[i];
  return out;
}

// Replies shown in a mismatch: whole, but one line each and bounded.
std::string ShowReplies(const std::vector<std::string>& replies) {
  if (replies.empty()) return "(no reply)";
  std::string out;
  for (const std::string& r : replies) {
    std::string line = r;
    std::replace(line.begin(), line.end(), '\n', '|');
    if (line.size() > 300) line = std::string(TruncateUtf8(line, 300)) + "...";
    out += (out.empty() ? "" : " / ") + Quote(line);
  }
  return out;
}

class LineChecker {
 public:
  LineChecker(int index, const TranscriptLine& line, const StepResult& step,
              std::vector<ReplayMismatch>* out)
      : index_(index), line_(line), step_(step), out_(*out) {}

  // In the order of TranscriptExpect's fields.
  void Run() {
    const TranscriptExpect& e = line_.expect;
    const Session& s = step_.session;
    if (e.node) Compare("node", *e.node, s.node);
    if (e.language) Compare("language", *e.language, s.language);
    if (e.barriers && *e.barriers != s.barriers) {
      Add("barriers", List(*e.barriers), List(s.barriers));
    }
    Fragments();
    if (e.silent) {
      if (*e.silent && !step_.replies.empty()) {
        Add("silent", "no reply", ShowReplies(step_.Texts()));
      } else if (!*e.silent && step_.replies.empty()) {
        Add("silent", "at least one reply", "(no reply)");
      }
    }
    if (e.ended) CompareBool("ended", *e.ended, s.ended);
    if (e.opted_out) CompareBool("opted_out", *e.opted_out, s.opted_out);
    for (const auto& [key, value] : e.profile) {
      auto it = s.profile.find(key);
      Compare("profile." + key, value, it == s.profile.end() ? "(not recorded)" : it->second);
    }
    if (e.referrals) {
      std::vector<std::string> ids;
      for (const ReferralEvent& r : step_.referrals) ids.push_back(r.provider_id);
      if (ids != *e.referrals) Add("referrals", List(*e.referrals), List(ids));
    }
  }

 private:
  void Add(std::string field, std::string expected, std::string actual) {
    out_.push_back(ReplayMismatch{index_, line_.file_line, line_.resident, std::move(field),
                                  std::move(expected), std::move(actual)});
  }
  void Compare(const std::string& field, const std::string& expected, const std::string& actual) {
    if (expected != actual) Add(field, Quote(expected), Quote(actual));
  }
  void CompareBool(const std::string& field, bool expected, bool actual) {
    if (expected != actual) Add(field, expected ? "true" : "false", actual ? "true" : "false");
  }

  // Each fragment must appear after the previous one in the joined replies.
  void Fragments() {
    const std::string all = Join(step_.Texts());
    std::size_t from = 0;
    for (const std::string& fragment : line_.expect.replies) {
      std::size_t at = all.find(fragment, from);
      if (at == std::string::npos) {
        const bool elsewhere = all.find(fragment) != std::string::npos;
        Add("replies", Quote(fragment) + (elsewhere ? " (after the previous fragment)" : ""),
            ShowReplies(step_.Texts()));
        continue;
      }
      from = at + fragment.size();
    }
    for (const std::string& fragment : line_.expect.not_replies) {
      if (all.find(fragment) != std::string::npos) {
        Add("not_replies", "no " + Quote(fragment), ShowReplies(step_.Texts()));
      }
    }
  }

  int index_;
  const TranscriptLine& line_;
  const StepResult& step_;
  std::vector<ReplayMismatch>& out_;
};

}  // namespace

ReplayResult ReplayTranscript(const Transcript& transcript, const Script& script,
                              const kb::KnowledgeBase& kb, const EngineOptions& options) {
  ReplayResult result;
  Session session;
  session.language = transcript.language;
  UnixSeconds now = transcript.start_time;
  for (std::size_t i = 0; i < transcript.lines.size(); ++i) {
    const TranscriptLine& line = transcript.lines[i];
    if (i > 0) now += line.wait_seconds;
    StepInput input;
    input.text = line.resident;
    input.channel = transcript.channel;
    input.now = now;
    input.options = options;
    StepResult step = Step(script, kb, session, input);
    LineChecker(static_cast<int>(i) + 1, line, step, &result.mismatches).Run();
    session = step.session;
    result.steps.push_back(std::move(step));
  }
  return result;
}

ReplayResult ReplayTranscript(const Transcript& transcript, const Script& script,
                              const kb::KnowledgeBase& kb) {
  return ReplayTranscript(transcript, script, kb, EngineOptions());
}

std::string ReplayResult::ToString(std::string_view file) const {
  std::string out;
  for (const ReplayMismatch& m : mismatches) {
    std::string where = file.empty() ? "transcript" : std::string(file);
    if (m.file_line > 0) where += ":" + std::to_string(m.file_line);
    out += where + ": line " + std::to_string(m.line) + " \"" + m.resident + "\": " + m.field +
           ": expected " + m.expected + ", got " + m.actual + "\n";
  }
  return out;
}

TranscriptExpect ExpectFromStep(const StepResult& step) {
  TranscriptExpect e;
  e.node = step.session.node;
  e.language = step.session.language;
  e.barriers = step.session.barriers;
  e.replies = step.Texts();
  if (step.replies.empty()) e.silent = true;
  e.ended = step.session.ended;
  e.opted_out = step.session.opted_out;
  e.profile = step.session.profile;
  std::vector<std::string> ids;
  for (const ReferralEvent& r : step.referrals) ids.push_back(r.provider_id);
  e.referrals = std::move(ids);
  return e;
}

}  // namespace levier::dialogs
