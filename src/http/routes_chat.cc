// Live chat endpoints (docs/CHAT.md): the widget on a customer's site (authenticated by its
// public key, then by the visitor's own token for their one chat), the portal contact's chat,
// agents' queue, pick-up and presence, and the widgets admins make.
#include <algorithm>

#include "http/api.h"
#include "http/json.h"
#include "http/query.h"
#include "http/router.h"

namespace farol::http {

namespace {

std::string_view KindName(domain::ActorKind k) {
  switch (k) {
    case domain::ActorKind::kStaff: return "agent";
    case domain::ActorKind::kContact: return "customer";
    case domain::ActorKind::kSystem: return "system";
  }
  return "system";
}

bj::object EncodeChat(const store::ChatRow& c) {
  return {{"ticket_id", c.ticket_id},
          {"state", c.state},
          {"subject", c.subject},
          {"organisation_name", c.organisation_name},
          {"requester_name", c.requester_name},
          {"from_widget", c.widget_id != 0},
          {"started_at", FormatIso8601(c.started_at)},
          {"pickup_deadline", FormatIso8601(c.pickup_deadline)},
          {"picked_up_at", TimeOrNull(c.picked_up_at)},
          {"agent_id", IdOrNull(c.agent_id)},
          {"agent_name", c.agent_name},
          {"ended_at", TimeOrNull(c.ended_at)}};
}

bj::object EncodeMessage(const app::ChatMessage& m) {
  return {{"id", IdOrNull(m.id)},
          {"at", FormatIso8601(m.at)},
          {"author", KindName(m.author_kind)},
          {"author_name", m.author_name},
          {"body", m.body}};
}

HttpResponse ConversationResponse(const StatusOr<app::Conversation>& c) {
  if (!c.ok()) return ProblemResponse(c.status());
  bj::array lines;
  for (const auto& m : c->messages) lines.push_back(EncodeMessage(m));
  return JsonResponse(200, bj::object{{"chat", EncodeChat(c->chat)}, {"messages", std::move(lines)}});
}

bj::object EncodeWidget(const store::ChatWidget& w) {
  return {{"id", w.id},
          {"name", w.name},
          {"organisation_id", w.organisation_id},
          {"organisation_name", w.organisation_name},
          {"team_id", IdOrNull(w.team_id)},
          {"team_name", w.team_name},
          {"key", w.key},
          {"rate_per_minute", w.rate_per_minute},
          {"created_at", FormatIso8601(w.created_at)},
          {"revoked_at", TimeOrNull(w.revoked_at)}};
}

// The message of a chat line: {"body": "..."}.
StatusOr<std::string> ReadBody(RequestContext& c, std::string_view member) {
  FAROL_ASSIGN_OR_RETURN(Reader in, Reader::Parse(c.request.body));
  std::string body = in.String(member).value_or("");
  FAROL_RETURN_IF_ERROR(in.Finish());
  return body;
}

app::ChatService::WidgetFields ReadWidget(Reader& in) {
  app::ChatService::WidgetFields f;
  f.name = in.String("name");
  if (in.Has("team_id")) f.team_id = in.Id("team_id").value_or(0);
  if (auto rate = in.Int("rate_per_minute")) f.rate_per_minute = static_cast<int>(std::clamp<int64_t>(*rate, -1, 1'000'000));
  return f;
}

// A widget visitor: the chat in the path and the token in the X-Chat-Token header.
StatusOr<domain::Actor> Visitor(RequestContext& c, int64_t* id) {
  FAROL_ASSIGN_OR_RETURN(*id, c.Id());
  const std::string* token = c.request.Header("x-chat-token");
  if (token == nullptr) return UnauthenticatedError("Send the chat's token in the X-Chat-Token header.");
  return c.app.chats().VisitorActor(*id, *token);
}

HttpResponse Said(const StatusOr<app::ChatMessage>& m) {
  if (!m.ok()) return ProblemResponse(m.status());
  return JsonResponse(201, EncodeMessage(*m));
}

}  // namespace

void AddChatRoutes(Router& r, const ApiOptions& options) {
  const std::chrono::seconds tick = options.live_tick;

  // ---- the widget (public key, then the visitor's token) ----
  r.Add("GET", "/api/v1/chat-widgets/{key}", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    auto info = c.app.chats().Widget(c.Param("key"));
    if (!info.ok()) return ProblemResponse(info.status());
    return JsonResponse(200, bj::object{{"organisation_name", info->organisation_name},
                                        {"agents_available", info->agents_available}});
  });
  r.Add("POST", "/api/v1/chat-widgets/{key}/chats", Access::kPublic, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    app::ChatService::Visitor v;
    v.name = in->String("name").value_or("");
    v.email = in->String("email").value_or("");
    v.locale = in->String("locale").value_or("en");
    const std::string message = in->String("message").value_or("");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto started = c.app.chats().StartFromWidget(c.Param("key"), v, message);
    if (!started.ok()) return ProblemResponse(started.status());
    return JsonResponse(201, bj::object{{"chat", EncodeChat(started->chat)}, {"token", started->token}});
  });
  r.Add("GET", "/api/v1/visitor/chats/{id}", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    int64_t id = 0;
    auto actor = Visitor(c, &id);
    if (!actor.ok()) return ProblemResponse(actor.status());
    return ConversationResponse(c.app.chats().Get(*actor, id));
  });
  r.Add("POST", "/api/v1/visitor/chats/{id}/messages", Access::kPublic, BodyKind::kJson, [](RequestContext& c) {
    int64_t id = 0;
    auto actor = Visitor(c, &id);
    if (!actor.ok()) return ProblemResponse(actor.status());
    auto body = ReadBody(c, "body");
    if (!body.ok()) return ProblemResponse(body.status());
    return Said(c.app.chats().Say(*actor, id, *body));
  });
  r.Add("POST", "/api/v1/visitor/chats/{id}/end", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    int64_t id = 0;
    auto actor = Visitor(c, &id);
    if (!actor.ok()) return ProblemResponse(actor.status());
    auto chat = c.app.chats().End(*actor, id);
    if (!chat.ok()) return ProblemResponse(chat.status());
    return JsonResponse(200, EncodeChat(*chat));
  });
  r.Add("GET", "/api/v1/visitor/chats/{id}/live", Access::kPublic, BodyKind::kNone, [tick](RequestContext& c) {
    int64_t id = 0;
    auto actor = Visitor(c, &id);
    if (!actor.ok()) return ProblemResponse(actor.status());
    return LiveStream(c, *actor, id, tick);
  });

  // ---- signed in: portal contacts and agents ----
  r.Add("POST", "/api/v1/chats", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto message = ReadBody(c, "message");
    if (!message.ok()) return ProblemResponse(message.status());
    auto started = c.app.chats().Start(c.actor(), *message);
    if (!started.ok()) return ProblemResponse(started.status());
    return JsonResponse(201, bj::object{{"chat", EncodeChat(started->chat)}});
  });
  r.Add("GET", "/api/v1/chats", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    const std::vector<std::string> states = q.List("state");
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.chats().List(c.actor(), states);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& chat : *list) items.push_back(EncodeChat(chat));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
  r.Add("GET", "/api/v1/chats/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    return ConversationResponse(c.app.chats().Get(c.actor(), *id));
  });
  r.Add("POST", "/api/v1/chats/{id}/messages", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto body = ReadBody(c, "body");
    if (!body.ok()) return ProblemResponse(body.status());
    return Said(c.app.chats().Say(c.actor(), *id, *body));
  });
  r.Add("POST", "/api/v1/chats/{id}/pickup", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto chat = c.app.chats().Pickup(c.actor(), *id);
    if (!chat.ok()) return ProblemResponse(chat.status());
    return JsonResponse(200, EncodeChat(*chat));
  });
  r.Add("POST", "/api/v1/chats/{id}/end", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto chat = c.app.chats().End(c.actor(), *id);
    if (!chat.ok()) return ProblemResponse(chat.status());
    return JsonResponse(200, EncodeChat(*chat));
  });
  r.Add("PUT", "/api/v1/me/presence", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto status = ReadBody(c, "status");
    if (!status.ok()) return ProblemResponse(status.status());
    if (Status s = c.app.chats().SetPresence(c.actor(), *status); !s.ok()) return ProblemResponse(s);
    return JsonResponse(200, bj::object{{"status", *status}});
  });
  r.Add("GET", "/api/v1/chat/presence", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.chats().Presence(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& p : *list) {
      items.push_back(bj::object{{"user_id", p.user_id},
                                 {"name", p.name},
                                 {"status", p.status},
                                 {"changed_at", FormatIso8601(p.changed_at)},
                                 {"seen_at", FormatIso8601(p.seen_at)}});
    }
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });

  // ---- widgets (admins) ----
  r.Add("GET", "/api/v1/chat/widgets", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.chats().Widgets(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& w : *list) items.push_back(EncodeWidget(w));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
  r.Add("POST", "/api/v1/chat/widgets", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const int64_t org = in->Id("organisation_id").value_or(0);
    auto f = ReadWidget(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto made = c.app.chats().CreateWidget(c.actor(), org, f);
    if (!made.ok()) return ProblemResponse(made.status());
    return JsonResponse(201, EncodeWidget(*made));
  });
  r.Add("PATCH", "/api/v1/chat/widgets/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto f = ReadWidget(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto w = c.app.chats().UpdateWidget(c.actor(), *id, f);
    if (!w.ok()) return ProblemResponse(w.status());
    return JsonResponse(200, EncodeWidget(*w));
  });
  r.Add("POST", "/api/v1/chat/widgets/{id}/revoke", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    if (Status s = c.app.chats().RevokeWidget(c.actor(), *id); !s.ok()) return ProblemResponse(s);
    return NoContent();
  });
}

}  // namespace farol::http
