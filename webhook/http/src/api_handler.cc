// The /api/v1/ flow: bearer token → store read (lookup, access decision,
// data) → response → audit unit committed → response sent.
#include "levier/webhook/api_handler.h"

#include <string>
#include <vector>

#include "api_routes.h"
#include "levier/kb/coverage.h"
#include "levier/kb/geojson.h"
#include "levier/store/tokens.h"
#include "levier/util/json_dump.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"
#include "levier/util/utf8.h"
#include "levier/webhook/http.h"
#include "levier/webhook/indicators_format.h"
#include "levier/webhook/web_session.h"

namespace levier::webhook {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kCsv = "text/csv; charset=utf-8";
constexpr std::size_t kMaxAuditTarget = 512;
constexpr UnixSeconds kDay = 24 * 60 * 60;

HttpResponse Reply(const HttpRequest& request, http::status status, std::string_view type,
                   std::string body) {
  HttpResponse res = MakeResponse(request, status, type, std::move(body));
  // Aggregates about residents and access decisions: never kept by caches.
  res.set(http::field::cache_control, "no-store");
  return res;
}

HttpResponse Error(const HttpRequest& request, http::status status, const std::string& message) {
  return Reply(request, status, kJson, DumpJson(nlohmann::json{{"error", message}}) + "\n");
}

// What the audit keeps of the path of a caller without a valid token: bounded,
// printable ASCII only (anything else becomes '?'), no query.
std::string UnauthenticatedTarget(std::string_view path) {
  std::string target(path.substr(0, ApiHandler::kMaxUnauthenticatedTarget));
  for (char& c : target) {
    if (c <= ' ' || c > '~') c = '?';
  }
  return target;
}

}  // namespace

struct ApiHandler::Call {
  HttpRequest request;  // the body is dropped: GET carries none worth keeping
  Respond respond;
  std::string path;
  std::string query;
  std::string token_hash;
  std::string session_hash;  // a workspace session instead of a token
  std::string client;  // the client's address (behind trusted proxies, the real one)
  UnixSeconds now = 0;
  std::int64_t now_ms = 0;  // monotonic, for the rate limits

  // Decided by Read.
  http::status outcome = http::status::unauthorized;
  std::string error;
  std::string org;  // "" until authenticated
  std::string role;
  std::string token_id;
  std::string account;  // the e-mail of a workspace session's account
  const api::Route* route = nullptr;
  api::Query params;
  store::Indicators indicators;
  std::vector<store::UnreachableReport> unreachable;
  std::vector<store::UnreachableReport> badly_rated;
};

ApiHandler::ApiHandler(store::Store& store, const kb::KnowledgeBaseRegistry& knowledge,
                       RateLimiter& failed_auth, Metrics* metrics)
    : store_(store), knowledge_(knowledge), failed_auth_(failed_auth), metrics_(metrics) {}

void ApiHandler::Handle(HttpRequest request, const RequestContext& context, Respond respond) {
  auto call = std::make_shared<Call>();
  request.body().clear();
  const std::string_view target(request.target().data(), request.target().size());
  const std::size_t q = target.find('?');
  call->path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) call->query = std::string(target.substr(q + 1));
  call->client =
      context.client_address.empty() ? context.remote_address : context.client_address;
  call->now = NowUnixSeconds();
  call->now_ms = MonotonicMicros() / 1000;
  const std::string_view token = api::BearerToken(request[http::field::authorization]);
  // The workspace's pages call the API with their session cookie; a token,
  // when there is one, decides.
  const std::string session_token =
      token.empty() ? WorkspaceTokenFromCookies(request[http::field::cookie]) : std::string();
  call->request = std::move(request);
  call->respond = std::move(respond);

  // A client that has failed too often is refused before any lookup or write.
  if (const std::int64_t wait = failed_auth_.WaitMillis(call->client, call->now_ms); wait > 0) {
    if (metrics_ != nullptr) metrics_->CountLimited("api_failed_auth");
    HttpResponse res = Error(call->request, http::status::too_many_requests,
                             "too many failed authentications, retry later");
    res.set(http::field::retry_after, RetryAfterSeconds(wait));
    return call->respond(std::move(res));
  }
  if (token.empty() && !session_token.empty()) {
    call->session_hash = WebSessionHash(session_token);
  } else if (token.empty()) {
    call->error = "missing or malformed Authorization: Bearer <token>";
    HttpResponse res = Error(call->request, http::status::unauthorized, call->error);
    res.set(http::field::www_authenticate, "Bearer realm=\"levier\"");
    return AuthenticationFailed(std::move(call), std::move(res));
  }
  if (!token.empty()) call->token_hash = store::HashApiToken(token);
  store_.SubmitRead([this, call](store::ReadTransaction& read) { return Read(read, *call); },
                    [this, call](const Status& status) {
                      if (!status.ok()) {
                        log::Warn("api_read_failed", {{"error", status.message()}});
                        HttpResponse res = Error(call->request, StatusToHttp(status),
                                                 "temporarily unavailable, retry");
                        return AuditThenRespond(call, std::move(res));
                      }
                      HttpResponse res = Render(*call);
                      if (call->outcome == http::status::unauthorized) {
                        return AuthenticationFailed(call, std::move(res));
                      }
                      AuditThenRespond(call, std::move(res));
                    });
}

Status ApiHandler::Authenticate(store::ReadTransaction& read, Call& call) const {
  if (!call.session_hash.empty()) {
    Result<std::optional<SignedIn>> signed_in =
        FindSignedIn(read.accounts(), call.session_hash, session_policy_, call.now);
    if (!signed_in.ok()) return signed_in.status();
    if (!signed_in->has_value()) {
      call.outcome = http::status::unauthorized;
      call.error = "the workspace session has ended: sign in again";
      return Status::Ok();
    }
    const store::Account& account = (*signed_in)->account;
    call.account = account.email;
    call.org = account.org;
    call.role = MustSetUpSecondFactor(account) ? "" : account.role;  // "" may call nothing
    call.outcome = http::status::ok;
    return Status::Ok();
  }
  // The hash is the primary key: the lookup compares hashes, never the token.
  Result<std::optional<store::ApiToken>> token = read.tokens().FindApiToken(call.token_hash);
  if (!token.ok()) return token.status();
  if (!token->has_value() || (*token)->revoked_at.has_value() ||
      call.now >= (*token)->expires_at) {
    call.outcome = http::status::unauthorized;
    call.error = "unknown, expired or revoked token";
    return Status::Ok();
  }
  call.org = (*token)->org;
  call.role = (*token)->role;
  call.token_id = (*token)->id;
  call.outcome = http::status::ok;
  return Status::Ok();
}

Status ApiHandler::Read(store::ReadTransaction& read, Call& call) const {
  if (Status authenticated = Authenticate(read, call);
      !authenticated.ok() || call.outcome != http::status::ok) {
    return authenticated;
  }
  call.route = api::FindRoute(call.path);
  if (call.route == nullptr) {
    call.outcome = http::status::not_found;
    call.error = "no such endpoint (see docs/api.md)";
    return Status::Ok();
  }
  if (call.request.method() != http::verb::get && call.request.method() != http::verb::head) {
    call.outcome = http::status::method_not_allowed;
    call.error = "only GET and HEAD are allowed";
    return Status::Ok();
  }
  if (!api::RoleMayUse(call.role, *call.route)) {
    call.outcome = http::status::forbidden;
    call.error = "role '" + call.role + "' may not call " + std::string(call.route->path);
    return Status::Ok();
  }
  Result<api::Query> params = api::ParseQuery(call.query, *call.route, call.role);
  if (!params.ok()) {
    call.outcome = StatusToHttp(params.status());
    call.error = params.status().message();
    return Status::Ok();
  }
  call.params = std::move(*params);
  if (call.route->endpoint == api::Endpoint::kIndicators) {
    Result<store::Indicators> indicators = read.reports().ComputeIndicators(call.params.period);
    if (!indicators.ok()) return indicators.status();
    call.indicators = std::move(*indicators);
  } else if (call.route->endpoint == api::Endpoint::kWatch) {
    const UnixSeconds since = call.now - call.params.days * kDay;
    Result<std::vector<store::UnreachableReport>> flagged = read.reports().ListUnreachable(since);
    if (!flagged.ok()) return flagged.status();
    call.unreachable = std::move(*flagged);
    Result<std::vector<store::UnreachableReport>> rated = read.reports().ListBadlyRated(since);
    if (!rated.ok()) return rated.status();
    call.badly_rated = std::move(*rated);
  }
  call.outcome = http::status::ok;
  return Status::Ok();
}

HttpResponse ApiHandler::Render(const Call& call) const {
  // One snapshot for the whole response, however coordinators edit meanwhile.
  const std::shared_ptr<const kb::KnowledgeBase> kb = knowledge_.Current();
  const HttpRequest& req = call.request;
  if (call.outcome != http::status::ok) {
    HttpResponse res = Error(req, call.outcome, call.error);
    if (call.outcome == http::status::unauthorized) {
      res.set(http::field::www_authenticate, "Bearer realm=\"levier\", error=\"invalid_token\"");
    } else if (call.outcome == http::status::method_not_allowed) {
      res.set(http::field::allow, "GET, HEAD");
    }
    return res;
  }
  const api::Query& q = call.params;
  switch (call.route->endpoint) {
    case api::Endpoint::kIndicators: {
      const IndicatorsFormat format{q.suppress, call.now, kb.get(), q.from, q.to};
      if (!q.csv) {
        return Reply(req, http::status::ok, kJson,
                     DumpJson(IndicatorsToJson(call.indicators, format)) + "\n");
      }
      Result<std::string> csv = IndicatorsToCsv(call.indicators, q.table, format);
      if (!csv.ok()) return Error(req, StatusToHttp(csv.status()), csv.status().message());
      return Reply(req, http::status::ok, kCsv, std::move(*csv));
    }
    case api::Endpoint::kCoverage: {
      const kb::CoverageMatrix matrix = kb::ComputeCoverage(*kb);
      if (q.csv) return Reply(req, http::status::ok, kCsv, kb::CoverageCsv(matrix));
      return Reply(req, http::status::ok, kJson, DumpJson(kb::CoverageJson(matrix)) + "\n");
    }
    case api::Endpoint::kCoverageSvg:
      return Reply(req, http::status::ok, "image/svg+xml",
                   kb::RenderCoverageSvg(*kb, coverage_labels_));
    case api::Endpoint::kProvidersGeoJson:
      return Reply(req, http::status::ok, "application/geo+json",
                   DumpJson(kb::ProvidersGeoJson(*kb)) + "\n");
    case api::Endpoint::kWatch: {
      nlohmann::json report = kb::WatchReport(*kb, FormatIso8601(call.now).substr(0, 10));
      // The small-cell rule of the indicators: no provider flagged by fewer
      // than kMinParticipants, and only the month of the last flag (the
      // exact time would date one resident's answer).
      const auto listed = [&](const std::vector<store::UnreachableReport>& rows,
                              const char* name) {
        nlohmann::json flagged = nlohmann::json::array();
        std::int64_t hidden = 0;
        for (const store::UnreachableReport& u : rows) {
          if (q.suppress && u.participants < kMinParticipants) {
            ++hidden;
            continue;
          }
          const kb::Provider* p = kb->FindProvider(u.provider_id);
          const std::string last = FormatIso8601(u.last_at);
          flagged.push_back({{"id", u.provider_id},
                             {"name", p == nullptr ? std::string() : p->name},
                             {"answers", u.answers},
                             {"participants", u.participants},
                             {"last_reported", q.suppress ? last.substr(0, 7) : last}});
        }
        report[name] = std::move(flagged);
        report[std::string(name) + "_days"] = q.days;
        report[std::string(name) + "_hidden"] = hidden;
      };
      listed(call.unreachable, "could_not_reach");
      listed(call.badly_rated, "rated_badly");
      report["suppressed"] = q.suppress;
      report["min_participants"] = kMinParticipants;
      return Reply(req, http::status::ok, kJson, DumpJson(report) + "\n");
    }
  }
  return Error(req, http::status::internal_server_error, "unknown endpoint");
}

void ApiHandler::AuthenticationFailed(std::shared_ptr<Call> call, HttpResponse response) {
  (void)failed_auth_.Allow(call->client, call->now_ms);
  if (!failed_auth_audits_.Allow("", call->now_ms)) {
    if (metrics_ != nullptr) metrics_->CountLimited("api_audit_sampled_out");
    return call->respond(std::move(response));
  }
  AuditThenRespond(std::move(call), std::move(response));
}

void ApiHandler::AuditThenRespond(std::shared_ptr<Call> call, HttpResponse response) {
  store::AuditRecord record;
  record.at = call->now;
  record.org = call->org;
  record.role = call->role;
  record.token_id = call->token_id;
  record.account = call->account;
  record.client = call->client;
  record.method = std::string(call->request.method_string().substr(0, 16));
  if (call->token_id.empty() && call->account.empty()) {
    record.target = UnauthenticatedTarget(call->path);
  } else {
    record.target = call->path;
    if (!call->query.empty()) record.target += "?" + call->query;
    record.target = TruncateUtf8(ScrubUtf8(record.target), kMaxAuditTarget);
  }
  record.status = static_cast<int>(response.result_int());
  auto res = std::make_shared<HttpResponse>(std::move(response));
  store_.Submit(
      [record = std::move(record), session = call->account.empty() ? std::string()
                                                                    : call->session_hash,
       now = call->now](store::Transaction& txn) {
        // A workspace page reading the API is activity: the session stays open.
        if (!session.empty()) {
          if (Status touched = txn.accounts().TouchWebSession(session, now); !touched.ok()) {
            return touched;
          }
        }
        return txn.tokens().AppendAudit(record);
      },
      [call, res](const Status& status) {
        if (status.ok()) return call->respond(std::move(*res));
        // No audit row, no data: the call did not happen as far as anyone can tell.
        log::Warn("api_audit_failed", {{"error", status.message()}});
        HttpResponse unavailable = Error(call->request, http::status::service_unavailable,
                                         "temporarily unavailable, retry");
        unavailable.set(http::field::retry_after, "5");
        call->respond(std::move(unavailable));
      });
}

}  // namespace levier::webhook
