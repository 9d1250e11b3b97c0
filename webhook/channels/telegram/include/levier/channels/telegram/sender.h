// TelegramSender: the channel's outbound half, through the Bot API
// (platform spec §4.5): POST {api_base}/bot{token}/sendMessage, JSON, one
// call per rendered piece (renderer.h), in order. The first failure ends the
// message (the outbox retries it whole: delivery is at least once).
//
// The token is part of every URL: it never appears in a SendResult detail
// (nor, therefore, in the outbox's last_error or a log). Thread-safe: Send
// keeps no state between calls but its kept connections to the Bot API.
#pragma once

#include <string>
#include <string_view>

#include "levier/bot/sender.h"
#include "levier/channels/telegram/settings.h"
#include "levier/net/http_client.h"

namespace levier::channels::telegram {

// Maps a Bot API answer to an outcome. Pure. 2xx with "ok":true: sent,
// platform_id the message_id; 429 and 5xx: retry (the detail names
// parameters.retry_after when given); 403 "bot was blocked by the user":
// cancelled (the resident blocked the bot; nothing will get through);
// other answers: failed.
bot::SendResult ClassifyBotApiResponse(int http_status, std::string_view body);

// `text` with every occurrence of `bot_token` masked, for errors that quote a URL.
std::string RedactToken(std::string_view text, std::string_view bot_token);

class TelegramSender final : public bot::Sender {
 public:
  // REQUIRES: settings.bot_token non-empty.
  explicit TelegramSender(Settings settings);
  // `address` is the chat id in decimal (InboundMessage::sender).
  bot::SendResult Send(std::string_view address, const bot::Outgoing& message) override;

 private:
  const Settings settings_;
  net::HttpConnectionPool connections_;  // kept open to the Bot API between messages
};

}  // namespace levier::channels::telegram
