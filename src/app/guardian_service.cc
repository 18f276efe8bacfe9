#include "app/guardian_service.h"

#include <algorithm>

#include "app/fields.h"
#include "app/sla_admin.h"
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

}  // namespace

StatusOr<GuardianService::View> GuardianService::ViewOf(store::Tx& tx, store::Problem p) {
  FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
  View v;
  v.gut = ScoreOf(settings.gut, p);
  if (v.gut) v.missing = domain::MissingSolutions(v.gut->required, Written(p));
  v.problem = std::move(p);
  return v;
}

StatusOr<std::vector<GuardianService::View>> GuardianService::List(const Actor& actor, const store::ProblemFilter& filter) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kProblemRead));
  std::vector<View> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto settings, tx.problems().Settings());
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
    FAROL_ASSIGN_OR_RETURN(auto p, tx.problems().Get(id));
    if (!p) return NotFoundError("problem", id);
    FAROL_ASSIGN_OR_RETURN(out, ViewOf(tx, std::move(*p)));
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
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    if (auto s = ScoreOf(settings.gut, p)) p.gut_score = s->score;
    p.created_at = now;
    p.updated_at = now;
    FAROL_ASSIGN_OR_RETURN(p.id, tx.problems().Insert(p));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.create", "problem", p.id, "recorded \"" + p.title + "\"", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.problems().Get(p.id));
    FAROL_ASSIGN_OR_RETURN(out, ViewOf(tx, std::move(*stored)));
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
    const std::string was = p.status;
    FieldErrors errors;
    FAROL_RETURN_IF_ERROR(ApplyProblem(tx, f, settings, p, errors));
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
    std::string detail = "changed \"" + p.title + "\"";
    if (p.status != was) detail += ": " + was + " → " + p.status;
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.update", "problem", id, detail, now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.problems().Get(id));
    FAROL_ASSIGN_OR_RETURN(out, ViewOf(tx, std::move(*stored)));
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
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "problem.create", "problem", p.id,
                                      "raised ticket #" + std::to_string(ticket_id) + " as a customer error", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.problems().Get(p.id));
    FAROL_ASSIGN_OR_RETURN(out, ViewOf(tx, std::move(*stored)));
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

StatusOr<domain::GutScore> GuardianService::Preview(const Actor& actor, int gravity, int urgency, int tendency) {
  FAROL_ASSIGN_OR_RETURN(auto settings, Settings(actor));
  auto s = domain::Score(settings.gut, gravity, urgency, tendency);
  if (!s.ok()) return FieldInvalidError("gravity", s.status().message());
  return s;
}

}  // namespace farol::app
