// Professionals' invitations on the server side of the app: what the
// workspace links to (InvitationChannelsFor), and `levier invitation
// create` (docs/professionals.md).
#include <algorithm>
#include <iostream>

#include "channels.h"
#include "commands.h"
#include "levier/bot/invitation_code.h"
#include "levier/bot/pseudonym.h"
#include "levier/channels/telegram/channel.h"
#include "levier/channels/twilio_sms/channel.h"
#include "levier/channels/webchat/channel.h"
#include "levier/channels/whatsapp/channel.h"
#include "levier/dialogs/reply.h"
#include "levier/util/crypto.h"
#include "levier/util/json_dump.h"

namespace levier::app {
namespace {

std::string Env(const GetEnv& getenv, const char* name) {
  const char* value = getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// The public numbers and names invitations link to, from the environment;
// `whatsapp` and `telegram` say whether those channels are on (the command
// line, which cannot tell, links every one configured).
Status ReadPublicAddresses(const Config& config, const GetEnv& getenv, bool whatsapp,
                           bool telegram, workspace::InvitationChannels* out) {
  out->public_url = config.public_url;
  while (!out->public_url.empty() && out->public_url.back() == '/') out->public_url.pop_back();
  out->sms_number = Env(getenv, "LEVIER_SMS_NUMBER");
  if (out->sms_number.empty()) out->sms_number = config.twilio.from;
  if (!out->sms_number.empty() &&
      (out->sms_number[0] != '+' || out->sms_number.size() < 9 || out->sms_number.size() > 16 ||
       out->sms_number.find_first_not_of("0123456789", 1) != std::string::npos)) {
    return Status::InvalidArgument("LEVIER_SMS_NUMBER must be a number in E.164 form "
                                   "(+33612345678), got '" + out->sms_number + "'");
  }
  std::string whatsapp_number = Env(getenv, "LEVIER_WHATSAPP_NUMBER");
  if (!whatsapp_number.empty() && whatsapp_number[0] == '+') whatsapp_number.erase(0, 1);
  if (!whatsapp_number.empty() &&
      (whatsapp_number.size() < 8 || whatsapp_number.size() > 15 ||
       whatsapp_number.find_first_not_of("0123456789") != std::string::npos)) {
    return Status::InvalidArgument("LEVIER_WHATSAPP_NUMBER must be the WhatsApp number's digits "
                                   "with the country code (33612345678)");
  }
  std::string telegram_bot = Env(getenv, "LEVIER_TELEGRAM_BOT_NAME");
  if (!telegram_bot.empty() && telegram_bot[0] == '@') telegram_bot.erase(0, 1);
  if (!telegram_bot.empty() &&
      (telegram_bot.size() < 5 || telegram_bot.size() > 32 ||
       telegram_bot.find_first_not_of(
           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
           std::string::npos)) {
    return Status::InvalidArgument("LEVIER_TELEGRAM_BOT_NAME must be the bot's username "
                                   "(5-32 letters, digits or _)");
  }
  if (whatsapp && !whatsapp_number.empty()) {
    out->app_links.push_back({std::string(channels::whatsapp::kChannelName),
                              "https://wa.me/" + whatsapp_number + "?text={code}"});
  }
  if (telegram && !telegram_bot.empty()) {
    out->app_links.push_back({std::string(channels::telegram::kChannelName),
                              "https://t.me/" + telegram_bot + "?start={code}"});
  }
  return Status::Ok();
}

}  // namespace

Result<workspace::InvitationChannels> InvitationChannelsFor(
    const Config& config, const GetEnv& getenv,
    const std::vector<std::unique_ptr<webhook::HttpChannel>>& channels, Outboxes& outboxes) {
  workspace::InvitationChannels out;
  // A channel that is off gets no link.
  bool sms_sends = false, whatsapp = false, telegram = false;
  for (const auto& channel : channels) {
    const std::string_view name = channel->name();
    if (name == channels::webchat::kChannelName) out.webchat = true;
    if (name == channels::whatsapp::kChannelName) whatsapp = true;
    if (name == channels::telegram::kChannelName) telegram = true;
    if (name == channels::twilio_sms::kChannelName) sms_sends = channel->sender() != nullptr;
  }
  if (Status s = ReadPublicAddresses(config, getenv, whatsapp, telegram, &out); !s.ok()) return s;
  if (sms_sends && outboxes.sending()) {
    const std::string secret = config.secret;
    const std::string key = config.outbox_key;
    out.sms_row = [secret, key](const std::string& number, const std::string& text,
                                const std::string& language,
                                UnixSeconds now) -> std::optional<store::OutboxRecord> {
      store::OutboxRecord row;
      row.created_at = now;
      row.channel = std::string(channels::twilio_sms::kChannelName);
      // Under the number's own pseudonym: if the person later erases their
      // data, this row goes too. The number itself is only sealed.
      row.pseudonym = bot::Pseudonymize(secret, row.channel, number);
      row.address_ciphertext = crypto::AesGcmSeal(key, number);
      row.kind = std::string(store::kOutboxReply);
      dialogs::Reply reply;
      reply.text = text;
      row.payload = DumpJson(nlohmann::json{{"language", language},
                                            {"reply", dialogs::ReplyToJson(reply)}});
      row.due_at = now;
      return row;
    };
    out.queued = [&outboxes] { outboxes.WakeReplies(); };
  }
  return out;
}

int RunInvitationCreate(const ConfigFlags& flags, const InvitationOptions& options) {
  const GetEnv getenv = [](const char* n) { return std::getenv(n); };
  Result<Config> config = ResolveConfig(flags, getenv);
  if (!config.ok()) {
    std::cerr << "levier invitation create: " << config.status().message() << "\n";
    return 2;
  }
  workspace::InvitationChannels links;
  if (Status s = ReadPublicAddresses(*config, getenv, true, true, &links); !s.ok()) {
    std::cerr << "levier invitation create: " << s.message() << "\n";
    return 2;
  }
  if (options.org.empty() || options.org.size() > store::kMaxOrgLength) {
    std::cerr << "levier invitation create: --org must name the organisation (1 to "
              << store::kMaxOrgLength << " characters)\n";
    return 2;
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store =
      OpenCommandStore(flags, "levier invitation create", &exit_code);
  if (store == nullptr) return exit_code;
  store::Invitation v;
  v.code = bot::NewInvitationCode();
  v.org = options.org;
  v.created_by = "levier invitation create";
  v.language = options.lang;
  v.max_uses = options.uses;
  v.created_at = NowUnixSeconds();
  v.expires_at = v.created_at + static_cast<UnixSeconds>(options.expires_days) * 86400;
  Status s = SubmitAndWait(*store, [&v](store::Transaction& txn) {
    return txn.invitations().InsertInvitation(v);
  });
  store->Stop();
  if (!s.ok()) {
    std::cerr << "levier invitation create: " << s.message() << "\n";
    return 1;
  }
  std::cout << "code      " << v.code << "\n"
            << "org       " << v.org << "\n"
            << "language  " << (v.language.empty() ? "(asked)" : v.language) << "\n"
            << "uses      " << (v.max_uses == 0 ? std::string("no limit") : std::to_string(v.max_uses))
            << "\n"
            << "expires   " << FormatIso8601(v.expires_at).substr(0, 10) << "\n"
            << "web chat  " << links.public_url << "/c/" << v.code << "\n";
  if (!links.sms_number.empty()) {
    std::cout << "sms       sms:" << links.sms_number << "?body=" << v.code << "\n";
  }
  for (const workspace::InvitationChannels::AppLink& app : links.app_links) {
    std::string url = app.url;
    url.replace(url.find("{code}"), 6, v.code);
    std::cout << app.channel << std::string(10 - std::min<std::size_t>(9, app.channel.size()), ' ')
              << url << "\n";
  }
  return 0;
}

}  // namespace levier::app
