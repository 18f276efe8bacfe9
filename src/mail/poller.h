// Mail intake from IMAP mailboxes: one thread per configured mailbox takes every pending message
// in through app::MailIntake, marks it done on the server only after farol has stored it, and
// then waits for new mail in IDLE (or polls, on servers without IDLE). A broken connection is
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

struct MailboxSetup {
  app::MailboxRoute route;
  ImapConfig imap;
  // Between looks on a server without IDLE, and the longest IDLE before re-checking (servers
  // drop idle connections after 30 minutes; RFC 2177 asks clients to re-issue within 29).
  std::chrono::seconds poll{60};
  std::chrono::seconds idle{20 * 60};
};

struct DrainResult {
  int taken = 0;      // stored by farol and marked done on the server
  int duplicates = 0; // already stored (a re-fetch): marked done again
};

// Takes every pending message of an open session in. Stops at the first message farol could not
// store (a store error): that one and the rest stay on the server for the next look.
StatusOr<DrainResult> Drain(ImapSession& session, app::MailIntake& intake, const app::MailboxRoute& route,
                            metrics::Registry* metrics);

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
