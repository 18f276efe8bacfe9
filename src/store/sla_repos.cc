// Repositories for named calendars and SLA policies (with every version), contracts, the
// escalation log and the audit log.
#include <algorithm>
#include <climits>

#include "core/strings.h"
#include "store/codec.h"
#include "store/dialect.h"
#include "store/store.h"
#include "store/versioned.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

namespace {

domain::ActorRef ActorFrom(const Rows& r, size_t i, int kind_col) {
  return {domain::ParseActorKind(r.Text(i, kind_col)).value_or(domain::ActorKind::kSystem), r.Int(i, kind_col + 1)};
}

int ClampTo(int limit, int max) { return std::clamp(limit, 1, max); }

}  // namespace

// ---- calendars and SLA policies ---------------------------------------------------------------

namespace {

NamedText NamedFrom(const Rows& r, size_t i) {
  return NamedText{r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), r.Int(i, 3), r.Time(i, 4), r.Time(i, 5), r.Int(i, 6)};
}

constexpr std::string_view kNamedCols = "id, name, text, version_id, created_at, updated_at, version";

}  // namespace

StatusOr<NamedText> NamedTexts::Insert(std::string_view name, std::string_view text, Timestamp now,
                                       domain::ActorRef author) {
  auto id = c_.QueryInt("INSERT INTO " + std::string(t_.table) +
                            " (name, text, version_id, created_at, updated_at, version) VALUES ($1, $2, 0, $3, $3, 1) "
                            "RETURNING id",
                        {name, text, now});
  if (!id.ok()) return NameTaken(id.status(), t_.what, name);
  FAROL_ASSIGN_OR_RETURN(int64_t version_id, AddVersion(*id, text, now, author));
  return NamedText{*id, std::string(name), std::string(text), version_id, now, now, 1};
}

Status NamedTexts::InsertWithId(int64_t id, std::string_view name, Timestamp now) {
  return c_.Query("INSERT INTO " + std::string(t_.table) +
                      " (id, name, text, version_id, created_at, updated_at, version) VALUES ($1, $2, '', 0, $3, $3, 1)",
                  {id, name, now})
      .status();
}

StatusOr<int64_t> NamedTexts::AddVersion(int64_t id, std::string_view text, Timestamp since, domain::ActorRef author) {
  FAROL_ASSIGN_OR_RETURN(int64_t version_id,
                         c_.QueryInt("INSERT INTO " + std::string(t_.versions) + " (" + std::string(t_.owner_column) +
                                         ", text, since, author_kind, author_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                     {id, text, since, domain::Name(author.kind), author.id}));
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE " + std::string(t_.table) +
                                     " SET text = $1, version_id = $2, updated_at = CASE WHEN updated_at < $3 THEN $3 ELSE "
                                     "updated_at END WHERE id = $4 AND version_id < $2",
                                 {text, version_id, since, id})
                            .status());
  return version_id;
}

StatusOr<std::optional<NamedText>> NamedTexts::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kNamedCols) + " FROM " + std::string(t_.table) +
                                              " WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<NamedText>();
  return std::optional<NamedText>(NamedFrom(r, 0));
}

StatusOr<std::vector<NamedText>> NamedTexts::List() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kNamedCols) + " FROM " + std::string(t_.table) +
                                          " ORDER BY lower(name), id"));
  std::vector<NamedText> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(NamedFrom(r, i));
  return out;
}

StatusOr<NamedText> NamedTexts::Update(int64_t id, std::string_view name, std::string_view text, Timestamp now,
                                       domain::ActorRef author, int64_t expected_version) {
  auto r = c_.Query("UPDATE " + std::string(t_.table) +
                        " SET name = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
                    {name, now, id, expected_version});
  if (!r.ok()) return NameTaken(r.status(), t_.what, name);
  FAROL_RETURN_IF_ERROR(CheckVersioned(c_, t_.table, id, t_.what));
  FAROL_ASSIGN_OR_RETURN(auto stored, Get(id));
  if (!stored) return NotFoundError(t_.what, id);
  if (stored->text != text) {
    FAROL_ASSIGN_OR_RETURN(stored->version_id, AddVersion(id, text, now, author));
    stored->text = std::string(text);
  }
  return *stored;
}

namespace {

std::vector<TextVersion> VersionsFrom(const Rows& r) {
  std::vector<TextVersion> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    TextVersion v;
    v.id = r.Int(i, 0);
    v.owner_id = r.Int(i, 1);
    v.text = r.Text(i, 2);
    v.since = r.Time(i, 3);
    v.author = ActorFrom(r, i, 4);
    if (r.columns() > 6) v.author_name = r.Text(i, 6);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

StatusOr<std::vector<TextVersion>> NamedTexts::Versions(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT v.id, v." + std::string(t_.owner_column) +
                           ", v.text, v.since, v.author_kind, v.author_id, COALESCE(u.name, '') FROM " +
                           std::string(t_.versions) +
                           " v LEFT JOIN users u ON v.author_kind = 'staff' AND u.id = v.author_id WHERE v." +
                           std::string(t_.owner_column) + " = $1 ORDER BY v.id DESC",
                       {id}));
  return VersionsFrom(r);
}

StatusOr<std::vector<TextVersion>> NamedTexts::AllVersions() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id, " + std::string(t_.owner_column) +
                                          ", text, since, author_kind, author_id FROM " + std::string(t_.versions) +
                                          " ORDER BY id"));
  return VersionsFrom(r);
}

// ---- contracts --------------------------------------------------------------------------------

namespace {

constexpr std::string_view kContractCols =
    "id, organisation_id, name, starts_on, ends_on, renewal_on, starts_at, ends_at, monthly_value_minor, currency, "
    "policy_id, calendar_id, compliance, notes, created_at, updated_at, version";

// "incident:resolution:9500,service_request:resolution:9000"
std::string EncodeCompliance(const std::vector<domain::ComplianceTarget>& targets) {
  std::string out;
  for (const auto& t : targets) {
    out += (out.empty() ? "" : ",") + std::string(domain::Name(t.type)) + ":" + t.clock + ":" + std::to_string(t.basis_points);
  }
  return out;
}

std::vector<domain::ComplianceTarget> DecodeCompliance(std::string_view text) {
  std::vector<domain::ComplianceTarget> out;
  for (const std::string& item : Split(text, ',')) {
    const std::vector<std::string> parts = Split(item, ':');
    if (parts.size() != 3) continue;
    auto type = domain::ParseTicketType(parts[0]);
    if (!type) continue;
    out.push_back({*type, parts[1], std::atoi(parts[2].c_str())});
  }
  return out;
}

std::optional<domain::CivilDate> OptDate(const Rows& r, size_t i, int col) {
  if (r.IsNull(i, col)) return std::nullopt;
  return domain::ParseCivilDate(r.Text(i, col));
}

Param OptDateParam(const std::optional<domain::CivilDate>& d, std::string& holder) {
  if (!d) return Param();
  holder = domain::FormatCivilDate(*d);
  return Param(holder);
}

domain::Contract ContractFrom(const Rows& r, size_t i) {
  domain::Contract c;
  c.id = r.Int(i, 0);
  c.organisation_id = r.Int(i, 1);
  c.name = r.Text(i, 2);
  c.starts_on = domain::ParseCivilDate(r.Text(i, 3)).value_or(domain::CivilDate{});
  c.ends_on = OptDate(r, i, 4);
  c.renewal_on = OptDate(r, i, 5);
  c.starts_at = r.Time(i, 6);
  c.ends_at = r.OptTime(i, 7);
  c.monthly_value_minor = r.Int(i, 8);
  c.currency = r.Text(i, 9);
  c.policy_id = r.Int(i, 10);
  c.calendar_id = r.IsNull(i, 11) ? 0 : r.Int(i, 11);
  c.compliance = DecodeCompliance(r.Text(i, 12));
  c.notes = r.Text(i, 13);
  c.created_at = r.Time(i, 14);
  c.updated_at = r.Time(i, 15);
  c.version = r.Int(i, 16);
  return c;
}

}  // namespace

StatusOr<int64_t> Contracts::Insert(const domain::Contract& c) {
  const std::string starts = domain::FormatCivilDate(c.starts_on), compliance = EncodeCompliance(c.compliance);
  std::string ends, renewal;
  return c_.QueryInt(
      "INSERT INTO contracts (organisation_id, name, starts_on, ends_on, renewal_on, starts_at, ends_at, "
      "monthly_value_minor, currency, policy_id, calendar_id, compliance, notes, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, 1) RETURNING id",
      {c.organisation_id, c.name, starts, OptDateParam(c.ends_on, ends), OptDateParam(c.renewal_on, renewal), c.starts_at,
       sql::OptTime(c.ends_at), c.monthly_value_minor, c.currency, c.policy_id, sql::OptId(c.calendar_id), compliance,
       c.notes, c.created_at});
}

StatusOr<std::optional<domain::Contract>> Contracts::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kContractCols) + " FROM contracts WHERE id = $1", {id}));
  if (r.empty()) return std::optional<domain::Contract>();
  return std::optional<domain::Contract>(ContractFrom(r, 0));
}

StatusOr<std::vector<domain::Contract>> Contracts::List(int64_t organisation_id) {
  std::string sql = "SELECT " + std::string(kContractCols) + " FROM contracts";
  std::vector<Param> params;
  if (organisation_id > 0) {
    sql += " WHERE organisation_id = $1";
    params.emplace_back(organisation_id);
  }
  sql += " ORDER BY organisation_id, starts_at, id";
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  std::vector<domain::Contract> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ContractFrom(r, i));
  return out;
}

Status Contracts::Update(const domain::Contract& c, int64_t expected_version) {
  const std::string starts = domain::FormatCivilDate(c.starts_on), compliance = EncodeCompliance(c.compliance);
  std::string ends, renewal;
  FAROL_RETURN_IF_ERROR(
      c_.Query("UPDATE contracts SET organisation_id = $1, name = $2, starts_on = $3, ends_on = $4, renewal_on = $5, "
               "starts_at = $6, ends_at = $7, monthly_value_minor = $8, currency = $9, policy_id = $10, calendar_id = $11, "
               "compliance = $12, notes = $13, updated_at = $14, version = version + 1 WHERE id = $15 AND version = $16",
               {c.organisation_id, c.name, starts, OptDateParam(c.ends_on, ends), OptDateParam(c.renewal_on, renewal),
                c.starts_at, sql::OptTime(c.ends_at), c.monthly_value_minor, c.currency, c.policy_id,
                sql::OptId(c.calendar_id), compliance, c.notes, c.updated_at, c.id, expected_version})
          .status());
  return CheckVersioned(c_, "contracts", c.id, "contract");
}

// ---- the escalation log -----------------------------------------------------------------------

namespace {

constexpr std::string_view kEscalationSelect =
    "SELECT e.id, e.ticket_id, e.level, e.name, e.cause, e.fired_at, e.deadline_at, e.acknowledged_at, "
    "e.acknowledged_by, e.ack_via, e.requested_by, e.recipients, e.channels, t.subject, COALESCE(u.name, ''), "
    "COALESCE(c.name, '') FROM escalations e JOIN tickets t ON t.id = e.ticket_id "
    "LEFT JOIN users u ON u.id = e.acknowledged_by LEFT JOIN contacts c ON c.id = e.requested_by";

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  for (const std::string& l : Split(text, '\n')) {
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

EscalationRow EscalationFrom(const Rows& r, size_t i) {
  EscalationRow e;
  e.id = r.Int(i, 0);
  e.ticket_id = r.Int(i, 1);
  e.level = int(r.Int(i, 2));
  e.name = r.Text(i, 3);
  e.cause = r.Text(i, 4);
  e.fired_at = r.Time(i, 5);
  e.deadline_at = r.OptTime(i, 6);
  e.acknowledged_at = r.OptTime(i, 7);
  e.acknowledged_by = r.IsNull(i, 8) ? 0 : r.Int(i, 8);
  e.ack_via = r.Text(i, 9);
  e.requested_by = r.IsNull(i, 10) ? 0 : r.Int(i, 10);
  e.recipients = Lines(r.Text(i, 11));
  e.channels = Lines(r.Text(i, 12));
  e.ticket_subject = r.Text(i, 13);
  e.acknowledged_by_name = r.Text(i, 14);
  e.requested_by_name = r.Text(i, 15);
  return e;
}

std::vector<EscalationRow> EscalationsFrom(const Rows& r) {
  std::vector<EscalationRow> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(EscalationFrom(r, i));
  return out;
}

}  // namespace

StatusOr<int64_t> Escalations::Insert(const EscalationRow& e) {
  return c_.QueryInt(
      "INSERT INTO escalations (ticket_id, level, name, cause, fired_at, deadline_at, requested_by, recipients, channels) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      {e.ticket_id, e.level, e.name, e.cause, e.fired_at, sql::OptTime(e.deadline_at), sql::OptId(e.requested_by),
       Join(e.recipients, "\n"), Join(e.channels, "\n")});
}

StatusOr<std::optional<EscalationRow>> Escalations::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kEscalationSelect) + " WHERE e.id = $1", {id}));
  if (r.empty()) return std::optional<EscalationRow>();
  return std::optional<EscalationRow>(EscalationFrom(r, 0));
}

StatusOr<std::optional<EscalationRow>> Escalations::Find(int64_t ticket_id, int level) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kEscalationSelect) + " WHERE e.ticket_id = $1 AND e.level = $2",
                                          {ticket_id, level}));
  if (r.empty()) return std::optional<EscalationRow>();
  return std::optional<EscalationRow>(EscalationFrom(r, 0));
}

StatusOr<std::vector<EscalationRow>> Escalations::ListFor(int64_t ticket_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kEscalationSelect) + " WHERE e.ticket_id = $1 ORDER BY e.level",
                                          {ticket_id}));
  return EscalationsFrom(r);
}

StatusOr<std::vector<EscalationRow>> Escalations::List(std::optional<bool> acknowledged, int limit, int64_t before_id) {
  std::string sql = std::string(kEscalationSelect) + " WHERE e.id < $1";
  if (acknowledged) sql += *acknowledged ? " AND e.acknowledged_at IS NOT NULL" : " AND e.acknowledged_at IS NULL";
  sql += " ORDER BY e.id DESC LIMIT $2";
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, {before_id > 0 ? before_id : int64_t{INT64_MAX}, ClampTo(limit, 500)}));
  return EscalationsFrom(r);
}

StatusOr<bool> Escalations::Acknowledge(int64_t id, Timestamp at, int64_t user_id, std::string_view via) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE escalations SET acknowledged_at = $1, acknowledged_by = $2, ack_via = $3 "
                                 "WHERE id = $4 AND acknowledged_at IS NULL",
                                 {at, user_id, via, id})
                            .status());
  return c_.changes() == 1;
}

// ---- the audit log ----------------------------------------------------------------------------

StatusOr<int64_t> AuditLog::Insert(const AuditEntry& e) {
  return c_.QueryInt("INSERT INTO audit_log (at, actor_kind, actor_id, action, object_kind, object_id, detail) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     {e.at, domain::Name(e.actor.kind), e.actor.id, e.action, e.object_kind, e.object_id, e.detail});
}

StatusOr<std::vector<AuditEntry>> AuditLog::List(std::string_view object_kind, int64_t object_id, int limit,
                                                int64_t before_id) {
  std::string sql =
      "SELECT a.id, a.at, a.actor_kind, a.actor_id, a.action, a.object_kind, a.object_id, a.detail, COALESCE(u.name, '') "
      "FROM audit_log a LEFT JOIN users u ON a.actor_kind = 'staff' AND u.id = a.actor_id WHERE a.id < $1";
  std::vector<Param> params{before_id > 0 ? before_id : int64_t{INT64_MAX}};
  if (!object_kind.empty()) {
    params.emplace_back(object_kind);
    sql += " AND a.object_kind = $" + std::to_string(params.size());
  }
  if (object_id > 0) {
    params.emplace_back(object_id);
    sql += " AND a.object_id = $" + std::to_string(params.size());
  }
  params.emplace_back(ClampTo(limit, 500));
  sql += " ORDER BY a.id DESC LIMIT $" + std::to_string(params.size());
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  std::vector<AuditEntry> out;
  for (size_t i = 0; i < r.size(); ++i) {
    AuditEntry e;
    e.id = r.Int(i, 0);
    e.at = r.Time(i, 1);
    e.actor = ActorFrom(r, i, 2);
    e.action = r.Text(i, 4);
    e.object_kind = r.Text(i, 5);
    e.object_id = r.Int(i, 6);
    e.detail = r.Text(i, 7);
    e.actor_name = r.Text(i, 8);
    out.push_back(std::move(e));
  }
  return out;
}

// ---- settings and open tickets ----------------------------------------------------------------

StatusOr<std::string> Settings::PutIfAbsent(std::string_view key, std::string_view value) {
  FAROL_RETURN_IF_ERROR(
      c_.Query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", {key, value}).status());
  FAROL_ASSIGN_OR_RETURN(auto stored, Get(key));
  if (!stored) return InternalError("setting " + std::string(key) + " vanished");
  return *stored;
}

StatusOr<std::vector<int64_t>> Tickets::OpenIds(int64_t after_id, int limit) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id FROM tickets WHERE id > $1 AND status NOT IN "
                                          "('resolved', 'closed', 'cancelled') ORDER BY id LIMIT $2",
                                          {after_id, ClampTo(limit, 10000)}));
  std::vector<int64_t> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

}  // namespace farol::store
