// The customer's voice in numbers (docs/SURVEYS.md): the survey kinds and their scales, how each
// answer is classified, and the figures customer-success teams are judged by — NPS with its 95%
// margin of error, CSAT %, CES — all computed from a distribution (answers per score), so a report
// over a million answers is one GROUP BY and a few additions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace farol::domain {

enum class SurveyKind {
  kNps,     // 0–10 "how likely are you to recommend us", fixed scale
  kCsat,    // 1–5 satisfaction
  kCes,     // 1–7 customer effort; which end means easy is stored with the survey
  kStars,   // 1–5 stars
  kLikert,  // a statement agreed with on 5 or 7 points
};

std::string_view ToString(SurveyKind k);
std::optional<SurveyKind> ParseSurveyKind(std::string_view s);

// Where an answer falls. Named per kind by SentimentName: promoter / passive / detractor (NPS),
// satisfied / neutral / unsatisfied (CSAT, stars), easy / neutral / difficult (CES), agree /
// neutral / disagree (Likert).
enum class Sentiment { kNegative, kNeutral, kPositive };

struct SurveyScale {
  SurveyKind kind = SurveyKind::kCsat;
  int points = 5;             // Likert: 5 or 7; the other kinds' is fixed (NPS 11, CSAT 5, CES 7, stars 5)
  bool high_is_easy = true;   // CES only: true when 7 means "very easy"

  int min() const { return kind == SurveyKind::kNps ? 0 : 1; }
  int max() const { return min() + points - 1; }
  bool Contains(int score) const { return score >= min() && score <= max(); }
};

// The scale of a kind; `likert_points` (5 or 7) and `high_is_easy` matter only to Likert and CES.
// kInvalidArgument for a Likert scale of other than 5 or 7 points.
StatusOr<SurveyScale> MakeScale(SurveyKind kind, int likert_points = 5, bool high_is_easy = true);

// NPS: 9–10 promoter, 7–8 passive, 0–6 detractor. CSAT and stars: 4–5 satisfied, 3 neutral, 1–2
// unsatisfied. CES: the three points at the easy end easy, the middle neutral, the three at the
// other end difficult. Likert 5: 4–5 agree, 3 neutral, 1–2 disagree; Likert 7: 5–7, 4, 1–3.
// `score` must be on the scale.
Sentiment Classify(const SurveyScale& scale, int score);
std::string_view SentimentName(SurveyKind kind, Sentiment s);

// Answers per score on one scale.
class Distribution {
 public:
  explicit Distribution(SurveyScale scale) : scale_(scale) {}
  const SurveyScale& scale() const { return scale_; }
  // kInvalidArgument (and nothing added) for a score off the scale or a negative count.
  Status Add(int score, int64_t times = 1);
  int64_t count(int score) const { return scale_.Contains(score) ? counts_[score - scale_.min()] : 0; }
  int64_t n() const;

 private:
  SurveyScale scale_;
  std::array<int64_t, 11> counts_{};
};

// The figures of a distribution. For NPS `net` is the NPS (% promoters − % detractors, −100 to
// 100); for CES it is % easy − % difficult; for CSAT and stars `positive_percent` is the CSAT %
// (answers of 4–5 over all answers). `margin` is the 95% margin of error of `net`, in the same
// points: 1.96 × 100 × √((p + d − (p − d)²) / n) with p and d the positive and negative shares.
// `mean` is on the survey's own scale. Everything but the counts is nullopt when n is 0.
struct SurveySummary {
  int64_t n = 0;
  int64_t positive = 0;
  int64_t neutral = 0;
  int64_t negative = 0;
  std::optional<double> mean;
  std::optional<double> positive_percent;
  std::optional<double> negative_percent;
  std::optional<double> net;
  std::optional<double> margin;
};
SurveySummary Summarise(const Distribution& d);

// One answer, as the organisation-level NPS needs it.
struct ContactAnswer {
  int64_t contact_id = 0;
  int64_t id = 0;  // breaks ties between answers given at the same instant: the later id wins
  Timestamp at;
  int score = 0;
};

// The distribution of each contact's latest answer in [from, to): an organisation's NPS counts
// every contact once, however often they answered, and is never an average of scores.
// kInvalidArgument if an answer in the period is off the scale.
StatusOr<Distribution> LatestPerContact(const SurveyScale& scale, std::span<const ContactAnswer> answers,
                                        Timestamp from, Timestamp to);

// ---- follow-up questions (docs/SURVEYS.md, "Follow-up questions") ----

// A question asked after the score: free text, or one choice among options. `ask` says after
// which answers: nullopt after every one, else only after answers of that classification (the
// usual "what was the main reason?" after a detractor's score). `id` is the question's for good:
// answers refer to it, so reordering, rewording or removing questions never moves answers.
enum class QuestionKind { kText, kChoice };
struct SurveyQuestion {
  int id = 0;
  QuestionKind kind = QuestionKind::kText;
  std::string text_en, text_pt;
  std::vector<std::string> options_en, options_pt;  // choice: 2 to 10, the same count in each language
  std::optional<Sentiment> ask;
};
inline constexpr int kMaxQuestions = 5;
inline constexpr int kMaxOptions = 10;
inline constexpr int kMaxAnswerText = 2000;  // characters of a text answer (and of the comment)

std::string_view ToString(QuestionKind k);
std::optional<QuestionKind> ParseQuestionKind(std::string_view s);
// "always", "negative", "neutral", "positive".
std::string_view AskName(const std::optional<Sentiment>& ask);
// nullopt (and `ok` false) for anything else.
std::optional<Sentiment> ParseAsk(std::string_view s, bool& ok);
// Whether `q` is asked after `score` (on `scale`).
bool AskedAfter(const SurveyScale& scale, const SurveyQuestion& q, int score);

// One question answered: the option's index (from 0) for a choice, the text for a text question.
struct QuestionAnswer {
  int question = 0;  // SurveyQuestion::id
  std::optional<int> choice;
  std::string text;
};

// ---- relational campaigns (docs/SURVEYS.md, "Campaigns") ----

// Whether `now` is inside a send window on the clock of `time_zone` (an unknown zone reads as
// UTC): from `start` to `end` minutes after local midnight, Monday to Friday when `weekdays_only`.
bool InSendWindow(Timestamp now, std::string_view time_zone, int start, int end, bool weekdays_only);

// `t` moved `months` calendar months on in UTC, at the same time of day; a day past the new
// month's end becomes its last day (31 January + 1 month = 28 or 29 February).
Timestamp AddMonths(Timestamp t, int months);

}  // namespace farol::domain
