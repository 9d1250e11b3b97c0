#include "eval_cases.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

namespace levier::eval {

std::vector<Case> LoadCases(const std::string& path, const std::string& default_split) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("text") || !j.contains("lang") ||
        !j.contains("barriers")) {
      ADD_FAILURE() << path << ": line " << number << " is not {text, lang, barriers}";
      continue;
    }
    Case c;
    c.text = j.at("text").get<std::string>();
    c.lang = j.at("lang").get<std::string>();
    for (const auto& b : j.at("barriers")) c.barriers.insert(b.get<std::string>());
    c.split = j.value("split", default_split);
    c.kind = j.value("kind", "");
    c.batch = j.value("batch", kFirstBatch);
    cases.push_back(std::move(c));
  }
  return cases;
}

void Tally::Add(bool language_ok, const std::set<std::string>& want,
                const std::set<std::string>& got) {
  ++total;
  lang_ok += language_ok;
  barriers_ok += want == got;
  for (const std::string& b : got) ++(want.count(b) ? tp : fp)[b];
  for (const std::string& b : want) fn[b] += got.count(b) ? 0 : 1;
}

void PrintRates(const char* title, const std::map<std::string, Tally>& rows) {
  std::printf("%s\n  %-19s %4s   language  exact barrier sets\n", title, "", "n");
  for (const auto& [key, t] : rows) {
    std::printf("  %-19s %4d   %6.1f%%   %6.1f%%\n", key.c_str(), t.total,
                100.0 * t.LanguageRate(), 100.0 * t.BarrierRate());
  }
}

void PrintBarriers(const char* title, const Tally& all) {
  std::printf("%s\n  %-15s precision  recall  read  false  missed\n", title, "barrier");
  int tp = 0, fp = 0, fn = 0;
  std::set<std::string> codes;
  for (const auto* m : {&all.tp, &all.fp, &all.fn}) {
    for (const auto& [code, n] : *m) codes.insert(code);
  }
  auto get = [](const std::map<std::string, int>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? 0 : it->second;
  };
  auto ratio = [](int a, int b) { return b ? static_cast<double>(a) / b : 1.0; };
  for (const std::string& code : codes) {
    const int t = get(all.tp, code), p = get(all.fp, code), n = get(all.fn, code);
    tp += t;
    fp += p;
    fn += n;
    std::printf("  %-15s %9.2f  %6.2f  %4d  %5d  %6d\n", code.c_str(), ratio(t, t + p),
                ratio(t, t + n), t, p, n);
  }
  std::printf("  %-15s %9.2f  %6.2f  %4d  %5d  %6d\n", "micro", ratio(tp, tp + fp),
              ratio(tp, tp + fn), tp, fp, fn);
}

std::string DialogsDir() {
  const char* dir = std::getenv("LEVIER_EVAL_DIALOGS");
  return dir != nullptr && *dir != '\0' ? dir : LEVIER_SOURCE_DIR "/dialogs/default";
}

}  // namespace levier::eval
