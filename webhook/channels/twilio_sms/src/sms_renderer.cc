#include "levier/channels/twilio_sms/sms_renderer.h"

#include <string_view>
#include <unordered_map>

#include "levier/channels/twilio_sms/twilio.h"
#include "levier/dialogs/sms.h"

namespace levier::channels::twilio_sms {
namespace {

// dialogs::FitForSms, remembered per thread. Replies repeat (the script's
// texts, the same providers' lists: a few hundred distinct strings) and
// fitting one costs ICU normalisation and three segment counts: a fifth of
// an I/O thread's time under load without it. Bounded: forgotten wholesale
// past kMaxFitted entries per thread and mode (a reply and its fitted form
// are a few hundred bytes each: about 2 MB per thread at most).
std::string FitForSmsRemembered(const std::string& text, bool transliterate) {
  constexpr std::size_t kMaxFitted = 1024;
  thread_local std::unordered_map<std::string, std::string> fitted[2];
  auto& memo = fitted[transliterate ? 1 : 0];
  if (auto it = memo.find(text); it != memo.end()) return it->second;
  if (memo.size() >= kMaxFitted) memo.clear();
  return memo.emplace(text, dialogs::FitForSms(text, transliterate)).first->second;
}

}  // namespace

std::vector<std::string> RenderReplies(const std::vector<dialogs::Reply>& replies,
                                       bool transliterate) {
  std::vector<std::string> texts;
  texts.reserve(replies.size());
  for (const dialogs::Reply& reply : replies) {
    texts.push_back(FitForSmsRemembered(dialogs::NumberedText(reply), transliterate));
  }
  return PackReplies(texts);
}

std::string RenderOutbound(const std::vector<dialogs::Reply>& replies, bool transliterate) {
  std::string body;
  for (const std::string& text : dialogs::NumberedTexts(replies)) {
    if (!body.empty()) body += "\n";
    body += text;
  }
  return dialogs::FitForSms(body, transliterate);
}

}  // namespace levier::channels::twilio_sms
