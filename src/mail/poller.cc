#include "mail/poller.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace farol::mail {

StatusOr<DrainResult> Drain(ImapSession& session, app::MailIntake& intake, const app::MailboxRoute& route,
                            metrics::Registry* metrics, const DrainOptions& options) {
  DrainResult r;
  FAROL_ASSIGN_OR_RETURN(const std::vector<uint32_t> pending, session.Pending());
  const size_t batch = static_cast<size_t>(std::max(options.batch, 1));
  for (size_t from = 0; from < pending.size(); from += batch) {
    const std::vector<uint32_t> uids(pending.begin() + from, pending.begin() + std::min(pending.size(), from + batch));
    FAROL_ASSIGN_OR_RETURN(const auto fetched, session.Fetch(uids));  // expunged meanwhile: left out
    std::vector<std::string_view> raws;
    for (const auto& [uid, raw] : fetched) raws.push_back(raw);
    const std::vector<StatusOr<app::MailResult>> taken = intake.TakeAll(route, raws, options.threads);
    std::vector<uint32_t> done;
    Status failed;
    for (size_t i = 0; i < taken.size(); ++i) {
      if (!taken[i].ok()) {
        if (failed.ok()) failed = taken[i].status();
        continue;
      }
      done.push_back(fetched[i].first);
      if (taken[i]->outcome == app::MailOutcome::kDuplicate) {
        ++r.duplicates;
      } else {
        ++r.taken;
      }
      if (metrics) {
        metrics->GetCounter("farol_mail_received_total", "Messages read from mailboxes, by what became of them.",
                            "outcome=\"" + std::string(app::Name(taken[i]->outcome)) + "\"")
            .Inc();
      }
    }
    // Only now, with farol's records durable, are the messages marked done on the server; a
    // message farol could not store stays unmarked for the next look.
    FAROL_RETURN_IF_ERROR(session.Done(done));
    FAROL_RETURN_IF_ERROR(failed);
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
      auto drained = Drain(**session, intake_, box.route, metrics_, box.drain);
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
