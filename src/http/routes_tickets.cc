// Ticket endpoints: each handler decodes, calls one TicketService method, encodes.
#include <charconv>

#include "core/crypto.h"
#include "core/strings.h"
#include "http/api.h"
#include "http/json.h"
#include "http/query.h"

namespace farol::http {

namespace {

using domain::Actor;

HttpResponse TicketResponse(int status, const domain::Ticket& t, const app::TicketDetail* names = nullptr) {
  HttpResponse res;
  res.status = status;
  res.Set("Content-Type", "application/json");
  JsonWriter w(res.body);
  if (names) {
    WriteTicket(w, t, names->organisation_name, names->requester_name, names->assignee_name, names->team_name);
  } else {
    WriteTicket(w, t, {}, {}, {}, {});
  }
  res.Set("ETag", ETagFor(t.version));
  if (status == 201) res.Set("Location", "/api/v1/tickets/" + std::to_string(t.id));
  return res;
}

// Re-reads the ticket with display names after a change, so every write answers with the same
// representation as GET.
HttpResponse FreshTicket(RequestContext& c, int status, int64_t id) {
  auto d = c.app.tickets().Get(c.actor(), id);
  if (!d.ok()) return ProblemResponse(d.status());
  return TicketResponse(status, d->ticket, &*d);
}

StatusOr<store::TicketFilter> ReadFilter(QueryReader& q, const Actor& actor) {
  store::TicketFilter f;
  f.statuses = q.Enums("status", domain::ParseTicketStatus, domain::TicketStatusNames());
  f.types = q.Enums("type", domain::ParseTicketType, domain::TicketTypeNames());
  f.channels = q.Enums("channel", domain::ParseChannel, domain::ChannelNames());
  for (const std::string& p : q.List("priority")) {
    auto v = domain::ParsePriority(p);
    if (!v) {
      q.Error("priority", "must be one of P1, P2, P3, P4");
      break;
    }
    f.priorities.push_back(*v);
  }
  for (const std::string& t : q.List("tier")) {
    auto v = domain::ParseTier(t);
    if (!v) {
      q.Error("tier", "must be one of N1, N2, N3");
      break;
    }
    f.tiers.push_back(*v);
  }
  f.team_ids = q.Ids("team_id");
  for (const std::string& a : q.List("assignee_id")) {
    if (a == "none") {
      f.unassigned = true;
    } else if (a == "me") {
      f.assignee_ids.push_back(actor.id);
    } else {
      int64_t v = 0;
      const auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
      if (ec != std::errc() || p != a.data() + a.size() || v <= 0) {
        q.Error("assignee_id", "must be ids, 'me' or 'none', separated by commas");
        break;
      }
      f.assignee_ids.push_back(v);
    }
  }
  f.organisation_ids = q.Ids("organisation_id");
  f.requester_ids = q.Ids("requester_id");
  f.site_ids = q.Ids("site_id");
  f.network_area_ids = q.Ids("network_area_id");
  f.category_ids = q.Ids("category_id");
  FieldErrors tag_errors;
  f.tags = domain::NormalizeTags("tag", q.List("tag"), tag_errors);
  if (!tag_errors.empty()) q.Error("tag", "each tag must be 1 to 40 of a-z, 0-9, '-', '_', '.', ':', '/'");
  f.created = {q.Time("created_from"), q.Time("created_to")};
  f.updated = {q.Time("updated_from"), q.Time("updated_to")};
  f.resolved = {q.Time("resolved_from"), q.Time("resolved_to")};
  if (auto sla = q.One("sla")) {
    if (*sla == "at_risk") f.sla = store::SlaFilter::kAtRisk;
    else if (*sla == "breached") f.sla = store::SlaFilter::kBreached;
    else if (*sla == "running") f.sla = store::SlaFilter::kRunning;
    else q.Error("sla", "must be one of at_risk, breached, running");
  }
  if (auto text = q.One("q")) {
    if (text->size() > 500) q.Error("q", "must be at most 500 characters");
    f.text = *text;
  }
  return f;
}

// ---- bodies -------------------------------------------------------------------------------

// A call's members (POST /tickets/{id}/calls and POST /calls).
domain::CallLog ReadCall(Reader& in) {
  domain::CallLog call;
  if (auto d = in.String("direction")) {
    auto parsed = domain::ParseCallDirection(*d);
    if (!parsed) in.Error("direction", "must be one of inbound, outbound");
    call.direction = parsed.value_or(domain::CallDirection::kInbound);
  }
  auto caller = in.String("caller");
  if (!caller) in.Error("caller", "is required (a name or a number)");
  call.caller = caller.value_or("");
  call.duration_seconds = in.Int("duration_seconds").value_or(0);
  call.notes = in.String("notes").value_or("");
  if (auto o = in.String("outcome")) {
    auto parsed = domain::ParseCallOutcome(*o);
    if (!parsed) in.Error("outcome", "must be one of resolved, follow_up, no_answer, left_message");
    call.outcome = parsed.value_or(domain::CallOutcome::kFollowUp);
  }
  call.internal = in.Bool("internal").value_or(true);
  return call;
}

domain::NewTicket ReadNewTicket(Reader& in, const Actor& actor) {
  domain::NewTicket n;
  n.type = in.Enum("type", domain::ParseTicketType, domain::TicketTypeNames()).value_or(domain::TicketType::kIncident);
  auto subject = in.String("subject");
  if (!subject) in.Error("subject", "is required");
  n.subject = subject.value_or("");
  n.description = in.String("description").value_or("");
  n.organisation_id = in.Id("organisation_id").value_or(0);
  n.requester_id = in.Id("requester_id").value_or(0);
  n.channel = in.Enum("channel", domain::ParseChannel, domain::ChannelNames())
                  .value_or(actor.IsContact() ? domain::Channel::kPortal : domain::Channel::kApi);
  n.impact = in.Enum("impact", domain::ParseLevel, domain::LevelNames()).value_or(domain::Level::kMedium);
  n.urgency = in.Enum("urgency", domain::ParseLevel, domain::LevelNames()).value_or(domain::Level::kMedium);
  n.priority = in.Priority("priority");
  n.priority_reason = in.String("priority_reason").value_or("");
  n.status = in.Enum("status", domain::ParseTicketStatus, domain::TicketStatusNames());
  n.team_id = in.Id("team_id").value_or(0);
  n.assignee_id = in.Id("assignee_id").value_or(0);
  n.tier = in.Tier("tier").value_or(1);
  n.site_id = in.Id("site_id").value_or(0);
  n.network_area_id = in.Id("network_area_id").value_or(0);
  n.category_id = in.Id("category_id").value_or(0);
  n.subcategory_id = in.Id("subcategory_id").value_or(0);
  n.tags = in.Strings("tags").value_or(std::vector<std::string>{});
  if (auto custom = in.ScalarMap("custom_fields")) {
    for (const auto& [k, v] : *custom) {
      if (v) n.custom[k] = *v;
    }
  }
  return n;
}

domain::TicketChanges ReadChanges(Reader& in) {
  domain::TicketChanges c;
  c.subject = in.String("subject");
  c.description = in.String("description");
  c.type = in.Enum("type", domain::ParseTicketType, domain::TicketTypeNames());
  c.impact = in.Enum("impact", domain::ParseLevel, domain::LevelNames());
  c.urgency = in.Enum("urgency", domain::ParseLevel, domain::LevelNames());
  c.priority = in.Priority("priority");
  c.priority_reason = in.String("priority_reason").value_or("");
  c.priority_from_matrix = in.Bool("priority_from_matrix").value_or(false);
  c.status = in.Enum("status", domain::ParseTicketStatus, domain::TicketStatusNames());
  c.team_id = in.Id("team_id");
  c.assignee_id = in.Id("assignee_id");
  c.tier = in.Tier("tier");
  c.site_id = in.Id("site_id");
  c.network_area_id = in.Id("network_area_id");
  c.category_id = in.Id("category_id");
  c.subcategory_id = in.Id("subcategory_id");
  c.tags = in.Strings("tags");
  if (auto custom = in.ScalarMap("custom_fields")) c.custom = std::move(*custom);
  return c;
}

std::string ContentDisposition(const std::string& filename) {
  // RFC 6266/5987: an ASCII fallback plus the exact UTF-8 name percent-encoded.
  std::string ascii, encoded;
  for (unsigned char ch : filename) {
    ascii += (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') ? static_cast<char>(ch) : '_';
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
        ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

// Types a browser could run as a page are never served as such.
std::string SafeContentType(const std::string& sniffed) {
  static const char* kSafe[] = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
                                "text/plain", "text/csv", "application/zip", "application/json"};
  for (const char* s : kSafe) {
    if (sniffed == s) return sniffed;
  }
  return "application/octet-stream";
}

}  // namespace

HttpResponse FileDownload(std::string path, const std::string& content_type, const std::string& filename,
                          const std::string& sha256) {
  HttpResponse res;
  res.file_path = std::move(path);
  res.Set("Content-Type", SafeContentType(content_type));
  res.Set("Content-Disposition", ContentDisposition(filename));
  res.Set("Content-Security-Policy", "sandbox; default-src 'none'");
  res.Set("Cache-Control", "private, max-age=86400, immutable");
  res.Set("ETag", "\"" + sha256 + "\"");
  return res;
}

void AddTicketRoutes(Router& r) {
  r.Add("GET", "/api/v1/tickets", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    auto filter = ReadFilter(q, c.actor());
    store::TicketQuery query;
    query.filter = std::move(*filter);
    if (auto sort = q.One("sort")) {
      auto s = store::ParseTicketSort(*sort);
      if (!s) {
        q.Error("sort", "must be one of updated, created, number, priority, status, type, subject, organisation, assignee, team, sla_due");
      } else {
        query.sort = *s;
      }
    }
    if (auto order = q.One("order")) {
      if (*order != "asc" && *order != "desc") q.Error("order", "must be asc or desc");
      query.descending = *order != "asc";
    } else {
      query.descending = query.sort == store::TicketSort::kUpdated || query.sort == store::TicketSort::kCreated;
    }
    query.limit = q.Int("limit", 1, 200).value_or(50);
    query.after = q.One("cursor").value_or("");
    query.with_total = q.Bool("total").value_or(false);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto page = c.app.tickets().List(c.actor(), std::move(query));
    if (!page.ok()) return ProblemResponse(page.status());
    HttpResponse res;
    res.Set("Content-Type", "application/json");
    res.body.reserve(1200 * page->items.size() + 100);
    JsonWriter w(res.body);
    w.BeginObject();
    w.Key("items");
    w.BeginArray();
    for (const store::TicketListItem& item : page->items) WriteTicketItem(w, item);
    w.EndArray();
    w.TextOrNull("next_cursor", page->next_cursor);
    if (page->total) w.Member("total", *page->total);
    w.EndObject();
    return res;
  });

  r.Add("GET", "/api/v1/tickets/counts", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    auto filter = ReadFilter(q, c.actor());
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto counts = c.app.tickets().CountByStatus(c.actor(), std::move(*filter));
    if (!counts.ok()) return ProblemResponse(counts.status());
    bj::object by_status;
    int64_t total = 0;
    for (std::string_view name : domain::TicketStatusNames()) by_status[name] = 0;
    for (const auto& [status, n] : *counts) {
      by_status[domain::Name(status)] = n;
      total += n;
    }
    return JsonResponse(200, bj::object{{"by_status", std::move(by_status)}, {"total", total}});
  });

  r.Add("POST", "/api/v1/tickets", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    domain::NewTicket n = ReadNewTicket(*in, c.actor());
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    std::optional<app::IdempotencyKey> idem;
    if (const std::string* key = c.request.Header("idempotency-key")) {
      if (key->empty() || key->size() > 200 || !IsValidUtf8(*key) || HasControlChars(*key)) {
        return ProblemResponse(FieldInvalidError("Idempotency-Key", "must be 1 to 200 characters"));
      }
      idem = app::IdempotencyKey{*key, crypto::Sha256Hex(c.request.body)};
    }
    auto created = c.app.tickets().Create(c.actor(), std::move(n), idem);
    if (!created.ok()) return ProblemResponse(created.status());
    HttpResponse res = FreshTicket(c, created->replayed ? 200 : 201, created->ticket.id);
    if (created->replayed) res.Set("Idempotent-Replayed", "true");
    return res;
  });

  r.Add("GET", "/api/v1/tickets/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto d = c.app.tickets().Get(c.actor(), *id);
    if (!d.ok()) return ProblemResponse(d.status());
    if (const std::string* inm = c.request.Header("if-none-match"); inm && ETagMatches(*inm, d->ticket.version)) {
      HttpResponse res;
      res.status = 304;
      res.Set("ETag", ETagFor(d->ticket.version));
      return res;
    }
    return TicketResponse(200, d->ticket, &*d);
  });

  r.Add("PATCH", "/api/v1/tickets/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto version = IfMatchVersion(c.request);
    if (!version.ok()) return ProblemResponse(version.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    domain::TicketChanges changes = ReadChanges(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto t = c.app.tickets().Update(c.actor(), *id, changes, *version);
    if (!t.ok()) return ProblemResponse(t.status());
    return FreshTicket(c, 200, *id);
  });

  r.Add("GET", "/api/v1/tickets/{id}/events", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto events = c.app.tickets().Events(c.actor(), *id);
    if (!events.ok()) return ProblemResponse(events.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*events, EncodeEvent)}});
  });

  for (const bool internal : {false, true}) {
    r.Add("POST", internal ? "/api/v1/tickets/{id}/notes" : "/api/v1/tickets/{id}/replies", Access::kSignedIn,
          BodyKind::kJson, [internal](RequestContext& c) {
            auto id = c.Id();
            if (!id.ok()) return ProblemResponse(id.status());
            auto version = IfMatchVersion(c.request);
            if (!version.ok()) return ProblemResponse(version.status());
            auto in = Reader::Parse(c.request.body);
            if (!in.ok()) return ProblemResponse(in.status());
            auto body = in->String("body");
            if (!body) in->Error("body", "is required");
            auto attachments = in->Ids("attachment_ids").value_or(std::vector<int64_t>{});
            std::optional<domain::TicketStatus> status;
            if (!internal) status = in->Enum("status", domain::ParseTicketStatus, domain::TicketStatusNames());
            if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
            auto t = c.app.tickets().Reply(c.actor(), *id, internal, *body, attachments, status, *version);
            if (!t.ok()) return ProblemResponse(t.status());
            return FreshTicket(c, 201, *id);
          });
  }

  r.Add("POST", "/api/v1/tickets/{id}/escalate", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto version = IfMatchVersion(c.request);
    if (!version.ok()) return ProblemResponse(version.status());
    std::optional<std::string> reason;
    std::optional<int64_t> team;
    if (!c.request.body.empty()) {
      auto in = Reader::Parse(c.request.body);
      if (!in.ok()) return ProblemResponse(in.status());
      reason = in->String("reason");
      team = in->Id("team_id");
      if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    }
    if (team && *team == 0) team.reset();
    auto t = c.app.tickets().Escalate(c.actor(), *id, reason.value_or(""), team, *version);
    if (!t.ok()) return ProblemResponse(t.status());
    return FreshTicket(c, 200, *id);
  });

  r.Add("POST", "/api/v1/tickets/{id}/merge", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto into = in->Id("into_id");
    if (!into || *into == 0) in->Error("into_id", "is required");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto t = c.app.tickets().Merge(c.actor(), *id, *into);
    if (!t.ok()) return ProblemResponse(t.status());
    return FreshTicket(c, 200, t->id);
  });

  r.Add("GET", "/api/v1/tickets/{id}/links", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto links = c.app.tickets().Links(c.actor(), *id);
    if (!links.ok()) return ProblemResponse(links.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*links, EncodeLink)}});
  });

  r.Add("POST", "/api/v1/tickets/{id}/links", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto other = in->Id("ticket_id");
    auto kind = in->Enum("kind", domain::ParseLinkKind, domain::LinkKindNames());
    if (!other || *other == 0) in->Error("ticket_id", "is required");
    if (!kind && !in->Has("kind")) in->Error("kind", "is required");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    if (Status s = c.app.tickets().Link(c.actor(), *id, *other, *kind); !s.ok()) return ProblemResponse(s);
    auto links = c.app.tickets().Links(c.actor(), *id);
    if (!links.ok()) return ProblemResponse(links.status());
    return JsonResponse(201, bj::object{{"items", EncodeAll(*links, EncodeLink)}});
  });

  r.Add("DELETE", "/api/v1/tickets/{id}/links/{kind}/{other_id}", Access::kSignedIn, BodyKind::kNone,
        [](RequestContext& c) {
          auto id = c.Id();
          if (!id.ok()) return ProblemResponse(id.status());
          auto other = c.Id("other_id");
          if (!other.ok()) return ProblemResponse(other.status());
          auto kind = domain::ParseLinkKind(c.Param("kind"));
          if (!kind) return ProblemResponse(NotFoundError("There is no link of kind '" + c.Param("kind").substr(0, 40) + "'."));
          Status s = c.app.tickets().Unlink(c.actor(), *id, *other, *kind);
          return s.ok() ? NoContent() : ProblemResponse(s);
        });

  r.Add("GET", "/api/v1/tickets/{id}/attachments", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto list = c.app.tickets().Attachments(c.actor(), *id);
    if (!list.ok()) return ProblemResponse(list.status());
    return JsonResponse(200, bj::object{{"items", EncodeAll(*list, EncodeAttachment)}});
  });

  r.Add("POST", "/api/v1/tickets/{id}/attachments", Access::kSignedIn, BodyKind::kAttachment,
        [](RequestContext& c) {
          auto id = c.Id();
          if (!id.ok()) return ProblemResponse(id.status());
          QueryReader q(c.request);
          auto filename = q.One("filename");
          const bool internal = q.Bool("internal").value_or(false);
          if (!filename) q.Error("filename", "is required (the file's name, e.g. ?filename=log.txt)");
          if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
          auto a = c.app.tickets().Attach(c.actor(), *id, *filename, c.request.body, internal);
          if (!a.ok()) return ProblemResponse(a.status());
          HttpResponse res = JsonResponse(201, EncodeAttachment(*a));
          res.Set("Location", "/api/v1/attachments/" + std::to_string(a->id));
          return res;
        });

  r.Add("GET", "/api/v1/attachments/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto file = c.app.tickets().OpenAttachment(c.actor(), *id);
    if (!file.ok()) return ProblemResponse(file.status());
    return FileDownload(file->second, file->first.content_type, file->first.filename, file->first.sha256);
  });

  r.Add("POST", "/api/v1/tickets/{id}/calls", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    domain::CallLog call = ReadCall(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto t = c.app.tickets().LogCall(c.actor(), *id, call);
    if (!t.ok()) return ProblemResponse(t.status());
    return FreshTicket(c, 201, *id);
  });
  // A call that is a new contact: the ticket's fields and the call's, in one body.
  r.Add("POST", "/api/v1/calls", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const bool channel_given = in->Has("channel");
    domain::NewTicket n = ReadNewTicket(*in, c.actor());
    if (!channel_given) n.channel = domain::Channel::kPhone;
    if (channel_given && n.channel != domain::Channel::kPhone && n.channel != domain::Channel::kInPerson) {
      in->Error("channel", "a call is phone or in_person");
    }
    domain::CallLog call = ReadCall(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto t = c.app.tickets().OpenFromCall(c.actor(), std::move(n), call);
    if (!t.ok()) return ProblemResponse(t.status());
    return FreshTicket(c, 201, t->id);
  });

  r.Add("POST", "/api/v1/tickets/{id}/rating", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto stars = in->Int("stars");
    if (!stars && !in->Has("stars")) in->Error("stars", "is required");
    auto comment = in->String("comment");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto t = c.app.tickets().Rate(c.actor(), *id, static_cast<int>(std::clamp<int64_t>(*stars, -1, 100)),
                                  comment.value_or(""));
    if (!t.ok()) return ProblemResponse(t.status());
    return FreshTicket(c, 200, *id);
  });
}

}  // namespace farol::http
