// Repositories for sign-in state: sessions, API tokens, failed logins, idempotency keys.
#include "store/dialect.h"
#include "store/store.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

// ---- sessions -----------------------------------------------------------------------------

StatusOr<int64_t> Sessions::Insert(const SessionRecord& s) {
  return c_.QueryInt(
      "INSERT INTO sessions (token_digest, subject_kind, subject_id, csrf_token, created_at, "
      "last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {s.token_digest, domain::Name(s.subject_kind), s.subject_id, s.csrf_token, s.created_at,
       s.last_seen_at, s.expires_at});
}

StatusOr<std::optional<SessionRecord>> Sessions::GetByDigest(std::string_view digest) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT id, token_digest, subject_kind, subject_id, csrf_token, created_at, "
                       "last_seen_at, expires_at FROM sessions WHERE token_digest = $1",
                       {digest}));
  if (r.empty()) return std::optional<SessionRecord>();
  SessionRecord s;
  s.id = r.Int(0, 0);
  s.token_digest = r.Text(0, 1);
  s.subject_kind = domain::ParseActorKind(r.Text(0, 2)).value_or(domain::ActorKind::kStaff);
  s.subject_id = r.Int(0, 3);
  s.csrf_token = r.Text(0, 4);
  s.created_at = r.Time(0, 5);
  s.last_seen_at = r.Time(0, 6);
  s.expires_at = r.Time(0, 7);
  return std::optional<SessionRecord>(std::move(s));
}

Status Sessions::Touch(int64_t id, Timestamp last_seen, Timestamp expires_at) {
  return c_.Query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3",
                  {last_seen, expires_at, id})
      .status();
}

Status Sessions::Delete(int64_t id) {
  return c_.Query("DELETE FROM sessions WHERE id = $1", {id}).status();
}

Status Sessions::DeleteFor(domain::ActorKind kind, int64_t subject_id, int64_t except_id) {
  return c_.Query("DELETE FROM sessions WHERE subject_kind = $1 AND subject_id = $2 AND id <> $3",
                  {domain::Name(kind), subject_id, except_id})
      .status();
}

StatusOr<int64_t> Sessions::DeleteExpired(Timestamp now) {
  FAROL_RETURN_IF_ERROR(c_.Query("DELETE FROM sessions WHERE expires_at <= $1", {now}).status());
  return c_.changes();
}

// ---- API tokens ---------------------------------------------------------------------------

namespace {
constexpr std::string_view kTokenCols =
    "id, user_id, name, token_digest, prefix, created_at, last_used_at, expires_at, revoked_at";
ApiTokenRecord TokenFrom(const Rows& r, size_t i) {
  ApiTokenRecord t;
  t.id = r.Int(i, 0);
  t.user_id = r.Int(i, 1);
  t.name = r.Text(i, 2);
  t.token_digest = r.Text(i, 3);
  t.prefix = r.Text(i, 4);
  t.created_at = r.Time(i, 5);
  t.last_used_at = r.OptTime(i, 6);
  t.expires_at = r.OptTime(i, 7);
  t.revoked_at = r.OptTime(i, 8);
  return t;
}
}  // namespace

StatusOr<int64_t> ApiTokens::Insert(const ApiTokenRecord& t) {
  return c_.QueryInt(
      "INSERT INTO api_tokens (user_id, name, token_digest, prefix, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {t.user_id, t.name, t.token_digest, t.prefix, t.created_at, sql::OptTime(t.expires_at)});
}

StatusOr<std::optional<ApiTokenRecord>> ApiTokens::GetByDigest(std::string_view digest) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kTokenCols) +
                                              " FROM api_tokens WHERE token_digest = $1",
                                          {digest}));
  if (r.empty()) return std::optional<ApiTokenRecord>();
  return std::optional<ApiTokenRecord>(TokenFrom(r, 0));
}

StatusOr<std::vector<ApiTokenRecord>> ApiTokens::ListFor(int64_t user_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kTokenCols) +
                                              " FROM api_tokens WHERE user_id = $1 ORDER BY id",
                                          {user_id}));
  std::vector<ApiTokenRecord> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(TokenFrom(r, i));
  return out;
}

Status ApiTokens::Revoke(int64_t id, int64_t user_id, Timestamp now) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND "
                                 "user_id = $3 AND revoked_at IS NULL",
                                 {now, id, user_id})
                            .status());
  if (c_.changes() != 1) return NotFoundError("API token", id);
  return OkStatus();
}

Status ApiTokens::TouchLastUsed(int64_t id, Timestamp now) {
  return c_.Query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", {now, id}).status();
}

// ---- sign-in links ------------------------------------------------------------------------

Status MagicLinks::Insert(std::string_view token_digest, int64_t contact_id, Timestamp created_at, Timestamp expires_at) {
  return c_
      .Query("INSERT INTO magic_links (token_digest, contact_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
             {token_digest, contact_id, created_at, expires_at})
      .status();
}

StatusOr<int64_t> MagicLinks::CountSince(int64_t contact_id, Timestamp since) {
  return c_.QueryInt("SELECT COUNT(*) FROM magic_links WHERE contact_id = $1 AND created_at >= $2", {contact_id, since});
}

StatusOr<std::optional<int64_t>> MagicLinks::Redeem(std::string_view token_digest, Timestamp now) {
  // One statement: of two concurrent redeems, only one finds the link unused.
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE magic_links SET used_at = $1 WHERE token_digest = $2 AND used_at IS NULL "
                                          "AND expires_at > $1 RETURNING contact_id",
                                          {now, token_digest}));
  if (r.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(r.Int(0, 0));
}

Status MagicLinks::DeleteBefore(Timestamp t) {
  return c_.Query("DELETE FROM magic_links WHERE expires_at < $1", {t}).status();
}

// ---- failed logins ------------------------------------------------------------------------

Status LoginFailures::Add(std::string_view key, Timestamp at) {
  return c_.Query("INSERT INTO login_failures (key, at) VALUES ($1, $2)", {key, at}).status();
}

StatusOr<int64_t> LoginFailures::CountSince(std::string_view key, Timestamp since) {
  return c_.QueryInt("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2", {key, since});
}

StatusOr<std::optional<Timestamp>> LoginFailures::OldestSince(std::string_view key, Timestamp since) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT MIN(at) FROM login_failures WHERE key = $1 AND at >= $2",
                                          {key, since}));
  if (r.empty()) return std::optional<Timestamp>();
  return r.OptTime(0, 0);
}

Status LoginFailures::Clear(std::string_view key) {
  return c_.Query("DELETE FROM login_failures WHERE key = $1", {key}).status();
}

Status LoginFailures::DeleteBefore(Timestamp t) {
  return c_.Query("DELETE FROM login_failures WHERE at < $1", {t}).status();
}

// ---- saved filters ------------------------------------------------------------------------

StatusOr<int64_t> SavedFilters::Insert(const SavedFilter& f) {
  auto id = c_.QueryInt("INSERT INTO saved_filters (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                        {f.user_id, f.name, f.query, f.created_at});
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("You already have a saved queue named '" + f.name + "'.").WithField("name", "is already in use");
  }
  return id;
}

StatusOr<std::vector<SavedFilter>> SavedFilters::ListFor(int64_t user_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id, user_id, name, query, created_at FROM saved_filters "
                                          "WHERE user_id = $1 ORDER BY lower(name), id",
                                          {user_id}));
  std::vector<SavedFilter> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back({r.Int(i, 0), r.Int(i, 1), r.Text(i, 2), r.Text(i, 3), r.Time(i, 4)});
  return out;
}

Status SavedFilters::Delete(int64_t id, int64_t user_id) {
  FAROL_RETURN_IF_ERROR(c_.Query("DELETE FROM saved_filters WHERE id = $1 AND user_id = $2", {id, user_id}).status());
  if (c_.changes() != 1) return NotFoundError("saved queue", id);
  return OkStatus();
}

// ---- idempotency keys ---------------------------------------------------------------------

StatusOr<std::optional<IdempotencyRecord>> Idempotency::Get(std::string_view scope, std::string_view key) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT scope, idem_key, request_hash, status, body, created_at "
                                          "FROM idempotency_keys WHERE scope = $1 AND idem_key = $2",
                                          {scope, key}));
  if (r.empty()) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{
      r.Text(0, 0), r.Text(0, 1), r.Text(0, 2), static_cast<int>(r.Int(0, 3)), r.Text(0, 4), r.Time(0, 5)});
}

Status Idempotency::Put(const IdempotencyRecord& rec) {
  auto r = c_.Query("INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, body, created_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6)",
                    {rec.scope, rec.key, rec.request_hash, rec.status, rec.body, rec.created_at});
  if (!r.ok() && r.status().code() == StatusCode::kAlreadyExists) {
    // The raw constraint text would reach the caller (and the API) otherwise.
    return AlreadyExistsError("The idempotency key '" + rec.key + "' was already used.")
        .WithField("key", "was already used");
  }
  return r.status();
}

Status Idempotency::DeleteBefore(Timestamp t) {
  return c_.Query("DELETE FROM idempotency_keys WHERE created_at < $1", {t}).status();
}

}  // namespace farol::store
