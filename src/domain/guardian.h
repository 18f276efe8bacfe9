// The customer guardian (docs/GUARDIAN.md): every customer-facing error is a problem record,
// scored by GUT — Gravity, Urgency and Tendency, each on a scale, combined by a rule into a
// score that falls in a band — whose level says which solutions (immediate, long-term,
// preventive) must be written before the record may move on. Open records are ranked by score,
// then by the customers affected, then by age. Pure logic: the records live in the store.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace farol::domain {

// The kinds of solution an error is worked through.
enum class SolutionKind { kImmediate, kLongTerm, kPreventive };
inline constexpr SolutionKind kSolutionKinds[] = {SolutionKind::kImmediate, SolutionKind::kLongTerm,
                                                  SolutionKind::kPreventive};
std::string_view Name(SolutionKind k);  // immediate, long_term, preventive
std::optional<SolutionKind> ParseSolutionKind(std::string_view s);

// How the three grades make the score.
enum class GutCombine { kSum, kProduct };

// A score band: scores from `min` (to the next band's min − 1, the last to the rule's maximum)
// are of `level`, and need `required` solutions written.
struct GutBand {
  int min = 0;
  std::string level;  // e.g. "low", "medium", "high"
  std::vector<SolutionKind> required;
};

// A GUT rule: each of G, U and T is graded 1..`scale_max`, combined by `combine`, and the score
// falls in one of `bands` (ascending by min, the first starting at the lowest score).
struct GutRule {
  std::string preset;  // "seed", "classic", or "custom"
  int scale_max = 3;
  GutCombine combine = GutCombine::kSum;
  std::vector<GutBand> bands;

  int min_score() const { return combine == GutCombine::kSum ? 3 : 1; }
  int max_score() const {
    return combine == GutCombine::kSum ? 3 * scale_max : scale_max * scale_max * scale_max;
  }
};

// The seed's adapted rule: each 1–3, summed, 3–9. 3–4 low (an immediate solution), 5–6 medium
// (immediate and long-term), 7–9 high (immediate, long-term and preventive): G2 + U3 + T3 = 8 of
// 9 is high.
GutRule SeedGutRule();
// The classic rule: each 1–5, multiplied, 1–125. 1–26 low, 27–63 medium, 64–125 high (the cubes
// of 3 and 4 as the edges: every grade at least 3, at least 4), needing the same as the seed's.
GutRule ClassicGutRule();
// The preset of this name ("seed", "classic"), if any.
std::optional<GutRule> GutPreset(std::string_view name);

// kInvalidArgument, saying what is wrong in plain words, for a scale outside 2–10, no bands, a
// first band that does not start at the lowest score, bands not strictly ascending or past the
// highest score, or a band without a level name (1–40 characters).
Status Validate(const GutRule& rule);

struct GutScore {
  int gravity = 0, urgency = 0, tendency = 0;
  int score = 0;
  int max = 0;  // the rule's highest score ("8 of 9")
  std::string level;
  std::vector<SolutionKind> required;
};
// kInvalidArgument for a grade off the rule's scale. `rule` must be valid.
StatusOr<GutScore> Score(const GutRule& rule, int gravity, int urgency, int tendency);

// Which of `required` are not among `written` (in the order required).
std::vector<SolutionKind> MissingSolutions(std::span<const SolutionKind> required,
                                           std::span<const SolutionKind> written);

// ---- the record's life ----

enum class ProblemStatus { kNew, kAnalysing, kActionPlan, kMonitoring, kClosed, kReopened };
std::string_view Name(ProblemStatus s);  // new, analysing, action_plan, monitoring, closed, reopened
std::optional<ProblemStatus> ParseProblemStatus(std::string_view s);
// Whether a record may go from `from` to `to`: forward one step (new → analysing → action plan →
// monitoring → closed), back one step while open (monitoring → action plan when the fix did not
// hold), closed → reopened, reopened → analysing or action plan.
bool CanMove(ProblemStatus from, ProblemStatus to);
bool IsOpen(ProblemStatus s);

// The open records' order: higher score first, then more customers affected, then the older,
// then the lower id.
struct RankKey {
  int64_t id = 0;
  int score = 0;
  int customers = 0;
  Timestamp reported_at;
};
bool RanksBefore(const RankKey& a, const RankKey& b);

// ---- action plans ----

// An action's state: open until done (with its evidence) or cancelled.
enum class ActionStatus { kOpen, kDone, kCancelled };
std::string_view Name(ActionStatus s);  // open, done, cancelled
std::optional<ActionStatus> ParseActionStatus(std::string_view s);

// When a record's actions of one kind are all done: the last one's done_at, once the record has
// at least one such action and every one not cancelled is done; nullopt before (and when every
// one was cancelled).
struct ActionState {
  ActionStatus status = ActionStatus::kOpen;
  std::optional<Timestamp> done_at;
};
std::optional<Timestamp> CompletedAt(std::span<const ActionState> actions);
// Days from `from` to `to`, to one decimal (rounded half up): 3 days 11 hours is 3.5.
double DaysBetween(Timestamp from, Timestamp to);

// ---- recurrence ----

// The words a record's text is compared by: folded (ASCII lower case, the accented Latin letters
// of Portuguese and Spanish to their base letter), split at everything but letters and digits,
// without English and Portuguese stop words and words under 3 characters; unique, in first-seen
// order. `stem` drops a final "s" from words of 5 or more characters ("failures" → "failure").
std::vector<std::string> RecurrenceWords(std::string_view text, bool stem);
// The Dice coefficient of two word sets, 2·|A∩B| / (|A|+|B|), from 0 (nothing shared) to 1
// (the same words); 0 when both are empty. The inputs must be unique words (RecurrenceWords).
double Dice(std::span<const std::string> a, std::span<const std::string> b);
// The likeness of a candidate to the text being checked: the Dice coefficient of their stems
// plus kSameCategoryBonus when both name the same error category, at most 1.
inline constexpr double kSameCategoryBonus = 0.15;
// Candidates at least this alike are offered.
inline constexpr double kSuggestThreshold = 0.35;
double Likeness(std::span<const std::string> a, std::span<const std::string> b, bool same_category);

}  // namespace farol::domain
