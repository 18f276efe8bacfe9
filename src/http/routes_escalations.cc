// The escalation matrix at work (docs/ESCALATION.md; who may do what is decided in
// app::EscalationService):
//   GET /api/v1/tickets/{id}/escalations                       a ticket's levels fired and the next one
//   POST /api/v1/tickets/{id}/escalations/{level}/acknowledge   staff acknowledge a level
//   POST /api/v1/tickets/{id}/escalation-request                a contact asks to escalate
//   GET /api/v1/escalations                                     the escalation log
//   GET/POST /api/v1/escalations/ack/{token}                    the signed link in the e-mail (no sign-in)
#include "http/api.h"
#include "http/json.h"
#include "http/query.h"

namespace farol::http {

namespace {

bj::value Person(int64_t id, const std::string& name) {
  if (!id) return nullptr;
  return bj::object{{"id", id}, {"name", name}};
}

bj::object EncodeEscalation(const store::EscalationRow& e, Timestamp now) {
  bj::array recipients, channels;
  for (const std::string& r : e.recipients) recipients.push_back(bj::string(r));
  for (const std::string& ch : e.channels) channels.push_back(bj::string(ch));
  std::string state = "open";
  if (e.acknowledged_at) state = "acknowledged";
  else if (e.deadline_at && *e.deadline_at <= now) state = "missed";
  return {{"id", e.id},
          {"ticket_id", e.ticket_id},
          {"subject", e.ticket_subject},
          {"level", e.level},
          {"name", e.name},
          {"cause", e.cause},
          {"fired_at", FormatIso8601(e.fired_at)},
          {"deadline_at", TimeOrNull(e.deadline_at)},
          {"acknowledged_at", TimeOrNull(e.acknowledged_at)},
          {"acknowledged_by", Person(e.acknowledged_by, e.acknowledged_by_name)},
          {"late", e.acknowledged_at && e.deadline_at && *e.acknowledged_at > *e.deadline_at},
          {"via", e.ack_via.empty() ? bj::value(nullptr) : bj::value(e.ack_via)},
          {"requested_by", Person(e.requested_by, e.requested_by_name)},
          {"recipients", std::move(recipients)},
          {"channels", std::move(channels)},
          {"state", state}};
}

bj::object EncodeLink(const app::EscalationService::LinkView& v, Timestamp now) {
  bj::object o = EncodeEscalation(v.row, now);
  o.erase("recipients");
  o.erase("channels");
  o["recipient"] = v.recipient;
  return o;
}

}  // namespace

void AddEscalationRoutes(Router& r) {
  r.Add("GET", "/api/v1/tickets/{id}/escalations", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto e = c.app.escalations().ForTicket(c.actor(), *id);
    if (!e.ok()) return ProblemResponse(e.status());
    const Timestamp now = c.app.clock().SystemNow();
    bj::array items;
    for (const auto& row : e->fired) items.push_back(EncodeEscalation(row, now));
    bj::object out{{"ticket_id", *id}, {"levels", e->levels}, {"items", std::move(items)}};
    if (e->next) {
      out["next"] = bj::object{{"level", e->next->threshold}, {"name", e->next_name}, {"due", FormatIso8601(e->next->due)}};
    } else {
      out["next"] = nullptr;
    }
    const int highest = e->fired.empty() ? 0 : e->fired.back().level;
    out["can_request"] = c.actor().IsContact() && e->open && e->levels > highest && !e->request_allowed_at;
    out["request_allowed_at"] = TimeOrNull(e->request_allowed_at);
    return JsonResponse(200, out);
  });
  r.Add("POST", "/api/v1/tickets/{id}/escalations/{level}/acknowledge", Access::kSignedIn, BodyKind::kNone,
        [](RequestContext& c) {
          auto id = c.Id();
          if (!id.ok()) return ProblemResponse(id.status());
          auto level = c.Id("level");
          if (!level.ok()) return ProblemResponse(level.status());
          auto row = c.app.escalations().Acknowledge(c.actor(), *id, int(*level));
          if (!row.ok()) return ProblemResponse(row.status());
          return JsonResponse(200, EncodeEscalation(*row, c.app.clock().SystemNow()));
        });
  r.Add("POST", "/api/v1/tickets/{id}/escalation-request", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto reason = in->String("reason");
    if (!in->Has("reason")) in->Error("reason", "is required: tell us why, in a few words");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto done = c.app.escalations().Request(c.actor(), *id, reason.value_or(""));
    if (!done.ok()) return ProblemResponse(done.status());
    return JsonResponse(202, bj::object{{"level", done->level}, {"name", done->name}});
  });
  r.Add("GET", "/api/v1/escalations", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    std::optional<bool> acknowledged;
    if (auto s = q.One("state")) {
      if (*s == "open") acknowledged = false;
      else if (*s == "acknowledged") acknowledged = true;
      else if (*s != "all") q.Error("state", "must be one of open, acknowledged, all");
    }
    const int limit = q.Int("limit", 1, 200).value_or(50);
    int64_t before = 0;
    if (auto b = q.Ids("before"); !b.empty()) before = b.front();
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.escalations().Log(c.actor(), acknowledged, limit + 1, before);
    if (!list.ok()) return ProblemResponse(list.status());
    const Timestamp now = c.app.clock().SystemNow();
    bj::object out;
    if (int(list->size()) > limit) {
      list->resize(size_t(limit));
      out["next_before"] = list->back().id;
    } else {
      out["next_before"] = nullptr;
    }
    bj::array items;
    for (const auto& row : *list) items.push_back(EncodeEscalation(row, now));
    out["items"] = std::move(items);
    return JsonResponse(200, out);
  });
  r.Add("GET", "/api/v1/escalations/ack/{token}", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    auto view = c.app.escalations().Peek(c.Param("token"));
    if (!view.ok()) return ProblemResponse(view.status());
    return JsonResponse(200, EncodeLink(*view, c.app.clock().SystemNow()));
  });
  r.Add("POST", "/api/v1/escalations/ack/{token}", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    auto view = c.app.escalations().AcknowledgeByLink(c.Param("token"));
    if (!view.ok()) return ProblemResponse(view.status());
    return JsonResponse(200, EncodeLink(*view, c.app.clock().SystemNow()));
  });
}

}  // namespace farol::http
