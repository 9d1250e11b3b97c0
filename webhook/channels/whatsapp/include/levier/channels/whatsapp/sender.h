// WhatsAppSender: the WhatsApp channel's outbound half, through the Cloud
// API (platform spec 3.4):
//   POST {api_base}/{phone_number_id}/messages
//   Authorization: Bearer {access_token}
//   one JSON body per reply (renderer.h)
// Outcomes: 2xx = sent (the wamid kept for delivery reports); 131047 (more
// than 24 hours since the resident's last message) and 131026 (the number
// cannot receive it) = failed; 131050 (the resident stopped the business's
// messages) = cancelled; 429, 5xx, Meta's throughput codes (130429, 131056,
// 80007), a rejected access token (190) and network errors = retry; other
// 4xx = failed. Details carry the HTTP status and Meta's code, never the
// number, the text or the token.
//
// Thread-safe: Send keeps no state between calls but its kept connections
// to the Cloud API (one per parallel send, reused while busy).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "levier/bot/sender.h"
#include "levier/channels/whatsapp/renderer.h"
#include "levier/net/http_client.h"

namespace levier::channels::whatsapp {

struct SenderConfig {
  std::string api_base;         // with the pinned version: "https://graph.facebook.com/v24.0"
  std::string phone_number_id;  // the business number's id
  std::string access_token;
  FollowupTemplates templates;
  std::chrono::milliseconds timeout{15000};
};

// Maps the Cloud API's answer to an outcome. Pure.
bot::SendResult ClassifyResponse(int http_status, std::string_view body);

class WhatsAppSender final : public bot::Sender {
 public:
  explicit WhatsAppSender(SenderConfig config) : config_(std::move(config)) {}
  bot::SendResult Send(std::string_view address, const bot::Outgoing& message) override;
  std::string MessagesUrl() const;

 private:
  const SenderConfig config_;
  net::HttpConnectionPool connections_;
};

}  // namespace levier::channels::whatsapp
