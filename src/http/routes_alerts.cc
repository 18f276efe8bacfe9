// Alert routes (admins: catalog.write, decided in app::AlertService): the channels SLA alerts go
// out on (GET/POST /api/v1/alerts/channels, PUT /api/v1/alerts/channels/{id}, POST …/{id}/test)
// and the delivery outbox with its dead letters (GET /api/v1/alerts/deliveries, POST
// /api/v1/alerts/deliveries/{id}/retry). Secrets are write-only: answers say only whether one is set.
#include "app/mail_out.h"
#include "core/strings.h"
#include "http/api.h"
#include "http/json.h"
#include "http/query.h"

namespace farol::http {

namespace {

bj::object EncodeChannel(const domain::AlertChannel& ch) {
  bj::array emails;
  for (const std::string& e : ch.emails) emails.push_back(bj::value(e));
  return bj::object{{"id", ch.id},
                    {"name", ch.name},
                    {"kind", domain::Name(ch.kind)},
                    {"url", ch.url},
                    {"secret_set", !ch.secret.empty()},
                    {"chat_id", ch.chat_id},
                    {"emails", std::move(emails)},
                    {"language", ch.language},
                    {"time_zone", ch.time_zone},
                    {"on_warning", ch.on_warning},
                    {"on_breach", ch.on_breach},
                    {"max_priority", "P" + std::to_string(ch.max_priority)},
                    {"active", ch.active},
                    {"created_at", FormatIso8601(ch.created_at)},
                    {"version", ch.version}};
}

// A person's e-mail carries a signed link that acknowledges an escalation as that person: the
// outbox shows where it was, never the link itself.
std::string WithoutAckLinks(std::string body) {
  for (size_t at = body.find("/ack/"); at != std::string::npos; at = body.find("/ack/", at + 5)) {
    const size_t end = body.find_first_of(" \r\n\"", at + 5);
    body.replace(at + 5, (end == std::string::npos ? body.size() : end) - (at + 5), "…");
  }
  return body;
}

bj::object EncodeDelivery(const store::Delivery& d) {
  return bj::object{{"id", d.id},
                    {"channel_id", IdOrNull(d.channel_id)},
                    {"channel", d.channel_name},
                    {"recipient", d.recipient.empty() ? bj::value(nullptr) : bj::value(d.recipient)},
                    {"ticket_id", IdOrNull(d.ticket_id)},
                    {"event", d.event},
                    {"subject", d.subject},
                    // A reply's e-mail is the whole message (files too): the mail log shows it.
                    // A sign-in link would let an admin sign in as the customer: never shown.
                    {"body", d.event == app::kMailReplyEvent    ? std::string("(a reply's e-mail: see the mail log, /api/v1/mail/messages)")
                             : d.event == app::kMailReportEvent ? std::string("(a monthly report's e-mail, with its PDF)")
                             : d.event == app::kMagicLinkEvent ? std::string("(a sign-in link for a customer: not shown)")
                                                                : WithoutAckLinks(d.body)},
                    {"state", store::Name(d.state)},
                    {"attempts", d.attempts},
                    {"next_attempt_at", d.state == store::DeliveryState::kPending ? bj::value(FormatIso8601(d.next_attempt_at))
                                                                                  : bj::value(nullptr)},
                    {"last_error", d.last_error},
                    {"created_at", FormatIso8601(d.created_at)},
                    {"sent_at", TimeOrNull(d.sent_at)}};
}

constexpr std::string_view kKindNames[] = {"email", "slack", "telegram", "webhook"};

// The channel in a request body; every field but the secret is required when `full`.
StatusOr<domain::AlertChannel> ReadChannel(const std::string& body, bool with_version, int64_t* version) {
  FAROL_ASSIGN_OR_RETURN(Reader in, Reader::Parse(body));
  domain::AlertChannel ch;
  auto name = in.String("name");
  if (!name) in.Error("name", "is required");
  ch.name = name.value_or("");
  auto kind = in.Enum("kind", domain::ParseAlertKind, kKindNames);
  if (!kind && !in.Has("kind")) in.Error("kind", "is required: email, slack, telegram or webhook");
  ch.kind = kind.value_or(domain::AlertKind::kWebhook);
  ch.url = in.String("url").value_or("");
  ch.secret = in.String("secret").value_or("");
  ch.chat_id = in.String("chat_id").value_or("");
  ch.emails = in.Strings("emails").value_or(std::vector<std::string>{});
  for (std::string& e : ch.emails) e = Trim(e);
  ch.language = in.String("language").value_or("en");
  ch.time_zone = in.String("time_zone").value_or("UTC");
  ch.on_warning = in.Bool("on_warning").value_or(true);
  ch.on_breach = in.Bool("on_breach").value_or(true);
  ch.max_priority = in.Priority("max_priority").value_or(4);
  ch.active = in.Bool("active").value_or(true);
  if (with_version) {
    auto v = in.Int("version");
    if (!v) in.Error("version", "is required: the version you last read");
    *version = v.value_or(0);
  } else {
    // A new channel: its rules are known here, so one answer names every problem (an edit is
    // checked once its stored secret is known).
    FieldErrors rules;
    ch.Validate(rules);
    const Status s = rules.ToStatus();
    for (const FieldError& e : s.field_errors()) in.Error(e.field, e.message);
  }
  FAROL_RETURN_IF_ERROR(in.Finish());
  return ch;
}

}  // namespace

void AddAlertRoutes(Router& r) {
  r.Add("GET", "/api/v1/alerts/channels", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.alerts().Channels(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*list, EncodeChannel)}});
  });
  r.Add("POST", "/api/v1/alerts/channels", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    // Who may is checked before the body is read: nobody learns the rules by probing.
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto ch = ReadChannel(c.request.body, false, nullptr);
    if (!ch.ok()) return ProblemResponse(ch.status());
    auto created = c.app.alerts().CreateChannel(c.actor(), std::move(*ch));
    if (!created.ok()) return ProblemResponse(created.status());
    return JsonResponse(201, EncodeChannel(*created));
  });
  r.Add("PUT", "/api/v1/alerts/channels/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    int64_t version = 0;
    auto ch = ReadChannel(c.request.body, true, &version);
    if (!ch.ok()) return ProblemResponse(ch.status());
    ch->id = *id;
    auto updated = c.app.alerts().UpdateChannel(c.actor(), std::move(*ch), version);
    if (!updated.ok()) return ProblemResponse(updated.status());
    return JsonResponse(200, EncodeChannel(*updated));
  });
  r.Add("POST", "/api/v1/alerts/channels/{id}/test", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto d = c.app.alerts().TestChannel(c.actor(), *id);
    if (!d.ok()) return ProblemResponse(d.status());
    return JsonResponse(202, EncodeDelivery(*d));
  });
  r.Add("GET", "/api/v1/alerts/deliveries", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    std::optional<store::DeliveryState> state;
    if (auto s = q.One("state")) {
      state = store::ParseDeliveryState(*s);
      if (!state) q.Error("state", "must be one of pending, sent, dead");
    }
    int limit = 50;
    if (auto l = q.One("limit")) {
      try {
        limit = std::stoi(*l);
      } catch (...) {
        limit = 0;
      }
      if (limit < 1 || limit > 200) q.Error("limit", "must be a whole number from 1 to 200");
    }
    int64_t before = 0;
    if (auto b = q.Ids("before"); !b.empty()) before = b.front();
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.alerts().Deliveries(c.actor(), state, limit + 1, before);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::object out;
    if (int(list->size()) > limit) {
      list->resize(size_t(limit));
      out["next_before"] = list->back().id;
    } else {
      out["next_before"] = nullptr;
    }
    out["items"] = EncodeAll(*list, EncodeDelivery);
    return JsonResponse(200, out);
  });
  r.Add("POST", "/api/v1/alerts/deliveries/{id}/retry", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    if (Status s = c.app.alerts().RetryDelivery(c.actor(), *id); !s.ok()) return ProblemResponse(s);
    return NoContent();
  });
}

}  // namespace farol::http
