#include "app/sla_book.h"

#include <algorithm>
#include <cstdlib>

#include "core/crypto.h"

namespace farol::app {

namespace {

constexpr std::string_view kGenerationKey = "sla.generation";

int64_t FieldId(const domain::TicketEvent& e, std::string_view name) {
  auto it = e.fields.find(std::string(name));
  return it == e.fields.end() ? 0 : std::atoll(it->second.c_str());
}

// The last entry of `list` (sorted by since, then id) whose since is at or before `at`; the
// first one when `at` comes before all of them.
template <typename T>
const T* AtOrBefore(const std::vector<const T*>& list, Timestamp at) {
  if (list.empty()) return nullptr;
  const T* found = list.front();
  for (const T* v : list) {
    if (v->since <= at) found = v;
  }
  return found;
}

}  // namespace

StatusOr<std::shared_ptr<const SlaBook>> SlaBook::Load(store::Tx& tx, std::string generation) {
  auto book = std::make_shared<SlaBook>();
  book->generation_ = std::move(generation);
  FAROL_ASSIGN_OR_RETURN(auto calendars, tx.calendars().AllVersions());
  for (const store::TextVersion& v : calendars) {
    auto spec = domain::ParseCalendarSpecText(v.text);
    if (!spec.ok()) return InternalError("Calendar version " + std::to_string(v.id) + ": " + spec.status().message());
    auto compiled = domain::BusinessCalendar::Create(*spec);
    if (!compiled.ok()) return InternalError("Calendar version " + std::to_string(v.id) + ": " + compiled.status().message());
    book->calendar_versions_[v.id] = CalendarVersion{v.id, v.owner_id, v.since, *compiled};
  }
  FAROL_ASSIGN_OR_RETURN(auto policies, tx.sla_policies().AllVersions());
  for (const store::TextVersion& v : policies) {
    auto policy = domain::SlaPolicy::Parse(v.text);
    if (!policy.ok()) return InternalError("SLA policy version " + std::to_string(v.id) + ": " + policy.status().message());
    PolicyVersion pv{v.id, v.owner_id, v.since, std::move(*policy), nullptr};
    if (pv.policy.calendar_id == 0) {
      FAROL_ASSIGN_OR_RETURN(pv.inline_calendar, domain::BusinessCalendar::Create(pv.policy.calendar));
    }
    book->policy_versions_[v.id] = std::move(pv);
  }
  // Pointers into the maps are stable; the per-owner lists are ordered by since, then id.
  for (const auto& [id, v] : book->calendar_versions_) book->calendars_[v.calendar_id].push_back(&v);
  for (const auto& [id, v] : book->policy_versions_) book->policies_[v.policy_id].push_back(&v);
  auto by_since = [](const auto* a, const auto* b) { return std::tie(a->since, a->id) < std::tie(b->since, b->id); };
  for (auto& [id, list] : book->calendars_) std::sort(list.begin(), list.end(), by_since);
  for (auto& [id, list] : book->policies_) std::sort(list.begin(), list.end(), by_since);
  FAROL_ASSIGN_OR_RETURN(auto contracts, tx.contracts().List(0));
  for (domain::Contract& c : contracts) book->contracts_[c.organisation_id].push_back(std::move(c));
  return std::shared_ptr<const SlaBook>(std::move(book));
}

const SlaBook::CalendarVersion* SlaBook::CurrentCalendar(int64_t calendar_id) const {
  auto it = calendars_.find(calendar_id);
  return it == calendars_.end() || it->second.empty() ? nullptr : it->second.back();
}

const SlaBook::PolicyVersion* SlaBook::CurrentPolicy(int64_t policy_id) const {
  auto it = policies_.find(policy_id);
  return it == policies_.end() || it->second.empty() ? nullptr : it->second.back();
}

const SlaBook::CalendarVersion* SlaBook::CalendarVersionById(int64_t id) const {
  auto it = calendar_versions_.find(id);
  return it == calendar_versions_.end() ? nullptr : &it->second;
}

const SlaBook::PolicyVersion* SlaBook::PolicyAt(int64_t policy_id, Timestamp at) const {
  auto it = policies_.find(policy_id);
  return it == policies_.end() ? nullptr : AtOrBefore(it->second, at);
}

const SlaBook::CalendarVersion* SlaBook::CalendarAt(int64_t calendar_id, Timestamp at) const {
  auto it = calendars_.find(calendar_id);
  return it == calendars_.end() ? nullptr : AtOrBefore(it->second, at);
}

StatusOr<SlaBook::Terms> SlaBook::Resolve(int64_t contract_id, const PolicyVersion* pv, const CalendarVersion* cv,
                                          Timestamp at) const {
  if (!pv) return InternalError("The SLA policy of a ticket is missing from the database.");
  Terms t;
  t.contract_id = contract_id;
  t.policy = pv;
  if (!cv && pv->policy.calendar_id != 0) cv = CalendarAt(pv->policy.calendar_id, at);
  t.calendar = cv;
  if (cv) {
    t.business = cv->calendar.get();
  } else if (pv->inline_calendar) {
    t.business = pv->inline_calendar.get();
  } else {
    return InternalError("The calendar of SLA policy " + std::to_string(pv->policy_id) + " is missing from the database.");
  }
  return t;
}

StatusOr<SlaBook::Terms> SlaBook::ForNew(int64_t organisation_id, Timestamp at) const {
  int64_t contract_id = 0, policy_id = kDefaultPolicyId, calendar_id = 0;
  if (auto it = contracts_.find(organisation_id); it != contracts_.end()) {
    for (const domain::Contract& c : it->second) {
      if (!c.InForce(at)) continue;
      contract_id = c.id;
      policy_id = c.policy_id;
      calendar_id = c.calendar_id;
      break;
    }
  }
  const PolicyVersion* pv = CurrentPolicy(policy_id);
  if (!pv) pv = CurrentPolicy(kDefaultPolicyId);
  if (!pv) return InternalError("No SLA policy is stored; run `farol migrate`.");
  if (calendar_id == 0) calendar_id = pv->policy.calendar_id;
  return Resolve(contract_id, pv, calendar_id ? CurrentCalendar(calendar_id) : nullptr, at);
}

StatusOr<SlaBook::Terms> SlaBook::For(const std::vector<domain::TicketEvent>& timeline) const {
  if (timeline.empty()) return InternalError("A ticket without a timeline has no SLA terms.");
  const domain::TicketEvent& created = timeline.front();
  const Timestamp opened = created.at;
  const int64_t contract_id = FieldId(created, kTermsContractField);
  const PolicyVersion* pv = nullptr;
  if (int64_t id = FieldId(created, kTermsPolicyField)) {
    auto it = policy_versions_.find(id);
    if (it != policy_versions_.end()) pv = &it->second;
  }
  if (!pv) pv = PolicyAt(kDefaultPolicyId, opened);
  const CalendarVersion* cv = CalendarVersionById(FieldId(created, kTermsCalendarField));
  for (const domain::TicketEvent& e : timeline) {
    if (e.type == domain::EventType::kSlaTermsChanged && e.field == "calendar") {
      if (const CalendarVersion* re = CalendarVersionById(e.ref)) cv = re;
    }
  }
  return Resolve(contract_id, pv, cv, opened);
}

void SlaBook::Record(const Terms& terms, domain::TicketEvent& created) {
  if (terms.contract_id) created.fields[std::string(kTermsContractField)] = std::to_string(terms.contract_id);
  created.fields[std::string(kTermsPolicyField)] = std::to_string(terms.policy->id);
  if (terms.calendar) created.fields[std::string(kTermsCalendarField)] = std::to_string(terms.calendar->id);
}

StatusOr<std::shared_ptr<const SlaBook>> SlaBooks::Get(store::Tx& tx) {
  FAROL_ASSIGN_OR_RETURN(auto generation, tx.settings().Get(kGenerationKey));
  const std::string g = generation.value_or("");
  {
    std::lock_guard lock(mu_);
    if (book_ && book_->generation() == g) return book_;
  }
  FAROL_ASSIGN_OR_RETURN(auto fresh, SlaBook::Load(tx, g));
  std::lock_guard lock(mu_);
  book_ = fresh;
  return fresh;
}

Status SlaBooks::Changed(store::Tx& tx) {
  // A random token, not a counter: two processes changing the book at once never share one.
  return tx.settings().Put(kGenerationKey, crypto::RandomToken(12));
}

}  // namespace farol::app
