// The workspace's request handling. Private to webhook/workspace.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "levier/util/rate_limiter.h"
#include "script_draft.h"
#include "levier/workspace/workspace.h"

namespace levier::workspace {

using webhook::HttpRequest;
using webhook::HttpResponse;
using webhook::RequestContext;
using webhook::Respond;
namespace http = webhook::http;
using json = nlohmann::json;

// Largest JSON body any workspace endpoint takes.
inline constexpr std::size_t kMaxBodyBytes = 16 * 1024;
// Except the providers' import, which carries a whole file (a city's CSV is
// tens of kilobytes; data·inclusion's two files for one territory, a few
// hundred).
inline constexpr std::size_t kMaxImportBytes = 1024 * 1024;

// Every refusal the workspace's endpoints give: an HTTP status, a stable
// code the pages turn into French words (app.js, MESSAGES), and an English
// sentence for anyone reading the JSON (workspace.cc, kProblems).
enum class Problem {
  kSignInFirst,
  kSessionEnded,
  kNotFromWorkspace,
  kSecondFactorFirst,
  kAdminOnly,
  kUnavailable,
  kJsonRequired,
  kTooLarge,
  kMalformed,
  kLoginFailed,
  kTooManyAttempts,
  kCodeRequired,
  kWrongCode,
  kAlreadySetUp,
  kSetupFirst,
  kEmailTaken,
  kNoSuchAccount,
  kOwnAccount,
  kInvalidField,  // with "field" and "detail" in the answer
  kBadQuery,
  kEditorsOnly,
  kDraftChanged,      // with "revision", "updated_by", "updated_at"
  kPublishedChanged,  // with "published": the version published meanwhile
  kCheckErrors,       // with "findings"
  kNothingToPublish,
  kNoSuchVersion,
  kNoEditor,
  kTranscriptExists,
  kDirectoryChanged,  // with "version": the directory saved meanwhile
  kNoSuchProvider,
  kProviderRefused,   // with "detail": the directory's rule the change breaks
  kProviderExists,    // adding a provider whose id is taken
  kImportRefused,     // with "detail": the file's first bad line or record
  kNoSuchInvitation,  // unknown, or another professional's: the same 404
  kSmsOff,            // sending an invitation by SMS is not configured
};

// Who may call an endpoint that needs a session.
enum class Access {
  kSignedIn,         // any role, once an admin's second factor is set up
  kAdmin,            // admins only
  kEditor,           // admins and coordinators: the script and the providers
  kDuringTotpSetup,  // any signed-in account, even an admin still without a second factor
};

// What identifies a script's content cheaply: its base version and the
// files a draft changed over it (DumpScriptFiles; "" for none).
std::string ScriptContentKey(const std::string& base_version, const std::string& changed_files);

// One request in flight: what the handlers and the completions share.
struct Call {
  HttpRequest request;
  RequestContext context;
  Respond respond;
  UnixSeconds now = 0;
  std::string client;
  json body;  // the parsed JSON body of a POST
  std::string session_hash;
  std::optional<webhook::SignedIn> signed_in;  // set once the session is checked
};
using CallPtr = std::shared_ptr<Call>;

// The string member `name` of a JSON body; "" when absent, not a string or
// longer than `max_bytes` (the body's own bound by default).
std::string StringField(const json& body, const char* name, std::size_t max_bytes = kMaxBodyBytes);
// The boolean member `name` of a JSON body; false when absent or not a
// boolean (json::value would throw on a string there).
bool BoolField(const json& body, const char* name);

// A new call for `request`, timed and with its client's address.
CallPtr NewCall(HttpRequest request, const RequestContext& context, Respond respond);

class Workspace final : public webhook::RouteSource {
 public:
  Workspace(Settings settings, store::Store& store, const webhook::ServerLimits& limits,
            Metrics* metrics, ScriptEditing editing, InvitationChannels invitation_channels);
  ~Workspace() override;
  std::string_view name() const override { return "workspace"; }
  std::vector<webhook::Route> Routes() override;

 private:
  using Handler = void (Workspace::*)(CallPtr);

  // A handler for an endpoint that needs a session: checks the session (and
  // for a POST the origin, the CSRF token and the JSON body) before `handler`.
  // `body_bytes` bounds a POST's JSON body.
  webhook::RouteHandler Guarded(Access access, Handler handler,
                                std::size_t body_bytes = kMaxBodyBytes);
  void CheckSession(CallPtr call, Access access, Handler handler);

  // Runs `work` as a unit (with the audit row `detail` when not ""), then
  // `answer` with its status on the connection's thread.
  void Commit(CallPtr call, std::string detail, store::Store::Work work,
              std::function<HttpResponse(const Status&)> answer, int audit_status = 200);
  // Runs `fn` on the connection's I/O thread (or here, outside the server).
  static void OnIoThread(const CallPtr& call, std::function<void()> fn);
  // Runs `fn` on the password-hashing thread.
  void OnHashingThread(std::function<void()> fn);

  HttpResponse Json(const Call& call, http::status status, const json& body) const;
  HttpResponse Error(const Call& call, Problem problem, json extra = json::object()) const;
  // A file the browser saves as `file_name` (not shown in the page).
  HttpResponse Download(const Call& call, std::string_view type, std::string_view file_name,
                        std::string body) const;
  HttpResponse Page(const HttpRequest& request, std::string_view asset) const;
  // The parsed body of a POST (an object), or the 4xx to answer.
  std::optional<HttpResponse> ParseBody(Call& call, std::size_t max_bytes) const;
  // Whether a change comes from the workspace's own pages (Origin header).
  bool FromOwnOrigin(const HttpRequest& request) const;
  std::string SessionCookie(std::string_view token) const;
  std::string ExpiredCookie() const;
  json AccountJson(const store::Account& account) const;
  // The languages residents are answered in, as the published script has
  // them: [{"code", "name" (in its own words), "direction"}].
  json ScriptLanguagesJson() const;
  json MeJson(const webhook::SignedIn& signed_in) const;

  // session_api.cc
  void Login(HttpRequest request, const RequestContext& context, Respond respond);
  std::string SignInAllowanceKey(const std::string& email) const;
  std::int64_t SignInRefillMillis() const;
  // Gives back the token a sign-in attempt on `email` spent (an attempt that
  // was no guess): run inside a unit of work.
  std::function<Status(store::Transaction&)> RefundSignInAllowance(const std::string& email) const;
  // The rest of Login once the account (if any) is read: the shared
  // allowance of attempts on `email`, then the password (session_api.cc).
  void SpendSignInAllowance(CallPtr call, const std::string& email,
                            std::optional<store::Account> account, std::string password,
                            std::string code,
                            std::function<HttpResponse(std::int64_t)> too_many_for);
  void FinishLogin(CallPtr call, const std::string& email, std::optional<store::Account> account,
                   std::string password, std::string code);
  void Me(CallPtr call);
  void Logout(CallPtr call);
  void StartTotpSetup(CallPtr call);
  void ConfirmTotp(CallPtr call);
  void ChangePassword(CallPtr call);
  // admin_api.cc
  void ListAccounts(CallPtr call);
  void CreateAccount(CallPtr call);
  void DisableAccount(CallPtr call);
  void ListAudit(CallPtr call);
  // script_api.cc
  struct ScriptState;
  struct LoadedScript;
  using StateHandler = std::function<void(std::shared_ptr<ScriptState>)>;
  // Reads the draft and the newest publication, then runs `then` on the
  // scripting thread (answers 503 itself when the store fails).
  void ReadScriptState(const CallPtr& call, StateHandler then);
  // On the scripting thread: `files` loaded and checked, cached under `key`
  // (ScriptContentKey: the base version and the changed files, which say
  // exactly what `files` hold).
  LoadedScript LoadAndCheck(const ScriptFiles& files, const std::string& key);
  void OnScriptingThread(std::function<void()> fn);
  void GetScript(CallPtr call);
  void EditScript(CallPtr call);
  void DiscardDraft(CallPtr call);
  void ScriptChangesOf(CallPtr call);
  void PreviewScript(CallPtr call);
  void PublishScript(CallPtr call);
  void ListScriptVersions(CallPtr call);
  void RollbackScript(CallPtr call);
  // transcript_api.cc
  void ListTranscripts(CallPtr call);
  void RunTranscripts(CallPtr call);
  void RecordTranscript(CallPtr call);
  // The provider directory (provider_api.cc).
  void ListProviders(CallPtr call);
  void DownloadProvidersCsv(CallPtr call);
  void VerifyProvider(CallPtr call);
  void RetireProvider(CallPtr call);
  void SaveProvider(CallPtr call);
  void ImportProviders(CallPtr call);
  struct DirectoryEdit;
  // `neighbourhoods` is the stored neighbourhoods.json text of `current`.
  using DirectoryChange = std::function<DirectoryEdit(
      const kb::KnowledgeBase& current, const std::string& neighbourhoods, const Call& call)>;
  // Reads the stored directory; unless it is still the version the page
  // read, 409. Then, on the scripting thread, `change` makes the new
  // directory, which is validated whole as `levier kb check` loads it, saved
  // as a new version (audited) and put in service; or, for a preview, only
  // validated and described.
  void ChangeDirectory(CallPtr call, DirectoryChange change);
  // Applies `change` to provider `id` of the directory (verify, retire).
  void ChangeProvider(CallPtr call, std::string what,
                      std::function<void(kb::Provider&, const Call&)> change);

  // Professionals' invitations (invitation_api.cc).
  void CreateInvitation(CallPtr call);
  void ListInvitations(CallPtr call);
  void GetInvitation(CallPtr call);
  void InvitationQr(CallPtr call);
  void InvitationCard(CallPtr call);
  void SendInvitation(CallPtr call);
  void ListSummaries(CallPtr call);
  void InvitationStats(CallPtr call);
  // Runs `then` on the I/O thread with invitation `code` when the signed-in
  // account may see it; 404 otherwise (unknown and not theirs look the same).
  void WithVisibleInvitation(CallPtr call, std::string code,
                             std::function<void(const store::Invitation&)> then);
  json InvitationJson(const store::Invitation& invitation, UnixSeconds now) const;
  // Text `id` in the invitation's language (else the script's default).
  std::string InvitationText(const store::Invitation& invitation, const std::string& id) const;
  const dialogs::LanguagePack* InvitationLanguage(const std::string& language) const;

  const Settings settings_;
  store::Store& store_;
  const webhook::ServerLimits& limits_;
  Metrics* metrics_;
  RateLimiter logins_per_account_;  // failed attempts per e-mail
  RateLimiter logins_per_client_;   // every attempt per client address
  // Verified against for unknown accounts (same time either way); made and
  // read on hashing_ only.
  std::string dummy_hash_;
  boost::asio::thread_pool hashing_{1};
  const ScriptEditing editing_;
  const InvitationChannels invitation_channels_;
  // Loading and checking a script takes tens of milliseconds: done on a
  // thread of its own, with the last result kept (touched only there).
  boost::asio::thread_pool scripting_{1};
  std::string cached_key_;
  std::shared_ptr<const kb::KnowledgeBase> cached_kb_;  // the directory the findings were checked against
  std::shared_ptr<const dialogs::Script> cached_script_;
  json cached_findings_;
  std::size_t cached_errors_ = 0;
};

// What the store holds about the script when a call starts.
struct Workspace::ScriptState {
  std::optional<store::ScriptDraft> draft;
  std::optional<store::ScriptPublication> published;
  std::vector<store::StoredTranscript> transcripts;
  std::optional<std::string> stored_base;  // the draft's base files, when not the current version
  ScriptFiles base_files;  // the version the draft started from (else the current one)
  ScriptFiles files;  // the draft's files, else the current version's
  std::string content_key;    // ScriptContentKey of `files`
  std::int64_t revision = 0;  // the draft's; 0 = none
  std::string base_version;   // the draft's base, else the current version
};

// What a change of the directory makes: the providers of the new version,
// or why it is refused.
struct Workspace::DirectoryEdit {
  std::optional<Problem> refused;
  json refusal = json::object();  // extra fields of the refusal
  std::vector<kb::Provider> providers;
  std::string what;              // the audit's words: "provider saved: <id>"
  json answer = json::object();  // added to the 200 answer
  bool preview_only = false;     // validate and describe; save nothing
};

struct Workspace::LoadedScript {
  std::shared_ptr<const dialogs::Script> script;  // null when the files do not load
  json findings;
  std::size_t errors = 0;
};

}  // namespace levier::workspace
