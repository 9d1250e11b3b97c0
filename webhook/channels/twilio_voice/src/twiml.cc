#include "levier/channels/twilio_voice/twiml.h"

#include "levier/channels/twilio_sms/twilio.h"

namespace levier::channels::twilio_voice {
namespace {

using twilio_sms::XmlEscape;

constexpr std::string_view kHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>";
constexpr std::string_view kFooter = "</Response>";
constexpr std::string_view kPause = "<Pause length=\"1\"/>";

void AppendSay(std::string_view say_language, std::string_view text, std::string* out) {
  *out += "<Say language=\"";
  *out += XmlEscape(say_language);
  *out += "\">";
  *out += XmlEscape(text);
  *out += "</Say>";
}

// `text` line by line, with a pause between lines.
void AppendLines(std::string_view say_language, std::string_view text, std::string* out) {
  bool first = true;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (!line.empty()) {
      if (!first) *out += kPause;
      AppendSay(say_language, line, out);
      first = false;
    }
    start = end + 1;
  }
}

std::string GatherOpen(const GatherOptions& gather, std::size_t choices) {
  std::string out = "<Gather input=\"dtmf\" method=\"POST\" action=\"" + XmlEscape(gather.action) +
                    "\" timeout=\"" + std::to_string(gather.timeout_seconds) + "\"";
  // One key answers up to nine choices; beyond, "1" then "0" must wait for
  // "#" or the pause.
  out += choices <= 9 ? " numDigits=\"1\">" : " finishOnKey=\"#\">";
  return out;
}

std::string Redirect(std::string_view url) {
  return "<Redirect method=\"POST\">" + XmlEscape(url) + "</Redirect>";
}

}  // namespace

std::string RenderLanguageMenu(const std::vector<MenuLine>& lines, const GatherOptions& gather) {
  std::string out(kHeader);
  out += GatherOpen(gather, lines.size());
  for (const MenuLine& line : lines) AppendSay(line.say_language, line.text, &out);
  out += "</Gather>";
  out += Redirect(gather.on_silence);
  out += kFooter;
  return out;
}

std::string RenderSpoken(const std::vector<dialogs::Reply>& replies, std::string_view say_language,
                         const GatherOptions& gather) {
  const bool asks = !replies.empty() && !replies.back().choices.empty();
  std::string body;
  for (dialogs::Reply reply : replies) {
    // Direction marks mean nothing to a voice.
    reply.rtl = false;
    if (!body.empty()) body += kPause;
    AppendLines(say_language, dialogs::NumberedText(reply), &body);
  }
  std::string out(kHeader);
  if (asks) {
    out += GatherOpen(gather, replies.back().choices.size());
    out += body;
    out += "</Gather>";
    out += Redirect(gather.on_silence);
  } else {
    out += body;
    out += "<Hangup/>";
  }
  out += kFooter;
  return out;
}

std::string RenderWaitThenRedirect(int seconds, std::string_view url) {
  return std::string(kHeader) + "<Pause length=\"" + std::to_string(seconds) + "\"/>" +
         Redirect(url) + std::string(kFooter);
}

std::string RenderHangup() { return std::string(kHeader) + "<Hangup/>" + std::string(kFooter); }

}  // namespace levier::channels::twilio_voice
