// `farol demo`: a realistic, deterministic data set for a managed-network service provider
// ("Farol Networks") and its customers: organisations of every segment with sites, network
// areas and contacts; staff in N1/N2/N3/NOC teams; and months of tickets with replies, pendings,
// escalations, reopenings and ratings. The mixes are calibrated on the UCI ServiceNow incident
// log (see docs/DEMO.md). The same seed and `until` give the same data, to the byte.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "store/store.h"

namespace farol::app {

struct DemoOptions {
  uint64_t seed = 2026;
  int64_t tickets = 20'000;
  int days = 365;         // tickets are spread over this many days before `until`
  Timestamp until;        // the demo's "now"; events after it do not exist yet
  int batch = 2'000;      // tickets per write transaction
};

struct DemoReport {
  int organisations = 0;
  int staff = 0;
  int contacts = 0;
  int64_t tickets = 0;
  int64_t events = 0;
};

// The password of every demo staff user and portal contact.
inline constexpr std::string_view kDemoPassword = "farol-demo-2026";

// Fills an empty database. kFailedPrecondition if it already holds organisations or tickets.
// `progress(done, total)` is called after each batch.
StatusOr<DemoReport> GenerateDemo(store::Store& store, const DemoOptions& options,
                                  const std::function<void(int64_t, int64_t)>& progress);

}  // namespace farol::app
