// SLA compliance figures, worked by hand.
#include "domain/sla_report.h"

#include <gtest/gtest.h>

namespace farol::domain {
namespace {

ClockReading Stopped(long long elapsed, long long target) {
  ClockReading c;
  c.elapsed_seconds = elapsed;
  c.target_seconds = target;
  c.stopped_at = FromUnixSeconds(1);
  c.state = elapsed > target ? ClockState::kBreached : ClockState::kMet;
  return c;
}
ClockReading Counting(long long elapsed, long long target, ClockState s = ClockState::kRunning) {
  ClockReading c;
  c.elapsed_seconds = elapsed;
  c.target_seconds = target;
  c.state = elapsed > target ? ClockState::kBreached : s;
  return c;
}

TEST(SlaReport, CountsMetBreachedAndPendingAndTheTimesOfStoppedClocks) {
  // Five first responses against 60 s: 30, 60 (met: not past the target), 90 (late), one still
  // running at 20, one running already late at 100.
  std::vector<ClockReading> clocks = {Stopped(30, 60), Stopped(60, 60), Stopped(90, 60), Counting(20, 60), Counting(100, 60)};
  std::vector<const ClockReading*> ptrs;
  for (const auto& c : clocks) ptrs.push_back(&c);
  const ClockStats s = SummariseClocks(ptrs);
  EXPECT_EQ(s.met, 2);
  EXPECT_EQ(s.breached, 2);
  EXPECT_EQ(s.pending, 1);
  EXPECT_DOUBLE_EQ(*s.met_percent, 50.0);  // 2 of the 4 decided
  // Times of the stopped ones: 30, 60, 90.
  EXPECT_EQ(s.mean_seconds, 60);
  EXPECT_EQ(s.median_seconds, 60);
  EXPECT_EQ(s.p90_seconds, 90);  // ceil(0.9 × 3) = 3rd
}

TEST(SlaReport, MedianOfAnEvenCountAndP90ByNearestRank) {
  std::vector<ClockReading> clocks;
  for (long long t : {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110}) clocks.push_back(Stopped(t, 1000));
  clocks.push_back(Counting(5, 1000, ClockState::kPaused));
  std::vector<const ClockReading*> ptrs;
  for (const auto& c : clocks) ptrs.push_back(&c);
  ClockStats s = SummariseClocks(ptrs);
  EXPECT_EQ(s.met, 11);
  EXPECT_EQ(s.pending, 1);
  EXPECT_EQ(s.mean_seconds, 60);     // 660 / 11
  EXPECT_EQ(s.median_seconds, 60);   // 6th of 11
  EXPECT_EQ(s.p90_seconds, 100);     // ceil(9.9) = 10th
  ptrs.erase(ptrs.begin());          // 20 … 110 and the paused one: ten stopped
  s = SummariseClocks(ptrs);
  EXPECT_EQ(s.median_seconds, 65);   // (60 + 70) / 2
  EXPECT_EQ(s.p90_seconds, 100);     // ceil(9) = 9th: 100
  EXPECT_EQ(s.mean_seconds, 65);     // 650 / 10
  EXPECT_DOUBLE_EQ(*s.met_percent, 100.0);
}

TEST(SlaReport, NoDecidedClocksNoFigures) {
  std::vector<ClockReading> clocks = {Counting(5, 60)};
  std::vector<const ClockReading*> ptrs = {&clocks[0]};
  const ClockStats s = SummariseClocks(ptrs);
  EXPECT_FALSE(s.met_percent);
  EXPECT_FALSE(s.mean_seconds);
  EXPECT_FALSE(s.median_seconds);
  EXPECT_FALSE(s.p90_seconds);
}

TEST(SlaReport, GroupsByNameWithATotal) {
  auto sample = [](const char* key, const char* name, long long fr) {
    SlaSample s{key, name, {}};
    s.reading.first_response = Stopped(fr, 100);
    s.reading.resolution = Counting(0, 1000);
    return s;
  };
  const std::vector<SlaSample> samples = {sample("2", "Banco", 50), sample("1", "Acme", 150), sample("2", "Banco", 70)};
  const SlaReport r = AggregateSla(samples);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].name, "Acme");
  EXPECT_EQ(r.rows[0].first_response.breached, 1);
  EXPECT_EQ(r.rows[1].name, "Banco");
  EXPECT_EQ(r.rows[1].tickets, 2);
  EXPECT_EQ(r.rows[1].first_response.met, 2);
  EXPECT_EQ(r.rows[1].first_response.median_seconds, 60);
  EXPECT_EQ(r.total.tickets, 3);
  EXPECT_EQ(r.total.first_response.met, 2);
  EXPECT_EQ(r.total.first_response.breached, 1);
  EXPECT_EQ(r.total.resolution.pending, 3);
  EXPECT_NEAR(*r.total.first_response.met_percent, 66.6667, 1e-3);
}

}  // namespace
}  // namespace farol::domain
