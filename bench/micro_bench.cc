// Micro-benchmarks of the hot paths under the HTTP layer: the pure ticket rules, JSON encoding,
// and the store on a real SQLite file. Run with bench/micro.sh; figures in docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "core/crypto.h"
#include "domain/ticket.h"
#include "http/json.h"
#include "testing/test_env.h"

namespace farol {
namespace {

domain::NewTicket Sample() {
  domain::NewTicket n;
  n.subject = "Link down at branch office";
  n.description = "Users report the ERP stopped answering at 10:00. We restarted the router already.";
  n.organisation_id = 1;
  n.requester_id = 1;
  n.channel = domain::Channel::kEmail;
  n.tags = {"vip", "carrier"};
  return n;
}

void BM_PlanCreateAndApply(benchmark::State& state) {
  const domain::NewTicket n = Sample();
  const domain::PriorityMatrix m;
  for (auto _ : state) {
    auto e = domain::PlanCreate(n, m, {}, {domain::ActorKind::kStaff, 1}, FromUnixSeconds(1772452800));
    domain::Ticket t;
    domain::Apply(t, *e);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_PlanCreateAndApply);

void BM_ReplayTimeline(benchmark::State& state) {
  auto created = domain::PlanCreate(Sample(), {}, {}, {domain::ActorKind::kStaff, 1}, FromUnixSeconds(1772452800));
  std::vector<domain::TicketEvent> log = {*created};
  domain::Ticket t = domain::Replay(log);
  for (int i = 0; i < 8; ++i) {
    auto r = domain::PlanReply(t, i % 2, "reply text", {}, std::nullopt, {domain::ActorKind::kStaff, 1},
                               FromUnixSeconds(1772452800 + 60 * i));
    for (auto& e : *r) {
      domain::Apply(t, e);
      log.push_back(e);
    }
  }
  for (auto _ : state) benchmark::DoNotOptimize(domain::Replay(log));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReplayTimeline);

void BM_EncodeTicketJson(benchmark::State& state) {
  auto created = domain::PlanCreate(Sample(), {}, {}, {domain::ActorKind::kStaff, 1}, FromUnixSeconds(1772452800));
  domain::Ticket t;
  domain::Apply(t, *created);
  const std::string org = "Banco Horizonte", req = "Carla", who = "Ana Souza", team = "N1";
  for (auto _ : state) {
    std::string out;
    http::JsonWriter w(out);
    http::WriteTicket(w, t, org, req, who, team);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_EncodeTicketJson);

// The store on a real SQLite file (WAL, synchronous=FULL): one create = ticket row + created
// event + search text in one durable transaction. Single-threaded, so no group commit: this is
// the fsync-bound floor that group commit lifts.
void BM_SqliteCreateTicketDurable(benchmark::State& state) {
  testing::TestApp app;
  const int64_t org = app.Organisation("Acme");
  auto sys = app.System();
  domain::NewTicket n = Sample();
  n.organisation_id = org;
  n.requester_id = 0;
  for (auto _ : state) {
    auto r = app.app().tickets().Create(sys.actor, n, std::nullopt);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteCreateTicketDurable)->UseRealTime();

void BM_SqliteGetTicket(benchmark::State& state) {
  testing::TestApp app;
  const int64_t org = app.Organisation("Acme");
  auto sys = app.System();
  domain::NewTicket n = Sample();
  n.organisation_id = org;
  n.requester_id = 0;
  std::vector<int64_t> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(app.app().tickets().Create(sys.actor, n, std::nullopt)->ticket.id);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(app.app().tickets().Get(sys.actor, ids[i++ % ids.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteGetTicket);

// The whole in-process request path for GET /api/v1/tickets/{id} (authorisation, read, JSON),
// without sockets.
void BM_ApiGetTicketInProcess(benchmark::State& state) {
  testing::TestApp app;
  const int64_t org = app.Organisation("Acme");
  auto agent = app.Staff("ana@farol.test", domain::Role::kAgent);
  auto r = app.Call("POST", "/api/v1/tickets", R"({"organisation_id":)" + std::to_string(org) + R"(,"subject":"x"})", &agent);
  const std::string target = "/api/v1/tickets/" + std::to_string(boost::json::parse(r.body).at("id").as_int64());
  for (auto _ : state) benchmark::DoNotOptimize(app.Call("GET", target, "", &agent));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiGetTicketInProcess);

void BM_KeyedDigest(benchmark::State& state) {
  crypto::Init();
  const std::string key(32, 'k'), token = crypto::RandomToken(32);
  for (auto _ : state) benchmark::DoNotOptimize(crypto::KeyedDigestHex(key, token));
}
BENCHMARK(BM_KeyedDigest);

void BM_Argon2idVerify(benchmark::State& state) {
  auto hash = crypto::HashPassword("correct horse battery staple");
  for (auto _ : state) benchmark::DoNotOptimize(crypto::VerifyPassword(*hash, "correct horse battery staple"));
}
BENCHMARK(BM_Argon2idVerify)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace farol

BENCHMARK_MAIN();
