#include "app/monitoring_service.h"

#include <algorithm>

#include "app/sla_admin.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace farol::app {

using domain::Actor;
using domain::AlertAction;
using domain::MonitoringAlert;
using domain::Permission;

namespace {

// Keys look like "fmon_<43 characters>"; the prefix tells people (and secret scanners) what they are.
constexpr std::string_view kKeyPrefix = "fmon_";

bool TicketOpen(domain::TicketStatus s) {
  return s != domain::TicketStatus::kResolved && s != domain::TicketStatus::kClosed &&
         s != domain::TicketStatus::kCancelled;
}

}  // namespace

MonitoringService::MonitoringService(store::Store& store, Clock& clock, TicketService& tickets)
    : store_(store), clock_(clock), tickets_(tickets), limiter_(clock) {}

StatusOr<std::vector<store::MonitoringChannel>> MonitoringService::Channels(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  std::vector<store::MonitoringChannel> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.monitoring().Channels());
    return OkStatus();
  }));
  return out;
}

namespace {

void CheckChannelFields(const MonitoringService::ChannelFields& f, FieldErrors& errors) {
  if (f.name) {
    const std::string name = Trim(*f.name);
    if (name.empty() || Utf8Length(name) > 100 || !IsValidUtf8(name) || HasControlChars(name)) {
      errors.Add("name", "give a name of 1 to 100 characters");
    }
  }
  if (f.rate_per_minute && (*f.rate_per_minute < 1 || *f.rate_per_minute > 10'000)) {
    errors.Add("rate_per_minute", "must be between 1 and 10000");
  }
}

Status CheckChannelTeam(store::Tx& tx, const MonitoringService::ChannelFields& f) {
  if (!f.team_id || *f.team_id == 0) return OkStatus();
  FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(*f.team_id));
  if (!team) return FieldInvalidError("team_id", "no such team");
  return OkStatus();
}

void ApplyChannelFields(const MonitoringService::ChannelFields& f, store::MonitoringChannel& ch) {
  if (f.name) ch.name = Trim(*f.name);
  if (f.team_id) ch.team_id = *f.team_id;
  if (f.resolve_on_recovery) ch.resolve_on_recovery = *f.resolve_on_recovery;
  if (f.rate_per_minute) ch.rate_per_minute = *f.rate_per_minute;
}

}  // namespace

StatusOr<MonitoringService::Created> MonitoringService::CreateChannel(const Actor& actor, int64_t organisation_id,
                                                                      const ChannelFields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  FieldErrors errors;
  if (!f.name) errors.Add("name", "give a name of 1 to 100 characters");
  CheckChannelFields(f, errors);
  if (organisation_id <= 0) errors.Add("organisation_id", "choose the organisation its incidents are for");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const Timestamp now = clock_.SystemNow();
  Created out;
  out.key = std::string(kKeyPrefix) + crypto::RandomToken(32);
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(organisation_id));
    if (!org) return FieldInvalidError("organisation_id", "no such organisation");
    if (!org->active) return FieldInvalidError("organisation_id", "the organisation is deactivated");
    FAROL_RETURN_IF_ERROR(CheckChannelTeam(tx, f));
    store::MonitoringChannel ch;
    ApplyChannelFields(f, ch);
    ch.organisation_id = organisation_id;
    ch.key_hash = crypto::Sha256Hex(out.key);
    ch.key_hint = out.key.substr(0, kKeyPrefix.size() + 4);
    ch.created_at = now;
    FAROL_ASSIGN_OR_RETURN(ch.id, tx.monitoring().InsertChannel(ch));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "monitoring_channel.create", "monitoring_channel", ch.id,
                                      "created \"" + ch.name + "\" for " + org->name, now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.monitoring().GetChannel(ch.id));
    out.channel = std::move(*stored);
    return OkStatus();
  }));
  return out;
}

StatusOr<store::MonitoringChannel> MonitoringService::UpdateChannel(const Actor& actor, int64_t id,
                                                                    const ChannelFields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  FieldErrors errors;
  CheckChannelFields(f, errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const Timestamp now = clock_.SystemNow();
  store::MonitoringChannel out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto ch, tx.monitoring().GetChannel(id));
    if (!ch) return NotFoundError("monitoring channel", id);
    FAROL_RETURN_IF_ERROR(CheckChannelTeam(tx, f));
    ApplyChannelFields(f, *ch);
    FAROL_RETURN_IF_ERROR(tx.monitoring().UpdateChannel(*ch));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "monitoring_channel.update", "monitoring_channel", id,
                                      "changed \"" + ch->name + "\"", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.monitoring().GetChannel(id));
    out = std::move(*stored);
    return OkStatus();
  }));
  return out;
}

Status MonitoringService::RevokeChannel(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  const Timestamp now = clock_.SystemNow();
  return store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto ch, tx.monitoring().GetChannel(id));
    if (!ch) return NotFoundError("monitoring channel", id);
    FAROL_ASSIGN_OR_RETURN(bool revoked, tx.monitoring().RevokeChannel(id, now));
    if (!revoked) return OkStatus();  // already revoked: nothing changes
    return RecordAudit(tx, actor, "monitoring_channel.revoke", "monitoring_channel", id,
                       "revoked the key of \"" + ch->name + "\"", now);
  });
}

StatusOr<std::vector<store::MonitoringAlertRow>> MonitoringService::Alerts(const Actor& actor, int64_t channel_id,
                                                                           int limit) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  std::vector<store::MonitoringAlertRow> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.monitoring().Alerts(channel_id, std::clamp(limit, 1, 500)));
    return OkStatus();
  }));
  return out;
}

Status MonitoringService::Admit(const store::MonitoringChannel& ch) {
  if (auto wait = limiter_.Admit(ch.id, ch.rate_per_minute)) {
    return ResourceExhaustedError("This channel takes at most " + std::to_string(ch.rate_per_minute) +
                                      " notifications a minute. Try again in " + std::to_string(*wait) + " s.",
                                  *wait);
  }
  return OkStatus();
}

StatusOr<std::vector<MonitoringService::Result>> MonitoringService::Take(std::string_view key,
                                                                         std::vector<MonitoringAlert> alerts) {
  std::optional<store::MonitoringChannel> ch;
  const std::string hash = crypto::Sha256Hex(key);
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(ch, tx.monitoring().FindChannelByKeyHash(hash));
    return OkStatus();
  }));
  if (!ch || ch->revoked_at) return UnauthenticatedError("This channel key is unknown or was revoked.");
  FAROL_RETURN_IF_ERROR(Admit(*ch));
  if (alerts.size() > kMaxAlerts) {
    return InvalidArgumentError("At most " + std::to_string(kMaxAlerts) + " alerts in one notification.");
  }
  std::vector<Result> out;
  out.reserve(alerts.size());
  for (MonitoringAlert& a : alerts) {
    domain::Normalise(a);
    // A second farol process may have taken the same new alert in at the same moment: the
    // unique fingerprint refuses the second incident, and reading again finds the first.
    StatusOr<Result> r = TakeOne(*ch, a);
    if (r.status().code() == StatusCode::kAlreadyExists) r = TakeOne(*ch, a);
    if (!r.ok()) return r.status();
    out.push_back(std::move(*r));
  }
  return out;
}

StatusOr<MonitoringService::Result> MonitoringService::TakeOne(const store::MonitoringChannel& ch,
                                                               const MonitoringAlert& a) {
  const Timestamp now = clock_.SystemNow();
  Result result{a.fingerprint, "ignored", 0};
  std::optional<store::MonitoringAlertRow> row;
  AlertAction action = AlertAction::kIgnore;
  auto ticket = tickets_.TakeAlert(
      [&](store::Tx& tx) -> StatusOr<std::optional<TicketService::AlertIn>> {
        FAROL_ASSIGN_OR_RETURN(row, tx.monitoring().FindAlert(ch.id, a.fingerprint));
        domain::KnownAlert known;
        if (row) {
          known.ticket_id = row->ticket_id;
          FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(row->ticket_id));
          known.ticket_open = t && TicketOpen(t->status);
        }
        action = domain::Decide(a, known, ch.resolve_on_recovery);
        TicketService::AlertIn in;
        switch (action) {
          case AlertAction::kIgnore:
            return std::optional<TicketService::AlertIn>();
          case AlertAction::kOpen: {
            domain::NewTicket& n = in.ticket;
            n.type = domain::TicketType::kIncident;
            n.channel = domain::Channel::kMonitoring;
            n.organisation_id = ch.organisation_id;
            n.team_id = ch.team_id;
            std::tie(n.impact, n.urgency) = domain::SeverityLevels(a.severity);
            n.subject = domain::AlertSubject(a);
            n.description = domain::AlertDescription(a);
            n.tags = {"monitoring"};
            break;
          }
          case AlertAction::kAnnotate:
          case AlertAction::kAnnotateResolve:
            in.ticket_id = row->ticket_id;
            in.note = domain::AlertNote(a, row->notifications + 1);
            if (action == AlertAction::kAnnotateResolve) in.then_status = domain::TicketStatus::kResolved;
            break;
        }
        return std::optional<TicketService::AlertIn>(std::move(in));
      },
      [&](store::Tx& tx, const domain::Ticket& t, int64_t, const std::vector<int64_t>&) -> Status {
        store::MonitoringAlertRow r = row.value_or(store::MonitoringAlertRow{});
        const bool fresh = !row;
        if (action == AlertAction::kOpen) {
          r.first_at = now;
          r.notifications = 0;
        }
        r.channel_id = ch.id;
        r.fingerprint = a.fingerprint;
        r.ticket_id = t.id;
        r.state = a.firing ? "firing" : "resolved";
        r.title = a.title;
        r.notifications += 1;
        r.last_at = now;
        if (fresh) return tx.monitoring().InsertAlert(r).status();
        return tx.monitoring().UpdateAlert(r);
      });
  if (!ticket.ok()) return ticket.status();
  if (*ticket) {
    result.ticket_id = (*ticket)->id;
    result.action = action == AlertAction::kOpen             ? "opened"
                    : action == AlertAction::kAnnotateResolve ? "resolved"
                                                              : "annotated";
  } else if (row) {
    result.ticket_id = row->ticket_id;
  }
  return result;
}

}  // namespace farol::app
