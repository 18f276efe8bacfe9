#include "app/alert_service.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "app/mail_out.h"
#include "core/parallel.h"
#include "core/strings.h"

namespace farol::app {

using domain::Actor;
using domain::Permission;

AlertService::AlertService(store::Store& store, Clock& clock, SlaTracker& tracker, TicketWatch* watch,
                           metrics::Registry* metrics, AlertConfig config)
    : store_(store), clock_(clock), tracker_(tracker), watch_(watch), config_(std::move(config)) {
  if (metrics) {
    fired_ = &metrics->GetCounter("farol_sla_alerts_fired_total", "SLA warnings and breaches fired");
    sent_ = &metrics->GetCounter("farol_deliveries_sent_total", "Alert messages delivered");
    failed_ = &metrics->GetCounter("farol_deliveries_failed_total", "Alert delivery attempts that failed (retried)");
    dead_ = &metrics->GetCounter("farol_deliveries_dead_total", "Alert messages given up on (dead letters)");
  }
}

namespace {

void Inc(metrics::Counter* c, int n) {
  if (c && n > 0) c->Inc(uint64_t(n));
}

Status NotFoundChannel(int64_t id) { return NotFoundError("Alert channel #" + std::to_string(id) + " was not found."); }

}  // namespace

StatusOr<std::vector<domain::AlertChannel>> AlertService::Channels(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  std::vector<domain::AlertChannel> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.alert_channels().List());
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::AlertChannel> AlertService::CreateChannel(const Actor& actor, domain::AlertChannel ch) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  ch.name = Trim(ch.name);
  FieldErrors errors;
  ch.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The alert channel is not valid"));
  ch.created_at = clock_.SystemNow();
  ch.version = 1;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(ch.id, tx.alert_channels().Insert(ch));
    return OkStatus();
  }));
  return ch;
}

StatusOr<domain::AlertChannel> AlertService::UpdateChannel(const Actor& actor, domain::AlertChannel ch,
                                                           int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  ch.name = Trim(ch.name);
  domain::AlertChannel stored;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto old, tx.alert_channels().Get(ch.id));
    if (!old) return NotFoundChannel(ch.id);
    if (ch.secret.empty() && ch.kind == old->kind) ch.secret = old->secret;
    FieldErrors errors;
    ch.Validate(errors);
    FAROL_RETURN_IF_ERROR(errors.ToStatus("The alert channel is not valid"));
    FAROL_RETURN_IF_ERROR(tx.alert_channels().Update(ch, expected_version));
    ch.created_at = old->created_at;
    ch.version = expected_version + 1;
    stored = ch;
    return OkStatus();
  }));
  return stored;
}

StatusOr<store::Delivery> AlertService::TestChannel(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  const Timestamp now = clock_.SystemNow();
  store::Delivery d;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto ch, tx.alert_channels().Get(id));
    if (!ch) return NotFoundChannel(id);
    const domain::RenderedAlert r = domain::RenderTest(*ch, now);
    d = store::Delivery{};
    d.channel_id = id;
    d.event = "test";
    d.subject = r.subject;
    d.body = r.body;
    d.next_attempt_at = d.created_at = now;
    d.channel_name = ch->name;
    FAROL_ASSIGN_OR_RETURN(d.id, tx.deliveries().Insert(d));
    return OkStatus();
  }));
  return d;
}

StatusOr<std::vector<store::Delivery>> AlertService::Deliveries(const Actor& actor,
                                                               std::optional<store::DeliveryState> state, int limit,
                                                               int64_t before_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  std::vector<store::Delivery> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.deliveries().List(state, limit, before_id));
    return OkStatus();
  }));
  return out;
}

Status AlertService::RetryDelivery(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  const Timestamp now = clock_.SystemNow();
  return store_.Write([&](store::Tx& tx) { return tx.deliveries().Revive(id, now); });
}

StatusOr<AlertService::Fired> AlertService::FireDue(int batch) {
  Fired total;
  while (true) {
    const Timestamp now = clock_.SystemNow();
    Fired round;
    std::vector<int64_t> tickets;
    int due_count = 0;
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      round = Fired{};
      tickets.clear();
      FAROL_ASSIGN_OR_RETURN(auto due, tx.sla_timers().Due(now, batch));
      due_count = int(due.size());
      if (due.empty()) return OkStatus();
      FAROL_ASSIGN_OR_RETURN(auto channels, tx.alert_channels().List());
      for (const store::SlaTimer& timer : due) {
        FAROL_ASSIGN_OR_RETURN(bool mine, tx.sla_timers().Claim(timer.id, now));
        if (!mine) continue;  // another process fired it
        FAROL_ASSIGN_OR_RETURN(TicketSla sla, tracker_.Plan(tx, timer.ticket_id, now));
        if (timer.clock == domain::kEscalationClock) {
          if (!escalations_) continue;
          auto fired = escalations_->Fire(tx, timer.ticket_id, sla, timer.threshold, "", 0, "", now);
          if (!fired.ok() && fired.status().code() != StatusCode::kAlreadyExists &&
              fired.status().code() != StatusCode::kNotFound) {
            return fired.status();
          }
          if (fired.ok()) round.deliveries += fired->deliveries;
          FAROL_RETURN_IF_ERROR(tracker_.Refresh(tx, {timer.ticket_id}, now));
          tickets.push_back(timer.ticket_id);
          ++round.escalations;
          continue;
        }
        FAROL_ASSIGN_OR_RETURN(auto item, tx.tickets().GetWithNames(timer.ticket_id));
        if (!item) continue;
        const std::optional<domain::SlaPlan>& plan = sla.plan;
        const bool update = timer.clock.starts_with("update.");
        domain::SlaAlert a;
        const domain::Ticket& t = item->ticket;
        a.ticket_id = t.id;
        a.subject = t.subject;
        a.organisation = item->organisation_name;
        a.type = t.type;
        a.priority = t.priority;
        a.team = item->team_name;
        a.assignee = item->assignee_name;
        a.clock = update ? "update" : timer.clock;
        a.threshold = timer.threshold;
        a.fired_at = now;
        if (!config_.public_url.empty()) a.link = config_.public_url + "/tickets/" + std::to_string(t.id);
        if (plan) {
          const domain::ClockReading* r = nullptr;
          if (update) {
            if (plan->reading.update) r = &*plan->reading.update;
          } else {
            r = timer.clock == "first_response" ? &plan->reading.first_response : &plan->reading.resolution;
          }
          if (r) {
            a.target_seconds = r->target_seconds;
            a.elapsed_seconds = r->elapsed_seconds;
            a.due = r->due;
          }
        }
        std::vector<std::string> told;
        for (const domain::AlertChannel& ch : channels) {
          if (!domain::Wants(ch, a)) continue;
          const domain::RenderedAlert r = domain::RenderAlert(ch, a);
          store::Delivery d;
          d.channel_id = ch.id;
          d.ticket_id = t.id;
          d.event = std::string(domain::AlertEvent(a));
          d.subject = r.subject;
          d.body = r.body;
          d.next_attempt_at = d.created_at = now;
          FAROL_RETURN_IF_ERROR(tx.deliveries().Insert(d).status());
          told.push_back(ch.name);
          ++round.deliveries;
        }
        domain::TicketEvent e;
        e.ticket_id = t.id;
        e.type = domain::EventType::kSlaAlert;
        e.at = now;
        e.author = Actor::System().Ref();
        e.internal = true;
        e.field = a.clock;
        e.to = std::to_string(timer.threshold);
        e.reason = Join(told, ", ");
        FAROL_RETURN_IF_ERROR(tx.tickets().AppendEvent(e).status());
        FAROL_RETURN_IF_ERROR(tx.tickets().BumpVersion(t.id));  // open views show the alert at once
        // Arms the clock's next threshold (due at once if it has passed too: the next round fires it).
        FAROL_RETURN_IF_ERROR(tracker_.Refresh(tx, {t.id}, now));
        tickets.push_back(t.id);
        ++round.timers;
      }
      return OkStatus();
    }));
    total.timers += round.timers;
    total.escalations += round.escalations;
    total.deliveries += round.deliveries;
    Inc(fired_, round.timers);
    if (watch_) {
      for (int64_t id : tickets) watch_->Publish(id);
    }
    if (due_count == 0) break;  // what this round fired may have armed more that is due already
  }
  return total;
}

std::chrono::seconds AlertService::RetryDelay(int attempts) const {
  auto delay = config_.first_retry;
  for (int i = 1; i < attempts && delay < config_.max_retry; ++i) delay *= 2;
  return std::min(delay, config_.max_retry);
}

StatusOr<AlertService::Delivered> AlertService::DeliverDue(Sender& sender, int limit) {
  Delivered out;
  std::vector<store::Delivery> due;
  std::vector<domain::AlertChannel> channels;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(due, tx.deliveries().Due(clock_.SystemNow(), limit));
    if (due.empty()) return OkStatus();
    FAROL_ASSIGN_OR_RETURN(channels, tx.alert_channels().List());
    return OkStatus();
  }));
  std::mutex mu;  // guards `out` and the first error
  Status first_error;
  auto deliver = [&](store::Delivery& d) -> Status {
    const Timestamp now = clock_.SystemNow();
    bool mine = false;
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(mine, tx.deliveries().Claim(d.id, now, now + config_.lease));
      return OkStatus();
    }));
    if (!mine) return OkStatus();
    ++d.attempts;
    auto ch = std::find_if(channels.begin(), channels.end(), [&](const auto& c) { return c.id == d.channel_id; });
    SendResult result;
    if (d.channel_id == 0) {
      // A person's own address (the escalation matrix, a reply to a requester): an e-mail to them alone.
      domain::AlertChannel mail;
      mail.name = d.recipient;
      mail.kind = domain::AlertKind::kEmail;
      mail.emails = {d.recipient};
      result = sender.Send(mail, d);
    } else if (ch == channels.end() || !ch->active) {
      result = {false, true, "the channel was switched off"};
    } else {
      result = sender.Send(*ch, d);
    }
    const Timestamp after = clock_.SystemNow();
    std::optional<Timestamp> retry_at;
    if (!result.ok && !result.permanent && d.attempts < config_.max_attempts) retry_at = after + RetryDelay(d.attempts);
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      if (d.event == kMailReplyEvent) {
        // The mail log shows what became of a reply's e-mail.
        FAROL_RETURN_IF_ERROR(tx.mail_messages().SetOutState(
            d.id, result.ok ? "sent" : retry_at ? "queued" : "failed", result.ok ? "" : result.error, after));
      }
      if (result.ok) return tx.deliveries().MarkSent(d.id, after);
      return tx.deliveries().MarkFailed(d.id, result.error, retry_at);
    }));
    std::lock_guard lock(mu);
    if (result.ok) {
      ++out.sent;
    } else if (retry_at) {
      ++out.failed;
    } else {
      ++out.dead;
    }
    return OkStatus();
  };
  // Each thread takes the next delivery not yet taken, so a slow receiver holds up one thread only.
  std::atomic<bool> failed{false};
  ParallelFor(due.size(), static_cast<size_t>(std::max(config_.send_threads, 1)), [&](size_t i) {
    if (failed) return;
    Status s = deliver(due[i]);
    if (!s.ok()) {
      std::lock_guard lock(mu);
      if (first_error.ok()) first_error = s;
      failed = true;
    }
  });
  FAROL_RETURN_IF_ERROR(first_error);
  Inc(sent_, out.sent);
  Inc(failed_, out.failed);
  Inc(dead_, out.dead);
  return out;
}

}  // namespace farol::app
