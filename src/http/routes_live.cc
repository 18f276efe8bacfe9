// Live views: GET /api/v1/tickets/{id}/live is a Server-Sent Events stream that says when the
// ticket changes, so an open ticket view can reload what changed instead of overwriting it.
//
// Events: `ready` (the version now), `ticket` (a new version exists), `gone` (the ticket is no
// longer visible to the caller). Only ids and versions travel on the stream; the view fetches
// the ticket itself through the normal, authorised endpoints.
#include <mutex>

#include "http/api.h"
#include "http/json.h"

namespace farol::http {

namespace {

class TicketLiveStream final : public EventStream, public std::enable_shared_from_this<TicketLiveStream> {
 public:
  TicketLiveStream(app::App& app, domain::Actor actor, int64_t id, int64_t version)
      : app_(app), actor_(std::move(actor)), id_(id), version_(version) {}

  void Start(std::function<bool(std::string)> send) override {
    std::lock_guard lock(mu_);
    send_ = std::move(send);
    // A change published by this process arrives at once; Tick catches the others.
    subscription_ = app_.ticket_watch().Subscribe(id_, [weak = weak_from_this()](int64_t) {
      if (auto self = weak.lock()) self->Check();
    });
    send_("retry: 3000\nevent: ready\ndata: " + Payload(version_) + "\n\n");
  }

  void Tick() override {
    Check();
    std::lock_guard lock(mu_);
    if (send_) send_(": keep-alive\n\n");
  }

  void Stop() override {
    std::lock_guard lock(mu_);
    subscription_.reset();
    send_ = nullptr;
  }

 private:
  std::string Payload(int64_t version) const {
    return "{\"id\":" + std::to_string(id_) + ",\"version\":" + std::to_string(version) + "}";
  }

  void Check() {
    auto d = app_.tickets().Get(actor_, id_);  // authorised read, outside the lock
    std::lock_guard lock(mu_);
    if (!send_) return;
    if (!d.ok()) {
      if (d.status().code() == StatusCode::kNotFound) send_("event: gone\ndata: " + Payload(version_) + "\n\n");
      return;
    }
    if (d->ticket.version == version_) return;
    version_ = d->ticket.version;
    send_("event: ticket\ndata: " + Payload(version_) + "\n\n");
  }

  app::App& app_;
  const domain::Actor actor_;
  const int64_t id_;
  std::mutex mu_;
  int64_t version_;
  std::function<bool(std::string)> send_;
  app::TicketWatch::Subscription subscription_;
};

}  // namespace

void AddLiveRoutes(Router& r, const ApiOptions& options) {
  const std::chrono::seconds tick = options.live_tick;
  r.Add("GET", "/api/v1/tickets/{id}/live", Access::kSignedIn, BodyKind::kNone, [tick](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto d = c.app.tickets().Get(c.actor(), *id);
    if (!d.ok()) return ProblemResponse(d.status());
    HttpResponse res;
    res.stream = std::make_shared<TicketLiveStream>(c.app, c.actor(), *id, d->ticket.version);
    res.Set("Content-Type", "text/event-stream");
    res.Set("X-Accel-Buffering", "no");  // proxies must not hold events back
    res.tick = tick;
    return res;
  });
}

}  // namespace farol::http
