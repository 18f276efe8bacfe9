// GUT scoring, its presets and custom rules, worked by hand (docs/GUARDIAN.md), the mandatory
// solutions, the record's moves and the ranking of open records.
#include "domain/guardian.h"

#include "domain/alerts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iterator>

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

// ---- action plans ----

Timestamp At(int day, int hour = 12) {
  return Timestamp(std::chrono::seconds(1772452800LL + (day - 1) * 86400LL + (hour - 12) * 3600LL));
}

TEST(ActionPlans, ARecordIsFixedWhenEveryActionNotCancelledIsDone) {
  using S = ActionStatus;
  EXPECT_FALSE(CompletedAt({}));  // no actions: not fixed
  const ActionState done3{S::kDone, At(3)}, done5{S::kDone, At(5)}, open{S::kOpen, {}}, cancelled{S::kCancelled, {}};
  EXPECT_FALSE(CompletedAt(std::vector{done3, open}));
  EXPECT_EQ(CompletedAt(std::vector{done5, done3}), At(5));  // the last one done
  EXPECT_EQ(CompletedAt(std::vector{done3, cancelled}), At(3));
  EXPECT_FALSE(CompletedAt(std::vector{cancelled}));  // all cancelled: nothing was done
}

TEST(ActionPlans, DaysAreCountedToOneDecimal) {
  // Reported Monday 12:00; fixed Thursday 23:00: 3 days 11 hours = 3.458 → 3.5.
  EXPECT_DOUBLE_EQ(DaysBetween(At(1), At(4, 23)), 3.5);
  EXPECT_DOUBLE_EQ(DaysBetween(At(1), At(1)), 0.0);
  // 40 days exactly, the seed's longest.
  EXPECT_DOUBLE_EQ(DaysBetween(At(1), At(41)), 40.0);
  // 2 h 23 min = 0.0993 → 0.1; 2 h 0 min = 0.083 → 0.1; 1 h = 0.042 → 0.0.
  EXPECT_DOUBLE_EQ(DaysBetween(At(1), At(1) + std::chrono::minutes(143)), 0.1);
  EXPECT_DOUBLE_EQ(DaysBetween(At(1), At(1, 13)), 0.0);
  EXPECT_EQ(ParseActionStatus("done"), ActionStatus::kDone);
  EXPECT_EQ(Name(ActionStatus::kCancelled), "cancelled");
  EXPECT_FALSE(ParseActionStatus("finished"));
}

TEST(ActionPlans, TheOverdueAlertSaysWhatIsLateInTheReadersLanguage) {
  ActionOverdueNotice n;
  n.action_id = 7;
  n.kind = "preventive";
  n.title = "Lock the billing run";
  n.owner = "Paula";
  n.team = "Product";
  n.due_at = At(10);
  n.problem_id = 3;
  n.problem_title = "Invoice sent twice";
  n.at = At(10, 13);
  n.link = "https://desk.example/guardian/problems/3";
  AlertChannel mail;
  mail.kind = AlertKind::kEmail;
  mail.language = "pt-BR";
  mail.time_zone = "America/Sao_Paulo";
  const RenderedAlert pt = RenderActionOverdue(mail, n);
  EXPECT_EQ(pt.subject, "[farol] Ação preventiva atrasada: Lock the billing run");
  EXPECT_NE(pt.body.find("Problema: #3 Invoice sent twice\n"), std::string::npos) << pt.body;
  EXPECT_NE(pt.body.find("Prazo: 2026-03-11 09:00"), std::string::npos) << pt.body;  // 12:00 UTC = 09:00 in São Paulo
  AlertChannel hook;
  hook.kind = AlertKind::kWebhook;
  const RenderedAlert w = RenderActionOverdue(hook, n);
  EXPECT_EQ(w.subject, "[farol] Overdue preventive action: Lock the billing run");
  EXPECT_NE(w.body.find("\"event\":\"problem.action.overdue\""), std::string::npos);
  EXPECT_NE(w.body.find("\"due_at\":\"2026-03-11T12:00:00Z\""), std::string::npos) << w.body;
}

// ---- recurrence ----

TEST(Recurrence, WordsAreFoldedWithoutStopWords) {
  EXPECT_EQ(RecurrenceWords("A Fatura foi enviada em DUPLICIDADE para o cliente", false),
            (std::vector<std::string>{"fatura", "enviada", "duplicidade", "cliente"}));
  EXPECT_EQ(RecurrenceWords("Ação de cobrança: São Paulo; ação!", false),
            (std::vector<std::string>{"acao", "cobranca", "paulo"}));
  EXPECT_EQ(RecurrenceWords("The backups failed for three customers", true),
            (std::vector<std::string>{"backup", "failed", "three", "customer"}));
  EXPECT_EQ(RecurrenceWords("", true), std::vector<std::string>{});
}

TEST(Recurrence, DiceByHand) {
  const std::vector<std::string> a{"invoice", "sent", "twice"}, b{"invoice", "sent", "customer", "twice"};
  EXPECT_DOUBLE_EQ(Dice(a, b), 6.0 / 7.0);  // 2·3 / (3+4)
  EXPECT_DOUBLE_EQ(Dice(a, {}), 0.0);
  EXPECT_DOUBLE_EQ(Dice({}, {}), 0.0);
  EXPECT_DOUBLE_EQ(Likeness(a, a, true), 1.0);  // capped
  EXPECT_DOUBLE_EQ(Likeness(a, std::vector<std::string>{"invoice"}, true), 0.5 + 0.15);
}

// A small labelled set: each text's near-duplicates (reworded, other language accents, plural)
// must reach the threshold; texts about something else must not.
struct Labelled {
  const char* text;
  const char* category;
  int group;  // same group: the same problem
};
constexpr Labelled kLabelled[] = {
    {"Invoice sent twice to the customer after the monthly billing run", "wrong information", 1},
    {"Customer received the monthly invoice twice; billing run sent it again", "wrong information", 1},
    {"Duplicate invoices sent by the billing run this month", "wrong information", 1},
    {"Backup of the customer database failed overnight without any alert", "platform failure", 2},
    {"Overnight database backups failed and no alert was raised", "platform failure", 2},
    {"Técnico chegou atrasado na visita de instalação do cliente", "delivery delay", 3},
    {"Visita de instalação atrasada: técnico chegou depois do horário", "delivery delay", 3},
    {"Support agent gave the wrong VPN configuration steps", "wrong information", 4},
    {"Wrong VPN configuration steps given by the support agent on the phone", "wrong information", 4},
    {"Password reset e-mails never arrive for Gmail users", "platform failure", 5},
    {"Firewall rule change was applied to the wrong site", "platform failure", 6},
    {"Contract renewal quote was sent with last year's prices", "wrong information", 7},
};

TEST(Recurrence, ALabelledSetOfNearDuplicatesIsMatchedAndUnrelatedTextsAreNot) {
  const size_t n = std::size(kLabelled);
  int pairs = 0, found = 0, false_alarms = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const auto a = RecurrenceWords(kLabelled[i].text, true), b = RecurrenceWords(kLabelled[j].text, true);
      const double l = Likeness(a, b, std::string_view(kLabelled[i].category) == kLabelled[j].category);
      const bool same = kLabelled[i].group == kLabelled[j].group;
      if (same) {
        ++pairs;
        if (l >= kSuggestThreshold) ++found;
        EXPECT_GE(l, kSuggestThreshold) << kLabelled[i].text << " ~ " << kLabelled[j].text;
      } else {
        if (l >= kSuggestThreshold) ++false_alarms;
        EXPECT_LT(l, kSuggestThreshold) << kLabelled[i].text << " ≁ " << kLabelled[j].text;
      }
    }
  }
  EXPECT_EQ(pairs, 6);
  EXPECT_EQ(found, pairs);
  EXPECT_EQ(false_alarms, 0);
}

}  // namespace guardian_test
}  // namespace farol::domain
