#include "app/ticket_service.h"

#include <algorithm>

#include "core/strings.h"

namespace farol::app {

using domain::Actor;
using domain::Permission;
using domain::Ticket;
using domain::TicketEvent;

StatusOr<std::string> ValidateFilename(std::string_view raw) {
  const std::string name = Trim(raw);
  if (name.empty()) return FieldInvalidError("filename", "is required");
  if (name.size() > 255) return FieldInvalidError("filename", "must be at most 255 bytes");
  if (!IsValidUtf8(name)) return FieldInvalidError("filename", "is not valid UTF-8 text");
  if (HasControlChars(name) || name.find_first_of("\r\n\t") != name.npos) {
    return FieldInvalidError("filename", "must not contain control characters");
  }
  if (name.find('/') != name.npos || name.find('\\') != name.npos || name == "." || name == "..") {
    return FieldInvalidError("filename", "must be a plain file name, without folders ('/', '\\', '..')");
  }
  return name;
}

StatusOr<domain::PriorityMatrix> LoadPriorityMatrix(store::Tx& tx) {
  FAROL_ASSIGN_OR_RETURN(auto text, tx.settings().Get("priority_matrix"));
  if (!text) return domain::PriorityMatrix{};
  return domain::PriorityMatrix::Parse(*text);
}

namespace {

StatusOr<std::vector<domain::CustomFieldDef>> ActiveDefs(store::Tx& tx, domain::TicketType type) {
  FAROL_ASSIGN_OR_RETURN(auto defs, tx.custom_fields().List(type));
  std::erase_if(defs, [](const domain::CustomFieldDef& d) { return !d.active; });
  return defs;
}

Status NotFoundTicket(int64_t id) {
  return NotFoundError("Ticket #" + std::to_string(id) + " was not found.");
}

}  // namespace

TicketService::TicketService(store::Store& store, store::FileStore& files, Clock& clock,
                             TicketConfig config, metrics::Registry* metrics, TicketWatch* watch)
    : store_(store), files_(files), clock_(clock), config_(config), watch_(watch) {
  if (metrics) created_ = &metrics->GetCounter("farol_tickets_created_total", "Tickets created.");
}

StatusOr<Ticket> TicketService::LoadVisible(store::Tx& tx, const Actor& actor, int64_t id) {
  FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(id));
  if (!t || !domain::CanSeeTicket(actor, *t)) return NotFoundTicket(id);
  return std::move(*t);
}

Status TicketService::CheckReferences(store::Tx& tx, const Ticket& t, bool team_changed,
                                      bool assignee_changed) {
  FieldErrors errors;
  if (t.requester_id != 0) {
    FAROL_ASSIGN_OR_RETURN(auto c, tx.contacts().Get(t.requester_id));
    if (!c) {
      errors.Add("requester_id", "no such contact");
    } else if (c->organisation_id != t.organisation_id) {
      errors.Add("requester_id", "the contact belongs to another organisation");
    }
  }
  if (t.team_id != 0 && team_changed) {
    FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(t.team_id));
    if (!team) errors.Add("team_id", "no such team");
  }
  if (t.assignee_id != 0 && (assignee_changed || team_changed)) {
    FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(t.assignee_id));
    if (!u || !u->active) {
      errors.Add("assignee_id", "no such active staff user");
    } else if (t.team_id != 0 &&
               std::find(u->team_ids.begin(), u->team_ids.end(), t.team_id) == u->team_ids.end()) {
      errors.Add("assignee_id", "is not a member of the ticket's team");
    }
  }
  if (t.site_id != 0) {
    FAROL_ASSIGN_OR_RETURN(auto s, tx.sites().Get(t.site_id));
    if (!s || s->organisation_id != t.organisation_id) errors.Add("site_id", "no such site in the ticket's organisation");
  }
  if (t.network_area_id != 0) {
    FAROL_ASSIGN_OR_RETURN(auto a, tx.network_areas().Get(t.network_area_id));
    if (!a || a->organisation_id != t.organisation_id) {
      errors.Add("network_area_id", "no such network area in the ticket's organisation");
    }
  }
  if (t.category_id != 0) {
    FAROL_ASSIGN_OR_RETURN(auto c, tx.categories().Get(t.category_id));
    if (!c || c->parent_id != 0) errors.Add("category_id", "no such top-level category");
  }
  if (t.subcategory_id != 0) {
    FAROL_ASSIGN_OR_RETURN(auto c, tx.categories().Get(t.subcategory_id));
    if (!c || c->parent_id == 0 || c->parent_id != t.category_id) {
      errors.Add("subcategory_id", "must be a subcategory of the ticket's category");
    }
  }
  return errors.ToStatus();
}

Status TicketService::WriteTickets(const std::function<Status(store::Tx&, Changed&)>& fn) {
  Changed changed;
  const Status s = store_.Write([&](store::Tx& tx) -> Status {
    changed = Changed{};
    FAROL_RETURN_IF_ERROR(fn(tx, changed));
    std::sort(changed.ids.begin(), changed.ids.end());
    changed.ids.erase(std::unique(changed.ids.begin(), changed.ids.end()), changed.ids.end());
    if (after_write_ && !changed.ids.empty()) return after_write_(tx, changed.ids, changed.opened, clock_.SystemNow());
    return OkStatus();
  });
  // Only now is the change durable: a live view that re-reads the ticket sees it.
  if (s.ok() && watch_) {
    for (int64_t id : changed.ids) watch_->Publish(id);
  }
  return s;
}

StatusOr<Ticket> TicketService::Commit(store::Tx& tx, const Ticket& before,
                                       std::vector<TicketEvent>& events, Changed& changed) {
  changed.ids.push_back(before.id);
  Ticket after = before;
  for (TicketEvent& e : events) {
    e.ticket_id = before.id;
    domain::Apply(after, e);
  }
  after.id = before.id;
  FAROL_RETURN_IF_ERROR(tx.tickets().Update(after, before.version));
  after.version = before.version + 1;
  for (TicketEvent& e : events) {
    FAROL_ASSIGN_OR_RETURN(e.id, tx.tickets().AppendEvent(e));
    if (e.type == domain::EventType::kPublicReply || e.type == domain::EventType::kInternalNote) {
      FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(before.id, e.body, e.internal));
    }
  }
  if (on_event_) {
    for (const TicketEvent& e : events) FAROL_RETURN_IF_ERROR(on_event_(tx, after, e, e.at));
  }
  return after;
}

StatusOr<Ticket> TicketService::OpenInTx(store::Tx& tx, Changed& changed, const Actor& actor,
                                         const domain::NewTicket& n, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(n.organisation_id));
  if (!org) return FieldInvalidError("organisation_id", "no such organisation");
  if (!org->active) return FieldInvalidError("organisation_id", "the organisation is deactivated");
  FAROL_ASSIGN_OR_RETURN(const domain::PriorityMatrix matrix, LoadPriorityMatrix(tx));
  FAROL_ASSIGN_OR_RETURN(const auto defs, ActiveDefs(tx, n.type));
  FAROL_ASSIGN_OR_RETURN(TicketEvent created, domain::PlanCreate(n, matrix, defs, actor.Ref(), now));
  if (on_create_) FAROL_RETURN_IF_ERROR(on_create_(tx, created));
  Ticket t;
  domain::Apply(t, created);
  FAROL_RETURN_IF_ERROR(CheckReferences(tx, t, true, true));
  FAROL_ASSIGN_OR_RETURN(const int64_t id, tx.tickets().Insert(t, /*sla_computed=*/after_write_ != nullptr));
  changed.ids.push_back(id);
  created.ticket_id = id;
  FAROL_ASSIGN_OR_RETURN(created.id, tx.tickets().AppendEvent(created));
  changed.opened[id] = {created};
  FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(id, t.subject + "\n" + t.description, false));
  t.id = id;
  t.version = 1;
  return t;
}

StatusOr<CreateResult> TicketService::Create(const Actor& actor, domain::NewTicket n,
                                             const std::optional<IdempotencyKey>& idem) {
  if (actor.IsContact()) {
    if (n.team_id || n.assignee_id || n.priority || n.tier != 1 || !n.tags.empty() || n.status ||
        n.impact != domain::Level::kMedium) {
      return PermissionDeniedError(
          "Customers cannot set the team, assignee, priority, impact, tier, tags or status of a ticket.");
    }
    if (n.organisation_id != 0 && n.organisation_id != actor.organisation_id) {
      return FieldInvalidError("organisation_id", "you can open tickets only for your own organisation");
    }
    if (n.requester_id != 0 && n.requester_id != actor.id) {
      return FieldInvalidError("requester_id", "you can open tickets only in your own name");
    }
    if (n.channel != domain::Channel::kPortal) {
      return FieldInvalidError("channel", "customers open tickets through the portal");
    }
    n.organisation_id = actor.organisation_id;
    n.requester_id = actor.id;
  } else {
    FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketCreate));
  }
  const Timestamp now = clock_.SystemNow();
  const std::string scope = std::string(domain::Name(actor.kind)) + ":" + std::to_string(actor.id);
  CreateResult result;
  auto replay = [&](store::Tx& tx, const store::IdempotencyRecord& rec) -> Status {
    if (rec.request_hash != idem->request_hash) {
      return FieldInvalidError("Idempotency-Key",
                               "was already used with a different request; use a new key for a new ticket");
    }
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(std::stoll(rec.body)));
    if (!t) return NotFoundTicket(std::stoll(rec.body));
    result.ticket = std::move(*t);
    result.replayed = true;
    return OkStatus();
  };

  Status s = WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    result = CreateResult{};
    if (idem) {
      FAROL_ASSIGN_OR_RETURN(auto rec, tx.idempotency().Get(scope, idem->key));
      if (rec) return replay(tx, *rec);
    }
    FAROL_ASSIGN_OR_RETURN(Ticket t, OpenInTx(tx, changed, actor, n, now));
    if (idem) {
      FAROL_RETURN_IF_ERROR(tx.idempotency().Put({scope, idem->key, idem->request_hash, 201, std::to_string(t.id), now}));
    }
    result.ticket = std::move(t);
    return OkStatus();
  });
  if (!s.ok() && idem && s.code() == StatusCode::kAlreadyExists) {
    // Another process created the ticket for the same key while we were: answer with that one.
    s = store_.Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(auto rec, tx.idempotency().Get(scope, idem->key));
      if (!rec) return InternalError("idempotency record vanished");
      return replay(tx, *rec);
    });
  }
  FAROL_RETURN_IF_ERROR(s);
  if (created_ && !result.replayed) created_->Inc();
  return result;
}

StatusOr<Ticket> TicketService::TakeMail(const MailIn& in, const AlsoInTx& also) {
  if (!in.contact.IsContact()) return InternalError("TakeMail needs a contact");
  const Timestamp now = clock_.SystemNow();
  // Files go to the content-addressed file store first: a transaction that fails leaves at most
  // an unreferenced copy, never a reference without its bytes.
  std::vector<store::Attachment> files;
  std::vector<size_t> file_index;  // files[i] is in.files[file_index[i]]
  std::string notes;
  for (size_t k = 0; k < in.files.size(); ++k) {
    const auto& [name, bytes] = in.files[k];
    if (bytes.empty()) continue;
    if (static_cast<int64_t>(bytes.size()) > config_.max_attachment_bytes) {
      notes += "\n[" + name + ": " + std::to_string(bytes.size() / (1024 * 1024)) +
               " MB, larger than the limit for files; kept in the original message]";
      continue;
    }
    auto filename = ValidateFilename(name);
    FAROL_ASSIGN_OR_RETURN(store::StoredFile stored, files_.Put(bytes));
    store::Attachment a;
    a.sha256 = stored.sha256;
    a.size = stored.size;
    a.content_type = stored.content_type;
    a.filename = filename.ok() ? *filename : "attachment-" + std::to_string(files.size() + 1);
    a.uploaded_by = in.contact.Ref();
    a.created_at = now;
    files.push_back(std::move(a));
    file_index.push_back(k);
  }
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    Ticket t;
    int64_t event_id = 0;
    if (in.reply_to == 0) {
      domain::NewTicket n = in.ticket;
      n.description += notes;
      FAROL_ASSIGN_OR_RETURN(t, OpenInTx(tx, changed, in.contact, n, now));
      event_id = changed.opened[t.id].front().id;
    } else {
      FAROL_ASSIGN_OR_RETURN(t, LoadVisible(tx, in.contact, in.reply_to));
    }
    std::vector<TicketEvent> events;
    std::vector<int64_t> ids;
    std::vector<int64_t> ids_by_file(in.files.size(), 0);
    for (size_t i = 0; i < files.size(); ++i) {
      store::Attachment a = files[i];
      a.ticket_id = t.id;
      FAROL_ASSIGN_OR_RETURN(a.id, tx.attachments().Insert(a));
      ids.push_back(a.id);
      ids_by_file[file_index[i]] = a.id;
      events.push_back(domain::PlanAttachment(t, a.id, a.filename, false, in.contact.Ref(), now));
    }
    if (in.reply_to != 0) {
      FAROL_ASSIGN_OR_RETURN(auto reply, domain::PlanReply(t, false, in.body + notes, ids, std::nullopt,
                                                           in.contact.Ref(), now));
      events.insert(events.end(), reply.begin(), reply.end());
    }
    if (!events.empty()) {
      FAROL_ASSIGN_OR_RETURN(t, Commit(tx, t, events, changed));
      for (const TicketEvent& e : events) {
        if (e.type == domain::EventType::kPublicReply) event_id = e.id;
      }
      // A new ticket's whole timeline is what the SLA hook reads (nothing of it is stored yet).
      if (in.reply_to == 0) changed.opened[t.id].insert(changed.opened[t.id].end(), events.begin(), events.end());
    }
    result = t;
    return also(tx, t, event_id, ids_by_file);
  }));
  if (created_ && in.reply_to == 0) created_->Inc();
  return result;
}

StatusOr<std::optional<Ticket>> TicketService::TakeAlert(const PlanAlert& plan, const AlsoInTx& also) {
  const Timestamp now = clock_.SystemNow();
  const Actor system = Actor::System();
  std::optional<Ticket> result;
  bool opened = false;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    result.reset();
    opened = false;
    FAROL_ASSIGN_OR_RETURN(std::optional<AlertIn> in, plan(tx));
    if (!in) return OkStatus();
    Ticket t;
    int64_t event_id = 0;
    if (in->ticket_id == 0) {
      FAROL_ASSIGN_OR_RETURN(t, OpenInTx(tx, changed, system, in->ticket, now));
      event_id = changed.opened[t.id].front().id;
      opened = true;
    } else {
      FAROL_ASSIGN_OR_RETURN(t, LoadVisible(tx, system, in->ticket_id));
      FAROL_ASSIGN_OR_RETURN(auto events, domain::PlanReply(t, !in->note_public, in->note, {}, in->then_status, system.Ref(), now));
      FAROL_ASSIGN_OR_RETURN(t, Commit(tx, t, events, changed));
      event_id = events.front().id;
    }
    result = t;
    return also(tx, t, event_id, {});
  }));
  if (created_ && opened) created_->Inc();
  return result;
}

StatusOr<TicketDetail> TicketService::Get(const Actor& actor, int64_t id) {
  TicketDetail d;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto item, tx.tickets().GetWithNames(id));
    if (!item || !domain::CanSeeTicket(actor, item->ticket)) return NotFoundTicket(id);
    d = TicketDetail{std::move(item->ticket), std::move(item->organisation_name),
                     std::move(item->requester_name), std::move(item->assignee_name),
                     std::move(item->team_name)};
    return OkStatus();
  }));
  return d;
}

namespace {

Status ScopeFilter(const Actor& actor, store::TicketFilter& f) {
  if (actor.IsContact()) {
    f.scope_organisation_id = actor.organisation_id;
    f.scope_requester_id = actor.manager_contact ? 0 : actor.id;
    f.text_includes_internal = false;
    return OkStatus();
  }
  return domain::Require(actor, Permission::kTicketRead);
}

}  // namespace

StatusOr<store::TicketPage> TicketService::List(const Actor& actor, store::TicketQuery q) {
  FAROL_RETURN_IF_ERROR(ScopeFilter(actor, q.filter));
  q.filter.sla_now = clock_.SystemNow();
  store::TicketPage page;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(page, tx.tickets().Query(q));
    return OkStatus();
  }));
  return page;
}

StatusOr<std::vector<std::pair<domain::TicketStatus, int64_t>>> TicketService::CountByStatus(
    const Actor& actor, store::TicketFilter f) {
  FAROL_RETURN_IF_ERROR(ScopeFilter(actor, f));
  f.sla_now = clock_.SystemNow();
  std::vector<std::pair<domain::TicketStatus, int64_t>> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.tickets().CountByStatus(f));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<TicketEvent>> TicketService::Events(const Actor& actor, int64_t id) {
  std::vector<TicketEvent> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(LoadVisible(tx, actor, id).status());
    FAROL_ASSIGN_OR_RETURN(out, tx.tickets().Events(id, !actor.IsContact()));
    return OkStatus();
  }));
  return out;
}

namespace {

Status CheckVersion(const Ticket& t, std::optional<int64_t> expected) {
  if (expected && *expected != t.version) {
    return StaleVersionError("Ticket #" + std::to_string(t.id) + " was changed by someone else since you loaded it (version " +
                             std::to_string(*expected) + ", now " + std::to_string(t.version) +
                             "); reload it and try again.");
  }
  return OkStatus();
}

Status StaffOnly(const Actor& actor, Permission p, std::string_view what) {
  if (actor.IsContact()) return PermissionDeniedError("Customers cannot " + std::string(what) + ".");
  return domain::Require(actor, p);
}

}  // namespace

StatusOr<Ticket> TicketService::Update(const Actor& actor, int64_t id, const domain::TicketChanges& c,
                                       std::optional<int64_t> expected_version,
                                       const std::function<Status(store::Tx&, const Ticket&)>& also) {
  FAROL_RETURN_IF_ERROR(StaffOnly(actor, Permission::kTicketUpdate, "change tickets; reply instead"));
  const Timestamp now = clock_.SystemNow();
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, LoadVisible(tx, actor, id));
    FAROL_RETURN_IF_ERROR(CheckVersion(t, expected_version));
    FAROL_ASSIGN_OR_RETURN(const domain::PriorityMatrix matrix, LoadPriorityMatrix(tx));
    FAROL_ASSIGN_OR_RETURN(const auto defs, ActiveDefs(tx, c.type.value_or(t.type)));
    FAROL_ASSIGN_OR_RETURN(auto events, domain::PlanChanges(t, c, matrix, defs, actor.Ref(), now));
    if (events.empty()) {
      result = std::move(t);
    } else {
      Ticket after = t;
      for (const TicketEvent& e : events) domain::Apply(after, e);
      FAROL_RETURN_IF_ERROR(CheckReferences(tx, after, after.team_id != t.team_id,
                                            after.assignee_id != t.assignee_id));
      FAROL_ASSIGN_OR_RETURN(result, Commit(tx, t, events, changed));
    }
    return also ? also(tx, result) : OkStatus();
  }));
  return result;
}

StatusOr<Ticket> TicketService::Reply(const Actor& actor, int64_t id, bool internal, std::string_view body,
                                      const std::vector<int64_t>& attachment_ids,
                                      std::optional<domain::TicketStatus> then_status,
                                      std::optional<int64_t> expected_version) {
  if (actor.IsContact()) {
    if (internal) return PermissionDeniedError("Customers cannot add internal notes.");
  } else {
    FAROL_RETURN_IF_ERROR(domain::Require(actor, internal ? Permission::kTicketNote : Permission::kTicketReply));
    if (then_status) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketUpdate));
  }
  const Timestamp now = clock_.SystemNow();
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, LoadVisible(tx, actor, id));
    FAROL_RETURN_IF_ERROR(CheckVersion(t, expected_version));
    for (int64_t aid : attachment_ids) {
      FAROL_ASSIGN_OR_RETURN(auto a, tx.attachments().Get(aid));
      if (!a || a->ticket_id != id || (a->internal && (actor.IsContact() || !internal))) {
        return FieldInvalidError("attachment_ids",
                                 "attachment " + std::to_string(aid) + " is not a " +
                                     (internal ? "" : "public ") + "file of this ticket");
      }
    }
    FAROL_ASSIGN_OR_RETURN(auto events, domain::PlanReply(t, internal, body, attachment_ids, then_status,
                                                          actor.Ref(), now));
    FAROL_ASSIGN_OR_RETURN(result, Commit(tx, t, events, changed));
    return OkStatus();
  }));
  return result;
}

StatusOr<Ticket> TicketService::Escalate(const Actor& actor, int64_t id, std::string_view reason,
                                         std::optional<int64_t> team_id,
                                         std::optional<int64_t> expected_version) {
  FAROL_RETURN_IF_ERROR(StaffOnly(actor, Permission::kTicketUpdate, "escalate tickets directly"));
  const Timestamp now = clock_.SystemNow();
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, LoadVisible(tx, actor, id));
    FAROL_RETURN_IF_ERROR(CheckVersion(t, expected_version));
    FAROL_ASSIGN_OR_RETURN(auto events, domain::PlanEscalation(t, reason, team_id, actor.Ref(), now));
    Ticket after = t;
    for (const TicketEvent& e : events) domain::Apply(after, e);
    const bool team_changed = after.team_id != t.team_id;
    if (team_changed && after.assignee_id != 0) {
      // A hand-over to another team leaves the ticket for that team to pick up.
      TicketEvent unassign = events.back();
      unassign.type = domain::EventType::kAssigned;
      unassign.from = std::to_string(t.assignee_id);
      unassign.to = "";
      unassign.reason.clear();
      events.push_back(unassign);
      domain::Apply(after, unassign);
    }
    FAROL_RETURN_IF_ERROR(CheckReferences(tx, after, team_changed, false));
    FAROL_ASSIGN_OR_RETURN(result, Commit(tx, t, events, changed));
    return OkStatus();
  }));
  return result;
}

StatusOr<Ticket> TicketService::Merge(const Actor& actor, int64_t id, int64_t into_id) {
  FAROL_RETURN_IF_ERROR(StaffOnly(actor, Permission::kTicketUpdate, "merge tickets"));
  const Timestamp now = clock_.SystemNow();
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket source, LoadVisible(tx, actor, id));
    auto target = LoadVisible(tx, actor, into_id);
    if (!target.ok()) return FieldInvalidError("into_id", "no such ticket");
    FAROL_ASSIGN_OR_RETURN(auto plan, domain::PlanMerge(source, *target, actor.Ref(), now));
    FAROL_RETURN_IF_ERROR(Commit(tx, source, plan.source_events, changed).status());
    FAROL_ASSIGN_OR_RETURN(result, Commit(tx, *target, plan.target_events, changed));
    return OkStatus();
  }));
  return result;
}

Status TicketService::SetLink(const Actor& actor, int64_t id, int64_t other_id, domain::LinkKind kind,
                             bool unlink) {
  FAROL_RETURN_IF_ERROR(StaffOnly(actor, Permission::kTicketUpdate, "link tickets"));
  const Timestamp now = clock_.SystemNow();
  return WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(id));
    if (!t) return NotFoundTicket(id);
    FAROL_ASSIGN_OR_RETURN(auto other, tx.tickets().Get(other_id));
    if (!other) {
      // Linking names the other ticket in the body; unlinking names it in the address.
      return unlink ? NotFoundTicket(other_id) : FieldInvalidError("ticket_id", "no such ticket");
    }
    FAROL_ASSIGN_OR_RETURN(auto plan, domain::PlanLink(*t, *other, kind, unlink, actor.Ref(), now));
    if (unlink) {
      FAROL_RETURN_IF_ERROR(tx.tickets().RemoveLink(id, other_id, kind));
    } else {
      FAROL_RETURN_IF_ERROR(tx.tickets().AddLink(id, other_id, kind, now));
    }
    std::vector<TicketEvent> mine = {plan.on_ticket};
    std::vector<TicketEvent> theirs = {plan.on_other};
    FAROL_RETURN_IF_ERROR(Commit(tx, *t, mine, changed).status());
    return Commit(tx, *other, theirs, changed).status();
  });
}

Status TicketService::Link(const Actor& actor, int64_t id, int64_t other_id, domain::LinkKind kind) {
  return SetLink(actor, id, other_id, kind, false);
}

Status TicketService::Unlink(const Actor& actor, int64_t id, int64_t other_id, domain::LinkKind kind) {
  return SetLink(actor, id, other_id, kind, true);
}

StatusOr<std::vector<store::TicketLink>> TicketService::Links(const Actor& actor, int64_t id) {
  std::vector<store::TicketLink> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(LoadVisible(tx, actor, id).status());
    FAROL_ASSIGN_OR_RETURN(out, tx.tickets().Links(id));
    return OkStatus();
  }));
  if (actor.IsContact()) {
    std::erase_if(out, [&](const store::TicketLink& l) {
      Ticket other;
      other.organisation_id = l.other_organisation_id;
      other.requester_id = l.other_requester_id;
      return !domain::CanSeeTicket(actor, other);
    });
  }
  return out;
}

StatusOr<Ticket> TicketService::LogCall(const Actor& actor, int64_t id, const domain::CallLog& call) {
  FAROL_RETURN_IF_ERROR(StaffOnly(actor, Permission::kTicketReply, "log calls"));
  if (call.outcome == domain::CallOutcome::kResolved) {
    FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketUpdate));
  }
  const Timestamp now = clock_.SystemNow();
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, LoadVisible(tx, actor, id));
    FAROL_ASSIGN_OR_RETURN(auto events, domain::PlanCall(t, call, actor.Ref(), now));
    FAROL_ASSIGN_OR_RETURN(result, Commit(tx, t, events, changed));
    return OkStatus();
  }));
  return result;
}

StatusOr<Ticket> TicketService::OpenFromCall(const Actor& actor, domain::NewTicket n, const domain::CallLog& call) {
  FAROL_RETURN_IF_ERROR(StaffOnly(actor, Permission::kTicketCreate, "log calls"));
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketReply));
  if (call.outcome == domain::CallOutcome::kResolved) {
    FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketUpdate));
  }
  if (n.channel != domain::Channel::kPhone && n.channel != domain::Channel::kInPerson) n.channel = domain::Channel::kPhone;
  const Timestamp now = clock_.SystemNow();
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, OpenInTx(tx, changed, actor, n, now));
    FAROL_ASSIGN_OR_RETURN(auto events, domain::PlanCall(t, call, actor.Ref(), now));
    FAROL_ASSIGN_OR_RETURN(result, Commit(tx, t, events, changed));
    return OkStatus();
  }));
  if (created_) created_->Inc();
  return result;
}

StatusOr<Ticket> TicketService::Rate(const Actor& actor, int64_t id, int stars, std::string_view comment) {
  if (!actor.IsContact()) return PermissionDeniedError("Only the customer who asked can rate a ticket.");
  const Timestamp now = clock_.SystemNow();
  Ticket result;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, LoadVisible(tx, actor, id));
    if (t.requester_id != actor.id) {
      // A manager contact sees the organisation's tickets, but satisfaction is the asker's to give.
      return PermissionDeniedError("Only the customer who asked can rate this ticket.");
    }
    FAROL_ASSIGN_OR_RETURN(TicketEvent e, domain::PlanRating(t, stars, comment, actor.Ref(), now));
    std::vector<TicketEvent> events = {std::move(e)};
    FAROL_ASSIGN_OR_RETURN(result, Commit(tx, t, events, changed));
    return OkStatus();
  }));
  return result;
}

StatusOr<store::Attachment> TicketService::Attach(const Actor& actor, int64_t id, std::string_view filename_in,
                                                  std::string_view bytes, bool internal) {
  if (actor.IsContact()) {
    if (internal) return PermissionDeniedError("Customers cannot add internal files.");
  } else {
    FAROL_RETURN_IF_ERROR(domain::Require(actor, internal ? Permission::kTicketNote : Permission::kTicketReply));
  }
  FAROL_ASSIGN_OR_RETURN(const std::string filename, ValidateFilename(filename_in));
  if (static_cast<int64_t>(bytes.size()) > config_.max_attachment_bytes) {
    return TooLargeError("The file is larger than the limit of " +
                         std::to_string(config_.max_attachment_bytes / (1024 * 1024)) + " MB.");
  }
  if (bytes.empty()) return FieldInvalidError("body", "the file is empty");
  // Refuse before writing anything to disk if the ticket is out of reach or finished.
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, LoadVisible(tx, actor, id));
    if (t.status == domain::TicketStatus::kClosed || t.status == domain::TicketStatus::kCancelled) {
      return FailedPreconditionError("The ticket is " + std::string(domain::Name(t.status)) + "; files cannot be added.");
    }
    return OkStatus();
  }));
  FAROL_ASSIGN_OR_RETURN(store::StoredFile stored, files_.Put(bytes));
  const Timestamp now = clock_.SystemNow();
  store::Attachment a;
  a.sha256 = stored.sha256;
  a.size = stored.size;
  a.content_type = stored.content_type;
  a.filename = filename;
  a.ticket_id = id;
  a.internal = internal;
  a.uploaded_by = actor.Ref();
  a.created_at = now;
  FAROL_RETURN_IF_ERROR(WriteTickets([&](store::Tx& tx, Changed& changed) -> Status {
    FAROL_ASSIGN_OR_RETURN(Ticket t, LoadVisible(tx, actor, id));
    FAROL_ASSIGN_OR_RETURN(a.id, tx.attachments().Insert(a));
    std::vector<TicketEvent> events = {domain::PlanAttachment(t, a.id, filename, internal, actor.Ref(), now)};
    return Commit(tx, t, events, changed).status();
  }));
  return a;
}

StatusOr<std::vector<store::Attachment>> TicketService::Attachments(const Actor& actor, int64_t id) {
  std::vector<store::Attachment> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(LoadVisible(tx, actor, id).status());
    FAROL_ASSIGN_OR_RETURN(out, tx.attachments().ListFor(id, !actor.IsContact()));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::pair<store::Attachment, std::string>> TicketService::OpenAttachment(const Actor& actor,
                                                                                int64_t attachment_id) {
  store::Attachment a;
  const Status missing = NotFoundError("Attachment " + std::to_string(attachment_id) + " was not found.");
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto found, tx.attachments().Get(attachment_id));
    if (!found) return missing;
    if (!LoadVisible(tx, actor, found->ticket_id).ok()) return missing;
    if (found->internal && actor.IsContact()) return missing;
    a = std::move(*found);
    return OkStatus();
  }));
  FAROL_ASSIGN_OR_RETURN(std::string path, files_.PathFor(a.sha256));
  return std::make_pair(std::move(a), std::move(path));
}

StatusOr<int64_t> TicketService::ImportInTx(store::Tx& tx, std::vector<TicketEvent>& events) {
  if (events.empty() || events.front().type != domain::EventType::kCreated) {
    return InvalidArgumentError("an imported timeline starts with a created event");
  }
  Ticket t = domain::Replay(events);
  FAROL_ASSIGN_OR_RETURN(const int64_t id, tx.tickets().Insert(t));
  for (TicketEvent& e : events) {
    e.ticket_id = id;
    FAROL_ASSIGN_OR_RETURN(e.id, tx.tickets().AppendEvent(e));
    if (e.type == domain::EventType::kPublicReply || e.type == domain::EventType::kInternalNote) {
      FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(id, e.body, e.internal));
    }
  }
  FAROL_RETURN_IF_ERROR(tx.tickets().IndexText(id, t.subject + "\n" + t.description, false));
  return id;
}

}  // namespace farol::app
