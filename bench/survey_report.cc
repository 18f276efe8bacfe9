// Survey report speed (docs/PERFORMANCE.md, issue 6): a CSAT survey with COUNT (default 1,000,000)
// answers from 1,000 contacts spread over twelve months, in a SQLite file; then the report a CSM
// opens — every figure for the year, transactional and relational apart, and month by month
// (GET /api/v1/surveys/{id}/results, through the HTTP layer) — timed RUNS (default 5) times.
// The reader is in São Paulo (months from 03:00 UTC). Loading the answers is not timed. Prints
// each time and the median; checks the total against a count of the answers in the period.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "testing/test_env.h"

using namespace farol;
using Steady = std::chrono::steady_clock;

int main() {
  const long count = std::getenv("COUNT") ? std::atol(std::getenv("COUNT")) : 1'000'000;
  const int runs = std::getenv("RUNS") ? std::atoi(std::getenv("RUNS")) : 5;
  testing::TestApp app("sqlite");
  auto sys = app.System();
  const int64_t org = app.Organisation("Banco Horizonte", 12000);
  auto r = app.Call("POST", "/api/v1/surveys", R"({"name":"CSAT","kind":"csat"})", &sys);
  if (r.status != 201) {
    std::fprintf(stderr, "survey: %d %s\n", r.status, r.body.c_str());
    return 1;
  }
  const int64_t survey = boost::json::parse(r.body).at("id").as_int64();
  std::vector<int64_t> contacts;
  for (int i = 0; i < 1000; ++i) contacts.push_back(app.Contact(org, "c" + std::to_string(i) + "@bancohorizonte.com.br").actor.id);

  // The answers: scores 1-5 in a fixed pattern, one every ~31 seconds from 2026-01-01 (a year for
  // a million), one invitation each; every tenth relational.
  const auto t0 = Steady::now();
  const long long start = 1'767'225'600;  // 2026-01-01T00:00:00Z
  const long long step = std::max(1LL, 365LL * 86400 / std::max(1L, count));
  Status s = app.store().Write([&](store::Tx& tx) -> Status {
    auto& c = tx.connectionForTest();
    const std::string seq = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " +
                            std::to_string(count) + ") ";
    const std::string contact = "(" + std::to_string(contacts.front()) + " + (n % 1000))";
    FAROL_RETURN_IF_ERROR(c.Query(seq +
                                  "INSERT INTO survey_invitations (id, survey_id, contact_id, organisation_id, "
                                  "token_digest, locale, created_at, expires_at, answered_at) SELECT n, " +
                                  std::to_string(survey) + ", " + contact + ", " + std::to_string(org) +
                                  ", 'bench-' || n, 'en', " + std::to_string(start) + " + n * " + std::to_string(step) +
                                  ", 2000000000, " + std::to_string(start) + " + n * " + std::to_string(step) + " FROM seq",
                                  {})
                              .status());
    FAROL_RETURN_IF_ERROR(c.Query(seq +
                       "INSERT INTO survey_responses (invitation_id, survey_id, contact_id, organisation_id, "
                       "transactional, score, sentiment, answered_at) SELECT n, " +
                       std::to_string(survey) + ", " + contact + ", " + std::to_string(org) +
                       ", CASE WHEN n % 10 = 0 THEN 0 ELSE 1 END, 1 + (n * 7) % 5, "
                       "CASE WHEN 1 + (n * 7) % 5 >= 4 THEN 'satisfied' WHEN 1 + (n * 7) % 5 = 3 THEN 'neutral' "
                       "ELSE 'unsatisfied' END, " +
                       std::to_string(start) + " + n * " + std::to_string(step) + " FROM seq",
                   {})
        .status());
    // The daily counts, as answering keeps them (and as migration 14 fills them from old answers).
    return c.Query("INSERT INTO survey_daily (survey_id, day, transactional, score, answers) "
                   "SELECT survey_id, answered_at / 86400, transactional, score, COUNT(*) FROM survey_responses "
                   "GROUP BY survey_id, answered_at / 86400, transactional, score",
                   {})
        .status();
  });
  if (!s.ok()) {
    std::fprintf(stderr, "loading: %s\n", s.ToString().c_str());
    return 1;
  }
  (void)app.store().Analyze(true);
  std::printf("loaded %ld answers in %.1f s (not timed)\n", count,
              std::chrono::duration<double>(Steady::now() - t0).count());

  // The reader is in São Paulo: the months start at 03:00 UTC, so each month's edges are counted
  // from the answers themselves and the whole days between from the daily counts.
  auto reader = app.System();
  reader.actor.time_zone = "America/Sao_Paulo";
  const long long from = 1'767'236'400, to = 1'798'772'400;  // 2026-01-01 and 2027-01-01, 00:00 at -03:00
  long long expected = 0;
  for (long i = 1; i <= count; ++i) expected += (start + i * step >= from && start + i * step < to) ? 1 : 0;

  // The year's report, then the same for one organisation: read from the answers (here every
  // answer is that organisation's), each contact counted once with their latest answer.
  bool right = true;
  for (const std::string& cut : std::vector<std::string>{"", "&organisation_id=" + std::to_string(org)}) {
    std::vector<double> ms;
    int64_t n = 0;
    for (int i = 0; i < runs; ++i) {
      const auto a = Steady::now();
      auto res = app.Call("GET", "/api/v1/surveys/" + std::to_string(survey) + "/results?from=2026-01-01&to=2027-01-01" + cut,
                          "", &reader);
      ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
      if (res.status != 200) {
        std::fprintf(stderr, "results: %d %s\n", res.status, res.body.c_str());
        return 1;
      }
      n = boost::json::parse(res.body).at("all").at("n").as_int64();
      std::printf("report%s %d: %.1f ms (n = %lld, %zu months)\n", cut.empty() ? "" : " for one organisation", i + 1,
                  ms.back(), static_cast<long long>(n), boost::json::parse(res.body).at("months").as_array().size());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("median %.1f ms for %lld %s\n", ms[ms.size() / 2], static_cast<long long>(n),
                cut.empty() ? "answers" : "contacts' latest answers, one organisation");
    // One organisation's figures count each contact once (their latest answer): 1,000 contacts.
    const long long want = cut.empty() ? expected : std::min(count, 1000L);
    if (n != want) {
      std::fprintf(stderr, "the report counted %lld, not %lld\n", static_cast<long long>(n), want);
      right = false;
    }
  }
  return right ? 0 : 1;
}
