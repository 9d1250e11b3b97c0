// The coordinators' and partners' API under /api/v1/ (indicators, coverage
// map, providers map, watch report). Every call needs `Authorization: Bearer
// <token>`; no or unknown token → 401 with WWW-Authenticate, wrong role → 403;
// every call, refused ones included, is recorded in the audit table before
// its response leaves (if the audit cannot be written, 503 and no data).
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
#include "levier/store/store.h"
#include "levier/webhook/http.h"

namespace levier::webhook {

class ApiHandler {
 public:
  // `store` must outlive the handler.
  ApiHandler(store::Store& store, std::shared_ptr<const kb::KnowledgeBase> kb);

  // REQUIRES: the request target starts with "/api/v1/".
  void Handle(HttpRequest request, const RequestContext& context, Respond respond);

  // Words of the coverage chart (knowledge-base/data/coverage-labels.fr.json);
  // without them the chart shows barrier codes. REQUIRES: before any Handle.
  void SetCoverageLabels(kb::CoverageLabels labels) { coverage_labels_ = std::move(labels); }

 private:
  struct Call;
  // Runs on the store reader: token lookup, access decision, data reads.
  Status Read(store::ReadTransaction& read, Call& call) const;
  // The response of an authorised, well-formed call (after Read).
  HttpResponse Render(const Call& call) const;
  // Records the call, then responds (503 instead when the audit failed).
  void AuditThenRespond(std::shared_ptr<Call> call, HttpResponse response);

  store::Store& store_;
  std::shared_ptr<const kb::KnowledgeBase> kb_;
  kb::CoverageLabels coverage_labels_;
};

}  // namespace levier::webhook
