// The guardian's monthly report worked by hand (docs/GUARDIAN.md, "Monthly reports"), and checked
// against a slow recount on generated records.
#include "domain/guardian_report.h"

#include <gtest/gtest.h>

#include <random>

namespace farol::domain {
namespace guardian_report_test {  // named: unity builds put several tests in one unit

// 2026-01-01 + `day` days, at `hour` UTC.
Timestamp Day(int day, int hour = 12) {
  return Timestamp(std::chrono::seconds(1767225600LL + static_cast<long long>(day) * 86400 + hour * 3600LL));
}

// The 13 edges of the twelve months ending with March 2026, in UTC: 2025-04-01 … 2026-04-01.
struct Months {
  std::vector<Timestamp> starts;
  std::vector<std::string> labels;
  Months() {
    const int lengths[] = {30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31};  // Apr 2025 … Mar 2026
    Timestamp t = Day(-275, 0);  // 2025-04-01
    const char* names[] = {"2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09",
                           "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"};
    for (int i = 0; i < 12; ++i) {
      starts.push_back(t);
      labels.emplace_back(names[i]);
      t += std::chrono::days(lengths[i]);
    }
    starts.push_back(t);
  }
};

TEST(GuardianReport, AMonthByHand) {
  const Months m;
  ASSERT_EQ(m.starts[11], Day(59, 0));   // 2026-03-01
  ASSERT_EQ(m.starts[12], Day(90, 0));   // 2026-04-01
  ReportRecord a{.id = 1, .reported_at = Day(60), .closed_at = Day(70), .error_category = "delivery delay",
                 .cause_category = "process", .root_cause = "No travel time in the plan", .team_id = 2,
                 .team_name = "Field", .segments = {Segment::kEnterprise, Segment::kSmb}, .level = "high",
                 .group_id = 1, .fixed_at = Day(63), .prevented_at = Day(80)};  // fixed in 3 days, prevented in 20
  ReportRecord b{.id = 2, .reported_at = Day(65), .error_category = "delivery delay", .cause_category = "process",
                 .team_id = 2, .team_name = "Field", .segments = {Segment::kSmb}, .level = "medium", .group_id = 1,
                 .fixed_at = Day(66, 0)};  // 12 hours: 0.5 days
  ReportRecord c{.id = 3, .reported_at = Day(80), .error_category = "wrong information", .team_id = 5,
                 .team_name = "Billing"};  // not graded, no organisation, not fixed
  ReportRecord old{.id = 4, .reported_at = Day(10), .closed_at = Day(61), .error_category = "delivery delay",
                   .root_cause = "Old cause", .group_id = 1};  // January, closed in March
  ReportRecord april{.id = 5, .reported_at = Day(95)};  // after the month: not counted at all
  const std::vector<ReportRecord> records{a, b, c, old, april};
  const std::vector<ReportAction> actions{
      {.id = 1, .problem_id = 1, .team_id = 2, .status = "done", .due_at = Day(62), .done_at = Day(61)},  // on time
      {.id = 2, .problem_id = 1, .team_id = 2, .status = "done", .due_at = Day(62), .done_at = Day(64)},  // 2 days late
      {.id = 3, .problem_id = 2, .team_id = 9, .status = "open", .due_at = Day(85)},   // open, 10 days late at now
      {.id = 4, .problem_id = 2, .team_id = 2, .status = "cancelled", .due_at = Day(70)},
      {.id = 5, .problem_id = 3, .team_id = 5, .status = "open", .due_at = Day(100)},  // due in April
  };
  const GuardianMonthReport r = BuildMonthReport(records, actions, m.starts, m.labels, Day(95));
  EXPECT_EQ(r.month, "2026-03");
  EXPECT_EQ(r.recorded, 3);
  EXPECT_EQ(r.closed, 2);       // a and the January record
  EXPECT_EQ(r.open_at_end, 2);  // b and c
  ASSERT_EQ(r.by_error_category.size(), 2u);
  EXPECT_EQ(r.by_error_category[0].key, "delivery delay");
  EXPECT_EQ(r.by_error_category[0].count, 2);
  EXPECT_EQ(r.by_error_category[1].key, "wrong information");
  ASSERT_EQ(r.by_cause_category.size(), 2u);
  EXPECT_EQ(r.by_cause_category[0].key, "process");
  EXPECT_EQ(r.by_cause_category[1].key, "");  // not yet known
  ASSERT_EQ(r.by_team.size(), 2u);
  EXPECT_EQ(r.by_team[0].id, 2);
  EXPECT_EQ(r.by_team[0].count, 2);
  ASSERT_EQ(r.by_segment.size(), 3u);
  EXPECT_EQ(r.by_segment[0].key, "smb");  // a and b
  EXPECT_EQ(r.by_segment[0].count, 2);
  EXPECT_EQ(r.by_segment[1].key, "");     // c: no organisation (sorted by key among equal counts)
  EXPECT_EQ(r.by_segment[2].key, "enterprise");
  ASSERT_EQ(r.by_level.size(), 3u);
  EXPECT_EQ(r.by_level[0].key, "");  // equal counts: by key
  EXPECT_EQ(r.by_level[1].key, "high");
  EXPECT_EQ(r.by_level[2].key, "medium");
  // The trend: January's record reported, March's three, and two closed in March.
  ASSERT_EQ(r.trend.size(), 12u);
  EXPECT_EQ(r.trend[0].month, "2025-04");
  EXPECT_EQ(r.trend[9].recorded, 1);
  EXPECT_EQ(r.trend[11].recorded, 3);
  EXPECT_EQ(r.trend[11].closed, 2);
  // Actions due in March: 1 on time, 1 done 2 days late, 1 open 10 days late; 1 cancelled.
  EXPECT_EQ(r.actions.due, 3);
  EXPECT_EQ(r.actions.done_on_time, 1);
  EXPECT_EQ(r.actions.done_late, 1);
  EXPECT_EQ(r.actions.open_late, 1);
  EXPECT_EQ(r.actions.cancelled, 1);
  EXPECT_DOUBLE_EQ(r.actions.on_time_percent, 33.3);
  EXPECT_DOUBLE_EQ(r.actions.average_days_late, 6.0);  // (2 + 10) / 2
  // Fixed: a in 3 days, b in 0.5: 1.75 → 1.8.
  EXPECT_EQ(r.fixed, 2);
  ASSERT_TRUE(r.average_days_to_fix);
  EXPECT_DOUBLE_EQ(*r.average_days_to_fix, 1.8);
  EXPECT_EQ(r.prevented, 1);
  ASSERT_TRUE(r.average_days_to_prevention);
  EXPECT_DOUBLE_EQ(*r.average_days_to_prevention, 20.0);
  // The cause of group 1 came back three times; it is named by its first record's cause.
  ASSERT_EQ(r.top_causes.size(), 1u);
  EXPECT_EQ(r.top_causes[0].records, 3);
  EXPECT_EQ(r.top_causes[0].in_month, 2);
  EXPECT_EQ(r.top_causes[0].root_cause, "Old cause");
  EXPECT_EQ(r.top_causes[0].last_reported, Day(65));
}

TEST(GuardianReport, AgreesWithASlowRecount) {
  const Months m;
  std::mt19937 rng(11);
  std::vector<ReportRecord> records;
  const char* categories[] = {"delivery delay", "wrong information", "platform failure", ""};
  for (int i = 1; i <= 2000; ++i) {
    ReportRecord p;
    p.id = i;
    p.reported_at = Day(static_cast<int>(rng() % 400) - 300, static_cast<int>(rng() % 24));
    if (rng() % 2) p.closed_at = p.reported_at + std::chrono::hours(rng() % 2000);
    p.error_category = categories[rng() % 4];
    p.team_id = 1 + static_cast<int64_t>(rng() % 3);
    p.team_name = "T" + std::to_string(p.team_id);
    records.push_back(p);
  }
  const GuardianMonthReport r = BuildMonthReport(records, {}, m.starts, m.labels, Day(200));
  for (size_t month = 0; month < 12; ++month) {
    int recorded = 0, closed = 0;
    for (const auto& p : records) {
      if (p.reported_at >= m.starts[month] && p.reported_at < m.starts[month + 1]) ++recorded;
      if (p.closed_at && *p.closed_at >= m.starts[month] && *p.closed_at < m.starts[month + 1]) ++closed;
    }
    EXPECT_EQ(r.trend[month].recorded, recorded) << month;
    EXPECT_EQ(r.trend[month].closed, closed) << month;
  }
  int total = 0;
  for (const auto& k : r.by_error_category) {
    int slow = 0;
    for (const auto& p : records) {
      slow += p.reported_at >= m.starts[11] && p.reported_at < m.starts[12] && p.error_category == k.key;
    }
    EXPECT_EQ(k.count, slow) << k.key;
    total += k.count;
  }
  EXPECT_EQ(total, r.recorded);
  EXPECT_EQ(r.recorded, r.trend[11].recorded);
}

}  // namespace guardian_report_test
}  // namespace farol::domain
