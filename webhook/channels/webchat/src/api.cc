#include "levier/channels/webchat/api.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "levier/util/crypto.h"
#include "levier/util/json_dump.h"
#include "levier/util/utf8.h"
#include "levier/webhook/web.h"

namespace levier::channels::webchat {
namespace {

using nlohmann::json;

constexpr std::string_view kPageTextPrefix = "web_";

bool IsPageId(std::string_view id) {
  if (id.size() < kMinIdChars || id.size() > kMaxIdChars) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<MessageRequest> ParseMessageRequest(std::string_view body) {
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status::InvalidArgument("the body must be a JSON object");
  }
  MessageRequest request;
  bool has_text = false;
  bool has_choice = false;
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string()) return Status::InvalidArgument("'" + key + "' must be a string");
    if (key == "id") {
      request.id = value.get<std::string>();
    } else if (key == "text") {
      request.text = value.get<std::string>();
      has_text = true;
    } else if (key == "choice") {
      request.choice = value.get<std::string>();
      has_choice = true;
    } else {
      return Status::InvalidArgument("unknown member '" + key + "'");
    }
  }
  if (!IsPageId(request.id)) {
    return Status::InvalidArgument("'id' must be 16 to 64 letters, digits, '-' or '_'");
  }
  if (has_text == has_choice) {
    return Status::InvalidArgument("send either 'text' or 'choice'");
  }
  if (has_choice && (request.choice.empty() || request.choice.size() > 64)) {
    return Status::InvalidArgument("'choice' must be a choice's id");
  }
  if (has_text) {
    if (request.text.size() > kMaxTextBytes) {
      return Status::InvalidArgument("'text' is longer than " + std::to_string(kMaxTextBytes) +
                                     " bytes");
    }
    if (!IsValidUtf8(request.text)) return Status::InvalidArgument("'text' is not UTF-8");
    if (Trim(request.text).empty()) return Status::InvalidArgument("'text' is empty");
  }
  return request;
}

std::string RepliesToJson(const std::vector<dialogs::Reply>& replies, std::string_view lang) {
  json list = json::array();
  for (const dialogs::Reply& reply : replies) {
    json choices = json::array();
    for (const dialogs::ReplyChoice& choice : reply.choices) {
      choices.push_back({{"id", choice.id}, {"label", choice.label}});
    }
    json item{{"text", reply.text}, {"choices", std::move(choices)},
              {"dir", reply.rtl ? "rtl" : "ltr"}};
    if (!lang.empty()) item["lang"] = lang;
    list.push_back(std::move(item));
  }
  return DumpJson(json{{"replies", std::move(list)}});
}

std::string ErrorJson(std::string_view message) { return DumpJson(json{{"error", message}}); }

std::optional<std::string> AddressFromCookies(std::string_view header) {
  const std::optional<std::string_view> value = webhook::CookieValue(header, kCookieName);
  if (value && value->size() == 2 * kAddressBytes && IsLowerHex(*value)) {
    return std::string(*value);
  }
  return std::nullopt;
}

std::string NewAddress() { return crypto::HexEncode(crypto::RandomBytes(kAddressBytes)); }

std::string AddressCookie(std::string_view address, bool secure) {
  std::string cookie = std::string(kCookieName) + "=" + std::string(address) +
                       "; Path=/chat; Max-Age=31536000; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string MessageIdFor(std::string_view address, std::string_view page_id) {
  std::string input(address);
  input += '\n';
  input += page_id;
  return crypto::HexEncode(crypto::Sha256(input)).substr(0, 32);
}

std::string TextsJson(const dialogs::Script& script, std::string_view lang) {
  const dialogs::LanguagePack* pack = script.Language(lang);
  if (pack == nullptr) pack = script.Language(script.default_language());
  json texts = json::object();
  const auto add_page_texts = [&](const dialogs::LanguagePack& from) {
    for (const auto& [id, text] : from.texts) {
      if (id.rfind(kPageTextPrefix, 0) == 0 && !texts.contains(id)) texts[id] = text;
    }
  };
  if (pack != nullptr) add_page_texts(*pack);
  if (const dialogs::LanguagePack* fallback = script.Language(script.default_language())) {
    add_page_texts(*fallback);
  }
  json languages = json::array();
  for (const dialogs::LanguagePack& p : script.language_packs()) {
    languages.push_back({{"code", p.code},
                         {"name", p.name.empty() ? p.code : p.name},
                         {"dir", p.rtl ? "rtl" : "ltr"}});
  }
  return DumpJson(json{{"lang", pack == nullptr ? std::string() : pack->code},
                       {"dir", pack != nullptr && pack->rtl ? "rtl" : "ltr"},
                       {"texts", std::move(texts)},
                       {"languages", std::move(languages)}});
}

}  // namespace levier::channels::webchat
