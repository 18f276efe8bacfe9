#include "app/sla_service.h"

#include "app/sla_tracker.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <tuple>

#include "core/strings.h"

namespace farol::app {

StatusOr<domain::SlaPolicy> SlaService::LoadPolicy() {
  std::optional<std::string> text;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(text, tx.settings().Get(kSlaPolicyKey));
    return OkStatus();
  }));
  if (!text) return domain::DefaultSlaPolicy();
  return domain::SlaPolicy::Parse(*text);
}

StatusOr<TicketClocks> SlaService::EvaluateTicket(PolicyBook& book, int64_t ticket_id,
                                                 const std::vector<domain::TicketEvent>& timeline, Timestamp now) {
  if (timeline.empty()) return NotFoundError("Ticket #" + std::to_string(ticket_id) + " was not found.");
  FAROL_ASSIGN_OR_RETURN(const PolicyBook::Entry* in_force, book.For(timeline.front().at));
  return Evaluate(in_force->policy, *in_force->calendar, ticket_id, timeline, now);
}

StatusOr<domain::SlaPolicy> SlaService::GetPolicy(const domain::Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kDirectoryRead));
  return LoadPolicy();
}

Status SlaService::SetPolicy(const domain::Actor& actor, const domain::SlaPolicy& policy) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kCatalogWrite));
  FieldErrors errors;
  policy.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The SLA policy is not valid"));
  const std::string text = policy.Serialize();
  const long long since = ToUnixSeconds(clock_.SystemNow());
  return store_.Write([&](store::Tx& tx) -> Status {
    for (const auto& [team, seconds] : policy.ola_seconds) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.teams().Get(team));
      if (!t) return FieldInvalidError("olas", "no such team " + std::to_string(team));
    }
    FAROL_ASSIGN_OR_RETURN(auto versions_text, tx.settings().Get(kSlaPolicyVersionsKey));
    std::vector<long long> versions = ParseSlaPolicyVersions(versions_text);
    if (versions.empty()) {
      // The policy tickets were measured by until now keeps applying to them.
      FAROL_ASSIGN_OR_RETURN(auto before, tx.settings().Get(kSlaPolicyKey));
      FAROL_RETURN_IF_ERROR(tx.settings().Put(SlaPolicyVersionKey(0), before.value_or(domain::DefaultSlaPolicy().Serialize())));
      versions.push_back(0);
    }
    if (versions.back() < since) versions.push_back(since);  // a second save in the same second replaces it
    std::string list;
    for (long long v : versions) list += (list.empty() ? "" : ",") + std::to_string(v);
    FAROL_RETURN_IF_ERROR(tx.settings().Put(SlaPolicyVersionKey(versions.back()), text));
    FAROL_RETURN_IF_ERROR(tx.settings().Put(kSlaPolicyVersionsKey, list));
    return tx.settings().Put(kSlaPolicyKey, text);
  });
}

StatusOr<std::pair<int, int>> SlaService::ImportHolidays(const domain::Actor& actor, const domain::HolidaySet& set,
                                                        bool replace) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kCatalogWrite));
  FAROL_ASSIGN_OR_RETURN(domain::SlaPolicy policy, LoadPolicy());
  auto& cal = policy.calendar;
  if (replace) {
    cal.holidays.clear();
    cal.yearly_holidays.clear();
  }
  int added = 0;
  for (const auto& d : set.dates) {
    if (std::find(cal.holidays.begin(), cal.holidays.end(), d) == cal.holidays.end()) cal.holidays.push_back(d), ++added;
  }
  for (const auto& y : set.yearly) {
    if (std::find(cal.yearly_holidays.begin(), cal.yearly_holidays.end(), y) == cal.yearly_holidays.end()) {
      cal.yearly_holidays.push_back(y), ++added;
    }
  }
  std::sort(cal.holidays.begin(), cal.holidays.end());
  std::sort(cal.yearly_holidays.begin(), cal.yearly_holidays.end());
  FAROL_RETURN_IF_ERROR(SetPolicy(actor, policy));
  return std::pair{added, int(cal.holidays.size() + cal.yearly_holidays.size())};
}

TicketClocks SlaService::Evaluate(const domain::SlaPolicy& policy, const domain::BusinessCalendar& calendar,
                                  int64_t ticket_id, const std::vector<domain::TicketEvent>& timeline,
                                  Timestamp now) const {
  TicketClocks out;
  out.ticket_id = ticket_id;
  out.at = now;
  auto history = domain::SlaEventsFromTimeline(timeline, policy);
  if (!history) {
    out.olas = domain::OlaStints(calendar, timeline, policy, now);
    return out;
  }
  domain::SlaClockOptions options{policy.pause_statuses, 0};
  domain::SlaReading reading;
  domain::EvaluateSlaUnchecked(calendar, history->initial, history->events, now, options, reading);
  // The next warning still to come is the first threshold whose instant is after now.
  for (int percent : policy.warn_percents) {
    options.warn_at_basis_points = percent * 100;
    domain::SlaReading r;
    domain::EvaluateSlaUnchecked(calendar, history->initial, history->events, now, options, r);
    out.resolution_warnings.emplace_back(percent, r.resolution.warn_at);
    if (!reading.resolution.warn_at && r.resolution.warn_at && *r.resolution.warn_at > now) {
      reading.resolution.warn_at = r.resolution.warn_at;
    }
  }
  out.reading = reading;
  out.olas = domain::OlaStints(calendar, timeline, policy, now);
  return out;
}

StatusOr<TicketClocks> SlaService::Clocks(const domain::Actor& actor, int64_t ticket_id) {
  FAROL_ASSIGN_OR_RETURN(auto many, ClocksOf(actor, std::span<const int64_t>(&ticket_id, 1)));
  if (many.empty()) return NotFoundError("Ticket #" + std::to_string(ticket_id) + " was not found.");
  return many[0];
}

StatusOr<std::vector<TicketClocks>> SlaService::ClocksOf(const domain::Actor& actor, std::span<const int64_t> ids) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kTicketRead));
  FAROL_ASSIGN_OR_RETURN(PolicyBook book, PolicyBook::Load(store_));
  const Timestamp now = clock_.SystemNow();
  std::vector<TicketClocks> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    auto timeline = tickets_.Events(actor, id);
    if (!timeline.ok()) {
      if (timeline.status().code() == StatusCode::kNotFound) continue;
      return timeline.status();
    }
    FAROL_ASSIGN_OR_RETURN(TicketClocks c, EvaluateTicket(book, id, *timeline, now));
    out.push_back(std::move(c));
  }
  return out;
}

Status SlaService::ForEachCreated(const domain::Actor& actor, Timestamp from, Timestamp to, int64_t& count,
                                  const std::function<Status(const store::TicketListItem&, const TicketClocks&)>& fn) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kTicketRead));
  if (to <= from) return FieldInvalidError("to", "must be after from");
  FAROL_ASSIGN_OR_RETURN(PolicyBook book, PolicyBook::Load(store_));
  const Timestamp now = clock_.SystemNow();
  store::TicketQuery q;
  q.filter.created = {from, to};
  q.sort = store::TicketSort::kNumber;
  q.descending = false;
  q.limit = 200;
  while (true) {
    FAROL_ASSIGN_OR_RETURN(store::TicketPage page, tickets_.List(actor, q));
    for (const store::TicketListItem& item : page.items) {
      if (++count > kMaxReportTickets) {
        return FailedPreconditionError("More than " + std::to_string(kMaxReportTickets) +
                                       " tickets were opened in this period; choose a shorter one.");
      }
      FAROL_ASSIGN_OR_RETURN(auto timeline, tickets_.Events(actor, item.ticket.id));
      FAROL_ASSIGN_OR_RETURN(TicketClocks c, EvaluateTicket(book, item.ticket.id, timeline, now));
      FAROL_RETURN_IF_ERROR(fn(item, c));
    }
    if (page.next_cursor.empty()) break;
    q.after = page.next_cursor;
  }
  return OkStatus();
}

StatusOr<SlaService::Report> SlaService::ComplianceReport(const domain::Actor& actor, Timestamp from, Timestamp to,
                                                          GroupBy by) {
  Report report;
  std::vector<domain::SlaSample> samples;
  FAROL_RETURN_IF_ERROR(ForEachCreated(actor, from, to, report.tickets, [&](const store::TicketListItem& item,
                                                                            const TicketClocks& c) -> Status {
    if (!c.reading) {
      ++report.without_sla;
      return OkStatus();
    }
    const domain::Ticket& t = item.ticket;
    domain::SlaSample sample;
    switch (by) {
      case GroupBy::kOrganisation:
        sample.group_key = std::to_string(t.organisation_id);
        sample.group_name = item.organisation_name;
        break;
      case GroupBy::kType:
        sample.group_key = sample.group_name = std::string(domain::Name(t.type));
        break;
      case GroupBy::kPriority:
        sample.group_key = sample.group_name = "P" + std::to_string(t.priority);
        break;
      case GroupBy::kTeam:
        sample.group_key = t.team_id ? std::to_string(t.team_id) : "";
        sample.group_name = item.team_name;
        break;
    }
    sample.reading = *c.reading;
    samples.push_back(std::move(sample));
    return OkStatus();
  }));
  report.compliance = domain::AggregateSla(samples);
  return report;
}

StatusOr<SlaService::OlaReport> SlaService::OlaComplianceReport(const domain::Actor& actor, Timestamp from, Timestamp to) {
  OlaReport report;
  std::map<int64_t, std::vector<domain::ClockReading>> by_team;
  FAROL_RETURN_IF_ERROR(ForEachCreated(actor, from, to, report.tickets,
                                       [&](const store::TicketListItem&, const TicketClocks& c) -> Status {
                                         for (const domain::OlaStint& s : c.olas) by_team[s.team_id].push_back(s.clock);
                                         return OkStatus();
                                       }));
  std::vector<const domain::ClockReading*> all;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    for (const auto& [team, readings] : by_team) {
      OlaRow row;
      row.team_id = team;
      FAROL_ASSIGN_OR_RETURN(auto t, tx.teams().Get(team));
      row.team_name = t ? t->name : "#" + std::to_string(team);
      row.stints = int64_t(readings.size());
      std::vector<const domain::ClockReading*> ptrs;
      for (const auto& r : readings) ptrs.push_back(&r), all.push_back(&r);
      row.stats = domain::SummariseClocks(ptrs);
      report.rows.push_back(std::move(row));
    }
    return OkStatus();
  }));
  std::sort(report.rows.begin(), report.rows.end(),
            [](const OlaRow& a, const OlaRow& b) { return std::tie(a.team_name, a.team_id) < std::tie(b.team_name, b.team_id); });
  report.total.stints = int64_t(all.size());
  report.total.stats = domain::SummariseClocks(all);
  return report;
}

StatusOr<std::vector<domain::SlaReading>> SlaService::Simulate(const domain::Actor& actor,
                                                               std::span<const domain::SlaScenario> scenarios,
                                                               bool indexed) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kTicketRead));
  return domain::SimulateAll(scenarios, indexed, clock_.SystemNow());
}

}  // namespace farol::app
