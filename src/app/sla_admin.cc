#include "app/sla_admin.h"

#include <algorithm>

#include "core/strings.h"
#include "domain/directory.h"

namespace farol::app {

using domain::Actor;
using domain::Permission;

namespace {

constexpr int kReapplyBatch = 200;
constexpr size_t kMaxHolidays = 5000;

Status NotFoundCalendar(int64_t id) { return NotFoundError("Calendar #" + std::to_string(id) + " was not found."); }
Status NotFoundPolicy(int64_t id) { return NotFoundError("SLA policy #" + std::to_string(id) + " was not found."); }
Status NotFoundContract(int64_t id) { return NotFoundError("Contract #" + std::to_string(id) + " was not found."); }

Status ValidateCalendar(const std::string& name, const domain::CalendarSpec& spec, bool check_name) {
  FieldErrors errors;
  if (check_name) domain::ValidateName("name", name, errors);
  domain::ValidateCalendarSpec(spec, "", errors);
  if (spec.holidays.size() + spec.yearly_holidays.size() > kMaxHolidays) errors.Add("holidays", "holds at most 5000 dates");
  return errors.ToStatus("The calendar is not valid");
}

}  // namespace

Status SlaAdminService::Audit(store::Tx& tx, const Actor& actor, std::string action, std::string kind, int64_t id,
                              std::string detail, Timestamp now) {
  return RecordAudit(tx, actor, std::move(action), std::move(kind), id, std::move(detail), now);
}

Status RecordAudit(store::Tx& tx, const Actor& actor, std::string action, std::string kind, int64_t id,
                   std::string detail, Timestamp now) {
  store::AuditEntry e;
  e.at = now;
  e.actor = actor.Ref();
  e.action = std::move(action);
  e.object_kind = std::move(kind);
  e.object_id = id;
  e.detail = std::move(detail);
  return tx.audit().Insert(e).status();
}

// ---- calendars --------------------------------------------------------------------------------

namespace {

StatusOr<CalendarInfo> CalendarFrom(const store::NamedText& stored) {
  FAROL_ASSIGN_OR_RETURN(domain::CalendarSpec spec, domain::ParseCalendarSpecText(stored.text));
  return CalendarInfo{stored, std::move(spec)};
}

}  // namespace

StatusOr<std::vector<CalendarInfo>> SlaAdminService::Calendars(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kDirectoryRead));
  std::vector<CalendarInfo> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto list, tx.calendars().List());
    for (const store::NamedText& c : list) {
      FAROL_ASSIGN_OR_RETURN(CalendarInfo info, CalendarFrom(c));
      out.push_back(std::move(info));
    }
    return OkStatus();
  }));
  return out;
}

StatusOr<CalendarInfo> SlaAdminService::GetCalendar(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kDirectoryRead));
  std::optional<store::NamedText> stored;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(stored, tx.calendars().Get(id));
    return OkStatus();
  }));
  if (!stored) return NotFoundCalendar(id);
  return CalendarFrom(*stored);
}

StatusOr<CalendarInfo> SlaAdminService::CreateCalendar(const Actor& actor, std::string name,
                                                       const domain::CalendarSpec& spec) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  name = Trim(name);
  FAROL_RETURN_IF_ERROR(ValidateCalendar(name, spec, true));
  const Timestamp now = clock_.SystemNow();
  CalendarInfo out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out.stored, tx.calendars().Insert(name, domain::SerializeCalendarSpec(spec), now, actor.Ref()));
    out.spec = spec;
    FAROL_RETURN_IF_ERROR(Audit(tx, actor, "calendar.create", "calendar", out.stored.id, "created \"" + name + "\"", now));
    return SlaBooks::Changed(tx);
  }));
  return out;
}

StatusOr<CalendarInfo> SlaAdminService::SaveCalendar(store::Tx& tx, const Actor& actor, int64_t id, std::string name,
                                                     const domain::CalendarSpec& spec, int64_t expected_version,
                                                     std::string action, std::string detail, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(auto before, tx.calendars().Get(id));
  if (!before) return NotFoundCalendar(id);
  CalendarInfo out;
  FAROL_ASSIGN_OR_RETURN(out.stored, tx.calendars().Update(id, name, domain::SerializeCalendarSpec(spec), now,
                                                           actor.Ref(), expected_version));
  out.spec = spec;
  if (detail.empty()) {
    if (before->name != name) detail = "renamed from \"" + before->name + "\" to \"" + name + "\"";
    if (out.stored.version_id != before->version_id) {
      detail += std::string(detail.empty() ? "" : "; ") + "version " + std::to_string(out.stored.version_id) +
                " for tickets opened from now on";
    }
    if (detail.empty()) detail = "saved unchanged";
  }
  FAROL_RETURN_IF_ERROR(Audit(tx, actor, std::move(action), "calendar", id, std::move(detail), now));
  FAROL_RETURN_IF_ERROR(SlaBooks::Changed(tx));
  return out;
}

StatusOr<CalendarInfo> SlaAdminService::UpdateCalendar(const Actor& actor, int64_t id, std::string name,
                                                       const domain::CalendarSpec& spec, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  name = Trim(name);
  FAROL_RETURN_IF_ERROR(ValidateCalendar(name, spec, true));
  const Timestamp now = clock_.SystemNow();
  CalendarInfo out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, SaveCalendar(tx, actor, id, name, spec, expected_version, "calendar.update", "", now));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<store::TextVersion>> SlaAdminService::CalendarVersions(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kDirectoryRead));
  std::vector<store::TextVersion> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto c, tx.calendars().Get(id));
    if (!c) return NotFoundCalendar(id);
    FAROL_ASSIGN_OR_RETURN(out, tx.calendars().Versions(id));
    return OkStatus();
  }));
  return out;
}

StatusOr<SlaAdminService::HolidayImport> SlaAdminService::ImportHolidays(const Actor& actor, int64_t calendar_id,
                                                                        const domain::HolidaySet& set, bool replace) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  const Timestamp now = clock_.SystemNow();
  HolidayImport out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.calendars().Get(calendar_id));
    if (!stored) return NotFoundCalendar(calendar_id);
    FAROL_ASSIGN_OR_RETURN(CalendarInfo info, CalendarFrom(*stored));
    out.added = domain::MergeHolidays(info.spec, set, replace);
    out.total = int(info.spec.holidays.size() + info.spec.yearly_holidays.size());
    FAROL_RETURN_IF_ERROR(ValidateCalendar(stored->name, info.spec, false));
    const std::string detail = (replace ? "holidays replaced: " : "holidays imported: ") + std::to_string(out.added) +
                               " new, " + std::to_string(out.total) + " in all";
    FAROL_ASSIGN_OR_RETURN(out.calendar, SaveCalendar(tx, actor, calendar_id, stored->name, info.spec, stored->version,
                                                      "calendar.holidays", detail, now));
    return OkStatus();
  }));
  return out;
}

StatusOr<SlaAdminService::Reapplied> SlaAdminService::ReapplyCalendar(
    const Actor& actor, int64_t calendar_id, std::string_view reason_view,
    const std::function<void(int64_t, int64_t)>& progress) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  const std::string reason = Trim(reason_view);
  FieldErrors errors;
  if (reason.empty()) errors.Add("reason", "say why the open tickets' clocks change: it is kept with each of them");
  domain::ValidateLine("reason", reason, domain::kMaxReasonBytes, errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The re-apply is not valid"));
  Reapplied out;
  int64_t after = 0, looked = 0;
  std::vector<int64_t> changed_ids;
  while (true) {
    std::vector<int64_t> ids;
    std::vector<int64_t> changed_now;
    const Timestamp now = clock_.SystemNow();
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      changed_now.clear();
      FAROL_ASSIGN_OR_RETURN(auto stored, tx.calendars().Get(calendar_id));
      if (!stored) return NotFoundCalendar(calendar_id);
      FAROL_ASSIGN_OR_RETURN(auto book, books_.Get(tx));
      const SlaBook::CalendarVersion* current = book->CurrentCalendar(calendar_id);
      if (!current) return NotFoundCalendar(calendar_id);
      out.version_id = current->id;
      FAROL_ASSIGN_OR_RETURN(ids, tx.tickets().OpenIds(after, kReapplyBatch));
      for (int64_t id : ids) {
        FAROL_ASSIGN_OR_RETURN(auto timeline, tx.tickets().Events(id, true));
        if (timeline.empty()) continue;
        FAROL_ASSIGN_OR_RETURN(SlaBook::Terms terms, book->For(timeline));
        if (!terms.calendar || terms.calendar->calendar_id != calendar_id || terms.calendar->id == current->id) continue;
        domain::TicketEvent e;
        e.ticket_id = id;
        e.type = domain::EventType::kSlaTermsChanged;
        e.at = std::max(now, timeline.back().at);
        e.author = actor.Ref();
        e.internal = true;
        e.field = "calendar";
        e.from = std::to_string(terms.calendar->id);
        e.to = std::to_string(current->id);
        e.ref = current->id;
        e.reason = reason;
        FAROL_RETURN_IF_ERROR(tx.tickets().AppendEvent(e).status());
        FAROL_RETURN_IF_ERROR(tx.tickets().BumpVersion(id));
        changed_now.push_back(id);
      }
      if (!changed_now.empty()) FAROL_RETURN_IF_ERROR(tracker_.Refresh(tx, changed_now, now));
      if (ids.size() < size_t(kReapplyBatch)) {
        // The last batch also records the command, with the whole count.
        const int64_t total = out.tickets + int64_t(changed_now.size());
        FAROL_RETURN_IF_ERROR(Audit(tx, actor, "calendar.reapply", "calendar", calendar_id,
                                    "version " + std::to_string(current->id) + " re-applied; open tickets re-measured: " +
                                        std::to_string(total) + "; reason: " + reason,
                                    now));
      }
      return OkStatus();
    }));
    out.tickets += int64_t(changed_now.size());
    looked += int64_t(ids.size());
    changed_ids.insert(changed_ids.end(), changed_now.begin(), changed_now.end());
    if (progress) progress(looked, out.tickets);
    if (ids.size() < size_t(kReapplyBatch)) break;
    after = ids.back();
  }
  if (watch_) {
    for (int64_t id : changed_ids) watch_->Publish(id);
  }
  return out;
}

// ---- SLA policies -----------------------------------------------------------------------------

StatusOr<PolicyInfo> SlaAdminService::LoadPolicy(store::Tx& tx, const store::NamedText& stored) {
  PolicyInfo out;
  out.stored = stored;
  FAROL_ASSIGN_OR_RETURN(out.policy, domain::SlaPolicy::Parse(stored.text));
  if (out.policy.calendar_id != 0) {
    FAROL_ASSIGN_OR_RETURN(auto cal, tx.calendars().Get(out.policy.calendar_id));
    if (cal) {
      FAROL_ASSIGN_OR_RETURN(out.policy.calendar, domain::ParseCalendarSpecText(cal->text));
    }
  }
  return out;
}

Status SlaAdminService::CheckPolicyReferences(store::Tx& tx, const domain::SlaPolicy& policy) {
  FieldErrors errors;
  if (policy.calendar_id <= 0) {
    errors.Add("calendar_id", "is required: the calendar the policy counts business time on");
  } else {
    FAROL_ASSIGN_OR_RETURN(auto cal, tx.calendars().Get(policy.calendar_id));
    if (!cal) errors.Add("calendar_id", "no such calendar");
  }
  for (const auto& [team, seconds] : policy.ola_seconds) {
    FAROL_ASSIGN_OR_RETURN(auto t, tx.teams().Get(team));
    if (!t) errors.Add("olas", "no such team " + std::to_string(team));
  }
  const auto& levels = policy.escalation.levels;
  for (size_t i = 0; i < levels.size(); ++i) {
    const std::string p = "escalation.levels[" + std::to_string(i) + "]";
    for (int64_t id : levels[i].channel_ids) {
      FAROL_ASSIGN_OR_RETURN(auto ch, tx.alert_channels().Get(id));
      if (!ch) errors.Add(p + ".channel_ids", "no such alert channel " + std::to_string(id));
    }
    for (const domain::EscalationRecipient& r : levels[i].recipients) {
      if (r.kind == domain::EscalationRecipient::Kind::kTeamId) {
        FAROL_ASSIGN_OR_RETURN(auto t, tx.teams().Get(r.id));
        if (!t) errors.Add(p + ".recipients", "no such team " + std::to_string(r.id));
      } else if (r.kind == domain::EscalationRecipient::Kind::kUser) {
        FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(r.id));
        if (!u) errors.Add(p + ".recipients", "no such staff user " + std::to_string(r.id));
      }
    }
  }
  return errors.ToStatus("The SLA policy is not valid");
}

StatusOr<std::vector<PolicyInfo>> SlaAdminService::Policies(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kDirectoryRead));
  std::vector<PolicyInfo> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto list, tx.sla_policies().List());
    for (const store::NamedText& p : list) {
      FAROL_ASSIGN_OR_RETURN(PolicyInfo info, LoadPolicy(tx, p));
      out.push_back(std::move(info));
    }
    return OkStatus();
  }));
  return out;
}

StatusOr<PolicyInfo> SlaAdminService::GetPolicy(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kDirectoryRead));
  PolicyInfo out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.sla_policies().Get(id));
    if (!stored) return NotFoundPolicy(id);
    FAROL_ASSIGN_OR_RETURN(out, LoadPolicy(tx, *stored));
    return OkStatus();
  }));
  return out;
}

StatusOr<PolicyInfo> SlaAdminService::CreatePolicy(const Actor& actor, std::string name, domain::SlaPolicy policy) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  name = Trim(name);
  FieldErrors errors;
  domain::ValidateName("name", name, errors);
  policy.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The SLA policy is not valid"));
  const Timestamp now = clock_.SystemNow();
  PolicyInfo out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_RETURN_IF_ERROR(CheckPolicyReferences(tx, policy));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.sla_policies().Insert(name, policy.Serialize(), now, actor.Ref()));
    FAROL_ASSIGN_OR_RETURN(out, LoadPolicy(tx, stored));
    FAROL_RETURN_IF_ERROR(Audit(tx, actor, "sla_policy.create", "sla_policy", stored.id, "created \"" + name + "\"", now));
    return SlaBooks::Changed(tx);
  }));
  return out;
}

StatusOr<PolicyInfo> SlaAdminService::UpdatePolicy(const Actor& actor, int64_t id, std::string name,
                                                   domain::SlaPolicy policy, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  name = Trim(name);
  FieldErrors errors;
  domain::ValidateName("name", name, errors);
  policy.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The SLA policy is not valid"));
  const Timestamp now = clock_.SystemNow();
  PolicyInfo out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto before, tx.sla_policies().Get(id));
    if (!before) return NotFoundPolicy(id);
    FAROL_RETURN_IF_ERROR(CheckPolicyReferences(tx, policy));
    FAROL_ASSIGN_OR_RETURN(auto stored,
                           tx.sla_policies().Update(id, name, policy.Serialize(), now, actor.Ref(), expected_version));
    FAROL_ASSIGN_OR_RETURN(out, LoadPolicy(tx, stored));
    std::string detail;
    if (before->name != name) detail = "renamed from \"" + before->name + "\" to \"" + name + "\"";
    if (stored.version_id != before->version_id) {
      detail += std::string(detail.empty() ? "" : "; ") + "version " + std::to_string(stored.version_id) +
                " for tickets opened from now on";
    }
    FAROL_RETURN_IF_ERROR(Audit(tx, actor, "sla_policy.update", "sla_policy", id,
                                detail.empty() ? "saved unchanged" : detail, now));
    return SlaBooks::Changed(tx);
  }));
  return out;
}

StatusOr<domain::SlaPolicy> SlaAdminService::GetDefaultPolicy(const Actor& actor) {
  FAROL_ASSIGN_OR_RETURN(PolicyInfo info, GetPolicy(actor, kDefaultPolicyId));
  return info.policy;
}

Status SlaAdminService::SetDefaultPolicy(const Actor& actor, domain::SlaPolicy policy) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  policy.calendar_id = 0;  // the calendar comes inline here
  FieldErrors errors;
  policy.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The SLA policy is not valid"));
  const Timestamp now = clock_.SystemNow();
  return store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto before, tx.sla_policies().Get(kDefaultPolicyId));
    if (!before) return NotFoundPolicy(kDefaultPolicyId);
    FAROL_ASSIGN_OR_RETURN(PolicyInfo current, LoadPolicy(tx, *before));
    const int64_t calendar_id = current.policy.calendar_id ? current.policy.calendar_id : kDefaultCalendarId;
    FAROL_ASSIGN_OR_RETURN(auto cal, tx.calendars().Get(calendar_id));
    if (!cal) return NotFoundCalendar(calendar_id);
    if (cal->text != domain::SerializeCalendarSpec(policy.calendar)) {
      FAROL_RETURN_IF_ERROR(SaveCalendar(tx, actor, calendar_id, cal->name, policy.calendar, cal->version,
                                         "calendar.update", "", now)
                                .status());
    }
    policy.calendar_id = calendar_id;
    FAROL_RETURN_IF_ERROR(CheckPolicyReferences(tx, policy));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.sla_policies().Update(kDefaultPolicyId, before->name, policy.Serialize(), now,
                                                                 actor.Ref(), before->version));
    if (stored.version_id != before->version_id) {
      FAROL_RETURN_IF_ERROR(Audit(tx, actor, "sla_policy.update", "sla_policy", kDefaultPolicyId,
                                  "version " + std::to_string(stored.version_id) + " for tickets opened from now on",
                                  now));
    }
    return SlaBooks::Changed(tx);
  });
}

// ---- contracts --------------------------------------------------------------------------------

Status SlaAdminService::CheckContract(store::Tx& tx, domain::Contract& c) {
  FieldErrors errors;
  FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(c.organisation_id));
  if (!org) errors.Add("organisation_id", "no such organisation");
  FAROL_ASSIGN_OR_RETURN(auto policy, tx.sla_policies().Get(c.policy_id));
  if (!policy) errors.Add("policy_id", "no such SLA policy");
  if (c.calendar_id) {
    FAROL_ASSIGN_OR_RETURN(auto cal, tx.calendars().Get(c.calendar_id));
    if (!cal) errors.Add("calendar_id", "no such calendar");
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The contract is not valid"));
  FAROL_RETURN_IF_ERROR(domain::SetContractPeriod(c, org->time_zone));
  FAROL_ASSIGN_OR_RETURN(auto others, tx.contracts().List(c.organisation_id));
  for (const domain::Contract& o : others) {
    if (o.id == c.id || !domain::Overlap(o, c)) continue;
    return FieldInvalidError("starts_on", "overlaps contract \"" + o.name + "\" (" + domain::FormatCivilDate(o.starts_on) +
                                              " to " + (o.ends_on ? domain::FormatCivilDate(*o.ends_on) : "open-ended") +
                                              "): an organisation has one contract at a time");
  }
  return OkStatus();
}

StatusOr<std::vector<domain::Contract>> SlaAdminService::Contracts(const Actor& actor, int64_t organisation_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kContractRead));
  std::vector<domain::Contract> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.contracts().List(organisation_id));
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::Contract> SlaAdminService::GetContract(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kContractRead));
  std::optional<domain::Contract> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.contracts().Get(id));
    return OkStatus();
  }));
  if (!out) return NotFoundContract(id);
  return *out;
}

StatusOr<domain::Contract> SlaAdminService::CreateContract(const Actor& actor, domain::Contract c) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kContractWrite));
  c.name = Trim(c.name);
  FieldErrors errors;
  c.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The contract is not valid"));
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    c.id = 0;
    FAROL_RETURN_IF_ERROR(CheckContract(tx, c));
    c.created_at = c.updated_at = now;
    c.version = 1;
    FAROL_ASSIGN_OR_RETURN(c.id, tx.contracts().Insert(c));
    FAROL_RETURN_IF_ERROR(Audit(tx, actor, "contract.create", "contract", c.id,
                                "created \"" + c.name + "\" for organisation #" + std::to_string(c.organisation_id), now));
    return SlaBooks::Changed(tx);
  }));
  return c;
}

StatusOr<domain::Contract> SlaAdminService::UpdateContract(const Actor& actor, domain::Contract c,
                                                           int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kContractWrite));
  c.name = Trim(c.name);
  FieldErrors errors;
  c.Validate(errors);
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The contract is not valid"));
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto before, tx.contracts().Get(c.id));
    if (!before) return NotFoundContract(c.id);
    FAROL_RETURN_IF_ERROR(CheckContract(tx, c));
    c.created_at = before->created_at;
    c.updated_at = now;
    FAROL_RETURN_IF_ERROR(tx.contracts().Update(c, expected_version));
    c.version = expected_version + 1;
    std::vector<std::string> changed;
    if (before->name != c.name) changed.push_back("name");
    if (before->starts_on != c.starts_on || before->ends_on != c.ends_on) changed.push_back("period");
    if (before->renewal_on != c.renewal_on) changed.push_back("renewal date");
    if (before->monthly_value_minor != c.monthly_value_minor || before->currency != c.currency) {
      changed.push_back("monthly value");
    }
    if (before->policy_id != c.policy_id) changed.push_back("SLA policy");
    if (before->calendar_id != c.calendar_id) changed.push_back("calendar");
    if (before->compliance != c.compliance) changed.push_back("compliance targets");
    if (before->notes != c.notes) changed.push_back("notes");
    FAROL_RETURN_IF_ERROR(Audit(tx, actor, "contract.update", "contract", c.id,
                                changed.empty() ? "saved unchanged" : "changed " + Join(changed, ", "), now));
    return SlaBooks::Changed(tx);
  }));
  return c;
}

StatusOr<std::vector<store::AuditEntry>> SlaAdminService::Audit(const Actor& actor, std::string_view object_kind,
                                                                int64_t object_id, int limit, int64_t before_id) {
  if (object_kind == "contract") {
    FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kContractRead));
  } else {
    FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  }
  std::vector<store::AuditEntry> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.audit().List(object_kind, object_id, limit, before_id));
    return OkStatus();
  }));
  return out;
}

}  // namespace farol::app
