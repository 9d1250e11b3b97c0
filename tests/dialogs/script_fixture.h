// A tiny valid script written to a temporary directory, which tests break
// one way at a time.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace levier::dialogs::test_util {

class TempScript {
 public:
  TempScript() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("levier-dialogs-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "lang");
    flow = nlohmann::json::parse(R"({
      "format": "levier-dialog/1", "id": "tiny", "default_language": "fr",
      "languages": ["fr", "en"], "start": "ask",
      "commands": {
        "stop": {"keywords": "cmd_stop", "reply": "stop_done"},
        "start": {"keywords": "cmd_start"},
        "help": {"keywords": "cmd_help", "reply": "help"},
        "menu": {"keywords": "cmd_menu", "next": "ask"}
      },
      "nodes": [
        {"id": "ask", "kind": "choice", "text": "ask", "choices": [
          {"barrier": "mobilite", "next": "bye"},
          {"label": "yes", "keywords": "kw_yes", "next": "bye"}]},
        {"id": "bye", "kind": "end", "text": "bye"}
      ]})");
    fr = Lang("fr", "Question ?", "Oui", "Au revoir", "Transport", "oui");
    en = Lang("en", "Question?", "Yes", "Goodbye", "Transport", "yes");
  }
  ~TempScript() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Writes the three files and returns the directory.
  const std::filesystem::path& Write() const {
    std::ofstream(dir_ / "flow.json") << flow.dump(2);
    std::ofstream(dir_ / "lang" / "fr.json") << fr.dump(2);
    std::ofstream(dir_ / "lang" / "en.json") << en.dump(2);
    return dir_;
  }

  nlohmann::json flow;
  nlohmann::json fr;
  nlohmann::json en;

 private:
  static nlohmann::json Lang(const char* code, const char* ask, const char* yes, const char* bye,
                             const char* housing, const char* yes_word) {
    return {{"format", "levier-dialog-lang/1"},
            {"language", code},
            {"texts",
             {{"ask", ask},
              {"yes", yes},
              {"bye", bye},
              {"barrier.mobilite", housing},
              {"not_understood", "?"},
              {"choice_line", "{n} {label}"},
              {"stop_done", "STOP ok. START to come back."},
              {"help", "HELP"}}},
            {"keywords",
             {{"cmd_stop", {"stop"}},
              {"cmd_start", {"start"}},
              {"cmd_help", {"help"}},
              {"cmd_menu", {"menu"}},
              {"kw_yes", {yes_word}},
              {"number_prefix", {"n"}},
              {"barrier.mobilite", {"voiture"}}}}};
  }

  std::filesystem::path dir_;
};

}  // namespace levier::dialogs::test_util
