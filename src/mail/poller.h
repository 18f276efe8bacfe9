// Mail intake from IMAP mailboxes: one thread per configured mailbox takes every pending message
// in through app::MailIntake (a batch at a time, on a few threads), marks it done on the server
// only after farol has stored it, and then waits for new mail in IDLE (or polls, on servers
// without IDLE). A broken connection is
// re-opened with backoff; nothing is lost meanwhile, since unmarked mail stays on the server.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/mail_intake.h"
#include "core/metrics.h"
#include "mail/imap.h"

namespace farol::mail {

struct DrainOptions {
  int batch = 100;  // messages fetched with one command and marked done with one
  int threads = 8;  // messages of a batch taken in side by side (their commits share fsyncs)
};

struct MailboxSetup {
  app::MailboxRoute route;
  ImapConfig imap;
  // Between looks on a server without IDLE, and the longest IDLE before re-checking (servers
  // drop idle connections after 30 minutes; RFC 2177 asks clients to re-issue within 29).
  std::chrono::seconds poll{60};
  std::chrono::seconds idle{20 * 60};
  DrainOptions drain;
};

struct DrainResult {
  int taken = 0;      // stored by farol and marked done on the server
  int duplicates = 0; // already stored (a re-fetch): marked done again
};

// Takes every pending message of an open session in, a batch at a time (app::MailIntake::TakeAll).
// Stops after the first batch with a message farol could not store (a store error): that one, and
// the later batches, stay on the server for the next look; the batch's stored messages are marked.
StatusOr<DrainResult> Drain(ImapSession& session, app::MailIntake& intake, const app::MailboxRoute& route,
                            metrics::Registry* metrics, const DrainOptions& options = {});

class MailPoller {
 public:
  MailPoller(app::MailIntake& intake, std::vector<MailboxSetup> mailboxes, metrics::Registry* metrics);
  ~MailPoller();
  void Start();
  void Stop();  // returns once every mailbox thread has finished

 private:
  void Run(const MailboxSetup& box);
  bool Sleep(std::chrono::milliseconds d);  // false when stopping

  app::MailIntake& intake_;
  std::vector<MailboxSetup> mailboxes_;
  metrics::Registry* metrics_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace farol::mail
