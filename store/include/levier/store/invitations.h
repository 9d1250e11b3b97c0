// Professionals' invitations (docs/professionals.md): the codes they hand
// out, the participants who started with one, and what a participant agreed
// to share with the professional who invited them.
//
// A participant is known here by their pseudonym only. What is shared is
// never the participant's words nor their number: the barriers, the
// providers proposed (the referral log, by pseudonym and code) and the
// follow-up answers. Erasing the participant unlinks their attributions
// (the counts stay, nothing leads back to them).
//
// Thread-safety: as the transactions that hand these out (store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

struct Invitation {
  std::string code;            // unique; bot/invitation_code.h makes them
  std::string org;             // the orienting organisation
  std::int64_t account_id = 0;  // the professional who made it; 0: `levier invitation create`
  std::string created_by;      // an account's e-mail, or "levier invitation create"
  std::string language;        // the participant's language ("" = ask them)
  std::string note;            // for the professional only; never shown to the participant
  std::int64_t max_uses = 1;   // participants it may bring; 0 = no limit (a poster)
  std::int64_t uses = 0;       // participants it brought
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
};

// Consent values of an attribution.
inline constexpr std::string_view kShareNotAsked = "";
inline constexpr std::string_view kShareYes = "yes";
inline constexpr std::string_view kShareNo = "no";
inline constexpr std::string_view kShareWithdrawn = "withdrawn";

// What a participant who said yes lets the inviting professional see.
struct SharedSummary {
  std::int64_t id = 0;  // the attribution's id
  std::string code;
  std::string language;
  UnixSeconds started_at = 0;   // when the participant used the code
  UnixSeconds shared_at = 0;    // when they said yes
  std::vector<std::string> barriers;
  struct Referral {
    std::string barrier;
    std::string provider_id;
    UnixSeconds at = 0;
  };
  std::vector<Referral> referrals;
  struct FollowupAnswer {
    std::string barrier;
    std::string contacted;  // "yes", "no", "could_not_reach", ""
    std::int64_t rating = 0;  // 1..5, 0 = not given
    std::string lifted;     // "yes", "partly", "no", ""
    UnixSeconds at = 0;
  };
  std::vector<FollowupAnswer> followups;
};

// Per orienting organisation (the coordinators' view), exact counts: the
// caller applies the small-cell rule before showing them.
struct OrgInvitationCounts {
  std::string org;
  std::int64_t created = 0;       // invitations made
  std::int64_t used = 0;          // invitations used at least once
  std::int64_t participants = 0;  // people who started with one of its codes
  std::int64_t referrals = 0;     // providers proposed to them
};

class InvitationReads {
 public:
  virtual ~InvitationReads() = default;
  // `code` as stored (upper case).
  virtual Result<std::optional<Invitation>> FindInvitation(std::string_view code) = 0;
  // The invitations of `org`, newest first, at most `limit`.
  virtual Result<std::vector<Invitation>> ListInvitations(std::string_view org, int limit) = 0;
  // The summaries shared (consent "yes") with the holders of `codes`, newest first.
  virtual Result<std::vector<SharedSummary>> ListSharedSummaries(
      const std::vector<std::string>& codes, int limit) = 0;
  // Every organisation that made an invitation, by name.
  virtual Result<std::vector<OrgInvitationCounts>> CountInvitationsByOrg() = 0;
};

class InvitationWrites : public InvitationReads {
 public:
  // AlreadyExists when the code is taken (the caller draws another).
  virtual Status InsertInvitation(const Invitation& invitation) = 0;
  // `pseudonym` started with `code` at `at`: a first use by this participant
  // counts one use of the invitation; using it again changes nothing. True
  // when it was a first use.
  virtual Result<bool> Attribute(std::string_view pseudonym, std::string_view code,
                                 std::string_view language, UnixSeconds at) = 0;
  // Records the participant's answer (kShareYes/kShareNo) for `code`, and
  // the barriers identified so far (codes: no comma in them).
  virtual Status SetShareConsent(std::string_view pseudonym, std::string_view code,
                                 std::string_view consent,
                                 const std::vector<std::string>& barriers, UnixSeconds at) = 0;
  // Withdraws every "yes" of `pseudonym`; returns how many were withdrawn.
  virtual Result<std::int64_t> WithdrawShareConsent(std::string_view pseudonym,
                                                    UnixSeconds at) = 0;
};

}  // namespace levier::store
