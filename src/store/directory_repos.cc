// Repositories for people and places: users, teams, organisations, sites, network areas,
// contacts, categories, custom field definitions and settings.
#include <algorithm>

#include "core/strings.h"
#include "store/codec.h"
#include "store/dialect.h"
#include "store/store.h"
#include "store/versioned.h"

namespace farol::store {

using domain::Category;
using domain::Contact;
using domain::CustomFieldDef;
using domain::NetworkArea;
using domain::Organisation;
using domain::Site;
using domain::Team;
using domain::User;
using sql::Param;
using sql::Rows;

namespace {

std::string LikePattern(std::string_view q) {
  std::string p = "%";
  for (char ch : AsciiLower(q)) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += ch;
  }
  p += '%';
  return p;
}

int ClampLimit(int limit, int max) { return std::clamp(limit, 1, max); }

// ---- users --------------------------------------------------------------------------------

constexpr std::string_view kUserCols =
    "id, email, name, role, tier, active, locale, time_zone, must_change_password, created_at, "
    "updated_at, version";

User UserFrom(const Rows& r, size_t i) {
  User u;
  u.id = r.Int(i, 0);
  u.email = r.Text(i, 1);
  u.name = r.Text(i, 2);
  u.role = domain::ParseRole(r.Text(i, 3)).value_or(domain::Role::kAgent);
  u.tier = static_cast<int>(r.Int(i, 4));
  u.active = r.Bool(i, 5);
  u.locale = r.Text(i, 6);
  u.time_zone = r.Text(i, 7);
  u.must_change_password = r.Bool(i, 8);
  u.created_at = r.Time(i, 9);
  u.updated_at = r.Time(i, 10);
  u.version = r.Int(i, 11);
  return u;
}

StatusOr<std::vector<int64_t>> IdColumn(sql::Connection& c, std::string_view sql, int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows rows, c.Query(sql, {id}));
  std::vector<int64_t> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Int(i, 0));
  return out;
}

}  // namespace

StatusOr<int64_t> Users::Insert(const User& u, std::string_view password_hash) {
  auto id = c_.QueryInt(
      "INSERT INTO users (email, name, role, tier, password_hash, active, locale, time_zone, "
      "must_change_password, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1) RETURNING id",
      {NormalizeEmail(u.email), u.name, domain::Name(u.role), u.tier, password_hash, u.active,
       u.locale, u.time_zone, u.must_change_password, u.created_at});
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("A staff user with e-mail " + u.email + " already exists.")
        .WithField("email", "is already in use");
  }
  return id;
}

StatusOr<std::optional<User>> Users::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kUserCols) +
                                              " FROM users WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<User>();
  User u = UserFrom(r, 0);
  FAROL_ASSIGN_OR_RETURN(u.team_ids, IdColumn(c_, "SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id", id));
  return std::optional<User>(std::move(u));
}

StatusOr<std::optional<User>> Users::GetByEmail(std::string_view email) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id FROM users WHERE email = $1",
                                          {NormalizeEmail(email)}));
  if (r.empty()) return std::optional<User>();
  return Get(r.Int(0, 0));
}

StatusOr<Credentials> Users::GetCredentials(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id, password_hash FROM users WHERE id = $1",
                                          {id}));
  if (r.empty()) return NotFoundError("user", id);
  return Credentials{r.Int(0, 0), r.Text(0, 1)};
}

StatusOr<std::vector<User>> Users::List(const ListOptions& o, std::optional<domain::Role> role) {
  std::string sql = "SELECT " + std::string(kUserCols) + " FROM users WHERE id > $1";
  const std::string pattern = LikePattern(o.query);
  const std::string role_name = role ? std::string(domain::Name(*role)) : std::string();
  std::vector<Param> params = {o.after_id};
  if (!o.query.empty()) {
    params.emplace_back(pattern);
    sql += " AND (lower(name) LIKE $" + std::to_string(params.size()) + " ESCAPE '\\' OR email LIKE $" +
           std::to_string(params.size()) + " ESCAPE '\\')";
  }
  if (role) {
    params.emplace_back(role_name);
    sql += " AND role = $" + std::to_string(params.size());
  }
  if (o.active) {
    params.emplace_back(*o.active ? 1 : 0);
    sql += " AND active = $" + std::to_string(params.size());
  }
  params.emplace_back(ClampLimit(o.limit, 500));
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  std::vector<User> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(UserFrom(r, i));
  if (out.empty()) return out;
  // Team memberships of the listed users in one query.
  FAROL_ASSIGN_OR_RETURN(
      Rows m, c_.Query("SELECT user_id, team_id FROM team_members WHERE user_id >= $1 AND user_id <= $2 ORDER BY team_id",
                       {out.front().id, out.back().id}));
  for (size_t i = 0; i < m.size(); ++i) {
    const int64_t uid = m.Int(i, 0);
    auto it = std::lower_bound(out.begin(), out.end(), uid,
                               [](const User& u, int64_t id) { return u.id < id; });
    if (it != out.end() && it->id == uid) it->team_ids.push_back(m.Int(i, 1));
  }
  return out;
}

Status Users::Update(const User& u, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE users SET email = $1, name = $2, role = $3, tier = $4, active = $5, locale = $6, "
      "time_zone = $7, must_change_password = $8, updated_at = $9, version = version + 1 "
      "WHERE id = $10 AND version = $11",
      {NormalizeEmail(u.email), u.name, domain::Name(u.role), u.tier, u.active, u.locale,
       u.time_zone, u.must_change_password, u.updated_at, u.id,
       expected_version});
  if (!r.ok()) {
    if (r.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("A staff user with e-mail " + u.email + " already exists.")
          .WithField("email", "is already in use");
    }
    return r.status();
  }
  return CheckVersioned(c_, "users", u.id, "user");
}

Status Users::SetPassword(int64_t id, std::string_view hash, bool must_change, Timestamp now) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE users SET password_hash = $1, must_change_password = $2, "
                                 "updated_at = $3, version = version + 1 WHERE id = $4",
                                 {hash, must_change, now, id})
                            .status());
  if (c_.changes() != 1) return NotFoundError("user", id);
  return OkStatus();
}

StatusOr<int64_t> Users::Count() { return c_.QueryInt("SELECT COUNT(*) FROM users"); }

// ---- teams --------------------------------------------------------------------------------

namespace {
constexpr std::string_view kTeamCols =
    "id, name, description, manager_id, created_at, updated_at, version";

Team TeamFrom(const Rows& r, size_t i) {
  Team t;
  t.id = r.Int(i, 0);
  t.name = r.Text(i, 1);
  t.description = r.Text(i, 2);
  t.manager_id = r.Int(i, 3);
  t.created_at = r.Time(i, 4);
  t.updated_at = r.Time(i, 5);
  t.version = r.Int(i, 6);
  return t;
}

}  // namespace

StatusOr<int64_t> Teams::Insert(const Team& t) {
  auto id = c_.QueryInt(
      "INSERT INTO teams (name, description, manager_id, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $4, 1) RETURNING id",
      {t.name, t.description, sql::OptId(t.manager_id), t.created_at});
  if (!id.ok()) return NameTaken(id.status(), "team", t.name);
  return id;
}

StatusOr<std::optional<Team>> Teams::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kTeamCols) + " FROM teams WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<Team>();
  Team t = TeamFrom(r, 0);
  FAROL_ASSIGN_OR_RETURN(t.member_ids, IdColumn(c_, "SELECT user_id FROM team_members WHERE team_id = $1 ORDER BY user_id", id));
  return std::optional<Team>(std::move(t));
}

StatusOr<std::vector<Team>> Teams::List() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kTeamCols) + " FROM teams ORDER BY name"));
  std::vector<Team> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(TeamFrom(r, i));
  FAROL_ASSIGN_OR_RETURN(Rows m, c_.Query("SELECT team_id, user_id FROM team_members ORDER BY user_id"));
  for (size_t i = 0; i < m.size(); ++i) {
    for (Team& t : out) {
      if (t.id == m.Int(i, 0)) t.member_ids.push_back(m.Int(i, 1));
    }
  }
  return out;
}

Status Teams::Update(const Team& t, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE teams SET name = $1, description = $2, manager_id = $3, updated_at = $4, "
      "version = version + 1 WHERE id = $5 AND version = $6",
      {t.name, t.description, sql::OptId(t.manager_id), t.updated_at,
       t.id, expected_version});
  if (!r.ok()) return NameTaken(r.status(), "team", t.name);
  return CheckVersioned(c_, "teams", t.id, "team");
}

Status Teams::Delete(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(int64_t used, c_.QueryInt("SELECT COUNT(*) FROM tickets WHERE team_id = $1",
                                                   {id}));
  if (used > 0) {
    return FailedPreconditionError("The team still has " + std::to_string(used) +
                                   " tickets; move them to another team first.");
  }
  FAROL_RETURN_IF_ERROR(c_.Query("DELETE FROM team_members WHERE team_id = $1", {id}).status());
  FAROL_RETURN_IF_ERROR(c_.Query("DELETE FROM teams WHERE id = $1", {id}).status());
  if (c_.changes() != 1) return NotFoundError("team", id);
  return OkStatus();
}

Status Teams::AddMember(int64_t team_id, int64_t user_id) {
  return c_.Query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                  {team_id, user_id})
      .status();
}

Status Teams::RemoveMember(int64_t team_id, int64_t user_id) {
  return c_.Query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2",
                  {team_id, user_id})
      .status();
}

StatusOr<std::vector<int64_t>> Teams::TeamsOf(int64_t user_id) {
  return IdColumn(c_, "SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id", user_id);
}

// ---- organisations ------------------------------------------------------------------------

namespace {
constexpr std::string_view kOrgCols =
    "id, name, employee_count, segment, time_zone, csm_id, email_domains, active, created_at, "
    "updated_at, version";

Organisation OrgFrom(const Rows& r, size_t i) {
  Organisation o;
  o.id = r.Int(i, 0);
  o.name = r.Text(i, 1);
  o.employee_count = static_cast<int>(r.Int(i, 2));
  o.segment = domain::ParseSegment(r.Text(i, 3)).value_or(domain::Segment::kSmb);
  o.time_zone = r.Text(i, 4);
  o.csm_id = r.Int(i, 5);
  if (!r.Text(i, 6).empty()) o.email_domains = Split(r.Text(i, 6), ',');
  o.active = r.Bool(i, 7);
  o.created_at = r.Time(i, 8);
  o.updated_at = r.Time(i, 9);
  o.version = r.Int(i, 10);
  return o;
}
}  // namespace

StatusOr<int64_t> Organisations::Insert(const Organisation& o) {
  auto id = c_.QueryInt(
      "INSERT INTO organisations (name, employee_count, segment, time_zone, csm_id, email_domains, "
      "active, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) "
      "RETURNING id",
      {o.name, o.employee_count, domain::Name(domain::SegmentFor(o.employee_count)), o.time_zone,
       sql::OptId(o.csm_id), Join(o.email_domains, ","), o.active, o.created_at});
  if (!id.ok()) return NameTaken(id.status(), "organisation", o.name);
  return id;
}

StatusOr<std::optional<Organisation>> Organisations::FindByEmailDomain(std::string_view domain) {
  // LIKE with the domain's own wildcards escaped; the list is stored comma-separated.
  std::string pattern = "%,";
  for (char c : AsciiLower(domain)) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += ",%";
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT " + std::string(kOrgCols) +
                           " FROM organisations WHERE active = 1 AND ',' || lower(email_domains) || ',' LIKE $1 "
                           "ESCAPE '\\' ORDER BY id LIMIT 1",
                       {pattern}));
  if (r.empty()) return std::optional<Organisation>();
  return std::optional<Organisation>(OrgFrom(r, 0));
}

StatusOr<std::optional<Organisation>> Organisations::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kOrgCols) + " FROM organisations WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<Organisation>();
  return std::optional<Organisation>(OrgFrom(r, 0));
}

StatusOr<std::vector<Organisation>> Organisations::List(const ListOptions& o) {
  std::string sql = "SELECT " + std::string(kOrgCols) + " FROM organisations WHERE id > $1";
  const std::string pattern = LikePattern(o.query);
  std::vector<Param> params = {o.after_id};
  if (!o.query.empty()) {
    params.emplace_back(pattern);
    sql += " AND lower(name) LIKE $2 ESCAPE '\\'";
  }
  if (o.active) {
    params.emplace_back(*o.active ? 1 : 0);
    sql += " AND active = $" + std::to_string(params.size());
  }
  params.emplace_back(ClampLimit(o.limit, 500));
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  std::vector<Organisation> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(OrgFrom(r, i));
  return out;
}

Status Organisations::Update(const Organisation& o, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE organisations SET name = $1, employee_count = $2, segment = $3, time_zone = $4, "
      "csm_id = $5, email_domains = $6, active = $7, updated_at = $8, version = version + 1 "
      "WHERE id = $9 AND version = $10",
      {o.name, o.employee_count, domain::Name(domain::SegmentFor(o.employee_count)), o.time_zone,
       sql::OptId(o.csm_id), Join(o.email_domains, ","), o.active, o.updated_at,
       o.id, expected_version});
  if (!r.ok()) return NameTaken(r.status(), "organisation", o.name);
  return CheckVersioned(c_, "organisations", o.id, "organisation");
}

// ---- sites and network areas --------------------------------------------------------------

namespace {
constexpr std::string_view kSiteCols = "id, organisation_id, name, address, city, country, active, version";
Site SiteFrom(const Rows& r, size_t i) {
  return Site{r.Int(i, 0), r.Int(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4),
              r.Text(i, 5), r.Bool(i, 6), r.Int(i, 7)};
}
constexpr std::string_view kAreaCols = "id, organisation_id, name, description, active, version";
NetworkArea AreaFrom(const Rows& r, size_t i) {
  return NetworkArea{r.Int(i, 0), r.Int(i, 1), r.Text(i, 2), r.Text(i, 3), r.Bool(i, 4), r.Int(i, 5)};
}
}  // namespace

StatusOr<int64_t> Sites::Insert(const Site& s) {
  auto id = c_.QueryInt(
      "INSERT INTO sites (organisation_id, name, address, city, country, active, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id",
      {s.organisation_id, s.name, s.address, s.city, s.country, s.active});
  if (!id.ok()) return NameTaken(id.status(), "site of this organisation", s.name);
  return id;
}

StatusOr<std::optional<Site>> Sites::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kSiteCols) + " FROM sites WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<Site>();
  return std::optional<Site>(SiteFrom(r, 0));
}

StatusOr<std::vector<Site>> Sites::ListFor(int64_t organisation_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kSiteCols) +
                                              " FROM sites WHERE organisation_id = $1 ORDER BY name, id",
                                          {organisation_id}));
  std::vector<Site> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(SiteFrom(r, i));
  return out;
}

Status Sites::Update(const Site& s, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE sites SET name = $1, address = $2, city = $3, country = $4, active = $5, "
      "version = version + 1 WHERE id = $6 AND version = $7",
      {s.name, s.address, s.city, s.country, s.active, s.id,
       expected_version});
  if (!r.ok()) return NameTaken(r.status(), "site of this organisation", s.name);
  return CheckVersioned(c_, "sites", s.id, "site");
}

StatusOr<int64_t> NetworkAreas::Insert(const NetworkArea& a) {
  auto id = c_.QueryInt(
      "INSERT INTO network_areas (organisation_id, name, description, active, version) "
      "VALUES ($1, $2, $3, $4, 1) RETURNING id",
      {a.organisation_id, a.name, a.description, a.active});
  if (!id.ok()) return NameTaken(id.status(), "network area of this organisation", a.name);
  return id;
}

StatusOr<std::optional<NetworkArea>> NetworkAreas::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kAreaCols) + " FROM network_areas WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<NetworkArea>();
  return std::optional<NetworkArea>(AreaFrom(r, 0));
}

StatusOr<std::vector<NetworkArea>> NetworkAreas::ListFor(int64_t organisation_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kAreaCols) +
                                              " FROM network_areas WHERE organisation_id = $1 ORDER BY name, id",
                                          {organisation_id}));
  std::vector<NetworkArea> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(AreaFrom(r, i));
  return out;
}

Status NetworkAreas::Update(const NetworkArea& a, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE network_areas SET name = $1, description = $2, active = $3, version = version + 1 "
      "WHERE id = $4 AND version = $5",
      {a.name, a.description, a.active, a.id,
       expected_version});
  if (!r.ok()) return NameTaken(r.status(), "network area of this organisation", a.name);
  return CheckVersioned(c_, "network_areas", a.id, "network area");
}

// ---- contacts -----------------------------------------------------------------------------

namespace {
constexpr std::string_view kContactCols =
    "id, organisation_id, name, email, phone, portal_user, manager, active, locale, time_zone, "
    "password_hash IS NOT NULL AND password_hash <> '', created_at, updated_at, version";

Contact ContactFrom(const Rows& r, size_t i) {
  Contact c;
  c.id = r.Int(i, 0);
  c.organisation_id = r.Int(i, 1);
  c.name = r.Text(i, 2);
  c.email = r.Text(i, 3);
  c.phone = r.Text(i, 4);
  c.portal_user = r.Bool(i, 5);
  c.manager = r.Bool(i, 6);
  c.active = r.Bool(i, 7);
  c.locale = r.Text(i, 8);
  c.time_zone = r.Text(i, 9);
  c.has_password = r.Text(i, 10) == "1" || r.Text(i, 10) == "t" || r.Text(i, 10) == "true";
  c.created_at = r.Time(i, 11);
  c.updated_at = r.Time(i, 12);
  c.version = r.Int(i, 13);
  return c;
}

Status EmailTaken(const Status& s, std::string_view email) {
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("A contact with e-mail " + std::string(email) + " already exists.")
        .WithField("email", "is already in use");
  }
  return s;
}
}  // namespace

StatusOr<int64_t> Contacts::Insert(const Contact& c, std::string_view password_hash) {
  auto id = c_.QueryInt(
      "INSERT INTO contacts (organisation_id, name, email, phone, portal_user, manager, "
      "password_hash, active, locale, time_zone, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1) RETURNING id",
      {c.organisation_id, c.name, NormalizeEmail(c.email), c.phone,
       c.portal_user, c.manager, password_hash.empty() ? Param() : Param(password_hash), c.active,
       c.locale, c.time_zone, c.created_at});
  if (!id.ok()) return EmailTaken(id.status(), c.email);
  return id;
}

StatusOr<std::optional<Contact>> Contacts::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kContactCols) + " FROM contacts WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<Contact>();
  return std::optional<Contact>(ContactFrom(r, 0));
}

StatusOr<std::optional<Contact>> Contacts::GetByEmail(std::string_view email) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kContactCols) + " FROM contacts WHERE email = $1",
                                          {NormalizeEmail(email)}));
  if (r.empty()) return std::optional<Contact>();
  return std::optional<Contact>(ContactFrom(r, 0));
}

StatusOr<Credentials> Contacts::GetCredentials(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id, password_hash FROM contacts WHERE id = $1",
                                          {id}));
  if (r.empty()) return NotFoundError("contact", id);
  return Credentials{r.Int(0, 0), r.Text(0, 1)};
}

StatusOr<std::vector<Contact>> Contacts::List(int64_t organisation_id, const ListOptions& o) {
  std::string sql = "SELECT " + std::string(kContactCols) + " FROM contacts WHERE id > $1";
  const std::string pattern = LikePattern(o.query);
  std::vector<Param> params = {o.after_id};
  if (organisation_id != 0) {
    params.emplace_back(static_cast<long long>(organisation_id));
    sql += " AND organisation_id = $" + std::to_string(params.size());
  }
  if (!o.query.empty()) {
    params.emplace_back(pattern);
    const std::string n = std::to_string(params.size());
    sql += " AND (lower(name) LIKE $" + n + " ESCAPE '\\' OR email LIKE $" + n + " ESCAPE '\\')";
  }
  if (o.active) {
    params.emplace_back(*o.active ? 1 : 0);
    sql += " AND active = $" + std::to_string(params.size());
  }
  params.emplace_back(ClampLimit(o.limit, 500));
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  std::vector<Contact> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ContactFrom(r, i));
  return out;
}

Status Contacts::Update(const Contact& c, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE contacts SET organisation_id = $1, name = $2, email = $3, phone = $4, "
      "portal_user = $5, manager = $6, active = $7, locale = $8, time_zone = $9, updated_at = $10, "
      "version = version + 1 WHERE id = $11 AND version = $12",
      {c.organisation_id, c.name, NormalizeEmail(c.email), c.phone,
       c.portal_user, c.manager, c.active, c.locale, c.time_zone, c.updated_at,
       c.id, expected_version});
  if (!r.ok()) return EmailTaken(r.status(), c.email);
  return CheckVersioned(c_, "contacts", c.id, "contact");
}

Status Contacts::SetPassword(int64_t id, std::string_view hash, Timestamp now) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE contacts SET password_hash = $1, updated_at = $2, "
                                 "version = version + 1 WHERE id = $3",
                                 {hash.empty() ? Param() : Param(hash), now, id})
                            .status());
  if (c_.changes() != 1) return NotFoundError("contact", id);
  return OkStatus();
}

// ---- categories ---------------------------------------------------------------------------

namespace {
constexpr std::string_view kCategoryCols = "id, parent_id, name, active, version";
Category CategoryFrom(const Rows& r, size_t i) {
  return Category{r.Int(i, 0), r.Int(i, 1), r.Text(i, 2), r.Bool(i, 3), r.Int(i, 4)};
}
}  // namespace

StatusOr<int64_t> Categories::Insert(const Category& c) {
  auto id = c_.QueryInt(
      "INSERT INTO categories (parent_id, name, active, version) VALUES ($1, $2, $3, 1) RETURNING id",
      {sql::OptId(c.parent_id), c.name, c.active});
  if (!id.ok()) return NameTaken(id.status(), "category at this level", c.name);
  return id;
}

StatusOr<std::optional<Category>> Categories::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kCategoryCols) + " FROM categories WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<Category>();
  return std::optional<Category>(CategoryFrom(r, 0));
}

StatusOr<std::vector<Category>> Categories::List() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kCategoryCols) +
                                              " FROM categories ORDER BY COALESCE(parent_id, 0), name, id"));
  std::vector<Category> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(CategoryFrom(r, i));
  return out;
}

Status Categories::Update(const Category& c, int64_t expected_version) {
  auto r = c_.Query(
      "UPDATE categories SET parent_id = $1, name = $2, active = $3, version = version + 1 "
      "WHERE id = $4 AND version = $5",
      {sql::OptId(c.parent_id), c.name, c.active, c.id,
       expected_version});
  if (!r.ok()) return NameTaken(r.status(), "category at this level", c.name);
  return CheckVersioned(c_, "categories", c.id, "category");
}

// ---- custom fields ------------------------------------------------------------------------

namespace {
constexpr std::string_view kFieldCols =
    "id, ticket_type, field_key, label, field_type, options, required, active, position, version";
CustomFieldDef FieldFrom(const Rows& r, size_t i) {
  CustomFieldDef d;
  d.id = r.Int(i, 0);
  d.ticket_type = domain::ParseTicketType(r.Text(i, 1)).value_or(domain::TicketType::kIncident);
  d.key = r.Text(i, 2);
  d.label = r.Text(i, 3);
  d.type = domain::ParseCustomFieldType(r.Text(i, 4)).value_or(domain::CustomFieldType::kText);
  auto options = DecodeStringList(r.Text(i, 5));
  if (options.ok()) d.options = std::move(*options);
  d.required = r.Bool(i, 6);
  d.active = r.Bool(i, 7);
  d.position = static_cast<int>(r.Int(i, 8));
  d.version = r.Int(i, 9);
  return d;
}
}  // namespace

StatusOr<int64_t> CustomFields::Insert(const CustomFieldDef& d) {
  auto id = c_.QueryInt(
      "INSERT INTO custom_field_defs (ticket_type, field_key, label, field_type, options, required, "
      "active, position, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id",
      {domain::Name(d.ticket_type), d.key, d.label, domain::Name(d.type), EncodeStringList(d.options),
       d.required, d.active, d.position});
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("The ticket type " + std::string(domain::Name(d.ticket_type)) +
                              " already has a field '" + d.key + "'.")
        .WithField("key", "is already in use for this ticket type");
  }
  return id;
}

StatusOr<std::optional<CustomFieldDef>> CustomFields::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kFieldCols) + " FROM custom_field_defs WHERE id = $1",
                                          {id}));
  if (r.empty()) return std::optional<CustomFieldDef>();
  return std::optional<CustomFieldDef>(FieldFrom(r, 0));
}

StatusOr<std::vector<CustomFieldDef>> CustomFields::List(std::optional<domain::TicketType> type) {
  StatusOr<Rows> r =
      type ? c_.Query("SELECT " + std::string(kFieldCols) +
                          " FROM custom_field_defs WHERE ticket_type = $1 ORDER BY position, id",
                      {domain::Name(*type)})
           : c_.Query("SELECT " + std::string(kFieldCols) +
                      " FROM custom_field_defs ORDER BY ticket_type, position, id");
  if (!r.ok()) return r.status();
  std::vector<CustomFieldDef> out;
  for (size_t i = 0; i < r->size(); ++i) out.push_back(FieldFrom(*r, i));
  return out;
}

Status CustomFields::Update(const CustomFieldDef& d, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(
      c_.Query("UPDATE custom_field_defs SET label = $1, options = $2, required = $3, active = $4, "
               "position = $5, version = version + 1 WHERE id = $6 AND version = $7",
               {d.label, EncodeStringList(d.options), d.required, d.active, d.position,
                d.id, expected_version})
          .status());
  return CheckVersioned(c_, "custom_field_defs", d.id, "custom field");
}

// ---- settings -----------------------------------------------------------------------------

StatusOr<std::optional<std::string>> Settings::Get(std::string_view key) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT value FROM settings WHERE key = $1", {key}));
  if (r.empty()) return std::optional<std::string>();
  return std::optional<std::string>(r.Text(0, 0));
}

Status Settings::Put(std::string_view key, std::string_view value) {
  return c_.Query("INSERT INTO settings (key, value) VALUES ($1, $2) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                  {key, value})
      .status();
}

}  // namespace farol::store
