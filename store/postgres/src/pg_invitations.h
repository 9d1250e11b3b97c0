// InvitationWrites (invitations.h) over one PostgreSQL connection. Private to the store.
#pragma once

#include "levier/store/invitations.h"
#include "pg_db.h"

namespace levier::store {

class PgInvitations final : public InvitationWrites {
 public:
  explicit PgInvitations(PgConnection& connection) : db_(connection) {}
  Result<std::optional<Invitation>> FindInvitation(std::string_view code) override;
  Result<std::vector<Invitation>> ListInvitations(std::string_view org, int limit) override;
  Result<std::vector<SharedSummary>> ListSharedSummaries(const std::vector<std::string>& codes,
                                                         int limit) override;
  Result<std::vector<OrgInvitationCounts>> CountInvitationsByOrg() override;
  Status InsertInvitation(const Invitation& invitation) override;
  Result<bool> Attribute(std::string_view pseudonym, std::string_view code,
                         std::string_view language, UnixSeconds at) override;
  Status SetShareConsent(std::string_view pseudonym, std::string_view code,
                         std::string_view consent, const std::vector<std::string>& barriers,
                         UnixSeconds at) override;
  Result<std::int64_t> WithdrawShareConsent(std::string_view pseudonym, UnixSeconds at) override;

 private:
  PgConnection& db_;
};

}  // namespace levier::store
