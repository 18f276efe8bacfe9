// Live chat: widgets, each chat's state and agents' presence (docs/CHAT.md).
#include "store/store.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

namespace {

constexpr std::string_view kWidgetSelect =
    "SELECT w.id, w.name, w.organisation_id, w.team_id, w.widget_key, w.rate_per_minute, w.created_at, "
    "w.revoked_at, o.name, tm.name FROM chat_widgets w JOIN organisations o ON o.id = w.organisation_id "
    "LEFT JOIN teams tm ON tm.id = w.team_id";

ChatWidget WidgetFrom(const Rows& r, size_t i) {
  ChatWidget w;
  w.id = r.Int(i, 0);
  w.name = r.Text(i, 1);
  w.organisation_id = r.Int(i, 2);
  w.team_id = r.Int(i, 3);
  w.key = r.Text(i, 4);
  w.rate_per_minute = static_cast<int>(r.Int(i, 5));
  w.created_at = r.Time(i, 6);
  w.revoked_at = r.OptTime(i, 7);
  w.organisation_name = r.Text(i, 8);
  w.team_name = r.Text(i, 9);
  return w;
}

StatusOr<std::optional<ChatWidget>> OneWidget(const StatusOr<Rows>& rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ChatWidget>();
  return std::optional<ChatWidget>(WidgetFrom(*rows, 0));
}

constexpr std::string_view kChatSelect =
    "SELECT c.ticket_id, c.state, c.widget_id, c.visitor_digest, c.started_at, c.pickup_deadline, c.picked_up_at, "
    "c.agent_id, c.ended_at, t.subject, o.name, ct.name, u.name, t.team_id FROM chats c "
    "JOIN tickets t ON t.id = c.ticket_id JOIN organisations o ON o.id = t.organisation_id "
    "LEFT JOIN contacts ct ON ct.id = t.requester_id LEFT JOIN users u ON u.id = c.agent_id";

ChatRow ChatFrom(const Rows& r, size_t i) {
  ChatRow c;
  c.ticket_id = r.Int(i, 0);
  c.state = r.Text(i, 1);
  c.widget_id = r.Int(i, 2);
  c.visitor_digest = r.Text(i, 3);
  c.started_at = r.Time(i, 4);
  c.pickup_deadline = r.Time(i, 5);
  c.picked_up_at = r.OptTime(i, 6);
  c.agent_id = r.Int(i, 7);
  c.ended_at = r.OptTime(i, 8);
  c.subject = r.Text(i, 9);
  c.organisation_name = r.Text(i, 10);
  c.requester_name = r.Text(i, 11);
  c.agent_name = r.Text(i, 12);
  c.team_id = r.Int(i, 13);
  return c;
}

StatusOr<std::optional<ChatRow>> OneChat(const StatusOr<Rows>& rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ChatRow>();
  return std::optional<ChatRow>(ChatFrom(*rows, 0));
}

}  // namespace

StatusOr<int64_t> Chats::InsertWidget(const ChatWidget& w) {
  return c_.QueryInt(
      "INSERT INTO chat_widgets (name, organisation_id, team_id, widget_key, rate_per_minute, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {w.name, w.organisation_id, sql::OptId(w.team_id), w.key, w.rate_per_minute, w.created_at});
}

StatusOr<std::optional<ChatWidget>> Chats::GetWidget(int64_t id) {
  return OneWidget(c_.Query(std::string(kWidgetSelect) + " WHERE w.id = $1", {id}));
}

StatusOr<std::optional<ChatWidget>> Chats::FindWidgetByKey(std::string_view key) {
  return OneWidget(c_.Query(std::string(kWidgetSelect) + " WHERE w.widget_key = $1", {key}));
}

StatusOr<std::vector<ChatWidget>> Chats::Widgets() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kWidgetSelect) + " ORDER BY w.id", {}));
  std::vector<ChatWidget> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(WidgetFrom(r, i));
  return out;
}

Status Chats::UpdateWidget(const ChatWidget& w) {
  return c_
      .Query("UPDATE chat_widgets SET name = $1, team_id = $2, rate_per_minute = $3, revoked_at = $4 WHERE id = $5",
             {w.name, sql::OptId(w.team_id), w.rate_per_minute, sql::OptTime(w.revoked_at), w.id})
      .status();
}

Status Chats::Insert(const ChatRow& c) {
  return c_
      .Query("INSERT INTO chats (ticket_id, state, widget_id, visitor_digest, started_at, pickup_deadline) "
             "VALUES ($1, $2, $3, $4, $5, $6)",
             {c.ticket_id, c.state, sql::OptId(c.widget_id),
              c.visitor_digest.empty() ? Param() : Param(c.visitor_digest), c.started_at, c.pickup_deadline})
      .status();
}

StatusOr<std::optional<ChatRow>> Chats::Get(int64_t ticket_id) {
  return OneChat(c_.Query(std::string(kChatSelect) + " WHERE c.ticket_id = $1", {ticket_id}));
}

StatusOr<std::optional<ChatRow>> Chats::FindByVisitor(std::string_view visitor_digest) {
  return OneChat(c_.Query(std::string(kChatSelect) + " WHERE c.visitor_digest = $1", {visitor_digest}));
}

StatusOr<std::vector<ChatRow>> Chats::List(const std::vector<std::string>& states, int limit) {
  std::string q(kChatSelect);
  std::vector<Param> p;
  if (!states.empty()) {
    q += " WHERE c.state IN (";
    for (size_t i = 0; i < states.size(); ++i) {
      if (i) q += ", ";
      p.push_back(states[i]);
      q += "$" + std::to_string(p.size());
    }
    q += ")";
  }
  q += " ORDER BY c.started_at DESC, c.ticket_id DESC LIMIT " + std::to_string(limit);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(q, p));
  std::vector<ChatRow> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ChatFrom(r, i));
  return out;
}

StatusOr<bool> Chats::Move(int64_t ticket_id, std::string_view from, std::string_view to, int64_t agent_id,
                           Timestamp now) {
  const std::string where = " WHERE ticket_id = $2 AND state = $3 RETURNING ticket_id";
  StatusOr<Rows> r = to == "active"
                         ? c_.Query("UPDATE chats SET state = $1, agent_id = $4, picked_up_at = $5" + where,
                                    {to, ticket_id, from, agent_id, now})
                         : c_.Query("UPDATE chats SET state = $1, ended_at = $4" + where, {to, ticket_id, from, now});
  if (!r.ok()) return r.status();
  return !r->empty();
}

StatusOr<std::vector<int64_t>> Chats::Overdue(Timestamp now, int limit) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT ticket_id FROM chats WHERE state = 'waiting' AND pickup_deadline <= $1 "
                                          "ORDER BY pickup_deadline, ticket_id LIMIT " + std::to_string(limit),
                                          {now}));
  std::vector<int64_t> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

Status Chats::SetPresence(int64_t user_id, std::string_view status, Timestamp now) {
  // changed_at moves only when the status does: a heartbeat only proves the agent is still there.
  return c_
      .Query("INSERT INTO agent_presence (user_id, status, changed_at, seen_at) VALUES ($1, $2, $3, $3) "
             "ON CONFLICT (user_id) DO UPDATE SET changed_at = CASE WHEN agent_presence.status = excluded.status "
             "THEN agent_presence.changed_at ELSE excluded.changed_at END, status = excluded.status, "
             "seen_at = excluded.seen_at",
             {user_id, status, now})
      .status();
}

StatusOr<std::vector<PresenceRow>> Chats::Presence() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT p.user_id, u.name, p.status, p.changed_at, p.seen_at FROM agent_presence p "
                                          "JOIN users u ON u.id = p.user_id WHERE u.active = 1 ORDER BY u.name, u.id",
                                          {}));
  std::vector<PresenceRow> out;
  for (size_t i = 0; i < r.size(); ++i) {
    out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), r.Time(i, 3), r.Time(i, 4)});
  }
  return out;
}

StatusOr<int64_t> Chats::CountAvailable(Timestamp since) {
  return c_.QueryInt(
      "SELECT COUNT(*) FROM agent_presence p JOIN users u ON u.id = p.user_id "
      "WHERE p.status = 'available' AND p.seen_at >= $1 AND u.active = 1",
      {since});
}

}  // namespace farol::store
