#include "domain/survey.h"

#include <chrono>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "domain/contract.h"

namespace farol::domain {

namespace {

struct KindName {
  SurveyKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {{SurveyKind::kNps, "nps"},
                               {SurveyKind::kCsat, "csat"},
                               {SurveyKind::kCes, "ces"},
                               {SurveyKind::kStars, "stars"},
                               {SurveyKind::kLikert, "likert"}};

}  // namespace

std::string_view ToString(SurveyKind k) {
  for (const auto& x : kKinds) {
    if (x.kind == k) return x.name;
  }
  return "csat";
}

std::optional<SurveyKind> ParseSurveyKind(std::string_view s) {
  for (const auto& x : kKinds) {
    if (x.name == s) return x.kind;
  }
  return std::nullopt;
}

StatusOr<SurveyScale> MakeScale(SurveyKind kind, int likert_points, bool high_is_easy) {
  SurveyScale s;
  s.kind = kind;
  switch (kind) {
    case SurveyKind::kNps: s.points = 11; break;
    case SurveyKind::kCsat:
    case SurveyKind::kStars: s.points = 5; break;
    case SurveyKind::kCes:
      s.points = 7;
      s.high_is_easy = high_is_easy;
      break;
    case SurveyKind::kLikert:
      if (likert_points != 5 && likert_points != 7) {
        return InvalidArgumentError("A Likert item has 5 or 7 points, not " + std::to_string(likert_points) + ".");
      }
      s.points = likert_points;
      break;
  }
  return s;
}

Sentiment Classify(const SurveyScale& scale, int score) {
  switch (scale.kind) {
    case SurveyKind::kNps:
      return score >= 9 ? Sentiment::kPositive : score >= 7 ? Sentiment::kNeutral : Sentiment::kNegative;
    case SurveyKind::kCes: {
      // Measured from the easy end: its first three points are easy, the middle neutral.
      const int from_easy = scale.high_is_easy ? scale.max() - score : score - scale.min();
      return from_easy <= 2 ? Sentiment::kPositive : from_easy == 3 ? Sentiment::kNeutral : Sentiment::kNegative;
    }
    case SurveyKind::kCsat:
    case SurveyKind::kStars:
    case SurveyKind::kLikert: {
      // Symmetric around the middle point (3 of 5, 4 of 7).
      const int middle = scale.min() + scale.points / 2;
      return score > middle ? Sentiment::kPositive : score == middle ? Sentiment::kNeutral : Sentiment::kNegative;
    }
  }
  return Sentiment::kNeutral;
}

std::string_view SentimentName(SurveyKind kind, Sentiment s) {
  static constexpr std::string_view kNames[][3] = {
      {"detractor", "passive", "promoter"},         // NPS
      {"unsatisfied", "neutral", "satisfied"},      // CSAT, stars
      {"difficult", "neutral", "easy"},             // CES
      {"disagree", "neutral", "agree"},             // Likert
  };
  const int row = kind == SurveyKind::kNps                                  ? 0
                  : kind == SurveyKind::kCsat || kind == SurveyKind::kStars ? 1
                  : kind == SurveyKind::kCes                                ? 2
                                                                            : 3;
  return kNames[row][static_cast<int>(s)];
}

std::string_view ToString(QuestionKind k) { return k == QuestionKind::kChoice ? "choice" : "text"; }

std::optional<QuestionKind> ParseQuestionKind(std::string_view s) {
  if (s == "text") return QuestionKind::kText;
  if (s == "choice") return QuestionKind::kChoice;
  return std::nullopt;
}

std::string_view AskName(const std::optional<Sentiment>& ask) {
  if (!ask) return "always";
  switch (*ask) {
    case Sentiment::kNegative: return "negative";
    case Sentiment::kNeutral: return "neutral";
    case Sentiment::kPositive: return "positive";
  }
  return "always";
}

std::optional<Sentiment> ParseAsk(std::string_view s, bool& ok) {
  ok = true;
  if (s == "negative") return Sentiment::kNegative;
  if (s == "neutral") return Sentiment::kNeutral;
  if (s == "positive") return Sentiment::kPositive;
  ok = s == "always";
  return std::nullopt;
}

bool AskedAfter(const SurveyScale& scale, const SurveyQuestion& q, int score) {
  if (!scale.Contains(score)) return false;
  return !q.ask || Classify(scale, score) == *q.ask;
}

Status Distribution::Add(int score, int64_t times) {
  if (!scale_.Contains(score)) {
    return InvalidArgumentError("The score " + std::to_string(score) + " is not on the " +
                                std::string(ToString(scale_.kind)) + " scale (" + std::to_string(scale_.min()) +
                                " to " + std::to_string(scale_.max()) + ").");
  }
  if (times < 0) return InvalidArgumentError("A count cannot be negative.");
  counts_[score - scale_.min()] += times;
  return OkStatus();
}

int64_t Distribution::n() const {
  int64_t n = 0;
  for (int i = 0; i < scale_.points; ++i) n += counts_[i];
  return n;
}

SurveySummary Summarise(const Distribution& d) {
  SurveySummary out;
  const SurveyScale& scale = d.scale();
  // The mean's numerator is exact in integers (at most 10 × 2^63 would overflow; a count of answers
  // never comes near), then divided once.
  int64_t sum = 0;
  for (int score = scale.min(); score <= scale.max(); ++score) {
    const int64_t c = d.count(score);
    out.n += c;
    sum += c * score;
    switch (Classify(scale, score)) {
      case Sentiment::kPositive: out.positive += c; break;
      case Sentiment::kNeutral: out.neutral += c; break;
      case Sentiment::kNegative: out.negative += c; break;
    }
  }
  if (out.n == 0) return out;
  const double n = static_cast<double>(out.n);
  const double p = static_cast<double>(out.positive) / n;
  const double q = static_cast<double>(out.negative) / n;
  out.mean = static_cast<double>(sum) / n;
  out.positive_percent = 100.0 * p;
  out.negative_percent = 100.0 * q;
  // In integers first, so that equal shares give exactly 0 and 5 of 10 exactly 50.
  out.net = 100.0 * static_cast<double>(out.positive - out.negative) / n;
  // The variance of one answer's score on {+1, 0, −1} is p + q − (p − q)²; clamped at 0 against
  // rounding when everyone answered alike.
  const double variance = std::max(0.0, p + q - (p - q) * (p - q));
  out.margin = 1.96 * 100.0 * std::sqrt(variance / n);
  return out;
}

StatusOr<Distribution> LatestPerContact(const SurveyScale& scale, std::span<const ContactAnswer> answers,
                                        Timestamp from, Timestamp to) {
  std::unordered_map<int64_t, const ContactAnswer*> latest;
  for (const ContactAnswer& a : answers) {
    if (a.at < from || a.at >= to) continue;
    if (!scale.Contains(a.score)) {
      return InvalidArgumentError("Answer " + std::to_string(a.id) + " has the score " + std::to_string(a.score) +
                                  ", off the scale.");
    }
    const ContactAnswer*& slot = latest[a.contact_id];
    if (slot == nullptr || a.at > slot->at || (a.at == slot->at && a.id > slot->id)) slot = &a;
  }
  Distribution d(scale);
  for (const auto& [contact, a] : latest) FAROL_RETURN_IF_ERROR(d.Add(a->score));
  return d;
}

bool InSendWindow(Timestamp now, std::string_view time_zone, int start, int end, bool weekdays_only) {
  const CivilDate day = LocalDate(now, time_zone);
  auto midnight = LocalMidnight(day, time_zone);
  if (!midnight.ok()) return false;
  const long long minute = (ToUnixSeconds(now) - ToUnixSeconds(*midnight)) / 60;
  if (weekdays_only) {
    const std::chrono::weekday wd{std::chrono::sys_days{std::chrono::year{day.year} / std::chrono::month{day.month} /
                                                        std::chrono::day{day.day}}};
    if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return false;
  }
  return minute >= start && minute < end;
}

Timestamp AddMonths(Timestamp t, int months) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const auto time_of_day = t - day;
  year_month_day ymd{day};
  year_month_day moved = ymd + std::chrono::months{months};
  if (!moved.ok()) moved = year_month_day{moved.year() / moved.month() / last};
  return time_point_cast<Timestamp::duration>(sys_days{moved} + time_of_day);
}

}  // namespace farol::domain
