// The customer guardian (docs/GUARDIAN.md): problem records — every customer-facing error with
// its cause, GUT score and solutions — recorded and changed by the guardian and managers
// (problem.write), read by them, CSMs and directors (problem.read), raised from a ticket by any
// staff member (problem.raise); the GUT rule and the error categories they are judged by.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/guardian.h"
#include "store/store.h"

namespace farol::app {

class GuardianService {
 public:
  GuardianService(store::Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // What a writer sets; absent members keep their value. A grade's inner nullopt clears it.
  struct Fields {
    std::optional<std::string> title, description;
    std::optional<Timestamp> reported_at;
    std::optional<std::vector<int64_t>> organisation_ids;
    std::optional<int64_t> reporter_user_id, reporter_contact_id;  // 0 clears
    std::optional<std::string> error_category, root_cause, cause_category;
    std::optional<int64_t> team_id;  // 0 clears
    std::optional<std::string> impact;
    std::optional<std::optional<int>> gravity, urgency, tendency;
    std::optional<std::string> solution_immediate, solution_long_term, solution_preventive;
    std::optional<std::vector<int64_t>> ticket_ids, problem_ids;
    std::optional<std::string> status;  // Update only
  };
  // A record with its GUT score under the current rule (nullopt until all three grades are
  // set) and the solutions its level requires that are not written yet.
  struct View {
    store::Problem problem;
    std::optional<domain::GutScore> gut;
    std::vector<domain::SolutionKind> missing;
  };

  StatusOr<std::vector<View>> List(const domain::Actor& actor, const store::ProblemFilter& filter);
  StatusOr<View> Get(const domain::Actor& actor, int64_t id);
  StatusOr<View> Create(const domain::Actor& actor, const Fields& f);
  // Moving to action_plan or later needs the root cause, cause category, team, grades and every
  // solution the level requires; a refused move names each missing field and changes nothing.
  StatusOr<View> Update(const domain::Actor& actor, int64_t id, const Fields& f, int64_t expected_version);
  // "Raise as customer error" on ticket `ticket_id` (problem.raise, and the ticket visible to the
  // actor): a new record titled as the ticket (or `title`), its organisation affected, the ticket
  // linked, the actor its reporter.
  StatusOr<View> RaiseFromTicket(const domain::Actor& actor, int64_t ticket_id, const std::optional<std::string>& title,
                                 const std::optional<std::string>& description);

  StatusOr<store::GuardianSettings> Settings(const domain::Actor& actor);
  struct SettingsFields {
    std::optional<domain::GutRule> gut;  // a preset's name alone in `preset` picks that preset
    std::optional<std::vector<std::string>> error_categories;
  };
  // Refused (kFailedPrecondition) when records are graded above the new rule's scale; every
  // record's score is recomputed under the new rule in the same transaction.
  StatusOr<store::GuardianSettings> SaveSettings(const domain::Actor& actor, const SettingsFields& f);
  // The score of three grades under the current rule, recording nothing (problem.read or raise).
  StatusOr<domain::GutScore> Preview(const domain::Actor& actor, int gravity, int urgency, int tendency);

 private:
  StatusOr<View> ViewOf(store::Tx& tx, store::Problem p);

  store::Store& store_;
  Clock& clock_;
};

}  // namespace farol::app
