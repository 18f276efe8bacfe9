// Use cases for the directory and the catalogue: staff users, teams, customer organisations
// with their sites, network areas and contacts, ticket categories, custom fields and the
// priority matrix. Each input struct serves both create (where required members must be set)
// and update (where unset members stay as they are).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/auth_cache.h"
#include "core/clock.h"
#include "domain/access.h"
#include "domain/custom_field.h"
#include "domain/directory.h"
#include "domain/priority.h"
#include "store/store.h"

namespace farol::app {

struct UserInput {
  std::optional<std::string> email, name, locale, time_zone, password;
  std::optional<domain::Role> role;
  std::optional<int> tier;
  std::optional<bool> active;
  std::optional<std::vector<int64_t>> team_ids;
};

struct TeamInput {
  std::optional<std::string> name, description;
  std::optional<int64_t> manager_id;
  std::optional<std::vector<int64_t>> member_ids;
};

struct OrganisationInput {
  std::optional<std::string> name, time_zone;
  std::optional<int> employee_count;
  std::optional<int64_t> csm_id;
  std::optional<std::vector<std::string>> email_domains;
  std::optional<bool> active;
};

struct SiteInput {
  std::optional<std::string> name, address, city, country;
  std::optional<bool> active;
};

struct NetworkAreaInput {
  std::optional<std::string> name, description;
  std::optional<bool> active;
};

struct ContactInput {
  std::optional<int64_t> organisation_id;
  std::optional<std::string> name, email, phone, locale, time_zone, password;
  std::optional<bool> portal_user, manager, active;
};

struct CategoryInput {
  std::optional<int64_t> parent_id;
  std::optional<std::string> name;
  std::optional<bool> active;
};

struct CustomFieldInput {
  std::optional<domain::TicketType> ticket_type;  // create only
  std::optional<std::string> key;                 // create only
  std::optional<domain::CustomFieldType> type;    // create only
  std::optional<std::string> label;
  std::optional<std::vector<std::string>> options;
  std::optional<bool> required, active;
  std::optional<int> position;
};

class DirectoryService {
 public:
  // `auth_cache` is told about every change to who may do what (roles, teams, deactivation,
  // passwords, portal access) so that cached credentials never outlive them here.
  DirectoryService(store::Store& store, Clock& clock, AuthCache& auth_cache);

  StatusOr<std::vector<domain::User>> ListUsers(const domain::Actor& a, const store::ListOptions& o,
                                                std::optional<domain::Role> role);
  StatusOr<domain::User> GetUser(const domain::Actor& a, int64_t id);
  // Returns the user and, when no password was given, the generated one (to hand over once).
  StatusOr<std::pair<domain::User, std::optional<std::string>>> CreateUser(const domain::Actor& a,
                                                                           UserInput in);
  StatusOr<domain::User> UpdateUser(const domain::Actor& a, int64_t id, UserInput in,
                                    std::optional<int64_t> expected_version);
  // Sets a new password (generated if `password` is empty; returned) and signs the user out.
  StatusOr<std::string> ResetUserPassword(const domain::Actor& a, int64_t id, std::string password,
                                          bool must_change);

  StatusOr<std::vector<domain::Team>> ListTeams(const domain::Actor& a);
  StatusOr<domain::Team> GetTeam(const domain::Actor& a, int64_t id);
  StatusOr<domain::Team> CreateTeam(const domain::Actor& a, TeamInput in);
  StatusOr<domain::Team> UpdateTeam(const domain::Actor& a, int64_t id, TeamInput in,
                                    std::optional<int64_t> expected_version);
  Status DeleteTeam(const domain::Actor& a, int64_t id);
  StatusOr<domain::Team> SetMembership(const domain::Actor& a, int64_t team_id, int64_t user_id, bool member);

  StatusOr<std::vector<domain::Organisation>> ListOrganisations(const domain::Actor& a,
                                                                const store::ListOptions& o);
  StatusOr<domain::Organisation> GetOrganisation(const domain::Actor& a, int64_t id);
  StatusOr<domain::Organisation> CreateOrganisation(const domain::Actor& a, OrganisationInput in);
  StatusOr<domain::Organisation> UpdateOrganisation(const domain::Actor& a, int64_t id, OrganisationInput in,
                                                    std::optional<int64_t> expected_version);

  StatusOr<std::vector<domain::Site>> ListSites(const domain::Actor& a, int64_t org_id);
  StatusOr<domain::Site> GetSite(const domain::Actor& a, int64_t id);
  StatusOr<domain::Site> CreateSite(const domain::Actor& a, int64_t org_id, SiteInput in);
  StatusOr<domain::Site> UpdateSite(const domain::Actor& a, int64_t id, SiteInput in,
                                    std::optional<int64_t> expected_version);

  StatusOr<std::vector<domain::NetworkArea>> ListNetworkAreas(const domain::Actor& a, int64_t org_id);
  StatusOr<domain::NetworkArea> GetNetworkArea(const domain::Actor& a, int64_t id);
  StatusOr<domain::NetworkArea> CreateNetworkArea(const domain::Actor& a, int64_t org_id, NetworkAreaInput in);
  StatusOr<domain::NetworkArea> UpdateNetworkArea(const domain::Actor& a, int64_t id, NetworkAreaInput in,
                                                  std::optional<int64_t> expected_version);

  // `org_id` 0: every organisation's contacts.
  StatusOr<std::vector<domain::Contact>> ListContacts(const domain::Actor& a, int64_t org_id,
                                                      const store::ListOptions& o);
  StatusOr<domain::Contact> GetContact(const domain::Actor& a, int64_t id);
  StatusOr<domain::Contact> CreateContact(const domain::Actor& a, ContactInput in);
  StatusOr<domain::Contact> UpdateContact(const domain::Actor& a, int64_t id, ContactInput in,
                                          std::optional<int64_t> expected_version);

  StatusOr<std::vector<domain::Category>> ListCategories(const domain::Actor& a);
  StatusOr<domain::Category> CreateCategory(const domain::Actor& a, CategoryInput in);
  StatusOr<domain::Category> UpdateCategory(const domain::Actor& a, int64_t id, CategoryInput in,
                                            std::optional<int64_t> expected_version);

  StatusOr<std::vector<domain::CustomFieldDef>> ListCustomFields(const domain::Actor& a,
                                                                 std::optional<domain::TicketType> type);
  StatusOr<domain::CustomFieldDef> CreateCustomField(const domain::Actor& a, CustomFieldInput in);
  StatusOr<domain::CustomFieldDef> UpdateCustomField(const domain::Actor& a, int64_t id, CustomFieldInput in,
                                                     std::optional<int64_t> expected_version);

  // A staff user's own saved queues.
  StatusOr<std::vector<store::SavedFilter>> ListSavedFilters(const domain::Actor& a);
  StatusOr<store::SavedFilter> CreateSavedFilter(const domain::Actor& a, std::string name, std::string query);
  Status DeleteSavedFilter(const domain::Actor& a, int64_t id);

  StatusOr<domain::PriorityMatrix> GetPriorityMatrix(const domain::Actor& a);
  Status SetPriorityMatrix(const domain::Actor& a, const domain::PriorityMatrix& m);

 private:
  store::Store& store_;
  Clock& clock_;
  AuthCache& auth_cache_;
};

}  // namespace farol::app
