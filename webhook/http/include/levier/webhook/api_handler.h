// The coordinators' and partners' API under /api/v1/ (indicators, coverage
// map, providers map, watch report). Every call needs `Authorization: Bearer
// <token>`, or the cookie of a workspace session (web_session.h: the
// workspace's pages read the API with their account's role; an admin who
// has not set up a second factor may call nothing); no, unknown, expired or
// revoked token or session → 401 with WWW-Authenticate,
// wrong role → 403. Every authenticated call is recorded in the audit table
// before its response leaves (if the audit cannot be written, 503 and no
// data). Failed authentications spend the client address's allowance
// (`failed_auth`, shared with the webhook): past it, 429 with Retry-After
// before any lookup. Their audit is bounded, since the audit shares the
// writer with residents' messages: a row only while the client has
// allowance left and at most kFailedAuthAuditsPerMinute rows a minute in
// all, with the path only (at most kMaxUnauthenticatedTarget bytes); the
// rest are counted in /metrics.
// Routes, roles, formats and the small-cell rule: docs/api.md.
//
// Token lookup, data reads and the audit write all go through the store
// (SubmitRead / Submit): Handle never blocks the calling I/O thread.
//
// Thread-safety: Handle may run concurrently on any number of threads.
// SetCoverageLabels must be called before the first Handle.
#pragma once

#include <memory>

#include "levier/kb/coverage.h"
#include "levier/kb/knowledge_base.h"
#include "levier/kb/registry.h"
#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/util/rate_limiter.h"
#include "levier/webhook/http.h"
#include "levier/webhook/web_session.h"

namespace levier::webhook {

class ApiHandler {
 public:
  static constexpr std::uint32_t kFailedAuthAuditsPerMinute = 60;
  static constexpr std::size_t kMaxUnauthenticatedTarget = 64;

  // `store`, `knowledge` and `failed_auth` must outlive the handler; `metrics` may be null.
  ApiHandler(store::Store& store, const kb::KnowledgeBaseRegistry& knowledge,
             RateLimiter& failed_auth, Metrics* metrics);

  // REQUIRES: the request target starts with "/api/v1/".
  void Handle(HttpRequest request, const RequestContext& context, Respond respond);

  // Words of the coverage chart (knowledge-base/data/coverage-labels.fr.json);
  // without them the chart shows barrier codes. REQUIRES: before any Handle.
  void SetCoverageLabels(kb::CoverageLabels labels) { coverage_labels_ = std::move(labels); }
  // How long workspace sessions last. REQUIRES: before any Handle.
  void SetSessionPolicy(SessionPolicy policy) { session_policy_ = policy; }

 private:
  struct Call;
  // The token's or the session's role and organisation (call.outcome ok), or 401.
  Status Authenticate(store::ReadTransaction& read, Call& call) const;
  // Runs on the store reader: token lookup, access decision, data reads.
  Status Read(store::ReadTransaction& read, Call& call) const;
  // The response of an authorised, well-formed call (after Read).
  HttpResponse Render(const Call& call) const;
  // Records the call, then responds (503 instead when the audit failed).
  void AuditThenRespond(std::shared_ptr<Call> call, HttpResponse response);
  // A call without a valid token: spends the client's allowance, audited
  // only within the bounds above.
  void AuthenticationFailed(std::shared_ptr<Call> call, HttpResponse response);

  store::Store& store_;
  const kb::KnowledgeBaseRegistry& knowledge_;
  kb::CoverageLabels coverage_labels_;
  SessionPolicy session_policy_;
  RateLimiter& failed_auth_;
  RateLimiter failed_auth_audits_{kFailedAuthAuditsPerMinute};  // one key: all clients
  Metrics* metrics_;
};

}  // namespace levier::webhook
