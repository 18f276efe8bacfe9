// Survey figures worked by hand (docs/SURVEYS.md), then checked against a slow computation straight
// from the raw scores for many random sets of answers.
#include "domain/survey.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <vector>

namespace farol::domain {
namespace survey_test {  // named: unity builds put several tests in one unit

SurveyScale Scale(SurveyKind k, int points = 5, bool high_is_easy = true) { return *MakeScale(k, points, high_is_easy); }

Distribution Of(const SurveyScale& s, const std::vector<int>& scores) {
  Distribution d(s);
  for (int x : scores) EXPECT_TRUE(d.Add(x).ok()) << x;
  return d;
}

TEST(SurveyScale, EachKindHasItsScale) {
  EXPECT_EQ(Scale(SurveyKind::kNps).min(), 0);
  EXPECT_EQ(Scale(SurveyKind::kNps).max(), 10);
  EXPECT_EQ(Scale(SurveyKind::kCsat).max(), 5);
  EXPECT_EQ(Scale(SurveyKind::kStars).min(), 1);
  EXPECT_EQ(Scale(SurveyKind::kCes).max(), 7);
  EXPECT_EQ(Scale(SurveyKind::kLikert, 7).max(), 7);
  EXPECT_EQ(Scale(SurveyKind::kLikert, 5).max(), 5);
  EXPECT_FALSE(MakeScale(SurveyKind::kLikert, 6).ok());
  // The points asked for matter only to Likert.
  EXPECT_EQ(Scale(SurveyKind::kNps, 7).max(), 10);
  for (auto k : {SurveyKind::kNps, SurveyKind::kCsat, SurveyKind::kCes, SurveyKind::kStars, SurveyKind::kLikert}) {
    EXPECT_EQ(ParseSurveyKind(ToString(k)), k);
  }
  EXPECT_FALSE(ParseSurveyKind("NPS"));
}

TEST(SurveyClassify, NpsPromotersPassivesDetractors) {
  const auto s = Scale(SurveyKind::kNps);
  std::string got;
  for (int x = 0; x <= 10; ++x) got += std::string(SentimentName(s.kind, Classify(s, x))).substr(0, 3) + " ";
  EXPECT_EQ(got, "det det det det det det det pas pas pro pro ");
}

TEST(SurveyClassify, CsatStarsAndLikertAroundTheMiddle) {
  for (auto k : {SurveyKind::kCsat, SurveyKind::kStars}) {
    const auto s = Scale(k);
    EXPECT_EQ(SentimentName(k, Classify(s, 1)), "unsatisfied");
    EXPECT_EQ(SentimentName(k, Classify(s, 2)), "unsatisfied");
    EXPECT_EQ(SentimentName(k, Classify(s, 3)), "neutral");
    EXPECT_EQ(SentimentName(k, Classify(s, 4)), "satisfied");
    EXPECT_EQ(SentimentName(k, Classify(s, 5)), "satisfied");
  }
  const auto l7 = Scale(SurveyKind::kLikert, 7);
  std::string got;
  for (int x = 1; x <= 7; ++x) got += std::string(SentimentName(l7.kind, Classify(l7, x))).substr(0, 3) + " ";
  EXPECT_EQ(got, "dis dis dis neu agr agr agr ");
  const auto l5 = Scale(SurveyKind::kLikert, 5);
  EXPECT_EQ(Classify(l5, 3), Sentiment::kNeutral);
  EXPECT_EQ(Classify(l5, 4), Sentiment::kPositive);
}

TEST(SurveyClassify, CesCountsFromWhicheverEndIsEasy) {
  const auto high = Scale(SurveyKind::kCes, 5, /*high_is_easy=*/true);
  const auto low = Scale(SurveyKind::kCes, 5, /*high_is_easy=*/false);
  std::string h, l;
  for (int x = 1; x <= 7; ++x) {
    h += std::string(SentimentName(high.kind, Classify(high, x))).substr(0, 3) + " ";
    l += std::string(SentimentName(low.kind, Classify(low, x))).substr(0, 3) + " ";
  }
  EXPECT_EQ(h, "dif dif dif neu eas eas eas ");
  EXPECT_EQ(l, "eas eas eas neu dif dif dif ");
}

TEST(SurveySummary, NpsWorkedByHand) {
  // Ten answers: 10, 10, 9, 9, 9 (five promoters), 8, 8, 7 (three passives), 6, 0 (two detractors).
  // NPS = 50% − 20% = 30. Margin = 1.96 × 100 × √((0.5 + 0.2 − 0.3²) / 10) = 196 × √0.061 = 48.408.
  const auto r = Summarise(Of(Scale(SurveyKind::kNps), {10, 10, 9, 9, 9, 8, 8, 7, 6, 0}));
  EXPECT_EQ(r.n, 10);
  EXPECT_EQ(r.positive, 5);
  EXPECT_EQ(r.neutral, 3);
  EXPECT_EQ(r.negative, 2);
  EXPECT_DOUBLE_EQ(*r.net, 30.0);
  EXPECT_NEAR(*r.margin, 48.4084, 1e-4);
  EXPECT_DOUBLE_EQ(*r.mean, 7.6);  // 76 / 10

  // 200 answers: 120 promoters, 50 passives, 30 detractors. NPS = 60 − 15 = 45;
  // margin = 196 × √((0.6 + 0.15 − 0.45²) / 200) = 196 × √(0.5475 / 200) = 10.2549.
  Distribution d(Scale(SurveyKind::kNps));
  ASSERT_TRUE(d.Add(10, 70).ok());
  ASSERT_TRUE(d.Add(9, 50).ok());
  ASSERT_TRUE(d.Add(8, 50).ok());
  ASSERT_TRUE(d.Add(3, 30).ok());
  const auto big = Summarise(d);
  EXPECT_DOUBLE_EQ(*big.net, 45.0);
  EXPECT_NEAR(*big.margin, 10.2549, 1e-4);
}

TEST(SurveySummary, NpsAtItsEdges) {
  // Everyone a promoter: 100, and no uncertainty left in the sample.
  auto r = Summarise(Of(Scale(SurveyKind::kNps), {9, 10, 10}));
  EXPECT_DOUBLE_EQ(*r.net, 100.0);
  EXPECT_DOUBLE_EQ(*r.margin, 0.0);
  // One detractor alone: −100.
  r = Summarise(Of(Scale(SurveyKind::kNps), {6}));
  EXPECT_DOUBLE_EQ(*r.net, -100.0);
  EXPECT_DOUBLE_EQ(*r.margin, 0.0);
  // Only passives: 0, margin 0 (p = d = 0).
  r = Summarise(Of(Scale(SurveyKind::kNps), {7, 8}));
  EXPECT_DOUBLE_EQ(*r.net, 0.0);
  EXPECT_DOUBLE_EQ(*r.margin, 0.0);
  // One promoter, one passive, one detractor: 0 ± 196 × √(2/3 / 3) = 92.395.
  r = Summarise(Of(Scale(SurveyKind::kNps), {10, 7, 0}));
  EXPECT_DOUBLE_EQ(*r.net, 0.0);
  EXPECT_NEAR(*r.margin, 92.3953, 1e-4);
  // No answers: counts of zero and no figures at all (not a 0 that reads as a real NPS).
  r = Summarise(Distribution(Scale(SurveyKind::kNps)));
  EXPECT_EQ(r.n, 0);
  EXPECT_FALSE(r.net);
  EXPECT_FALSE(r.margin);
  EXPECT_FALSE(r.mean);
  EXPECT_FALSE(r.positive_percent);
}

TEST(SurveySummary, CsatIsTheShareOfFoursAndFivesWithTheMeanBeside) {
  // 5, 4, 3, 1: two satisfied of four = 50%; mean 13 / 4 = 3.25.
  auto r = Summarise(Of(Scale(SurveyKind::kCsat), {5, 4, 3, 1}));
  EXPECT_DOUBLE_EQ(*r.positive_percent, 50.0);
  EXPECT_DOUBLE_EQ(*r.mean, 3.25);
  EXPECT_EQ(r.neutral, 1);
  EXPECT_EQ(r.negative, 1);
  // 4, 4, 5, 1, 2, 3, 3, 2: three satisfied of eight = 37.5%; mean 24 / 8 = 3.
  r = Summarise(Of(Scale(SurveyKind::kCsat), {4, 4, 5, 1, 2, 3, 3, 2}));
  EXPECT_DOUBLE_EQ(*r.positive_percent, 37.5);
  EXPECT_DOUBLE_EQ(*r.mean, 3.0);
  // Stars are read the same way.
  r = Summarise(Of(Scale(SurveyKind::kStars), {5, 5, 5}));
  EXPECT_DOUBLE_EQ(*r.positive_percent, 100.0);
}

TEST(SurveySummary, CesMeanAndNetEasy) {
  // 7 = very easy: 7, 6 easy; 4 neutral; 2, 1 difficult. Mean 20 / 5 = 4; net 40% − 40% = 0.
  auto r = Summarise(Of(Scale(SurveyKind::kCes, 5, true), {7, 6, 4, 2, 1}));
  EXPECT_DOUBLE_EQ(*r.mean, 4.0);
  EXPECT_DOUBLE_EQ(*r.net, 0.0);
  // 1 = very easy: 1, 2 easy; 7 difficult. Net (2 − 1) / 3 = 33.33…; mean 10 / 3.
  r = Summarise(Of(Scale(SurveyKind::kCes, 5, false), {1, 2, 7}));
  EXPECT_NEAR(*r.net, 100.0 / 3.0, 1e-12);
  EXPECT_NEAR(*r.mean, 10.0 / 3.0, 1e-12);
  EXPECT_EQ(r.positive, 2);
  EXPECT_EQ(r.negative, 1);
}

TEST(SurveyDistribution, RefusesScoresOffTheScale) {
  Distribution d(Scale(SurveyKind::kCsat));
  EXPECT_FALSE(d.Add(0).ok());
  EXPECT_FALSE(d.Add(6).ok());
  EXPECT_FALSE(d.Add(3, -1).ok());
  EXPECT_EQ(d.n(), 0);
  Distribution nps(Scale(SurveyKind::kNps));
  EXPECT_TRUE(nps.Add(0).ok());
  EXPECT_FALSE(nps.Add(11).ok());
  EXPECT_EQ(nps.n(), 1);
}

Timestamp Day(int d) { return Timestamp(std::chrono::days(20'000 + d)); }

TEST(SurveyLatestPerContact, EachContactCountsOnceWithTheirLatestAnswer) {
  const auto s = Scale(SurveyKind::kNps);
  // Contact 1 was a detractor twice (3, 4) and later a promoter (10): counts as a promoter. Contact 2 gave
  // 9 then 2 the same day and instant, the later answer (higher id) counts. Contact 3's 0 is
  // before the period and their 8 inside it. Contact 4 answered only after the period.
  const std::vector<ContactAnswer> answers = {
      {1, 1, Day(1), 3}, {1, 8, Day(2), 4}, {1, 2, Day(5), 10}, {2, 4, Day(3), 2}, {2, 3, Day(3), 9},
      {3, 5, Day(-1), 0}, {3, 6, Day(2), 8}, {4, 7, Day(30), 0},
  };
  auto d = LatestPerContact(s, answers, Day(0), Day(30));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->n(), 3);
  EXPECT_EQ(d->count(10), 1);
  EXPECT_EQ(d->count(2), 1);
  EXPECT_EQ(d->count(8), 1);
  // 1 promoter, 1 passive, 1 detractor: 0. Counting every answer in the period instead (3, 4, 10,
  // 2, 9, 8: 2 promoters and 3 detractors of 6) would say −16.7.
  EXPECT_DOUBLE_EQ(*Summarise(*d).net, 0.0);
  Distribution every(s);
  for (const auto& a : answers) {
    if (a.at >= Day(0) && a.at < Day(30)) {
      ASSERT_TRUE(every.Add(a.score).ok());
    }
  }
  EXPECT_NEAR(*Summarise(every).net, -100.0 / 6.0, 1e-12);
  EXPECT_FALSE(LatestPerContact(s, std::vector<ContactAnswer>{{1, 1, Day(1), 11}}, Day(0), Day(30)).ok());
  // An answer off the scale outside the period does not matter.
  EXPECT_TRUE(LatestPerContact(s, std::vector<ContactAnswer>{{1, 1, Day(40), 11}}, Day(0), Day(30)).ok());
}

// The same figures computed the slow way, straight from the list of scores, with no distribution.
struct Slow {
  double net, margin, mean, positive_percent;
};
Slow SlowFigures(SurveyKind kind, bool high_is_easy, const std::vector<int>& scores) {
  double pos = 0, neg = 0, sum = 0;
  for (int x : scores) {
    sum += x;
    bool positive = false, negative = false;
    if (kind == SurveyKind::kNps) {
      positive = x == 9 || x == 10;
      negative = x <= 6;
    } else if (kind == SurveyKind::kCes) {
      const int easiness = high_is_easy ? x : 8 - x;  // 7 easiest
      positive = easiness >= 5;
      negative = easiness <= 3;
    } else {
      positive = x == 4 || x == 5;
      negative = x == 1 || x == 2;
    }
    pos += positive;
    neg += negative;
  }
  const double n = static_cast<double>(scores.size());
  const double p = pos / n, d = neg / n;
  return {(p - d) * 100.0, 1.96 * 100.0 * std::sqrt((p + d - (p - d) * (p - d)) / n), sum / n, p * 100.0};
}

TEST(SurveySummary, AgreesWithASlowComputationOnRandomAnswers) {
  std::mt19937 rng(20261206);
  for (int round = 0; round < 400; ++round) {
    const SurveyKind kind = std::array{SurveyKind::kNps, SurveyKind::kCsat, SurveyKind::kCes}[round % 3];
    const bool high_is_easy = (round / 3) % 2 == 0;
    const auto s = Scale(kind, 5, high_is_easy);
    std::uniform_int_distribution<int> score(s.min(), s.max());
    const int n = 1 + static_cast<int>(rng() % 300);
    std::vector<int> scores;
    for (int i = 0; i < n; ++i) scores.push_back(score(rng));
    const auto fast = Summarise(Of(s, scores));
    const auto slow = SlowFigures(kind, high_is_easy, scores);
    ASSERT_EQ(fast.n, n);
    EXPECT_NEAR(*fast.net, slow.net, 1e-9) << "round " << round;
    EXPECT_NEAR(*fast.margin, slow.margin, 1e-9) << "round " << round;
    EXPECT_NEAR(*fast.mean, slow.mean, 1e-9) << "round " << round;
    EXPECT_NEAR(*fast.positive_percent, slow.positive_percent, 1e-9) << "round " << round;
    EXPECT_EQ(fast.positive + fast.neutral + fast.negative, n);
  }
}

TEST(SurveyLatestPerContact, AgreesWithASlowComputationOnRandomAnswers) {
  std::mt19937 rng(7);
  const auto s = Scale(SurveyKind::kNps);
  for (int round = 0; round < 100; ++round) {
    std::vector<ContactAnswer> answers;
    for (int64_t id = 1; id <= 200; ++id) {
      answers.push_back({static_cast<int64_t>(rng() % 40), id, Day(static_cast<int>(rng() % 60) - 10),
                         static_cast<int>(rng() % 11)});
    }
    // Slow: for each contact, scan every answer for the one with the greatest (at, id) in the period.
    std::map<int64_t, std::pair<std::pair<Timestamp, int64_t>, int>> best;
    for (const auto& a : answers) {
      if (a.at < Day(0) || a.at >= Day(30)) continue;
      auto key = std::make_pair(a.at, a.id);
      auto it = best.find(a.contact_id);
      if (it == best.end() || it->second.first < key) best[a.contact_id] = {key, a.score};
    }
    std::vector<int> expected;
    for (const auto& [c, v] : best) expected.push_back(v.second);
    auto d = LatestPerContact(s, answers, Day(0), Day(30));
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(d->n(), static_cast<int64_t>(expected.size()));
    const auto want = SlowFigures(SurveyKind::kNps, true, expected);
    EXPECT_NEAR(*Summarise(*d).net, want.net, 1e-9);
  }
}

TEST(SurveyCampaigns, TheSendWindowIsOnTheContactsClock) {
  auto at = [](const char* iso) { return *ParseIso8601(iso); };
  // Monday 2026-03-02 12:00 UTC is 09:00 in São Paulo and 12:00 in Lisbon.
  EXPECT_TRUE(InSendWindow(at("2026-03-02T12:00:00Z"), "America/Sao_Paulo", 9 * 60, 17 * 60, true));
  EXPECT_FALSE(InSendWindow(at("2026-03-02T11:59:00Z"), "America/Sao_Paulo", 9 * 60, 17 * 60, true));
  EXPECT_TRUE(InSendWindow(at("2026-03-02T19:59:00Z"), "America/Sao_Paulo", 9 * 60, 17 * 60, true));
  EXPECT_FALSE(InSendWindow(at("2026-03-02T20:00:00Z"), "America/Sao_Paulo", 9 * 60, 17 * 60, true)) << "the end is out";
  EXPECT_TRUE(InSendWindow(at("2026-03-02T12:00:00Z"), "Europe/Lisbon", 9 * 60, 17 * 60, true));
  // Saturday 2026-03-07 in São Paulo: out on weekdays only, in otherwise.
  EXPECT_FALSE(InSendWindow(at("2026-03-07T13:00:00Z"), "America/Sao_Paulo", 9 * 60, 17 * 60, true));
  EXPECT_TRUE(InSendWindow(at("2026-03-07T13:00:00Z"), "America/Sao_Paulo", 9 * 60, 17 * 60, false));
  // Friday 23:30 in São Paulo is Saturday 02:30 UTC: the contact's Friday counts.
  EXPECT_TRUE(InSendWindow(at("2026-03-07T02:30:00Z"), "America/Sao_Paulo", 20 * 60, 24 * 60, true));
  // An unknown zone reads as UTC.
  EXPECT_TRUE(InSendWindow(at("2026-03-02T09:00:00Z"), "Nowhere/Atlantis", 9 * 60, 17 * 60, true));
}

TEST(SurveyCampaigns, MonthsMoveOnTheCalendarKeepingTheTimeOfDay) {
  auto at = [](const char* iso) { return *ParseIso8601(iso); };
  EXPECT_EQ(AddMonths(at("2026-01-15T12:00:00Z"), 6), at("2026-07-15T12:00:00Z"));
  EXPECT_EQ(AddMonths(at("2026-01-31T08:30:00Z"), 1), at("2026-02-28T08:30:00Z"));
  EXPECT_EQ(AddMonths(at("2028-01-31T08:30:00Z"), 1), at("2028-02-29T08:30:00Z"));
  EXPECT_EQ(AddMonths(at("2026-11-30T00:00:00Z"), 3), at("2027-02-28T00:00:00Z"));
  EXPECT_EQ(AddMonths(at("2026-12-01T23:59:59Z"), 12), at("2027-12-01T23:59:59Z"));
}

TEST(SurveyQuestions, AskedAfterTheScoresOfItsClassification) {
  const SurveyScale nps = *MakeScale(SurveyKind::kNps);
  SurveyQuestion why;
  why.ask = Sentiment::kNegative;
  SurveyQuestion always;
  std::vector<int> asked;
  for (int score = -1; score <= 11; ++score) {
    if (AskedAfter(nps, why, score)) asked.push_back(score);
    EXPECT_EQ(AskedAfter(nps, always, score), score >= 0 && score <= 10) << score;
  }
  EXPECT_EQ(asked, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  // CES with 1 meaning easy: the positive end is 1–3.
  const SurveyScale ces = *MakeScale(SurveyKind::kCes, 5, false);
  SurveyQuestion easy;
  easy.ask = Sentiment::kPositive;
  asked.clear();
  for (int score = 1; score <= 7; ++score) {
    if (AskedAfter(ces, easy, score)) asked.push_back(score);
  }
  EXPECT_EQ(asked, (std::vector<int>{1, 2, 3}));
}

TEST(SurveyQuestions, NamesReadBack) {
  for (auto k : {QuestionKind::kText, QuestionKind::kChoice}) EXPECT_EQ(ParseQuestionKind(ToString(k)), k);
  EXPECT_FALSE(ParseQuestionKind("radio"));
  for (std::optional<Sentiment> a : {std::optional<Sentiment>(), std::optional(Sentiment::kNegative),
                                     std::optional(Sentiment::kNeutral), std::optional(Sentiment::kPositive)}) {
    bool ok = false;
    EXPECT_EQ(ParseAsk(AskName(a), ok), a);
    EXPECT_TRUE(ok);
  }
  bool ok = true;
  EXPECT_FALSE(ParseAsk("detractor", ok));
  EXPECT_FALSE(ok);
}

}  // namespace survey_test
}  // namespace farol::domain
