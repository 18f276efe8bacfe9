// SLA alerts: the channels admins configure, firing the persisted timers when they come due, and
// the delivery outbox (docs/ALERTS.md).
//
// Exactly once: a timer is claimed (fired_at set only if still unset) in the same transaction that
// writes the ticket's sla_alert event and one delivery per channel, so an alert is recorded and
// queued once, whatever crashes, restarts or other farol processes do. Sending is at least once:
// a sender that dies mid-request is retried when its lease ends; receivers can drop repeats by the
// delivery id every request carries.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/escalation_service.h"
#include "app/sla_tracker.h"
#include "app/ticket_watch.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "domain/access.h"
#include "domain/alerts.h"
#include "store/store.h"

namespace farol::app {

// The outcome of one attempt to send a delivery.
struct SendResult {
  bool ok = false;
  bool permanent = false;  // retrying cannot help (e.g. the receiver answered 400 or 404)
  std::string error;       // in plain words, never with a secret in it
};

// Sends one delivery over its channel (the jobs layer's libcurl sender; tests may use their own).
class Sender {
 public:
  virtual ~Sender() = default;
  virtual SendResult Send(const domain::AlertChannel& channel, const store::Delivery& delivery) = 0;
};

struct AlertConfig {
  std::string public_url;  // the web app's address, for links in alerts ("" = no links)
  int max_attempts = 8;    // then the delivery is dead
  std::chrono::seconds first_retry{30};  // doubles after each failure…
  std::chrono::seconds max_retry{3600};  // …up to this
  std::chrono::seconds lease{120};       // an attempt that never reported back is retried after this
  // Deliveries sent at once (each claimed in its own transaction first, so two threads or two
  // processes never send the same one). The sender must then be thread-safe, as CurlSender is.
  int send_threads = 1;
};

class AlertService {
 public:
  AlertService(store::Store& store, Clock& clock, SlaTracker& tracker, TicketWatch* watch,
               metrics::Registry* metrics, AlertConfig config);

  // ---- channels and deliveries (staff with catalog.write) ----
  StatusOr<std::vector<domain::AlertChannel>> Channels(const domain::Actor& actor);
  StatusOr<domain::AlertChannel> CreateChannel(const domain::Actor& actor, domain::AlertChannel ch);
  // Replaces every field; an empty secret keeps the stored one. kStaleVersion if it moved.
  StatusOr<domain::AlertChannel> UpdateChannel(const domain::Actor& actor, domain::AlertChannel ch,
                                               int64_t expected_version);
  // Queues a test message on channel `id`, sent by the next delivery round.
  StatusOr<store::Delivery> TestChannel(const domain::Actor& actor, int64_t id);
  StatusOr<std::vector<store::Delivery>> Deliveries(const domain::Actor& actor, std::optional<store::DeliveryState> state,
                                                    int limit, int64_t before_id);
  // Sends a dead delivery again (attempts start over).
  Status RetryDelivery(const domain::Actor& actor, int64_t id);

  // ---- the scheduler's work ----
  struct Fired {
    int timers = 0;       // alerts fired
    int escalations = 0;  // levels of the escalation matrix fired
    int deliveries = 0;   // messages queued for them
  };
  // Fires every timer due by now (in batches of `batch`); costs in proportion to what is due.
  StatusOr<Fired> FireDue(int batch = 200);
  struct Delivered {
    int sent = 0;
    int failed = 0;  // will be retried
    int dead = 0;
  };
  // Attempts every delivery due by now, up to `limit`.
  StatusOr<Delivered> DeliverDue(Sender& sender, int limit = 50);

  const AlertConfig& config() const { return config_; }
  // Fires escalation timers through `e` (set once, before the scheduler starts).
  void SetEscalations(EscalationService* e) { escalations_ = e; }

 private:
  std::chrono::seconds RetryDelay(int attempts) const;
  store::Store& store_;
  Clock& clock_;
  SlaTracker& tracker_;
  TicketWatch* watch_;
  EscalationService* escalations_ = nullptr;
  AlertConfig config_;
  metrics::Counter* fired_ = nullptr;
  metrics::Counter* sent_ = nullptr;
  metrics::Counter* failed_ = nullptr;
  metrics::Counter* dead_ = nullptr;
};

}  // namespace farol::app
