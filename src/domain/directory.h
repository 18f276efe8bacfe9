// People and places: staff users, teams, customer organisations with their sites, network areas
// and contacts, and the ticket categories. Plain values plus their validation rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/enums.h"

namespace farol::domain {

struct User {
  int64_t id = 0;
  std::string email;  // normalised (lower case), unique among staff
  std::string name;
  Role role = Role::kAgent;
  int tier = 1;  // N1..N3
  bool active = true;
  std::string locale = "en";      // "en" or "pt-BR"
  std::string time_zone = "UTC";  // IANA name
  bool must_change_password = false;
  std::vector<int64_t> team_ids;
  Timestamp created_at;
  Timestamp updated_at;
  int64_t version = 0;
};

struct Team {
  int64_t id = 0;
  std::string name;  // unique
  std::string description;
  int64_t manager_id = 0;  // staff user; 0 = none
  std::vector<int64_t> member_ids;
  Timestamp created_at;
  Timestamp updated_at;
  int64_t version = 0;
};

struct Organisation {
  int64_t id = 0;
  std::string name;  // unique
  int employee_count = 0;
  Segment segment = Segment::kSmb;  // derived from employee_count
  std::string time_zone = "UTC";
  int64_t csm_id = 0;  // the owning customer-success manager; 0 = none
  std::vector<std::string> email_domains;  // for matching incoming mail to the organisation
  bool active = true;
  Timestamp created_at;
  Timestamp updated_at;
  int64_t version = 0;
};

struct Site {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string name;
  std::string address;
  std::string city;
  std::string country;  // ISO 3166-1 alpha-2, e.g. "BR"
  bool active = true;
  int64_t version = 0;
};

struct NetworkArea {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string name;
  std::string description;
  bool active = true;
  int64_t version = 0;
};

struct Contact {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string name;
  std::string email;  // normalised; unique among contacts
  std::string phone;
  bool portal_user = false;  // may sign in to the portal (needs a password)
  bool manager = false;      // the organisation's manager contact: sees all its tickets
  bool active = true;
  std::string locale = "en";
  std::string time_zone;  // empty: the organisation's
  bool has_password = false;
  Timestamp created_at;
  Timestamp updated_at;
  int64_t version = 0;
};

struct Category {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0 = top-level category; otherwise a subcategory of parent_id
  std::string name;
  bool active = true;
  int64_t version = 0;
};

// Segment thresholds by number of employees: SMB below 100, mid-market below 1000, enterprise
// from 1000. The common B2B split; documented in docs/DOMAIN.md.
Segment SegmentFor(int employee_count);

inline constexpr std::string_view kLocales[] = {"en", "pt-BR"};
bool IsSupportedLocale(std::string_view locale);
// True if `zone` names an IANA time zone in the tz database on this machine.
bool IsKnownTimeZone(std::string_view zone);

// Adds field errors for a human name: 1..200 characters, one line.
void ValidateName(std::string_view field, std::string_view name, FieldErrors& errors);
// Adds field errors for optional single-line text of at most `max` bytes.
void ValidateLine(std::string_view field, std::string_view text, size_t max, FieldErrors& errors);
// A password people choose: 10..200 bytes. (Length beats composition rules: NIST SP 800-63B.)
void ValidateNewPassword(std::string_view field, std::string_view password, FieldErrors& errors);

}  // namespace farol::domain
