// The guardian's monthly report (docs/GUARDIAN.md, "Monthly reports"): for one month, company-wide
// or for one team, the records reported — by error category, cause category, team, segment and
// GUT level —, the trend over the twelve months ending with it, the actions due in the month and
// their lateness, the time to fix, and the causes that recur most. Pure: the records and actions
// come from the store, the month's edges from the reader's time zone.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"
#include "domain/enums.h"

namespace farol::domain {

// One problem record as the report counts it.
struct ReportRecord {
  int64_t id = 0;
  Timestamp reported_at;
  std::optional<Timestamp> closed_at;
  std::string error_category;  // "" none yet
  std::string cause_category;  // "" not yet known
  std::string root_cause;
  int64_t team_id = 0;
  std::string team_name;
  std::vector<Segment> segments;  // of its organisations, each once
  std::string level;              // its GUT level under the current rule; "" not graded
  int64_t group_id = 0;
  std::optional<Timestamp> fixed_at;      // every immediate action done (CompletedAt)
  std::optional<Timestamp> prevented_at;  // every preventive action done
};

// One action of a record's plan.
struct ReportAction {
  int64_t id = 0;
  int64_t problem_id = 0;
  int64_t team_id = 0;
  std::string status;  // open, done, cancelled
  Timestamp due_at;
  std::optional<Timestamp> done_at;
};

struct KeyCount {
  std::string key;  // a category, cause category, segment or level; "" for none
  int64_t id = 0;   // a team's id (0: none)
  int count = 0;
};

struct MonthPoint {
  std::string month;  // "2026-03"
  int recorded = 0;   // reported in that month
  int closed = 0;     // closed in that month
};

struct ActionFigures {
  int due = 0;           // actions due in the month (cancelled ones aside)
  int done_on_time = 0;  // done by their due date
  int done_late = 0;     // done after it
  int open_late = 0;     // still not done at the report's time, past due
  int cancelled = 0;     // due in the month and cancelled
  double on_time_percent = 0;  // done_on_time of due, one decimal; 0 when none are due
  double average_days_late = 0;  // over the late ones (done late: until done; open: until `now`)
};

struct RecurringCause {
  int64_t group_id = 0;
  std::string root_cause;  // the group's first record's
  int records = 0;         // the group's records reported up to the month's end
  int in_month = 0;        // of them, reported in the month
  Timestamp last_reported;
};

struct GuardianMonthReport {
  std::string month;  // "2026-03"
  int recorded = 0;
  int closed = 0;
  int open_at_end = 0;  // reported before the month's end and not closed by then
  std::vector<KeyCount> by_error_category, by_cause_category, by_team, by_segment, by_level;
  std::vector<MonthPoint> trend;  // the 12 months ending with this one, oldest first
  ActionFigures actions;
  std::optional<double> average_days_to_fix;  // of the month's records already fixed
  int fixed = 0;                              // how many of the month's records are fixed
  std::optional<double> average_days_to_prevention;  // likewise, of those whose prevention is done
  int prevented = 0;
  std::vector<RecurringCause> top_causes;     // up to 5: most records first
};

// `starts` holds the 13 edges of the 12 months ending with the report's month, in the reader's
// time zone (starts[11] begins the month, starts[12] ends it); `labels` the 12 months' names.
// `records` are every record reported before starts[12] (older ones only count in the trend's
// closed and the recurring causes), `actions` those of the records considered. Counts by key are
// ordered by count, then key. A record counts once in each segment of its organisations.
GuardianMonthReport BuildMonthReport(std::span<const ReportRecord> records, std::span<const ReportAction> actions,
                                     std::span<const Timestamp> starts, std::span<const std::string> labels,
                                     Timestamp now);

}  // namespace farol::domain
