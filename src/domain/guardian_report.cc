#include "domain/guardian_report.h"

#include <algorithm>
#include <map>

#include "domain/guardian.h"

namespace farol::domain {

namespace {

// By count (most first), then key (and id), as the report lists them.
std::vector<KeyCount> Sorted(std::map<std::pair<std::string, int64_t>, int>& counts) {
  std::vector<KeyCount> out;
  for (const auto& [k, n] : counts) out.push_back({k.first, k.second, n});
  std::stable_sort(out.begin(), out.end(), [](const KeyCount& a, const KeyCount& b) { return a.count > b.count; });
  return out;
}

double OneDecimal(double v) { return static_cast<double>(static_cast<long long>(v * 10 + 0.5)) / 10.0; }

}  // namespace

GuardianMonthReport BuildMonthReport(std::span<const ReportRecord> records, std::span<const ReportAction> actions,
                                     std::span<const Timestamp> starts, std::span<const std::string> labels,
                                     Timestamp now) {
  GuardianMonthReport r;
  const Timestamp from = starts[11], to = starts[12];
  r.month = labels[11];
  for (size_t i = 0; i < 12; ++i) r.trend.push_back({labels[i], 0, 0});
  auto month_of = [&](Timestamp t) -> int {
    if (t < starts[0] || t >= to) return -1;
    return static_cast<int>(std::upper_bound(starts.begin(), starts.end(), t) - starts.begin()) - 1;
  };
  std::map<std::pair<std::string, int64_t>, int> category, cause, team, segment, level;
  std::map<int64_t, RecurringCause> groups;
  std::map<int64_t, std::pair<Timestamp, std::string>> first_of_group;  // its first record's cause
  double fix_days = 0, prevention_days = 0;
  for (const ReportRecord& p : records) {
    if (p.reported_at >= to) continue;
    if (const int m = month_of(p.reported_at); m >= 0) ++r.trend[m].recorded;
    if (p.closed_at) {
      if (const int m = month_of(*p.closed_at); m >= 0) ++r.trend[m].closed;
    }
    if (!p.closed_at || *p.closed_at >= to) ++r.open_at_end;
    if (p.group_id) {
      RecurringCause& g = groups[p.group_id];
      g.group_id = p.group_id;
      ++g.records;
      if (p.reported_at >= from) ++g.in_month;
      g.last_reported = std::max(g.last_reported, p.reported_at);
      auto [it, fresh] = first_of_group.try_emplace(p.group_id, p.reported_at, p.root_cause);
      if (!fresh && (p.reported_at < it->second.first || it->second.second.empty()) && !p.root_cause.empty()) {
        it->second = {p.reported_at, p.root_cause};
      }
    }
    if (p.reported_at < from) continue;
    ++r.recorded;
    ++category[{p.error_category, 0}];
    ++cause[{p.cause_category, 0}];
    ++team[{p.team_name, p.team_id}];
    for (Segment s : p.segments) ++segment[{std::string(Name(s)), 0}];
    if (p.segments.empty()) ++segment[{"", 0}];
    ++level[{p.level, 0}];
    if (p.fixed_at) {
      ++r.fixed;
      fix_days += DaysBetween(p.reported_at, *p.fixed_at);
    }
    if (p.prevented_at) {
      ++r.prevented;
      prevention_days += DaysBetween(p.reported_at, *p.prevented_at);
    }
  }
  r.closed = r.trend[11].closed;
  r.by_error_category = Sorted(category);
  r.by_cause_category = Sorted(cause);
  r.by_team = Sorted(team);
  r.by_segment = Sorted(segment);
  r.by_level = Sorted(level);
  if (r.fixed > 0) r.average_days_to_fix = OneDecimal(fix_days / r.fixed);
  if (r.prevented > 0) r.average_days_to_prevention = OneDecimal(prevention_days / r.prevented);

  // Actions due in the month.
  double late_days = 0;
  int late = 0;
  for (const ReportAction& a : actions) {
    if (a.due_at < from || a.due_at >= to) continue;
    if (a.status == "cancelled") {
      ++r.actions.cancelled;
      continue;
    }
    ++r.actions.due;
    if (a.status == "done" && a.done_at) {
      if (*a.done_at <= a.due_at) {
        ++r.actions.done_on_time;
      } else {
        ++r.actions.done_late;
        ++late;
        late_days += DaysBetween(a.due_at, *a.done_at);
      }
    } else if (now > a.due_at) {
      ++r.actions.open_late;
      ++late;
      late_days += DaysBetween(a.due_at, now);
    }
  }
  if (r.actions.due > 0) r.actions.on_time_percent = OneDecimal(100.0 * r.actions.done_on_time / r.actions.due);
  if (late > 0) r.actions.average_days_late = OneDecimal(late_days / late);

  // The causes that recur most: groups of two or more records.
  for (auto& [id, g] : groups) {
    if (g.records < 2) continue;
    g.root_cause = first_of_group[id].second;
    r.top_causes.push_back(g);
  }
  std::sort(r.top_causes.begin(), r.top_causes.end(), [](const RecurringCause& a, const RecurringCause& b) {
    if (a.records != b.records) return a.records > b.records;
    if (a.last_reported != b.last_reported) return a.last_reported > b.last_reported;
    return a.group_id < b.group_id;
  });
  if (r.top_causes.size() > 5) r.top_causes.resize(5);
  return r;
}

}  // namespace farol::domain
