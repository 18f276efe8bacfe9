#include "mail/poller.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace farol::mail {

StatusOr<DrainResult> Drain(ImapSession& session, app::MailIntake& intake, const app::MailboxRoute& route,
                            metrics::Registry* metrics) {
  DrainResult r;
  FAROL_ASSIGN_OR_RETURN(const std::vector<uint32_t> uids, session.Pending());
  for (uint32_t uid : uids) {
    auto raw = session.Fetch(uid);
    if (raw.status().code() == StatusCode::kNotFound) continue;  // expunged meanwhile
    FAROL_RETURN_IF_ERROR(raw.status());
    FAROL_ASSIGN_OR_RETURN(const app::MailResult taken, intake.Take(route, *raw));
    if (metrics) {
      metrics->GetCounter("farol_mail_received_total", "Messages read from mailboxes, by what became of them.",
                          "outcome=\"" + std::string(app::Name(taken.outcome)) + "\"")
          .Inc();
    }
    // Only now, with farol's record durable, is the message marked done on the server.
    FAROL_RETURN_IF_ERROR(session.Done(uid));
    if (taken.outcome == app::MailOutcome::kDuplicate) {
      ++r.duplicates;
    } else {
      ++r.taken;
    }
  }
  return r;
}

MailPoller::MailPoller(app::MailIntake& intake, std::vector<MailboxSetup> mailboxes, metrics::Registry* metrics)
    : intake_(intake), mailboxes_(std::move(mailboxes)), metrics_(metrics) {}

MailPoller::~MailPoller() { Stop(); }

void MailPoller::Start() {
  stop_ = false;
  for (const MailboxSetup& box : mailboxes_) threads_.emplace_back([this, &box] { Run(box); });
}

void MailPoller::Stop() {
  stop_ = true;
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

bool MailPoller::Sleep(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stop_.load(); });
}

void MailPoller::Run(const MailboxSetup& box) {
  std::chrono::milliseconds backoff(1000);
  const std::string& name = box.route.name;
  while (!stop_) {
    auto session = ImapSession::Open(box.imap);
    if (!session.ok()) {
      spdlog::warn("mailbox {}: {} (trying again in {} s)", name, session.status().message(), backoff.count() / 1000);
      if (!Sleep(backoff)) return;
      backoff = std::min(backoff * 2, std::chrono::milliseconds(60'000));
      continue;
    }
    spdlog::info("mailbox {}: connected ({})", name, (*session)->SupportsIdle() ? "IDLE" : "polling");
    Status broken;
    while (!stop_ && broken.ok()) {
      auto drained = Drain(**session, intake_, box.route, metrics_);
      if (!drained.ok()) {
        broken = drained.status();
        break;
      }
      backoff = std::chrono::milliseconds(1000);
      if (drained->taken) spdlog::info("mailbox {}: took in {} message(s)", name, drained->taken);
      if ((*session)->SupportsIdle()) {
        auto idle = (*session)->Idle(box.idle, stop_);
        if (!idle.ok()) broken = idle.status();
      } else if (!Sleep(box.poll)) {
        return;
      }
    }
    if (stop_) return;
    spdlog::warn("mailbox {}: {} (reconnecting in {} s)", name, broken.message(), backoff.count() / 1000);
    session->reset();
    if (!Sleep(backoff)) return;
    backoff = std::min(backoff * 2, std::chrono::milliseconds(60'000));
  }
}

}  // namespace farol::mail
