#include "domain/sla_clock.h"

#include <algorithm>
#include <array>

namespace farol::domain {
namespace {

enum class Mode { kRunning, kPaused, kStopped };

Mode ResolutionMode(TicketStatus s, const StatusSet& pause) {
  if (StopsClocks(s)) return Mode::kStopped;
  return pause.Has(s) ? Mode::kPaused : Mode::kRunning;
}

// What the history did to both clocks, stretch by stretch.
struct Stretch {
  Timestamp from, to;
  bool first_response_running;
  Mode resolution;
};

// Replays the events up to `now`, calling visit(stretch) for each stretch of time between two
// consecutive instants (creation … now) with the clocks' modes during it, and returning the
// state after the last event: whether first_response still runs, when it stopped, the mode of
// resolution and the targets in force. false if the history does not begin with a creation.
struct AfterWalk {
  bool first_response_running = false;
  std::optional<Timestamp> first_response_stopped_at;
  Mode resolution = Mode::kStopped;
  std::optional<Timestamp> resolution_stopped_at;
  SlaTargets targets;
};

template <typename Visit>
bool Walk(std::span<const SlaEvent> events, Timestamp now, const SlaTargets& initial, const StatusSet& pause,
          AfterWalk& out, Visit&& visit) {
  if (events.empty() || events[0].kind != SlaEvent::Kind::kCreated) return false;
  out = AfterWalk{};
  out.targets = initial;
  out.first_response_running = true;
  Timestamp last = events[0].at;
  for (size_t i = 0; i < events.size(); ++i) {
    const SlaEvent& e = events[i];
    if (e.at > last) {
      visit(Stretch{last, e.at, out.first_response_running, out.resolution});
      last = e.at;
    }
    switch (e.kind) {
      case SlaEvent::Kind::kCreated:
        if (i != 0) return false;
        [[fallthrough]];
      case SlaEvent::Kind::kStatus: {
        const Mode before = out.resolution;
        out.resolution = ResolutionMode(e.status, pause);
        if (out.resolution == Mode::kStopped) {
          if (out.first_response_running) out.first_response_stopped_at = e.at;
          out.first_response_running = false;
          if (before != Mode::kStopped || i == 0) out.resolution_stopped_at = e.at;
        } else {
          out.resolution_stopped_at.reset();
        }
        break;
      }
      case SlaEvent::Kind::kResponse:
        if (out.first_response_running) out.first_response_stopped_at = e.at;
        out.first_response_running = false;
        break;
      case SlaEvent::Kind::kRetarget:
        // Only clocks still counting take the new targets: a stopped clock keeps the target it
        // was judged against.
        if (out.first_response_running) out.targets.first_response_seconds = e.targets.first_response_seconds;
        if (out.resolution != Mode::kStopped) out.targets.resolution_seconds = e.targets.resolution_seconds;
        break;
      case SlaEvent::Kind::kNoClock:
        break;
    }
  }
  if (now > last) visit(Stretch{last, now, out.first_response_running, out.resolution});
  return true;
}

}  // namespace

long long CeilShare(long long target, int basis_points) {
  return (target * basis_points + 9999) / 10000;
}

std::string_view Name(ClockState s) {
  switch (s) {
    case ClockState::kRunning: return "running";
    case ClockState::kPaused: return "paused";
    case ClockState::kMet: return "met";
    case ClockState::kBreached: return "breached";
  }
  return "running";
}

bool StopsClocks(TicketStatus s) {
  return s == TicketStatus::kResolved || s == TicketStatus::kClosed || s == TicketStatus::kCancelled;
}

std::vector<TicketStatus> StatusSet::List() const {
  std::vector<TicketStatus> out;
  for (unsigned i = 0; i < 32; ++i) {
    if (bits_ & (1u << i)) out.push_back(TicketStatus(i));
  }
  return out;
}

namespace {

// The stretches of business time during which one clock ran, in order, remembered while the
// history is replayed so that the instant a past goal was reached needs no second replay. Most
// histories have a handful; a longer one falls back to replaying.
class RunLog {
 public:
  void Add(Timestamp from, long long business) {
    if (business <= 0) return;
    if (n_ < kCapacity) runs_[n_] = {from, business};
    ++n_;
  }
  bool complete() const { return n_ <= kCapacity; }
  // The earliest instant the accumulated running time reached goal (0 < goal <= total).
  std::optional<Timestamp> Reached(const BusinessCalendar& cal, long long goal) const {
    long long acc = 0;
    for (size_t i = 0; i < n_; ++i) {
      if (acc + runs_[i].business >= goal) return cal.AddBusinessSeconds(runs_[i].from, goal - acc);
      acc += runs_[i].business;
    }
    return std::nullopt;
  }

 private:
  static constexpr size_t kCapacity = 24;
  struct Run {
    Timestamp from;
    long long business;
  };
  std::array<Run, kCapacity> runs_;
  size_t n_ = 0;
};

}  // namespace

namespace {

// The update clock (see UpdateReading): a walk of its own, taken only by tickets whose targets
// hold an update promise, so that the two main clocks stay as cheap as they are.
void EvaluateUpdate(const BusinessCalendar& cal, const SlaTargets& initial, std::span<const SlaEvent> events,
                    Timestamp now, const SlaClockOptions& options, UpdateReading& out) {
  out = UpdateReading{};
  long long target = initial.update_seconds;
  Mode mode = Mode::kStopped;
  bool open = false;
  long long elapsed = 0, paused = 0;
  std::vector<std::pair<Timestamp, long long>> runs;  // the open cycle's running stretches
  auto close = [&] {
    if (open && target > 0 && elapsed > target) ++out.breached_cycles;
    open = false;
  };
  auto open_cycle = [&] {
    close();
    open = true;
    ++out.cycles;
    elapsed = paused = 0;
    runs.clear();
  };
  auto advance = [&](Timestamp from, Timestamp to) {
    if (!open || mode == Mode::kStopped || to <= from) return;
    const long long business = cal.BusinessSeconds(from, to);
    if (mode == Mode::kRunning) {
      elapsed += business;
      if (business > 0) runs.push_back({from, business});
    } else {
      paused += business;
    }
  };
  Timestamp last = events[0].at;
  for (size_t i = 0; i < events.size(); ++i) {
    const SlaEvent& e = events[i];
    advance(last, e.at);
    last = std::max(last, e.at);
    switch (e.kind) {
      case SlaEvent::Kind::kCreated:
      case SlaEvent::Kind::kStatus: {
        const Mode before = mode;
        mode = ResolutionMode(e.status, options.pause_statuses);
        if (mode == Mode::kStopped) {
          close();
        } else if (before == Mode::kStopped && i > 0) {
          open_cycle();  // a reopen: the customer is waiting for news again
        }
        break;
      }
      case SlaEvent::Kind::kResponse:
        if (mode != Mode::kStopped) open_cycle();
        break;
      case SlaEvent::Kind::kRetarget:
        if (mode != Mode::kStopped) target = e.targets.update_seconds;
        break;
      case SlaEvent::Kind::kNoClock:
        break;
    }
  }
  advance(last, now);
  out.target_seconds = target;
  out.elapsed_seconds = elapsed;
  out.paused_seconds = paused;
  const bool over = target > 0 && elapsed > target;
  if (open && over) ++out.breached_cycles;  // counted now, not again when it closes
  auto reached = [&](long long goal) -> std::optional<Timestamp> {
    if (goal > elapsed) return cal.AddBusinessSeconds(now, goal - elapsed);
    long long acc = 0;
    for (const auto& [from, business] : runs) {
      if (acc + business >= goal) return cal.AddBusinessSeconds(from, goal - acc);
      acc += business;
    }
    return runs.empty() ? std::optional<Timestamp>(now) : std::nullopt;
  };
  if (!open || mode == Mode::kStopped) {
    out.state = out.ever_breached() ? ClockState::kBreached : ClockState::kMet;
  } else if (mode == Mode::kPaused) {
    out.state = over ? ClockState::kBreached : ClockState::kPaused;
  } else {
    out.state = over ? ClockState::kBreached : ClockState::kRunning;
    if (target > 0) {
      out.due = reached(target);
      if (options.warn_at_basis_points > 0) out.warn_at = reached(CeilShare(target, options.warn_at_basis_points));
    }
  }
}

bool HasUpdatePromise(const SlaTargets& targets, std::span<const SlaEvent> events) {
  if (targets.update_seconds > 0) return true;
  for (const SlaEvent& e : events) {
    if (e.kind == SlaEvent::Kind::kRetarget && e.targets.update_seconds > 0) return true;
  }
  return false;
}

}  // namespace

bool EvaluateSlaUnchecked(const BusinessCalendar& cal, const SlaTargets& targets, std::span<const SlaEvent> events,
                          Timestamp now, const SlaClockOptions& options, SlaReading& out) {
  ClockReading& fr = out.first_response;
  ClockReading& res = out.resolution;
  fr = ClockReading{};
  res = ClockReading{};
  out.update.reset();
  AfterWalk after;
  RunLog fr_runs, res_runs;
  const bool ok = Walk(events, now, targets, options.pause_statuses, after, [&](const Stretch& s) {
    if (!s.first_response_running && s.resolution == Mode::kStopped) return;
    const long long business = cal.BusinessSeconds(s.from, s.to);
    if (s.first_response_running) {
      fr.elapsed_seconds += business;
      fr_runs.Add(s.from, business);
    }
    if (s.resolution == Mode::kRunning) {
      res.elapsed_seconds += business;
      res_runs.Add(s.from, business);
    }
    if (s.resolution == Mode::kPaused) res.paused_seconds += business;
  });
  if (!ok) return false;
  fr.target_seconds = after.targets.first_response_seconds;
  res.target_seconds = after.targets.resolution_seconds;
  fr.stopped_at = after.first_response_stopped_at;
  res.stopped_at = after.resolution_stopped_at;

  // The earliest instant at which a running clock's elapsed time reached (or will reach) `goal`.
  auto reached_at = [&](bool resolution, long long elapsed, long long goal) -> std::optional<Timestamp> {
    if (goal > elapsed) return cal.AddBusinessSeconds(now, goal - elapsed);
    if (goal <= 0) return events[0].at;
    const RunLog& log = resolution ? res_runs : fr_runs;
    if (log.complete()) return log.Reached(cal, goal);
    // A very long history: replay it to find the stretch in which the goal was reached.
    long long acc = 0;
    std::optional<Timestamp> at;
    AfterWalk ignored;
    Walk(events, now, targets, options.pause_statuses, ignored, [&](const Stretch& s) {
      if (at) return;
      const bool running = resolution ? s.resolution == Mode::kRunning : s.first_response_running;
      if (!running) return;
      const long long business = cal.BusinessSeconds(s.from, s.to);
      if (acc + business >= goal) {
        at = cal.AddBusinessSeconds(s.from, goal - acc);
      } else {
        acc += business;
      }
    });
    return at;
  };

  if (after.first_response_running) {
    fr.state = fr.breached() ? ClockState::kBreached : ClockState::kRunning;
    fr.due = reached_at(false, fr.elapsed_seconds, fr.target_seconds);
    if (options.warn_at_basis_points > 0) {
      fr.warn_at = reached_at(false, fr.elapsed_seconds, CeilShare(fr.target_seconds, options.warn_at_basis_points));
    }
  } else {
    fr.state = fr.breached() ? ClockState::kBreached : ClockState::kMet;
  }
  switch (after.resolution) {
    case Mode::kRunning:
      res.state = res.breached() ? ClockState::kBreached : ClockState::kRunning;
      res.due = reached_at(true, res.elapsed_seconds, res.target_seconds);
      if (options.warn_at_basis_points > 0) {
        res.warn_at = reached_at(true, res.elapsed_seconds, CeilShare(res.target_seconds, options.warn_at_basis_points));
      }
      break;
    case Mode::kPaused:
      res.state = res.breached() ? ClockState::kBreached : ClockState::kPaused;
      break;
    case Mode::kStopped:
      res.state = res.breached() ? ClockState::kBreached : ClockState::kMet;
      break;
  }
  if (HasUpdatePromise(targets, events)) {
    UpdateReading update;
    EvaluateUpdate(cal, targets, events, now, options, update);
    if (update.target_seconds > 0 || update.ever_breached()) out.update = update;
  }
  return true;
}

StatusOr<SlaReading> EvaluateSla(const BusinessCalendar& cal, const SlaTargets& targets,
                                 std::span<const SlaEvent> events, Timestamp now, const SlaClockOptions& options) {
  FieldErrors errors;
  if (events.empty() || events[0].kind != SlaEvent::Kind::kCreated) {
    errors.Add("events", "must begin with the ticket's creation");
  }
  for (size_t i = 1; i < events.size(); ++i) {
    const std::string field = "events[" + std::to_string(i) + "]";
    if (events[i].kind == SlaEvent::Kind::kCreated) errors.Add(field, "a ticket is created only once");
    if (events[i].at < events[i - 1].at) errors.Add(field, "is earlier than the event before it; list events in time order");
  }
  if (!events.empty() && now < events.back().at) errors.Add("now", "is earlier than the last event");
  auto negative = [](const SlaTargets& t) {
    return t.first_response_seconds < 0 || t.resolution_seconds < 0 || t.update_seconds < 0;
  };
  if (negative(targets)) errors.Add("targets", "must not be negative");
  for (const SlaEvent& e : events) {
    if (e.kind == SlaEvent::Kind::kRetarget && negative(e.targets)) {
      errors.Add("targets", "must not be negative");
      break;
    }
  }
  if (options.warn_at_basis_points < 0 || options.warn_at_basis_points > 10000) {
    errors.Add("warn_at_percent", "must be between 0 and 100");
  }
  if (!errors.empty()) return errors.ToStatus("The SLA history is not valid");
  SlaReading reading;
  EvaluateSlaUnchecked(cal, targets, events, now, options, reading);
  return reading;
}

StatusOr<SlaReading> Simulate(const SlaScenario& scenario, Timestamp default_now) {
  FAROL_ASSIGN_OR_RETURN(auto calendar, BusinessCalendar::Create(scenario.calendar));
  return EvaluateSla(*calendar, scenario.targets, scenario.events, scenario.now.value_or(default_now), scenario.options);
}

StatusOr<std::vector<SlaReading>> SimulateAll(std::span<const SlaScenario> scenarios, bool indexed,
                                              Timestamp default_now) {
  std::vector<SlaReading> readings;
  readings.reserve(scenarios.size());
  Status problems = InvalidArgumentError(indexed ? "Some SLA scenarios are not valid; nothing was evaluated."
                                                 : "The SLA scenario is not valid.");
  for (size_t i = 0; i < scenarios.size(); ++i) {
    auto reading = Simulate(scenarios[i], default_now);
    if (reading.ok()) {
      readings.push_back(*reading);
      continue;
    }
    const std::string prefix = indexed ? "[" + std::to_string(i) + "]" : "";
    for (const FieldError& f : reading.status().field_errors()) {
      problems.WithField(prefix.empty() ? f.field : prefix + "." + f.field, f.message);
    }
    if (reading.status().field_errors().empty()) problems.WithField(prefix.empty() ? "scenario" : prefix, reading.status().message());
  }
  if (!problems.field_errors().empty()) return problems;
  return readings;
}

}  // namespace farol::domain
