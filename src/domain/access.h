// Who may do what. Decided here, once, as pure rules; the app layer asks before every use case
// (shared/DESIGN.md: "Authorisation is decided here, once, not in handlers").
//
// Two kinds of refusal:
// - a staff role lacking a permission gets kPermissionDenied, whatever the object (it reveals
//   nothing about whether the object exists);
// - an object outside the caller's reach (a contact asking for another organisation's ticket)
//   is reported exactly like a missing one: kNotFound.
// docs/ACCESS.md has the full matrix.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/directory.h"
#include "domain/enums.h"
#include "domain/ticket.h"

namespace farol::domain {

enum class Permission {
  kTicketRead,        // see any ticket and its internal notes
  kTicketCreate,      // open tickets for any organisation
  kTicketUpdate,      // change fields, status, assignment, tier; escalate, merge, link, attach
  kTicketReply,       // public replies to customers
  kTicketNote,        // internal notes
  kDirectoryRead,     // list users, teams, organisations, contacts, sites, areas
  kOrganisationWrite, // organisations, sites, network areas
  kContactWrite,      // customer contacts and their portal access
  kTeamWrite,         // teams and their members
  kUserWrite,         // staff accounts and roles
  kCatalogWrite,      // categories, custom fields, the priority matrix, calendars, SLA policies
  kContractRead,      // customers' contracts: dates, monthly value, promised compliance
  kContractWrite,     // create and change contracts
  kSurveyRead,        // survey results, answers and their comments
  kSurveyWrite,       // design surveys and their sending
  kProblemRaise,      // raise a ticket as a customer error (docs/GUARDIAN.md)
  kProblemRead,       // read the guardian's problem records, their ranking and settings
  kProblemWrite,      // record, change and move problem records; set the GUT rule
  kCount
};
std::string_view Name(Permission p);

// The signed-in party a use case acts for.
struct Actor {
  ActorKind kind = ActorKind::kSystem;  // kSystem: farol itself (CLI, demo, jobs): all rights
  int64_t id = 0;
  std::string name;
  std::string email;
  std::string locale = "en";
  std::string time_zone = "UTC";  // IANA zone to show times in (a contact's, else its organisation's)
  // Staff only.
  Role role = Role::kAgent;
  int tier = 1;
  std::vector<int64_t> team_ids;
  // Contacts only.
  int64_t organisation_id = 0;
  bool manager_contact = false;

  ActorRef Ref() const { return {kind, id}; }
  bool IsStaff() const { return kind == ActorKind::kStaff; }
  bool IsContact() const { return kind == ActorKind::kContact; }
  bool IsSystem() const { return kind == ActorKind::kSystem; }

  static Actor System() { return Actor{}; }
};

// A contact acting as itself; `org_time_zone` is used when the contact has no zone of its own.
Actor ContactActor(const Contact& c, std::string_view org_time_zone);

bool RoleHas(Role role, Permission p);
// Staff: by role. System: always. Contacts: never (their rights are per object, below).
bool Has(const Actor& a, Permission p);
// kPermissionDenied with a plain message unless `a` has `p`.
Status Require(const Actor& a, Permission p);

// Whether `a` may see ticket `t` at all: staff with kTicketRead; a contact if it is the requester,
// or if it is the manager contact of the ticket's organisation.
bool CanSeeTicket(const Actor& a, const Ticket& t);
// Whether a contact may see organisation `org_id` (its own).
bool CanSeeOrganisation(const Actor& a, int64_t org_id);

}  // namespace farol::domain
