// Clock throughput: the SLA clocks of N tickets (default 1,000,000) with 10 events each, on a
// São Paulo office calendar with Brazil's national holidays, evaluated on one core.
//
//   ./build/bench/farol_sla_bench [TICKETS]      (bench/sla.sh runs it with the other SLA figures)
//
// The histories are generated first (not timed): created at random instants over two years, then
// replies, waits on the customer, internal notes, priority changes, resolutions and reopens at
// random gaps of minutes to days. The timed part reads every clock of every ticket at one `now`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "domain/calendar.h"
#include "domain/sla_clock.h"

using namespace farol;
using namespace farol::domain;

int main(int argc, char** argv) {
  const long long tickets = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  constexpr int kEventsPerTicket = 10;

  CalendarSpec spec;
  spec.timezone = "America/Sao_Paulo";
  for (int d = 0; d < 5; ++d) spec.week[d] = {{8 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  for (const char* y : {"01-01", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "11-20", "12-25"}) {
    spec.yearly_holidays.push_back(*ParseYearlyDate(y));
  }
  for (const char* d : {"2025-03-03", "2025-03-04", "2025-04-18", "2025-06-19", "2026-02-16", "2026-02-17",
                        "2026-04-03", "2026-06-04"}) {
    spec.holidays.push_back(*ParseCivilDate(d));
  }
  auto calendar = BusinessCalendar::Create(spec);
  if (!calendar.ok()) return 1;

  const Timestamp start = *ParseIso8601("2025-01-01T00:00:00Z");
  const Timestamp now = *ParseIso8601("2026-11-22T12:00:00Z");
  const long long span = ToUnixSeconds(now) - ToUnixSeconds(start) - 20 * 86400;
  std::mt19937_64 rng(2026);
  std::vector<SlaEvent> events;
  events.reserve(size_t(tickets) * kEventsPerTicket);
  std::fprintf(stderr, "generating %lld histories…\n", tickets);
  for (long long i = 0; i < tickets; ++i) {
    long long t = ToUnixSeconds(start) + (long long)(rng() % (unsigned long long)span);
    events.push_back({FromUnixSeconds(t), SlaEvent::Kind::kCreated, TicketStatus::kNew, {}});
    for (int k = 1; k < kEventsPerTicket; ++k) {
      t += (long long)(rng() % (k % 3 == 0 ? 3 * 86400 : 4 * 3600));
      SlaEvent e{FromUnixSeconds(t), SlaEvent::Kind::kStatus, TicketStatus::kOpen, {}};
      switch (rng() % 8) {
        case 0: e.kind = SlaEvent::Kind::kResponse; break;
        case 1: e.kind = SlaEvent::Kind::kNoClock; break;
        case 2: e.status = TicketStatus::kPendingCustomer; break;
        case 3: e.status = TicketStatus::kResolved; break;
        case 4: e.kind = SlaEvent::Kind::kRetarget, e.targets = {3600, 4 * 3600}; break;
        case 5: e.status = TicketStatus::kPendingVendor; break;
        default: break;  // back to open (a reopen when resolved)
      }
      events.push_back(e);
    }
  }
  const SlaTargets targets{2 * 3600, 16 * 3600};
  const SlaClockOptions options{DefaultPauseStatuses(), 8000};
  // Years the histories touch are built on first use; do that before timing, as a running server
  // would have done long before.
  (void)(*calendar)->BusinessSeconds(start, now + std::chrono::hours(24 * 366));

  SlaReading reading;
  long long checksum = 0, breached = 0;
  const auto cpu0 = std::clock();
  const auto t0 = std::chrono::steady_clock::now();
  for (long long i = 0; i < tickets; ++i) {
    const std::span<const SlaEvent> history(events.data() + i * kEventsPerTicket, kEventsPerTicket);
    EvaluateSlaUnchecked(**calendar, targets, history, now, options, reading);
    checksum += reading.resolution.elapsed_seconds + reading.first_response.elapsed_seconds;
    breached += reading.resolution.breached();
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
  std::printf("tickets             %lld (10 events each)\n", tickets);
  std::printf("wall seconds        %.3f\n", wall);
  std::printf("cpu seconds         %.3f\n", cpu);
  std::printf("tickets per second  %.0f (per cpu second: %.0f)\n", double(tickets) / wall, double(tickets) / cpu);
  std::printf("ns per ticket       %.0f\n", wall * 1e9 / double(tickets));
  std::printf("resolution breached %lld (%.1f%%); checksum %lld\n", breached, 100.0 * double(breached) / double(tickets), checksum);
  return 0;
}
