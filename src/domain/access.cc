#include "domain/access.h"

#include <array>

namespace farol::domain {
namespace {

using P = Permission;
constexpr int kRoleCount = 6;
constexpr int kPermCount = static_cast<int>(P::kCount);

// rows: agent, manager, csm, guardian, director, admin
// cols: read create update reply note dirread orgw contw teamw userw catw contr contw survr survw
//       probraise probr probw
constexpr std::array<std::array<bool, kPermCount>, kRoleCount> kMatrix = {{
    {1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},  // agent
    {1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1},  // manager
    {1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0},  // csm
    {1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1},  // guardian
    {1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0},  // director
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},  // admin
}};

constexpr std::array<std::string_view, kPermCount> kPermissionNames = {
    "ticket.read",  "ticket.create",      "ticket.update",  "ticket.reply",
    "ticket.note",  "directory.read",     "organisation.write", "contact.write",
    "team.write",   "user.write",         "catalog.write",  "contract.read",
    "contract.write", "survey.read",      "survey.write",   "problem.raise",
    "problem.read",   "problem.write"};

}  // namespace

std::string_view Name(Permission p) { return kPermissionNames[static_cast<int>(p)]; }

Actor ContactActor(const Contact& c, std::string_view org_time_zone) {
  Actor a;
  a.kind = ActorKind::kContact;
  a.id = c.id;
  a.name = c.name;
  a.email = c.email;
  a.locale = c.locale;
  a.time_zone = c.time_zone.empty() ? std::string(org_time_zone) : c.time_zone;
  a.organisation_id = c.organisation_id;
  a.manager_contact = c.manager;
  return a;
}

bool RoleHas(Role role, Permission p) {
  return kMatrix[static_cast<int>(role)][static_cast<int>(p)];
}

bool Has(const Actor& a, Permission p) {
  switch (a.kind) {
    case ActorKind::kSystem: return true;
    case ActorKind::kStaff: return RoleHas(a.role, p);
    case ActorKind::kContact: return false;
  }
  return false;
}

Status Require(const Actor& a, Permission p) {
  if (Has(a, p)) return OkStatus();
  if (a.IsContact()) return PermissionDeniedError("Customer accounts cannot do this.");
  return PermissionDeniedError("Your role (" + std::string(Name(a.role)) +
                               ") does not allow this (" + std::string(Name(p)) + ").");
}

bool CanSeeTicket(const Actor& a, const Ticket& t) {
  if (!a.IsContact()) return Has(a, Permission::kTicketRead);
  if (t.organisation_id != a.organisation_id) return false;
  return a.manager_contact || t.requester_id == a.id;
}

bool CanSeeOrganisation(const Actor& a, int64_t org_id) {
  if (!a.IsContact()) return Has(a, Permission::kDirectoryRead);
  return a.organisation_id == org_id;
}

}  // namespace farol::domain
