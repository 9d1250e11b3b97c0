// `levier simulate`: talk to the same engine and conversation core as the
// server, in a terminal, with an in-memory store.
#include <fstream>
#include <future>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "levier/bot/conversation_service.h"
#include "levier/bot/pseudonym.h"
#include "levier/dialogs/session.h"
#include "levier/dialogs/transcript.h"
#include "levier/store/sqlite.h"
#include "levier/store/store.h"
#include "levier/util/crypto.h"
#include "levier/util/json_dump.h"
#include "loaders.h"

namespace levier::app {
namespace {

constexpr const char* kSimulatedSender = "simulator";

// Pre-seeds the participant's session with a language chosen on the command line.
Status SeedLanguage(store::Store& store, const std::string& pseudonym, const std::string& lang) {
  std::promise<Status> done;
  dialogs::Session session;
  session.language = lang;
  store.Submit(
      [&](store::Transaction& txn) {
        return txn.SaveSession(pseudonym, DumpJson(dialogs::SessionToJson(session)), 0);
      },
      [&](const Status& s) { done.set_value(s); });
  return done.get_future().get();
}

}  // namespace

int RunSimulate(const ConfigFlags& flags, const SimulateOptions& options) {
  ConfigFlags in_memory = flags;
  in_memory.db = ":memory:";
  Result<Config> config = ResolveConfig(in_memory, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier simulate: " << config.status().message() << "\n";
    return 2;
  }
  Result<Content> content = LoadContent(*config, /*print_warnings=*/false);
  if (!content.ok()) {
    std::cerr << "levier simulate: " << content.status().message() << "\n";
    return 2;
  }
  if (!options.lang.empty()) {
    const auto& langs = content->script->languages();
    if (std::find(langs.begin(), langs.end(), options.lang) == langs.end()) {
      std::cerr << "levier simulate: language '" << options.lang << "' is not in the script\n";
      return 2;
    }
  }
  Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(":memory:");
  if (!store.ok()) {
    std::cerr << "levier simulate: " << store.status().message() << "\n";
    return 2;
  }
  const std::string secret = crypto::HexEncode(crypto::RandomBytes(32));
  bot::ScriptRegistry scripts(content->script);
  const kb::KnowledgeBaseRegistry knowledge(content->kb);
  bot::ConversationService conversations(**store, scripts, knowledge, secret, config->session,
                                         /*per_sender_per_minute=*/0, nullptr);
  if (!options.lang.empty()) {
    Status seeded = SeedLanguage(**store, bot::Pseudonymize(secret, dialogs::kSmsChannel, kSimulatedSender),
                                 options.lang);
    if (!seeded.ok()) {
      std::cerr << "levier simulate: " << seeded.message() << "\n";
      return 1;
    }
  }
  if (!options.json) {
    std::cout << "Levier simulator: type a message as a resident would, Ctrl-D to quit.\n";
  }

  dialogs::Transcript transcript;
  transcript.title = "Recorded with levier simulate";
  transcript.channel = dialogs::kSmsChannel;
  transcript.language = options.lang;

  std::string line;
  int counter = 0;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    bot::InboundMessage message;
    message.channel = dialogs::kSmsChannel;
    message.sender = kSimulatedSender;
    message.message_id = "sim-" + std::to_string(++counter);
    message.text = line;
    message.received_at = NowUnixSeconds();
    std::promise<Result<bot::ConversationOutcome>> promise;
    conversations.Handle(std::move(message), [&](Result<bot::ConversationOutcome> outcome) {
      promise.set_value(std::move(outcome));
    });
    Result<bot::ConversationOutcome> outcome = promise.get_future().get();
    if (!outcome.ok()) {
      std::cerr << "levier simulate: " << outcome.status().ToString() << "\n";
      return 1;
    }
    if (!options.record.empty() && outcome->step) {
      transcript.lines.push_back({line, 60, dialogs::ExpectFromStep(*outcome->step), 0});
    }
    if (options.json) {
      nlohmann::json referrals = nlohmann::json::array();
      for (const auto& [provider, barrier] : outcome->referrals) {
        referrals.push_back({{"provider", provider}, {"barrier", barrier}});
      }
      // "replies": the texts as SMS numbers them; "choices": per reply, the
      // choices a channel with buttons would show (id and label).
      nlohmann::json choices = nlohmann::json::array();
      for (const dialogs::Reply& reply : outcome->replies) {
        nlohmann::json offered = nlohmann::json::array();
        for (const dialogs::ReplyChoice& c : reply.choices) {
          offered.push_back({{"id", c.id}, {"label", c.label}});
        }
        choices.push_back(std::move(offered));
      }
      nlohmann::json out = {{"in", line},
                            {"replies", dialogs::NumberedTexts(outcome->replies)},
                            {"choices", std::move(choices)},
                            {"lang", outcome->language},
                            {"node", outcome->node},
                            {"barriers", outcome->barriers},
                            {"referrals", referrals},
                            {"ended", outcome->ended}};
      std::cout << DumpJson(out) << "\n"
                << std::flush;
    } else {
      for (const auto& reply : dialogs::NumberedTexts(outcome->replies)) {
        std::cout << "\n" << reply << "\n";
      }
      std::cout << "\n> " << std::flush;
    }
  }
  (*store)->Stop();
  if (!options.record.empty()) {
    std::ofstream out(options.record, std::ios::trunc);
    out << dialogs::WriteTranscript(transcript);
    if (!out.flush()) {
      std::cerr << "levier simulate: cannot write '" << options.record << "'\n";
      return 1;
    }
    if (!options.json) std::cout << "\nsaved " << transcript.lines.size() << " messages to "
                                 << options.record << "\n";
  }
  return 0;
}

}  // namespace levier::app
