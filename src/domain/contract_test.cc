// Contracts: their rules, their period in the organisation's zone, and the SLA thermometer
// (promised vs delivered compliance) worked by hand.
#include "domain/contract.h"

#include <gtest/gtest.h>

namespace farol::domain::contract_test {
namespace {

Timestamp T(const char* iso) { return *ParseIso8601(iso); }

Contract Sample() {
  Contract c;
  c.organisation_id = 3;
  c.name = "Managed NOC 2026";
  c.starts_on = {2026, 1, 1};
  c.ends_on = CivilDate{2026, 12, 31};
  c.monthly_value_minor = 1'250'000;  // R$ 12.500,00
  c.currency = "BRL";
  c.policy_id = 2;
  c.compliance = {{TicketType::kIncident, "resolution", 9500}, {TicketType::kServiceRequest, "resolution", 9000}};
  return c;
}

std::vector<std::string> Fields(const FieldErrors& e) {
  const Status s = e.ToStatus();
  std::vector<std::string> out;
  for (const FieldError& f : s.field_errors()) out.push_back(f.field);
  return out;
}

TEST(Contract, ValidatesDatesMoneyAndPromises) {
  FieldErrors ok;
  Sample().Validate(ok);
  EXPECT_TRUE(ok.empty());
  Contract c = Sample();
  c.ends_on = CivilDate{2025, 12, 31};
  c.currency = "BRX";
  c.monthly_value_minor = -1;
  c.compliance.push_back({TicketType::kIncident, "resolution", 9000});  // a repeat
  c.compliance.push_back({TicketType::kChange, "resolution", 10001});
  FieldErrors bad;
  c.Validate(bad);
  EXPECT_EQ(Fields(bad), (std::vector<std::string>{"ends_on", "monthly_value_minor", "currency", "compliance_targets[2]",
                                                   "compliance_targets[3].percent"}));
  EXPECT_TRUE(IsCurrencyCode("USD"));
  EXPECT_FALSE(IsCurrencyCode("usd"));
  EXPECT_FALSE(IsCurrencyCode(""));
  EXPECT_EQ(CurrencyDecimals("BRL"), 2);
  EXPECT_EQ(CurrencyDecimals("JPY"), 0);
  EXPECT_EQ(CurrencyDecimals("KWD"), 3);
}

TEST(Contract, ItsPeriodIsReadInTheOrganisationsZone) {
  Contract c = Sample();
  ASSERT_TRUE(SetContractPeriod(c, "America/Sao_Paulo").ok());
  EXPECT_EQ(c.starts_at, T("2026-01-01T03:00:00Z"));
  EXPECT_EQ(c.ends_at, T("2027-01-01T03:00:00Z"));  // the whole of 31 December counts
  EXPECT_FALSE(c.InForce(T("2026-01-01T02:59:59Z")));
  EXPECT_TRUE(c.InForce(T("2026-01-01T03:00:00Z")));
  EXPECT_TRUE(c.InForce(T("2027-01-01T02:59:59Z")));
  EXPECT_FALSE(c.InForce(T("2027-01-01T03:00:00Z")));
  Contract next = Sample();
  next.starts_on = {2027, 1, 1};
  next.ends_on.reset();  // open-ended
  ASSERT_TRUE(SetContractPeriod(next, "America/Sao_Paulo").ok());
  EXPECT_FALSE(Overlap(c, next));
  next.starts_on = {2026, 12, 31};
  ASSERT_TRUE(SetContractPeriod(next, "America/Sao_Paulo").ok());
  EXPECT_TRUE(Overlap(c, next));
  EXPECT_TRUE(Overlap(next, c));
}

TEST(Contract, TheThermometerComparesPromisedWithDelivered) {
  auto reading = [](bool stopped, long long elapsed, long long target) {
    SlaReading r;
    r.resolution.target_seconds = target;
    r.resolution.elapsed_seconds = elapsed;
    if (stopped) r.resolution.stopped_at = T("2026-03-01T00:00:00Z");
    return r;
  };
  std::vector<ContractSample> samples;
  // Incidents: 19 met, 1 breached, 1 still running (undecided) -> 19 / 20 = 95%: exactly the promise.
  for (int i = 0; i < 19; ++i) samples.push_back({TicketType::kIncident, reading(true, 3000, 3600)});
  samples.push_back({TicketType::kIncident, reading(true, 4000, 3600)});
  samples.push_back({TicketType::kIncident, reading(false, 100, 3600)});
  // Service requests: 8 met, 2 breached -> 80% against 90%.
  for (int i = 0; i < 8; ++i) samples.push_back({TicketType::kServiceRequest, reading(true, 10, 60)});
  for (int i = 0; i < 2; ++i) samples.push_back({TicketType::kServiceRequest, reading(true, 61, 60)});
  std::vector<ComplianceTarget> targets = Sample().compliance;
  targets.push_back({TicketType::kChange, "resolution", 9900});  // no changes this period
  const auto r = ContractCompliance(targets, samples);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].delivered.met, 19);
  EXPECT_EQ(r[0].delivered.breached, 1);
  EXPECT_EQ(r[0].delivered.pending, 1);
  EXPECT_DOUBLE_EQ(*r[0].delivered.met_percent, 95.0);
  EXPECT_TRUE(r[0].met);
  EXPECT_DOUBLE_EQ(*r[1].delivered.met_percent, 80.0);
  EXPECT_FALSE(r[1].met);
  EXPECT_FALSE(r[2].has_data);
  EXPECT_FALSE(r[2].met);
}

}  // namespace
}  // namespace farol::domain::contract_test
