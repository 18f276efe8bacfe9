#include "domain/ticket.h"

#include <algorithm>
#include <charconv>

#include "core/strings.h"
#include "domain/directory.h"

namespace farol::domain {

std::string_view Name(ActorKind k) {
  switch (k) {
    case ActorKind::kSystem: return "system";
    case ActorKind::kStaff: return "staff";
    case ActorKind::kContact: return "contact";
  }
  return "system";
}

std::optional<ActorKind> ParseActorKind(std::string_view s) {
  if (s == "system") return ActorKind::kSystem;
  if (s == "staff") return ActorKind::kStaff;
  if (s == "contact") return ActorKind::kContact;
  return std::nullopt;
}

std::optional<bool> FirstContactResolution(const Ticket& t) {
  if (t.status != TicketStatus::kResolved && t.status != TicketStatus::kClosed) return std::nullopt;
  if (t.merged_into != 0) return std::nullopt;
  return t.escalation_count == 0 && t.tier_reached == 1 && t.reopen_count == 0;
}

namespace {

std::string IdText(int64_t id) { return id == 0 ? std::string() : std::to_string(id); }

bool ParseId(std::string_view s, int64_t& out) {
  if (s.empty()) {
    out = 0;
    return true;
  }
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out > 0;
}

int64_t* IdField(Ticket& t, std::string_view name) {
  if (name == "organisation_id") return &t.organisation_id;
  if (name == "requester_id") return &t.requester_id;
  if (name == "team_id") return &t.team_id;
  if (name == "assignee_id") return &t.assignee_id;
  if (name == "site_id") return &t.site_id;
  if (name == "network_area_id") return &t.network_area_id;
  if (name == "category_id") return &t.category_id;
  if (name == "subcategory_id") return &t.subcategory_id;
  return nullptr;
}

constexpr std::string_view kCustomPrefix = "cf.";

}  // namespace

std::string GetField(const Ticket& t, std::string_view name) {
  if (name == "subject") return t.subject;
  if (name == "description") return t.description;
  if (name == "type") return std::string(Name(t.type));
  if (name == "priority") return PriorityName(t.priority);
  if (name == "impact") return std::string(Name(t.impact));
  if (name == "urgency") return std::string(Name(t.urgency));
  if (name == "channel") return std::string(Name(t.channel));
  if (name == "tier") return TierName(t.tier);
  if (name == "tags") return Join(t.tags, ",");
  if (name.starts_with(kCustomPrefix)) {
    auto it = t.custom.find(std::string(name.substr(kCustomPrefix.size())));
    return it == t.custom.end() ? std::string() : it->second;
  }
  if (int64_t* id = IdField(const_cast<Ticket&>(t), name)) return IdText(*id);
  return std::string();
}

Status SetField(Ticket& t, std::string_view name, std::string_view value) {
  const auto bad = [&] {
    return InvalidArgumentError("bad value '" + std::string(value) + "' for field " +
                                std::string(name));
  };
  if (name == "subject") {
    t.subject = value;
  } else if (name == "description") {
    t.description = value;
  } else if (name == "type") {
    auto v = ParseTicketType(value);
    if (!v) return bad();
    t.type = *v;
  } else if (name == "priority") {
    auto v = ParsePriority(value);
    if (!v) return bad();
    t.priority = *v;
  } else if (name == "impact" || name == "urgency") {
    auto v = ParseLevel(value);
    if (!v) return bad();
    (name == "impact" ? t.impact : t.urgency) = *v;
  } else if (name == "channel") {
    auto v = ParseChannel(value);
    if (!v) return bad();
    t.channel = *v;
  } else if (name == "tier") {
    auto v = ParseTier(value);
    if (!v) return bad();
    t.tier = *v;
    t.tier_reached = std::max(t.tier_reached, *v);
  } else if (name == "tags") {
    t.tags = value.empty() ? std::vector<std::string>{} : Split(value, ',');
  } else if (name.starts_with(kCustomPrefix)) {
    const std::string key(name.substr(kCustomPrefix.size()));
    if (value.empty()) {
      t.custom.erase(key);
    } else {
      t.custom[key] = std::string(value);
    }
  } else if (int64_t* id = IdField(t, name)) {
    if (!ParseId(value, *id)) return bad();
  } else {
    return InvalidArgumentError("unknown ticket field " + std::string(name));
  }
  return OkStatus();
}

void Apply(Ticket& t, const TicketEvent& e) {
  t.updated_at = e.at;
  switch (e.type) {
    case EventType::kCreated:
      t.id = e.ticket_id;
      t.created_at = e.at;
      t.created_by = e.author;
      t.status = TicketStatus::kNew;
      for (const auto& [name, value] : e.fields) {
        if (name == "status") {
          t.status = ParseTicketStatus(value).value_or(TicketStatus::kNew);
        } else if (name == "priority_manual") {
          t.priority_manual = value == "true";
        } else {
          (void)SetField(t, name, value);
        }
      }
      t.tier_reached = t.tier;
      break;
    case EventType::kPublicReply:
      if (e.author.kind == ActorKind::kStaff && !t.first_response_at) t.first_response_at = e.at;
      break;
    case EventType::kInternalNote:
      break;
    case EventType::kStatusChanged: {
      const auto from = ParseTicketStatus(e.from).value_or(t.status);
      const auto to = ParseTicketStatus(e.to).value_or(t.status);
      if (!IsActive(from) && IsActive(to)) {
        ++t.reopen_count;
        t.resolved_at.reset();
        t.closed_at.reset();
      }
      if (to == TicketStatus::kResolved) t.resolved_at = e.at;
      if (to == TicketStatus::kClosed) {
        t.closed_at = e.at;
        if (!t.resolved_at) t.resolved_at = e.at;
      }
      t.status = to;
      break;
    }
    case EventType::kAssigned:
      if (!e.from.empty() && e.from != e.to) ++t.reassignment_count;
      (void)SetField(t, "assignee_id", e.to);
      break;
    case EventType::kTeamChanged:
      if (!e.from.empty() && e.from != e.to) ++t.reassignment_count;
      (void)SetField(t, "team_id", e.to);
      break;
    case EventType::kPriorityChanged:
      (void)SetField(t, "priority", e.to);
      t.priority_manual = e.field == "manual";
      break;
    case EventType::kEscalated:
      ++t.escalation_count;
      (void)SetField(t, "tier", e.to);
      break;
    case EventType::kFieldChanged:
      (void)SetField(t, e.field, e.to);
      break;
    case EventType::kMergedInto:
      t.merged_into = e.ref;
      break;
    case EventType::kRated:
      t.rating = Rating{std::atoi(e.to.c_str()), e.body, e.at};
      break;
    case EventType::kCallLogged:
    case EventType::kSlaAlert:
    case EventType::kEscalationFired:
    case EventType::kEscalationAcknowledged:
    case EventType::kEscalationRequested:
    case EventType::kSlaTermsChanged:
    case EventType::kAttachmentAdded:
    case EventType::kMergedFrom:
    case EventType::kLinked:
    case EventType::kUnlinked:
      break;
  }
}

Ticket Replay(std::span<const TicketEvent> events) {
  Ticket t;
  for (const TicketEvent& e : events) Apply(t, e);
  t.version = 0;
  return t;
}

bool IsAllowedTransition(TicketStatus from, TicketStatus to) {
  using S = TicketStatus;
  if (from == to) return false;
  switch (from) {
    case S::kNew:
    case S::kOpen:
    case S::kPendingCustomer:
    case S::kPendingVendor:
      return to != S::kNew && to != S::kClosed;
    case S::kResolved:
      return to == S::kOpen || to == S::kClosed;  // reopen, or confirm
    case S::kClosed:
    case S::kCancelled:
      return false;
  }
  return false;
}

void ValidateSubject(std::string_view field, std::string_view s, FieldErrors& errors) {
  if (!IsValidUtf8(s)) {
    errors.Add(std::string(field), "is not valid UTF-8 text");
  } else if (TrimView(s).empty()) {
    errors.Add(std::string(field), "must not be empty");
  } else if (Utf8Length(s) > kMaxSubjectChars) {
    errors.Add(std::string(field), "must be at most 200 characters");
  } else if (HasControlChars(s) || s.find_first_of("\r\n") != s.npos) {
    errors.Add(std::string(field), "must be a single line without control characters");
  }
}

void ValidateBody(std::string_view field, std::string_view s, bool required, FieldErrors& errors) {
  if (!IsValidUtf8(s)) {
    errors.Add(std::string(field), "is not valid UTF-8 text");
  } else if (required && TrimView(s).empty()) {
    errors.Add(std::string(field), "must not be empty");
  } else if (s.size() > kMaxBodyBytes) {
    errors.Add(std::string(field), "must be at most 100000 bytes");
  } else if (HasControlChars(s)) {
    errors.Add(std::string(field), "must not contain control characters");
  }
}

std::vector<std::string> NormalizeTags(std::string_view field,
                                       const std::vector<std::string>& tags,
                                       FieldErrors& errors) {
  std::vector<std::string> out;
  for (const std::string& raw : tags) {
    std::string tag = AsciiLower(TrimView(raw));
    const bool ok = !tag.empty() && tag.size() <= kMaxTagBytes &&
                    std::all_of(tag.begin(), tag.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                             c == '_' || c == '.' || c == ':' || c == '/';
                    });
    if (!ok) {
      errors.Add(std::string(field),
                 "each tag must be 1 to 40 of a-z, 0-9, '-', '_', '.', ':', '/' ('" +
                     raw.substr(0, 40) + "' is not)");
      continue;
    }
    out.push_back(std::move(tag));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > kMaxTags) errors.Add(std::string(field), "at most 20 tags");
  return out;
}

namespace {

TicketEvent MakeEvent(const Ticket& t, EventType type, ActorRef actor, Timestamp now,
                      bool internal) {
  TicketEvent e;
  e.ticket_id = t.id;
  e.type = type;
  e.at = now;
  e.author = actor;
  e.internal = internal;
  return e;
}

// Validates custom values against the definitions of the ticket's type and returns canonical
// values. `current` are values already on the ticket (for the required check).
std::map<std::string, std::string> ValidateCustom(
    const std::map<std::string, std::optional<std::string>>& raw,
    const std::map<std::string, std::string>& current, std::span<const CustomFieldDef> defs,
    FieldErrors& errors) {
  std::map<std::string, std::string> out = current;
  for (const auto& [key, value] : raw) {
    const auto def = std::find_if(defs.begin(), defs.end(),
                                  [&](const CustomFieldDef& d) { return d.key == key; });
    if (def == defs.end()) {
      errors.Add("custom_fields." + key, "is not a custom field of this ticket type");
      continue;
    }
    if (!value) {
      out.erase(key);
      continue;
    }
    auto canonical = CanonicalCustomValue(*def, *value);
    if (!canonical.ok()) {
      errors.Add("custom_fields." + key, canonical.status().field_errors().empty()
                                             ? canonical.status().message()
                                             : canonical.status().field_errors()[0].message);
      continue;
    }
    if (canonical->empty()) {
      out.erase(key);
    } else {
      out[key] = *canonical;
    }
  }
  for (const CustomFieldDef& d : defs) {
    if (d.required && d.active && !out.contains(d.key)) {
      errors.Add("custom_fields." + d.key, "is required for this ticket type");
    }
  }
  return out;
}

}  // namespace

StatusOr<TicketEvent> PlanCreate(const NewTicket& n, const PriorityMatrix& matrix,
                                 std::span<const CustomFieldDef> defs, ActorRef actor,
                                 Timestamp now) {
  FieldErrors errors;
  ValidateSubject("subject", n.subject, errors);
  ValidateBody("description", n.description, false, errors);
  if (n.organisation_id <= 0) errors.Add("organisation_id", "is required");
  if (n.tier < kMinTier || n.tier > kMaxTier) errors.Add("tier", "must be N1, N2 or N3");
  if (n.priority && (*n.priority < kMinPriority || *n.priority > kMaxPriority)) {
    errors.Add("priority", "must be P1, P2, P3 or P4");
  }
  if (n.priority && TrimView(n.priority_reason).empty()) {
    errors.Add("priority_reason", "is required when the priority is set by hand");
  }
  if (n.priority_reason.size() > kMaxReasonBytes || !IsValidUtf8(n.priority_reason)) {
    errors.Add("priority_reason", "must be text of at most 2000 bytes");
  }
  if (n.status && *n.status != TicketStatus::kNew && *n.status != TicketStatus::kOpen) {
    errors.Add("status", "a new ticket starts as new or open");
  }
  std::vector<std::string> tags = NormalizeTags("tags", n.tags, errors);
  std::map<std::string, std::optional<std::string>> raw_custom(n.custom.begin(), n.custom.end());
  std::map<std::string, std::string> custom = ValidateCustom(raw_custom, {}, defs, errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus());

  TicketEvent e;
  e.type = EventType::kCreated;
  e.at = now;
  e.author = actor;
  e.body = n.description;
  const int priority = n.priority.value_or(matrix.PriorityFor(n.impact, n.urgency));
  auto& f = e.fields;
  f["type"] = Name(n.type);
  f["subject"] = std::string(TrimView(n.subject));
  f["description"] = n.description;
  f["organisation_id"] = IdText(n.organisation_id);
  f["requester_id"] = IdText(n.requester_id);
  f["channel"] = Name(n.channel);
  f["impact"] = Name(n.impact);
  f["urgency"] = Name(n.urgency);
  f["priority"] = PriorityName(priority);
  f["priority_manual"] = n.priority ? "true" : "false";
  f["status"] = Name(n.status.value_or(TicketStatus::kNew));
  f["team_id"] = IdText(n.team_id);
  f["assignee_id"] = IdText(n.assignee_id);
  f["tier"] = TierName(n.tier);
  f["site_id"] = IdText(n.site_id);
  f["network_area_id"] = IdText(n.network_area_id);
  f["category_id"] = IdText(n.category_id);
  f["subcategory_id"] = IdText(n.subcategory_id);
  f["tags"] = Join(tags, ",");
  for (const auto& [key, value] : custom) f["cf." + key] = value;
  if (n.priority) e.reason = n.priority_reason;
  return e;
}

bool TicketChanges::empty() const {
  return !subject && !description && !type && !impact && !urgency && !priority &&
         !priority_from_matrix && !status && !team_id && !assignee_id && !tier && !site_id &&
         !network_area_id && !category_id && !subcategory_id && !tags && custom.empty();
}

namespace {

Status StatusChangeError(TicketStatus from, TicketStatus to) {
  if (from == to) {
    return FailedPreconditionError("The ticket is already " + std::string(Name(to)) + ".");
  }
  if (from == TicketStatus::kClosed || from == TicketStatus::kCancelled) {
    return FailedPreconditionError("The ticket is " + std::string(Name(from)) +
                                   " and can no longer change status; open a new ticket.");
  }
  if (to == TicketStatus::kNew) {
    return FailedPreconditionError("A ticket cannot go back to new.");
  }
  if (to == TicketStatus::kClosed) {
    return FailedPreconditionError("Only a resolved ticket can be closed; resolve it first.");
  }
  return FailedPreconditionError("A " + std::string(Name(from)) + " ticket cannot become " +
                                 std::string(Name(to)) + "; reopen it first.");
}

TicketEvent StatusEvent(const Ticket& t, TicketStatus to, ActorRef actor, Timestamp now) {
  TicketEvent e = MakeEvent(t, EventType::kStatusChanged, actor, now, false);
  e.from = Name(t.status);
  e.to = Name(to);
  return e;
}

}  // namespace

StatusOr<std::vector<TicketEvent>> PlanChanges(const Ticket& t, const TicketChanges& c,
                                               const PriorityMatrix& matrix,
                                               std::span<const CustomFieldDef> defs,
                                               ActorRef actor, Timestamp now) {
  if (t.merged_into != 0) {
    return FailedPreconditionError("Ticket #" + std::to_string(t.id) + " was merged into #" +
                                   std::to_string(t.merged_into) + "; change that one instead.");
  }
  // Closed and cancelled tickets are history that reports have counted: nothing changes them.
  // Resolved tickets can still be classified (tags, category...), reopened or closed.
  if (t.status == TicketStatus::kClosed || t.status == TicketStatus::kCancelled) {
    if (c.status) return StatusChangeError(t.status, *c.status);
    return FailedPreconditionError("The ticket is " + std::string(Name(t.status)) +
                                   " and can no longer change.");
  }
  FieldErrors errors;
  if (c.subject) ValidateSubject("subject", *c.subject, errors);
  if (c.description) ValidateBody("description", *c.description, false, errors);
  if (c.priority && (*c.priority < kMinPriority || *c.priority > kMaxPriority)) {
    errors.Add("priority", "must be P1, P2, P3 or P4");
  }
  if (c.priority && TrimView(c.priority_reason).empty()) {
    errors.Add("priority_reason", "is required when the priority is set by hand");
  }
  if (c.priority && c.priority_from_matrix) {
    errors.Add("priority", "give either a priority or priority_from_matrix, not both");
  }
  if (c.priority_reason.size() > kMaxReasonBytes || !IsValidUtf8(c.priority_reason)) {
    errors.Add("priority_reason", "must be text of at most 2000 bytes");
  }
  if (c.tier && (*c.tier < kMinTier || *c.tier > kMaxTier)) {
    errors.Add("tier", "must be N1, N2 or N3");
  }
  std::optional<std::vector<std::string>> tags;
  if (c.tags) tags = NormalizeTags("tags", *c.tags, errors);
  std::map<std::string, std::string> custom = t.custom;
  if (!c.custom.empty() || (c.type && *c.type != t.type)) {
    custom = ValidateCustom(c.custom, t.custom, defs, errors);
  }
  if (c.status && !IsAllowedTransition(t.status, *c.status) && *c.status != t.status) {
    return StatusChangeError(t.status, *c.status);
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus());

  std::vector<TicketEvent> events;
  const auto field = [&](std::string_view name, std::string to) {
    std::string from = GetField(t, name);
    if (from == to) return;
    TicketEvent e = MakeEvent(t, EventType::kFieldChanged, actor, now, true);
    e.field = name;
    e.from = std::move(from);
    e.to = std::move(to);
    events.push_back(std::move(e));
  };
  if (c.subject) field("subject", std::string(TrimView(*c.subject)));
  if (c.description) field("description", *c.description);
  if (c.type) field("type", std::string(Name(*c.type)));
  if (c.impact) field("impact", std::string(Name(*c.impact)));
  if (c.urgency) field("urgency", std::string(Name(*c.urgency)));
  if (c.site_id) field("site_id", IdText(*c.site_id));
  if (c.network_area_id) field("network_area_id", IdText(*c.network_area_id));
  if (c.category_id) field("category_id", IdText(*c.category_id));
  if (c.subcategory_id) field("subcategory_id", IdText(*c.subcategory_id));
  if (tags) field("tags", Join(*tags, ","));
  for (const auto& [key, value] : custom) field("cf." + key, value);
  for (const auto& [key, value] : t.custom) {
    if (!custom.contains(key)) field("cf." + key, "");
  }

  // Priority: a manual value wins; otherwise it follows the matrix when impact or urgency moved.
  const Level impact = c.impact.value_or(t.impact);
  const Level urgency = c.urgency.value_or(t.urgency);
  std::optional<int> new_priority;
  std::string mode;
  if (c.priority) {
    new_priority = *c.priority;
    mode = "manual";
  } else if (c.priority_from_matrix || (!t.priority_manual && (c.impact || c.urgency))) {
    new_priority = matrix.PriorityFor(impact, urgency);
    mode = "matrix";
  }
  if (new_priority &&
      (*new_priority != t.priority || (mode == "manual") != t.priority_manual)) {
    TicketEvent e = MakeEvent(t, EventType::kPriorityChanged, actor, now, false);
    e.from = PriorityName(t.priority);
    e.to = PriorityName(*new_priority);
    e.field = mode;
    e.reason = c.priority ? std::string(TrimView(c.priority_reason)) : std::string();
    events.push_back(std::move(e));
  }
  if (c.team_id && *c.team_id != t.team_id) {
    TicketEvent e = MakeEvent(t, EventType::kTeamChanged, actor, now, true);
    e.from = IdText(t.team_id);
    e.to = IdText(*c.team_id);
    events.push_back(std::move(e));
  }
  if (c.assignee_id && *c.assignee_id != t.assignee_id) {
    TicketEvent e = MakeEvent(t, EventType::kAssigned, actor, now, true);
    e.from = IdText(t.assignee_id);
    e.to = IdText(*c.assignee_id);
    events.push_back(std::move(e));
  }
  if (c.tier && *c.tier != t.tier) {
    if (*c.tier > t.tier) {
      TicketEvent e = MakeEvent(t, EventType::kEscalated, actor, now, true);
      e.from = TierName(t.tier);
      e.to = TierName(*c.tier);
      events.push_back(std::move(e));
    } else {
      field("tier", TierName(*c.tier));
    }
  }
  if (c.status && *c.status != t.status) events.push_back(StatusEvent(t, *c.status, actor, now));
  return events;
}

StatusOr<std::vector<TicketEvent>> PlanReply(const Ticket& t, bool internal, std::string_view body,
                                             std::span<const int64_t> attachment_ids,
                                             std::optional<TicketStatus> then_status,
                                             ActorRef actor, Timestamp now) {
  FieldErrors errors;
  ValidateBody("body", body, true, errors);
  if (attachment_ids.size() > 50) errors.Add("attachment_ids", "at most 50 attachments");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const bool contact = actor.kind == ActorKind::kContact;
  if (internal && contact) return PermissionDeniedError("Customers cannot add internal notes.");
  if (t.merged_into != 0) {
    return FailedPreconditionError("Ticket #" + std::to_string(t.id) + " was merged into #" +
                                   std::to_string(t.merged_into) + "; reply there instead.");
  }
  if (contact && (t.status == TicketStatus::kClosed || t.status == TicketStatus::kCancelled)) {
    return FailedPreconditionError("This ticket is " + std::string(Name(t.status)) +
                                   "; please open a new ticket.");
  }
  std::vector<TicketEvent> events;
  TicketEvent e = MakeEvent(t, internal ? EventType::kInternalNote : EventType::kPublicReply, actor,
                            now, internal);
  e.body = body;
  e.attachment_ids.assign(attachment_ids.begin(), attachment_ids.end());
  events.push_back(std::move(e));

  TicketStatus status = t.status;
  if (!internal) {
    std::optional<TicketStatus> automatic;
    if (contact && (t.status == TicketStatus::kPendingCustomer ||
                    t.status == TicketStatus::kResolved)) {
      automatic = TicketStatus::kOpen;
    } else if (!contact && t.status == TicketStatus::kNew) {
      automatic = TicketStatus::kOpen;
    }
    if (automatic && !(then_status && !contact)) {
      Ticket at = t;
      events.push_back(StatusEvent(at, *automatic, actor, now));
      status = *automatic;
    }
  }
  if (then_status && *then_status != status) {
    if (contact) return PermissionDeniedError("Customers cannot set the status with a reply.");
    if (!IsAllowedTransition(status, *then_status)) return StatusChangeError(status, *then_status);
    Ticket at = t;
    at.status = status;
    events.push_back(StatusEvent(at, *then_status, actor, now));
  }
  return events;
}

StatusOr<std::vector<TicketEvent>> PlanEscalation(const Ticket& t, std::string_view reason,
                                                  std::optional<int64_t> team_id, ActorRef actor,
                                                  Timestamp now) {
  FieldErrors errors;
  ValidateBody("reason", reason, false, errors);
  if (reason.size() > kMaxReasonBytes) errors.Add("reason", "must be at most 2000 bytes");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  if (!IsActive(t.status) || t.merged_into != 0) {
    return FailedPreconditionError("Only a ticket that is still being worked can be escalated.");
  }
  if (t.tier >= kMaxTier) {
    return FailedPreconditionError("The ticket is already at N3, the last tier.");
  }
  std::vector<TicketEvent> events;
  TicketEvent e = MakeEvent(t, EventType::kEscalated, actor, now, true);
  e.from = TierName(t.tier);
  e.to = TierName(t.tier + 1);
  e.reason = TrimView(reason);
  events.push_back(std::move(e));
  if (team_id && *team_id != t.team_id) {
    TicketEvent te = MakeEvent(t, EventType::kTeamChanged, actor, now, true);
    te.from = IdText(t.team_id);
    te.to = IdText(*team_id);
    events.push_back(std::move(te));
  }
  return events;
}

StatusOr<MergePlan> PlanMerge(const Ticket& source, const Ticket& target, ActorRef actor,
                              Timestamp now) {
  if (source.id == target.id) return FailedPreconditionError("A ticket cannot be merged into itself.");
  if (source.organisation_id != target.organisation_id) {
    return FailedPreconditionError("Only tickets of the same organisation can be merged.");
  }
  for (const Ticket* t : {&source, &target}) {
    if (t->merged_into != 0) {
      return FailedPreconditionError("Ticket #" + std::to_string(t->id) + " was already merged into #" +
                                     std::to_string(t->merged_into) + ".");
    }
    if (t->status == TicketStatus::kClosed || t->status == TicketStatus::kCancelled) {
      return FailedPreconditionError("Ticket #" + std::to_string(t->id) + " is " +
                                     std::string(Name(t->status)) + " and cannot be merged.");
    }
  }
  MergePlan plan;
  TicketEvent into = MakeEvent(source, EventType::kMergedInto, actor, now, false);
  into.ref = target.id;
  plan.source_events.push_back(std::move(into));
  plan.source_events.push_back(StatusEvent(source, TicketStatus::kClosed, actor, now));
  TicketEvent from = MakeEvent(target, EventType::kMergedFrom, actor, now, false);
  from.ref = source.id;
  plan.target_events.push_back(std::move(from));
  return plan;
}

StatusOr<LinkPlan> PlanLink(const Ticket& t, const Ticket& other, LinkKind kind, bool unlink,
                            ActorRef actor, Timestamp now) {
  if (t.id == other.id) return FailedPreconditionError("A ticket cannot be linked to itself.");
  const EventType type = unlink ? EventType::kUnlinked : EventType::kLinked;
  LinkPlan plan;
  plan.on_ticket = MakeEvent(t, type, actor, now, true);
  plan.on_ticket.ref = other.id;
  plan.on_ticket.field = Name(kind);
  plan.on_other = MakeEvent(other, type, actor, now, true);
  plan.on_other.ref = t.id;
  plan.on_other.field = Name(Inverse(kind));
  return plan;
}

TicketEvent PlanAttachment(const Ticket& t, int64_t attachment_id, std::string_view filename,
                           bool internal, ActorRef actor, Timestamp now) {
  TicketEvent e = MakeEvent(t, EventType::kAttachmentAdded, actor, now, internal);
  e.ref = attachment_id;
  e.body = filename;
  return e;
}

std::string_view Name(CallDirection d) { return d == CallDirection::kInbound ? "inbound" : "outbound"; }

std::string_view Name(CallOutcome o) {
  switch (o) {
    case CallOutcome::kResolved: return "resolved";
    case CallOutcome::kFollowUp: return "follow_up";
    case CallOutcome::kNoAnswer: return "no_answer";
    case CallOutcome::kLeftMessage: return "left_message";
  }
  return "follow_up";
}

std::optional<CallDirection> ParseCallDirection(std::string_view s) {
  if (s == "inbound") return CallDirection::kInbound;
  if (s == "outbound") return CallDirection::kOutbound;
  return std::nullopt;
}

std::optional<CallOutcome> ParseCallOutcome(std::string_view s) {
  for (CallOutcome o : {CallOutcome::kResolved, CallOutcome::kFollowUp, CallOutcome::kNoAnswer, CallOutcome::kLeftMessage}) {
    if (Name(o) == s) return o;
  }
  return std::nullopt;
}

StatusOr<std::vector<TicketEvent>> PlanCall(const Ticket& t, const CallLog& call, ActorRef actor, Timestamp now) {
  FieldErrors errors;
  ValidateName("caller", call.caller, errors);
  ValidateBody("notes", call.notes, false, errors);
  if (call.duration_seconds < 0 || call.duration_seconds > 24 * 3600) {
    errors.Add("duration_seconds", "must be between 0 and 86400");
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  if (t.merged_into != 0) {
    return FailedPreconditionError("Ticket #" + std::to_string(t.id) + " was merged into #" +
                                   std::to_string(t.merged_into) + "; log the call there.");
  }
  if (t.status == TicketStatus::kClosed || t.status == TicketStatus::kCancelled) {
    return FailedPreconditionError("The ticket is " + std::string(Name(t.status)) + "; log the call on a new ticket.");
  }
  std::vector<TicketEvent> events;
  TicketEvent e = MakeEvent(t, EventType::kCallLogged, actor, now, call.internal);
  e.field = Name(call.direction);
  e.from = Trim(call.caller);
  e.to = Name(call.outcome);
  e.ref = call.duration_seconds;
  e.body = call.notes;
  events.push_back(std::move(e));
  if (call.outcome == CallOutcome::kResolved && t.status != TicketStatus::kResolved) {
    events.push_back(StatusEvent(t, TicketStatus::kResolved, actor, now));
  }
  return events;
}

StatusOr<TicketEvent> PlanRating(const Ticket& t, int stars, std::string_view comment,
                                 ActorRef actor, Timestamp now) {
  FieldErrors errors;
  if (stars < 1 || stars > 5) errors.Add("stars", "must be a whole number from 1 to 5");
  ValidateBody("comment", comment, false, errors);
  if (comment.size() > kMaxReasonBytes) errors.Add("comment", "must be at most 2000 bytes");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  if (t.status != TicketStatus::kResolved && t.status != TicketStatus::kClosed) {
    return FailedPreconditionError("A ticket can be rated once it is resolved.");
  }
  if (t.merged_into != 0) return FailedPreconditionError("Rate the ticket it was merged into.");
  TicketEvent e = MakeEvent(t, EventType::kRated, actor, now, false);
  e.to = std::to_string(stars);
  e.body = Trim(comment);
  return e;
}

}  // namespace farol::domain
