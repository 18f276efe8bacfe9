#include "domain/guardian.h"

#include <algorithm>

namespace farol::domain {

namespace {

constexpr std::string_view kSolutionNames[] = {"immediate", "long_term", "preventive"};
constexpr std::string_view kStatusNames[] = {"new", "analysing", "action_plan", "monitoring", "closed", "reopened"};

GutRule ThreeLevels(std::string preset, int scale_max, GutCombine combine, int medium, int high) {
  GutRule r;
  r.preset = std::move(preset);
  r.scale_max = scale_max;
  r.combine = combine;
  r.bands = {{r.min_score(), "low", {SolutionKind::kImmediate}},
             {medium, "medium", {SolutionKind::kImmediate, SolutionKind::kLongTerm}},
             {high, "high", {SolutionKind::kImmediate, SolutionKind::kLongTerm, SolutionKind::kPreventive}}};
  return r;
}

}  // namespace

std::string_view Name(SolutionKind k) { return kSolutionNames[static_cast<int>(k)]; }

std::optional<SolutionKind> ParseSolutionKind(std::string_view s) {
  for (SolutionKind k : kSolutionKinds) {
    if (Name(k) == s) return k;
  }
  return std::nullopt;
}

GutRule SeedGutRule() { return ThreeLevels("seed", 3, GutCombine::kSum, 5, 7); }

GutRule ClassicGutRule() { return ThreeLevels("classic", 5, GutCombine::kProduct, 27, 64); }

std::optional<GutRule> GutPreset(std::string_view name) {
  if (name == "seed") return SeedGutRule();
  if (name == "classic") return ClassicGutRule();
  return std::nullopt;
}

Status Validate(const GutRule& rule) {
  if (rule.scale_max < 2 || rule.scale_max > 10) {
    return InvalidArgumentError("each grade's scale must go from 1 to between 2 and 10");
  }
  if (rule.bands.empty()) return InvalidArgumentError("give at least one band of scores");
  if (rule.bands.front().min != rule.min_score()) {
    return InvalidArgumentError("the first band must start at the lowest score, " + std::to_string(rule.min_score()));
  }
  for (size_t i = 0; i < rule.bands.size(); ++i) {
    const GutBand& b = rule.bands[i];
    if (b.level.empty() || b.level.size() > 40) return InvalidArgumentError("each band needs a level name of 1 to 40 characters");
    if (i > 0 && b.min <= rule.bands[i - 1].min) return InvalidArgumentError("the bands must start at ascending scores");
    if (b.min > rule.max_score()) {
      return InvalidArgumentError("a band starts past the highest score, " + std::to_string(rule.max_score()));
    }
  }
  return OkStatus();
}

StatusOr<GutScore> Score(const GutRule& rule, int gravity, int urgency, int tendency) {
  for (int g : {gravity, urgency, tendency}) {
    if (g < 1 || g > rule.scale_max) {
      return InvalidArgumentError("each grade is a whole number from 1 to " + std::to_string(rule.scale_max));
    }
  }
  GutScore s;
  s.gravity = gravity;
  s.urgency = urgency;
  s.tendency = tendency;
  s.score = rule.combine == GutCombine::kSum ? gravity + urgency + tendency : gravity * urgency * tendency;
  s.max = rule.max_score();
  for (const GutBand& b : rule.bands) {
    if (s.score < b.min) break;
    s.level = b.level;
    s.required = b.required;
  }
  return s;
}

std::vector<SolutionKind> MissingSolutions(std::span<const SolutionKind> required, std::span<const SolutionKind> written) {
  std::vector<SolutionKind> out;
  for (SolutionKind k : required) {
    if (std::find(written.begin(), written.end(), k) == written.end()) out.push_back(k);
  }
  return out;
}

std::string_view Name(ProblemStatus s) { return kStatusNames[static_cast<int>(s)]; }

std::optional<ProblemStatus> ParseProblemStatus(std::string_view s) {
  for (int i = 0; i < 6; ++i) {
    if (kStatusNames[i] == s) return static_cast<ProblemStatus>(i);
  }
  return std::nullopt;
}

bool IsOpen(ProblemStatus s) { return s != ProblemStatus::kClosed; }

bool CanMove(ProblemStatus from, ProblemStatus to) {
  using P = ProblemStatus;
  if (from == to || to == P::kReopened) return from == P::kClosed && to == P::kReopened;
  if (from == P::kClosed) return false;
  if (from == P::kReopened) return to == P::kAnalysing || to == P::kActionPlan;
  // new … closed are 0 … 4: one step either way.
  const int a = static_cast<int>(from), b = static_cast<int>(to);
  return b == a + 1 || b == a - 1;
}

bool RanksBefore(const RankKey& a, const RankKey& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.customers != b.customers) return a.customers > b.customers;
  if (a.reported_at != b.reported_at) return a.reported_at < b.reported_at;
  return a.id < b.id;
}

}  // namespace farol::domain
