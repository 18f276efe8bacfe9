// Live views: GET /api/v1/tickets/{id}/live is a Server-Sent Events stream that says when the
// ticket changes, so an open ticket view can reload what changed instead of overwriting it.
//
// Events: `ready` (the version now), `ticket` (a new version exists, or a chat's state moved),
// `gone` (the ticket is no longer visible to the caller). Only ids, versions and a chat's state
// ("chat": waiting, active, missed, ended) travel on the stream; the view fetches the ticket
// itself through the normal, authorised endpoints. A widget visitor's chat has the same stream
// (routes_chat.cc).
#include <mutex>

#include "http/api.h"
#include "http/json.h"

namespace farol::http {

namespace {

class TicketLiveStream final : public EventStream, public std::enable_shared_from_this<TicketLiveStream> {
 public:
  TicketLiveStream(app::App& app, domain::Actor actor, const domain::Ticket& t)
      : app_(app), actor_(std::move(actor)), id_(t.id), version_(t.version) {
    if (t.channel == domain::Channel::kChat) chat_ = app_.chats().StateOf(id_);
  }

  void Start(std::function<bool(std::string)> send) override {
    std::lock_guard lock(mu_);
    send_ = std::move(send);
    // A change published by this process arrives at once; Tick catches the others.
    subscription_ = app_.ticket_watch().Subscribe(id_, [weak = weak_from_this()](int64_t) {
      if (auto self = weak.lock()) self->Check();
    });
    send_("retry: 3000\nevent: ready\ndata: " + Payload() + "\n\n");
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
  std::string Payload() const {
    std::string out = "{\"id\":" + std::to_string(id_) + ",\"version\":" + std::to_string(version_);
    if (!chat_.empty()) out += ",\"chat\":\"" + chat_ + "\"";
    return out + "}";
  }

  void Check() {
    auto d = app_.tickets().Get(actor_, id_);  // authorised read, outside the lock
    const std::string chat = d.ok() && d->ticket.channel == domain::Channel::kChat ? app_.chats().StateOf(id_) : "";
    std::lock_guard lock(mu_);
    if (!send_) return;
    if (!d.ok()) {
      if (d.status().code() == StatusCode::kNotFound) send_("event: gone\ndata: " + Payload() + "\n\n");
      return;
    }
    if (d->ticket.version == version_ && chat == chat_) return;
    version_ = d->ticket.version;
    chat_ = chat;
    send_("event: ticket\ndata: " + Payload() + "\n\n");
  }

  app::App& app_;
  const domain::Actor actor_;
  const int64_t id_;
  std::mutex mu_;
  int64_t version_;
  std::string chat_;  // the chat's state, for a ticket on the chat channel
  std::function<bool(std::string)> send_;
  app::TicketWatch::Subscription subscription_;
};

}  // namespace

HttpResponse LiveStream(RequestContext& c, const domain::Actor& actor, int64_t id, std::chrono::seconds tick) {
  auto d = c.app.tickets().Get(actor, id);
  if (!d.ok()) return ProblemResponse(d.status());
  HttpResponse res;
  res.stream = std::make_shared<TicketLiveStream>(c.app, actor, d->ticket);
  res.Set("Content-Type", "text/event-stream");
  res.Set("X-Accel-Buffering", "no");  // proxies must not hold events back
  res.tick = tick;
  return res;
}

void AddLiveRoutes(Router& r, const ApiOptions& options) {
  const std::chrono::seconds tick = options.live_tick;
  r.Add("GET", "/api/v1/tickets/{id}/live", Access::kSignedIn, BodyKind::kNone, [tick](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    return LiveStream(c, c.actor(), *id, tick);
  });
}

}  // namespace farol::http
