// Monitoring channels and the alerts they sent (docs/MONITORING.md).
#include "store/store.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

namespace {

constexpr std::string_view kChannelSelect =
    "SELECT c.id, c.name, c.organisation_id, c.team_id, c.key_hash, c.key_hint, c.resolve_on_recovery, "
    "c.rate_per_minute, c.created_at, c.revoked_at, o.name, tm.name FROM monitoring_channels c "
    "JOIN organisations o ON o.id = c.organisation_id LEFT JOIN teams tm ON tm.id = c.team_id";

MonitoringChannel ChannelFrom(const Rows& r, size_t i) {
  MonitoringChannel c;
  c.id = r.Int(i, 0);
  c.name = r.Text(i, 1);
  c.organisation_id = r.Int(i, 2);
  c.team_id = r.Int(i, 3);
  c.key_hash = r.Text(i, 4);
  c.key_hint = r.Text(i, 5);
  c.resolve_on_recovery = r.Bool(i, 6);
  c.rate_per_minute = static_cast<int>(r.Int(i, 7));
  c.created_at = r.Time(i, 8);
  c.revoked_at = r.OptTime(i, 9);
  c.organisation_name = r.Text(i, 10);
  c.team_name = r.Text(i, 11);
  return c;
}

StatusOr<std::optional<MonitoringChannel>> OneChannel(const StatusOr<Rows>& rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<MonitoringChannel>();
  return std::optional<MonitoringChannel>(ChannelFrom(*rows, 0));
}

constexpr std::string_view kAlertCols =
    "id, channel_id, fingerprint, ticket_id, state, title, notifications, first_at, last_at";

MonitoringAlertRow AlertFrom(const Rows& r, size_t i) {
  MonitoringAlertRow a;
  a.id = r.Int(i, 0);
  a.channel_id = r.Int(i, 1);
  a.fingerprint = r.Text(i, 2);
  a.ticket_id = r.Int(i, 3);
  a.state = r.Text(i, 4);
  a.title = r.Text(i, 5);
  a.notifications = r.Int(i, 6);
  a.first_at = r.Time(i, 7);
  a.last_at = r.Time(i, 8);
  return a;
}

}  // namespace

StatusOr<int64_t> Monitoring::InsertChannel(const MonitoringChannel& c) {
  return c_.QueryInt(
      "INSERT INTO monitoring_channels (name, organisation_id, team_id, key_hash, key_hint, resolve_on_recovery, "
      "rate_per_minute, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {c.name, c.organisation_id, sql::OptId(c.team_id), c.key_hash, c.key_hint, c.resolve_on_recovery,
       c.rate_per_minute, c.created_at});
}

StatusOr<std::optional<MonitoringChannel>> Monitoring::GetChannel(int64_t id) {
  return OneChannel(c_.Query(std::string(kChannelSelect) + " WHERE c.id = $1", {id}));
}

StatusOr<std::optional<MonitoringChannel>> Monitoring::FindChannelByKeyHash(std::string_view key_hash) {
  return OneChannel(c_.Query(std::string(kChannelSelect) + " WHERE c.key_hash = $1", {key_hash}));
}

StatusOr<std::vector<MonitoringChannel>> Monitoring::Channels() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kChannelSelect) + " ORDER BY c.id", {}));
  std::vector<MonitoringChannel> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ChannelFrom(r, i));
  return out;
}

Status Monitoring::UpdateChannel(const MonitoringChannel& c) {
  return c_
      .Query("UPDATE monitoring_channels SET name = $1, team_id = $2, resolve_on_recovery = $3, rate_per_minute = $4 "
             "WHERE id = $5",
             {c.name, sql::OptId(c.team_id), c.resolve_on_recovery, c.rate_per_minute, c.id})
      .status();
}

StatusOr<bool> Monitoring::RevokeChannel(int64_t id, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE monitoring_channels SET revoked_at = $1 "
                                          "WHERE id = $2 AND revoked_at IS NULL RETURNING id",
                                          {now, id}));
  return !r.empty();
}

StatusOr<std::optional<MonitoringAlertRow>> Monitoring::FindAlert(int64_t channel_id, std::string_view fingerprint) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kAlertCols) +
                                              " FROM monitoring_alerts WHERE channel_id = $1 AND fingerprint = $2",
                                          {channel_id, fingerprint}));
  if (r.empty()) return std::optional<MonitoringAlertRow>();
  return std::optional<MonitoringAlertRow>(AlertFrom(r, 0));
}

StatusOr<int64_t> Monitoring::InsertAlert(const MonitoringAlertRow& a) {
  return c_.QueryInt(
      "INSERT INTO monitoring_alerts (channel_id, fingerprint, ticket_id, state, title, notifications, first_at, "
      "last_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {a.channel_id, a.fingerprint, a.ticket_id, a.state, a.title, a.notifications, a.first_at, a.last_at});
}

Status Monitoring::UpdateAlert(const MonitoringAlertRow& a) {
  return c_
      .Query("UPDATE monitoring_alerts SET ticket_id = $1, state = $2, title = $3, notifications = $4, "
             "first_at = $5, last_at = $6 WHERE id = $7",
             {a.ticket_id, a.state, a.title, a.notifications, a.first_at, a.last_at, a.id})
      .status();
}

StatusOr<std::vector<MonitoringAlertRow>> Monitoring::Alerts(int64_t channel_id, int limit) {
  std::string q = "SELECT " + std::string(kAlertCols) + " FROM monitoring_alerts";
  std::vector<Param> p;
  if (channel_id != 0) {
    q += " WHERE channel_id = $1";
    p.push_back(channel_id);
  }
  q += " ORDER BY last_at DESC, id DESC LIMIT " + std::to_string(limit);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(q, p));
  std::vector<MonitoringAlertRow> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(AlertFrom(r, i));
  return out;
}

}  // namespace farol::store
