#include "app/guardian_service.h"

#include <algorithm>
#include <cstdio>
#include <span>

#include "app/fields.h"
#include "app/sla_admin.h"
#include "app/ticket_service.h"
#include "domain/alerts.h"
#include "domain/contract.h"
#include "core/strings.h"

namespace farol::app {

using domain::Actor;
using domain::Permission;
using domain::ProblemStatus;
using domain::SolutionKind;

namespace {

constexpr std::string_view kCauseCategories[] = {"human", "tool", "process"};

const std::string& SolutionText(const store::Problem& p, SolutionKind k) {
  switch (k) {
    case SolutionKind::kImmediate: return p.solution_immediate;
    case SolutionKind::kLongTerm: return p.solution_long_term;
    case SolutionKind::kPreventive: return p.solution_preventive;
  }
  return p.solution_immediate;
}

std::string SolutionField(SolutionKind k) { return "solution_" + std::string(domain::Name(k)); }

// The solutions written on `p`.
std::vector<SolutionKind> Written(const store::Problem& p) {
  std::vector<SolutionKind> out;
  for (SolutionKind k : domain::kSolutionKinds) {
    if (!SolutionText(p, k).empty()) out.push_back(k);
  }
  return out;
}

// `p`'s score under `rule`; nullopt until graded (or graded off the rule's scale).
std::optional<domain::GutScore> ScoreOf(const domain::GutRule& rule, const store::Problem& p) {
  if (!p.gravity || !p.urgency || !p.tendency) return std::nullopt;
  auto s = domain::Score(rule, *p.gravity, *p.urgency, *p.tendency);
  if (!s.ok()) return std::nullopt;
  return *s;
}

void Deduplicate(std::vector<int64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

// Applies `f` to `p`, collecting what is wrong; checks every reference exists.
Status ApplyProblem(store::Tx& tx, const GuardianService::Fields& f, const store::GuardianSettings& settings,
             store::Problem& p, FieldErrors& errors) {
  SetText(f.title, p.title, "title", 200, true, errors);
  SetText(f.description, p.description, "description", 20000, false, errors);
  SetText(f.root_cause, p.root_cause, "root_cause", 5000, false, errors);
  SetText(f.impact, p.impact, "impact", 2000, false, errors);
  SetText(f.solution_immediate, p.solution_immediate, "solution_immediate", 5000, false, errors);
  SetText(f.solution_long_term, p.solution_long_term, "solution_long_term", 5000, false, errors);
  SetText(f.solution_preventive, p.solution_preventive, "solution_preventive", 5000, false, errors);
  if (f.reported_at) p.reported_at = *f.reported_at;
  if (f.error_category) {
    p.error_category = Trim(*f.error_category);
    const auto& known = settings.error_categories;
    if (!p.error_category.empty() && std::find(known.begin(), known.end(), p.error_category) == known.end()) {
      errors.Add("error_category", "must be one of the configured error categories: " + Join(known, ", "));
    }
  }
  if (f.cause_category) {
    p.cause_category = *f.cause_category;
    if (!p.cause_category.empty() && std::find(std::begin(kCauseCategories), std::end(kCauseCategories),
                                               p.cause_category) == std::end(kCauseCategories)) {
      errors.Add("cause_category", "must be human, tool or process");
    }
  }
  auto grade = [&](const std::optional<std::optional<int>>& in, std::optional<int>& out, const char* field) {
    if (!in) return;
    out = *in;
    if (out && (*out < 1 || *out > settings.gut.scale_max)) {
      errors.Add(field, "must be a whole number from 1 to " + std::to_string(settings.gut.scale_max));
    }
  };
  grade(f.gravity, p.gravity, "gravity");
  grade(f.urgency, p.urgency, "urgency");
  grade(f.tendency, p.tendency, "tendency");
  if (f.reporter_user_id || f.reporter_contact_id) {
    p.reporter_user_id = f.reporter_user_id.value_or(0);
    p.reporter_contact_id = f.reporter_contact_id.value_or(0);
    if (p.reporter_user_id && p.reporter_contact_id) {
      errors.Add("reporter_contact_id", "give a staff member or a contact as the reporter, not both");
    }
    if (p.reporter_user_id) {
      FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(p.reporter_user_id));
      if (!u) errors.Add("reporter_user_id", "no such staff member");
    }
    if (p.reporter_contact_id) {
      FAROL_ASSIGN_OR_RETURN(auto c, tx.contacts().Get(p.reporter_contact_id));
      if (!c) errors.Add("reporter_contact_id", "no such contact");
    }
  }
  if (f.team_id) {
    p.team_id = *f.team_id;
    if (p.team_id) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.teams().Get(p.team_id));
      if (!t) errors.Add("team_id", "no such team");
    }
  }
  if (f.organisation_ids) {
    p.organisation_ids = *f.organisation_ids;
    Deduplicate(p.organisation_ids);
    if (p.organisation_ids.size() > 500) errors.Add("organisation_ids", "at most 500 organisations");
    for (int64_t id : p.organisation_ids) {
      FAROL_ASSIGN_OR_RETURN(auto o, tx.organisations().Get(id));
      if (!o) errors.Add("organisation_ids", "no organisation " + std::to_string(id));
    }
  }
  if (f.ticket_ids) {
    p.ticket_ids = *f.ticket_ids;
    Deduplicate(p.ticket_ids);
    if (p.ticket_ids.size() > 1000) errors.Add("ticket_ids", "at most 1000 tickets");
    for (int64_t id : p.ticket_ids) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(id));
      if (!t) errors.Add("ticket_ids", "no ticket " + std::to_string(id));
    }
  }
  if (f.problem_ids) {
    p.problem_ids = *f.problem_ids;
    Deduplicate(p.problem_ids);
    if (p.id && std::find(p.problem_ids.begin(), p.problem_ids.end(), p.id) != p.problem_ids.end()) {
      errors.Add("problem_ids", "a record cannot be related to itself");
    }
    FAROL_ASSIGN_OR_RETURN(auto missing, tx.problems().Missing(p.problem_ids));
    for (int64_t id : missing) errors.Add("problem_ids", "no problem record " + std::to_string(id));
  }
  return OkStatus();
}

// What `p` lacks to be in `status` (action plan or later): the cause, team, grades and the
// solutions its level requires.
void CheckReady(const store::Problem& p, const domain::GutRule& rule, ProblemStatus status, FieldErrors& errors) {
  if (status == ProblemStatus::kNew || status == ProblemStatus::kAnalysing || status == ProblemStatus::kReopened) return;
  const std::string before = " before moving to " + std::string(domain::Name(status));
  if (p.root_cause.empty()) errors.Add("root_cause", "required" + before);
  if (p.cause_category.empty()) errors.Add("cause_category", "required" + before);
  if (p.team_id == 0) errors.Add("team_id", "required" + before);
  const auto score = ScoreOf(rule, p);
  if (!score) {
    for (auto [g, field] : {std::pair{p.gravity, "gravity"}, std::pair{p.urgency, "urgency"}, std::pair{p.tendency, "tendency"}}) {
      if (!g) errors.Add(field, "required" + before);
    }
    return;
  }
  const auto written = Written(p);
  for (SolutionKind k : domain::MissingSolutions(score->required, written)) {
    errors.Add(SolutionField(k), "required at level " + score->level + before);
  }
}

std::string SearchText(const store::Problem& p) { return p.title + "\n" + p.description + "\n" + p.root_cause; }

std::string IdsText(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::string GradeText(const std::optional<int>& g) { return g ? std::to_string(*g) : ""; }

// `p`'s fields as text, by the names of the API, for the timeline's field_changed events.
std::vector<std::pair<std::string_view, std::string>> FieldValues(const store::Problem& p) {
  std::string reporter;
  if (p.reporter_user_id) reporter = "user:" + std::to_string(p.reporter_user_id);
  if (p.reporter_contact_id) reporter = "contact:" + std::to_string(p.reporter_contact_id);
  return {{"title", p.title},
          {"description", p.description},
          {"reported_at", FormatIso8601(p.reported_at)},
          {"organisation_ids", IdsText(p.organisation_ids)},
          {"reporter", reporter},
          {"error_category", p.error_category},
          {"root_cause", p.root_cause},
          {"cause_category", p.cause_category},
          {"team_id", p.team_id ? std::to_string(p.team_id) : ""},
          {"impact", p.impact},
          {"gravity", GradeText(p.gravity)},
          {"urgency", GradeText(p.urgency)},
          {"tendency", GradeText(p.tendency)},
          {"solution_immediate", p.solution_immediate},
          {"solution_long_term", p.solution_long_term},
          {"solution_preventive", p.solution_preventive},
          {"ticket_ids", IdsText(p.ticket_ids)},
          {"problem_ids", IdsText(p.problem_ids)}};
}

store::ProblemEvent NewEvent(int64_t problem_id, std::string type, int64_t author, Timestamp at) {
  store::ProblemEvent e;
  e.problem_id = problem_id;
  e.type = std::move(type);
  e.author_user_id = author;
  e.at = at;
  return e;
}

// One field_changed event per field that differs, and status_changed.
Status RecordChanges(store::Tx& tx, const store::Problem& was, const store::Problem& now_is, int64_t author, Timestamp at) {
  const auto before = FieldValues(was), after = FieldValues(now_is);
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i].second == after[i].second) continue;
    store::ProblemEvent e = NewEvent(now_is.id, "field_changed", author, at);
    e.field = std::string(before[i].first);
    e.from = CutUtf8(before[i].second, 1000);
    e.to = CutUtf8(after[i].second, 1000);
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
  }
  if (was.status != now_is.status) {
    store::ProblemEvent e = NewEvent(now_is.id, "status_changed", author, at);
    e.field = "status";
    e.from = was.status;
    e.to = now_is.status;
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
  }
  return OkStatus();
}

// The acting staff member's id for events and files (0: farol itself).
int64_t AuthorOf(const Actor& actor) { return actor.IsStaff() ? actor.id : 0; }

// Puts `p` in the group of record `other_id` (0: out of its group), starting that group when the
// other record has none. Errors go to `errors`.
Status JoinGroup(store::Tx& tx, store::Problem& p, int64_t other_id, Timestamp now, FieldErrors& errors) {
  if (other_id == 0) {
    p.group_id = 0;
    return OkStatus();
  }
  if (p.id && other_id == p.id) {
    errors.Add("group_with", "a record cannot be grouped with itself");
    return OkStatus();
  }
  FAROL_ASSIGN_OR_RETURN(auto other, tx.problems().Get(other_id));
  if (!other) {
    errors.Add("group_with", "no problem record " + std::to_string(other_id));
    return OkStatus();
  }
  if (other->group_id == 0) {
    // The other record starts the group.
    store::Problem started = *other;
    started.group_id = other->id;
    started.updated_at = now;
    FAROL_RETURN_IF_ERROR(tx.problems().Update(started, other->version));
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent([&] {
      store::ProblemEvent e = NewEvent(other->id, "grouped", 0, now);
      e.ref = other->id;
      e.body = "started the group of record #" + std::to_string(other->id);
      return e;
    }()).status());
  }
  p.group_id = other->group_id ? other->group_id : other->id;
  return OkStatus();
}

std::vector<domain::ActionState> StatesOf(const std::vector<store::ProblemAction>& actions, std::string_view kind) {
  std::vector<domain::ActionState> out;
  for (const auto& a : actions) {
    if (a.kind != kind) continue;
    out.push_back({domain::ParseActionStatus(a.status).value_or(domain::ActionStatus::kOpen), a.done_at});
  }
  return out;
}

}  // namespace

StatusOr<GuardianService::View> GuardianService::FullView(store::Tx& tx, int64_t id) {
  FAROL_ASSIGN_OR_RETURN(auto p, tx.problems().Get(id));
  if (!p) return NotFoundError("problem", id);
  FAROL_ASSIGN_OR_RETURN(View v, ViewOf(tx, std::move(*p)));
  store::ActionFilter f;
  f.problem_id = id;
  f.limit = 1000;
  FAROL_ASSIGN_OR_RETURN(v.actions, tx.problems().Actions(f));
  FAROL_ASSIGN_OR_RETURN(v.files, tx.problems().Files(id));
  if (v.problem.group_id) {
    FAROL_ASSIGN_OR_RETURN(v.group, tx.problems().GroupMembers(v.problem.group_id));
  }
  v.fixed_at = domain::CompletedAt(StatesOf(v.actions, "immediate"));
  v.prevented_at = domain::CompletedAt(StatesOf(v.actions, "preventive"));
  return v;
}

StatusOr<GuardianService::View> GuardianService::ViewOf(store::Tx& tx, store::Problem p) {
  FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
  View v;
  v.gut = ScoreOf(settings.gut, p);
  if (v.gut) v.missing = domain::MissingSolutions(v.gut->required, Written(p));
  v.problem = std::move(p);
  return v;
}

StatusOr<std::vector<GuardianService::View>> GuardianService::List(const Actor& actor, store::ProblemFilter filter,
                                                                   const std::string& level) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  std::vector<View> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
    if (!level.empty()) {
      // The level's band: from its min to the next band's min − 1 (the last to the highest score).
      const auto& bands = settings.gut.bands;
      auto it = std::find_if(bands.begin(), bands.end(), [&](const domain::GutBand& b) { return b.level == level; });
      if (it == bands.end()) {
        std::vector<std::string> names;
        for (const auto& b : bands) names.push_back(b.level);
        return FieldInvalidError("level", "must be one of the GUT rule's levels: " + Join(names, ", "));
      }
      filter.score_min = it->min;
      filter.score_max = std::next(it) == bands.end() ? settings.gut.max_score() : std::next(it)->min - 1;
    }
    FAROL_ASSIGN_OR_RETURN(auto list, tx.problems().List(filter));
    for (auto& p : list) {
      View v;
      v.gut = ScoreOf(settings.gut, p);
      if (v.gut) v.missing = domain::MissingSolutions(v.gut->required, Written(p));
      v.problem = std::move(p);
      out.push_back(std::move(v));
    }
    return OkStatus();
  }));
  return out;
}

StatusOr<GuardianService::View> GuardianService::Get(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  View out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, FullView(tx, id));
    return OkStatus();
  }));
  return out;
}

StatusOr<GuardianService::View> GuardianService::Create(const Actor& actor, const Fields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  if (f.status && *f.status != "new") return FieldInvalidError("status", "a record starts as new");
  const Timestamp now = clock_.SystemNow();
  View out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
    store::Problem p;
    p.reported_at = now;
    p.created_by = actor.IsStaff() ? actor.id : 0;
    if (actor.IsStaff()) p.reporter_user_id = actor.id;
    FieldErrors errors;
    if (!f.title) errors.Add("title", "write it in 1 to 200 characters");
    FAROL_RETURN_IF_ERROR(ApplyProblem(tx, f, settings, p, errors));
    if (f.group_with) FAROL_RETURN_IF_ERROR(JoinGroup(tx, p, *f.group_with, now, errors));
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    if (auto s = ScoreOf(settings.gut, p)) p.gut_score = s->score;
    p.created_at = now;
    p.updated_at = now;
    FAROL_ASSIGN_OR_RETURN(p.id, tx.problems().Insert(p));
    FAROL_RETURN_IF_ERROR(tx.problems().IndexText(p.id, "", SearchText(p)));
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(NewEvent(p.id, "created", AuthorOf(actor), now)).status());
    std::vector<int64_t> recurred;
    if (p.group_id) {
      FAROL_ASSIGN_OR_RETURN(recurred, CheckRecurrence(tx, p, AuthorOf(actor), now));
    }
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.create", "problem", p.id, "recorded \"" + p.title + "\"", now));
    FAROL_ASSIGN_OR_RETURN(out, FullView(tx, p.id));
    out.recurred = std::move(recurred);
    return OkStatus();
  }));
  return out;
}

StatusOr<GuardianService::View> GuardianService::Update(const Actor& actor, int64_t id, const Fields& f,
                                                        int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  const Timestamp now = clock_.SystemNow();
  View out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
    FAROL_ASSIGN_OR_RETURN(auto found, tx.problems().Get(id));
    if (!found) return NotFoundError("problem", id);
    store::Problem p = std::move(*found);
    if (p.version != expected_version) {
      return StaleVersionError("This problem record was changed by someone else; reload it.");
    }
    const store::Problem before = p;
    const std::string was = p.status;
    FieldErrors errors;
    FAROL_RETURN_IF_ERROR(ApplyProblem(tx, f, settings, p, errors));
    if (f.group_with) FAROL_RETURN_IF_ERROR(JoinGroup(tx, p, *f.group_with, now, errors));
    const auto from = domain::ParseProblemStatus(was).value_or(ProblemStatus::kNew);
    ProblemStatus status = from;
    if (f.status && *f.status != was) {
      auto to = domain::ParseProblemStatus(*f.status);
      if (!to) {
        errors.Add("status", "must be new, analysing, action_plan, monitoring, closed or reopened");
      } else if (!domain::CanMove(from, *to)) {
        errors.Add("status", "cannot move from " + was + " to " + *f.status);
      } else {
        status = *to;
      }
    }
    // Whatever moved, a record at action plan or later keeps what that status needs.
    if (errors.empty()) CheckReady(p, settings.gut, status, errors);
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    p.status = std::string(domain::Name(status));
    if (status == ProblemStatus::kClosed && from != ProblemStatus::kClosed) p.closed_at = now;
    if (status == ProblemStatus::kReopened) p.closed_at.reset();
    auto score = ScoreOf(settings.gut, p);
    p.gut_score = score ? std::optional<int>(score->score) : std::nullopt;
    p.updated_at = now;
    FAROL_RETURN_IF_ERROR(tx.problems().Update(p, expected_version));
    if (SearchText(p) != SearchText(before)) {
      FAROL_RETURN_IF_ERROR(tx.problems().IndexText(p.id, SearchText(before), SearchText(p)));
    }
    FAROL_RETURN_IF_ERROR(RecordChanges(tx, before, p, AuthorOf(actor), now));
    std::vector<int64_t> recurred;
    if (p.group_id != before.group_id) {
      store::ProblemEvent e = NewEvent(id, p.group_id ? "grouped" : "ungrouped", AuthorOf(actor), now);
      e.ref = p.group_id ? p.group_id : before.group_id;
      e.body = p.group_id ? "joined the group of record #" + std::to_string(p.group_id)
                          : "left the group of record #" + std::to_string(before.group_id);
      FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
      if (p.group_id) {
        FAROL_ASSIGN_OR_RETURN(recurred, CheckRecurrence(tx, p, AuthorOf(actor), now));
      }
    }
    std::string detail = "changed \"" + p.title + "\"";
    if (p.status != was) detail += ": " + was + " → " + p.status;
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.update", "problem", id, detail, now));
    FAROL_ASSIGN_OR_RETURN(out, FullView(tx, id));
    out.recurred = std::move(recurred);
    return OkStatus();
  }));
  return out;
}

StatusOr<GuardianService::View> GuardianService::RaiseFromTicket(const Actor& actor, int64_t ticket_id,
                                                                 const std::optional<std::string>& title,
                                                                 const std::optional<std::string>& description) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRaise));
  const Timestamp now = clock_.SystemNow();
  View out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(ticket_id));
    if (!t || !domain::CanSeeTicket(actor, *t)) return NotFoundError("ticket", ticket_id);
    FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
    store::Problem p;
    p.reported_at = now;
    p.created_by = actor.id;
    p.reporter_user_id = actor.id;
    p.title = t->subject;
    if (t->organisation_id) p.organisation_ids = {t->organisation_id};
    p.ticket_ids = {ticket_id};
    Fields f;
    f.title = title;
    f.description = description.value_or("Raised from ticket #" + std::to_string(ticket_id) + ".");
    FieldErrors errors;
    FAROL_RETURN_IF_ERROR(ApplyProblem(tx, f, settings, p, errors));
    if (p.title.empty()) p.title = "Ticket #" + std::to_string(ticket_id);
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    p.created_at = now;
    p.updated_at = now;
    FAROL_ASSIGN_OR_RETURN(p.id, tx.problems().Insert(p));
    FAROL_RETURN_IF_ERROR(tx.problems().IndexText(p.id, "", SearchText(p)));
    store::ProblemEvent created = NewEvent(p.id, "created", AuthorOf(actor), now);
    created.body = "raised from ticket #" + std::to_string(ticket_id);
    created.ref = ticket_id;
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(created).status());
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.create", "problem", p.id,
                                      "raised ticket #" + std::to_string(ticket_id) + " as a customer error", now));
    FAROL_ASSIGN_OR_RETURN(out, FullView(tx, p.id));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::GuardianSettings> GuardianService::Settings(const Actor& actor) {
  if (!domain::Has(actor, Permission::kProblemRaise)) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  store::GuardianSettings out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.problems().Settings());
    return OkStatus();
  }));
  return out;
}

StatusOr<store::GuardianSettings> GuardianService::SaveSettings(const Actor& actor, const SettingsFields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  const Timestamp now = clock_.SystemNow();
  store::GuardianSettings out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.problems().Settings());
    FieldErrors errors;
    if (f.gut) {
      domain::GutRule rule = *f.gut;
      if (auto preset = domain::GutPreset(rule.preset)) {
        rule = *preset;
      } else {
        rule.preset = "custom";
        if (Status s = domain::Validate(rule); !s.ok()) errors.Add("gut", s.message());
      }
      out.gut = rule;
    }
    if (f.error_categories) {
      std::vector<std::string> categories;
      for (const auto& c : *f.error_categories) {
        std::string name = Trim(c);
        if (name.empty() || !ValidText(name, 100) || name.find_first_of("\r\n") != std::string::npos) {
          errors.Add("error_categories", "each category is 1 to 100 characters on one line");
        } else if (std::find(categories.begin(), categories.end(), name) == categories.end()) {
          categories.push_back(std::move(name));
        }
      }
      if (categories.size() > 100) errors.Add("error_categories", "at most 100 categories");
      out.error_categories = std::move(categories);
    }
    if (f.alert_channel_ids) {
      out.alert_channel_ids = *f.alert_channel_ids;
      Deduplicate(out.alert_channel_ids);
      for (int64_t id : out.alert_channel_ids) {
        FAROL_ASSIGN_OR_RETURN(auto ch, tx.alert_channels().Get(id));
        if (!ch) errors.Add("alert_channel_ids", "no alert channel " + std::to_string(id));
      }
    }
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    FAROL_ASSIGN_OR_RETURN(const int64_t stranded, tx.problems().CountGradedAbove(out.gut.scale_max));
    if (stranded > 0) {
      return FailedPreconditionError(std::to_string(stranded) + " record(s) are graded above " +
                                     std::to_string(out.gut.scale_max) + "; grade them on the new scale first");
    }
    FAROL_RETURN_IF_ERROR(tx.problems().SaveSettings(out, now));
    FAROL_RETURN_IF_ERROR(tx.problems().Rescore(out.gut.combine));
    return RecordAudit(tx, actor, "guardian.settings", "guardian", 1, "GUT rule " + out.gut.preset, now);
  }));
  return out;
}

StatusOr<std::vector<domain::AlertChannel>> GuardianService::AlertChannelChoices(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  std::vector<domain::AlertChannel> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.alert_channels().List());
    return OkStatus();
  }));
  return out;
}

StatusOr<domain::GutScore> GuardianService::Preview(const Actor& actor, int gravity, int urgency, int tendency) {
  FAROL_ASSIGN_OR_RETURN(auto settings, Settings(actor));
  auto s = domain::Score(settings.gut, gravity, urgency, tendency);
  if (!s.ok()) return FieldInvalidError("gravity", s.status().message());
  return s;
}

// ---- recurrence ----

namespace {
// The suggestions search with at most this many of a text's rarest words, and stop adding words
// once the records having them would pass this many (at least two words are always taken).
constexpr size_t kSearchWords = 8;
constexpr int64_t kSearchPostings = 20000;
}  // namespace

StatusOr<std::vector<int64_t>> GuardianService::CheckRecurrence(store::Tx& tx, const store::Problem& p, int64_t actor_id,
                                                                Timestamp now) {
  std::vector<int64_t> reopened;
  FAROL_ASSIGN_OR_RETURN(auto prevented, tx.problems().DonePreventive(p.group_id, p.reported_at));
  // Only prevention recorded on the group's other records can have failed to hold.
  std::erase_if(prevented, [&](const store::ProblemAction& a) { return a.problem_id == p.id; });
  if (prevented.empty()) return reopened;
  const store::ProblemAction& last = prevented.back();
  const std::string why = "The cause came back: record #" + std::to_string(p.id) + " \"" + p.title + "\" was reported on " +
                          FormatIso8601(p.reported_at) + ", after the preventive action #" + std::to_string(last.id) +
                          " \"" + last.title + "\" was done on " + FormatIso8601(*last.done_at) + ".";
  FAROL_ASSIGN_OR_RETURN(auto members, tx.problems().GroupMembers(p.group_id));
  for (const auto& m : members) {
    if (m.id == p.id || (m.status != "monitoring" && m.status != "closed")) continue;
    FAROL_RETURN_IF_ERROR(tx.problems().ForceStatus(m.id, "reopened", now));
    store::ProblemEvent e = NewEvent(m.id, "recurred", actor_id, now);
    e.field = "status";
    e.from = m.status;
    e.to = "reopened";
    e.ref = p.id;
    e.body = why;
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
    reopened.push_back(m.id);
  }
  store::ProblemEvent e = NewEvent(p.id, "recurred", actor_id, now);
  e.ref = last.id;
  e.body = why + (reopened.empty() ? std::string(" No record of the group was monitoring or closed.")
                                   : " Reopened: #" + IdsText(reopened) + ".");
  FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
  return reopened;
}

StatusOr<std::vector<GuardianService::Suggestion>> GuardianService::SuggestIn(store::Tx& tx, const std::string& text,
                                                                              const std::string& error_category,
                                                                              int64_t exclude, int64_t exclude_group,
                                                                              int limit) {
  std::vector<Suggestion> out;
  const auto stems = domain::RecurrenceWords(text, true);
  // The database ranks the records having the text's rarest words: a word most records have
  // would make it rank them all, and tells little (the likeness below still counts every word).
  FAROL_ASSIGN_OR_RETURN(auto counts, tx.problems().WordCounts(domain::RecurrenceWords(text, false)));
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<std::string> words;
  int64_t postings = 0;
  for (const auto& [word, records] : counts) {
    if (records == 0) continue;  // in no record: matches nothing
    if (words.size() >= kSearchWords || (words.size() >= 2 && postings + records > kSearchPostings)) break;
    words.push_back(word);
    postings += records;
  }
  FAROL_ASSIGN_OR_RETURN(auto ids, tx.problems().TextCandidates(words, 50));
  FAROL_ASSIGN_OR_RETURN(auto candidates, tx.problems().Summaries(ids));
  for (auto& c : candidates) {
    if (c.id == exclude || (exclude_group && c.group_id == exclude_group)) continue;
    const auto theirs = domain::RecurrenceWords(SearchText(c), true);
    const bool same = !error_category.empty() && c.error_category == error_category;
    const double likeness = domain::Likeness(stems, theirs, same);
    if (likeness < domain::kSuggestThreshold) continue;
    out.push_back({std::move(c), likeness, same});
  }
  std::sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    return a.problem.id > b.problem.id;  // the newer first
  });
  if (out.size() > static_cast<size_t>(limit)) out.resize(limit);
  return out;
}

StatusOr<std::vector<GuardianService::Suggestion>> GuardianService::Suggest(const Actor& actor, const std::string& text,
                                                                            const std::string& error_category,
                                                                            int64_t exclude, int limit) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  if (!ValidText(text, 40000)) return FieldInvalidError("text", "write up to 40,000 characters of text");
  std::vector<Suggestion> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, SuggestIn(tx, text, error_category, exclude, 0, limit));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<GuardianService::Suggestion>> GuardianService::SuggestForProblem(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  std::vector<Suggestion> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto p, tx.problems().Get(id));
    if (!p) return NotFoundError("problem", id);
    FAROL_ASSIGN_OR_RETURN(out, SuggestIn(tx, SearchText(*p), p->error_category, id, p->group_id, 5));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<GuardianService::Suggestion>> GuardianService::SuggestForTicket(const Actor& actor, int64_t ticket_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  std::vector<Suggestion> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(ticket_id));
    if (!t || !domain::CanSeeTicket(actor, *t)) return NotFoundError("ticket", ticket_id);
    FAROL_ASSIGN_OR_RETURN(out, SuggestIn(tx, t->subject + "\n" + t->description, "", 0, 0, 5));
    // A record that already explains this ticket is not a suggestion.
    std::erase_if(out, [&](const Suggestion& s) {
      return std::find(s.problem.ticket_ids.begin(), s.problem.ticket_ids.end(), ticket_id) != s.problem.ticket_ids.end();
    });
    return OkStatus();
  }));
  return out;
}

// ---- action plans ----

namespace {

// Applies `f` to `a`, collecting what is wrong.
Status ApplyAction(store::Tx& tx, const GuardianService::ActionFields& f, store::ProblemAction& a, FieldErrors& errors) {
  if (f.kind) {
    a.kind = *f.kind;
    if (!domain::ParseSolutionKind(a.kind)) errors.Add("kind", "must be immediate, long_term or preventive");
  }
  SetText(f.title, a.title, "title", 200, true, errors);
  SetText(f.evidence, a.evidence, "evidence", 5000, false, errors);
  if (f.due_at) a.due_at = *f.due_at;
  if (f.owner_user_id) {
    a.owner_user_id = *f.owner_user_id;
    FAROL_ASSIGN_OR_RETURN(auto u, tx.users().Get(a.owner_user_id));
    if (!u || !u->active) errors.Add("owner_user_id", "no active staff member " + std::to_string(a.owner_user_id));
  }
  if (f.team_id) {
    a.team_id = *f.team_id;
    if (a.team_id) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.teams().Get(a.team_id));
      if (!t) errors.Add("team_id", "no such team");
    }
  }
  return OkStatus();
}

}  // namespace

StatusOr<store::ProblemAction> GuardianService::CreateAction(const Actor& actor, int64_t problem_id, const ActionFields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  const Timestamp now = clock_.SystemNow();
  store::ProblemAction out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto p, tx.problems().Get(problem_id));
    if (!p) return NotFoundError("problem", problem_id);
    store::ProblemAction a;
    a.problem_id = problem_id;
    FieldErrors errors;
    if (!f.kind) errors.Add("kind", "is required: immediate, long_term or preventive");
    if (!f.title) errors.Add("title", "write it in 1 to 200 characters");
    if (!f.owner_user_id) errors.Add("owner_user_id", "is required: who does it");
    if (!f.due_at) errors.Add("due_at", "is required: when it must be done");
    if (f.status && *f.status != "open") errors.Add("status", "an action starts open");
    FAROL_RETURN_IF_ERROR(ApplyAction(tx, f, a, errors));
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    a.created_at = a.updated_at = now;
    FAROL_ASSIGN_OR_RETURN(a.id, tx.problems().InsertAction(a));
    store::ProblemEvent e = NewEvent(problem_id, "action_added", AuthorOf(actor), now);
    e.ref = a.id;
    e.body = a.title;
    e.field = a.kind;
    e.to = "open";
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.action", "problem", problem_id,
                                      "added " + a.kind + " action \"" + a.title + "\"", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.problems().GetAction(a.id));
    out = std::move(*stored);
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ProblemAction> GuardianService::UpdateAction(const Actor& actor, int64_t action_id, const ActionFields& f,
                                                             int64_t expected_version) {
  if (!actor.IsStaff() && !actor.IsSystem()) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  const bool writer = domain::Has(actor, Permission::kProblemWrite);
  const Timestamp now = clock_.SystemNow();
  store::ProblemAction out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto found, tx.problems().GetAction(action_id));
    if (!found) return NotFoundError("action", action_id);
    store::ProblemAction a = std::move(*found);
    if (!writer) {
      if (a.owner_user_id != actor.id) {
        return PermissionDeniedError("Only the guardian, a manager or the action's owner can change this action.");
      }
      if (f.kind || f.title || f.owner_user_id || f.team_id || f.due_at) {
        return PermissionDeniedError("As the action's owner you can record its completion (status and evidence) only.");
      }
    }
    if (a.version != expected_version) return StaleVersionError("This action was changed by someone else; reload it.");
    const store::ProblemAction before = a;
    FieldErrors errors;
    FAROL_RETURN_IF_ERROR(ApplyAction(tx, f, a, errors));
    if (f.status && *f.status != a.status) {
      auto to = domain::ParseActionStatus(*f.status);
      if (!to) {
        errors.Add("status", "must be open, done or cancelled");
      } else if (*to == domain::ActionStatus::kCancelled && !writer) {
        errors.Add("status", "only the guardian or a manager cancels an action");
      } else {
        a.status = *f.status;
      }
    }
    if (a.status == "done" && a.evidence.empty()) errors.Add("evidence", "write what proves the action is done");
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    if (a.status == "done" && before.status != "done") {
      a.done_at = now;
      a.done_by = AuthorOf(actor);
    } else if (a.status != "done") {
      a.done_at.reset();
      a.done_by = 0;
    }
    if (a.due_at != before.due_at) a.overdue_alerted_at.reset();  // a new due date may alert again
    a.updated_at = now;
    FAROL_RETURN_IF_ERROR(tx.problems().UpdateAction(a, expected_version));
    std::vector<std::string> changed;
    if (a.kind != before.kind) changed.push_back("kind");
    if (a.title != before.title) changed.push_back("title");
    if (a.owner_user_id != before.owner_user_id) changed.push_back("owner_user_id");
    if (a.team_id != before.team_id) changed.push_back("team_id");
    if (a.due_at != before.due_at) changed.push_back("due_at");
    if (a.evidence != before.evidence) changed.push_back("evidence");
    if (a.status != before.status || !changed.empty()) {
      store::ProblemEvent e = NewEvent(a.problem_id, "action_changed", AuthorOf(actor), now);
      e.ref = a.id;
      e.body = a.title;
      e.field = a.status != before.status ? std::string("status") : Join(changed, ",");
      if (a.status != before.status) {
        e.from = before.status;
        e.to = a.status;
      }
      FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(e).status());
    }
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.action", "problem", a.problem_id,
                                      "changed action \"" + a.title + "\" (" + a.status + ")", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.problems().GetAction(a.id));
    out = std::move(*stored);
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<store::ProblemAction>> GuardianService::Actions(const Actor& actor, store::ActionFilter filter) {
  if (!domain::Has(actor, Permission::kProblemRead)) {
    if (!actor.IsStaff()) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
    filter.visible_teams = actor.team_ids;
    filter.visible_owner = actor.id;
  }
  std::vector<store::ProblemAction> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.problems().Actions(filter));
    return OkStatus();
  }));
  return out;
}

StatusOr<int> GuardianService::AlertOverdueActions(int limit) {
  const Timestamp now = clock_.SystemNow();
  std::vector<store::ProblemAction> due;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(due, tx.problems().OverdueActions(now, limit));
    return OkStatus();
  }));
  int alerted = 0;
  for (const auto& a : due) {
    // One transaction each: claimed once, whatever other processes do.
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(const bool mine, tx.problems().ClaimOverdue(a.id, now));
      if (!mine) return OkStatus();
      ++alerted;
      domain::ActionOverdueNotice n;
      n.action_id = a.id;
      n.kind = a.kind;
      n.title = a.title;
      n.owner = a.owner_name;
      n.team = a.team_name;
      n.due_at = a.due_at;
      n.problem_id = a.problem_id;
      n.problem_title = a.problem_title;
      n.at = now;
      if (!config_.public_url.empty()) n.link = config_.public_url + "/guardian/problems/" + std::to_string(a.problem_id);
      auto queue = [&](const domain::AlertChannel& ch, const std::string& recipient) -> Status {
        const domain::RenderedAlert r = domain::RenderActionOverdue(ch, n);
        store::Delivery d;
        d.channel_id = ch.id;
        d.recipient = recipient;
        d.event = std::string(domain::kActionOverdueEvent);
        d.subject = r.subject;
        d.body = r.body;
        d.next_attempt_at = now;
        d.created_at = now;
        return tx.deliveries().Insert(d).status();
      };
      std::vector<std::string> told;
      if (config_.mail_enabled) {
        store::ListOptions o;
        o.limit = 500;
        o.active = true;
        FAROL_ASSIGN_OR_RETURN(std::vector<domain::User> people, tx.users().List(o, domain::Role::kGuardian));
        FAROL_ASSIGN_OR_RETURN(auto owner, tx.users().Get(a.owner_user_id));
        if (owner) people.insert(people.begin(), *owner);
        for (const auto& u : people) {
          if (!u.active || u.email.empty() || std::find(told.begin(), told.end(), u.email) != told.end()) continue;
          told.push_back(u.email);
          FAROL_RETURN_IF_ERROR(queue(domain::PersonalChannel(u.email, u.locale, u.time_zone), u.email));
        }
      }
      FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
      for (int64_t id : settings.alert_channel_ids) {
        FAROL_ASSIGN_OR_RETURN(auto ch, tx.alert_channels().Get(id));
        if (!ch || !ch->active) continue;
        FAROL_RETURN_IF_ERROR(queue(*ch, ""));
        told.push_back(ch->name);
      }
      store::ProblemEvent e = NewEvent(a.problem_id, "action_overdue", 0, now);
      e.ref = a.id;
      e.body = a.title;
      e.to = FormatIso8601(a.due_at);
      e.field = told.empty() ? std::string() : Join(told, ", ");
      return tx.problems().AppendEvent(e).status();
    }));
  }
  return alerted;
}

// ---- discussion and files ----

StatusOr<std::vector<store::ProblemEvent>> GuardianService::Events(const Actor& actor, int64_t problem_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  std::vector<store::ProblemEvent> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto p, tx.problems().Get(problem_id));
    if (!p) return NotFoundError("problem", problem_id);
    FAROL_ASSIGN_OR_RETURN(out, tx.problems().Events(problem_id));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ProblemEvent> GuardianService::Comment(const Actor& actor, int64_t problem_id, const std::string& body) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  const std::string text = Trim(body);
  if (text.empty() || !ValidText(text, 20000)) return FieldInvalidError("body", "write 1 to 20,000 characters");
  const Timestamp now = clock_.SystemNow();
  store::ProblemEvent out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto p, tx.problems().Get(problem_id));
    if (!p) return NotFoundError("problem", problem_id);
    out = NewEvent(problem_id, "comment", AuthorOf(actor), now);
    out.body = text;
    out.author_name = actor.name;
    FAROL_ASSIGN_OR_RETURN(out.id, tx.problems().AppendEvent(out));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::ProblemFile> GuardianService::Attach(const Actor& actor, int64_t problem_id, std::string_view filename_in,
                                                     std::string_view bytes) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  FAROL_ASSIGN_OR_RETURN(const std::string filename, ValidateFilename(filename_in));
  if (static_cast<int64_t>(bytes.size()) > config_.max_attachment_bytes) {
    return TooLargeError("The file is larger than the limit of " +
                         std::to_string(config_.max_attachment_bytes / (1024 * 1024)) + " MB.");
  }
  if (bytes.empty()) return FieldInvalidError("body", "the file is empty");
  // Refuse before writing anything to disk if there is no such record.
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto p, tx.problems().Get(problem_id));
    if (!p) return NotFoundError("problem", problem_id);
    return OkStatus();
  }));
  FAROL_ASSIGN_OR_RETURN(store::StoredFile stored, files_.Put(bytes));
  const Timestamp now = clock_.SystemNow();
  store::ProblemFile f;
  f.problem_id = problem_id;
  f.sha256 = stored.sha256;
  f.size = stored.size;
  f.content_type = stored.content_type;
  f.filename = filename;
  f.uploaded_by = AuthorOf(actor);
  f.uploaded_by_name = actor.name;
  f.created_at = now;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(f.id, tx.problems().InsertFile(f));
    store::ProblemEvent e = NewEvent(problem_id, "attachment_added", f.uploaded_by, now);
    e.ref = f.id;
    e.body = filename;
    return tx.problems().AppendEvent(e).status();
  }));
  return f;
}

StatusOr<std::pair<store::ProblemFile, std::string>> GuardianService::OpenFile(const Actor& actor, int64_t file_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  store::ProblemFile f;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto found, tx.problems().GetFile(file_id));
    if (!found) return NotFoundError("file", file_id);
    f = std::move(*found);
    return OkStatus();
  }));
  FAROL_ASSIGN_OR_RETURN(std::string path, files_.PathFor(f.sha256));
  return std::make_pair(std::move(f), std::move(path));
}

// ---- the apology inbox ----

namespace {

// A subject without its replies' and forwards' prefixes ("Re: Fwd: RE: Enc:").
std::string CleanSubject(std::string_view subject) {
  std::string s = Trim(subject);
  for (bool again = true; again;) {
    again = false;
    for (std::string_view prefix : {"re:", "fw:", "fwd:", "enc:", "res:", "tr:"}) {
      if (s.size() >= prefix.size() && AsciiLower(s.substr(0, prefix.size())) == prefix) {
        s = Trim(s.substr(prefix.size()));
        again = true;
      }
    }
  }
  return s;
}

// Text a record may hold: valid UTF-8 (the reader's), no control characters but tab and new
// lines, at most `max_bytes` bytes cut at a character's edge.
std::string Storable(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (u == 0x7f) continue;
    out += c;
  }
  return CutUtf8(ReplaceInvalidUtf8(out), max_bytes);
}

// One line: every run of spaces, tabs and line breaks as one space.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return Trim(out);
}

std::string Addresses(const std::vector<domain::MailAddress>& list) {
  std::vector<std::string> out;
  for (const auto& a : list) out.push_back(a.name.empty() ? a.address : a.name + " <" + a.address + ">");
  return Join(out, ", ");
}

}  // namespace

StatusOr<GuardianService::FromEmail> GuardianService::RecordEmail(const Actor& actor, std::string_view raw) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  if (raw.empty()) return FieldInvalidError("body", "the file is empty");
  if (!config_.mail_reader) return UnavailableError("This server reads no e-mail.");
  auto mail = config_.mail_reader(raw);
  if (!mail.ok()) return FieldInvalidError("body", "is not an e-mail farol can read (an .eml file)");
  return RecordParsed(actor, raw, *mail);
}

StatusOr<GuardianService::FromEmail> GuardianService::RecordParsed(const Actor& actor, std::string_view raw,
                                                                   const domain::InboundMail& m) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  if (static_cast<int64_t>(raw.size()) > config_.max_attachment_bytes) {
    return TooLargeError("The e-mail is larger than the limit of " +
                         std::to_string(config_.max_attachment_bytes / (1024 * 1024)) + " MB.");
  }
  FromEmail out;
  // Seen before: its record, unchanged.
  auto existing = [&](store::Tx& tx) -> StatusOr<bool> {
    FAROL_ASSIGN_OR_RETURN(auto id, tx.problems().BySourceMessage(m.message_id));
    if (!id) return false;
    FAROL_ASSIGN_OR_RETURN(out.view, FullView(tx, *id));
    out.existing = true;
    return true;
  };
  bool seen = false;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(seen, existing(tx));
    return OkStatus();
  }));
  if (seen) return out;
  // The files first (content-addressed: a retry stores nothing twice), then the record.
  FAROL_ASSIGN_OR_RETURN(store::StoredFile eml, files_.Put(raw));
  std::vector<std::pair<store::StoredFile, std::string>> attachments;
  for (const auto& a : m.attachments) {
    if (a.data.empty()) continue;
    auto name = ValidateFilename(a.file_name);
    FAROL_ASSIGN_OR_RETURN(store::StoredFile f, files_.Put(a.data));
    attachments.emplace_back(std::move(f), name.ok() ? *name : "attachment-" + std::to_string(attachments.size() + 1));
  }
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(const bool again, existing(tx));
    if (again) return OkStatus();
    store::Problem p;
    p.title = CutUtf8(OneLine(Storable(CleanSubject(m.subject), 800)), 200);
    if (TrimView(p.title).empty()) p.title = "Apology e-mail from " + CutUtf8(m.from.address, 150);
    const std::string header = "From: " + Addresses({m.from}) + "\nTo: " + Addresses(m.to) +
                               (m.cc.empty() ? "" : "\nCc: " + Addresses(m.cc)) +
                               (m.date ? "\nDate: " + FormatIso8601(*m.date) : std::string()) + "\n\n";
    p.description = Storable(header + m.text, 20000);
    p.reported_at = now;
    p.created_by = AuthorOf(actor);
    p.source_message_id = m.message_id;
    // The apology's sender, when a staff member, reported it; the contacts it went to are the
    // customers affected.
    FAROL_ASSIGN_OR_RETURN(auto sender, tx.users().GetByEmail(m.from.address));
    if (sender && sender->active) p.reporter_user_id = sender->id;
    std::vector<domain::MailAddress> told = m.to;
    told.insert(told.end(), m.cc.begin(), m.cc.end());
    for (const auto& a : told) {
      FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().GetByEmail(a.address));
      if (contact && contact->organisation_id &&
          std::find(p.organisation_ids.begin(), p.organisation_ids.end(), contact->organisation_id) ==
              p.organisation_ids.end()) {
        p.organisation_ids.push_back(contact->organisation_id);
      }
      if (p.organisation_ids.size() >= 500) break;
    }
    p.created_at = p.updated_at = now;
    FAROL_ASSIGN_OR_RETURN(p.id, tx.problems().Insert(p));
    FAROL_RETURN_IF_ERROR(tx.problems().IndexText(p.id, "", SearchText(p)));
    store::ProblemEvent created = NewEvent(p.id, "created", AuthorOf(actor), now);
    created.body = "from an apology e-mail, Message-ID <" + CutUtf8(m.message_id, 500) + ">";
    FAROL_RETURN_IF_ERROR(tx.problems().AppendEvent(created).status());
    auto keep = [&](const store::StoredFile& f, const std::string& name) -> Status {
      store::ProblemFile pf;
      pf.problem_id = p.id;
      pf.sha256 = f.sha256;
      pf.size = f.size;
      pf.content_type = name.ends_with(".eml") ? "message/rfc822" : f.content_type;
      pf.filename = name;
      pf.uploaded_by = AuthorOf(actor);
      pf.created_at = now;
      FAROL_ASSIGN_OR_RETURN(pf.id, tx.problems().InsertFile(pf));
      store::ProblemEvent e = NewEvent(p.id, "attachment_added", AuthorOf(actor), now);
      e.ref = pf.id;
      e.body = name;
      return tx.problems().AppendEvent(e).status();
    };
    FAROL_RETURN_IF_ERROR(keep(eml, "apology.eml"));
    for (const auto& [f, name] : attachments) FAROL_RETURN_IF_ERROR(keep(f, name));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.create", "problem", p.id,
                                      "recorded an apology e-mail as \"" + p.title + "\"", now));
    FAROL_ASSIGN_OR_RETURN(out.view, FullView(tx, p.id));
    return OkStatus();
  }));
  return out;
}

// ---- monthly reports ----

namespace {

// "2026-03" → its first day; nullopt for anything else.
std::optional<domain::CivilDate> ParseMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  domain::CivilDate d;
  d.year = std::stoi(std::string(s.substr(0, 4)));
  d.month = static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2))));
  d.day = 1;
  if (d.month < 1 || d.month > 12 || d.year < 2000 || d.year > 2100) return std::nullopt;
  return d;
}

std::string MonthLabel(const domain::CivilDate& d) {
  char label[8];
  std::snprintf(label, sizeof label, "%04d-%02u", d.year, d.month);
  return label;
}

domain::CivilDate AddMonth(domain::CivilDate d, int by) {
  int m = static_cast<int>(d.month) - 1 + by;
  d.year += m >= 0 ? m / 12 : (m - 11) / 12;
  d.month = static_cast<unsigned>(((m % 12) + 12) % 12 + 1);
  return d;
}

bool Pt(std::string_view locale) { return locale == "pt-BR"; }

std::string MonthName(const std::string& label, bool pt, bool year = true) {
  static constexpr const char* kEn[] = {"January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December"};
  static constexpr const char* kPt[] = {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
                                        "agosto", "setembro", "outubro", "novembro", "dezembro"};
  const int m = std::stoi(label.substr(5, 2)) - 1;
  if (!year) return std::string(pt ? kPt[m] : kEn[m]).substr(0, 3);
  return pt ? std::string(kPt[m]) + " de " + label.substr(0, 4) : std::string(kEn[m]) + " " + label.substr(0, 4);
}

// A count's key in the reader's words.
std::string KeyWords(const std::string& key, bool pt) {
  if (key.empty()) return pt ? "(ainda sem)" : "(none yet)";
  static const std::pair<std::string_view, std::string_view> kPtWords[] = {
      {"human", "humana"}, {"tool", "ferramenta"}, {"process", "processo"}, {"smb", "PME"},
      {"mid_market", "Médio porte"}, {"enterprise", "Grande empresa"}, {"low", "baixo"}, {"medium", "médio"},
      {"high", "alto"}};
  // As the web app names the segments.
  static const std::pair<std::string_view, std::string_view> kEnWords[] = {
      {"smb", "SMB"}, {"mid_market", "Mid-market"}, {"enterprise", "Enterprise"}};
  using Words = std::span<const std::pair<std::string_view, std::string_view>>;
  for (const auto& [k, w] : pt ? Words(kPtWords) : Words(kEnWords)) {
    if (key == k) return std::string(w);
  }
  return key;
}

std::string Decimal(double v, bool pt) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (pt) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

report::Document MonthlyDocument(const GuardianService::MonthReport& m, std::string_view locale) {
  const bool pt = Pt(locale);
  const domain::GuardianMonthReport& r = m.report;
  report::Document d;
  d.title = pt ? "Guardião do cliente — relatório mensal" : "Customer guardian — monthly report";
  d.subtitle = MonthName(r.month, pt) + " · " +
               (m.team_id ? (pt ? "equipe " : "team ") + m.team_name : std::string(pt ? "toda a empresa" : "company-wide")) +
               " · " + (pt ? "fuso " : "time zone ") + m.time_zone;
  d.footer = "farol · " + d.title;
  const std::string days = pt ? " dias" : " days";
  d.Figures({{pt ? "Registrados no mês" : "Recorded this month", std::to_string(r.recorded)},
             {pt ? "Encerrados no mês" : "Closed this month", std::to_string(r.closed)},
             {pt ? "Abertos no fim do mês" : "Open at the month's end", std::to_string(r.open_at_end)},
             {pt ? "Tempo médio até a correção" : "Average time to fix",
              r.average_days_to_fix ? Decimal(*r.average_days_to_fix, pt) + days : "—"},
             {pt ? "Tempo médio até a prevenção" : "Average time to prevention",
              r.average_days_to_prevention ? Decimal(*r.average_days_to_prevention, pt) + days : "—"},
             {pt ? "Ações no prazo" : "Actions on time",
              r.actions.due ? Decimal(r.actions.on_time_percent, pt) + "%" : "—"},
             {pt ? "Ações atrasadas" : "Late actions", std::to_string(r.actions.done_late + r.actions.open_late)}});
  report::Bars trend;
  trend.caption = pt ? "Últimos 12 meses" : "The last 12 months";
  trend.series_names = {pt ? "Registrados" : "Recorded", pt ? "Encerrados" : "Closed"};
  trend.series = {{}, {}};
  for (const auto& p : r.trend) {
    trend.labels.push_back(MonthName(p.month, pt, false));
    trend.series[0].push_back(p.recorded);
    trend.series[1].push_back(p.closed);
  }
  d.Add(trend);
  auto counts = [&](const char* en, const char* ptw, const char* column_en, const char* column_pt,
                    const std::vector<domain::KeyCount>& list) {
    report::Table t;
    t.caption = pt ? ptw : en;
    t.header = {pt ? column_pt : column_en, pt ? "Registros" : "Records"};
    t.numeric = {false, true};
    for (const auto& k : list) t.rows.push_back({KeyWords(k.key, pt), std::to_string(k.count)});
    if (t.rows.empty()) t.rows.push_back({pt ? "(nenhum registro no mês)" : "(no records this month)", ""});
    d.Add(std::move(t));
  };
  d.Heading(pt ? "Registros do mês" : "The month's records");
  counts("By error category", "Por categoria de erro", "Error category", "Categoria de erro", r.by_error_category);
  counts("By cause category", "Por categoria de causa", "Cause category", "Categoria de causa", r.by_cause_category);
  if (!m.team_id) counts("By team", "Por equipe", "Team", "Equipe", r.by_team);
  counts("By customer segment", "Por segmento de cliente", "Segment", "Segmento", r.by_segment);
  counts("By GUT level", "Por nível GUT", "Level", "Nível", r.by_level);
  d.Heading(pt ? "Ações com prazo no mês" : "Actions due this month");
  report::Table a;
  a.header = {pt ? "Com prazo" : "Due", pt ? "No prazo" : "On time", pt ? "Concluídas com atraso" : "Done late",
              pt ? "Abertas e atrasadas" : "Open and late", pt ? "Canceladas" : "Cancelled",
              pt ? "Atraso médio" : "Average lateness"};
  a.numeric = {true, true, true, true, true, true};
  a.rows.push_back({std::to_string(r.actions.due), std::to_string(r.actions.done_on_time), std::to_string(r.actions.done_late),
                    std::to_string(r.actions.open_late), std::to_string(r.actions.cancelled),
                    Decimal(r.actions.average_days_late, pt) + days});
  d.Add(std::move(a));
  d.Heading(pt ? "Causas que mais se repetem" : "Top recurring causes");
  report::Table c;
  c.header = {pt ? "Causa raiz" : "Root cause", pt ? "Registros" : "Records", pt ? "No mês" : "This month",
              pt ? "Último registro" : "Last reported"};
  c.numeric = {false, true, true, false};
  for (const auto& cause : r.top_causes) {
    c.rows.push_back({cause.root_cause.empty() ? "#" + std::to_string(cause.group_id) : cause.root_cause,
                      std::to_string(cause.records), std::to_string(cause.in_month),
                      FormatIso8601(cause.last_reported).substr(0, 10)});
  }
  if (c.rows.empty()) c.rows.push_back({pt ? "(nenhuma causa se repetiu)" : "(no cause came back)", "", "", ""});
  d.Add(std::move(c));
  return d;
}

}  // namespace

StatusOr<GuardianService::MonthReport> GuardianService::BuildMonthly(store::Tx& tx, const std::optional<std::string>& month,
                                                                    int64_t team_id, const std::string& zone,
                                                                    Timestamp now) {
  domain::CivilDate first;
  if (month) {
    auto parsed = ParseMonth(*month);
    if (!parsed) return FieldInvalidError("month", "write a month as YYYY-MM, e.g. 2026-03");
    first = *parsed;
  } else {
    first = AddMonth(domain::LocalDate(now, zone), -1);  // the last full month
    first.day = 1;
  }
  MonthReport out;
  out.team_id = team_id;
  out.time_zone = zone;
  if (team_id) {
    FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(team_id));
    if (!team) return NotFoundError("team", team_id);
    out.team_name = team->name;
  }
  std::vector<Timestamp> starts;
  std::vector<std::string> labels;
  for (int i = -11; i <= 1; ++i) {
    const domain::CivilDate d = AddMonth(first, i);
    FAROL_ASSIGN_OR_RETURN(Timestamp t, domain::LocalMidnight(d, zone));
    starts.push_back(t);
    if (i <= 0) labels.push_back(MonthLabel(d));
  }
  FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
  FAROL_ASSIGN_OR_RETURN(auto problems, tx.problems().ReportRecords(starts[0], starts[12], team_id));
  // The plans of the month's records (whether each is fixed and prevented), and the actions due
  // in the month (a team's: those it does).
  store::ActionFilter of_month;
  of_month.limit = 1000000;
  for (const auto& p : problems) {
    if (p.reported_at >= starts[11]) of_month.problem_ids.push_back(p.id);
  }
  std::vector<store::ProblemAction> plans;
  if (!of_month.problem_ids.empty()) {
    FAROL_ASSIGN_OR_RETURN(plans, tx.problems().Actions(of_month));
  }
  store::ActionFilter due;
  due.due_from = starts[11];
  due.due_before = starts[12];
  due.team_id = team_id;
  due.limit = 1000000;
  FAROL_ASSIGN_OR_RETURN(auto due_actions, tx.problems().Actions(due));
  std::vector<domain::ReportRecord> records;
  for (const auto& p : problems) {
    domain::ReportRecord r;
    r.id = p.id;
    r.reported_at = p.reported_at;
    r.closed_at = p.closed_at;
    r.error_category = p.error_category;
    r.cause_category = p.cause_category;
    r.root_cause = p.root_cause;
    r.team_id = p.team_id;
    r.team_name = p.team_name;
    for (const auto& o : p.organisations) {
      if (std::find(r.segments.begin(), r.segments.end(), o.segment) == r.segments.end()) r.segments.push_back(o.segment);
    }
    if (auto score = ScoreOf(settings.gut, p)) r.level = score->level;
    r.group_id = p.group_id;
    std::vector<store::ProblemAction> mine;
    for (const auto& a : plans) {
      if (a.problem_id == p.id) mine.push_back(a);
    }
    r.fixed_at = domain::CompletedAt(StatesOf(mine, "immediate"));
    r.prevented_at = domain::CompletedAt(StatesOf(mine, "preventive"));
    records.push_back(std::move(r));
  }
  std::vector<domain::ReportAction> actions;
  for (const auto& a : due_actions) actions.push_back({a.id, a.problem_id, a.team_id, a.status, a.due_at, a.done_at});
  out.report = domain::BuildMonthReport(records, actions, starts, labels, now);
  return out;
}

StatusOr<GuardianService::MonthReport> GuardianService::Monthly(const Actor& actor, const std::optional<std::string>& month,
                                                               int64_t team_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  const Timestamp now = clock_.SystemNow();
  MonthReport out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, BuildMonthly(tx, month, team_id, actor.time_zone, now));
    return OkStatus();
  }));
  return out;
}

StatusOr<std::string> GuardianService::MonthlyPdf(const Actor& actor, const std::optional<std::string>& month,
                                                  int64_t team_id) {
  FAROL_ASSIGN_OR_RETURN(MonthReport m, Monthly(actor, month, team_id));
  if (!config_.pdf) return UnavailableError("This server renders no PDF.");
  return config_.pdf(MonthlyDocument(m, actor.locale));
}

StatusOr<GuardianService::Sent> GuardianService::SendMonthly(const Actor& actor, const std::optional<std::string>& month) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemWrite));
  if (!config_.mail_enabled || !config_.mail_writer) {
    return FailedPreconditionError("Outgoing e-mail is not configured; the reports cannot be sent.");
  }
  if (!config_.pdf) return UnavailableError("This server renders no PDF.");
  if (month && !ParseMonth(*month)) return FieldInvalidError("month", "write a month as YYYY-MM, e.g. 2026-03");
  const Timestamp now = clock_.SystemNow();
  Sent out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto teams, tx.teams().List());
    for (const auto& team : teams) {
      std::optional<domain::User> manager;
      if (team.manager_id) {
        FAROL_ASSIGN_OR_RETURN(manager, tx.users().Get(team.manager_id));
      }
      if (!manager || !manager->active || manager->email.empty()) {
        out.skipped.emplace_back(team.name, "the team has no active manager with an e-mail address");
        continue;
      }
      FAROL_ASSIGN_OR_RETURN(MonthReport m, BuildMonthly(tx, month, team.id, manager->time_zone, now));
      const report::Document doc = MonthlyDocument(m, manager->locale);
      FAROL_ASSIGN_OR_RETURN(std::string pdf, config_.pdf(doc));
      const bool pt = Pt(manager->locale);
      domain::OutboundMail mail;
      mail.from = config_.mail_from;
      mail.to = {{manager->name, manager->email}};
      mail.subject = "[farol] " + doc.title + " — " + team.name + " — " + MonthName(m.report.month, pt);
      mail.message_id = "guardian-report-" + m.report.month + "-" + std::to_string(team.id) + "-" +
                        std::to_string(now.time_since_epoch().count()) + "@" +
                        config_.mail_from.address.substr(config_.mail_from.address.find('@') + 1);
      mail.date = now;
      mail.auto_generated = true;
      mail.text = pt ? "Olá, " + manager->name + ".\n\nSegue o relatório do guardião do cliente da equipe " + team.name +
                           " de " + MonthName(m.report.month, pt) + ": " + std::to_string(m.report.recorded) +
                           " registro(s) no mês, " + std::to_string(m.report.actions.done_late + m.report.actions.open_late) +
                           " ação(ões) atrasada(s).\n"
                     : "Hello " + manager->name + ",\n\nAttached is the customer guardian's report for team " + team.name +
                           ", " + MonthName(m.report.month, pt) + ": " + std::to_string(m.report.recorded) +
                           " record(s) this month, " + std::to_string(m.report.actions.done_late + m.report.actions.open_late) +
                           " late action(s).\n";
      if (!config_.public_url.empty()) {
        mail.text += (pt ? "\nNo farol: " : "\nIn farol: ") + config_.public_url + "/guardian/reports?month=" +
                     m.report.month + "&team_id=" + std::to_string(team.id) + "\n";
      }
      mail.attachments.push_back({"guardian-" + m.report.month + "-" + team.name + ".pdf", "application/pdf", std::move(pdf)});
      store::Delivery d;
      d.recipient = manager->email;
      d.event = std::string(kMailReportEvent);
      d.subject = mail.subject;
      d.body = config_.mail_writer(mail);
      d.next_attempt_at = now;
      d.created_at = now;
      FAROL_RETURN_IF_ERROR(tx.deliveries().Insert(d).status());
      out.sent.emplace_back(team.name, manager->email);
    }
    const std::string label = month ? *month : "last month";
    return RecordAudit(tx, actor, "guardian.report", "guardian", 1,
                       "e-mailed the monthly report (" + label + ") to " + std::to_string(out.sent.size()) + " manager(s)",
                       now);
  }));
  return out;
}

}  // namespace farol::app
