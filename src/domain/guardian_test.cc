// GUT scoring, its presets and custom rules, worked by hand (docs/GUARDIAN.md), the mandatory
// solutions, the record's moves and the ranking of open records.
#include "domain/guardian.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace farol::domain {
namespace guardian_test {  // named: unity builds put several tests in one unit

std::vector<std::string_view> Names(const std::vector<SolutionKind>& v) {
  std::vector<std::string_view> out;
  for (SolutionKind k : v) out.push_back(Name(k));
  return out;
}

TEST(GutScore, TheSeedsExampleIsEightOfNineAndHigh) {
  const GutRule seed = SeedGutRule();
  ASSERT_TRUE(Validate(seed).ok());
  auto s = Score(seed, 2, 3, 3);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->score, 8);
  EXPECT_EQ(s->max, 9);
  EXPECT_EQ(s->level, "high");
  EXPECT_EQ(Names(s->required), (std::vector<std::string_view>{"immediate", "long_term", "preventive"}));
  // The bands' edges: 3–4 low, 5–6 medium, 7–9 high.
  EXPECT_EQ(Score(seed, 1, 1, 1)->level, "low");
  EXPECT_EQ(Score(seed, 1, 1, 2)->level, "low");
  EXPECT_EQ(Score(seed, 1, 2, 2)->level, "medium");
  EXPECT_EQ(Names(Score(seed, 2, 2, 2)->required), (std::vector<std::string_view>{"immediate", "long_term"}));
  EXPECT_EQ(Score(seed, 1, 3, 3)->level, "high");
  EXPECT_EQ(Score(seed, 3, 3, 3)->score, 9);
  EXPECT_FALSE(Score(seed, 4, 1, 1).ok());
  EXPECT_FALSE(Score(seed, 1, 0, 1).ok());
}

TEST(GutScore, TheClassicRuleMultipliesToAHundredAndTwentyFive) {
  const GutRule classic = ClassicGutRule();
  ASSERT_TRUE(Validate(classic).ok());
  EXPECT_EQ(classic.min_score(), 1);
  EXPECT_EQ(classic.max_score(), 125);
  auto s = Score(classic, 5, 4, 3);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->score, 60);
  EXPECT_EQ(s->max, 125);
  EXPECT_EQ(s->level, "medium");  // 27–63
  EXPECT_EQ(Score(classic, 3, 3, 2)->score, 18);
  EXPECT_EQ(Score(classic, 3, 3, 2)->level, "low");
  EXPECT_EQ(Score(classic, 3, 3, 3)->level, "medium");  // 27: every grade at least 3
  EXPECT_EQ(Score(classic, 4, 4, 4)->level, "high");    // 64
  EXPECT_EQ(Score(classic, 5, 5, 5)->score, 125);
  EXPECT_FALSE(Score(classic, 6, 1, 1).ok());
}

TEST(GutScore, ACustomRuleIsCheckedAndScored) {
  GutRule r;
  r.preset = "custom";
  r.scale_max = 4;
  r.combine = GutCombine::kSum;  // 3–12
  r.bands = {{3, "routine", {}}, {9, "critical", {SolutionKind::kImmediate, SolutionKind::kPreventive}}};
  ASSERT_TRUE(Validate(r).ok());
  EXPECT_EQ(Score(r, 4, 4, 1)->level, "critical");  // 9
  EXPECT_EQ(Names(Score(r, 4, 4, 1)->required), (std::vector<std::string_view>{"immediate", "preventive"}));
  EXPECT_EQ(Score(r, 4, 3, 1)->level, "routine");  // 8
  EXPECT_TRUE(Score(r, 4, 3, 1)->required.empty());

  GutRule bad = r;
  bad.bands[0].min = 4;
  EXPECT_NE(Validate(bad).message().find("lowest score, 3"), std::string::npos) << Validate(bad).message();
  bad = r;
  bad.bands[1].min = 3;
  EXPECT_FALSE(Validate(bad).ok());
  bad = r;
  bad.bands[1].min = 13;
  EXPECT_NE(Validate(bad).message().find("highest score, 12"), std::string::npos);
  bad = r;
  bad.bands[1].level = "";
  EXPECT_FALSE(Validate(bad).ok());
  bad = r;
  bad.scale_max = 1;
  EXPECT_FALSE(Validate(bad).ok());
  bad.scale_max = 11;
  EXPECT_FALSE(Validate(bad).ok());
  bad = r;
  bad.bands.clear();
  EXPECT_FALSE(Validate(bad).ok());
}

TEST(GutScore, EveryScoreOfEveryPresetFallsInTheBandThatCoversIt) {
  // An independent reading of the bands: the last band whose min is at most the score.
  for (const GutRule& rule : {SeedGutRule(), ClassicGutRule()}) {
    for (int g = 1; g <= rule.scale_max; ++g) {
      for (int u = 1; u <= rule.scale_max; ++u) {
        for (int t = 1; t <= rule.scale_max; ++t) {
          const int score = rule.combine == GutCombine::kSum ? g + u + t : g * u * t;
          std::string expected;
          for (auto it = rule.bands.rbegin(); it != rule.bands.rend(); ++it) {
            if (it->min <= score) {
              expected = it->level;
              break;
            }
          }
          auto s = Score(rule, g, u, t);
          ASSERT_TRUE(s.ok());
          EXPECT_EQ(s->score, score);
          EXPECT_EQ(s->level, expected) << rule.preset << " " << g << u << t;
          EXPECT_LE(s->score, s->max);
        }
      }
    }
  }
  EXPECT_EQ(GutPreset("seed")->preset, "seed");
  EXPECT_EQ(GutPreset("classic")->max_score(), 125);
  EXPECT_FALSE(GutPreset("fancy"));
}

TEST(GutSolutions, TheLevelsRequiredSolutionsMustAllBeWritten) {
  const auto high = Score(SeedGutRule(), 2, 3, 3)->required;
  const SolutionKind immediate[] = {SolutionKind::kImmediate};
  EXPECT_EQ(Names(MissingSolutions(high, immediate)), (std::vector<std::string_view>{"long_term", "preventive"}));
  const SolutionKind all[] = {SolutionKind::kPreventive, SolutionKind::kImmediate, SolutionKind::kLongTerm};
  EXPECT_TRUE(MissingSolutions(high, all).empty());
  for (SolutionKind k : kSolutionKinds) EXPECT_EQ(ParseSolutionKind(Name(k)), k);
  EXPECT_FALSE(ParseSolutionKind("eventual"));
}

TEST(ProblemStatus, ARecordMovesOneStepAtATimeAndReopensOnlyWhenClosed) {
  using P = ProblemStatus;
  EXPECT_TRUE(CanMove(P::kNew, P::kAnalysing));
  EXPECT_TRUE(CanMove(P::kAnalysing, P::kActionPlan));
  EXPECT_TRUE(CanMove(P::kActionPlan, P::kMonitoring));
  EXPECT_TRUE(CanMove(P::kMonitoring, P::kClosed));
  EXPECT_TRUE(CanMove(P::kMonitoring, P::kActionPlan));  // the fix did not hold
  EXPECT_TRUE(CanMove(P::kAnalysing, P::kNew));
  EXPECT_FALSE(CanMove(P::kNew, P::kActionPlan));
  EXPECT_FALSE(CanMove(P::kNew, P::kClosed));
  EXPECT_FALSE(CanMove(P::kNew, P::kNew));
  EXPECT_FALSE(CanMove(P::kMonitoring, P::kReopened));
  EXPECT_TRUE(CanMove(P::kClosed, P::kReopened));
  EXPECT_FALSE(CanMove(P::kClosed, P::kMonitoring));
  EXPECT_TRUE(CanMove(P::kReopened, P::kAnalysing));
  EXPECT_TRUE(CanMove(P::kReopened, P::kActionPlan));
  EXPECT_FALSE(CanMove(P::kReopened, P::kClosed));
  EXPECT_FALSE(CanMove(P::kReopened, P::kNew));
  for (int i = 0; i < 6; ++i) {
    const auto s = static_cast<P>(i);
    EXPECT_EQ(ParseProblemStatus(Name(s)), s);
    EXPECT_EQ(IsOpen(s), s != P::kClosed);
  }
  EXPECT_FALSE(ParseProblemStatus("done"));
}

TEST(ProblemRanking, ScoreThenCustomersThenAge) {
  const Timestamp t0 = FromUnixSeconds(1'772'452'800);
  std::vector<RankKey> open = {
      {1, 6, 1, t0},
      {2, 8, 1, t0 + std::chrono::hours(5)},
      {3, 8, 4, t0 + std::chrono::hours(9)},
      {4, 8, 4, t0 + std::chrono::hours(2)},
      {5, 9, 0, t0 + std::chrono::hours(30)},
      {6, 8, 4, t0 + std::chrono::hours(2)},
  };
  std::sort(open.begin(), open.end(), RanksBefore);
  std::vector<int64_t> ids;
  for (const auto& k : open) ids.push_back(k.id);
  // 9 first; among the 8s the 4-customer ones, the older first (4 and 6 tie on age: lower id);
  // then the 1-customer 8; the 6 last.
  EXPECT_EQ(ids, (std::vector<int64_t>{5, 4, 6, 3, 2, 1}));
}

}  // namespace guardian_test
}  // namespace farol::domain
