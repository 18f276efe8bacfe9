// Transactional surveys dispatched (bench/survey-dispatch.sh, docs/PERFORMANCE.md, issue 6):
// COUNT (default 10,000) tickets of COUNT different customers are resolved by an agent; each
// resolution invites its requester in the same transaction (throttle and escalation checked, the
// signed link made, the e-mail queued), and the queue sends every survey e-mail to a real SMTP
// server on loopback (Debian's aiosmtpd, writing a Maildir), on a SQLite file with durable commits.
//
// Prints the resolutions per second (each queuing its survey), the e-mails per second out of the
// queue, and the total from the first resolution to the last e-mail accepted; checks that the
// server received one survey e-mail per customer, each with its own link.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "jobs/curl_sender.h"
#include "mail/mime.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

using namespace farol;
using Steady = std::chrono::steady_clock;

int main() {
  const int count = std::getenv("COUNT") ? std::atoi(std::getenv("COUNT")) : 10000;
  testing::TempDir dir;
  testing::SmtpServer smtp(dir.path() + "/maildir");
  if (!smtp.up()) {
    std::fprintf(stderr, "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)\n");
    return 1;
  }
  app::AppConfig config;
  config.mail_out.enabled = true;
  config.mail_out.from = {"Farol Support", "suporte@farol.test"};
  config.mail_out.public_url = "https://desk.farol.test";
  config.surveys.enabled = true;
  config.surveys.public_url = "https://desk.farol.test";
  config.alerts.send_threads = std::getenv("SEND_THREADS") ? std::atoi(std::getenv("SEND_THREADS")) : 4;  // as `farol serve`
  testing::TestApp app("sqlite", config);
  auto sys = app.System();
  auto made = app.Call("POST", "/api/v1/surveys", R"({"name":"CSAT","kind":"csat"})", &sys);
  if (made.status != 201) {
    std::fprintf(stderr, "survey: %d %s\n", made.status, made.body.c_str());
    return 1;
  }
  const auto agent = app.Staff("ana@farol.test", domain::Role::kAgent, 1, {});
  const int64_t org = app.Organisation("Banco Horizonte", 12000);
  std::vector<int64_t> tickets;
  const auto l0 = Steady::now();
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    auto c = app.Call("POST", "/api/v1/contacts",
                      R"({"organisation_id":)" + std::to_string(org) + R"(,"name":"Cliente )" + n +
                          R"(","email":"cliente)" + n + R"(@bancohorizonte.com.br"})",
                      &sys);
    if (c.status != 201) {
      std::fprintf(stderr, "contact: %d %s\n", c.status, c.body.c_str());
      return 1;
    }
    const std::string contact = std::to_string(boost::json::parse(c.body).at("id").as_int64());
    auto r = app.Call("POST", "/api/v1/tickets",
                      R"({"subject":"VPN caiu na agência )" + n + R"(","organisation_id":)" + std::to_string(org) +
                          R"(,"requester_id":)" + contact + R"(,"type":"incident"})",
                      &agent);
    if (r.status != 201) {
      std::fprintf(stderr, "create: %d %s\n", r.status, r.body.c_str());
      return 1;
    }
    tickets.push_back(boost::json::parse(r.body).at("id").as_int64());
  }
  std::printf("%d customers and their tickets made in %.1f s (not timed)\n", count,
              std::chrono::duration<double>(Steady::now() - l0).count());

  const auto t0 = Steady::now();
  for (int64_t id : tickets) {
    auto r = app.Call("PATCH", "/api/v1/tickets/" + std::to_string(id), R"({"status":"resolved"})", &agent);
    if (r.status != 200) {
      std::fprintf(stderr, "resolve: %d %s\n", r.status, r.body.c_str());
      return 1;
    }
  }
  const double resolve_s = std::chrono::duration<double>(Steady::now() - t0).count();

  jobs::CurlSenderOptions o;
  o.smtp.url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  o.smtp.from = "suporte@farol.test";
  jobs::CurlSender curl(o);
  int sent = 0;
  const auto s0 = Steady::now();
  for (;;) {
    auto d = app.app().alerts().DeliverDue(curl, 200);
    if (!d.ok() || d->failed || d->dead) {
      std::fprintf(stderr, "delivery failed: %s\n", d.ok() ? "a message was refused" : d.status().ToString().c_str());
      return 1;
    }
    if (d->sent == 0) break;
    sent += d->sent;
  }
  const auto end = Steady::now();
  const double send_s = std::chrono::duration<double>(end - s0).count();
  const double total_s = std::chrono::duration<double>(end - t0).count();

  // The server's own count: one survey e-mail per customer, each link different.
  const auto received = smtp.Messages();
  std::set<std::string> to, links;
  for (const auto& raw : received) {
    auto m = mail::ParseMessage(raw);
    if (!m.ok()) continue;
    for (const auto& a : m->to) to.insert(a.address);
    const auto at = m->text.find("/survey/");
    if (at != std::string::npos) links.insert(m->text.substr(at, 52));
  }
  std::printf("tickets resolved, each queuing its survey: %d in %.2f s: %.0f /s\n", count, resolve_s, count / resolve_s);
  std::printf("survey e-mails sent to the SMTP server: %d in %.2f s: %.0f messages/s\n", sent, send_s, sent / send_s);
  std::printf("dispatched: %d surveys from the first resolution to the last e-mail accepted in %.1f s\n", sent, total_s);
  std::printf("received by the server: %zu messages to %zu customers, %zu distinct links\n", received.size(), to.size(),
              links.size());
  const auto n = static_cast<size_t>(count);
  return received.size() == n && to.size() == n && links.size() == n ? 0 : 1;
}
