// E-mail intake endpoints (docs/EMAIL.md): the mail log, triage, quarantine, originals, and a
// ticket's e-mails. Each handler decodes, calls one MailIntake method, encodes.
#include <algorithm>
#include <iterator>

#include "http/api.h"
#include "http/json.h"
#include "http/query.h"
#include "http/router.h"

namespace farol::http {

namespace {

bj::object EncodeMail(const store::MailMessage& m, bool with_html) {
  bj::object o{{"id", m.id},
               {"direction", m.direction},
               {"mailbox", m.mailbox},
               {"message_id", m.message_id},
               {"state", m.state},
               {"kind", m.kind},
               {"reason", m.reason},
               {"from", bj::object{{"name", m.from_name}, {"address", m.from_address}}},
               {"to", m.to_addresses},
               {"subject", m.subject},
               {"ticket_id", m.ticket_id ? bj::value(m.ticket_id) : bj::value(nullptr)},
               {"event_id", m.event_id ? bj::value(m.event_id) : bj::value(nullptr)},
               {"raw_size", m.raw_size},
               {"received_at", FormatIso8601(m.received_at)},
               {"updated_at", FormatIso8601(m.updated_at)},
               {"attempts", m.attempts}};
  if (with_html) o["html"] = m.html;
  return o;
}

bj::object EncodeResult(const app::MailResult& r) {
  return {{"outcome", app::Name(r.outcome)},
          {"message_id", r.message_row ? bj::value(r.message_row) : bj::value(nullptr)},
          {"ticket_id", r.ticket_id ? bj::value(r.ticket_id) : bj::value(nullptr)},
          {"reason", r.reason}};
}

// The route a message taken in through the API or re-read by an admin is recorded under.
app::MailboxRoute ApiRoute(std::string name) {
  app::MailboxRoute route;
  route.name = std::move(name);
  return route;
}

}  // namespace

void AddMailRoutes(Router& r) {
  r.Add("GET", "/api/v1/mail/messages", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    std::string state;
    if (auto s = q.One("state")) {
      state = *s;
      static const char* kStates[] = {"ticket", "reply", "ignored", "triage", "quarantined", "queued", "sent", "failed"};
      if (std::none_of(std::begin(kStates), std::end(kStates), [&](const char* k) { return state == k; })) {
        q.Error("state", "must be one of ticket, reply, ignored, triage, quarantined, queued, sent, failed");
      }
    }
    const int limit = q.Int("limit", 1, 200).value_or(50);
    int64_t before = 0;
    if (auto b = q.Ids("before"); !b.empty()) before = b.front();
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.mail().List(c.actor(), state, limit + 1, before);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::object out;
    out["next_before"] = nullptr;
    if (int(list->size()) > limit) {
      list->resize(size_t(limit));
      out["next_before"] = list->back().id;
    }
    bj::array items;
    for (const auto& m : *list) items.push_back(EncodeMail(m, false));
    out["items"] = std::move(items);
    return JsonResponse(200, out);
  });
  // An .eml uploaded by hand (a message forwarded as a file, a migration): taken in like mail.
  r.Add("POST", "/api/v1/mail/messages", Access::kSignedIn, BodyKind::kAttachment, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    if (c.request.body.empty()) return ProblemResponse(FieldInvalidError("body", "send the message's bytes (message/rfc822)"));
    auto taken = c.app.mail().Take(ApiRoute("upload"), c.request.body);
    if (!taken.ok()) return ProblemResponse(taken.status());
    return JsonResponse(taken->outcome == app::MailOutcome::kDuplicate ? 200 : 201, EncodeResult(*taken));
  });
  r.Add("GET", "/api/v1/mail/messages/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto m = c.app.mail().Get(c.actor(), *id);
    if (!m.ok()) return ProblemResponse(m.status());
    return JsonResponse(200, EncodeMail(*m, true));
  });
  r.Add("GET", "/api/v1/mail/messages/{id}/raw", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto raw = c.app.mail().Raw(c.actor(), *id);
    if (!raw.ok()) return ProblemResponse(raw.status());
    HttpResponse res;
    res.body = std::move(*raw);
    // Never rendered by the browser: saved as a file.
    res.Set("Content-Type", "message/rfc822");
    res.Set("Content-Disposition", "attachment; filename=\"message-" + std::to_string(*id) + ".eml\"");
    res.Set("Content-Security-Policy", "sandbox; default-src 'none'");
    res.Set("X-Content-Type-Options", "nosniff");
    return res;
  });
  r.Add("POST", "/api/v1/mail/messages/{id}/retry", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kCatalogWrite); !s.ok()) return ProblemResponse(s);
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto m = c.app.mail().Get(c.actor(), *id);
    if (!m.ok()) return ProblemResponse(m.status());
    auto r = c.app.mail().Retry(c.actor(), *id, ApiRoute(m->mailbox));
    if (!r.ok()) return ProblemResponse(r.status());
    return JsonResponse(200, EncodeResult(*r));
  });
  r.Add("POST", "/api/v1/mail/messages/{id}/accept", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    if (Status s = domain::Require(c.actor(), domain::Permission::kContactWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const int64_t org = in->Id("organisation_id").value_or(0);
    if (org <= 0 && !in->Has("organisation_id")) in->Error("organisation_id", "is required");
    else if (org <= 0) in->Error("organisation_id", "must be an organisation's id");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto m = c.app.mail().Get(c.actor(), *id);
    if (!m.ok()) return ProblemResponse(m.status());
    auto r = c.app.mail().Accept(c.actor(), *id, org, ApiRoute(m->mailbox));
    if (!r.ok()) return ProblemResponse(r.status());
    return JsonResponse(200, EncodeResult(*r));
  });
  r.Add("GET", "/api/v1/tickets/{id}/emails", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto list = c.app.mail().ForTicket(c.actor(), *id);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& m : *list) {
      // The list leaves the HTML out; each message's page has it.
      items.push_back(EncodeMail(m, false));
    }
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
}

}  // namespace farol::http
