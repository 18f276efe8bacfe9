// A short-lived cache of verified credentials: token digest -> who it belongs to.
//
// Checking a session or API token is a read transaction of three statements; on the hottest
// endpoints it was a third of the work. An entry lives at most `ttl` (one second by default) and
// never past the credential's own expiry. Everything that ends access in this process — signing
// out, revoking a token, changing or resetting a password, deactivating a person, withdrawing
// portal access — forgets the person's entries at once. A change made by another process (the
// CLI, another farol on the same PostgreSQL) takes effect within `ttl`. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/time.h"
#include "domain/access.h"

namespace farol::app {

struct Authenticated;

class AuthCache {
 public:
  explicit AuthCache(std::chrono::steady_clock::duration ttl = std::chrono::seconds(1)) : ttl_(ttl) {}

  struct Entry {
    domain::Actor actor;
    int64_t session_id = 0;
    int64_t token_id = 0;
    std::string csrf_token;
    bool via_session = false;
    bool must_change_password = false;
    Timestamp expires_at;  // the credential's own end (session expiry, token expiry)
    std::chrono::steady_clock::time_point stored;
  };

  // The entry for `digest` if it is younger than the TTL and its credential has not expired.
  std::optional<Entry> Find(const std::string& digest, std::chrono::steady_clock::time_point now_mono,
                            Timestamp now) const;
  void Put(const std::string& digest, Entry e);
  // Forgets every credential of a person (staff user or contact).
  void ForgetSubject(domain::ActorKind kind, int64_t id);
  void ForgetSession(int64_t session_id);
  void ForgetToken(int64_t token_id);
  // Forgets everything (changes that touch many people at once: team membership, an
  // organisation's deactivation).
  void Clear();
  size_t size() const;

 private:
  const std::chrono::steady_clock::duration ttl_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace farol::app
