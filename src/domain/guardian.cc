#include "domain/guardian.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

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

// ---- action plans ----

namespace {
constexpr std::string_view kActionStatusNames[] = {"open", "done", "cancelled"};
}  // namespace

std::string_view Name(ActionStatus s) { return kActionStatusNames[static_cast<int>(s)]; }

std::optional<ActionStatus> ParseActionStatus(std::string_view s) {
  for (int i = 0; i < 3; ++i) {
    if (kActionStatusNames[i] == s) return static_cast<ActionStatus>(i);
  }
  return std::nullopt;
}

std::optional<Timestamp> CompletedAt(std::span<const ActionState> actions) {
  std::optional<Timestamp> last;
  for (const ActionState& a : actions) {
    if (a.status == ActionStatus::kCancelled) continue;
    if (a.status != ActionStatus::kDone || !a.done_at) return std::nullopt;
    if (!last || *a.done_at > *last) last = a.done_at;
  }
  return last;
}

double DaysBetween(Timestamp from, Timestamp to) {
  const long long seconds = (to - from).count();
  // Tenths of a day, rounded half up (86,400 s a day, 8,640 s a tenth).
  const long long tenths = (seconds * 2 + 8640) / (2 * 8640);
  return static_cast<double>(tenths) / 10.0;
}

// ---- recurrence ----

namespace {

// English and Portuguese words that say nothing about what went wrong (folded, 3+ letters).
constexpr std::string_view kStopWords[] = {
    "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our",
    "out", "has", "him", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get",
    "got", "let", "she", "too", "use", "with", "that", "this", "from", "they", "were", "been", "have", "than",
    "then", "them", "into", "when", "what", "which", "while", "will", "would", "there", "their", "about", "after",
    "again", "also", "because", "before", "being", "could", "does", "each", "just", "more", "most", "only",
    "other", "over", "same", "should", "some", "such", "very", "where", "your", "these", "those",
    "que", "para", "com", "uma", "por", "mais", "como", "mas", "foi", "ele", "ela", "das", "dos", "nas", "nos",
    "num", "numa", "seu", "sua", "seus", "suas", "pelo", "pela", "pelos", "pelas", "esta", "este", "isso",
    "isto", "essa", "esse", "aos", "ate", "sem", "sao", "ser", "tem", "ter", "nao", "sim", "quando", "muito",
    "tambem", "entre", "depois"};

bool IsStopWord(std::string_view w) {
  return std::find(std::begin(kStopWords), std::end(kStopWords), w) != std::end(kStopWords);
}

// The base letter of a two-byte UTF-8 Latin-1 letter (U+00C0..U+00FF), or 0.
char FoldLatin1(unsigned char lead, unsigned char next) {
  if (lead != 0xC3 || next < 0x80 || next > 0xBF) return 0;
  // U+00C0..U+00FF, upper and lower case share a pattern 0x20 apart.
  static constexpr std::string_view kBase = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts";
  const char c = kBase[(next - 0x80) & 0x1F];
  return c == 't' || c == 's' ? 0 : c;  // þ and ß stay letters of their own
}

}  // namespace

std::vector<std::string> RecurrenceWords(std::string_view text, bool stem) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 3 && !IsStopWord(word)) {
      if (stem && word.size() >= 5 && word.back() == 's') word.pop_back();
      if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
    }
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        word += static_cast<char>(std::tolower(c));
      } else {
        flush();
      }
      continue;
    }
    if (i + 1 < text.size()) {
      if (char base = FoldLatin1(c, static_cast<unsigned char>(text[i + 1]))) {
        word += base;
        ++i;
        continue;
      }
    }
    // Any other non-ASCII byte is part of a letter, kept as it is (the database indexes it so).
    word += static_cast<char>(c);
  }
  flush();
  return out;
}

double Dice(std::span<const std::string> a, std::span<const std::string> b) {
  if (a.empty() && b.empty()) return 0;
  size_t shared = 0;
  for (const auto& w : a) {
    if (std::find(b.begin(), b.end(), w) != b.end()) ++shared;
  }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(a.size() + b.size());
}

double Likeness(std::span<const std::string> a, std::span<const std::string> b, bool same_category) {
  return std::min(1.0, Dice(a, b) + (same_category ? kSameCategoryBonus : 0.0));
}

}  // namespace farol::domain
