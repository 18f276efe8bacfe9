// Sign-in, sessions, API tokens and the caller's own profile.
//
// Passwords are argon2id hashes checked only at sign-in, outside any transaction. Session and API
// tokens are 256-bit random values; the database holds only their keyed BLAKE2b digests, so a
// copy of the database does not let anyone sign in, and a lookup costs one indexed read.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/auth_cache.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "store/store.h"

namespace farol::app {

struct AuthConfig {
  // A session ends after this long without use...
  std::chrono::seconds session_idle = std::chrono::hours(12);
  // ...and in any case this long after sign-in.
  std::chrono::seconds session_max_age = std::chrono::hours(24 * 7);
  // Failed sign-ins per e-mail address within `failure_window` before it is locked.
  int max_failures_per_account = 5;
  // Failed sign-ins per client address within `failure_window` before it is locked.
  int max_failures_per_client = 20;
  std::chrono::seconds failure_window = std::chrono::minutes(15);
  // Customers' sign-in links (portal contacts only): on when there is a mail server to send them.
  bool email_links = false;
  std::string public_url;  // the web app's address; a link is <public_url>/signin/link?token=…
  std::chrono::seconds link_lifetime = std::chrono::minutes(15);
  int max_links_per_window = 3;  // per address within `failure_window`; more are not sent
};

inline constexpr std::string_view kMagicLinkEvent = "auth.magic_link";

// A request's verified caller.
struct Authenticated {
  domain::Actor actor;
  int64_t session_id = 0;  // 0 for API tokens
  std::string csrf_token;  // sessions only: writes must echo it (X-CSRF-Token)
  bool via_session = false;
  bool must_change_password = false;
};

struct LoginResult {
  Authenticated auth;
  std::string session_token;  // goes into the HttpOnly cookie; never stored in clear
  Timestamp expires_at;
};

struct NewApiToken {
  store::ApiTokenRecord record;
  std::string token;  // shown once
};

struct ProfileChanges {
  std::optional<std::string> name;
  std::optional<std::string> locale;
  std::optional<std::string> time_zone;
};

class AuthService {
 public:
  // `cache` remembers verified credentials for a second (see auth_cache.h).
  AuthService(store::Store& store, Clock& clock, AuthConfig config, AuthCache& cache);

  // Signs a staff user or a portal contact in by e-mail and password. Wrong credentials give
  // kUnauthenticated with the same message whether or not the e-mail exists; too many failures
  // give kResourceExhausted with a retry time. `client` is the caller's address (for throttling).
  StatusOr<LoginResult> Login(std::string_view email, std::string_view password, std::string_view client);
  Status Logout(const Authenticated& auth);

  // A customer asks for a sign-in link: when `email` is an active portal contact's (and fewer
  // than max_links_per_window were asked for lately), a single-use link valid link_lifetime is
  // e-mailed to it in their language (queued in the outbox in the same transaction). Says
  // nothing about whether it was sent: the caller answers the same either way. kInvalidArgument
  // for a malformed address; kFailedPrecondition when no mail server is configured.
  Status RequestMagicLink(std::string_view email);
  // Signs the link's contact in (as Login does), and uses the link up. kUnauthenticated for an
  // unknown, used or expired link, or a contact who can no longer sign in.
  StatusOr<LoginResult> RedeemMagicLink(std::string_view token);

  // kUnauthenticated if the token is unknown, expired or revoked, or its owner is deactivated.
  StatusOr<Authenticated> FromSessionToken(std::string_view token);
  StatusOr<Authenticated> FromApiToken(std::string_view token);

  // The actor for a staff user or contact id (CLI `--as`, tests).
  StatusOr<domain::Actor> StaffActor(int64_t user_id);
  StatusOr<domain::Actor> StaffActorByEmail(std::string_view email);
  // A staff user, or else a portal contact, with this e-mail (CLI `--as`).
  StatusOr<domain::Actor> ActorByEmail(std::string_view email);

  // Changes the caller's own password; every other session of the caller is signed out.
  Status ChangePassword(const Authenticated& auth, std::string_view current, std::string_view next);
  Status UpdateProfile(const domain::Actor& actor, const ProfileChanges& changes);

  // Personal API tokens (staff only).
  StatusOr<NewApiToken> CreateApiToken(const domain::Actor& actor, std::string_view name,
                                       std::optional<Timestamp> expires_at);
  StatusOr<std::vector<store::ApiTokenRecord>> ListApiTokens(const domain::Actor& actor);
  Status RevokeApiToken(const domain::Actor& actor, int64_t token_id);

  // First start: if there are no staff users, creates admin `email` with `password` (a random
  // one if empty, which is then returned so it can be printed once). nullopt if users exist.
  StatusOr<std::optional<std::string>> EnsureAdmin(std::string_view email, std::string_view password);

  // Deletes expired sessions and old failed-login records.
  Status Cleanup();

 private:
  StatusOr<std::string> TokenKey();
  std::string Digest(const std::string& key, std::string_view token) const;
  StatusOr<domain::Actor> LoadActor(store::Tx& tx, domain::ActorKind kind, int64_t id, bool* must_change);
  // A new session for the subject, in `tx`.
  StatusOr<LoginResult> StartSession(store::Tx& tx, const std::string& key, domain::ActorKind kind, int64_t id, Timestamp now);

  store::Store& store_;
  Clock& clock_;
  const AuthConfig config_;
  AuthCache& cache_;
  std::string token_key_;  // cached: generated once per database, never changes
  std::atomic<bool> key_loaded_{false};
  std::mutex key_mu_;
};

}  // namespace farol::app
