// Fuzz target: a Twilio webhook body as the server handles it, from the
// form body to the channel-neutral message (DecodeForm + ParseInbound), plus
// the pure pieces around it that see the same bytes: the request signature
// and the TwiML reply carrying the text back. Invariants: never throws; an
// accepted message carries exactly the first MessageSid, From and Body; the
// AccountSid filter refuses other accounts; a signature computed over the
// parameters verifies; packed replies stay within the SMS bound and valid
// UTF-8; TwiML holds one element per message, whatever the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "levier/util/utf8.h"
#include "levier/net/form.h"
#include "levier/webhook/limits.h"
#include "levier/channels/twilio_sms/twilio.h"

namespace {

namespace twilio = levier::channels::twilio_sms;
using levier::net::FindParam;
using levier::net::FormParams;

constexpr std::string_view kAccount = "AC00000000000000000000000000000000";
constexpr std::string_view kToken = "fuzz-auth-token";
constexpr std::string_view kUrl = "https://levier.example.org/webhooks/twilio";
constexpr levier::UnixSeconds kNow = 1'700'000'000;

std::size_t CodePoints(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

std::size_t Count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

void CheckMessage(const FormParams& params) {
  levier::Result<levier::bot::InboundMessage> any = twilio::ParseInbound(params, "", kNow);
  const std::string* sid = FindParam(params, "MessageSid");
  const std::string* from = FindParam(params, "From");
  const bool complete = sid != nullptr && !sid->empty() && from != nullptr && !from->empty();
  FUZZ_CHECK(any.ok() == complete);
  if (!any.ok()) {
    FUZZ_CHECK(any.status().code() == levier::StatusCode::kInvalidArgument);
    return;
  }
  const std::string* body = FindParam(params, "Body");
  FUZZ_CHECK(any->channel == "sms");
  FUZZ_CHECK(any->message_id == *sid);
  FUZZ_CHECK(any->sender == *from);
  FUZZ_CHECK(any->text == (body != nullptr ? *body : std::string()));
  FUZZ_CHECK(any->received_at == kNow);

  levier::Result<levier::bot::InboundMessage> ours = twilio::ParseInbound(params, kAccount, kNow);
  const std::string* account = FindParam(params, "AccountSid");
  FUZZ_CHECK(ours.ok() == (account != nullptr && *account == kAccount));
  if (!ours.ok()) FUZZ_CHECK(ours.status().code() == levier::StatusCode::kPermissionDenied);

  // The reply path sees the same text (an echo is the worst case).
  for (std::size_t max_chars : {std::size_t{160}, std::size_t{1600}}) {
    const std::vector<std::string> packed = twilio::PackReplies({any->text, "ok", any->text}, max_chars);
    for (const std::string& m : packed) {
      FUZZ_CHECK(levier::IsValidUtf8(m));
      FUZZ_CHECK(CodePoints(m) <= max_chars);
    }
    // One <Message> element per packed message: the text cannot open or
    // close an element of its own.
    const std::string twiml = twilio::RenderTwiml(packed);
    FUZZ_CHECK(Count(twiml, "<Message>") == packed.size());
    FUZZ_CHECK(Count(twiml, "</Message>") == packed.size());
    FUZZ_CHECK(Count(twiml, "<") == 2 * packed.size() + Count(twiml, "<?") +
                                         Count(twiml, "<Response") + Count(twiml, "</Response"));
  }
}

void CheckSignature(const FormParams& params) {
  const std::string signature = twilio::ComputeSignature(kToken, kUrl, params);
  FUZZ_CHECK(twilio::VerifySignature(kToken, kUrl, params, signature));
  FUZZ_CHECK(twilio::VerifySignature(kToken, twilio::AddDefaultPort(kUrl), params, signature));
  FUZZ_CHECK(!twilio::VerifySignature("another-token", kUrl, params, signature));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  levier::fuzz::NoThrow("Twilio inbound", [&] {
    levier::Result<FormParams> params =
        levier::net::DecodeForm(body, levier::webhook::ServerLimits{}.form_params);
    if (!params.ok()) return;
    CheckMessage(*params);
    CheckSignature(*params);
  });
  return 0;
}
