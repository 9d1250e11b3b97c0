// The workspace's routes, pages, and what every endpoint does the same way:
// the session check, CSRF protection, JSON in and out, audited changes.
#include <boost/asio/post.hpp>
#include <charconv>

#include "assets.h"
#include "levier/util/crypto.h"
#include "levier/util/json_depth.h"
#include "levier/util/json_dump.h"
#include "levier/util/log.h"
#include "levier/util/password.h"
#include "levier/util/utf8.h"
#include "levier/webhook/web.h"
#include "levier/workspace/accounts.h"
#include "workspace_impl.h"

namespace levier::workspace {
namespace {

constexpr std::string_view kJsonType = "application/json; charset=utf-8";
// The pages' own files and API only: no inline script or style, no other
// site, never framed. The charts are SVG drawn by the page's own script.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
constexpr std::string_view kRoot = "/workspace/";

struct ProblemText {
  Problem problem;
  http::status status;
  std::string_view code;
  std::string_view message;
};
constexpr ProblemText kProblems[] = {
    {Problem::kSignInFirst, http::status::unauthorized, "sign_in_first", "sign in first"},
    {Problem::kSessionEnded, http::status::unauthorized, "session_ended",
     "your session has ended: sign in again"},
    {Problem::kNotFromWorkspace, http::status::forbidden, "not_from_workspace",
     "refused: this request did not come from the workspace"},
    {Problem::kSecondFactorFirst, http::status::forbidden, "second_factor_first",
     "set up your second factor first"},
    {Problem::kAdminOnly, http::status::forbidden, "admin_only",
     "only an administrator may do this"},
    {Problem::kUnavailable, http::status::service_unavailable, "unavailable",
     "temporarily unavailable, retry"},
    {Problem::kJsonRequired, http::status::unsupported_media_type, "json_required",
     "send JSON (application/json)"},
    {Problem::kTooLarge, http::status::payload_too_large, "too_large", "the request is too large"},
    {Problem::kMalformed, http::status::bad_request, "malformed", "the body must be a JSON object"},
    {Problem::kLoginFailed, http::status::unauthorized, "login_failed",
     "e-mail or password incorrect"},
    {Problem::kTooManyAttempts, http::status::too_many_requests, "too_many_attempts",
     "too many attempts: wait a minute and try again"},
    {Problem::kCodeRequired, http::status::unauthorized, "code_required",
     "enter the 6-digit code of your authenticator app"},
    {Problem::kWrongCode, http::status::unauthorized, "wrong_code", "wrong or already used code"},
    {Problem::kAlreadySetUp, http::status::conflict, "already_set_up",
     "your second factor is already set up"},
    {Problem::kSetupFirst, http::status::conflict, "setup_first",
     "start the setup first (a new secret is needed)"},
    {Problem::kEmailTaken, http::status::conflict, "email_taken",
     "an account with this e-mail already exists"},
    {Problem::kNoSuchAccount, http::status::not_found, "no_such_account",
     "no account with this e-mail"},
    {Problem::kOwnAccount, http::status::conflict, "own_account",
     "you cannot disable your own account: ask another admin"},
    {Problem::kInvalidField, http::status::bad_request, "invalid_field", "a field is not valid"},
    {Problem::kBadQuery, http::status::bad_request, "bad_query", "'before' must be a row number"},
    {Problem::kEditorsOnly, http::status::forbidden, "editors_only",
     "only coordinators and administrators may do this"},
    {Problem::kDraftChanged, http::status::conflict, "draft_changed",
     "someone else changed the draft meanwhile: reload it"},
    {Problem::kPublishedChanged, http::status::conflict, "published_changed",
     "another version was published since this draft began"},
    {Problem::kCheckErrors, http::status::unprocessable_entity, "check_errors",
     "the script has errors: fix them first"},
    {Problem::kNothingToPublish, http::status::conflict, "nothing_to_publish",
     "nothing to publish: this is already the published version"},
    {Problem::kNoSuchVersion, http::status::not_found, "no_such_version", "no such version"},
    {Problem::kNoEditor, http::status::service_unavailable, "no_editor",
     "the script editor is not available on this server"},
    {Problem::kTranscriptExists, http::status::conflict, "transcript_exists",
     "a conversation test has this name already (send \"replace\": true to replace it)"},
    {Problem::kDirectoryChanged, http::status::conflict, "directory_changed",
     "someone else changed the directory meanwhile: reload it"},
    {Problem::kNoSuchProvider, http::status::not_found, "no_such_provider",
     "no provider with this id"},
    {Problem::kProviderRefused, http::status::unprocessable_entity, "provider_refused",
     "the directory's rules refuse this change"},
    {Problem::kProviderExists, http::status::conflict, "provider_exists",
     "a provider has this id already"},
    {Problem::kImportRefused, http::status::unprocessable_entity, "import_refused",
     "the file cannot be imported: nothing was changed"},
    {Problem::kNoSuchInvitation, http::status::not_found, "no_such_invitation",
     "no invitation with this code among yours"},
    {Problem::kSmsOff, http::status::service_unavailable, "sms_off",
     "this server cannot send SMS (no Twilio sender configured)"},
};
constexpr std::string_view kApi = "/workspace/api/";

}  // namespace

std::string StringField(const json& body, const char* name, std::size_t max_bytes) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return "";
  const std::string& value = it->get_ref<const std::string&>();
  return value.size() > max_bytes ? std::string() : value;
}

bool BoolField(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

CallPtr NewCall(HttpRequest request, const RequestContext& context, Respond respond) {
  auto call = std::make_shared<Call>();
  call->request = std::move(request);
  call->context = context;
  call->respond = std::move(respond);
  call->now = NowUnixSeconds();
  call->client = context.client_address.empty() ? context.remote_address : context.client_address;
  return call;
}

Workspace::Workspace(Settings settings, store::Store& store, const webhook::ServerLimits& limits,
                     Metrics* metrics, ScriptEditing editing,
                     InvitationChannels invitation_channels)
    : settings_(std::move(settings)),
      store_(store),
      limits_(limits),
      metrics_(metrics),
      logins_per_account_(settings_.failed_logins_per_account_per_minute),
      logins_per_client_(settings_.logins_per_client_per_minute),
      editing_(std::move(editing)),
      invitation_channels_(std::move(invitation_channels)) {
  // On the hashing thread, which verifies every login after this: the
  // server does not wait for a deliberately slow hash before it listens.
  boost::asio::post(hashing_, [this] {
    Result<std::string> dummy = password::Hash(crypto::HexEncode(crypto::RandomBytes(16)));
    if (dummy.ok()) dummy_hash_ = std::move(*dummy);
  });
}

Workspace::~Workspace() {
  hashing_.join();
  scripting_.join();
}

std::vector<webhook::Route> Workspace::Routes() {
  std::vector<webhook::Route> routes;
  const auto page = [this](std::string path, std::string_view asset) {
    return webhook::Route{http::verb::get, std::move(path),
                          [this, asset](HttpRequest request, const RequestContext&,
                                        Respond respond) { respond(Page(request, asset)); }};
  };
  routes.push_back(page(std::string(kRoot), "index.html"));
  for (const webhook::EmbeddedAsset& asset : EmbeddedAssets()) {
    if (asset.name != "index.html") {
      routes.push_back(page(std::string(kRoot) + std::string(asset.name), asset.name));
    }
  }
  routes.push_back({http::verb::get, "/workspace",
                    [](HttpRequest request, const RequestContext&, Respond respond) {
                      HttpResponse res =
                          webhook::MakeResponse(request, http::status::permanent_redirect,
                                                "text/plain; charset=utf-8", "see /workspace/\n");
                      res.set(http::field::location, kRoot);
                      respond(std::move(res));
                    }});
  const std::string api(kApi);
  routes.push_back({http::verb::post, api + "login",
                    [this](HttpRequest request, const RequestContext& context, Respond respond) {
                      Login(std::move(request), context, std::move(respond));
                    }});
  routes.push_back(
      {http::verb::get, api + "me", Guarded(Access::kDuringTotpSetup, &Workspace::Me)});
  routes.push_back(
      {http::verb::post, api + "logout", Guarded(Access::kDuringTotpSetup, &Workspace::Logout)});
  routes.push_back({http::verb::post, api + "totp/setup",
                    Guarded(Access::kDuringTotpSetup, &Workspace::StartTotpSetup)});
  routes.push_back({http::verb::post, api + "totp/confirm",
                    Guarded(Access::kDuringTotpSetup, &Workspace::ConfirmTotp)});
  routes.push_back({http::verb::post, api + "password",
                    Guarded(Access::kDuringTotpSetup, &Workspace::ChangePassword)});
  routes.push_back(
      {http::verb::get, api + "accounts", Guarded(Access::kAdmin, &Workspace::ListAccounts)});
  routes.push_back(
      {http::verb::post, api + "accounts", Guarded(Access::kAdmin, &Workspace::CreateAccount)});
  routes.push_back({http::verb::post, api + "accounts/disable",
                    Guarded(Access::kAdmin, &Workspace::DisableAccount)});
  routes.push_back(
      {http::verb::get, api + "audit", Guarded(Access::kAdmin, &Workspace::ListAudit)});
  const std::pair<http::verb, std::pair<const char*, Handler>> script_routes[] = {
      {http::verb::get, {"script", &Workspace::GetScript}},
      {http::verb::post, {"script/edit", &Workspace::EditScript}},
      {http::verb::post, {"script/discard", &Workspace::DiscardDraft}},
      {http::verb::get, {"script/changes", &Workspace::ScriptChangesOf}},
      {http::verb::post, {"script/preview", &Workspace::PreviewScript}},
      {http::verb::post, {"script/publish", &Workspace::PublishScript}},
      {http::verb::get, {"script/versions", &Workspace::ListScriptVersions}},
      {http::verb::post, {"script/rollback", &Workspace::RollbackScript}},
      {http::verb::get, {"script/transcripts", &Workspace::ListTranscripts}},
      {http::verb::post, {"script/transcripts/run", &Workspace::RunTranscripts}},
      {http::verb::post, {"script/transcripts/record", &Workspace::RecordTranscript}},
      {http::verb::get, {"providers", &Workspace::ListProviders}},
      {http::verb::get, {"providers.csv", &Workspace::DownloadProvidersCsv}},
      {http::verb::post, {"providers/verify", &Workspace::VerifyProvider}},
      {http::verb::post, {"providers/retire", &Workspace::RetireProvider}},
      {http::verb::post, {"providers/save", &Workspace::SaveProvider}},
  };
  for (const auto& [verb, route] : script_routes) {
    routes.push_back({verb, api + route.first, Guarded(Access::kEditor, route.second)});
  }
  const std::pair<http::verb, std::pair<const char*, Handler>> invitation_routes[] = {
      {http::verb::post, {"invitations", &Workspace::CreateInvitation}},
      {http::verb::get, {"invitations", &Workspace::ListInvitations}},
      {http::verb::get, {"invitations/one", &Workspace::GetInvitation}},
      {http::verb::get, {"invitations/qr", &Workspace::InvitationQr}},
      {http::verb::get, {"invitations/card", &Workspace::InvitationCard}},
      {http::verb::post, {"invitations/send", &Workspace::SendInvitation}},
      {http::verb::get, {"summaries", &Workspace::ListSummaries}},
  };
  for (const auto& [verb, route] : invitation_routes) {
    routes.push_back({verb, api + route.first, Guarded(Access::kSignedIn, route.second)});
  }
  routes.push_back({http::verb::get, api + "invitations/stats",
                    Guarded(Access::kEditor, &Workspace::InvitationStats)});
  // The JSON wrapping of a file adds escapes: room for them over the file's bound.
  const std::size_t import_body = kMaxImportBytes + kMaxImportBytes / 4;
  routes.push_back({http::verb::post, api + "providers/import",
                    Guarded(Access::kEditor, &Workspace::ImportProviders, import_body),
                    import_body});
  return routes;
}

HttpResponse Workspace::Page(const HttpRequest& request, std::string_view name) const {
  for (const webhook::EmbeddedAsset& asset : EmbeddedAssets()) {
    if (asset.name != name) continue;
    // The page is small and changes with each release: revalidated each time.
    return webhook::ServeEmbeddedAsset(request, asset, webhook::ContentTypeOf(name), "no-cache",
                                       kContentSecurityPolicy);
  }
  return webhook::MakeResponse(request, http::status::not_found, "text/plain; charset=utf-8",
                               "not found\n");
}

HttpResponse Workspace::Json(const Call& call, http::status status, const json& body) const {
  HttpResponse res = webhook::MakeResponse(call.request, status, kJsonType, DumpJson(body) + "\n");
  res.set(http::field::cache_control, "no-store");
  webhook::AddBrowserSecurityHeaders(res, kContentSecurityPolicy);
  return res;
}

HttpResponse Workspace::Download(const Call& call, std::string_view type,
                                 std::string_view file_name, std::string body) const {
  HttpResponse res = webhook::MakeResponse(call.request, http::status::ok, type, std::move(body));
  res.set(http::field::cache_control, "no-store");
  res.set(http::field::content_disposition,
          "attachment; filename=\"" + std::string(file_name) + "\"");
  webhook::AddBrowserSecurityHeaders(res, kContentSecurityPolicy);
  return res;
}

HttpResponse Workspace::Error(const Call& call, Problem problem, json extra) const {
  for (const ProblemText& p : kProblems) {
    if (p.problem != problem) continue;
    extra["error"] = p.message;
    extra["code"] = p.code;
    return Json(call, p.status, extra);
  }
  return Json(call, http::status::internal_server_error, json{{"error", "internal error"}});
}

bool Workspace::FromOwnOrigin(const HttpRequest& request) const {
  return webhook::OriginOf(request[http::field::origin]) == settings_.origin;
}

std::optional<HttpResponse> Workspace::ParseBody(Call& call, std::size_t max_bytes) const {
  if (!webhook::IsContentType(call.request[http::field::content_type], "application/json")) {
    return Error(call, Problem::kJsonRequired);
  }
  const std::string& text = call.request.body();
  if (text.size() > max_bytes) {
    return Error(call, Problem::kTooLarge);
  }
  if (JsonDepth(text) > 4) return Error(call, Problem::kMalformed);
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Error(call, Problem::kMalformed);
  }
  call.body = std::move(parsed);
  return std::nullopt;
}

std::string Workspace::SessionCookie(std::string_view token) const {
  // No Max-Age: a browser session; the server ends it after inactivity too.
  std::string cookie = std::string(webhook::kWorkspaceCookie) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict";
  if (settings_.secure_cookie) cookie += "; Secure";
  return cookie;
}

std::string Workspace::ExpiredCookie() const {
  std::string cookie =
      std::string(webhook::kWorkspaceCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
  if (settings_.secure_cookie) cookie += "; Secure";
  return cookie;
}

json Workspace::ScriptLanguagesJson() const {
  json languages = json::array();
  if (editing_.registry == nullptr) return languages;
  const std::shared_ptr<const dialogs::Script> script = editing_.registry->Current();
  if (script == nullptr) return languages;
  for (const std::string& code : script->languages()) {
    const dialogs::LanguagePack* pack = script->Language(code);
    languages.push_back({{"code", code},
                         {"name", pack == nullptr ? code : pack->name},
                         {"direction", pack != nullptr && pack->rtl ? "rtl" : "ltr"}});
  }
  return languages;
}

json Workspace::AccountJson(const store::Account& a) const {
  return {{"email", a.email},
          {"role", a.role},
          {"org", a.org},
          {"totp_enabled", a.totp_enabled},
          {"created_at", FormatIso8601(a.created_at)},
          {"last_login_at", a.last_login_at == 0 ? "" : FormatIso8601(a.last_login_at)},
          {"disabled", a.disabled_at != 0}};
}

json Workspace::MeJson(const webhook::SignedIn& s) const {
  json me = AccountJson(s.account);
  me["csrf_token"] = s.session.csrf_token;
  me["must_set_up_totp"] = webhook::MustSetUpSecondFactor(s.account);
  return me;
}

void Workspace::OnIoThread(const CallPtr& call, std::function<void()> fn) {
  if (call->context.post) return call->context.post(std::move(fn));
  fn();
}

void Workspace::OnHashingThread(std::function<void()> fn) {
  boost::asio::post(hashing_, std::move(fn));
}

webhook::RouteHandler Workspace::Guarded(Access access, Handler handler, std::size_t body_bytes) {
  return
      [this, access, handler, body_bytes](HttpRequest request, const RequestContext& context,
                                          Respond respond) {
        CallPtr call = NewCall(std::move(request), context, std::move(respond));
        const std::string token =
            webhook::WorkspaceTokenFromCookies(call->request[http::field::cookie]);
        if (token.empty()) {
          return call->respond(Error(*call, Problem::kSignInFirst));
        }
        call->session_hash = webhook::WebSessionHash(token);
        const bool change = call->request.method() == http::verb::post;
        if (change) {
          // Two independent defences against cross-site requests: the browser's
          // Origin header, and the session's token that only our pages can read.
          if (!FromOwnOrigin(call->request) || call->request["X-CSRF-Token"].empty()) {
            return call->respond(Error(*call, Problem::kNotFromWorkspace));
          }
          if (std::optional<HttpResponse> bad = ParseBody(*call, body_bytes))
            return call->respond(std::move(*bad));
        }
        CheckSession(std::move(call), access, handler);
      };
}

void Workspace::CheckSession(CallPtr call, Access access, Handler handler) {
  auto found = std::make_shared<std::optional<webhook::SignedIn>>();
  store_.SubmitRead(
      [this, call, found](store::ReadTransaction& read) {
        Result<std::optional<webhook::SignedIn>> signed_in = webhook::FindSignedIn(
            read.accounts(), call->session_hash, settings_.sessions, call->now);
        if (!signed_in.ok()) return signed_in.status();
        *found = std::move(*signed_in);
        return Status::Ok();
      },
      [this, call, found, access, handler](const Status& status) {
        OnIoThread(call, [this, call, found, access, handler, status] {
          if (!status.ok()) {
            return call->respond(Error(*call, Problem::kUnavailable));
          }
          if (!found->has_value()) {
            HttpResponse res = Error(*call, Problem::kSessionEnded);
            res.set(http::field::set_cookie, ExpiredCookie());
            return call->respond(std::move(res));
          }
          const webhook::SignedIn& s = **found;
          if (call->request.method() == http::verb::post &&
              !crypto::ConstantTimeEquals(call->request["X-CSRF-Token"], s.session.csrf_token)) {
            return call->respond(Error(*call, Problem::kNotFromWorkspace));
          }
          if (access != Access::kDuringTotpSetup && webhook::MustSetUpSecondFactor(s.account)) {
            return call->respond(
                Error(*call, Problem::kSecondFactorFirst, {{"must_set_up_totp", true}}));
          }
          if (access == Access::kAdmin && s.account.role != store::kRoleAdmin) {
            return call->respond(Error(*call, Problem::kAdminOnly));
          }
          if (access == Access::kEditor && s.account.role != store::kRoleAdmin &&
              s.account.role != store::kRoleCoordinator) {
            return call->respond(Error(*call, Problem::kEditorsOnly));
          }
          call->signed_in = std::move(**found);
          (this->*handler)(call);
        });
      });
}

void Workspace::Commit(CallPtr call, std::string detail, store::Store::Work work,
                       std::function<HttpResponse(const Status&)> answer, int audit_status) {
  store::AuditRecord audit;
  audit.at = call->now;
  if (call->signed_in) {
    audit.account = call->signed_in->account.email;
    audit.org = call->signed_in->account.org;
    audit.role = call->signed_in->account.role;
  }
  audit.client = call->client;
  audit.method = std::string(call->request.method_string());
  const std::string_view target = call->request.target();
  audit.target = std::string(TruncateUtf8(ScrubUtf8(target.substr(0, target.find('?'))), 128));
  audit.status = audit_status;
  audit.detail = std::move(detail);
  const std::string session = call->session_hash;
  store_.Submit(
      [work = std::move(work), audit = std::move(audit), session,
       now = call->now](store::Transaction& txn) {
        if (Status done = work(txn); !done.ok()) return done;
        if (!session.empty()) {
          if (Status touched = txn.accounts().TouchWebSession(session, now); !touched.ok()) {
            return touched;
          }
        }
        return audit.detail.empty() ? Status::Ok() : txn.tokens().AppendAudit(audit);
      },
      [call, answer = std::move(answer)](const Status& status) {
        OnIoThread(call, [call, answer, status] { call->respond(answer(status)); });
      });
}

Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv,
                                                        std::string_view public_url,
                                                        std::string_view levier_secret) {
  const auto get = [&](const char* name) {
    const char* value = getenv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  const std::string switch_value = get("LEVIER_WORKSPACE");
  if (switch_value == "off") return std::optional<Settings>();
  if (!switch_value.empty() && switch_value != "on") {
    return Status::InvalidArgument("LEVIER_WORKSPACE must be \"on\" or \"off\", got '" +
                                   switch_value + "'");
  }
  Settings settings;
  std::optional<std::string> origin = webhook::OriginOf(public_url);
  if (!origin) {
    return Status::InvalidArgument(
        "the workspace needs an http(s) public URL (LEVIER_PUBLIC_URL) to check where changes "
        "come from; set LEVIER_WORKSPACE=off to turn it off");
  }
  settings.origin = std::move(*origin);
  settings.secure_cookie = !webhook::IsLoopbackHttp(public_url);
  settings.totp_key = TotpSealingKey(levier_secret);
  if (const std::string idle = get("LEVIER_WORKSPACE_IDLE_MINUTES"); !idle.empty()) {
    int minutes = 0;
    auto [end, ec] = std::from_chars(idle.data(), idle.data() + idle.size(), minutes);
    if (ec != std::errc() || end != idle.data() + idle.size() || minutes < 5 || minutes > 480) {
      return Status::InvalidArgument(
          "LEVIER_WORKSPACE_IDLE_MINUTES must be a whole number of minutes from 5 to 480");
    }
    settings.sessions.idle_seconds = minutes * 60;
  }
  return std::optional<Settings>(std::move(settings));
}

std::unique_ptr<webhook::RouteSource> CreateWorkspace(
    Settings settings, store::Store& store, const webhook::ServerLimits& limits, Metrics* metrics,
    ScriptEditing editing, InvitationChannels invitation_channels) {
  return std::make_unique<Workspace>(std::move(settings), store, limits, metrics,
                                     std::move(editing), std::move(invitation_channels));
}

}  // namespace levier::workspace
