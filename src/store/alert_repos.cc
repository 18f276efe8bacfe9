// Repositories for SLA timers, alert channels and the delivery outbox.
#include <algorithm>

#include "core/strings.h"
#include "store/dialect.h"
#include "store/store.h"
#include "store/versioned.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

namespace {

constexpr std::string_view kDeliveryStates[] = {"pending", "sent", "dead"};

}  // namespace

std::string_view Name(DeliveryState s) { return kDeliveryStates[static_cast<int>(s)]; }

std::optional<DeliveryState> ParseDeliveryState(std::string_view s) {
  for (int i = 0; i < 3; ++i) {
    if (kDeliveryStates[i] == s) return static_cast<DeliveryState>(i);
  }
  return std::nullopt;
}

// ---- SLA timers -----------------------------------------------------------------------------

namespace {

constexpr std::string_view kTimerCols = "id, ticket_id, clock, threshold, due_at, fired_at";

SlaTimer TimerFrom(const Rows& r, size_t i) {
  SlaTimer t;
  t.id = r.Int(i, 0);
  t.ticket_id = r.Int(i, 1);
  t.clock = r.Text(i, 2);
  t.threshold = static_cast<int>(r.Int(i, 3));
  t.due_at = r.OptTime(i, 4);
  t.fired_at = r.OptTime(i, 5);
  return t;
}

std::vector<SlaTimer> TimersFrom(const Rows& r) {
  std::vector<SlaTimer> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(TimerFrom(r, i));
  return out;
}

}  // namespace

Status SlaTimers::Save(int64_t ticket_id, const TicketSlaState& state, const std::vector<SlaTimer>& timers) {
  FAROL_RETURN_IF_ERROR(SetState(ticket_id, state));
  return ReplaceTimers(ticket_id, timers);
}

Status SlaTimers::SetState(int64_t ticket_id, const TicketSlaState& state) {
  return c_.Query("UPDATE tickets SET sla_due = $1, sla_warn = $2, sla_breached = $3, sla_checked = 1 WHERE id = $4",
                  {sql::OptTime(state.due), sql::OptTime(state.warn), state.breached, ticket_id})
      .status();
}

StatusOr<std::optional<TicketSlaState>> SlaTimers::Stored(int64_t ticket_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT sla_due, sla_warn, sla_breached, sla_checked FROM tickets WHERE id = $1",
                                          {ticket_id}));
  if (r.empty()) return NotFoundError("ticket", ticket_id);
  if (!r.Bool(0, 3)) return std::optional<TicketSlaState>();
  return std::optional<TicketSlaState>(TicketSlaState{r.OptTime(0, 0), r.OptTime(0, 1), r.Bool(0, 2)});
}

Status SlaTimers::ReplaceTimers(int64_t ticket_id, const std::vector<SlaTimer>& timers) {
  FAROL_RETURN_IF_ERROR(
      c_.Query("DELETE FROM sla_timers WHERE ticket_id = $1 AND fired_at IS NULL", {ticket_id}).status());
  return AddTimers(ticket_id, timers);
}

Status SlaTimers::AddTimers(int64_t ticket_id, const std::vector<SlaTimer>& timers) {
  if (timers.empty()) return OkStatus();
  // One statement for all of them (usually two: the next threshold of each clock).
  std::string sql = "INSERT INTO sla_timers (ticket_id, clock, threshold, due_at, fired_at) VALUES ";
  std::vector<Param> params;
  params.reserve(timers.size() * 5);
  for (const SlaTimer& t : timers) {
    const size_t n = params.size();
    sql += (n ? ", (" : "(");
    for (size_t i = 1; i <= 5; ++i) sql += "$" + std::to_string(n + i) + (i < 5 ? ", " : ")");
    params.insert(params.end(), {Param(ticket_id), Param(t.clock), Param(t.threshold), sql::OptTime(t.due_at),
                                 sql::OptTime(t.fired_at)});
  }
  sql += " ON CONFLICT (ticket_id, clock, threshold) DO NOTHING";
  return c_.Query(sql, params).status();
}

StatusOr<TicketSlaState> SlaTimers::StateOf(int64_t ticket_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT sla_due, sla_warn, sla_breached FROM tickets WHERE id = $1", {ticket_id}));
  if (r.empty()) return NotFoundError("ticket", ticket_id);
  return TicketSlaState{r.OptTime(0, 0), r.OptTime(0, 1), r.Bool(0, 2)};
}

StatusOr<std::vector<SlaTimer>> SlaTimers::Due(Timestamp now, int limit) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kTimerCols) +
                                              " FROM sla_timers WHERE fired_at IS NULL AND due_at IS NOT NULL AND "
                                              "due_at <= $1 ORDER BY due_at, id LIMIT $2",
                                          {now, std::clamp(limit, 1, 10000)}));
  return TimersFrom(r);
}

StatusOr<bool> SlaTimers::Claim(int64_t id, Timestamp now) {
  FAROL_RETURN_IF_ERROR(
      c_.Query("UPDATE sla_timers SET fired_at = $1 WHERE id = $2 AND fired_at IS NULL", {now, id}).status());
  return c_.changes() == 1;
}

StatusOr<std::vector<SlaTimer>> SlaTimers::ListFor(int64_t ticket_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kTimerCols) +
                                              " FROM sla_timers WHERE ticket_id = $1 ORDER BY clock, threshold",
                                          {ticket_id}));
  return TimersFrom(r);
}

StatusOr<int64_t> SlaTimers::CountUnchecked() {
  return c_.QueryInt("SELECT COUNT(*) FROM tickets WHERE sla_checked = 0 AND status NOT IN ('resolved', 'closed', 'cancelled')");
}

StatusOr<std::vector<int64_t>> SlaTimers::Unchecked(int64_t after_id, int limit) {
  // The condition repeats the partial index's, so that it is used.
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT id FROM tickets WHERE sla_checked = 0 AND status NOT IN ('resolved', 'closed', "
                       "'cancelled') AND id > $1 ORDER BY id LIMIT $2",
                       {after_id, std::clamp(limit, 1, 10000)}));
  std::vector<int64_t> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

// ---- alert channels -------------------------------------------------------------------------

namespace {

constexpr std::string_view kChannelCols =
    "id, name, kind, url, secret, chat_id, emails, language, time_zone, on_warning, on_breach, max_priority, active, "
    "created_at, version";

domain::AlertChannel ChannelFrom(const Rows& r, size_t i) {
  domain::AlertChannel ch;
  ch.id = r.Int(i, 0);
  ch.name = r.Text(i, 1);
  ch.kind = domain::ParseAlertKind(r.Text(i, 2)).value_or(domain::AlertKind::kWebhook);
  ch.url = r.Text(i, 3);
  ch.secret = r.Text(i, 4);
  ch.chat_id = r.Text(i, 5);
  for (std::string& e : Split(r.Text(i, 6), ',')) {
    if (!e.empty()) ch.emails.push_back(std::move(e));
  }
  ch.language = r.Text(i, 7);
  ch.time_zone = r.Text(i, 8);
  ch.on_warning = r.Bool(i, 9);
  ch.on_breach = r.Bool(i, 10);
  ch.max_priority = static_cast<int>(r.Int(i, 11));
  ch.active = r.Bool(i, 12);
  ch.created_at = r.Time(i, 13);
  ch.version = r.Int(i, 14);
  return ch;
}

}  // namespace

StatusOr<int64_t> AlertChannels::Insert(const domain::AlertChannel& ch) {
  auto id = c_.QueryInt(
      "INSERT INTO alert_channels (name, kind, url, secret, chat_id, emails, language, time_zone, on_warning, "
      "on_breach, max_priority, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
      "RETURNING id",
      {ch.name, domain::Name(ch.kind), ch.url, ch.secret, ch.chat_id, Join(ch.emails, ","), ch.language, ch.time_zone,
       ch.on_warning, ch.on_breach, ch.max_priority, ch.active, ch.created_at});
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    return FieldInvalidError("name", "another alert channel already has this name");
  }
  return id;
}

StatusOr<std::optional<domain::AlertChannel>> AlertChannels::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kChannelCols) + " FROM alert_channels WHERE id = $1", {id}));
  if (r.empty()) return std::optional<domain::AlertChannel>();
  return std::optional<domain::AlertChannel>(ChannelFrom(r, 0));
}

StatusOr<std::vector<domain::AlertChannel>> AlertChannels::List() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kChannelCols) + " FROM alert_channels ORDER BY lower(name), id"));
  std::vector<domain::AlertChannel> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ChannelFrom(r, i));
  return out;
}

Status AlertChannels::Update(const domain::AlertChannel& ch, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE alert_channels SET name = $1, kind = $2, url = $3, secret = $4, chat_id = $5, emails = $6, language = $7, "
      "time_zone = $8, on_warning = $9, on_breach = $10, max_priority = $11, active = $12, version = version + 1 "
      "WHERE id = $13 AND version = $14",
      {ch.name, domain::Name(ch.kind), ch.url, ch.secret, ch.chat_id, Join(ch.emails, ","), ch.language, ch.time_zone,
       ch.on_warning, ch.on_breach, ch.max_priority, ch.active, ch.id, expected_version});
  if (!r.ok() && r.status().code() == StatusCode::kAlreadyExists) {
    return FieldInvalidError("name", "another alert channel already has this name");
  }
  FAROL_RETURN_IF_ERROR(r.status());
  return CheckVersioned(c_, "alert_channels", ch.id, "alert channel");
}

// ---- deliveries -----------------------------------------------------------------------------

namespace {

constexpr std::string_view kDeliveryCols =
    "d.id, d.channel_id, d.ticket_id, d.event, d.subject, d.body, d.state, d.attempts, d.next_attempt_at, "
    "d.last_error, d.created_at, d.sent_at, ch.name, d.recipient";

constexpr std::string_view kDeliveryFrom = " FROM deliveries d LEFT JOIN alert_channels ch ON ch.id = d.channel_id";

Delivery DeliveryFrom(const Rows& r, size_t i) {
  Delivery d;
  d.id = r.Int(i, 0);
  d.channel_id = r.IsNull(i, 1) ? 0 : r.Int(i, 1);
  d.ticket_id = r.IsNull(i, 2) ? 0 : r.Int(i, 2);
  d.event = r.Text(i, 3);
  d.subject = r.Text(i, 4);
  d.body = r.Text(i, 5);
  d.state = ParseDeliveryState(r.Text(i, 6)).value_or(DeliveryState::kPending);
  d.attempts = static_cast<int>(r.Int(i, 7));
  d.next_attempt_at = r.Time(i, 8);
  d.last_error = r.Text(i, 9);
  d.created_at = r.Time(i, 10);
  d.sent_at = r.OptTime(i, 11);
  d.recipient = r.Text(i, 13);
  d.channel_name = r.IsNull(i, 12) ? d.recipient : r.Text(i, 12);
  return d;
}

std::vector<Delivery> DeliveriesFrom(const Rows& r) {
  std::vector<Delivery> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(DeliveryFrom(r, i));
  return out;
}

}  // namespace

StatusOr<int64_t> Deliveries::Insert(const Delivery& d) {
  return c_.QueryInt(
      "INSERT INTO deliveries (channel_id, recipient, ticket_id, event, subject, body, state, attempts, "
      "next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9) RETURNING id",
      {sql::OptId(d.channel_id), d.recipient, sql::OptId(d.ticket_id), d.event, d.subject, d.body, Name(d.state),
       d.next_attempt_at, d.created_at});
}

StatusOr<std::optional<Delivery>> Deliveries::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kDeliveryCols) + std::string(kDeliveryFrom) +
                                              " WHERE d.id = $1",
                                          {id}));
  if (r.empty()) return std::optional<Delivery>();
  return std::optional<Delivery>(DeliveryFrom(r, 0));
}

StatusOr<std::vector<Delivery>> Deliveries::Due(Timestamp now, int limit) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kDeliveryCols) + std::string(kDeliveryFrom) +
                                              " WHERE d.state = 'pending' AND d.next_attempt_at <= $1 "
                                              "ORDER BY d.next_attempt_at, d.id LIMIT $2",
                                          {now, std::clamp(limit, 1, 1000)}));
  return DeliveriesFrom(r);
}

StatusOr<bool> Deliveries::Claim(int64_t id, Timestamp now, Timestamp lease_until) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $1 "
                                 "WHERE id = $2 AND state = 'pending' AND next_attempt_at <= $3",
                                 {lease_until, id, now})
                            .status());
  return c_.changes() == 1;
}

Status Deliveries::MarkSent(int64_t id, Timestamp now) {
  return c_.Query("UPDATE deliveries SET state = 'sent', sent_at = $1, last_error = '' WHERE id = $2", {now, id}).status();
}

Status Deliveries::MarkFailed(int64_t id, std::string_view error, std::optional<Timestamp> retry_at) {
  if (retry_at) {
    return c_.Query("UPDATE deliveries SET last_error = $1, next_attempt_at = $2 WHERE id = $3", {error, *retry_at, id})
        .status();
  }
  return c_.Query("UPDATE deliveries SET state = 'dead', last_error = $1 WHERE id = $2", {error, id}).status();
}

StatusOr<std::vector<Delivery>> Deliveries::List(std::optional<DeliveryState> state, int limit, int64_t before_id) {
  std::string sql = "SELECT " + std::string(kDeliveryCols) + std::string(kDeliveryFrom) + " WHERE d.id < $1";
  std::vector<Param> params{before_id > 0 ? before_id : int64_t{INT64_MAX}};
  if (state) {
    sql += " AND d.state = $2";
    params.emplace_back(Name(*state));
  }
  params.emplace_back(std::clamp(limit, 1, 200));
  sql += " ORDER BY d.id DESC LIMIT $" + std::to_string(params.size());
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  return DeliveriesFrom(r);
}

StatusOr<int64_t> Deliveries::Count(DeliveryState state) {
  return c_.QueryInt("SELECT COUNT(*) FROM deliveries WHERE state = $1", {Name(state)});
}

Status Deliveries::Revive(int64_t id, Timestamp now) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1, "
                                 "last_error = '' WHERE id = $2 AND state = 'dead'",
                                 {now, id})
                            .status());
  if (c_.changes() == 1) return OkStatus();
  return NotFoundError("No dead delivery #" + std::to_string(id) + " was found.");
}

}  // namespace farol::store
