#include "app/auth_cache.h"

#include <iterator>

namespace farol::app {

namespace {
// Keeps the map from growing without bound under a stream of distinct tokens.
constexpr size_t kMaxEntries = 10'000;
}  // namespace

std::optional<AuthCache::Entry> AuthCache::Find(const std::string& digest,
                                                std::chrono::steady_clock::time_point now_mono,
                                                Timestamp now) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(digest);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (now_mono - e.stored >= ttl_ || now_mono < e.stored || e.expires_at <= now) return std::nullopt;
  return e;
}

void AuthCache::Put(const std::string& digest, Entry e) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) {
    // Drop stale entries first; if all are fresh, start over (a miss only costs a database read).
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = (e.stored - it->second.stored >= ttl_) ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= kMaxEntries) entries_.clear();
  }
  entries_[digest] = std::move(e);
}

void AuthCache::ForgetSubject(domain::ActorKind kind, int64_t id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.actor.kind == kind && kv.second.actor.id == id; });
}

void AuthCache::ForgetSession(int64_t session_id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.session_id == session_id; });
}

void AuthCache::ForgetToken(int64_t token_id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.token_id == token_id; });
}

void AuthCache::Clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

size_t AuthCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace farol::app
