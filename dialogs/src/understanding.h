// Understanding free text: the per-language vocabularies of a Script,
// compiled once when the script loads, and the analysis of one message
// (language, barriers with negation, keyword hits with typo tolerance).
// Private to levier::dialogs.
//
// Every word list comes from the language files (see docs/dialogs.md,
// "Comprendre les messages"): the C++ code knows no word of any language.
// Thread-safety: an Understanding is immutable after Build(); Analyse* are
// pure functions of their arguments.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "levier/util/status.h"

namespace levier::dialogs {

class Script;
struct LanguagePack;
class BarrierModel;

// One word of a keyword: "loge*" is {u"loge", prefix}.
struct LexToken {
  std::u32string text;
  bool prefix = false;
};

// A keyword: one or more words that must follow each other.
struct Phrase {
  std::vector<LexToken> tokens;
  std::size_t chars = 0;  // letters in the keyword: the longest match wins
};

// Keywords, indexed by the first letter of their first word: every match
// starts with the same letter, so a message word is only compared with the
// few keywords that could match it.
struct PhraseList {
  std::vector<Phrase> phrases;
  std::unordered_map<char32_t, std::vector<std::uint32_t>> by_first_letter;

  void Add(Phrase phrase);
};

// SMS forms and the words they stand for: "jai" -> {"j", "ai"}.
using SmsForms = std::unordered_map<std::string, std::vector<std::string>>;

// Mentions of the barriers `from` near one of `cues` are the barrier `to`
// (understanding.lasting, understanding.child): the cue says whose or what
// the trouble is.
struct BarrierMove {
  PhraseList cues;
  std::vector<std::string> from;
  std::string to;
  // Units of an age in years ("ans", "yasinda"): a number of at least
  // kGrownUpAge right before one, after a cue, says the one the cue names is
  // grown up ("oglum 25 yasinda otizmi var"): no move (child only).
  PhraseList grown;
};

// From this age a child named in a message is an adult: their illness is
// their own barrier (someone writing for them), not the parent's childcare.
inline constexpr int kGrownUpAge = 18;

// Compiled "understanding" section and keyword lists of one language.
struct LanguageModel {
  std::string code;
  bool rtl = false;
  int negation_scope = 4;
  // Whole-message names of this language ("english", "anglais", "en").
  std::vector<std::string> names;
  // Token rewrites before matching, of messages and of keywords and cues alike
  // (a keyword "нема кому" is matched as "немає кому", as messages are read).
  SmsForms sms;
  // Attached words stripped when a token matches nothing ("al", "wa").
  std::vector<std::u32string> clitics;
  PhraseList negation_before;  // "pas de probleme (de) logement"
  PhraseList negation_after;   // "logement (c'est) pas un probleme"
  PhraseList scope_breaks;     // "mais": ends a negation's reach (and a lack's)
  PhraseList negation_not;     // "no (hablo bien) frances": voids a negation cue
  PhraseList have_before;      // "j'ai le (permis)", "tengo (coche)"
  PhraseList have_after;       // "(araba) var", "(машина) є"
  PhraseList have_not;         // "no (tengo)": voids a cue of having
  PhraseList trouble_before;   // "probleme de (transport)": the barrier is said
  PhraseList trouble_after;    // "(ulasim) sorunu"
  PhraseList trouble_not;      // "pas (de) probleme de": voids a cue of trouble
  PhraseList want_before;      // "je cherche une (maison)": a resource wanted
  PhraseList want_after;       // "(ev) ariyorum"
  PhraseList want_not;         // "(maison) de retraite": another thing, not the resource
  std::vector<std::string> want_barriers;  // whose resources a cue of wanting names
  PhraseList lack_before;      // "pas de (permis)", "no (car)": a resource lacked
  PhraseList lack_after;       // "(araba) yok", "(машини) нема"
  PhraseList lack_not;         // "no (car) problem": another thing, not the lack
  PhraseList over_after;       // "(logement) mais c'est regle": a trouble now over
  PhraseList over_now;         // "(115)... maintenant (j'ai mon appart)"
  PhraseList over_past;        // "avant (115)... (j'ai mon appart)"
  PhraseList over_about;       // "c'est regle pour le (logement)": the cue's subject follows
  PhraseList job_before;       // "poste d'(aide-soignante a l'hopital)": the job sought
  PhraseList job_after;        // "(sofor) olarak"
  PhraseList job_not;          // "pas (travailler comme)": voids a cue, ends a job's name
  // A limitation said to last ("c'est definitif", "for life") makes the
  // health mentioned near it a disability.
  BarrierMove lasting;
  // A child's illness or disability ("mon fils est handicape", "oglum
  // engelli", "my daughter is autistic") is the parent's childcare barrier,
  // not their own health: the condition right after (or before) a child.
  BarrierMove child;
  std::map<std::string, PhraseList, std::less<>> lists;  // every keyword list, by id
  // Names every language uses ("france travail", "mdph"), as words: they are
  // evidence of no language (Understanding::neutral).
  std::vector<std::vector<std::string>> neutral;
  // Digits this language writes as letters in Latin script ("3andi", "7ab":
  // the Arabic chat alphabet), as ASCII characters ('3', '7').
  std::string digit_letters;
  // Every word the language file knows as a whole word (detection words,
  // SMS forms, keyword words). A known word is never read as a typo of
  // another: "mais" is not a misspelt "mail", "cara" not "carta".
  std::unordered_set<std::u32string> vocabulary;
  // The statistical classifier trained on this language's examples, or null
  // (the rules alone then decide).
  std::shared_ptr<const BarrierModel> classifier;
  // understanding.classifier.keep: in this language, the classifier drops a
  // barrier the rules read only when it scores it under this too (the
  // model's `keep` otherwise): where the classifier is weaker than the rules
  // on the held-out examples, trust it less.
  std::optional<double> classifier_keep;
};

struct Understanding {
  std::vector<LanguageModel> languages;  // in the script's language order
  // Words known per language, for detection: token -> bit i for languages[i].
  std::unordered_map<std::string, std::uint64_t> known_words;
  // Declared prefixes ("loge*"), as evidence for words that start with them.
  std::unordered_map<std::string, std::uint64_t> known_stems;
  // Letters that point to languages ("ñ" -> es), from each "letters" string.
  std::unordered_map<char32_t, std::uint64_t> letters;
  // Digits written as letters, '0'..'9' -> languages (each "digit_letters").
  std::array<std::uint64_t, 10> digit_letters{};
  // Names of institutions and places that residents write in every language
  // ("france travail", "mdph", "fil bleu"), from each "neutral" list: words
  // of such a name count for no language ("France Travail sitesine
  // giremiyorum" is Turkish).
  std::vector<std::vector<std::string>> neutral;

  const LanguageModel* Find(std::string_view code) const;
};

// Parses the optional "understanding" object of a language file into
// `model` (names, sms, clitics, negation, have, want, trouble, over,
// lasting, neutral, letters, digit_letters, words). `where` prefixes
// errors. `words` receives the detection words.
Status ParseUnderstanding(const nlohmann::json& json, const std::string& where,
                          LanguageModel* model, std::vector<std::string>* words,
                          std::u32string* letters);

// Compiles the keyword lists of `pack` into `model->lists` (plus one list per
// text id in `label_texts`, under "text:<id>"). Fails on a bad pattern.
Status CompileLists(const LanguagePack& pack, const std::vector<std::string>& label_texts,
                    LanguageModel* model);

// A message cut into words, in one language's reading (SMS rules applied).
struct Tokens {
  std::vector<std::u32string> words;
  std::vector<bool> known;  // words[i] is in the language's vocabulary
};

Tokens Tokenize(const LanguageModel& model, std::string_view match_key);

// Where a phrase of `list` matched: words [begin, end).
struct Hit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t chars = 0;
  bool fuzzy = false;
};

// `gaps`: up to one word may sit between two words of a keyword ("mal (au)
// dos"); off for negation cues, which must be read exactly.
std::vector<Hit> FindHits(const LanguageModel& model, const PhraseList& list, const Tokens& tokens,
                          bool gaps = true);

// A message's negation cues, found once and asked of every list's hits.
struct NegationCues {
  std::vector<Hit> before, after, breaks;
  std::vector<Hit> nots;  // negation.not: a negated cue says the opposite
  std::size_t scope = 0;

  // Whether a negator ends at most one word before word `at`.
  bool NegatorBefore(std::size_t at) const;
};
NegationCues FindNegationCues(const LanguageModel& model, const Tokens& tokens);

// Of `hits`, those no negation cue cancels ("pas de probleme de (logement)").
std::vector<Hit> AffirmedOf(const NegationCues& cues, std::vector<Hit> hits);

// One mention of a barrier in a message: an affirmed hit of its list, or a
// resource of it the resident has (`held`).
struct BarrierMention {
  Hit hit;
  std::size_t barrier = 0;  // the caller's index of the barrier
  bool resource = false;    // a word of resource.<code>: its lack is the barrier
  bool held = false;
};

// Which of the affirmed `mentions` the resident says are over
// (understanding.over): those of the barrier of the nearest one at most six
// words before a cue of `after`, as far back ("des soucis de logement l'an
// dernier mais c'est regle"), whatever lies between; a condition (not a
// resource word) of a barrier with a resource held after it and a cue of
// `now` after it ("le foyer... j'ai mon propre appart maintenant"), or with
// a cue of `past` before it within the negation scope and a resource held
// before or after it ("avant je dormais au 115, j'ai mon appart", "i have a
// flat now, before i was in the foyer"); and a lack with such a cue of `past`
// before it and a resource held after it ("j'etais sans logement l'an
// dernier, la j'ai un appart"). A lack is not undone by another resource said
// now: "pas de voiture, maintenant j'ai le permis".
std::vector<bool> MentionsOver(const LanguageModel& model, const Tokens& tokens,
                               const std::vector<BarrierMention>& mentions);

// Which of the affirmed `mentions` name the job the resident seeks
// (understanding.job), not a barrier: those starting within the negation
// scope after a cue of `before` ("un poste d'(aide-soignante a l'hopital)",
// "work as a (bus driver)") with no break and no word of `not` between; those
// ending right before a cue of `after` ("(sofor) olarak": in Turkish the job
// comes first, and a word further back belongs to another clause); those
// inside a cue. "comme chauffeur mais pas de permis" and "work as a driver, i
// have no licence" still name transport. A word of `not` at most one word
// before a cue voids it ("can t work as a driver because of my epilepsy").
std::vector<bool> MentionsSought(const LanguageModel& model, const Tokens& tokens,
                                 const std::vector<BarrierMention>& mentions);

// Where a message's cues of one kind are (`before` a barrier's or a
// resource's word, `after` one, the negators that void them and the breaks
// that stop them), found once per message and asked of each barrier's hits.
// None but the cues are looked for when the message has none.
struct Cues {
  std::vector<Hit> before, after, breaks, nots;
  std::size_t reach = 0;  // the negation scope
};
Cues FindCues(const LanguageModel& model, const Tokens& tokens, const PhraseList& before,
              const PhraseList& after, const PhraseList& nots);

// Cues of having: "j'ai le", "tengo" before a resource word; "var" after one.
using HaveCues = Cues;
HaveCues FindHaveCues(const LanguageModel& model, const Tokens& tokens);

// Of `hits` (of a resource list: "voiture", "permis"), those the resident
// says they have: right after a cue of having ("j'ai le", "tengo") that no
// negator just precedes ("no tengo"), or right before one ("var", "є"); and
// those that follow one held after a cue within three words, with neither a
// break nor a negator between ("j'ai le permis et une voiture"), or precede
// one held before a cue of `after` the same way ("ehliyetim ve arabam var").
// "J'ai une voiture" names a car, not a transport barrier; "pas de voiture"
// and "ma voiture est en panne" still do.
std::vector<Hit> HeldHits(const HaveCues& cues, const std::vector<Hit>& hits);

// Cues of trouble: "probleme de", "problem with", "مشكلة في" before a
// barrier word; "sorunu" after one.
using TroubleCues = Cues;
TroubleCues FindTroubleCues(const LanguageModel& model, const Tokens& tokens);

// Whether the resident names `hit` (of a barrier list) as their trouble: at
// most two words after a cue of trouble or right before one, with no break
// between ("mon probleme c'est le transport"); a negator between them, or
// within the negation scope before the cue, voids it ("le probleme c'est pas
// le logement", "ليس لدي اي مشكلة في السكن"). Such a barrier is said, not
// guessed: the classifier may not drop it.
bool IsTroubled(const TroubleCues& cues, const Hit& hit);

// Language detection on the raw message. `confident` is false when the
// evidence is thin or split; `code` is then the best guess, or "".
struct LanguageGuess {
  std::string code;
  bool confident = false;
};

LanguageGuess GuessLanguage(const Understanding& u, std::string_view raw_utf8,
                            std::string_view match_key);

// Damerau (optimal string alignment) distance, stopping early above `max`.
int EditDistance(std::u32string_view a, std::u32string_view b, int max);

std::u32string ToU32(std::string_view utf8);

// The number a word of one to three ASCII digits writes ("25"), else
// nullopt: an age, a count.
std::optional<int> SmallNumber(std::u32string_view word);

}  // namespace levier::dialogs
