// The barrier classifier: examples, the training command, the model as part
// of the script (loaded, versioned, published), and how it is combined with
// the rules (negation and short answers stay with the rules).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "dialogs_test_util.h"
#include "levier/dialogs/classifier.h"
#include "levier/dialogs/engine.h"
#include "levier/kb/knowledge_base.h"
#include "script_fixture.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::ShippedScript;
using test_util::TempScript;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Settings for a seven-example script: most of a training's time is the
// quantization of the n-gram table, sized for thousands of examples by
// default (the shipped model's tests use the defaults).
TrainParameters SmallModel() {
  TrainParameters p;
  p.bucket = 2000;
  p.cutoff = 1000;
  return p;
}

// A tiny script with French examples, trained into its own directory.
class TrainedTempScript : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = script_.Write();
    std::filesystem::create_directories(dir_ / "examples");
    std::ofstream out(dir_ / "examples" / "fr.jsonl");
    const char* lines[] = {
        R"({"text": "j'ai pas de voiture pour aller au travail", "barriers": ["mobilite"]})",
        R"({"text": "pas de permis et le bus passe pas", "barriers": ["mobilite"]})",
        R"({"text": "je dors chez un ami depuis un mois", "barriers": ["logement"]})",
        R"({"text": "on nous a expulses de l'appartement", "barriers": ["logement"]})",
        R"({"text": "je cherche du travail dans le batiment", "barriers": []})",
        R"({"text": "bonjour je veux travailler", "barriers": [], "held_out": false})",
        R"({"text": "sans voiture et sans logement", "barriers": ["logement", "mobilite"],
            "held_out": true})"};
    for (const char* l : lines) out << nlohmann::json::parse(l).dump() << "\n";
  }
  TempScript script_;
  std::filesystem::path dir_;
};

TEST(ExamplesTest, ParsesLabelsAndTheHeldOutField) {
  Result<std::vector<Example>> e = ParseExamples(
      "{\"text\": \"a\", \"barriers\": [\"sante\", \"logement\"], \"persona\": \"x\"}\n\n"
      "{\"text\": \"b\", \"barriers\": [], \"held_out\": true}\n",
      "ex.jsonl");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  ASSERT_EQ(e->size(), 2u);
  EXPECT_EQ((*e)[0].barriers, (std::vector<std::string>{"logement", "sante"}));
  EXPECT_EQ((*e)[0].held_out, HeldOutByHash("a"));
  EXPECT_TRUE((*e)[1].held_out);
}

TEST(ExamplesTest, AnUnknownBarrierNamesFileAndLine) {
  Result<std::vector<Example>> e =
      ParseExamples("{\"text\": \"a\", \"barriers\": []}\n{\"text\": \"b\", \"barriers\": "
                    "[\"logment\"]}\n",
                    "examples/fr.jsonl");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(e.status().message(), HasSubstr("examples/fr.jsonl: line 2"));
  EXPECT_THAT(e.status().message(), HasSubstr("logment"));
}

TEST(ExamplesTest, HeldOutPartIsStableAndAboutOneInFive) {
  int held = 0;
  for (int i = 0; i < 1000; ++i) held += HeldOutByHash("message " + std::to_string(i));
  EXPECT_GT(held, 150);
  EXPECT_LT(held, 250);
  EXPECT_EQ(HeldOutByHash("message 7"), HeldOutByHash(std::string("message ") + "7"));
}

TEST_F(TrainedTempScript, TrainingIsReproducibleAndRecordsWhatItTrainedOn) {
  Result<std::vector<TrainOutcome>> first = TrainClassifiers(dir_, SmallModel());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].language, "fr");
  EXPECT_EQ((*first)[0].trained, 6u);
  EXPECT_EQ((*first)[0].held_out, 1u);
  EXPECT_LE((*first)[0].model_bytes, 400u * 1024);
  const std::string model = ReadBytes(dir_ / "models" / "fr.ftz");
  const std::string manifest = ReadBytes(dir_ / "models" / "fr.json");
  ASSERT_TRUE(TrainClassifiers(dir_, SmallModel()).ok());
  EXPECT_EQ(ReadBytes(dir_ / "models" / "fr.ftz"), model);
  EXPECT_EQ(ReadBytes(dir_ / "models" / "fr.json"), manifest);
  Result<Script> loaded = Script::LoadFromDirectory(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  Result<TrainingSet> set = PooledTrainingSet(loaded->files());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(nlohmann::json::parse(manifest)["trained_on"], TrainingHash(*set));
  // Another seed (`levier dialogs train --seed`) gives another model, and
  // says so: how much a retraining moves the figures by chance alone.
  TrainParameters reseeded = SmallModel();
  reseeded.seed = 2;
  ASSERT_TRUE(TrainClassifiers(dir_, reseeded).ok());
  EXPECT_NE(ReadBytes(dir_ / "models" / "fr.ftz"), model);
  EXPECT_EQ(nlohmann::json::parse(ReadBytes(dir_ / "models" / "fr.json"))["fasttext"]["seed"], 2);
}

// One model learns from every language's examples: written for each language
// with examples, and stale in every language when one language's examples change.
TEST_F(TrainedTempScript, OneModelLearnsFromEveryLanguage) {
  {
    std::ofstream en(dir_ / "examples" / "en.jsonl");
    en << R"({"text": "no car and the bus does not come", "barriers": ["mobilite"], "held_out": false})"
       << "\n"
       << R"({"text": "we sleep at my cousin's", "barriers": ["logement"], "held_out": false})"
       << "\n"
       << R"({"text": "no flat and no car", "barriers": ["logement", "mobilite"], "held_out": true})"
       << "\n";
  }
  Result<std::vector<TrainOutcome>> outcomes = TrainClassifiers(dir_, SmallModel());
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  ASSERT_EQ(outcomes->size(), 2u);
  EXPECT_EQ((*outcomes)[0].language, "en");
  EXPECT_EQ((*outcomes)[0].trained, 8u);  // 6 French and 2 English, none held out
  EXPECT_EQ((*outcomes)[0].held_out, 1u);
  EXPECT_EQ((*outcomes)[1].trained, 8u);
  EXPECT_EQ(ReadBytes(dir_ / "models" / "en.ftz"), ReadBytes(dir_ / "models" / "fr.ftz"));

  std::ofstream(dir_ / "examples" / "en.jsonl", std::ios::app)
      << R"({"text": "no roof any more", "barriers": ["logement"], "held_out": false})" << "\n";
  Result<Script> loaded = Script::LoadFromDirectory(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::vector<CheckFinding> findings;
  CheckClassifiers(*loaded, &findings);
  std::set<std::string> stale;
  for (const CheckFinding& f : findings) {
    if (f.message.find("stale") != std::string::npos) stale.insert(f.language);
  }
  EXPECT_EQ(stale, (std::set<std::string>{"en", "fr"}));
}

TEST_F(TrainedTempScript, ThePublishedVersionCarriesTheModel) {
  ASSERT_TRUE(TrainClassifiers(dir_, SmallModel()).ok());
  Result<Script> loaded = Script::LoadFromDirectory(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->files().count("models/fr.ftz"), 1u);
  EXPECT_EQ(loaded->files().count("examples/fr.jsonl"), 1u);
  // A published version is stored as the JSON of files() and loaded back.
  const std::string stored = nlohmann::json(loaded->files()).dump();
  Result<Script> published = Script::LoadFromFiles(
      nlohmann::json::parse(stored).get<std::map<std::string, std::string>>(), "version");
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(published->version(), loaded->version());
  std::vector<HeldOutAccuracy> rows = ClassifierAccuracy(*published);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].has_model);
  EXPECT_FALSE(rows[0].stale);
  EXPECT_EQ(rows[0].held_out, 1u);
  // Without its model, the script is another version.
  std::map<std::string, std::string> files = loaded->files();
  files.erase("models/fr.ftz");
  files.erase("models/fr.json");
  Result<Script> bare = Script::LoadFromFiles(files, "bare");
  ASSERT_TRUE(bare.ok());
  EXPECT_NE(bare->version(), loaded->version());
}

TEST_F(TrainedTempScript, AnAlteredModelIsRefusedByName) {
  ASSERT_TRUE(TrainClassifiers(dir_, SmallModel()).ok());
  std::string model = ReadBytes(dir_ / "models" / "fr.ftz");
  model[model.size() / 2] = static_cast<char>(model[model.size() / 2] ^ 1);
  std::ofstream(dir_ / "models" / "fr.ftz", std::ios::binary | std::ios::trunc) << model;
  Result<Script> loaded = Script::LoadFromDirectory(dir_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr("models/fr.ftz"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("model_sha256"));
}

TEST_F(TrainedTempScript, CheckSaysWhenTheModelIsStale) {
  ASSERT_TRUE(TrainClassifiers(dir_, SmallModel()).ok());
  std::ofstream(dir_ / "examples" / "fr.jsonl", std::ios::app)
      << R"({"text": "je n'ai plus de toit", "barriers": ["logement"], "held_out": false})"
      << "\n";
  Result<Script> loaded = Script::LoadFromDirectory(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::vector<CheckFinding> findings;
  CheckClassifiers(*loaded, &findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, CheckFinding::Severity::kWarning);
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_THAT(findings[0].message, HasSubstr("stale"));
}

// Training also learns the barrier keyword lists: editing one makes the model
// stale as editing an example does.
TEST_F(TrainedTempScript, CheckSaysWhenTheBarrierKeywordsChangedSinceTraining) {
  ASSERT_TRUE(TrainClassifiers(dir_, SmallModel()).ok());
  nlohmann::json lang = nlohmann::json::parse(ReadBytes(dir_ / "lang" / "fr.json"));
  lang["keywords"]["barrier.logement"].push_back("plus de toit");
  std::ofstream(dir_ / "lang" / "fr.json", std::ios::trunc) << lang.dump(2);
  Result<Script> loaded = Script::LoadFromDirectory(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::vector<CheckFinding> findings;
  CheckClassifiers(*loaded, &findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_THAT(findings[0].message, HasSubstr("stale"));
}

TEST(ShippedClassifierTest, EveryLanguageWithExamplesHasAnUpToDateModel) {
  std::vector<HeldOutAccuracy> rows = ClassifierAccuracy(ShippedScript());
  ASSERT_FALSE(rows.empty());
  for (const HeldOutAccuracy& r : rows) {
    EXPECT_TRUE(r.has_model) << r.language << ": run levier dialogs train";
    EXPECT_FALSE(r.stale) << r.language << ": run levier dialogs train";
    EXPECT_GT(r.held_out, 0u) << r.language;
  }
}

TEST(ShippedClassifierTest, RulesAndClassifierBeatTheRulesAloneOnHeldOutExamples) {
  std::size_t combined = 0;
  std::size_t rules = 0;
  for (const HeldOutAccuracy& r : ClassifierAccuracy(ShippedScript())) {
    EXPECT_GE(r.exact, r.exact_rules) << r.language;
    combined += r.exact;
    rules += r.exact_rules;
  }
  // 209 against 148 of 335 when the models were trained: a floor, not a target.
  EXPECT_GE(combined, rules + 50);
}

// The shipped script with every model's reading changed (models/<lang>.json),
// and, when given, French's own cap on `keep` (understanding.classifier).
Script WithReading(double keep, double add, std::optional<double> french_keep = std::nullopt) {
  std::map<std::string, std::string> files = ShippedScript().files();
  if (french_keep) {
    nlohmann::json fr = nlohmann::json::parse(files.at("lang/fr.json"));
    fr["understanding"]["classifier"]["keep"] = *french_keep;
    files["lang/fr.json"] = fr.dump();
  }
  for (const std::string& lang : ShippedScript().languages()) {
    const std::string path = "models/" + lang + ".json";
    if (files.count(path) == 0) continue;
    nlohmann::json manifest = nlohmann::json::parse(files.at(path));
    manifest["reading"]["keep"] = keep;
    manifest["reading"]["add"] = add;
    manifest["reading"]["keep_by_barrier"] = nlohmann::json::object();
    files[path] = manifest.dump();
  }
  Result<Script> s = Script::LoadFromFiles(files, "test");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(*s) : Script();
}

std::set<std::string> FirstMessageBarriers(const Script& script, const char* text) {
  static const kb::KnowledgeBase kb;
  StepResult r = Step(script, kb, Session{}, StepInput{text, "sms", 1'700'000'000, {}, {}});
  return {r.session.barriers.begin(), r.session.barriers.end()};
}

TEST(ShippedClassifierTest, ABarrierTheRulesSeeNegatedIsNeverAdded) {
  // add = 0: the classifier would add every barrier it knows.
  const Script script = WithReading(0.0, 0.0);
  std::set<std::string> got =
      FirstMessageBarriers(script, "pas de probleme de logement mais je parle pas bien francais");
  EXPECT_THAT(got, Contains("langue"));
  EXPECT_THAT(got, Contains("sante"));  // added by the classifier
  EXPECT_THAT(got, Not(Contains("logement")));
}

// The shipped models never drop a disability or a digital barrier the rules
// read: in a long dictated message the classifier's evidence for the one
// clause that names it is averaged away. Before (keep 0.01 for them), this
// Ukrainian amputation was dropped.
TEST(ShippedClassifierTest, ADisabilityTheRulesReadIsKeptInALongMessage) {
  EXPECT_THAT(FirstMessageBarriers(ShippedScript(),
                                   "добрий день кома мене звати Ігор крапка мені 45 років крапка "
                                   "після війни у мене ампутація ноги крапка шукаю роботу на "
                                   "складі крапка"),
              Contains("handicap"));
  for (const std::string& lang : ShippedScript().languages()) {
    const nlohmann::json manifest =
        nlohmann::json::parse(ShippedScript().files().at("models/" + lang + ".json"));
    EXPECT_EQ(manifest["reading"]["keep_by_barrier"]["handicap"], 0.0) << lang;
    EXPECT_EQ(manifest["reading"]["keep_by_barrier"]["numerique"], 0.0) << lang;
  }
}

// A language's own `understanding.classifier.keep` caps the model's: with
// the models' keep at 1 the classifier drops every barrier the rules read
// that it is not saturated on; French's keep at 0 keeps them in French only.
TEST(ShippedClassifierTest, ALanguagesOwnKeepCapsTheModels) {
  constexpr const char* kFrench = "bonjour je dors chez ma soeur en ce moment";
  constexpr const char* kEnglish = "hello i sleep at my sister's place these days";
  const Script strict = WithReading(1.0, 1.0);
  EXPECT_THAT(FirstMessageBarriers(strict, kFrench), Not(Contains("logement")));
  EXPECT_THAT(FirstMessageBarriers(strict, kEnglish), Not(Contains("logement")));
  const Script trusting = WithReading(1.0, 1.0, /*french_keep=*/0.0);
  EXPECT_THAT(FirstMessageBarriers(trusting, kFrench), Contains("logement"));
  EXPECT_THAT(FirstMessageBarriers(trusting, kEnglish), Not(Contains("logement")));
  // Out of range: refused with the place named.
  std::map<std::string, std::string> files = ShippedScript().files();
  nlohmann::json fr = nlohmann::json::parse(files.at("lang/fr.json"));
  fr["understanding"]["classifier"]["keep"] = 2;
  files["lang/fr.json"] = fr.dump();
  Result<Script> wrong = Script::LoadFromFiles(files, "test");
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.status().message(), HasSubstr("classifier: keep: must be a number from 0 to 1"));
}

// "mes enfants" is a weak word: it names no barrier by itself (a mother
// looking for work is not short of childcare for that), it leaves childcare
// to the classifier, and when the classifier is not sure the dialog asks.
TEST(ShippedClassifierTest, AWeakWordLeavesTheBarrierToTheClassifierThenAsks) {
  constexpr const char* kMessage = "bonjour moi j'ai deux enfants";
  // add = 0: the classifier adds every barrier, the weak word's among them.
  EXPECT_THAT(FirstMessageBarriers(WithReading(0.0, 0.0), kMessage), Contains("garde-enfants"));
  // add = 1: only a saturated score would add, and the rules do not name
  // childcare either.
  const Script unsure = WithReading(0.0, 1.0);
  EXPECT_THAT(FirstMessageBarriers(unsure, kMessage), Not(Contains("garde-enfants")));
  static const kb::KnowledgeBase kb;
  StepResult r = Step(unsure, kb, Session{}, StepInput{kMessage, "sms", 1'700'000'000, {}, {}});
  EXPECT_EQ(r.session.awaiting, "barrier:garde-enfants");
}

// keep = 1 drops every rule barrier the classifier is not saturated on, but
// not one named as the trouble; a negator before the cue, or between it and
// the barrier, voids the cue.
TEST(ShippedClassifierTest, ANegatorVoidsACueOfTrouble) {
  const Script script = WithReading(1.0, 1.0);
  EXPECT_THAT(FirstMessageBarriers(script, "bonjour j'ai un problème de logement"),
              Contains("logement"));
  EXPECT_THAT(FirstMessageBarriers(script, "i have a problem with housing"), Contains("logement"));
  for (const char* voided : {"le pb c pas le logement, je veux juste un cdi",
                             "ليس لدي اي مشكلة في السكن، فقط اريد عقد عمل دائم",
                             "i don't really have a problem with housing"}) {
    EXPECT_THAT(FirstMessageBarriers(script, voided), Not(Contains("logement"))) << voided;
  }
}

TEST(ShippedClassifierTest, TheClassifierDropsRuleBarriersButNotShortAnswers) {
  // keep = 1: only a saturated score reaches it, so the classifier drops the
  // rule barriers it is not sure of.
  const Script script = WithReading(1.0, 1.0);
  EXPECT_THAT(FirstMessageBarriers(script, "la voiture c'est compliqué et personne pour garder les petits"),
              Not(Contains("mobilite")));
  // A resource said lacked (understanding.lack) is said, as a trouble is.
  EXPECT_THAT(FirstMessageBarriers(script, "jai pa de voiture et personne pour garder les petits"),
              Contains("mobilite"));
  // Under min_words words, the rules alone decide.
  EXPECT_EQ(FirstMessageBarriers(script, "voiture"), (std::set<std::string>{"mobilite"}));
}

}  // namespace
}  // namespace levier::dialogs
