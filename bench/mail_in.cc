// E-mail intake throughput from a real IMAP mailbox (bench/mail.sh, docs/PERFORMANCE.md): COUNT
// messages delivered to Debian's Dovecot on loopback (each a new thread with a 4 KB body from one
// of 500 senders of a known organisation, every tenth an answer to an earlier thread), then taken
// in by the same code as `farol serve`'s mailbox threads (mail::Drain: fetched a batch at a time,
// taken in side by side, marked seen on the server once stored) into a SQLite file with durable
// commits and the originals gzip'd in the file store. THREADS (default 8; a list such as 8,1 takes
// the same mailbox in once per value) and BATCH (default 100) set the intake's threads and batch;
// THREADS=1 is one message after another.
//
// Prints messages/s and checks that every message became one ticket or one reply and that the
// mailbox holds no unseen message afterwards.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "mail/imap.h"
#include "mail/poller.h"
#include "testing/mail_servers.h"
#include "testing/test_env.h"

using namespace farol;
using Steady = std::chrono::steady_clock;

namespace {

int Env(const char* name, int fallback) { return std::getenv(name) ? std::atoi(std::getenv(name)) : fallback; }

std::string Message(int n, const std::string& body) {
  const int sender = n % 500;
  std::string m = "From: Cliente " + std::to_string(sender) + " <cliente" + std::to_string(sender) +
                  "@bancohorizonte.com.br>\r\nTo: suporte@farol.test\r\nDate: Mon, 02 Nov 2026 09:00:00 -0300\r\n";
  if (n % 10 == 0 && n > 10) {
    // An answer to the thread the same sender opened 500 messages earlier (or to the first ones).
    const int original = n > 500 ? n - 500 : n - 1;
    m += "Subject: Re: Chamado " + std::to_string(original) + "\r\nIn-Reply-To: <bench-" + std::to_string(original) +
         "@bancohorizonte.com.br>\r\n";
  } else {
    m += "Subject: Chamado " + std::to_string(n) + ": impressora parada\r\n";
  }
  return m + "Message-ID: <bench-" + std::to_string(n) +
         "@bancohorizonte.com.br>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBom dia,\r\n" +
         body + "\r\n";
}

}  // namespace

int main() {
  const int count = Env("COUNT", 2000);
  testing::TempDir dir;
  testing::Dovecot dovecot(dir.path() + "/dovecot");
  if (!dovecot.up()) {
    std::fprintf(stderr, "Dovecot did not start (scripts/install-deps.sh installs dovecot-imapd):\n%s\n",
                 dovecot.log().c_str());
    return 1;
  }
  // 3,000 random bytes in base64: 4 KB of body lines that compress no better than real text.
  std::mt19937 rng(7);
  std::string body;
  const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 4000; ++i) {
    body += b64[rng() % 64];
    if (i % 76 == 75) body += "\r\n";
  }
  const auto d0 = Steady::now();
  for (int n = 1; n <= count; ++n) {
    if (!dovecot.Deliver(Message(n, body))) {
      std::fprintf(stderr, "delivery %d failed:\n%s\n", n, dovecot.log().c_str());
      return 1;
    }
  }
  std::printf("delivered %d messages to Dovecot in %.1f s (not timed below)\n", count,
              std::chrono::duration<double>(Steady::now() - d0).count());

  // THREADS is a comma-separated list: the same mailbox is taken in once for each value, into a
  // fresh database, after marking its messages unseen again.
  std::vector<int> runs;
  for (const char* p = std::getenv("THREADS") ? std::getenv("THREADS") : "8"; *p;) {
    char* next = nullptr;
    const long v = std::strtol(p, &next, 10);
    if (next == p || v < 1 || (*next != ',' && *next != '\0')) {
      std::fprintf(stderr, "THREADS must be numbers separated by commas, such as 8,1\n");
      return 2;
    }
    runs.push_back(static_cast<int>(v));
    p = *next == ',' ? next + 1 : next;
  }
  bool all_right = true;
  for (const int threads : runs) {
    if (!dovecot.MarkAllUnseen()) {
      std::fprintf(stderr, "could not mark the mailbox unseen:\n%s\n", dovecot.log().c_str());
      return 1;
    }
    testing::TestApp app("sqlite");
    const auto admin = app.Staff("root@farol.test", domain::Role::kAdmin, 3, {});
    const int64_t org = app.Organisation("Banco Horizonte", 12000);
    auto r = app.Call("PATCH", "/api/v1/organisations/" + std::to_string(org),
                      R"({"email_domains":["bancohorizonte.com.br"]})", &admin);
    if (r.status != 200) {
      std::fprintf(stderr, "organisation: %d %s\n", r.status, r.body.c_str());
      return 1;
    }
    mail::ImapConfig imap;
    imap.url = dovecot.url();
    imap.user = dovecot.user();
    imap.password = dovecot.password();
    app::MailboxRoute route;
    route.name = "support";
    mail::DrainOptions options;
    options.threads = threads;
    options.batch = Env("BATCH", options.batch);

    const auto t0 = Steady::now();
    auto session = mail::ImapSession::Open(imap);
    if (!session.ok()) {
      std::fprintf(stderr, "%s\n", session.status().ToString().c_str());
      return 1;
    }
    auto drained = mail::Drain(**session, app.app().mail(), route, nullptr, options);
    const double s = std::chrono::duration<double>(Steady::now() - t0).count();
    if (!drained.ok()) {
      std::fprintf(stderr, "%s\n", drained.status().ToString().c_str());
      return 1;
    }
    int64_t tickets = 0, replies = 0;
    (void)app.store().Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(tickets, tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM tickets"));
      FAROL_ASSIGN_OR_RETURN(
          replies, tx.connectionForTest().QueryInt("SELECT COUNT(*) FROM mail_messages WHERE state = 'reply'"));
      return OkStatus();
    });
    const size_t unseen = dovecot.Unseen().size();
    std::printf("IMAP to tickets (%d threads, batches of %d): %d messages in %.2f s: %.0f messages/s\n", threads,
                options.batch, drained->taken, s, drained->taken / s);
    std::printf("  tickets %lld, replies %lld, left unseen on the server %zu\n", static_cast<long long>(tickets),
                static_cast<long long>(replies), unseen);
    all_right = all_right && tickets + replies == count && unseen == 0;
  }
  return all_right ? 0 : 1;
}
