#include "app/auth_service.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/strings.h"
#include "domain/directory.h"

namespace farol::app {

using domain::Actor;
using domain::ActorKind;

namespace {

constexpr std::string_view kApiTokenPrefix = "farol_";
// Touch a session's expiry at most this often: a write per request would halve read throughput.
constexpr auto kTouchEvery = std::chrono::minutes(5);

Status WrongCredentials() {
  return UnauthenticatedError("The e-mail address or password is not right.");
}

Status SessionEnded() {
  return UnauthenticatedError("Your session has ended; please sign in again.");
}

// A real argon2id hash of a random password, verified when the e-mail is unknown so that a
// wrong e-mail takes as long as a wrong password.
const std::string& DummyHash() {
  static const std::string* hash = [] {
    auto h = crypto::HashPassword(crypto::RandomToken(16));
    return new std::string(h.ok() ? *h : std::string());
  }();
  return *hash;
}

}  // namespace

AuthService::AuthService(store::Store& store, Clock& clock, AuthConfig config, AuthCache& cache)
    : store_(store), clock_(clock), config_(config), cache_(cache) {}

namespace {

Authenticated FromEntry(const AuthCache::Entry& e) {
  Authenticated a;
  a.actor = e.actor;
  a.session_id = e.session_id;
  a.csrf_token = e.csrf_token;
  a.via_session = e.via_session;
  a.must_change_password = e.must_change_password;
  return a;
}

}  // namespace

StatusOr<std::string> AuthService::TokenKey() {
  // Read on every authenticated request: lock-free once loaded (it never changes).
  if (key_loaded_.load(std::memory_order_acquire)) return token_key_;
  std::lock_guard lock(key_mu_);
  if (key_loaded_.load(std::memory_order_relaxed)) return token_key_;
  std::string key;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto existing, tx.settings().Get("token_key"));
    if (existing) {
      key = *existing;
      return OkStatus();
    }
    key = crypto::HexEncode(crypto::RandomBytes(32));
    return tx.settings().Put("token_key", key);
  }));
  token_key_ = key;
  key_loaded_.store(true, std::memory_order_release);
  return key;
}

std::string AuthService::Digest(const std::string& key, std::string_view token) const {
  return crypto::KeyedDigestHex(key, token);
}

StatusOr<Actor> AuthService::LoadActor(store::Tx& tx, ActorKind kind, int64_t id, bool* must_change) {
  Actor a;
  a.kind = kind;
  a.id = id;
  if (kind == ActorKind::kStaff) {
    FAROL_ASSIGN_OR_RETURN(auto user, tx.users().Get(id));
    if (!user || !user->active) return UnauthenticatedError("This account is deactivated.");
    a.name = user->name;
    a.email = user->email;
    a.locale = user->locale;
    a.time_zone = user->time_zone;
    a.role = user->role;
    a.tier = user->tier;
    a.team_ids = user->team_ids;
    if (must_change) *must_change = user->must_change_password;
    return a;
  }
  if (kind == ActorKind::kContact) {
    FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(id));
    if (!contact || !contact->active || !contact->portal_user) {
      return UnauthenticatedError("This account is deactivated.");
    }
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(contact->organisation_id));
    if (!org || !org->active) return UnauthenticatedError("This account is deactivated.");
    a = domain::ContactActor(*contact, org->time_zone);
    if (must_change) *must_change = false;
    return a;
  }
  return UnauthenticatedError("Unknown account kind.");
}

StatusOr<LoginResult> AuthService::Login(std::string_view email_in, std::string_view password,
                                         std::string_view client) {
  const std::string email = NormalizeEmail(email_in);
  FieldErrors errors;
  if (email.empty()) errors.Add("email", "is required");
  if (password.empty()) errors.Add("password", "is required");
  FAROL_RETURN_IF_ERROR(errors.ToStatus("Please give an e-mail address and a password"));
  FAROL_ASSIGN_OR_RETURN(const std::string key, TokenKey());
  const Timestamp now = clock_.SystemNow();
  // Failures count while younger than the window: a lock announced as "retry after 900 s" is
  // over at exactly 900 s.
  const Timestamp since = now - config_.failure_window + std::chrono::seconds(1);
  const std::string account_key = "account:" + email;
  const std::string client_key = "client:" + std::string(client);

  struct Candidate {
    ActorKind kind;
    int64_t id;
    std::string hash;
  };
  std::vector<Candidate> candidates;
  std::optional<Timestamp> locked_since;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    auto failures = tx.login_failures();
    FAROL_ASSIGN_OR_RETURN(int64_t account_failures, failures.CountSince(account_key, since));
    FAROL_ASSIGN_OR_RETURN(int64_t client_failures, failures.CountSince(client_key, since));
    if (account_failures >= config_.max_failures_per_account) {
      FAROL_ASSIGN_OR_RETURN(locked_since, failures.OldestSince(account_key, since));
      return OkStatus();
    }
    if (!client.empty() && client_failures >= config_.max_failures_per_client) {
      FAROL_ASSIGN_OR_RETURN(locked_since, failures.OldestSince(client_key, since));
      return OkStatus();
    }
    FAROL_ASSIGN_OR_RETURN(auto user, tx.users().GetByEmail(email));
    if (user && user->active) {
      FAROL_ASSIGN_OR_RETURN(auto cred, tx.users().GetCredentials(user->id));
      candidates.push_back({ActorKind::kStaff, user->id, cred.password_hash});
    }
    FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().GetByEmail(email));
    if (contact && contact->active && contact->portal_user) {
      FAROL_ASSIGN_OR_RETURN(auto cred, tx.contacts().GetCredentials(contact->id));
      candidates.push_back({ActorKind::kContact, contact->id, cred.password_hash});
    }
    return OkStatus();
  }));
  if (locked_since) {
    const auto retry = std::max<long long>(
        1, ToUnixSeconds(*locked_since + config_.failure_window) - ToUnixSeconds(now));  // >= 1
    return ResourceExhaustedError("Too many failed sign-ins. Try again in " +
                                      std::to_string((retry + 59) / 60) + " minutes.",
                                  static_cast<int>(retry));
  }

  // The slow part, outside any transaction.
  const Candidate* match = nullptr;
  for (const Candidate& c : candidates) {
    if (!c.hash.empty() && crypto::VerifyPassword(c.hash, password)) {
      match = &c;
      break;
    }
  }
  if (candidates.empty()) (void)crypto::VerifyPassword(DummyHash(), password);

  if (!match) {
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      FAROL_RETURN_IF_ERROR(tx.login_failures().Add(account_key, now));
      if (!client.empty()) FAROL_RETURN_IF_ERROR(tx.login_failures().Add(client_key, now));
      return OkStatus();
    }));
    return WrongCredentials();
  }

  LoginResult result;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(result, StartSession(tx, key, match->kind, match->id, now));
    return tx.login_failures().Clear(account_key);
  }));
  return result;
}

StatusOr<LoginResult> AuthService::StartSession(store::Tx& tx, const std::string& key, ActorKind kind, int64_t id,
                                                Timestamp now) {
  LoginResult result;
  result.session_token = crypto::RandomToken(32);
  result.expires_at = std::min(now + config_.session_idle, now + config_.session_max_age);
  store::SessionRecord session;
  session.token_digest = Digest(key, result.session_token);
  session.subject_kind = kind;
  session.subject_id = id;
  session.csrf_token = crypto::RandomToken(24);
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = result.expires_at;
  FAROL_ASSIGN_OR_RETURN(result.auth.actor, LoadActor(tx, kind, id, &result.auth.must_change_password));
  FAROL_ASSIGN_OR_RETURN(result.auth.session_id, tx.sessions().Insert(session));
  result.auth.csrf_token = session.csrf_token;
  result.auth.via_session = true;
  return result;
}

Status AuthService::RequestMagicLink(std::string_view email_in) {
  const std::string email = NormalizeEmail(email_in);
  if (email.empty()) return FieldInvalidError("email", "is required");
  if (!LooksLikeEmail(email)) return FieldInvalidError("email", "is not an e-mail address");
  if (!config_.email_links) {
    return FailedPreconditionError("Sign-in links need an e-mail server; sign in with your password.");
  }
  FAROL_ASSIGN_OR_RETURN(const std::string key, TokenKey());
  const Timestamp now = clock_.SystemNow();
  return store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().GetByEmail(email));
    if (!contact || !contact->active || !contact->portal_user) return OkStatus();  // nothing to send, and nothing said
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(contact->organisation_id));
    if (!org || !org->active) return OkStatus();
    FAROL_ASSIGN_OR_RETURN(const int64_t recent, tx.magic_links().CountSince(contact->id, now - config_.failure_window));
    if (recent >= config_.max_links_per_window) return OkStatus();
    const std::string token = crypto::RandomToken(32);
    FAROL_RETURN_IF_ERROR(tx.magic_links().Insert(Digest(key, token), contact->id, now, now + config_.link_lifetime));
    const bool pt = contact->locale == "pt-BR";
    const std::string link = config_.public_url + "/signin/link?token=" + token;
    const std::string minutes = std::to_string(config_.link_lifetime.count() / 60);
    store::Delivery d;
    d.recipient = contact->email;
    d.event = std::string(kMagicLinkEvent);
    d.subject = pt ? "Seu link de acesso ao portal" : "Your sign-in link for the portal";
    d.body = pt ? "Olá, " + contact->name + ".\n\nPara entrar no portal, abra este link:\n\n" + link +
                      "\n\nEle funciona uma vez, por " + minutes +
                      " minutos. Se você não pediu este link, ignore este e-mail: ninguém entra sem ele.\n"
                : "Hello " + contact->name + ",\n\nTo sign in to the portal, open this link:\n\n" + link +
                      "\n\nIt works once, for " + minutes +
                      " minutes. If you did not ask for it, ignore this e-mail: nobody can sign in without it.\n";
    d.next_attempt_at = now;
    d.created_at = now;
    return tx.deliveries().Insert(d).status();
  });
}

StatusOr<LoginResult> AuthService::RedeemMagicLink(std::string_view token) {
  const auto invalid = [] { return UnauthenticatedError("This sign-in link is not valid any more. Ask for a new one."); };
  if (token.empty() || token.size() > 200) return invalid();
  FAROL_ASSIGN_OR_RETURN(const std::string key, TokenKey());
  const Timestamp now = clock_.SystemNow();
  std::optional<LoginResult> result;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto contact_id, tx.magic_links().Redeem(Digest(key, token), now));
    if (!contact_id) return OkStatus();
    FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(*contact_id));
    if (!contact || !contact->active || !contact->portal_user) return OkStatus();
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(contact->organisation_id));
    if (!org || !org->active) return OkStatus();
    FAROL_ASSIGN_OR_RETURN(LoginResult r, StartSession(tx, key, ActorKind::kContact, *contact_id, now));
    result = std::move(r);
    return OkStatus();
  }));
  if (!result) return invalid();
  return std::move(*result);
}

Status AuthService::Logout(const Authenticated& auth) {
  if (!auth.via_session) return OkStatus();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return tx.sessions().Delete(auth.session_id); }));
  cache_.ForgetSession(auth.session_id);
  return OkStatus();
}

StatusOr<Authenticated> AuthService::FromSessionToken(std::string_view token) {
  if (token.empty() || token.size() > 200) return SessionEnded();
  FAROL_ASSIGN_OR_RETURN(const std::string key, TokenKey());
  const std::string digest = Digest(key, token);
  const Timestamp now = clock_.SystemNow();
  const auto mono = clock_.MonotonicNow();
  if (auto hit = cache_.Find(digest, mono, now)) return FromEntry(*hit);
  Authenticated auth;
  std::optional<store::SessionRecord> session;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(session, tx.sessions().GetByDigest(digest));
    if (!session || session->expires_at <= now) return SessionEnded();
    FAROL_ASSIGN_OR_RETURN(auth.actor, LoadActor(tx, session->subject_kind, session->subject_id,
                                                 &auth.must_change_password));
    return OkStatus();
  }));
  auth.session_id = session->id;
  auth.csrf_token = session->csrf_token;
  auth.via_session = true;
  Timestamp expires = session->expires_at;
  if (now - session->last_seen_at >= kTouchEvery) {
    expires = std::min(now + config_.session_idle, session->created_at + config_.session_max_age);
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return tx.sessions().Touch(session->id, now, expires); }));
  }
  cache_.Put(digest, {auth.actor, auth.session_id, 0, auth.csrf_token, true, auth.must_change_password, expires, mono});
  return auth;
}

StatusOr<Authenticated> AuthService::FromApiToken(std::string_view token) {
  const Status invalid = UnauthenticatedError("The API token is not valid (unknown, expired or revoked).");
  if (!token.starts_with(kApiTokenPrefix) || token.size() > 200) return invalid;
  FAROL_ASSIGN_OR_RETURN(const std::string key, TokenKey());
  const std::string digest = Digest(key, token);
  const Timestamp now = clock_.SystemNow();
  const auto mono = clock_.MonotonicNow();
  if (auto hit = cache_.Find(digest, mono, now)) return FromEntry(*hit);
  Authenticated auth;
  std::optional<store::ApiTokenRecord> rec;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(rec, tx.api_tokens().GetByDigest(digest));
    if (!rec || rec->revoked_at || (rec->expires_at && *rec->expires_at <= now)) return invalid;
    FAROL_ASSIGN_OR_RETURN(auth.actor, LoadActor(tx, ActorKind::kStaff, rec->user_id, &auth.must_change_password));
    return OkStatus();
  }));
  if (!rec->last_used_at || now - *rec->last_used_at >= std::chrono::minutes(1)) {
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return tx.api_tokens().TouchLastUsed(rec->id, now); }));
  }
  cache_.Put(digest, {auth.actor, 0, rec->id, "", false, auth.must_change_password,
                      rec->expires_at.value_or(Timestamp::max()), mono});
  return auth;
}

StatusOr<Actor> AuthService::StaffActor(int64_t user_id) {
  Actor a;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(a, LoadActor(tx, ActorKind::kStaff, user_id, nullptr));
    return OkStatus();
  }));
  return a;
}

StatusOr<Actor> AuthService::StaffActorByEmail(std::string_view email) {
  int64_t id = 0;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto user, tx.users().GetByEmail(email));
    if (!user) return NotFoundError("There is no staff user with e-mail " + std::string(email) + ".");
    id = user->id;
    return OkStatus();
  }));
  return StaffActor(id);
}

StatusOr<Actor> AuthService::ActorByEmail(std::string_view email) {
  Actor a;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto user, tx.users().GetByEmail(email));
    if (user) {
      FAROL_ASSIGN_OR_RETURN(a, LoadActor(tx, ActorKind::kStaff, user->id, nullptr));
      return OkStatus();
    }
    FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().GetByEmail(email));
    if (!contact) return NotFoundError("Nobody (staff or contact) has the e-mail " + std::string(email) + ".");
    FAROL_ASSIGN_OR_RETURN(a, LoadActor(tx, ActorKind::kContact, contact->id, nullptr));
    return OkStatus();
  }));
  return a;
}

Status AuthService::ChangePassword(const Authenticated& auth, std::string_view current,
                                   std::string_view next) {
  const Actor& a = auth.actor;
  if (!a.IsStaff() && !a.IsContact()) return PermissionDeniedError("Only people have passwords.");
  FieldErrors errors;
  if (current.empty()) errors.Add("current_password", "is required");
  domain::ValidateNewPassword("new_password", next, errors);
  if (!current.empty() && current == next) errors.Add("new_password", "must differ from the current password");
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The new password cannot be used"));
  std::string hash;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(store::Credentials c, a.IsStaff() ? tx.users().GetCredentials(a.id)
                                                              : tx.contacts().GetCredentials(a.id));
    hash = c.password_hash;
    return OkStatus();
  }));
  if (hash.empty() || !crypto::VerifyPassword(hash, current)) {
    return FieldInvalidError("current_password", "is not right");
  }
  FAROL_ASSIGN_OR_RETURN(const std::string new_hash, crypto::HashPassword(next));
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    if (a.IsStaff()) {
      FAROL_RETURN_IF_ERROR(tx.users().SetPassword(a.id, new_hash, false, now));
    } else {
      FAROL_RETURN_IF_ERROR(tx.contacts().SetPassword(a.id, new_hash, now));
    }
    return tx.sessions().DeleteFor(a.kind, a.id, auth.session_id);
  }));
  cache_.ForgetSubject(a.kind, a.id);  // the other sessions are gone; this one re-reads
  return OkStatus();
}

Status AuthService::UpdateProfile(const Actor& a, const ProfileChanges& c) {
  FieldErrors errors;
  if (c.name) domain::ValidateName("name", *c.name, errors);
  if (c.locale && !domain::IsSupportedLocale(*c.locale)) errors.Add("locale", "must be en or pt-BR");
  if (c.time_zone && !c.time_zone->empty() && !domain::IsKnownTimeZone(*c.time_zone)) {
    errors.Add("time_zone", "must be an IANA time zone such as America/Sao_Paulo");
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const Timestamp now = clock_.SystemNow();
  // The cached actor carries the name and language: forget it once the change is stored.
  struct Forget {
    AuthCache& cache;
    const Actor& a;
    ~Forget() { cache.ForgetSubject(a.kind, a.id); }
  } forget{cache_, a};
  return store_.Write([&](store::Tx& tx) -> Status {
    if (a.IsStaff()) {
      FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(a.id));
      if (!u) return NotFoundError("user", a.id);
      const int64_t version = u->version;
      if (c.name) u->name = Trim(*c.name);
      if (c.locale) u->locale = *c.locale;
      if (c.time_zone && !c.time_zone->empty()) u->time_zone = *c.time_zone;
      u->updated_at = now;
      return tx.users().Update(*u, version);
    }
    if (a.IsContact()) {
      FAROL_ASSIGN_OR_RETURN(auto ct, tx.contacts().Get(a.id));
      if (!ct) return NotFoundError("contact", a.id);
      const int64_t version = ct->version;
      if (c.name) ct->name = Trim(*c.name);
      if (c.locale) ct->locale = *c.locale;
      if (c.time_zone) ct->time_zone = *c.time_zone;
      ct->updated_at = now;
      return tx.contacts().Update(*ct, version);
    }
    return PermissionDeniedError("Only people have profiles.");
  });
}

StatusOr<NewApiToken> AuthService::CreateApiToken(const Actor& a, std::string_view name,
                                                  std::optional<Timestamp> expires_at) {
  if (!a.IsStaff()) return PermissionDeniedError("Only staff users can create API tokens.");
  FieldErrors errors;
  domain::ValidateName("name", name, errors);
  const Timestamp now = clock_.SystemNow();
  if (expires_at && *expires_at <= now) errors.Add("expires_at", "must be in the future");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  FAROL_ASSIGN_OR_RETURN(const std::string key, TokenKey());
  NewApiToken out;
  out.token = std::string(kApiTokenPrefix) + crypto::RandomToken(32);
  out.record.user_id = a.id;
  out.record.name = Trim(name);
  out.record.token_digest = Digest(key, out.token);
  out.record.prefix = out.token.substr(0, 12);
  out.record.created_at = now;
  out.record.expires_at = expires_at;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out.record.id, tx.api_tokens().Insert(out.record));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<store::ApiTokenRecord>> AuthService::ListApiTokens(const Actor& a) {
  if (!a.IsStaff()) return PermissionDeniedError("Only staff users have API tokens.");
  std::vector<store::ApiTokenRecord> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.api_tokens().ListFor(a.id));
    return OkStatus();
  }));
  return out;
}

Status AuthService::RevokeApiToken(const Actor& a, int64_t token_id) {
  if (!a.IsStaff()) return PermissionDeniedError("Only staff users have API tokens.");
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return tx.api_tokens().Revoke(token_id, a.id, now); }));
  cache_.ForgetToken(token_id);
  return OkStatus();
}

StatusOr<std::optional<std::string>> AuthService::EnsureAdmin(std::string_view email,
                                                              std::string_view password) {
  int64_t count = 0;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(count, tx.users().Count());
    return OkStatus();
  }));
  if (count > 0) return std::optional<std::string>();
  if (!LooksLikeEmail(email)) return FieldInvalidError("email", "is not an e-mail address");
  const bool generated = password.empty();
  const std::string pw = generated ? crypto::RandomPassword(16) : std::string(password);
  if (!generated) {
    FieldErrors errors;
    domain::ValidateNewPassword("FAROL_ADMIN_PASSWORD", pw, errors);
    FAROL_RETURN_IF_ERROR(errors.ToStatus("The admin password cannot be used"));
  }
  FAROL_ASSIGN_OR_RETURN(const std::string hash, crypto::HashPassword(pw));
  const Timestamp now = clock_.SystemNow();
  bool created = false;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(int64_t n, tx.users().Count());
    if (n > 0) return OkStatus();  // another process won the race
    domain::User admin;
    admin.email = NormalizeEmail(email);
    admin.name = "Administrator";
    admin.role = domain::Role::kAdmin;
    admin.tier = 3;
    admin.must_change_password = generated;
    admin.created_at = now;
    admin.updated_at = now;
    FAROL_RETURN_IF_ERROR(tx.users().Insert(admin, hash).status());
    created = true;
    return OkStatus();
  }));
  if (!created) return std::optional<std::string>();
  return std::optional<std::string>(pw);
}

Status AuthService::Cleanup() {
  const Timestamp now = clock_.SystemNow();
  return store_.Write([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(tx.sessions().DeleteExpired(now).status());
    FAROL_RETURN_IF_ERROR(tx.login_failures().DeleteBefore(now - config_.failure_window));
    FAROL_RETURN_IF_ERROR(tx.magic_links().DeleteBefore(now - std::chrono::hours(24)));
    return tx.idempotency().DeleteBefore(now - std::chrono::hours(24));
  });
}

}  // namespace farol::app
