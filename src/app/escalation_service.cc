#include "app/escalation_service.h"

#include <algorithm>
#include <set>

#include "core/crypto.h"
#include "core/strings.h"
#include "domain/alerts.h"

namespace farol::app {

using domain::Actor;
using domain::EscalationRecipient;
using domain::Permission;

namespace {

constexpr std::string_view kSigningKey = "escalation.signing_key";
constexpr size_t kMaxRecipients = 200;

// Someone a level tells by e-mail.
struct Person {
  std::string name;
  std::string email;
  std::string locale = "en";
  std::string time_zone = "UTC";
  int64_t user_id = 0;  // staff: may acknowledge
  bool customer = false;
};

void AddUser(std::vector<Person>& out, const domain::User& u) {
  if (!u.active || u.email.empty()) return;
  out.push_back({u.name, u.email, u.locale, u.time_zone, u.id, false});
}

Status NotFoundLink() {
  return NotFoundError("This acknowledgement link is not valid or has expired. Open the ticket in farol instead.");
}

Status NotFoundLevel(int64_t ticket_id, int level) {
  return NotFoundError("Escalation level " + std::to_string(level) + " of ticket #" + std::to_string(ticket_id) +
                       " has not fired.");
}

std::string CauseOf(const domain::EscalationLevel& l) {
  switch (l.trigger) {
    case domain::EscalationTrigger::kCreated: return "created";
    case domain::EscalationTrigger::kPercent: return "percent:" + std::to_string(l.percent) + ":" + l.clock;
    case domain::EscalationTrigger::kUnacknowledged: return "unacknowledged";
  }
  return "created";
}

}  // namespace

EscalationService::EscalationService(store::Store& store, Clock& clock, SlaTracker& tracker, TicketWatch* watch,
                                     metrics::Registry* metrics, EscalationConfig config)
    : store_(store), clock_(clock), tracker_(tracker), watch_(watch), config_(std::move(config)) {
  if (metrics) {
    fired_ = &metrics->GetCounter("farol_escalations_fired_total", "Levels of the escalation matrix fired");
    acknowledged_ = &metrics->GetCounter("farol_escalations_acknowledged_total", "Escalation levels acknowledged");
  }
}

// ---- signed links ---------------------------------------------------------------------------

StatusOr<std::string> EscalationService::SignToken(store::Tx& tx, int64_t row_id, int64_t user_id, Timestamp expires) {
  FAROL_ASSIGN_OR_RETURN(std::string key, tx.settings().PutIfAbsent(kSigningKey, crypto::RandomToken(32)));
  // Underscores, not dots: the link is a page address of the web app, and an address whose last
  // part looks like a file name is looked up as a file.
  const std::string payload = std::to_string(row_id) + "_" + std::to_string(user_id) + "_" +
                              std::to_string(ToUnixSeconds(expires));
  return payload + "_" + crypto::HmacSha256Hex(key, "escalation-ack:" + payload);
}

StatusOr<EscalationService::Token> EscalationService::VerifyToken(store::Tx& tx, std::string_view token) {
  const std::vector<std::string> parts = Split(token, '_');
  if (token.size() > 200 || parts.size() != 4) return NotFoundLink();
  FAROL_ASSIGN_OR_RETURN(auto key, tx.settings().Get(kSigningKey));
  if (!key) return NotFoundLink();
  const std::string payload = parts[0] + "_" + parts[1] + "_" + parts[2];
  if (!crypto::ConstantTimeEquals(crypto::HmacSha256Hex(*key, "escalation-ack:" + payload), parts[3])) {
    return NotFoundLink();
  }
  Token t{std::atoll(parts[0].c_str()), std::atoll(parts[1].c_str()), std::atoll(parts[2].c_str())};
  if (t.expires < ToUnixSeconds(clock_.SystemNow())) return NotFoundLink();
  return t;
}

// ---- firing ---------------------------------------------------------------------------------

StatusOr<EscalationService::FireResult> EscalationService::Fire(store::Tx& tx, int64_t ticket_id, const TicketSla& sla,
                                                                int level, std::string cause, int64_t requested_by,
                                                                std::string customer_reason, Timestamp now) {
  const domain::EscalationMatrix& matrix = sla.terms.sla().escalation;
  if (level < 1 || level > int(matrix.levels.size())) return NotFoundError("escalation level", level);
  const domain::EscalationLevel& l = matrix.levels[size_t(level - 1)];
  FAROL_ASSIGN_OR_RETURN(auto item, tx.tickets().GetWithNames(ticket_id));
  if (!item) return NotFoundError("ticket", ticket_id);
  const domain::Ticket& t = item->ticket;
  if (cause.empty()) cause = CauseOf(l);

  // Who is told.
  std::vector<Person> people;
  for (const EscalationRecipient& r : l.recipients) {
    switch (r.kind) {
      case EscalationRecipient::Kind::kAssignee:
        if (t.assignee_id) {
          FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(t.assignee_id));
          if (u) AddUser(people, *u);
        }
        break;
      case EscalationRecipient::Kind::kTeam:
      case EscalationRecipient::Kind::kTeamId:
      case EscalationRecipient::Kind::kTeamManager: {
        const int64_t team_id = r.kind == EscalationRecipient::Kind::kTeamId ? r.id : t.team_id;
        if (!team_id) break;
        FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(team_id));
        if (!team) break;
        std::vector<int64_t> ids = r.kind == EscalationRecipient::Kind::kTeamManager
                                       ? std::vector<int64_t>{team->manager_id}
                                       : team->member_ids;
        for (int64_t id : ids) {
          if (!id) continue;
          FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(id));
          if (u) AddUser(people, *u);
        }
        break;
      }
      case EscalationRecipient::Kind::kCsm: {
        FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(t.organisation_id));
        if (org && org->csm_id) {
          FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(org->csm_id));
          if (u) AddUser(people, *u);
        }
        break;
      }
      case EscalationRecipient::Kind::kManagerContacts: {
        store::ListOptions o;
        o.limit = 500;
        o.active = true;
        FAROL_ASSIGN_OR_RETURN(auto contacts, tx.contacts().List(t.organisation_id, o));
        for (const domain::Contact& c : contacts) {
          if (!c.manager || c.email.empty()) continue;
          people.push_back({c.name, c.email, c.locale, c.time_zone.empty() ? "UTC" : c.time_zone, 0, true});
        }
        break;
      }
      case EscalationRecipient::Kind::kRole: {
        store::ListOptions o;
        o.limit = 500;
        o.active = true;
        FAROL_ASSIGN_OR_RETURN(auto users, tx.users().List(o, r.role));
        for (const domain::User& u : users) AddUser(people, u);
        break;
      }
      case EscalationRecipient::Kind::kUser: {
        FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(r.id));
        if (u) AddUser(people, *u);
        break;
      }
    }
  }
  std::set<std::string> seen;
  std::erase_if(people, [&](const Person& p) { return !seen.insert(AsciiLower(p.email)).second; });
  if (people.size() > kMaxRecipients) people.resize(kMaxRecipients);

  store::EscalationRow row;
  row.ticket_id = ticket_id;
  row.level = level;
  row.name = l.name;
  row.cause = cause;
  row.fired_at = now;
  row.deadline_at = domain::EscalationDeadline(l, *sla.terms.business, now);
  row.requested_by = requested_by;
  for (const Person& p : people) row.recipients.push_back(p.name + " <" + p.email + ">");
  std::vector<domain::AlertChannel> channels;
  for (int64_t id : l.channel_ids) {
    FAROL_ASSIGN_OR_RETURN(auto ch, tx.alert_channels().Get(id));
    if (ch && ch->active) {
      row.channels.push_back(ch->name);
      channels.push_back(std::move(*ch));
    }
  }
  auto inserted = tx.escalations().Insert(row);
  if (!inserted.ok()) {
    if (inserted.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("Escalation level " + std::to_string(level) + " of ticket #" + std::to_string(ticket_id) +
                                " has fired already.");
    }
    return inserted.status();
  }
  row.id = *inserted;

  domain::EscalationNotice n;
  n.ticket_id = t.id;
  n.subject = t.subject;
  n.organisation = item->organisation_name;
  n.type = t.type;
  n.priority = t.priority;
  n.team = item->team_name;
  n.assignee = item->assignee_name;
  n.level = level;
  n.level_name = l.name;
  n.cause = cause;
  if (level > 1) n.previous_level_name = matrix.levels[size_t(level - 2)].name;
  n.customer_reason = std::move(customer_reason);
  n.fired_at = now;
  n.deadline = row.deadline_at;
  if (!config_.public_url.empty()) n.link = config_.public_url + "/tickets/" + std::to_string(t.id);

  FireResult result{row.id, 0};
  auto queue = [&](int64_t channel_id, const std::string& recipient, const domain::RenderedAlert& r) -> Status {
    store::Delivery d;
    d.channel_id = channel_id;
    d.recipient = recipient;
    d.ticket_id = t.id;
    d.event = std::string(domain::kEscalationEvent);
    d.subject = r.subject;
    d.body = r.body;
    d.next_attempt_at = d.created_at = now;
    FAROL_RETURN_IF_ERROR(tx.deliveries().Insert(d).status());
    ++result.deliveries;
    return OkStatus();
  };
  if (l.email && config_.email) {
    const Timestamp expires = now + config_.link_lifetime;
    for (const Person& p : people) {
      domain::EscalationNotice mine = n;
      if (p.user_id && !config_.public_url.empty()) {
        FAROL_ASSIGN_OR_RETURN(std::string token, SignToken(tx, row.id, p.user_id, expires));
        mine.ack_link = config_.public_url + "/ack/" + token;
      }
      FAROL_RETURN_IF_ERROR(queue(0, p.email, domain::RenderEscalationMail(mine, p.locale, p.time_zone, p.customer)));
    }
  }
  for (const domain::AlertChannel& ch : channels) {
    FAROL_RETURN_IF_ERROR(queue(ch.id, "", domain::RenderEscalation(ch, n)));
  }

  std::vector<std::string> told;
  for (const Person& p : people) told.push_back(p.name);
  told.insert(told.end(), row.channels.begin(), row.channels.end());
  domain::TicketEvent e;
  e.ticket_id = t.id;
  e.type = domain::EventType::kEscalationFired;
  e.at = now;
  e.author = Actor::System().Ref();
  e.internal = true;
  e.field = std::to_string(level);
  e.to = l.name;
  e.from = cause;
  e.body = Join(told, ", ");
  if (l.email && !config_.email && !people.empty()) e.body += e.body.empty() ? "(e-mail is not set up)" : " (e-mail is not set up)";
  e.ref = row.id;
  FAROL_RETURN_IF_ERROR(tx.tickets().AppendEvent(e).status());
  FAROL_RETURN_IF_ERROR(tx.tickets().BumpVersion(t.id));
  if (fired_) fired_->Inc();
  return result;
}

// ---- reading and acknowledging -------------------------------------------------------------

StatusOr<EscalationService::TicketEscalation> EscalationService::ForTicket(const Actor& actor, int64_t ticket_id) {
  if (!actor.IsContact()) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketRead));
  TicketEscalation out;
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(ticket_id));
    if (!t || !domain::CanSeeTicket(actor, *t)) return NotFoundError("Ticket #" + std::to_string(ticket_id) + " was not found.");
    out.open = domain::IsActive(t->status);
    FAROL_ASSIGN_OR_RETURN(out.fired, tx.escalations().ListFor(ticket_id));
    FAROL_ASSIGN_OR_RETURN(auto events, tx.tickets().Events(ticket_id, true));
    FAROL_ASSIGN_OR_RETURN(TicketSla sla, tracker_.Plan(tx, ticket_id, now, &events));
    const domain::EscalationMatrix& m = sla.terms.sla().escalation;
    if (sla.history && m.AppliesTo(sla.history->type, sla.history->priority)) out.levels = int(m.levels.size());
    if (sla.plan) {
      for (const domain::SlaAlarm& a : sla.plan->alarms) {
        if (a.clock == domain::kEscalationClock && a.threshold >= 1 && a.threshold <= int(m.levels.size())) {
          out.next = a;
          out.next_name = m.levels[size_t(a.threshold - 1)].name;
        }
      }
    }
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->type == domain::EventType::kEscalationRequested) {
        const Timestamp allowed = it->at + std::chrono::seconds(m.request_cooldown_seconds);
        if (allowed > now) out.request_allowed_at = allowed;
        break;
      }
    }
    return OkStatus();
  }));
  if (actor.IsContact()) {
    for (store::EscalationRow& r : out.fired) {
      r.recipients.clear();
      r.channels.clear();
      r.acknowledged_by = 0;
      r.acknowledged_by_name.clear();
      r.ack_via.clear();
      r.deadline_at.reset();  // internal: customers see whether a level was acknowledged, not by whom or by when
      if (r.cause != "customer_request") r.cause.clear();
    }
    out.next.reset();
    out.next_name.clear();
  }
  return out;
}

StatusOr<store::EscalationRow> EscalationService::AcknowledgeRow(store::Tx& tx, const store::EscalationRow& row,
                                                                 int64_t user_id, std::string_view via, Timestamp now,
                                                                 bool& changed) {
  FAROL_ASSIGN_OR_RETURN(changed, tx.escalations().Acknowledge(row.id, now, user_id, via));
  if (changed) {
    domain::TicketEvent e;
    e.ticket_id = row.ticket_id;
    e.type = domain::EventType::kEscalationAcknowledged;
    e.at = now;
    e.author = {domain::ActorKind::kStaff, user_id};
    e.internal = true;
    e.field = std::to_string(row.level);
    e.to = row.name;
    e.reason = std::string(via);
    e.ref = row.id;
    FAROL_RETURN_IF_ERROR(tx.tickets().AppendEvent(e).status());
    FAROL_RETURN_IF_ERROR(tx.tickets().BumpVersion(row.ticket_id));
    // The levels that waited for this acknowledgement are no longer armed.
    FAROL_RETURN_IF_ERROR(tracker_.Refresh(tx, {row.ticket_id}, now));
  }
  FAROL_ASSIGN_OR_RETURN(auto stored, tx.escalations().Get(row.id));
  if (!stored) return InternalError("escalation row vanished");
  return *stored;
}

StatusOr<store::EscalationRow> EscalationService::Acknowledge(const Actor& actor, int64_t ticket_id, int level) {
  if (actor.IsContact()) return PermissionDeniedError("Customers cannot acknowledge escalations.");
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketRead));
  const Timestamp now = clock_.SystemNow();
  store::EscalationRow out;
  bool changed = false;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(ticket_id));
    if (!t || !domain::CanSeeTicket(actor, *t)) return NotFoundError("Ticket #" + std::to_string(ticket_id) + " was not found.");
    FAROL_ASSIGN_OR_RETURN(auto row, tx.escalations().Find(ticket_id, level));
    if (!row) return NotFoundLevel(ticket_id, level);
    FAROL_ASSIGN_OR_RETURN(out, AcknowledgeRow(tx, *row, actor.id, "app", now, changed));
    return OkStatus();
  }));
  if (changed) {
    if (acknowledged_) acknowledged_->Inc();
    if (watch_) watch_->Publish(ticket_id);
  }
  return out;
}

StatusOr<std::vector<store::EscalationRow>> EscalationService::Log(const Actor& actor, std::optional<bool> acknowledged,
                                                                   int limit, int64_t before_id) {
  if (actor.IsContact()) return PermissionDeniedError("Customers cannot read the escalation log.");
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketRead));
  std::vector<store::EscalationRow> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.escalations().List(acknowledged, limit, before_id));
    return OkStatus();
  }));
  return out;
}

StatusOr<EscalationService::LinkView> EscalationService::Peek(std::string_view token) {
  LinkView view;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(Token t, VerifyToken(tx, token));
    FAROL_ASSIGN_OR_RETURN(auto row, tx.escalations().Get(t.row_id));
    FAROL_ASSIGN_OR_RETURN(auto user, tx.users().Get(t.user_id));
    if (!row || !user || !user->active) return NotFoundLink();
    view.row = std::move(*row);
    view.recipient = user->name;
    return OkStatus();
  }));
  return view;
}

StatusOr<EscalationService::LinkView> EscalationService::AcknowledgeByLink(std::string_view token) {
  const Timestamp now = clock_.SystemNow();
  LinkView view;
  bool changed = false;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(Token t, VerifyToken(tx, token));
    FAROL_ASSIGN_OR_RETURN(auto row, tx.escalations().Get(t.row_id));
    FAROL_ASSIGN_OR_RETURN(auto user, tx.users().Get(t.user_id));
    if (!row || !user || !user->active) return NotFoundLink();
    FAROL_ASSIGN_OR_RETURN(view.row, AcknowledgeRow(tx, *row, user->id, "link", now, changed));
    view.recipient = user->name;
    return OkStatus();
  }));
  if (changed) {
    if (acknowledged_) acknowledged_->Inc();
    if (watch_) watch_->Publish(view.row.ticket_id);
  }
  return view;
}

// ---- a customer's request ---------------------------------------------------------------------

StatusOr<EscalationService::Requested> EscalationService::Request(const Actor& actor, int64_t ticket_id,
                                                                  std::string_view reason_view) {
  if (!actor.IsContact()) {
    return PermissionDeniedError("Only customers ask to escalate; staff escalate a ticket to the next tier directly.");
  }
  const std::string reason = Trim(reason_view);
  FieldErrors errors;
  if (reason.empty()) errors.Add("reason", "tell us why, in a few words");
  domain::ValidateBody("reason", reason, false, errors);
  if (reason.size() > 2000) errors.Add("reason", "at most 2000 bytes");
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The request to escalate is not valid"));
  const Timestamp now = clock_.SystemNow();
  Requested out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(ticket_id));
    if (!t || !domain::CanSeeTicket(actor, *t)) return NotFoundError("Ticket #" + std::to_string(ticket_id) + " was not found.");
    if (!domain::IsActive(t->status)) {
      return FailedPreconditionError("Ticket #" + std::to_string(ticket_id) +
                                     " is no longer open; reply to it if the problem is back.");
    }
    FAROL_ASSIGN_OR_RETURN(auto events, tx.tickets().Events(ticket_id, true));
    FAROL_ASSIGN_OR_RETURN(TicketSla sla, tracker_.Plan(tx, ticket_id, now, &events));
    const domain::EscalationMatrix& m = sla.terms.sla().escalation;
    if (!sla.history || !m.AppliesTo(sla.history->type, sla.history->priority)) {
      return FailedPreconditionError("Tickets like #" + std::to_string(ticket_id) +
                                     " have no escalation levels; reply to the ticket to tell the team what you need.");
    }
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->type != domain::EventType::kEscalationRequested) continue;
      const Timestamp allowed = it->at + std::chrono::seconds(m.request_cooldown_seconds);
      if (allowed > now) {
        const long long wait = ToUnixSeconds(allowed) - ToUnixSeconds(now);
        return ResourceExhaustedError("You asked to escalate this ticket at " + FormatIso8601(it->at) +
                                          "; you can ask again after " + FormatIso8601(allowed) + ".",
                                      int(wait));
      }
      break;
    }
    const int level = domain::NextRequestedLevel(m, sla.history->escalations);
    if (level == 0) {
      return FailedPreconditionError("Ticket #" + std::to_string(ticket_id) +
                                     " is already at the highest escalation level; the people at that level follow it.");
    }
    domain::TicketEvent asked;
    asked.ticket_id = ticket_id;
    asked.type = domain::EventType::kEscalationRequested;
    asked.at = now;
    asked.author = actor.Ref();
    asked.internal = false;
    asked.body = reason;
    asked.field = std::to_string(level);
    asked.to = m.levels[size_t(level - 1)].name;
    FAROL_RETURN_IF_ERROR(tx.tickets().AppendEvent(asked).status());
    FAROL_RETURN_IF_ERROR(Fire(tx, ticket_id, sla, level, "customer_request", actor.id, reason, now).status());
    // The level's timer, if one was armed, must never fire it again.
    FAROL_ASSIGN_OR_RETURN(auto timers, tx.sla_timers().ListFor(ticket_id));
    bool recorded = false;
    for (const store::SlaTimer& timer : timers) {
      if (timer.clock == domain::kEscalationClock && timer.threshold == level) {
        FAROL_RETURN_IF_ERROR(tx.sla_timers().Claim(timer.id, now).status());
        recorded = true;
      }
    }
    if (!recorded) {
      store::SlaTimer done;
      done.clock = std::string(domain::kEscalationClock);
      done.threshold = level;
      done.due_at = now;
      done.fired_at = now;
      FAROL_RETURN_IF_ERROR(tx.sla_timers().AddTimers(ticket_id, {done}));
    }
    FAROL_RETURN_IF_ERROR(tracker_.Refresh(tx, {ticket_id}, now));
    out = {level, m.levels[size_t(level - 1)].name};
    return OkStatus();
  }));
  if (watch_) watch_->Publish(ticket_id);
  return out;
}

}  // namespace farol::app
