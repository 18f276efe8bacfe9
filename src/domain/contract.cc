#include "domain/contract.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/strings.h"
#include "domain/directory.h"

namespace farol::domain {
namespace {

// ISO 4217 active codes (2024 list), with their minor-unit digits where they are not 2.
constexpr std::string_view kCurrencies[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XOF", "YER", "ZAR", "ZMW", "ZWL"};
constexpr std::string_view kNoDecimals[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
                                                          "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF"};
constexpr std::string_view kThreeDecimals[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

bool ValidDate(const CivilDate& d) {
  return date::year_month_day(date::year(d.year), date::month(d.month), date::day(d.day)).ok() && d.year >= 1970 &&
         d.year < 2400;
}

}  // namespace

StatusOr<Timestamp> LocalMidnight(const CivilDate& d, std::string_view zone) {
  try {
    const date::local_days day{date::year(d.year) / date::month(d.month) / date::day(d.day)};
    // A midnight skipped by a daylight-saving change falls at the first instant after it.
    const auto z = date::make_zoned(std::string(zone), day, date::choose::earliest);
    return Timestamp(std::chrono::duration_cast<std::chrono::seconds>(z.get_sys_time().time_since_epoch()));
  } catch (const std::exception&) {
    const auto utc = date::sys_days(date::year(d.year) / date::month(d.month) / date::day(d.day));
    return Timestamp(std::chrono::duration_cast<std::chrono::seconds>(utc.time_since_epoch()));
  }
}

CivilDate LocalDate(Timestamp t, std::string_view zone) {
  date::year_month_day ymd;
  try {
    ymd = date::year_month_day(date::floor<date::days>(date::make_zoned(std::string(zone), t).get_local_time()));
  } catch (const std::exception&) {
    ymd = date::year_month_day(date::floor<date::days>(t));
  }
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

bool IsCurrencyCode(std::string_view code) {
  return std::find(std::begin(kCurrencies), std::end(kCurrencies), code) != std::end(kCurrencies);
}

int CurrencyDecimals(std::string_view code) {
  if (std::find(std::begin(kNoDecimals), std::end(kNoDecimals), code) != std::end(kNoDecimals)) return 0;
  if (std::find(std::begin(kThreeDecimals), std::end(kThreeDecimals), code) != std::end(kThreeDecimals)) return 3;
  return 2;
}

std::string FormatCivilDate(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year % 10000, d.month % 100, d.day % 100);
  return buf;
}

void Contract::Validate(FieldErrors& errors) const {
  ValidateName("name", name, errors);
  if (organisation_id <= 0) errors.Add("organisation_id", "is required");
  if (!ValidDate(starts_on)) errors.Add("starts_on", "must be a date like 2026-01-01");
  if (ends_on && !ValidDate(*ends_on)) errors.Add("ends_on", "must be a date like 2026-12-31");
  if (ends_on && ValidDate(*ends_on) && ValidDate(starts_on) && *ends_on < starts_on) {
    errors.Add("ends_on", "must not be before starts_on");
  }
  if (renewal_on && !ValidDate(*renewal_on)) errors.Add("renewal_on", "must be a date like 2026-11-01");
  if (monthly_value_minor < 0 || monthly_value_minor > 1'000'000'000'000'000LL) {
    errors.Add("monthly_value_minor", "must be from 0 to 10^18, in the currency's minor unit (cents)");
  }
  if (!IsCurrencyCode(currency)) errors.Add("currency", "must be an ISO 4217 code such as BRL, USD or EUR");
  if (policy_id <= 0) errors.Add("policy_id", "is required: the SLA policy its tickets are measured by");
  if (calendar_id < 0) errors.Add("calendar_id", "must name a calendar, or be null for the policy's own");
  for (size_t i = 0; i < compliance.size(); ++i) {
    const std::string p = "compliance_targets[" + std::to_string(i) + "]";
    const ComplianceTarget& t = compliance[i];
    if (t.clock != "resolution" && t.clock != "first_response") errors.Add(p + ".clock", "must be resolution or first_response");
    if (t.basis_points < 1 || t.basis_points > 10000) errors.Add(p + ".percent", "must be above 0 and at most 100, with up to two decimals");
    for (size_t j = 0; j < i; ++j) {
      if (compliance[j].type == t.type && compliance[j].clock == t.clock) {
        errors.Add(p, "repeats a ticket type and clock listed before");
        break;
      }
    }
  }
  if (!IsValidUtf8(notes) || notes.size() > 10'000) errors.Add("notes", "must be at most 10000 bytes of text");
}

Status SetContractPeriod(Contract& c, std::string_view time_zone) {
  FAROL_ASSIGN_OR_RETURN(c.starts_at, LocalMidnight(c.starts_on, time_zone));
  c.ends_at.reset();
  if (c.ends_on) {
    const date::sys_days next = date::sys_days(date::year(c.ends_on->year) / date::month(c.ends_on->month) /
                                               date::day(c.ends_on->day)) + date::days(1);
    const date::year_month_day ymd{next};
    CivilDate after{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
    FAROL_ASSIGN_OR_RETURN(Timestamp end, LocalMidnight(after, time_zone));
    c.ends_at = end;
  }
  return OkStatus();
}

bool Overlap(const Contract& a, const Contract& b) {
  const bool a_before_b = a.ends_at && *a.ends_at <= b.starts_at;
  const bool b_before_a = b.ends_at && *b.ends_at <= a.starts_at;
  return !a_before_b && !b_before_a;
}

std::vector<ComplianceResult> ContractCompliance(const std::vector<ComplianceTarget>& targets,
                                                 const std::vector<ContractSample>& samples) {
  std::vector<ComplianceResult> out;
  for (const ComplianceTarget& t : targets) {
    std::vector<const ClockReading*> clocks;
    for (const ContractSample& s : samples) {
      if (s.type != t.type) continue;
      clocks.push_back(t.clock == "first_response" ? &s.reading.first_response : &s.reading.resolution);
    }
    ComplianceResult r;
    r.target = t;
    r.delivered = SummariseClocks(clocks);
    const int64_t decided = r.delivered.met + r.delivered.breached;
    r.has_data = decided > 0;
    // met / decided >= basis_points / 10000, in integers: no rounding decides a promise.
    r.met = r.has_data && r.delivered.met * 10000 >= int64_t(t.basis_points) * decided;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace farol::domain
