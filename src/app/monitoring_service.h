// Monitoring alerts as incidents (docs/MONITORING.md): the channels monitoring tools post to,
// each with its own revocable, rate-limited key, and what every alert does to its incident.
//
// A firing alert opens an incident for the channel's organisation (deduplicated by fingerprint:
// while that incident is open, repeats annotate it); a resolved notification annotates it and,
// when the channel says so, resolves it. The alert's row and the ticket change are one
// transaction, so an acknowledged notification is never half taken in.
#pragma once

#include <string>
#include <vector>

#include "app/ticket_service.h"
#include "core/clock.h"
#include "core/rate_limit.h"
#include "domain/access.h"
#include "domain/monitoring.h"
#include "store/store.h"

namespace farol::app {

class MonitoringService {
 public:
  MonitoringService(store::Store& store, Clock& clock, TicketService& tickets);

  // ---- channels (staff with catalog.write) ----
  StatusOr<std::vector<store::MonitoringChannel>> Channels(const domain::Actor& actor);
  // What an admin sets on a channel; absent members keep their value (on create: name is needed,
  // team none, resolve_on_recovery false, rate 60). team_id 0 clears the team.
  struct ChannelFields {
    std::optional<std::string> name;
    std::optional<int64_t> team_id;
    std::optional<bool> resolve_on_recovery;
    std::optional<int> rate_per_minute;  // 1..10,000
  };
  struct Created {
    store::MonitoringChannel channel;
    std::string key;  // shown this once; only its SHA-256 is stored
  };
  StatusOr<Created> CreateChannel(const domain::Actor& actor, int64_t organisation_id, const ChannelFields& f);
  // Its organisation and key stay; a revoked channel can still be renamed.
  StatusOr<store::MonitoringChannel> UpdateChannel(const domain::Actor& actor, int64_t id, const ChannelFields& f);
  // The key stops working at once; the channel and its alerts stay, for the record.
  Status RevokeChannel(const domain::Actor& actor, int64_t id);
  // What a channel's alerts did (newest first); `channel_id` 0 for all.
  StatusOr<std::vector<store::MonitoringAlertRow>> Alerts(const domain::Actor& actor, int64_t channel_id, int limit);

  // ---- a monitoring tool posting (authenticated by the channel key alone) ----
  struct Result {
    std::string fingerprint;
    std::string action;  // "opened", "annotated", "resolved", "ignored"
    int64_t ticket_id = 0;
  };
  // kUnauthenticated for an unknown or revoked key; kResourceExhausted (with a retry-after)
  // past the channel's rate; kInvalidArgument for more than kMaxAlerts alerts.
  StatusOr<std::vector<Result>> Take(std::string_view key, std::vector<domain::MonitoringAlert> alerts);

  static constexpr size_t kMaxAlerts = 1000;

 private:
  // One token per notification, `rate_per_minute` a minute; per server process (docs/MONITORING.md).
  Status Admit(const store::MonitoringChannel& ch);
  StatusOr<Result> TakeOne(const store::MonitoringChannel& ch, const domain::MonitoringAlert& a);

  store::Store& store_;
  Clock& clock_;
  TicketService& tickets_;
  RateLimiter limiter_;
};

}  // namespace farol::app
