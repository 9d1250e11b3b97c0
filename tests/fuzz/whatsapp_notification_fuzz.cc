// Fuzz target: a WhatsApp notification body as the channel handles it once
// its signature holds (ParseNotification), plus the pure pieces that see the
// same bytes: the signature over the raw and escaped forms, and the renderer
// given the parsed texts. Invariants: never throws; a parsed message has a
// digits-only sender and an id within bounds, and is either text, a choice or
// unreadable; at most kMaxNotificationItems items; a signature computed over
// the body verifies and one over another secret does not; EscapeUnicode's
// output is ASCII when its input is valid UTF-8; every rendered message
// respects Meta's limits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "levier/channels/whatsapp/notification.h"
#include "levier/channels/whatsapp/renderer.h"
#include "levier/channels/whatsapp/signature.h"
#include "levier/util/utf8.h"

namespace {

namespace wa = levier::channels::whatsapp;
constexpr std::string_view kSecret = "fuzz-app-secret-0123456789";

void CheckRendered(const nlohmann::json& m) {
  const std::string type = m.at("type").get<std::string>();
  if (type == "text") {
    const std::string body = m.at("text").at("body").get<std::string>();
    FUZZ_CHECK(levier::CountCodePoints(body) <= wa::kMaxTextChars);
    return;
  }
  FUZZ_CHECK(type == "interactive");
  const nlohmann::json& i = m.at("interactive");
  if (i.at("type") == "button") {
    const nlohmann::json& buttons = i.at("action").at("buttons");
    FUZZ_CHECK(buttons.size() >= 1 && buttons.size() <= wa::kMaxButtons);
    for (const auto& b : buttons) {
      FUZZ_CHECK(levier::CountCodePoints(b.at("reply").at("title").get<std::string>()) <=
                 wa::kMaxButtonTitleChars);
    }
  } else {
    FUZZ_CHECK(i.at("type") == "list");
    const nlohmann::json& rows = i.at("action").at("sections").at(0).at("rows");
    FUZZ_CHECK(rows.size() >= 1 && rows.size() <= wa::kMaxRows);
    for (const auto& r : rows) {
      FUZZ_CHECK(levier::CountCodePoints(r.at("title").get<std::string>()) <= wa::kMaxRowTitleChars);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  levier::fuzz::NoThrow("whatsapp", [&] {
    const std::string signature = wa::ComputeSignature(kSecret, body);
    FUZZ_CHECK(wa::VerifySignature(kSecret, body, signature));
    FUZZ_CHECK(!wa::VerifySignature("another-secret-000000", body, signature));
    if (levier::IsValidUtf8(body)) {
      for (char c : wa::EscapeUnicode(body)) FUZZ_CHECK(static_cast<unsigned char>(c) <= 0x7e);
    }
    levier::Result<wa::Notification> n = wa::ParseNotification(body, "");
    if (!n.ok()) return;
    FUZZ_CHECK(n->messages.size() + n->statuses.size() <= wa::kMaxNotificationItems);
    levier::dialogs::Reply reply;
    reply.choice_line = "{n} {label}";
    reply.choose_label = "Choisir";
    for (const wa::WaMessage& m : n->messages) {
      FUZZ_CHECK(!m.from.empty() && m.from.size() <= 20);
      for (char c : m.from) FUZZ_CHECK(c >= '0' && c <= '9');
      FUZZ_CHECK(!m.id.empty() && m.id.size() <= 256);
      // Texts from outside as a reply's text and labels: whatever they are,
      // the rendered message keeps Meta's limits.
      CheckRendered(wa::RenderReply({m.text, {}, {}, false, {}}));
      if (!m.text.empty() && levier::IsValidUtf8(m.text)) {
        reply.text = m.text;
        reply.choices.push_back({m.id, m.text});
        CheckRendered(wa::RenderReply(reply));
      }
    }
  });
  return 0;
}
