#include "app/sla_service.h"

#include "app/sla_tracker.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <tuple>

#include "core/strings.h"

namespace farol::app {

StatusOr<std::shared_ptr<const SlaBook>> SlaService::Book() {
  std::shared_ptr<const SlaBook> book;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(book, books_.Get(tx));
    return OkStatus();
  }));
  return book;
}

StatusOr<TicketClocks> SlaService::Evaluate(const SlaBook& book, int64_t ticket_id,
                                            const std::vector<domain::TicketEvent>& timeline, Timestamp now) const {
  if (timeline.empty()) return NotFoundError("Ticket #" + std::to_string(ticket_id) + " was not found.");
  FAROL_ASSIGN_OR_RETURN(const SlaBook::Terms terms, book.For(timeline));
  const domain::SlaPolicy& policy = terms.sla();
  const domain::BusinessCalendar& calendar = *terms.business;
  TicketClocks out;
  out.ticket_id = ticket_id;
  out.at = now;
  out.terms.contract_id = terms.contract_id;
  out.terms.policy_id = terms.policy->policy_id;
  out.terms.policy_version_id = terms.policy->id;
  out.terms.calendar_id = terms.calendar_id();
  out.terms.calendar_version_id = terms.calendar ? terms.calendar->id : 0;
  out.olas = domain::OlaStints(calendar, timeline, policy, now);
  auto history = domain::SlaEventsFromTimeline(timeline, policy);
  if (!history) return out;
  const domain::SlaPlan plan = domain::PlanSla(calendar, *history, policy, now);
  domain::SlaReading reading = plan.reading;
  domain::SlaClockOptions options{policy.pause_statuses, 0};
  // The next warning still to come is the first threshold whose instant is after now.
  for (int percent : policy.warn_percents) {
    options.warn_at_basis_points = percent * 100;
    domain::SlaReading r;
    domain::EvaluateSlaUnchecked(calendar, history->initial, history->events, now, options, r);
    out.resolution_warnings.emplace_back(percent, r.resolution.warn_at);
    if (!reading.resolution.warn_at && r.resolution.warn_at && *r.resolution.warn_at > now) {
      reading.resolution.warn_at = r.resolution.warn_at;
    }
    if (reading.update && r.update && !reading.update->warn_at && r.update->warn_at && *r.update->warn_at > now) {
      reading.update->warn_at = r.update->warn_at;
    }
  }
  out.reading = reading;
  for (const domain::SlaAlarm& a : plan.alarms) {
    if (a.clock != domain::kEscalationClock || a.threshold < 1 || a.threshold > int(policy.escalation.levels.size())) continue;
    out.next_escalation = a;
    out.next_escalation_name = policy.escalation.levels[size_t(a.threshold - 1)].name;
  }
  return out;
}

StatusOr<TicketClocks> SlaService::Clocks(const domain::Actor& actor, int64_t ticket_id) {
  FAROL_ASSIGN_OR_RETURN(auto many, ClocksOf(actor, std::span<const int64_t>(&ticket_id, 1)));
  if (many.empty()) return NotFoundError("Ticket #" + std::to_string(ticket_id) + " was not found.");
  return many[0];
}

StatusOr<std::vector<TicketClocks>> SlaService::ClocksOf(const domain::Actor& actor, std::span<const int64_t> ids) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kTicketRead));
  const Timestamp now = clock_.SystemNow();
  std::vector<TicketClocks> out;
  out.reserve(ids.size());
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto book, books_.Get(tx));
    std::map<std::pair<int, int64_t>, std::string> names;  // (kind, id) → name, read once per call
    auto name = [&](int kind, int64_t id) -> StatusOr<std::string> {
      if (id == 0) return std::string();
      auto it = names.find({kind, id});
      if (it != names.end()) return it->second;
      std::string n;
      if (kind == 0) {
        FAROL_ASSIGN_OR_RETURN(auto c, tx.contracts().Get(id));
        if (c) n = c->name;
      } else {
        FAROL_ASSIGN_OR_RETURN(auto x, kind == 1 ? tx.sla_policies().Get(id) : tx.calendars().Get(id));
        if (x) n = x->name;
      }
      return names[{kind, id}] = n;
    };
    for (int64_t id : ids) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(id));
      if (!t || !domain::CanSeeTicket(actor, *t)) continue;
      FAROL_ASSIGN_OR_RETURN(auto timeline, tx.tickets().Events(id, true));
      FAROL_ASSIGN_OR_RETURN(TicketClocks c, Evaluate(*book, id, timeline, now));
      FAROL_ASSIGN_OR_RETURN(c.terms.contract_name, name(0, c.terms.contract_id));
      FAROL_ASSIGN_OR_RETURN(c.terms.policy_name, name(1, c.terms.policy_id));
      FAROL_ASSIGN_OR_RETURN(c.terms.calendar_name, name(2, c.terms.calendar_id));
      out.push_back(std::move(c));
    }
    return OkStatus();
  }));
  return out;
}

Status SlaService::ForEachCreated(const domain::Actor& actor, Timestamp from, Timestamp to, int64_t& count,
                                  const std::function<Status(const store::TicketListItem&, const TicketClocks&)>& fn,
                                  int64_t organisation_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kTicketRead));
  if (to <= from) return FieldInvalidError("to", "must be after from");
  FAROL_ASSIGN_OR_RETURN(auto book, Book());
  const Timestamp now = clock_.SystemNow();
  store::TicketQuery q;
  q.filter.created = {from, to};
  if (organisation_id) q.filter.organisation_ids = {organisation_id};
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
      FAROL_ASSIGN_OR_RETURN(TicketClocks c, Evaluate(*book, item.ticket.id, timeline, now));
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

StatusOr<SlaService::ContractReport> SlaService::ContractCompliance(const domain::Actor& actor, int64_t contract_id,
                                                                  Timestamp from, Timestamp to) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kContractRead));
  ContractReport report;
  std::optional<domain::Contract> contract;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(contract, tx.contracts().Get(contract_id));
    return OkStatus();
  }));
  if (!contract) return NotFoundError("Contract #" + std::to_string(contract_id) + " was not found.");
  report.contract = *contract;
  std::vector<domain::ContractSample> samples;
  int64_t seen = 0;
  FAROL_RETURN_IF_ERROR(ForEachCreated(
      actor, from, to, seen,
      [&](const store::TicketListItem& item, const TicketClocks& c) -> Status {
        if (c.terms.contract_id != contract_id) return OkStatus();
        ++report.tickets;
        if (c.reading) samples.push_back({item.ticket.type, *c.reading});
        return OkStatus();
      },
      contract->organisation_id));
  report.results = domain::ContractCompliance(contract->compliance, samples);
  return report;
}

StatusOr<SlaService::ContractReport> SlaService::ContractCompliance(const domain::Actor& actor, int64_t contract_id,
                                                                  domain::CivilDate from, domain::CivilDate to,
                                                                  Timestamp& from_at, Timestamp& to_at) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kContractRead));
  std::string zone = "UTC";
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto contract, tx.contracts().Get(contract_id));
    if (!contract) return NotFoundError("Contract #" + std::to_string(contract_id) + " was not found.");
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(contract->organisation_id));
    if (org) zone = org->time_zone;
    return OkStatus();
  }));
  FAROL_ASSIGN_OR_RETURN(from_at, domain::LocalMidnight(from, zone));
  FAROL_ASSIGN_OR_RETURN(to_at, domain::LocalMidnight(to, zone));
  return ContractCompliance(actor, contract_id, from_at, to_at);
}

StatusOr<std::vector<domain::SlaReading>> SlaService::Simulate(const domain::Actor& actor,
                                                               std::span<const domain::SlaScenario> scenarios,
                                                               bool indexed) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, domain::Permission::kTicketRead));
  return domain::SimulateAll(scenarios, indexed, clock_.SystemNow());
}

}  // namespace farol::app
