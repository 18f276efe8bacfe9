// E-mail out throughput (bench/mail-out.sh, docs/PERFORMANCE.md): COUNT staff replies on COUNT
// tickets of one customer, each e-mailed to the requester through a real SMTP server on loopback
// (Debian's aiosmtpd, writing a Maildir), on a SQLite file with durable commits.
//
// Prints two figures: replies saved per second (each queues its e-mail in its own transaction)
// and messages per second out of the queue to the SMTP server (the scheduler's sender: one SMTP
// session per message, a claim and a result written per message), and checks that the server
// received every message exactly once.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>

#include "jobs/curl_sender.h"
#include "mail/mime.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

using namespace farol;
using Steady = std::chrono::steady_clock;

// The real sender, timed: how much of the sending is the SMTP sessions themselves.
class TimedSender final : public app::Sender {
 public:
  explicit TimedSender(app::Sender& inner) : inner_(inner) {}
  app::SendResult Send(const domain::AlertChannel& ch, const store::Delivery& d) override {
    const auto t0 = Steady::now();
    auto r = inner_.Send(ch, d);
    std::lock_guard lock(mu_);
    seconds += std::chrono::duration<double>(Steady::now() - t0).count();
    return r;
  }
  double seconds = 0;

 private:
  app::Sender& inner_;
  std::mutex mu_;
};

int main() {
  const int count = std::getenv("COUNT") ? std::atoi(std::getenv("COUNT")) : 1000;
  testing::TempDir dir;
  testing::SmtpServer smtp(dir.path() + "/maildir");
  if (!smtp.up()) {
    std::fprintf(stderr, "python3-aiosmtpd is missing (scripts/install-deps.sh installs it)\n");
    return 1;
  }
  app::AppConfig config;
  // MAIL_OUT=0: the same replies with mail out switched off, to see what queuing costs a reply.
  const bool mail_out = !(std::getenv("MAIL_OUT") && std::string(std::getenv("MAIL_OUT")) == "0");
  config.mail_out.enabled = mail_out;
  config.mail_out.from = {"Farol Support", "suporte@farol.test"};
  config.mail_out.public_url = "https://desk.farol.test";
  config.alerts.send_threads = std::getenv("SEND_THREADS") ? std::atoi(std::getenv("SEND_THREADS")) : 4;  // as `farol serve`
  testing::TestApp app("sqlite", config);
  const auto agent = app.Staff("ana@farol.test", domain::Role::kAgent, 1, {});
  const int64_t org = app.Organisation("Banco Horizonte", 12000);
  const auto carla = app.Contact(org, "carla@bancohorizonte.com.br");
  std::vector<int64_t> tickets;
  for (int i = 0; i < count; ++i) {
    auto r = app.Call("POST", "/api/v1/tickets",
                      R"({"subject":"VPN caiu na agência )" + std::to_string(i) + R"(","organisation_id":)" +
                          std::to_string(org) + "}",
                      &carla);
    if (r.status != 201) {
      std::fprintf(stderr, "create: %d %s\n", r.status, r.body.c_str());
      return 1;
    }
    tickets.push_back(std::stoll(r.body.substr(r.body.find("\"id\":") + 5)));
  }

  const std::string body = R"({"body":"Reiniciamos o concentrador da agência e o túnel voltou às 8h12.\nPode confirmar?\n\nAna"})";
  auto t0 = Steady::now();
  for (int64_t id : tickets) {
    auto r = app.Call("POST", "/api/v1/tickets/" + std::to_string(id) + "/replies", body, &agent);
    if (r.status != 201) {
      std::fprintf(stderr, "reply: %d %s\n", r.status, r.body.c_str());
      return 1;
    }
  }
  const double queue_s = std::chrono::duration<double>(Steady::now() - t0).count();
  if (!mail_out) {
    std::printf("replies saved, mail out off: %d in %.2f s: %.0f /s\n", count, queue_s, count / queue_s);
    return 0;
  }

  jobs::CurlSenderOptions o;
  o.smtp.url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  o.smtp.from = "suporte@farol.test";
  jobs::CurlSender curl(o);
  TimedSender sender(curl);
  int sent = 0;
  t0 = Steady::now();
  while (sent < count) {
    auto d = app.app().alerts().DeliverDue(sender, 200);
    if (!d.ok() || d->failed || d->dead) {
      std::fprintf(stderr, "delivery failed: %s\n", d.ok() ? "a message was refused" : d.status().ToString().c_str());
      return 1;
    }
    if (d->sent == 0) break;
    sent += d->sent;
  }
  const double send_s = std::chrono::duration<double>(Steady::now() - t0).count();

  // The server's own count: every message once.
  const auto received = smtp.Messages();
  std::set<std::string> ids;
  for (const auto& raw : received) {
    auto m = mail::ParseMessage(raw);
    if (m.ok()) ids.insert(m->message_id);
  }
  std::printf("replies saved, each queuing its e-mail: %d in %.2f s: %.0f /s\n", count, queue_s, count / queue_s);
  std::printf("e-mails sent to the SMTP server: %d in %.2f s: %.0f messages/s (SMTP sessions: %.2f s summed over the sending threads)\n", sent,
              send_s, sent / send_s, sender.seconds);
  std::printf("received by the server: %zu messages, %zu distinct Message-IDs\n", received.size(), ids.size());
  return received.size() == static_cast<size_t>(count) && ids.size() == received.size() ? 0 : 1;
}
