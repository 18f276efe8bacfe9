#include "app/directory_service.h"

#include <algorithm>
#include <functional>

#include "core/crypto.h"
#include "core/strings.h"

namespace farol::app {

using domain::Actor;
using domain::Permission;

namespace {

// Load -> check version -> change -> save -> reload, in one write transaction. The reload gives
// the caller the stored truth (new version, derived fields).
template <typename T>
StatusOr<T> Modify(store::Store& store, std::string_view what, int64_t id,
                   std::optional<int64_t> expected,
                   const std::function<StatusOr<std::optional<T>>(store::Tx&)>& load,
                   const std::function<Status(store::Tx&, T&)>& change,
                   const std::function<Status(store::Tx&, const T&, int64_t)>& save) {
  T result;
  FAROL_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(std::optional<T> obj, load(tx));
    if (!obj) return NotFoundError(what, id);
    const int64_t version = obj->version;
    if (expected && *expected != version) {
      return StaleVersionError("The " + std::string(what) + " was changed by someone else since you loaded it; reload and try again.");
    }
    FAROL_RETURN_IF_ERROR(change(tx, *obj));
    FAROL_RETURN_IF_ERROR(save(tx, *obj, version));
    FAROL_ASSIGN_OR_RETURN(std::optional<T> fresh, load(tx));
    if (!fresh) return NotFoundError(what, id);
    result = std::move(*fresh);
    return OkStatus();
  }));
  return result;
}

template <typename T>
StatusOr<T> ReadOne(store::Store& store, std::string_view what, int64_t id,
                    const std::function<StatusOr<std::optional<T>>(store::Tx&)>& load) {
  T result;
  FAROL_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(std::optional<T> obj, load(tx));
    if (!obj) return NotFoundError(what, id);
    result = std::move(*obj);
    return OkStatus();
  }));
  return result;
}

template <typename T>
StatusOr<T> ReadAll(store::Store& store, const std::function<StatusOr<T>(store::Tx&)>& load) {
  T result;
  FAROL_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(result, load(tx));
    return OkStatus();
  }));
  return result;
}

Status ActiveStaff(store::Tx& tx, int64_t id, std::string_view field, FieldErrors& errors) {
  if (id == 0) return OkStatus();
  FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(id));
  if (!u || !u->active) errors.Add(std::string(field), "no such active staff user");
  return OkStatus();
}

bool LooksLikeDomain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.find('.') == d.npos || d.front() == '.' || d.back() == '.') return false;
  return std::all_of(d.begin(), d.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

bool LooksLikePhone(std::string_view p) {
  if (p.size() > 40) return false;
  return std::all_of(p.begin(), p.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')' || c == '.';
  });
}

// ---- validation of inputs (shared by create and update) -----------------------------------

void ValidateUser(const UserInput& in, FieldErrors& e) {
  if (in.email && !LooksLikeEmail(NormalizeEmail(*in.email))) e.Add("email", "is not an e-mail address");
  if (in.name) domain::ValidateName("name", *in.name, e);
  if (in.tier && (*in.tier < domain::kMinTier || *in.tier > domain::kMaxTier)) e.Add("tier", "must be N1, N2 or N3");
  if (in.locale && !domain::IsSupportedLocale(*in.locale)) e.Add("locale", "must be en or pt-BR");
  if (in.time_zone && !domain::IsKnownTimeZone(*in.time_zone)) {
    e.Add("time_zone", "must be an IANA time zone such as America/Sao_Paulo");
  }
  if (in.password) domain::ValidateNewPassword("password", *in.password, e);
}

void ValidateOrganisation(const OrganisationInput& in, FieldErrors& e) {
  if (in.name) domain::ValidateName("name", *in.name, e);
  if (in.employee_count && (*in.employee_count < 0 || *in.employee_count > 10'000'000)) {
    e.Add("employee_count", "must be between 0 and 10000000");
  }
  if (in.time_zone && !domain::IsKnownTimeZone(*in.time_zone)) {
    e.Add("time_zone", "must be an IANA time zone such as America/Sao_Paulo");
  }
  if (in.email_domains) {
    if (in.email_domains->size() > 50) e.Add("email_domains", "at most 50 domains");
    for (const std::string& d : *in.email_domains) {
      if (!LooksLikeDomain(AsciiLower(TrimView(d)))) {
        e.Add("email_domains", "'" + d.substr(0, 60) + "' is not a domain name like example.com.br");
      }
    }
  }
}

void ValidateSite(const SiteInput& in, FieldErrors& e) {
  if (in.name) domain::ValidateName("name", *in.name, e);
  if (in.address) domain::ValidateLine("address", *in.address, 500, e);
  if (in.city) domain::ValidateLine("city", *in.city, 200, e);
  if (in.country && !in.country->empty() &&
      (in.country->size() != 2 || !std::all_of(in.country->begin(), in.country->end(),
                                               [](char c) { return c >= 'A' && c <= 'Z'; }))) {
    e.Add("country", "must be a two-letter ISO country code such as BR");
  }
}

void ValidateArea(const NetworkAreaInput& in, FieldErrors& e) {
  if (in.name) domain::ValidateName("name", *in.name, e);
  if (in.description) domain::ValidateLine("description", *in.description, 1000, e);
}

void ValidateContact(const ContactInput& in, FieldErrors& e) {
  if (in.name) domain::ValidateName("name", *in.name, e);
  if (in.email && !LooksLikeEmail(NormalizeEmail(*in.email))) e.Add("email", "is not an e-mail address");
  if (in.phone && !LooksLikePhone(*in.phone)) e.Add("phone", "may hold only digits, spaces and + - ( ) .");
  if (in.locale && !domain::IsSupportedLocale(*in.locale)) e.Add("locale", "must be en or pt-BR");
  if (in.time_zone && !in.time_zone->empty() && !domain::IsKnownTimeZone(*in.time_zone)) {
    e.Add("time_zone", "must be an IANA time zone such as America/Sao_Paulo");
  }
  if (in.password) domain::ValidateNewPassword("password", *in.password, e);
}

std::vector<std::string> NormalizeDomains(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const std::string& d : in) out.push_back(AsciiLower(TrimView(d)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status SyncTeams(store::Tx& tx, int64_t user_id, const std::vector<int64_t>& current,
                 const std::vector<int64_t>& wanted) {
  for (int64_t t : wanted) {
    FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(t));
    if (!team) return FieldInvalidError("team_ids", "no such team " + std::to_string(t));
    FAROL_RETURN_IF_ERROR(tx.teams().AddMember(t, user_id));
  }
  for (int64_t t : current) {
    if (std::find(wanted.begin(), wanted.end(), t) == wanted.end()) {
      FAROL_RETURN_IF_ERROR(tx.teams().RemoveMember(t, user_id));
    }
  }
  return OkStatus();
}

Status SyncMembers(store::Tx& tx, int64_t team_id, const std::vector<int64_t>& current,
                   const std::vector<int64_t>& wanted) {
  for (int64_t u : wanted) {
    FAROL_ASSIGN_OR_RETURN(auto user, tx.users().Get(u));
    if (!user) return FieldInvalidError("member_ids", "no such staff user " + std::to_string(u));
    FAROL_RETURN_IF_ERROR(tx.teams().AddMember(team_id, u));
  }
  for (int64_t u : current) {
    if (std::find(wanted.begin(), wanted.end(), u) == wanted.end()) {
      FAROL_RETURN_IF_ERROR(tx.teams().RemoveMember(team_id, u));
    }
  }
  return OkStatus();
}

}  // namespace

DirectoryService::DirectoryService(store::Store& store, Clock& clock, AuthCache& auth_cache)
    : store_(store), clock_(clock), auth_cache_(auth_cache) {}

namespace {

// Forgets cached credentials when `result` says the change was stored.
template <typename T, typename Forget>
StatusOr<T> ThenForget(StatusOr<T> result, Forget forget) {
  if (result.ok()) forget();
  return result;
}

}  // namespace

// ---- users ------------------------------------------------------------------------------

StatusOr<std::vector<domain::User>> DirectoryService::ListUsers(const Actor& a, const store::ListOptions& o,
                                                                std::optional<domain::Role> role) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadAll<std::vector<domain::User>>(store_, [&](store::Tx& tx) { return tx.users().List(o, role); });
}

StatusOr<domain::User> DirectoryService::GetUser(const Actor& a, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadOne<domain::User>(store_, "user", id, [&](store::Tx& tx) { return tx.users().Get(id); });
}

StatusOr<std::pair<domain::User, std::optional<std::string>>> DirectoryService::CreateUser(const Actor& a,
                                                                                          UserInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kUserWrite));
  FieldErrors e;
  if (!in.email) e.Add("email", "is required");
  if (!in.name) e.Add("name", "is required");
  if (!in.role) e.Add("role", "is required");
  ValidateUser(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  std::optional<std::string> generated;
  if (!in.password) generated = crypto::RandomPassword(16);
  FAROL_ASSIGN_OR_RETURN(const std::string hash, crypto::HashPassword(in.password ? *in.password : *generated));
  const Timestamp now = clock_.SystemNow();
  domain::User u;
  u.email = NormalizeEmail(*in.email);
  u.name = Trim(*in.name);
  u.role = *in.role;
  u.tier = in.tier.value_or(1);
  u.active = in.active.value_or(true);
  u.locale = in.locale.value_or("en");
  u.time_zone = in.time_zone.value_or("UTC");
  u.must_change_password = generated.has_value();
  u.created_at = now;
  u.updated_at = now;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(u.id, tx.users().Insert(u, hash));
    if (in.team_ids) FAROL_RETURN_IF_ERROR(SyncTeams(tx, u.id, {}, *in.team_ids));
    FAROL_ASSIGN_OR_RETURN(auto fresh, tx.users().Get(u.id));
    u = std::move(*fresh);
    return OkStatus();
  }));
  return std::make_pair(std::move(u), std::move(generated));
}

StatusOr<domain::User> DirectoryService::UpdateUser(const Actor& a, int64_t id, UserInput in,
                                                    std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kUserWrite));
  if (in.password) return FieldInvalidError("password", "is changed with POST /api/v1/users/{id}/password");
  FieldErrors e;
  ValidateUser(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  if (a.IsStaff() && a.id == id && ((in.active && !*in.active) || (in.role && *in.role != domain::Role::kAdmin))) {
    return FailedPreconditionError("You cannot deactivate yourself or take away your own admin role.");
  }
  const Timestamp now = clock_.SystemNow();
  return ThenForget(Modify<domain::User>(
      store_, "user", id, expected_version, [&](store::Tx& tx) { return tx.users().Get(id); },
      [&](store::Tx& tx, domain::User& u) -> Status {
        if (in.email) u.email = NormalizeEmail(*in.email);
        if (in.name) u.name = Trim(*in.name);
        if (in.role) u.role = *in.role;
        if (in.tier) u.tier = *in.tier;
        if (in.active) u.active = *in.active;
        if (in.locale) u.locale = *in.locale;
        if (in.time_zone) u.time_zone = *in.time_zone;
        u.updated_at = now;
        if (in.team_ids) FAROL_RETURN_IF_ERROR(SyncTeams(tx, id, u.team_ids, *in.team_ids));
        if (in.active && !*in.active) FAROL_RETURN_IF_ERROR(tx.sessions().DeleteFor(domain::ActorKind::kStaff, id));
        return OkStatus();
      },
      [&](store::Tx& tx, const domain::User& u, int64_t v) { return tx.users().Update(u, v); }),
      [&] { auth_cache_.ForgetSubject(domain::ActorKind::kStaff, id); });
}

StatusOr<std::string> DirectoryService::ResetUserPassword(const Actor& a, int64_t id, std::string password,
                                                          bool must_change) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kUserWrite));
  if (password.empty()) {
    password = crypto::RandomPassword(16);
  } else {
    FieldErrors e;
    domain::ValidateNewPassword("password", password, e);
    FAROL_RETURN_IF_ERROR(e.ToStatus());
  }
  FAROL_ASSIGN_OR_RETURN(const std::string hash, crypto::HashPassword(password));
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(tx.users().SetPassword(id, hash, must_change, now));
    return tx.sessions().DeleteFor(domain::ActorKind::kStaff, id);
  }));
  auth_cache_.ForgetSubject(domain::ActorKind::kStaff, id);
  return password;
}

// ---- teams ------------------------------------------------------------------------------

StatusOr<std::vector<domain::Team>> DirectoryService::ListTeams(const Actor& a) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadAll<std::vector<domain::Team>>(store_, [](store::Tx& tx) { return tx.teams().List(); });
}

StatusOr<domain::Team> DirectoryService::GetTeam(const Actor& a, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadOne<domain::Team>(store_, "team", id, [&](store::Tx& tx) { return tx.teams().Get(id); });
}

StatusOr<domain::Team> DirectoryService::CreateTeam(const Actor& a, TeamInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kTeamWrite));
  FieldErrors e;
  if (!in.name) e.Add("name", "is required");
  if (in.name) domain::ValidateName("name", *in.name, e);
  if (in.description) domain::ValidateLine("description", *in.description, 1000, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  const Timestamp now = clock_.SystemNow();
  domain::Team t;
  t.name = Trim(*in.name);
  t.description = in.description.value_or("");
  t.manager_id = in.manager_id.value_or(0);
  t.created_at = now;
  t.updated_at = now;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FieldErrors refs;
    FAROL_RETURN_IF_ERROR(ActiveStaff(tx, t.manager_id, "manager_id", refs));
    FAROL_RETURN_IF_ERROR(refs.ToStatus());
    FAROL_ASSIGN_OR_RETURN(t.id, tx.teams().Insert(t));
    if (in.member_ids) FAROL_RETURN_IF_ERROR(SyncMembers(tx, t.id, {}, *in.member_ids));
    FAROL_ASSIGN_OR_RETURN(auto fresh, tx.teams().Get(t.id));
    t = std::move(*fresh);
    return OkStatus();
  }));
  return t;
}

StatusOr<domain::Team> DirectoryService::UpdateTeam(const Actor& a, int64_t id, TeamInput in,
                                                    std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kTeamWrite));
  FieldErrors e;
  if (in.name) domain::ValidateName("name", *in.name, e);
  if (in.description) domain::ValidateLine("description", *in.description, 1000, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  const Timestamp now = clock_.SystemNow();
  return ThenForget(Modify<domain::Team>(
      store_, "team", id, expected_version, [&](store::Tx& tx) { return tx.teams().Get(id); },
      [&](store::Tx& tx, domain::Team& t) -> Status {
        if (in.name) t.name = Trim(*in.name);
        if (in.description) t.description = *in.description;
        if (in.manager_id) {
          FieldErrors refs;
          FAROL_RETURN_IF_ERROR(ActiveStaff(tx, *in.manager_id, "manager_id", refs));
          FAROL_RETURN_IF_ERROR(refs.ToStatus());
          t.manager_id = *in.manager_id;
        }
        if (in.member_ids) FAROL_RETURN_IF_ERROR(SyncMembers(tx, id, t.member_ids, *in.member_ids));
        t.updated_at = now;
        return OkStatus();
      },
      [&](store::Tx& tx, const domain::Team& t, int64_t v) { return tx.teams().Update(t, v); }),
      [&] {
        if (in.member_ids) auth_cache_.Clear();
      });
}

Status DirectoryService::DeleteTeam(const Actor& a, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kTeamWrite));
  return store_.Write([&](store::Tx& tx) { return tx.teams().Delete(id); });
}

StatusOr<domain::Team> DirectoryService::SetMembership(const Actor& a, int64_t team_id, int64_t user_id,
                                                       bool member) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kTeamWrite));
  const Timestamp now = clock_.SystemNow();
  return ThenForget(Modify<domain::Team>(
      store_, "team", team_id, std::nullopt, [&](store::Tx& tx) { return tx.teams().Get(team_id); },
      [&](store::Tx& tx, domain::Team& t) -> Status {
        FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(user_id));
        if (!u) return NotFoundError("user", user_id);
        t.updated_at = now;
        return member ? tx.teams().AddMember(team_id, user_id) : tx.teams().RemoveMember(team_id, user_id);
      },
      [&](store::Tx& tx, const domain::Team& t, int64_t v) { return tx.teams().Update(t, v); }),
      [&] { auth_cache_.ForgetSubject(domain::ActorKind::kStaff, user_id); });
}

// ---- organisations ----------------------------------------------------------------------

StatusOr<std::vector<domain::Organisation>> DirectoryService::ListOrganisations(const Actor& a,
                                                                                const store::ListOptions& o) {
  if (a.IsContact()) {
    FAROL_ASSIGN_OR_RETURN(auto own, GetOrganisation(a, a.organisation_id));
    return std::vector<domain::Organisation>{own};
  }
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadAll<std::vector<domain::Organisation>>(store_, [&](store::Tx& tx) { return tx.organisations().List(o); });
}

StatusOr<domain::Organisation> DirectoryService::GetOrganisation(const Actor& a, int64_t id) {
  if (!domain::CanSeeOrganisation(a, id)) {
    if (a.IsContact()) return NotFoundError("organisation", id);
    FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  }
  return ReadOne<domain::Organisation>(store_, "organisation", id,
                                       [&](store::Tx& tx) { return tx.organisations().Get(id); });
}

StatusOr<domain::Organisation> DirectoryService::CreateOrganisation(const Actor& a, OrganisationInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kOrganisationWrite));
  FieldErrors e;
  if (!in.name) e.Add("name", "is required");
  ValidateOrganisation(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  const Timestamp now = clock_.SystemNow();
  domain::Organisation o;
  o.name = Trim(*in.name);
  o.employee_count = in.employee_count.value_or(0);
  o.segment = domain::SegmentFor(o.employee_count);
  o.time_zone = in.time_zone.value_or("UTC");
  o.csm_id = in.csm_id.value_or(0);
  o.email_domains = NormalizeDomains(in.email_domains.value_or(std::vector<std::string>{}));
  o.active = in.active.value_or(true);
  o.created_at = now;
  o.updated_at = now;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FieldErrors refs;
    FAROL_RETURN_IF_ERROR(ActiveStaff(tx, o.csm_id, "csm_id", refs));
    FAROL_RETURN_IF_ERROR(refs.ToStatus());
    FAROL_ASSIGN_OR_RETURN(o.id, tx.organisations().Insert(o));
    FAROL_ASSIGN_OR_RETURN(auto fresh, tx.organisations().Get(o.id));
    o = std::move(*fresh);
    return OkStatus();
  }));
  return o;
}

StatusOr<domain::Organisation> DirectoryService::UpdateOrganisation(const Actor& a, int64_t id, OrganisationInput in,
                                                                    std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kOrganisationWrite));
  FieldErrors e;
  ValidateOrganisation(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  const Timestamp now = clock_.SystemNow();
  return ThenForget(Modify<domain::Organisation>(
      store_, "organisation", id, expected_version, [&](store::Tx& tx) { return tx.organisations().Get(id); },
      [&](store::Tx& tx, domain::Organisation& o) -> Status {
        if (in.name) o.name = Trim(*in.name);
        if (in.employee_count) o.employee_count = *in.employee_count;
        if (in.time_zone) o.time_zone = *in.time_zone;
        if (in.csm_id) {
          FieldErrors refs;
          FAROL_RETURN_IF_ERROR(ActiveStaff(tx, *in.csm_id, "csm_id", refs));
          FAROL_RETURN_IF_ERROR(refs.ToStatus());
          o.csm_id = *in.csm_id;
        }
        if (in.email_domains) o.email_domains = NormalizeDomains(*in.email_domains);
        if (in.active) o.active = *in.active;
        o.updated_at = now;
        return OkStatus();
      },
      [&](store::Tx& tx, const domain::Organisation& o, int64_t v) { return tx.organisations().Update(o, v); }),
      [&] {
        if (in.active) auth_cache_.Clear();
      });
}

// ---- sites and network areas ------------------------------------------------------------

namespace {

Status CanReadOrgChildren(const Actor& a, int64_t org_id) {
  if (a.IsContact()) return a.organisation_id == org_id ? OkStatus() : NotFoundError("organisation", org_id);
  return domain::Require(a, Permission::kDirectoryRead);
}

Status OrgExists(store::Tx& tx, int64_t org_id) {
  FAROL_ASSIGN_OR_RETURN(auto o, tx.organisations().Get(org_id));
  if (!o) return NotFoundError("organisation", org_id);
  return OkStatus();
}

}  // namespace

StatusOr<std::vector<domain::Site>> DirectoryService::ListSites(const Actor& a, int64_t org_id) {
  FAROL_RETURN_IF_ERROR(CanReadOrgChildren(a, org_id));
  return ReadAll<std::vector<domain::Site>>(store_, [&](store::Tx& tx) -> StatusOr<std::vector<domain::Site>> {
    FAROL_RETURN_IF_ERROR(OrgExists(tx, org_id));
    return tx.sites().ListFor(org_id);
  });
}

StatusOr<domain::Site> DirectoryService::GetSite(const Actor& a, int64_t id) {
  FAROL_ASSIGN_OR_RETURN(auto s, ReadOne<domain::Site>(store_, "site", id, [&](store::Tx& tx) { return tx.sites().Get(id); }));
  if (!CanReadOrgChildren(a, s.organisation_id).ok()) {
    if (a.IsContact()) return NotFoundError("site", id);
    FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  }
  return s;
}

StatusOr<domain::Site> DirectoryService::CreateSite(const Actor& a, int64_t org_id, SiteInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kOrganisationWrite));
  FieldErrors e;
  if (!in.name) e.Add("name", "is required");
  ValidateSite(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  domain::Site s{0, org_id, Trim(in.name.value_or("")), in.address.value_or(""), in.city.value_or(""),
                 in.country.value_or(""), in.active.value_or(true), 1};
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(OrgExists(tx, org_id));
    FAROL_ASSIGN_OR_RETURN(s.id, tx.sites().Insert(s));
    return OkStatus();
  }));
  return s;
}

StatusOr<domain::Site> DirectoryService::UpdateSite(const Actor& a, int64_t id, SiteInput in,
                                                    std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kOrganisationWrite));
  FieldErrors e;
  ValidateSite(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  return Modify<domain::Site>(
      store_, "site", id, expected_version, [&](store::Tx& tx) { return tx.sites().Get(id); },
      [&](store::Tx&, domain::Site& s) -> Status {
        if (in.name) s.name = Trim(*in.name);
        if (in.address) s.address = *in.address;
        if (in.city) s.city = *in.city;
        if (in.country) s.country = *in.country;
        if (in.active) s.active = *in.active;
        return OkStatus();
      },
      [&](store::Tx& tx, const domain::Site& s, int64_t v) { return tx.sites().Update(s, v); });
}

StatusOr<std::vector<domain::NetworkArea>> DirectoryService::ListNetworkAreas(const Actor& a, int64_t org_id) {
  FAROL_RETURN_IF_ERROR(CanReadOrgChildren(a, org_id));
  return ReadAll<std::vector<domain::NetworkArea>>(
      store_, [&](store::Tx& tx) -> StatusOr<std::vector<domain::NetworkArea>> {
        FAROL_RETURN_IF_ERROR(OrgExists(tx, org_id));
        return tx.network_areas().ListFor(org_id);
      });
}

StatusOr<domain::NetworkArea> DirectoryService::GetNetworkArea(const Actor& a, int64_t id) {
  FAROL_ASSIGN_OR_RETURN(auto n, ReadOne<domain::NetworkArea>(store_, "network area", id, [&](store::Tx& tx) {
                           return tx.network_areas().Get(id);
                         }));
  if (!CanReadOrgChildren(a, n.organisation_id).ok()) {
    if (a.IsContact()) return NotFoundError("network area", id);
    FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  }
  return n;
}

StatusOr<domain::NetworkArea> DirectoryService::CreateNetworkArea(const Actor& a, int64_t org_id,
                                                                  NetworkAreaInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kOrganisationWrite));
  FieldErrors e;
  if (!in.name) e.Add("name", "is required");
  ValidateArea(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  domain::NetworkArea n{0, org_id, Trim(in.name.value_or("")), in.description.value_or(""),
                        in.active.value_or(true), 1};
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(OrgExists(tx, org_id));
    FAROL_ASSIGN_OR_RETURN(n.id, tx.network_areas().Insert(n));
    return OkStatus();
  }));
  return n;
}

StatusOr<domain::NetworkArea> DirectoryService::UpdateNetworkArea(const Actor& a, int64_t id, NetworkAreaInput in,
                                                                  std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kOrganisationWrite));
  FieldErrors e;
  ValidateArea(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  return Modify<domain::NetworkArea>(
      store_, "network area", id, expected_version, [&](store::Tx& tx) { return tx.network_areas().Get(id); },
      [&](store::Tx&, domain::NetworkArea& n) -> Status {
        if (in.name) n.name = Trim(*in.name);
        if (in.description) n.description = *in.description;
        if (in.active) n.active = *in.active;
        return OkStatus();
      },
      [&](store::Tx& tx, const domain::NetworkArea& n, int64_t v) { return tx.network_areas().Update(n, v); });
}

// ---- contacts ---------------------------------------------------------------------------

StatusOr<std::vector<domain::Contact>> DirectoryService::ListContacts(const Actor& a, int64_t org_id,
                                                                      const store::ListOptions& o) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadAll<std::vector<domain::Contact>>(store_, [&](store::Tx& tx) { return tx.contacts().List(org_id, o); });
}

StatusOr<domain::Contact> DirectoryService::GetContact(const Actor& a, int64_t id) {
  if (a.IsContact()) {
    if (a.id != id) return NotFoundError("contact", id);
  } else {
    FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  }
  return ReadOne<domain::Contact>(store_, "contact", id, [&](store::Tx& tx) { return tx.contacts().Get(id); });
}

StatusOr<domain::Contact> DirectoryService::CreateContact(const Actor& a, ContactInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kContactWrite));
  FieldErrors e;
  if (!in.organisation_id) e.Add("organisation_id", "is required");
  if (!in.name) e.Add("name", "is required");
  if (!in.email) e.Add("email", "is required");
  ValidateContact(in, e);
  if (in.password && !in.portal_user.value_or(false)) e.Add("password", "only portal users have a password");
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  std::string hash;
  if (in.password) {
    FAROL_ASSIGN_OR_RETURN(hash, crypto::HashPassword(*in.password));
  }
  const Timestamp now = clock_.SystemNow();
  domain::Contact c;
  c.organisation_id = *in.organisation_id;
  c.name = Trim(*in.name);
  c.email = NormalizeEmail(*in.email);
  c.phone = Trim(in.phone.value_or(""));
  c.portal_user = in.portal_user.value_or(false);
  c.manager = in.manager.value_or(false);
  c.active = in.active.value_or(true);
  c.locale = in.locale.value_or("en");
  c.time_zone = in.time_zone.value_or("");
  c.created_at = now;
  c.updated_at = now;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(c.organisation_id));
    if (!org) return FieldInvalidError("organisation_id", "no such organisation");
    FAROL_ASSIGN_OR_RETURN(c.id, tx.contacts().Insert(c, hash));
    FAROL_ASSIGN_OR_RETURN(auto fresh, tx.contacts().Get(c.id));
    c = std::move(*fresh);
    return OkStatus();
  }));
  return c;
}

StatusOr<domain::Contact> DirectoryService::UpdateContact(const Actor& a, int64_t id, ContactInput in,
                                                          std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kContactWrite));
  FieldErrors e;
  ValidateContact(in, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  std::string hash;
  if (in.password) {
    FAROL_ASSIGN_OR_RETURN(hash, crypto::HashPassword(*in.password));
  }
  const Timestamp now = clock_.SystemNow();
  return ThenForget(Modify<domain::Contact>(
      store_, "contact", id, expected_version, [&](store::Tx& tx) { return tx.contacts().Get(id); },
      [&](store::Tx& tx, domain::Contact& c) -> Status {
        if (in.organisation_id && *in.organisation_id != c.organisation_id) {
          FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(*in.organisation_id));
          if (!org) return FieldInvalidError("organisation_id", "no such organisation");
          c.organisation_id = *in.organisation_id;
        }
        if (in.name) c.name = Trim(*in.name);
        if (in.email) c.email = NormalizeEmail(*in.email);
        if (in.phone) c.phone = Trim(*in.phone);
        if (in.portal_user) c.portal_user = *in.portal_user;
        if (in.manager) c.manager = *in.manager;
        if (in.active) c.active = *in.active;
        if (in.locale) c.locale = *in.locale;
        if (in.time_zone) c.time_zone = *in.time_zone;
        if (in.password && !c.portal_user) return FieldInvalidError("password", "only portal users have a password");
        c.updated_at = now;
        if (in.password) FAROL_RETURN_IF_ERROR(tx.contacts().SetPassword(id, hash, now));
        if ((in.active && !*in.active) || (in.portal_user && !*in.portal_user) || in.password ||
            (in.organisation_id && *in.organisation_id != c.organisation_id)) {
          FAROL_RETURN_IF_ERROR(tx.sessions().DeleteFor(domain::ActorKind::kContact, id));
        }
        return OkStatus();
      },
      [&](store::Tx& tx, const domain::Contact& c, int64_t v) {
        // SetPassword above bumped the version once already.
        return tx.contacts().Update(c, in.password ? v + 1 : v);
      }),
      [&] { auth_cache_.ForgetSubject(domain::ActorKind::kContact, id); });
}

// ---- categories, custom fields, priority matrix -------------------------------------------

StatusOr<std::vector<domain::Category>> DirectoryService::ListCategories(const Actor& a) {
  if (!a.IsContact()) FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadAll<std::vector<domain::Category>>(store_, [](store::Tx& tx) { return tx.categories().List(); });
}

namespace {
Status CheckParent(store::Tx& tx, int64_t parent_id, int64_t self_id) {
  if (parent_id == 0) return OkStatus();
  if (parent_id == self_id) return FieldInvalidError("parent_id", "a category cannot be its own parent");
  FAROL_ASSIGN_OR_RETURN(auto p, tx.categories().Get(parent_id));
  if (!p) return FieldInvalidError("parent_id", "no such category");
  if (p->parent_id != 0) return FieldInvalidError("parent_id", "categories have two levels: the parent must be top-level");
  return OkStatus();
}
}  // namespace

StatusOr<domain::Category> DirectoryService::CreateCategory(const Actor& a, CategoryInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kCatalogWrite));
  FieldErrors e;
  if (!in.name) e.Add("name", "is required");
  if (in.name) domain::ValidateName("name", *in.name, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  domain::Category c{0, in.parent_id.value_or(0), Trim(*in.name), in.active.value_or(true), 1};
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(CheckParent(tx, c.parent_id, 0));
    FAROL_ASSIGN_OR_RETURN(c.id, tx.categories().Insert(c));
    return OkStatus();
  }));
  return c;
}

StatusOr<domain::Category> DirectoryService::UpdateCategory(const Actor& a, int64_t id, CategoryInput in,
                                                            std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kCatalogWrite));
  FieldErrors e;
  if (in.name) domain::ValidateName("name", *in.name, e);
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  return Modify<domain::Category>(
      store_, "category", id, expected_version, [&](store::Tx& tx) { return tx.categories().Get(id); },
      [&](store::Tx& tx, domain::Category& c) -> Status {
        if (in.parent_id) {
          FAROL_RETURN_IF_ERROR(CheckParent(tx, *in.parent_id, id));
          c.parent_id = *in.parent_id;
        }
        if (in.name) c.name = Trim(*in.name);
        if (in.active) c.active = *in.active;
        return OkStatus();
      },
      [&](store::Tx& tx, const domain::Category& c, int64_t v) { return tx.categories().Update(c, v); });
}

StatusOr<std::vector<domain::CustomFieldDef>> DirectoryService::ListCustomFields(
    const Actor& a, std::optional<domain::TicketType> type) {
  if (!a.IsContact()) FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  return ReadAll<std::vector<domain::CustomFieldDef>>(store_, [&](store::Tx& tx) { return tx.custom_fields().List(type); });
}

StatusOr<domain::CustomFieldDef> DirectoryService::CreateCustomField(const Actor& a, CustomFieldInput in) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kCatalogWrite));
  FieldErrors e;
  if (!in.ticket_type) e.Add("ticket_type", "is required");
  if (!in.key) e.Add("key", "is required");
  if (!in.type) e.Add("type", "is required");
  if (!in.label) e.Add("label", "is required");
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  domain::CustomFieldDef d;
  d.ticket_type = *in.ticket_type;
  d.key = *in.key;
  d.label = Trim(*in.label);
  d.type = *in.type;
  d.options = in.options.value_or(std::vector<std::string>{});
  d.required = in.required.value_or(false);
  d.active = in.active.value_or(true);
  d.position = in.position.value_or(0);
  FAROL_RETURN_IF_ERROR(domain::ValidateDefinition(d));
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(d.id, tx.custom_fields().Insert(d));
    d.version = 1;
    return OkStatus();
  }));
  return d;
}

StatusOr<domain::CustomFieldDef> DirectoryService::UpdateCustomField(const Actor& a, int64_t id,
                                                                     CustomFieldInput in,
                                                                     std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kCatalogWrite));
  FieldErrors e;
  if (in.ticket_type) e.Add("ticket_type", "cannot change; create a new field instead");
  if (in.key) e.Add("key", "cannot change; create a new field instead");
  if (in.type) e.Add("type", "cannot change; create a new field instead");
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  return Modify<domain::CustomFieldDef>(
      store_, "custom field", id, expected_version, [&](store::Tx& tx) { return tx.custom_fields().Get(id); },
      [&](store::Tx&, domain::CustomFieldDef& d) -> Status {
        if (in.label) d.label = Trim(*in.label);
        if (in.options) d.options = *in.options;
        if (in.required) d.required = *in.required;
        if (in.active) d.active = *in.active;
        if (in.position) d.position = *in.position;
        return domain::ValidateDefinition(d);
      },
      [&](store::Tx& tx, const domain::CustomFieldDef& d, int64_t v) { return tx.custom_fields().Update(d, v); });
}

// ---- saved queues -----------------------------------------------------------------------

namespace {
Status StaffOnly(const Actor& a) {
  if (!a.IsStaff()) return PermissionDeniedError("Only staff users have saved queues.");
  return OkStatus();
}
}  // namespace

StatusOr<std::vector<store::SavedFilter>> DirectoryService::ListSavedFilters(const Actor& a) {
  FAROL_RETURN_IF_ERROR(StaffOnly(a));
  return ReadAll<std::vector<store::SavedFilter>>(store_, [&](store::Tx& tx) { return tx.saved_filters().ListFor(a.id); });
}

StatusOr<store::SavedFilter> DirectoryService::CreateSavedFilter(const Actor& a, std::string name, std::string query) {
  FAROL_RETURN_IF_ERROR(StaffOnly(a));
  FieldErrors e;
  domain::ValidateName("name", name, e);
  if (query.size() > 2000 || !IsValidUtf8(query) || HasControlChars(query) || query.find_first_of(" \r\n") != query.npos) {
    e.Add("query", "must be a ticket list query string of at most 2000 characters, e.g. status=open&team_id=3");
  }
  FAROL_RETURN_IF_ERROR(e.ToStatus());
  store::SavedFilter f{0, a.id, Trim(name), std::move(query), clock_.SystemNow()};
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(f.id, tx.saved_filters().Insert(f));
    return OkStatus();
  }));
  return f;
}

Status DirectoryService::DeleteSavedFilter(const Actor& a, int64_t id) {
  FAROL_RETURN_IF_ERROR(StaffOnly(a));
  return store_.Write([&](store::Tx& tx) { return tx.saved_filters().Delete(id, a.id); });
}

StatusOr<domain::PriorityMatrix> DirectoryService::GetPriorityMatrix(const Actor& a) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kDirectoryRead));
  domain::PriorityMatrix m;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto text, tx.settings().Get("priority_matrix"));
    if (text) {
      FAROL_ASSIGN_OR_RETURN(m, domain::PriorityMatrix::Parse(*text));
    }
    return OkStatus();
  }));
  return m;
}

Status DirectoryService::SetPriorityMatrix(const Actor& a, const domain::PriorityMatrix& m) {
  FAROL_RETURN_IF_ERROR(domain::Require(a, Permission::kCatalogWrite));
  FAROL_RETURN_IF_ERROR(m.Validate());
  return store_.Write([&](store::Tx& tx) { return tx.settings().Put("priority_matrix", m.Serialize()); });
}

}  // namespace farol::app
