// Plain-language checks of `levier check`: sentences too long to read on a
// phone, and jargon or acronyms used without a few words saying what they
// are. Settings (word limit, jargon list) come from check.json.
#include <map>

#include "check_internal.h"
#include "levier/util/utf8.h"

namespace levier::dialogs::check_internal {
namespace {

using Severity = CheckFinding::Severity;

bool IsWordByte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

bool IsAcronym(std::string_view term) {
  bool letter = false;
  for (char c : term) {
    if (c >= 'a' && c <= 'z') return false;
    letter = letter || (c >= 'A' && c <= 'Z');
  }
  return letter;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool SameAt(std::string_view text, std::size_t pos, std::string_view term, bool exact_case) {
  if (pos + term.size() > text.size()) return false;
  for (std::size_t i = 0; i < term.size(); ++i) {
    char a = text[pos + i];
    char b = term[i];
    if (exact_case ? a != b : AsciiLower(a) != AsciiLower(b)) return false;
  }
  return true;
}

// Skips spaces, including U+00A0 and U+202F (French typography), forwards.
std::size_t SkipSpaces(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    if (text[pos] == ' ' || text[pos] == '\t') {
      ++pos;
    } else if (text.substr(pos, 2) == "\xC2\xA0") {
      pos += 2;
    } else if (text.substr(pos, 3) == "\xE2\x80\xAF") {
      pos += 3;
    } else {
      break;
    }
  }
  return pos;
}

// "RQTH (...)", "RQTH - ...", "RQTH – ...", "RQTH — ..." or "... (RQTH)".
bool IsExplained(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t after = SkipSpaces(text, end);
  std::string_view rest = text.substr(after);
  if (rest.starts_with("(")) return true;
  for (std::string_view dash : {"-", "\xE2\x80\x93", "\xE2\x80\x94"}) {
    if (rest.starts_with(dash)) {
      std::size_t next = SkipSpaces(text, after + dash.size());
      return next > after + dash.size() && next < text.size();  // "RQTH - words"
    }
  }
  std::size_t before = begin;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  return before > 0 && text[before - 1] == '(';
}

// Whether `term` occurs in `text` as a whole word without an explanation at
// any of its occurrences.
bool UnexplainedUse(std::string_view text, std::string_view term) {
  const bool exact_case = IsAcronym(term);
  bool used = false;
  for (std::size_t pos = 0; pos + term.size() <= text.size(); ++pos) {
    if (!SameAt(text, pos, term, exact_case)) continue;
    const std::size_t end = pos + term.size();
    if ((pos > 0 && IsWordByte(text[pos - 1])) || (end < text.size() && IsWordByte(text[end]))) {
      continue;
    }
    if (IsExplained(text, pos, end)) return false;
    used = true;
  }
  return used;
}

bool IsSentenceEnd(std::string_view text, std::size_t pos, std::size_t* width) {
  *width = 1;
  switch (text[pos]) {
    case '.': case '!': case '?': case ';': case ':': case '\n':
      return true;
    default:
      break;
  }
  for (std::string_view mark : {"\xD8\x9F" /* ARABIC QUESTION MARK */,
                                "\xE2\x80\xA6" /* HORIZONTAL ELLIPSIS */}) {
    if (text.substr(pos).starts_with(mark)) {
      *width = mark.size();
      return true;
    }
  }
  return false;
}

struct Sentence {
  std::size_t words = 0;
  std::string_view text;
};

// The sentence of `text` with the most words.
Sentence LongestSentence(std::string_view text) {
  Sentence longest;
  Sentence current;
  std::size_t start = 0;
  bool in_word = false;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t width = 1;
    const bool end = pos == text.size() || IsSentenceEnd(text, pos, &width);
    if (end) {
      current.text = text.substr(start, pos - start);
      if (current.words > longest.words) longest = current;
      current = Sentence();
      in_word = false;
      pos += width;
      start = pos;
      continue;
    }
    const bool word_byte = IsWordByte(text[pos]) || text[pos] == '{';
    const bool space = text[pos] == ' ' || text[pos] == '\t';
    if (word_byte && !in_word) ++current.words;
    if (word_byte) in_word = true;
    if (space) in_word = false;
    pos += width;
  }
  return longest;
}

std::string Shorten(std::string_view s, std::size_t max_bytes) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() <= max_bytes) return std::string(s);
  return std::string(TruncateUtf8(s, max_bytes)) + "...";
}

// The first node using each text id, directly or through {@id}.
std::map<std::string, std::string> NodesByText(const Script& script) {
  std::map<std::string, std::string> out;
  for (const Node& node : script.nodes()) {
    for (const std::string& id : UsesOf(node).texts) {
      out.emplace(id, node.id);
      for (const std::string& included : Inclusions(script.Text(script.default_language(), id))) {
        out.emplace(included, node.id);
      }
    }
  }
  return out;
}

}  // namespace

void CheckPlainLanguage(const Script& script, const CheckOptions& options,
                        std::vector<CheckFinding>* findings) {
  const std::map<std::string, std::string> nodes = NodesByText(script);
  for (const LanguagePack& pack : script.language_packs()) {
    for (const auto& [id, text] : pack.texts) {
      auto node_it = nodes.find(id);
      const std::string node = node_it == nodes.end() ? "" : node_it->second;
      Sentence longest = LongestSentence(text);
      if (longest.words > options.max_sentence_words) {
        findings->push_back(CheckFinding{
            Severity::kWarning, pack.file, node, pack.code,
            "text '" + id + "': a sentence of " + std::to_string(longest.words) +
                " words (\"" + Shorten(longest.text, 60) + "\"); keep sentences to " +
                std::to_string(options.max_sentence_words) + " words or fewer"});
      }
      for (const std::string& term : options.jargon) {
        if (UnexplainedUse(text, term)) {
          findings->push_back(CheckFinding{
              Severity::kWarning, pack.file, node, pack.code,
              "text '" + id + "': '" + term +
                  "' is jargon; say what it is in a few plain words, in parentheses or after a "
                  "dash: \"" + term + " (...)\""});
        }
      }
    }
  }
}

}  // namespace levier::dialogs::check_internal
