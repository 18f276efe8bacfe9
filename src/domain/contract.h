// A customer's contract: its dates, its monthly value, the SLA policy and business calendar its
// tickets are measured by, and the compliance it promises per ticket type ("95% of incidents
// resolved within target") — the "contracted" side of the SLA thermometer (docs/CONTRACTS.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/enums.h"
#include "domain/sla_report.h"

namespace farol::domain {

// "95% of incidents have their resolution clock met".
struct ComplianceTarget {
  TicketType type = TicketType::kIncident;
  std::string clock = "resolution";  // or "first_response"
  int basis_points = 9500;           // hundredths of a percent, 1..10000
  bool operator==(const ComplianceTarget&) const = default;
};

struct Contract {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string name;
  CivilDate starts_on;
  std::optional<CivilDate> ends_on;     // inclusive; none: open-ended
  std::optional<CivilDate> renewal_on;  // when it is up for renewal (for the customer-success manager)
  // The period as instants: local midnight at the start of starts_on and after ends_on, in the
  // organisation's time zone when the contract was saved.
  Timestamp starts_at;
  std::optional<Timestamp> ends_at;
  int64_t monthly_value_minor = 0;  // in the currency's minor unit (cents)
  std::string currency = "BRL";     // ISO 4217
  int64_t policy_id = 0;            // the SLA policy
  int64_t calendar_id = 0;          // 0: the policy's own calendar
  std::vector<ComplianceTarget> compliance;
  std::string notes;
  Timestamp created_at;
  Timestamp updated_at;
  int64_t version = 0;

  bool InForce(Timestamp t) const { return t >= starts_at && (!ends_at || t < *ends_at); }
  // Every problem by field (references to policies and calendars are checked by the caller).
  void Validate(FieldErrors& errors) const;
};

// Whether `code` is an active ISO 4217 currency code ("BRL", "USD", "EUR", …).
bool IsCurrencyCode(std::string_view code);
// Digits after the decimal point in `code`'s minor unit (JPY 0, BRL 2, KWD 3).
int CurrencyDecimals(std::string_view code);

// Local midnight at the start of `d` in `time_zone` (the first instant after it when a
// daylight-saving change skips midnight; UTC midnight for an unknown zone).
StatusOr<Timestamp> LocalMidnight(const CivilDate& d, std::string_view time_zone);
// The date it is at `t` in `time_zone` (in UTC for an unknown zone).
CivilDate LocalDate(Timestamp t, std::string_view time_zone);
// Fills starts_at / ends_at from the dates, read in `time_zone`.
Status SetContractPeriod(Contract& c, std::string_view time_zone);
// Whether two contracts' periods share an instant.
bool Overlap(const Contract& a, const Contract& b);
// "2026-11-20".
std::string FormatCivilDate(const CivilDate& d);

// The SLA thermometer of one contract for a period: per compliance target, what was promised and
// what was delivered (the share of decided clocks that were met), from the clocks of the tickets
// measured under the contract.
struct ComplianceResult {
  ComplianceTarget target;
  ClockStats delivered;        // of that type's tickets, for that clock
  bool has_data = false;       // at least one decided clock
  bool met = false;            // delivered met % >= promised (only with data)
};
struct ContractSample {
  TicketType type = TicketType::kIncident;
  SlaReading reading;
};
std::vector<ComplianceResult> ContractCompliance(const std::vector<ComplianceTarget>& targets,
                                                 const std::vector<ContractSample>& samples);

}  // namespace farol::domain
