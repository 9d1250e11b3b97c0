// Professionals' invitations (docs/professionals.md): creating one, its
// links, QR code, printable card and ready-to-paste message, sending it by
// SMS, and the summaries participants agreed to share.
//
// Who sees what: an invitation and the summaries it brought belong to the
// professional who made it (one made with `levier invitation create`, to
// everyone of its organisation). Anyone else gets 404, as if it did not
// exist: the API, not only the page, keeps organisations apart.
#include <charconv>

#include "levier/util/xml_escape.h"
#include "levier/bot/invitation_code.h"
#include "levier/dialogs/text.h"
#include "levier/net/form.h"
#include "levier/qr/qr_code.h"
#include "levier/util/json_dump.h"
#include "levier/util/utf8.h"
#include "levier/util/xml_escape.h"
#include "levier/webhook/indicators_format.h"
#include "levier/webhook/web.h"
#include "workspace_impl.h"

namespace levier::workspace {
namespace {

constexpr std::size_t kMaxNoteBytes = 500;
constexpr std::int64_t kMaxUses = 10'000;
constexpr std::int64_t kMaxExpiryDays = 365;
constexpr std::int64_t kDefaultExpiryDays = 30;
constexpr int kListLimit = 500;
constexpr int kPngPixelsPerModule = 10;

bool MayView(const store::Account& account, const store::Invitation& invitation) {
  return invitation.org == account.org &&
         (invitation.account_id == account.id || invitation.account_id == 0);
}

// "{name}" replaced by its value, for the few placeholders of the card and
// the message (the engine's own renderer is private to the dialogs).
std::string Fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string placeholder = "{" + name + "}";
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}


// The value of `key` in the request's query string ("" when absent or malformed).
std::string QueryValue(const HttpRequest& request, std::string_view key) {
  const std::string_view target = request.target();
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return {};
  Result<net::FormParams> params = net::DecodeForm(target.substr(q + 1), 8);
  if (!params.ok()) return {};
  const std::string* value = net::FindParam(*params, key);
  return value == nullptr ? std::string() : *value;
}

// An integer field of a JSON body: `fallback` when absent, nullopt when not
// a whole number in [min, max].
std::optional<std::int64_t> IntField(const json& body, const char* name, std::int64_t fallback,
                                     std::int64_t min, std::int64_t max) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) return std::nullopt;
  const std::int64_t value = it->get<std::int64_t>();
  if (value < min || value > max) return std::nullopt;
  return value;
}

// A phone number as typed by a professional: "+33 6 12 34 56 78" or a
// French "06 12 34 56 78", in E.164; "" when it is not one.
std::string NormalizePhone(std::string_view typed) {
  std::string digits;
  bool plus = false;
  for (char c : typed) {
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
      return {};
    }
  }
  if (!plus && digits.size() == 10 && digits[0] == '0') return "+33" + digits.substr(1);
  if (!plus && digits.rfind("00", 0) == 0) digits = digits.substr(2), plus = true;
  if (!plus || digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return {};
  return "+" + digits;
}

}  // namespace

const dialogs::LanguagePack* Workspace::InvitationLanguage(const std::string& language) const {
  if (editing_.registry == nullptr) return nullptr;
  std::shared_ptr<const dialogs::Script> script = editing_.registry->Current();
  const dialogs::LanguagePack* pack = script->Language(language);
  return pack != nullptr ? pack : script->Language(script->default_language());
}

std::string Workspace::InvitationText(const store::Invitation& invitation,
                                      const std::string& id) const {
  if (editing_.registry == nullptr) return {};
  std::shared_ptr<const dialogs::Script> script = editing_.registry->Current();
  for (const std::string& language : {invitation.language, script->default_language()}) {
    const dialogs::LanguagePack* pack = script->Language(language);
    if (pack == nullptr) continue;
    auto it = pack->texts.find(id);
    if (it != pack->texts.end()) return it->second;
  }
  return {};
}

json Workspace::InvitationJson(const store::Invitation& v, UnixSeconds now) const {
  const InvitationChannels& ch = invitation_channels_;
  json links = json::object();
  const std::string chat_link = ch.public_url + "/c/" + v.code;
  if (ch.webchat) links["webchat"] = chat_link;
  if (!ch.sms_number.empty()) links["sms"] = "sms:" + ch.sms_number + "?body=" + v.code;
  for (const InvitationChannels::AppLink& app : ch.app_links) {
    links[app.channel] = Fill(app.url, {{"code", v.code}});
  }
  // The message to paste: the web chat's link when there is one, else the
  // first link a phone opens.
  std::string link = ch.webchat ? chat_link : "";
  if (link.empty() && !ch.app_links.empty()) {
    link = links[ch.app_links.front().channel].get<std::string>();
  }
  std::string message;
  const std::map<std::string, std::string> values{
      {"link", link}, {"code", v.code}, {"number", ch.sms_number}};
  if (!link.empty()) message = Fill(InvitationText(v, "invite_message"), values);
  if (!ch.sms_number.empty()) {
    if (!message.empty()) message += " ";
    message += Fill(InvitationText(v, "invite_sms"), values);
  }
  const dialogs::LanguagePack* pack = InvitationLanguage(v.language);
  if (pack != nullptr && pack->rtl) message = dialogs::IsolateLtrRuns(message);
  const bool expired = v.expires_at != 0 && now >= v.expires_at;
  const bool used_up = v.max_uses != 0 && v.uses >= v.max_uses;
  return {{"code", v.code},
          {"org", v.org},
          {"created_by", v.created_by},
          {"language", v.language},
          {"note", v.note},
          {"max_uses", v.max_uses},
          {"uses", v.uses},
          {"created_at", FormatIso8601(v.created_at)},
          {"expires_at", v.expires_at == 0 ? "" : FormatIso8601(v.expires_at)},
          {"state", expired ? "expired" : used_up ? "used" : "open"},
          {"links", std::move(links)},
          {"message", message}};
}

void Workspace::CreateInvitation(CallPtr call) {
  const store::Account& account = call->signed_in->account;
  store::Invitation v;
  v.org = account.org;
  v.account_id = account.id;
  v.created_by = account.email;
  v.created_at = call->now;
  v.language = StringField(call->body, "language", 16);
  v.note = StringField(call->body, "note", kMaxNoteBytes);
  const auto field_error = [&](const char* field, std::string detail) {
    call->respond(Error(*call, Problem::kInvalidField, {{"field", field}, {"detail", detail}}));
  };
  if (!v.language.empty() && editing_.registry != nullptr &&
      editing_.registry->Current()->Language(v.language) == nullptr) {
    return field_error("language", "the script has no language '" + v.language + "'");
  }
  if (call->body.contains("note") && v.note.empty() &&
      !(call->body["note"].is_string() && call->body["note"].get<std::string>().empty())) {
    return field_error("note", "the note must be text of at most 500 bytes");
  }
  const std::optional<std::int64_t> uses = IntField(call->body, "uses", 1, 0, kMaxUses);
  if (!uses) return field_error("uses", "uses must be 0 (no limit) to 10000");
  const std::optional<std::int64_t> days =
      IntField(call->body, "expires_days", kDefaultExpiryDays, 1, kMaxExpiryDays);
  if (!days) return field_error("expires_days", "the expiry must be 1 to 365 days");
  v.max_uses = *uses;
  v.expires_at = call->now + *days * 86400;
  v.code = bot::NewInvitationCode();
  auto stored = std::make_shared<store::Invitation>(v);
  Commit(
      call, "invitation created: " + v.code,
      [stored](store::Transaction& txn) { return txn.invitations().InsertInvitation(*stored); },
      [this, call, stored](const Status& status) {
        // A code already taken (one chance in billions): nothing stored, the
        // page says to try again.
        if (!status.ok()) return Error(*call, Problem::kUnavailable);
        return Json(*call, http::status::ok, {{"invitation", InvitationJson(*stored, call->now)}});
      });
}

void Workspace::ListInvitations(CallPtr call) {
  const store::Account account = call->signed_in->account;
  auto found = std::make_shared<std::vector<store::Invitation>>();
  store_.SubmitRead(
      [found, account](store::ReadTransaction& read) {
        Result<std::vector<store::Invitation>> listed =
            read.invitations().ListInvitations(account.org, kListLimit);
        if (!listed.ok()) return listed.status();
        for (store::Invitation& v : *listed) {
          if (MayView(account, v)) found->push_back(std::move(v));
        }
        return Status::Ok();
      },
      [this, call, found](const Status& status) {
        OnIoThread(call, [this, call, found, status] {
          if (!status.ok()) return call->respond(Error(*call, Problem::kUnavailable));
          json list = json::array();
          for (const store::Invitation& v : *found) list.push_back(InvitationJson(v, call->now));
          call->respond(Json(*call, http::status::ok,
                             {{"invitations", std::move(list)},
                              {"languages", ScriptLanguagesJson()}}));
        });
      });
}

void Workspace::WithVisibleInvitation(CallPtr call, std::string code,
                                      std::function<void(const store::Invitation&)> then) {
  const store::Account account = call->signed_in->account;
  auto found = std::make_shared<std::optional<store::Invitation>>();
  store_.SubmitRead(
      [found, code, account](store::ReadTransaction& read) {
        Result<std::optional<store::Invitation>> v = read.invitations().FindInvitation(code);
        if (!v.ok()) return v.status();
        if (v->has_value() && MayView(account, **v)) *found = std::move(*v);
        return Status::Ok();
      },
      [this, call, found, then = std::move(then)](const Status& status) {
        OnIoThread(call, [this, call, found, status, then] {
          if (!status.ok()) return call->respond(Error(*call, Problem::kUnavailable));
          if (!found->has_value()) return call->respond(Error(*call, Problem::kNoSuchInvitation));
          then(**found);
        });
      });
}

void Workspace::GetInvitation(CallPtr call) {
  WithVisibleInvitation(call, QueryValue(call->request, "code"),
                        [this, call](const store::Invitation& v) {
                          call->respond(Json(*call, http::status::ok,
                                             {{"invitation", InvitationJson(v, call->now)}}));
                        });
}

void Workspace::InvitationQr(CallPtr call) {
  const std::string format = QueryValue(call->request, "format");
  if (format != "svg" && format != "png") return call->respond(Error(*call, Problem::kBadQuery));
  WithVisibleInvitation(call, QueryValue(call->request, "code"),
                        [this, call, format](const store::Invitation& v) {
    Result<qr::QrCode> code = qr::Encode(invitation_channels_.public_url + "/c/" + v.code);
    if (!code.ok()) return call->respond(Error(*call, Problem::kUnavailable));
    if (format == "svg") {
      return call->respond(Download(*call, "image/svg+xml", "levier-" + v.code + ".svg",
                                    qr::Svg(*code, "Levier " + v.code)));
    }
    Result<std::string> png = qr::Png(*code, kPngPixelsPerModule);
    if (!png.ok()) return call->respond(Error(*call, Problem::kUnavailable));
    call->respond(Download(*call, "image/png", "levier-" + v.code + ".png", std::move(*png)));
  });
}

void Workspace::InvitationCard(CallPtr call) {
  const std::string size = QueryValue(call->request, "size");
  if (size != "a6" && size != "a4") return call->respond(Error(*call, Problem::kBadQuery));
  WithVisibleInvitation(call, QueryValue(call->request, "code"),
                        [this, call, size](const store::Invitation& v) {
    const std::string link = invitation_channels_.public_url + "/c/" + v.code;
    Result<qr::QrCode> code = qr::Encode(link);
    if (!code.ok()) return call->respond(Error(*call, Problem::kUnavailable));
    const dialogs::LanguagePack* pack = InvitationLanguage(v.language);
    const std::string lang = pack == nullptr ? "fr" : pack->code;
    const bool rtl = pack != nullptr && pack->rtl;
    const std::map<std::string, std::string> values{
        {"code", v.code}, {"number", invitation_channels_.sms_number}, {"link", link}};
    // In a right-to-left language, the number, the code and the link keep
    // their order (Unicode isolates), as in the residents' messages.
    const auto text = [&](const char* id) {
      std::string filled = Fill(InvitationText(v, id), values);
      return XmlEscape(rtl ? dialogs::IsolateLtrRuns(filled) : filled);
    };
    std::string html = "<!doctype html>\n<html lang=\"" + XmlEscape(lang) + "\" dir=\"" +
                       (rtl ? "rtl" : "ltr") +
                       "\">\n<head>\n<meta charset=\"utf-8\">\n<title>Levier " + v.code +
                       "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
                       "<link rel=\"stylesheet\" href=\"/workspace/card.css\">\n"
                       "</head>\n<body class=\"card " + size + "\">\n<main>\n<h1>" +
                       text("card_title") + "</h1>\n<div class=\"qr\">" +
                       qr::Svg(*code, link) + "</div>\n<p class=\"scan\">" + text("card_scan") +
                       "</p>\n";
    if (!invitation_channels_.sms_number.empty()) {
      html += "<p class=\"sms\">" + text("invite_sms") + "</p>\n";
    }
    html += "<p class=\"code\">" + text("card_code") + "</p>\n<p class=\"link\" dir=\"ltr\">" +
            XmlEscape(link) + "</p>\n</main>\n</body>\n</html>\n";
    HttpResponse res = Json(*call, http::status::ok, json::object());
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.body() = std::move(html);
    res.prepare_payload();
    call->respond(std::move(res));
  });
}

void Workspace::SendInvitation(CallPtr call) {
  const std::string number = NormalizePhone(StringField(call->body, "number", 40));
  if (number.empty()) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "number"},
                                {"detail", "a phone number: 06 12 34 56 78 or +33 6 12 34 56 78"}}));
  }
  if (!invitation_channels_.sms_row) {
    return call->respond(Error(*call, Problem::kSmsOff));
  }
  WithVisibleInvitation(call, StringField(call->body, "code", 16),
                        [this, call, number](const store::Invitation& v) {
    const std::string message = InvitationJson(v, call->now)["message"].get<std::string>();
    std::optional<store::OutboxRecord> row =
        invitation_channels_.sms_row(number, message, v.language, call->now);
    if (!row) return call->respond(Error(*call, Problem::kSmsOff));
    // The number is sealed in the row, blanked once sent; the audit names
    // the invitation, never the number.
    Commit(
        call, "invitation sent by SMS: " + v.code,
        [row = *row](store::Transaction& txn) { return txn.outbox().EnqueueOutbox(row).status(); },
        [this, call](const Status& status) {
          if (!status.ok()) return Error(*call, Problem::kUnavailable);
          if (invitation_channels_.queued) invitation_channels_.queued();
          return Json(*call, http::status::ok, {{"queued", true}});
        });
  });
}

void Workspace::ListSummaries(CallPtr call) {
  const store::Account account = call->signed_in->account;
  auto summaries = std::make_shared<std::vector<store::SharedSummary>>();
  store_.SubmitRead(
      [summaries, account](store::ReadTransaction& read) {
        Result<std::vector<store::Invitation>> mine =
            read.invitations().ListInvitations(account.org, kListLimit);
        if (!mine.ok()) return mine.status();
        std::vector<std::string> codes;
        for (const store::Invitation& v : *mine) {
          if (MayView(account, v)) codes.push_back(v.code);
        }
        Result<std::vector<store::SharedSummary>> shared =
            read.invitations().ListSharedSummaries(codes, kListLimit);
        if (!shared.ok()) return shared.status();
        *summaries = std::move(*shared);
        return Status::Ok();
      },
      [this, call, summaries](const Status& status) {
        OnIoThread(call, [this, call, summaries, status] {
          if (!status.ok()) return call->respond(Error(*call, Problem::kUnavailable));
          json list = json::array();
          std::string ids;
          for (const store::SharedSummary& s : *summaries) {
            json referrals = json::array();
            for (const auto& r : s.referrals) {
              const kb::Provider* p = nullptr;
              std::shared_ptr<const kb::KnowledgeBase> kb;
              if (editing_.knowledge != nullptr) {
                kb = editing_.knowledge->Current();
                p = kb->FindProvider(r.provider_id);
              }
              referrals.push_back({{"barrier", r.barrier},
                                   {"provider_id", r.provider_id},
                                   {"provider", p == nullptr ? r.provider_id : p->name},
                                   {"at", FormatIso8601(r.at)}});
            }
            json followups = json::array();
            for (const auto& f : s.followups) {
              followups.push_back({{"barrier", f.barrier},
                                   {"contacted", f.contacted},
                                   {"rating", f.rating == 0 ? json(nullptr) : json(f.rating)},
                                   {"lifted", f.lifted},
                                   {"at", FormatIso8601(f.at)}});
            }
            list.push_back({{"id", s.id},
                            {"code", s.code},
                            {"language", s.language},
                            {"started_at", FormatIso8601(s.started_at)},
                            {"shared_at", FormatIso8601(s.shared_at)},
                            {"barriers", s.barriers},
                            {"referrals", std::move(referrals)},
                            {"followups", std::move(followups)}});
            ids += (ids.empty() ? "" : ",") + std::to_string(s.id);
          }
          // Every view of a summary is audited (which ones, never their content).
          json answer{{"summaries", std::move(list)}};
          Commit(
              call, "summaries viewed: " + (ids.empty() ? std::string("none") : ids).substr(0, 400),
              [](store::Transaction&) { return Status::Ok(); },
              [this, call, answer](const Status& committed) {
                if (!committed.ok()) return Error(*call, Problem::kUnavailable);
                return Json(*call, http::status::ok, answer);
              });
        });
      });
}

void Workspace::InvitationStats(CallPtr call) {
  auto counts = std::make_shared<std::vector<store::OrgInvitationCounts>>();
  store_.SubmitRead(
      [counts](store::ReadTransaction& read) {
        Result<std::vector<store::OrgInvitationCounts>> c =
            read.invitations().CountInvitationsByOrg();
        if (!c.ok()) return c.status();
        *counts = std::move(*c);
        return Status::Ok();
      },
      [this, call, counts](const Status& status) {
        OnIoThread(call, [this, call, counts, status] {
          if (!status.ok()) return call->respond(Error(*call, Problem::kUnavailable));
          // The small-cell rule of the indicators: a figure about fewer
          // than kMinParticipants people is not shown (null).
          const auto shown = [](std::int64_t people, std::int64_t value) {
            return people < webhook::kMinParticipants ? json(nullptr) : json(value);
          };
          json list = json::array();
          for (const store::OrgInvitationCounts& c : *counts) {
            list.push_back({{"org", c.org},
                            {"created", c.created},
                            {"used", c.used},
                            {"participants", shown(c.participants, c.participants)},
                            {"referrals", shown(c.participants, c.referrals)},
                            {"suppressed", c.participants < webhook::kMinParticipants}});
          }
          call->respond(Json(*call, http::status::ok,
                             {{"orgs", std::move(list)},
                              {"min_participants", webhook::kMinParticipants}}));
        });
      });
}

}  // namespace levier::workspace
