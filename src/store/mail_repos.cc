// The mail log: every message farol took in or sent (docs/EMAIL.md).
#include <algorithm>
#include <climits>

#include "store/store.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

namespace {

constexpr std::string_view kMailCols =
    "id, direction, mailbox, message_id, state, kind, reason, from_address, from_name, to_addresses, subject, "
    "ticket_id, event_id, delivery_id, raw_sha256, raw_size, received_at, updated_at, attempts";

MailMessage MailFrom(const Rows& r, size_t i) {
  MailMessage m;
  m.id = r.Int(i, 0);
  m.direction = r.Text(i, 1);
  m.mailbox = r.Text(i, 2);
  m.message_id = r.Text(i, 3);
  m.state = r.Text(i, 4);
  m.kind = r.Text(i, 5);
  m.reason = r.Text(i, 6);
  m.from_address = r.Text(i, 7);
  m.from_name = r.Text(i, 8);
  m.to_addresses = r.Text(i, 9);
  m.subject = r.Text(i, 10);
  m.ticket_id = r.Int(i, 11);
  m.event_id = r.Int(i, 12);
  m.delivery_id = r.Int(i, 13);
  m.raw_sha256 = r.Text(i, 14);
  m.raw_size = r.Int(i, 15);
  m.received_at = r.Time(i, 16);
  m.updated_at = r.Time(i, 17);
  m.attempts = static_cast<int>(r.Int(i, 18));
  return m;
}

}  // namespace

StatusOr<int64_t> MailMessages::Insert(const MailMessage& m) {
  return c_.QueryInt(
      "INSERT INTO mail_messages (direction, mailbox, message_id, state, kind, reason, from_address, from_name, "
      "to_addresses, subject, html, ticket_id, event_id, delivery_id, raw_sha256, raw_size, received_at, "
      "updated_at, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
      "$18, $19) RETURNING id",
      {m.direction, m.mailbox, m.message_id, m.state, m.kind, m.reason, m.from_address, m.from_name,
       m.to_addresses, m.subject, m.html, sql::OptId(m.ticket_id), sql::OptId(m.event_id),
       sql::OptId(m.delivery_id), m.raw_sha256, m.raw_size, m.received_at, m.updated_at, m.attempts});
}

Status MailMessages::Update(const MailMessage& m) {
  return c_
      .Query("UPDATE mail_messages SET state = $1, kind = $2, reason = $3, from_address = $4, from_name = $5, "
             "to_addresses = $6, subject = $7, html = $8, ticket_id = $9, event_id = $10, delivery_id = $11, "
             "updated_at = $12, attempts = $13 WHERE id = $14",
             {m.state, m.kind, m.reason, m.from_address, m.from_name, m.to_addresses, m.subject, m.html,
              sql::OptId(m.ticket_id), sql::OptId(m.event_id), sql::OptId(m.delivery_id), m.updated_at,
              m.attempts, m.id})
      .status();
}

StatusOr<std::optional<MailMessage>> MailMessages::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kMailCols) + ", html FROM mail_messages WHERE id = $1", {id}));
  if (r.empty()) return std::optional<MailMessage>();
  MailMessage m = MailFrom(r, 0);
  m.html = r.Text(0, 19);
  return std::optional<MailMessage>(std::move(m));
}

StatusOr<std::optional<MailMessage>> MailMessages::Find(std::string_view direction, std::string_view message_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kMailCols) +
                                              " FROM mail_messages WHERE direction = $1 AND message_id = $2",
                                          {direction, message_id}));
  if (r.empty()) return std::optional<MailMessage>();
  return std::optional<MailMessage>(MailFrom(r, 0));
}

StatusOr<int64_t> MailMessages::TicketOf(const std::vector<std::string>& message_ids) {
  if (message_ids.empty()) return int64_t{0};
  std::string sql = "SELECT ticket_id FROM mail_messages WHERE ticket_id IS NOT NULL AND message_id IN (";
  std::vector<Param> params;
  const size_t n = std::min<size_t>(message_ids.size(), 50);
  for (size_t i = 0; i < n; ++i) {
    params.emplace_back(message_ids[i]);
    sql += (i ? ", $" : "$") + std::to_string(i + 1);
  }
  sql += ") ORDER BY id DESC LIMIT 1";
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  return r.empty() ? int64_t{0} : r.Int(0, 0);
}

StatusOr<std::vector<MailMessage>> MailMessages::List(std::string_view state, int64_t ticket_id, int limit,
                                                      int64_t before_id) {
  std::string sql = "SELECT " + std::string(kMailCols) + " FROM mail_messages WHERE id < $1";
  std::vector<Param> params{before_id > 0 ? before_id : int64_t{INT64_MAX}};
  if (!state.empty()) {
    params.emplace_back(state);
    sql += " AND state = $" + std::to_string(params.size());
  }
  if (ticket_id > 0) {
    params.emplace_back(ticket_id);
    sql += " AND ticket_id = $" + std::to_string(params.size());
  }
  params.emplace_back(std::clamp(limit, 1, 500));
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  std::vector<MailMessage> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(MailFrom(r, i));
  return out;
}

Status MailMessages::SetOutState(int64_t delivery_id, std::string_view state, std::string_view reason, Timestamp now) {
  return c_
      .Query("UPDATE mail_messages SET state = $1, reason = $2, updated_at = $3, attempts = attempts + 1 "
             "WHERE direction = 'out' AND delivery_id = $4",
             {state, reason, now, delivery_id})
      .status();
}

StatusOr<int64_t> MailMessages::CountFrom(std::string_view address, Timestamp since) {
  return c_.QueryInt(
      "SELECT COUNT(*) FROM mail_messages WHERE from_address = $1 AND received_at >= $2 AND direction = 'in'",
      {address, since});
}

StatusOr<int64_t> MailMessages::Count(std::string_view direction, std::string_view state) {
  return c_.QueryInt("SELECT COUNT(*) FROM mail_messages WHERE direction = $1 AND state = $2", {direction, state});
}

}  // namespace farol::store
