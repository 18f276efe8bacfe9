// Surveys, the invitations sent and the answers given (docs/SURVEYS.md).
#include <algorithm>
#include <map>
#include <tuple>

#include "core/strings.h"
#include "store/codec.h"
#include "store/store.h"
#include "store/versioned.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

namespace {

constexpr std::string_view kSurveyCols =
    "id, name, kind, points, high_is_easy, question_en, question_pt, comment_en, comment_pt, send_on, ticket_types, "
    "channels, link_days, active, created_at, version, questions";

std::vector<std::string> CommaList(const std::string& joined) {
  std::vector<std::string> out;
  if (!joined.empty()) out = Split(joined, ',');
  return out;
}

Survey SurveyFrom(const Rows& r, size_t i) {
  Survey s;
  s.id = r.Int(i, 0);
  s.name = r.Text(i, 1);
  s.scale.kind = domain::ParseSurveyKind(r.Text(i, 2)).value_or(domain::SurveyKind::kCsat);
  s.scale.points = static_cast<int>(r.Int(i, 3));
  s.scale.high_is_easy = r.Bool(i, 4);
  s.question_en = r.Text(i, 5);
  s.question_pt = r.Text(i, 6);
  s.comment_en = r.Text(i, 7);
  s.comment_pt = r.Text(i, 8);
  s.send_on = r.Text(i, 9);
  s.ticket_types = CommaList(r.Text(i, 10));
  s.channels = CommaList(r.Text(i, 11));
  s.link_days = static_cast<int>(r.Int(i, 12));
  s.active = r.Bool(i, 13);
  s.created_at = r.Time(i, 14);
  s.version = r.Int(i, 15);
  // A damaged column (never written so by farol) reads as no questions rather than hiding the survey.
  (void)DecodeQuestions(r.Text(i, 16), s.questions, s.next_question_id);
  return s;
}

constexpr std::string_view kInvitationCols =
    "id, survey_id, contact_id, organisation_id, ticket_id, agent_id, team_id, token_digest, locale, created_at, "
    "expires_at, answered_at";

SurveyInvitation InvitationFrom(const Rows& r, size_t i) {
  SurveyInvitation v;
  v.id = r.Int(i, 0);
  v.survey_id = r.Int(i, 1);
  v.contact_id = r.Int(i, 2);
  v.organisation_id = r.Int(i, 3);
  v.ticket_id = r.Int(i, 4);
  v.agent_id = r.Int(i, 5);
  v.team_id = r.Int(i, 6);
  v.token_digest = r.Text(i, 7);
  v.locale = r.Text(i, 8);
  v.created_at = r.Time(i, 9);
  v.expires_at = r.Time(i, 10);
  v.answered_at = r.OptTime(i, 11);
  return v;
}

constexpr std::string_view kResponseSelect =
    "SELECT r.id, r.invitation_id, r.survey_id, r.contact_id, r.organisation_id, r.ticket_id, r.agent_id, r.team_id, "
    "r.ticket_type, r.channel, r.transactional, r.score, r.sentiment, r.comment, r.answered_at, c.name, "
    "COALESCE(o.name, ''), COALESCE(u.name, ''), COALESCE(tm.name, '') FROM survey_responses r "
    "JOIN contacts c ON c.id = r.contact_id LEFT JOIN organisations o ON o.id = r.organisation_id "
    "LEFT JOIN users u ON u.id = r.agent_id LEFT JOIN teams tm ON tm.id = r.team_id";

SurveyResponse ResponseFrom(const Rows& r, size_t i) {
  SurveyResponse x;
  x.id = r.Int(i, 0);
  x.invitation_id = r.Int(i, 1);
  x.survey_id = r.Int(i, 2);
  x.contact_id = r.Int(i, 3);
  x.organisation_id = r.Int(i, 4);
  x.ticket_id = r.Int(i, 5);
  x.agent_id = r.Int(i, 6);
  x.team_id = r.Int(i, 7);
  x.ticket_type = r.Text(i, 8);
  x.channel = r.Text(i, 9);
  x.transactional = r.Bool(i, 10);
  x.score = static_cast<int>(r.Int(i, 11));
  x.sentiment = r.Text(i, 12);
  x.comment = r.Text(i, 13);
  x.answered_at = r.Time(i, 14);
  x.contact_name = r.Text(i, 15);
  x.organisation_name = r.Text(i, 16);
  x.agent_name = r.Text(i, 17);
  x.team_name = r.Text(i, 18);
  return x;
}

// The WHERE clause of a report on `f`, its parameters appended to `params`.
constexpr int64_t kDay = 86400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The UTC day an instant falls in: what survey_daily counts by.
int64_t DayOf(Timestamp t) { return FloorDiv(ToUnixSeconds(t), kDay); }

std::string Where(const SurveyFilter& f, std::vector<Param>& params) {
  auto next = [&](Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  std::string w = " WHERE r.survey_id = " + next(f.survey_id) + " AND r.answered_at >= " + next(f.from) +
                  " AND r.answered_at < " + next(f.to);
  if (f.organisation_id) w += " AND r.organisation_id = " + next(f.organisation_id);
  if (f.agent_id) w += " AND r.agent_id = " + next(f.agent_id);
  if (f.team_id) w += " AND r.team_id = " + next(f.team_id);
  if (!f.ticket_type.empty()) w += " AND r.ticket_type = " + next(f.ticket_type);
  if (!f.channel.empty()) w += " AND r.channel = " + next(f.channel);
  if (!f.sentiment.empty()) w += " AND r.sentiment = " + next(f.sentiment);
  if (f.transactional) w += " AND r.transactional = " + next(*f.transactional);
  return w;
}

// Reads the follow-up answers of `responses` into them.
Status FillQuestionAnswers(sql::Connection& c, std::vector<SurveyResponse>& responses) {
  if (responses.empty()) return OkStatus();
  std::vector<Param> params;
  std::string in;
  std::map<int64_t, SurveyResponse*> by_id;
  for (auto& x : responses) {
    params.push_back(x.id);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    by_id[x.id] = &x;
  }
  FAROL_ASSIGN_OR_RETURN(Rows r, c.Query("SELECT response_id, question, choice, text FROM survey_question_answers "
                                         "WHERE response_id IN (" + in + ") ORDER BY response_id, question",
                                         params));
  for (size_t i = 0; i < r.size(); ++i) {
    domain::QuestionAnswer a;
    a.question = static_cast<int>(r.Int(i, 1));
    if (auto choice = r.OptInt(i, 2)) a.choice = static_cast<int>(*choice);
    a.text = r.Text(i, 3);
    by_id.at(r.Int(i, 0))->answers.push_back(std::move(a));
  }
  return OkStatus();
}

}  // namespace

StatusOr<int64_t> Surveys::Insert(const Survey& s) {
  return c_.QueryInt(
      "INSERT INTO surveys (name, kind, points, high_is_easy, question_en, question_pt, comment_en, comment_pt, "
      "send_on, ticket_types, channels, link_days, active, created_at, questions) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
      {s.name, domain::ToString(s.scale.kind), s.scale.points, s.scale.high_is_easy, s.question_en, s.question_pt,
       s.comment_en, s.comment_pt, s.send_on, Join(s.ticket_types, ","), Join(s.channels, ","), s.link_days, s.active,
       s.created_at, EncodeQuestions(s.questions, s.next_question_id)});
}

StatusOr<std::optional<Survey>> Surveys::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kSurveyCols) + " FROM surveys WHERE id = $1", {id}));
  if (r.empty()) return std::optional<Survey>();
  return std::optional<Survey>(SurveyFrom(r, 0));
}

StatusOr<std::vector<Survey>> Surveys::List() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kSurveyCols) + " FROM surveys ORDER BY id", {}));
  std::vector<Survey> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(SurveyFrom(r, i));
  return out;
}

Status Surveys::Update(const Survey& s, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(
      c_.Query("UPDATE surveys SET name = $1, kind = $2, points = $3, high_is_easy = $4, question_en = $5, "
               "question_pt = $6, comment_en = $7, comment_pt = $8, send_on = $9, ticket_types = $10, channels = $11, "
               "link_days = $12, active = $13, questions = $14, version = version + 1 WHERE id = $15 AND version = $16",
               {s.name, domain::ToString(s.scale.kind), s.scale.points, s.scale.high_is_easy, s.question_en,
                s.question_pt, s.comment_en, s.comment_pt, s.send_on, Join(s.ticket_types, ","), Join(s.channels, ","),
                s.link_days, s.active, EncodeQuestions(s.questions, s.next_question_id), s.id, expected_version})
          .status());
  return CheckVersioned(c_, "surveys", s.id, "survey");
}

StatusOr<std::vector<Survey>> Surveys::ActiveSentOn(std::string_view send_on) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kSurveyCols) +
                                              " FROM surveys WHERE active = 1 AND send_on = $1 ORDER BY id",
                                          {send_on}));
  std::vector<Survey> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(SurveyFrom(r, i));
  return out;
}

StatusOr<std::optional<Timestamp>> Surveys::LastInvitedAt(int64_t contact_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT created_at FROM survey_invitations WHERE contact_id = $1 "
                                          "ORDER BY created_at DESC LIMIT 1",
                                          {contact_id}));
  if (r.empty()) return std::optional<Timestamp>();
  return std::optional<Timestamp>(r.Time(0, 0));
}

StatusOr<bool> Surveys::HasOpenEscalation(int64_t contact_id) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT 1 FROM tickets t WHERE t.requester_id = $1 AND t.status NOT IN ('resolved', 'closed', "
                       "'cancelled') AND EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = t.id) LIMIT 1",
                       {contact_id}));
  return !r.empty();
}

StatusOr<std::optional<int64_t>> Surveys::InsertInvitation(const SurveyInvitation& v) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("INSERT INTO survey_invitations (survey_id, contact_id, organisation_id, ticket_id, agent_id, "
                       "team_id, token_digest, locale, created_at, expires_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id",
                       {v.survey_id, v.contact_id, sql::OptId(v.organisation_id), sql::OptId(v.ticket_id),
                        sql::OptId(v.agent_id), sql::OptId(v.team_id), v.token_digest, v.locale, v.created_at,
                        v.expires_at}));
  if (r.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(r.Int(0, 0));
}

StatusOr<std::optional<SurveyInvitation>> Surveys::FindInvitation(std::string_view token_digest) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT " + std::string(kInvitationCols) +
                                              " FROM survey_invitations WHERE token_digest = $1",
                                          {token_digest}));
  if (r.empty()) return std::optional<SurveyInvitation>();
  return std::optional<SurveyInvitation>(InvitationFrom(r, 0));
}

StatusOr<bool> Surveys::MarkAnswered(int64_t invitation_id, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE survey_invitations SET answered_at = $1 "
                                          "WHERE id = $2 AND answered_at IS NULL RETURNING id",
                                          {now, invitation_id}));
  return !r.empty();
}

Status Surveys::CountSkip(int64_t survey_id, std::string_view reason) {
  return c_
      .Query("INSERT INTO survey_skips (survey_id, reason, skipped) VALUES ($1, $2, 1) "
             "ON CONFLICT (survey_id, reason) DO UPDATE SET skipped = survey_skips.skipped + 1",
             {survey_id, reason})
      .status();
}

StatusOr<std::vector<std::pair<std::string, int64_t>>> Surveys::Skips(int64_t survey_id) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT reason, skipped FROM survey_skips WHERE survey_id = $1 ORDER BY reason", {survey_id}));
  std::vector<std::pair<std::string, int64_t>> out;
  for (size_t i = 0; i < r.size(); ++i) out.emplace_back(r.Text(i, 0), r.Int(i, 1));
  return out;
}

StatusOr<int64_t> Surveys::CountInvitations(int64_t survey_id, Timestamp from, Timestamp to) {
  return c_.QueryInt(
      "SELECT COUNT(*) FROM survey_invitations WHERE survey_id = $1 AND created_at >= $2 AND created_at < $3",
      {survey_id, from, to});
}

StatusOr<int64_t> Surveys::InsertResponse(const SurveyResponse& x) {
  FAROL_ASSIGN_OR_RETURN(
      int64_t id,
      c_.QueryInt(
          "INSERT INTO survey_responses (invitation_id, survey_id, contact_id, organisation_id, ticket_id, agent_id, "
          "team_id, ticket_type, channel, transactional, score, sentiment, comment, answered_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
          {x.invitation_id, x.survey_id, x.contact_id, sql::OptId(x.organisation_id), sql::OptId(x.ticket_id),
           sql::OptId(x.agent_id), sql::OptId(x.team_id), x.ticket_type, x.channel, x.transactional, x.score,
           x.sentiment, x.comment, x.answered_at}));
  // The day's count, in the same transaction: the report's whole days read it.
  FAROL_RETURN_IF_ERROR(c_.Query("INSERT INTO survey_daily (survey_id, day, transactional, score, answers) "
                                 "VALUES ($1, $2, $3, $4, 1) ON CONFLICT (survey_id, day, transactional, score) "
                                 "DO UPDATE SET answers = survey_daily.answers + 1",
                                 {x.survey_id, static_cast<long long>(DayOf(x.answered_at)), x.transactional, x.score})
                            .status());
  return id;
}

StatusOr<std::optional<SurveyResponse>> Surveys::ResponseFor(int64_t invitation_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kResponseSelect) + " WHERE r.invitation_id = $1", {invitation_id}));
  if (r.empty()) return std::optional<SurveyResponse>();
  std::vector<SurveyResponse> one{ResponseFrom(r, 0)};
  FAROL_RETURN_IF_ERROR(FillQuestionAnswers(c_, one));
  return std::optional<SurveyResponse>(std::move(one.front()));
}

StatusOr<bool> Surveys::InsertQuestionAnswers(const SurveyResponse& x) {
  if (x.answers.empty()) return true;
  FAROL_ASSIGN_OR_RETURN(Rows had, c_.Query("SELECT 1 FROM survey_question_answers WHERE response_id = $1 LIMIT 1", {x.id}));
  if (!had.empty()) return false;
  for (const auto& a : x.answers) {
    FAROL_RETURN_IF_ERROR(c_.Query("INSERT INTO survey_question_answers (response_id, survey_id, question, choice, text) "
                                   "VALUES ($1, $2, $3, $4, $5)",
                                   {x.id, x.survey_id, a.question,
                                    a.choice ? Param(*a.choice) : Param(nullptr), a.text})
                              .status());
  }
  return true;
}

StatusOr<std::vector<Surveys::QuestionCount>> Surveys::QuestionCounts(const SurveyFilter& f) {
  std::vector<Param> params;
  const std::string where = Where(f, params);
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT a.question, COALESCE(a.choice, -1), COUNT(*) FROM survey_question_answers a "
                       "JOIN survey_responses r ON r.id = a.response_id" +
                           where + " AND a.survey_id = r.survey_id GROUP BY a.question, a.choice "
                                   "ORDER BY a.question, COALESCE(a.choice, -1)",
                       params));
  std::vector<QuestionCount> out;
  for (size_t i = 0; i < r.size(); ++i) {
    const int q = static_cast<int>(r.Int(i, 0));
    if (out.empty() || out.back().question != q) out.push_back(QuestionCount{q, 0, {}});
    const int64_t n = r.Int(i, 2);
    out.back().answered += n;
    if (const int64_t choice = r.Int(i, 1); choice >= 0) out.back().choices.emplace_back(static_cast<int>(choice), n);
  }
  return out;
}

StatusOr<bool> Surveys::AddComment(int64_t response_id, std::string_view comment) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE survey_responses SET comment = $1 WHERE id = $2 AND comment = '' "
                                          "RETURNING id",
                                          {comment, response_id}));
  return !r.empty();
}

StatusOr<std::vector<std::pair<int, int64_t>>> Surveys::Distribution(const SurveyFilter& f) {
  std::vector<Param> params;
  const std::string where = Where(f, params);
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT r.score, COUNT(*) FROM survey_responses r" + where + " GROUP BY r.score ORDER BY r.score",
                       params));
  std::vector<std::pair<int, int64_t>> out;
  for (size_t i = 0; i < r.size(); ++i) out.emplace_back(static_cast<int>(r.Int(i, 0)), r.Int(i, 1));
  return out;
}

StatusOr<std::vector<Surveys::Cell>> Surveys::Cells(const SurveyFilter& f_in, const std::vector<Timestamp>& bounds) {
  if (bounds.size() < 2) return std::vector<Cell>();
  SurveyFilter f = f_in;
  f.from = std::max(f.from, bounds.front());
  f.to = std::min(f.to, bounds.back());
  if (f.to <= f.from) return std::vector<Cell>();
  // Each period's whole UTC days come from the daily counts, its edges (and any period cut by
  // more than the kind of answer) from the answers.
  const bool by_day = !f.organisation_id && !f.agent_id && !f.team_id && f.ticket_type.empty() && f.channel.empty() &&
                      f.sentiment.empty();
  struct Range {
    int64_t lo, hi;  // [lo, hi): seconds for answers, days for the daily counts
    int period;
  };
  std::vector<Range> days, edges;
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    const int64_t lo = std::max(ToUnixSeconds(bounds[i]), ToUnixSeconds(f.from));
    const int64_t hi = std::min(ToUnixSeconds(bounds[i + 1]), ToUnixSeconds(f.to));
    if (lo >= hi) continue;
    const int64_t dlo = FloorDiv(lo + kDay - 1, kDay), dhi = FloorDiv(hi, kDay);  // whole days inside
    const int period = static_cast<int>(i);
    if (!by_day || dlo >= dhi) {
      edges.push_back({lo, hi, period});
      continue;
    }
    days.push_back({dlo, dhi, period});
    if (lo < dlo * kDay) edges.push_back({lo, dlo * kDay, period});
    if (dhi * kDay < hi) edges.push_back({dhi * kDay, hi, period});
  }
  // "(day >= $a AND day < $b) OR …" and "CASE WHEN day < $b THEN period …" over the days' ranges.
  auto select = [&](const std::vector<Range>& ranges, const std::string& col, const std::string& from,
                    const std::string& count, std::vector<Param>& params, std::string where) -> StatusOr<Rows> {
    auto next = [&](int64_t v) {
      params.push_back(static_cast<long long>(v));
      return "$" + std::to_string(params.size());
    };
    std::string in, period = "CASE";
    for (const Range& r : ranges) {
      in += std::string(in.empty() ? "" : " OR ") + "(" + col + " >= " + next(r.lo) + " AND " + col + " < " + next(r.hi) + ")";
      period += " WHEN " + col + " < " + next(r.hi) + " THEN " + std::to_string(r.period);
    }
    period += " END";
    return c_.Query("SELECT " + period + ", transactional, score, " + count + " FROM " + from + where + " AND (" + in +
                        ") GROUP BY 1, 2, 3",
                    params);
  };
  std::map<std::tuple<int, bool, int>, int64_t> sum;
  auto add = [&](const Rows& r) {
    for (size_t i = 0; i < r.size(); ++i) {
      sum[{static_cast<int>(r.Int(i, 0)), r.Bool(i, 1), static_cast<int>(r.Int(i, 2))}] += r.Int(i, 3);
    }
  };
  if (!days.empty()) {
    std::vector<Param> params{f.survey_id};
    std::string where = " WHERE survey_id = $1";
    if (f.transactional) {
      params.push_back(*f.transactional);
      where += " AND transactional = $2";
    }
    FAROL_ASSIGN_OR_RETURN(Rows r, select(days, "day", "survey_daily", "SUM(answers)", params, where));
    add(r);
  }
  if (!edges.empty()) {
    // One index range per edge (an OR of ranges would have the planner read the whole period).
    std::vector<Param> params;
    std::string parts;
    for (const Range& e : edges) {
      SurveyFilter one = f;
      one.from = FromUnixSeconds(e.lo);
      one.to = FromUnixSeconds(e.hi);
      parts += std::string(parts.empty() ? "" : " UNION ALL ") + "SELECT " + std::to_string(e.period) +
               " AS period, r.transactional, r.score FROM survey_responses r" + Where(one, params);
    }
    FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT period, transactional, score, COUNT(*) FROM (" + parts +
                                                ") edges GROUP BY 1, 2, 3",
                                            params));
    add(r);
  }
  std::vector<Cell> out;
  for (const auto& [key, n] : sum) out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
  return out;
}

StatusOr<std::vector<Surveys::Given>> Surveys::Answers(const SurveyFilter& f) {
  std::vector<Param> params;
  const std::string where = Where(f, params);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT r.contact_id, r.id, r.answered_at, r.score, r.transactional FROM "
                                          "survey_responses r" + where + " ORDER BY r.answered_at, r.id",
                                          params));
  std::vector<Given> out;
  out.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    out.push_back({{r.Int(i, 0), r.Int(i, 1), r.Time(i, 2), static_cast<int>(r.Int(i, 3))}, r.Bool(i, 4)});
  }
  return out;
}

StatusOr<std::vector<SurveyResponse>> Surveys::Responses(const SurveyFilter& f, int limit, int64_t before_id) {
  std::vector<Param> params;
  std::string where = Where(f, params);
  if (before_id > 0) {
    params.push_back(before_id);
    where += " AND r.id < $" + std::to_string(params.size());
  }
  params.push_back(limit);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kResponseSelect) + where + " ORDER BY r.id DESC LIMIT $" +
                                              std::to_string(params.size()),
                                          params));
  std::vector<SurveyResponse> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ResponseFrom(r, i));
  FAROL_RETURN_IF_ERROR(FillQuestionAnswers(c_, out));
  return out;
}

// ---- the closed loop ----

namespace {

constexpr std::string_view kFollowUpSelect =
    "SELECT f.id, f.response_id, f.survey_id, f.organisation_id, f.contact_id, f.ticket_id, f.team_id, f.owner_id, "
    "f.score, f.sentiment, f.state, f.note, f.created_at, f.due_at, f.contacted_at, f.closed_at, f.closed_by, "
    "f.escalated_at, f.version, s.name, s.kind, COALESCE(o.name, ''), c.name, c.email, COALESCE(t.subject, ''), "
    "COALESCE(u.name, ''), COALESCE(tm.name, ''), r.comment "
    "FROM survey_followups f JOIN surveys s ON s.id = f.survey_id JOIN contacts c ON c.id = f.contact_id "
    "JOIN survey_responses r ON r.id = f.response_id LEFT JOIN organisations o ON o.id = f.organisation_id "
    "LEFT JOIN tickets t ON t.id = f.ticket_id LEFT JOIN users u ON u.id = f.owner_id "
    "LEFT JOIN teams tm ON tm.id = f.team_id";

SurveyFollowUp FollowUpFrom(const Rows& r, size_t i) {
  SurveyFollowUp f;
  f.id = r.Int(i, 0);
  f.response_id = r.Int(i, 1);
  f.survey_id = r.Int(i, 2);
  f.organisation_id = r.OptInt(i, 3).value_or(0);
  f.contact_id = r.Int(i, 4);
  f.ticket_id = r.OptInt(i, 5).value_or(0);
  f.team_id = r.OptInt(i, 6).value_or(0);
  f.owner_id = r.OptInt(i, 7).value_or(0);
  f.score = static_cast<int>(r.Int(i, 8));
  f.sentiment = r.Text(i, 9);
  f.state = r.Text(i, 10);
  f.note = r.Text(i, 11);
  f.created_at = r.Time(i, 12);
  f.due_at = r.OptTime(i, 13);
  f.contacted_at = r.OptTime(i, 14);
  f.closed_at = r.OptTime(i, 15);
  f.closed_by = r.OptInt(i, 16).value_or(0);
  f.escalated_at = r.OptTime(i, 17);
  f.version = r.Int(i, 18);
  f.survey_name = r.Text(i, 19);
  f.survey_kind = r.Text(i, 20);
  f.organisation_name = r.Text(i, 21);
  f.contact_name = r.Text(i, 22);
  f.contact_email = r.Text(i, 23);
  f.ticket_subject = r.Text(i, 24);
  f.owner_name = r.Text(i, 25);
  f.team_name = r.Text(i, 26);
  f.comment = r.Text(i, 27);
  return f;
}

}  // namespace

StatusOr<int64_t> Surveys::InsertFollowUp(const SurveyFollowUp& f) {
  return c_.QueryInt(
      "INSERT INTO survey_followups (response_id, survey_id, organisation_id, contact_id, ticket_id, team_id, owner_id, "
      "score, sentiment, state, note, created_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
      "RETURNING id",
      {f.response_id, f.survey_id, sql::OptId(f.organisation_id), f.contact_id, sql::OptId(f.ticket_id),
       sql::OptId(f.team_id), sql::OptId(f.owner_id), f.score, f.sentiment, f.state, f.note, f.created_at,
       sql::OptTime(f.due_at)});
}

StatusOr<std::optional<SurveyFollowUp>> Surveys::GetFollowUp(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kFollowUpSelect) + " WHERE f.id = $1", {id}));
  if (r.empty()) return std::optional<SurveyFollowUp>();
  return std::optional<SurveyFollowUp>(FollowUpFrom(r, 0));
}

StatusOr<std::vector<SurveyFollowUp>> Surveys::FollowUps(const FollowUpFilter& f) {
  std::string sql = std::string(kFollowUpSelect) + " WHERE 1 = 1";
  std::vector<Param> params;
  auto bind = [&](Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  if (f.state == "open") sql += " AND f.state IN ('open', 'contacted')";
  if (f.state == "closed") sql += " AND f.state IN ('resolved', 'no_answer')";
  if (f.owner_id) sql += " AND f.owner_id = " + bind(f.owner_id);
  if (f.unassigned) sql += " AND f.owner_id IS NULL";
  if (f.survey_id) sql += " AND f.survey_id = " + bind(f.survey_id);
  if (f.before_id) sql += " AND f.id < " + bind(f.before_id);
  sql += " ORDER BY f.id DESC LIMIT " + bind(static_cast<int64_t>(std::clamp(f.limit, 1, 500)));
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(sql, params));
  std::vector<SurveyFollowUp> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(FollowUpFrom(r, i));
  return out;
}

Status Surveys::UpdateFollowUp(const SurveyFollowUp& f, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE survey_followups SET state = $1, note = $2, contacted_at = $3, closed_at = $4, "
                                 "closed_by = $5, version = version + 1 WHERE id = $6 AND version = $7",
                                 {f.state, f.note, sql::OptTime(f.contacted_at), sql::OptTime(f.closed_at),
                                  sql::OptId(f.closed_by), f.id, expected_version})
                            .status());
  return CheckVersioned(c_, "survey_followups", f.id, "follow-up");
}

StatusOr<std::vector<SurveyFollowUp>> Surveys::OverdueFollowUps(Timestamp now, int limit) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query(std::string(kFollowUpSelect) +
                           " WHERE f.state = 'open' AND f.escalated_at IS NULL AND f.due_at IS NOT NULL AND f.due_at <= $1 "
                           "ORDER BY f.due_at LIMIT $2",
                       {now, static_cast<int64_t>(limit)}));
  std::vector<SurveyFollowUp> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(FollowUpFrom(r, i));
  return out;
}

StatusOr<bool> Surveys::ClaimEscalation(int64_t id, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE survey_followups SET escalated_at = $1, version = version + 1 "
                                          "WHERE id = $2 AND escalated_at IS NULL AND state = 'open' RETURNING id",
                                          {now, id}));
  return !r.empty();
}

StatusOr<FollowUpCounts> Surveys::CountFollowUps(int64_t survey_id, Timestamp from, Timestamp to, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r,
      c_.Query("SELECT COUNT(*), "
               "COALESCE(SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN state = 'contacted' THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN state = 'resolved' THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN state = 'no_answer' THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN contacted_at IS NOT NULL AND (due_at IS NULL OR contacted_at <= due_at) "
               "THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN state = 'open' AND due_at IS NOT NULL AND due_at <= $4 THEN 1 ELSE 0 END), 0) "
               "FROM survey_followups WHERE survey_id = $1 AND created_at >= $2 AND created_at < $3",
               {survey_id, from, to, now}));
  FollowUpCounts c;
  if (r.empty()) return c;
  c.total = r.Int(0, 0);
  c.open = r.Int(0, 1);
  c.contacted = r.Int(0, 2);
  c.resolved = r.Int(0, 3);
  c.no_answer = r.Int(0, 4);
  c.met = r.Int(0, 5);
  c.overdue = r.Int(0, 6);
  return c;
}

StatusOr<std::vector<SurveyAlertRoute>> Surveys::AlertRoutes() {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id, team_id, channel_id, on_negative, on_neutral, on_positive, "
                                          "on_overdue FROM survey_alert_routes ORDER BY id",
                                          {}));
  std::vector<SurveyAlertRoute> out;
  for (size_t i = 0; i < r.size(); ++i) {
    SurveyAlertRoute a;
    a.id = r.Int(i, 0);
    a.team_id = r.OptInt(i, 1).value_or(0);
    a.channel_id = r.Int(i, 2);
    a.on_negative = r.Bool(i, 3);
    a.on_neutral = r.Bool(i, 4);
    a.on_positive = r.Bool(i, 5);
    a.on_overdue = r.Bool(i, 6);
    out.push_back(a);
  }
  return out;
}

Status Surveys::ReplaceAlertRoutes(const std::vector<SurveyAlertRoute>& routes) {
  FAROL_RETURN_IF_ERROR(c_.Query("DELETE FROM survey_alert_routes", {}).status());
  for (const auto& a : routes) {
    FAROL_RETURN_IF_ERROR(c_.Query("INSERT INTO survey_alert_routes (team_id, channel_id, on_negative, on_neutral, "
                                   "on_positive, on_overdue) VALUES ($1, $2, $3, $4, $5, $6)",
                                   {sql::OptId(a.team_id), a.channel_id, a.on_negative, a.on_neutral, a.on_positive,
                                    a.on_overdue})
                              .status());
  }
  return OkStatus();
}

}  // namespace farol::store

// ---- relational campaigns ----

namespace farol::store {

namespace {

constexpr std::string_view kCampaignCols =
    "id, survey_id, name, organisation_ids, every_months, next_run_at, window_start, window_end, weekdays_only, "
    "active, created_at, version, segments";

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::vector<int64_t> SplitIds(const std::string& text) {
  std::vector<int64_t> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(std::stoll(text.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

SurveyCampaign CampaignFrom(const Rows& r, size_t i) {
  SurveyCampaign c;
  c.id = r.Int(i, 0);
  c.survey_id = r.Int(i, 1);
  c.name = r.Text(i, 2);
  c.organisation_ids = SplitIds(r.Text(i, 3));
  c.every_months = static_cast<int>(r.Int(i, 4));
  c.next_run_at = r.Time(i, 5);
  c.window_start = static_cast<int>(r.Int(i, 6));
  c.window_end = static_cast<int>(r.Int(i, 7));
  c.weekdays_only = r.Bool(i, 8);
  c.active = r.Bool(i, 9);
  c.created_at = r.Time(i, 10);
  c.version = r.Int(i, 11);
  if (!r.Text(i, 12).empty()) c.segments = Split(r.Text(i, 12), ',');
  return c;
}

StatusOr<std::vector<SurveyCampaign>> CampaignList(sql::Connection& c, const std::string& where,
                                                   const std::vector<Param>& params) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c.Query("SELECT " + std::string(kCampaignCols) + " FROM survey_campaigns" + where, params));
  std::vector<SurveyCampaign> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(CampaignFrom(r, i));
  return out;
}

}  // namespace

StatusOr<int64_t> Surveys::InsertCampaign(const SurveyCampaign& c) {
  return c_.QueryInt(
      "INSERT INTO survey_campaigns (survey_id, name, organisation_ids, every_months, next_run_at, window_start, "
      "window_end, weekdays_only, active, created_at, segments) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
      "RETURNING id",
      {c.survey_id, c.name, JoinIds(c.organisation_ids), c.every_months, c.next_run_at, c.window_start, c.window_end,
       c.weekdays_only, c.active, c.created_at, Join(c.segments, ",")});
}

StatusOr<std::optional<SurveyCampaign>> Surveys::GetCampaign(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(auto list, CampaignList(c_, " WHERE id = $1", {id}));
  if (list.empty()) return std::optional<SurveyCampaign>();
  return std::optional<SurveyCampaign>(std::move(list.front()));
}

StatusOr<std::vector<SurveyCampaign>> Surveys::Campaigns(int64_t survey_id) {
  if (survey_id) return CampaignList(c_, " WHERE survey_id = $1 ORDER BY id", {survey_id});
  return CampaignList(c_, " ORDER BY id", {});
}

Status Surveys::UpdateCampaign(const SurveyCampaign& c, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(c_.Query("UPDATE survey_campaigns SET name = $1, organisation_ids = $2, every_months = $3, "
                                 "next_run_at = $4, window_start = $5, window_end = $6, weekdays_only = $7, active = $8, "
                                 "segments = $9, version = version + 1 WHERE id = $10 AND version = $11",
                                 {c.name, JoinIds(c.organisation_ids), c.every_months, c.next_run_at, c.window_start,
                                  c.window_end, c.weekdays_only, c.active, Join(c.segments, ","), c.id, expected_version})
                            .status());
  return CheckVersioned(c_, "survey_campaigns", c.id, "campaign");
}

StatusOr<std::vector<SurveyCampaign>> Surveys::DueCampaigns(Timestamp now, int limit) {
  return CampaignList(c_, " WHERE active = 1 AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2",
                      {now, static_cast<int64_t>(limit)});
}

StatusOr<std::optional<int64_t>> Surveys::StartRound(const SurveyCampaign& c, Timestamp next, Timestamp now) {
  // The claim: only the process that moves next_run_at starts the round.
  FAROL_ASSIGN_OR_RETURN(Rows claimed, c_.Query("UPDATE survey_campaigns SET next_run_at = $1 WHERE id = $2 AND "
                                                "next_run_at = $3 AND active = 1 RETURNING id",
                                                {next, c.id, c.next_run_at}));
  if (claimed.empty()) return std::optional<int64_t>();
  std::string orgs = " AND o.active = 1";
  if (!c.organisation_ids.empty()) orgs += " AND o.id IN (" + JoinIds(c.organisation_ids) + ")";
  std::vector<Param> params{c.id, now};
  if (!c.segments.empty()) {
    std::string in;
    for (const std::string& segment : c.segments) {
      params.push_back(segment);
      in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    orgs += " AND o.segment IN (" + in + ")";
  }
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("INSERT INTO survey_campaign_sends (campaign_id, round_at, contact_id) "
                                          "SELECT $1, $2, k.id FROM contacts k JOIN organisations o ON o.id = "
                                          "k.organisation_id WHERE k.active = 1 AND k.email <> ''" + orgs +
                                              " RETURNING contact_id",
                                          params));
  return std::optional<int64_t>(static_cast<int64_t>(r.size()));
}

StatusOr<std::vector<CampaignSend>> Surveys::PendingSends(Timestamp since, const CampaignSend* after, int limit) {
  std::vector<Param> params{since};
  std::string page;
  if (after) {
    // Keyset: (round_at, campaign_id, contact_id) after the previous page's last.
    params.insert(params.end(), {after->round_at, after->campaign_id, after->contact_id});
    page = " AND (s.round_at > $2 OR (s.round_at = $2 AND (s.campaign_id > $3 OR (s.campaign_id = $3 AND "
           "s.contact_id > $4))))";
  }
  params.push_back(static_cast<int64_t>(limit));
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT s.campaign_id, s.round_at, s.contact_id, CASE WHEN k.time_zone <> '' THEN k.time_zone "
                       "ELSE o.time_zone END FROM survey_campaign_sends s JOIN contacts k ON k.id = s.contact_id "
                       "JOIN organisations o ON o.id = k.organisation_id WHERE s.state = 'pending' AND s.round_at >= $1" +
                           page + " ORDER BY s.round_at, s.campaign_id, s.contact_id LIMIT $" +
                           std::to_string(params.size()),
                       params));
  std::vector<CampaignSend> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back({r.Int(i, 0), r.Time(i, 1), r.Int(i, 2), r.Text(i, 3)});
  return out;
}

StatusOr<bool> Surveys::FinishSend(const CampaignSend& s, std::string_view state, std::string_view reason, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE survey_campaign_sends SET state = $1, reason = $2, done_at = $3 "
                                          "WHERE campaign_id = $4 AND round_at = $5 AND contact_id = $6 AND "
                                          "state = 'pending' RETURNING contact_id",
                                          {state, reason, now, s.campaign_id, s.round_at, s.contact_id}));
  return !r.empty();
}

Status Surveys::SkipSend(const CampaignSend& s, std::string_view reason) {
  return c_.Query("UPDATE survey_campaign_sends SET state = 'skipped', reason = $1 WHERE campaign_id = $2 AND "
                  "round_at = $3 AND contact_id = $4",
                  {reason, s.campaign_id, s.round_at, s.contact_id})
      .status();
}

StatusOr<int64_t> Surveys::ExpireSends(Timestamp before, std::string_view reason, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE survey_campaign_sends SET state = 'skipped', reason = $1, done_at = $2 "
                                          "WHERE state = 'pending' AND round_at < $3 RETURNING contact_id",
                                          {reason, now, before}));
  return static_cast<int64_t>(r.size());
}

StatusOr<CampaignRound> Surveys::LatestRound(int64_t campaign_id) {
  CampaignRound out;
  FAROL_ASSIGN_OR_RETURN(Rows last, c_.Query("SELECT MAX(round_at) FROM survey_campaign_sends WHERE campaign_id = $1",
                                             {campaign_id}));
  if (last.empty() || last.IsNull(0, 0)) return out;
  out.started_at = last.Time(0, 0);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT state, reason, COUNT(*) FROM survey_campaign_sends WHERE "
                                          "campaign_id = $1 AND round_at = $2 GROUP BY state, reason ORDER BY state, reason",
                                          {campaign_id, *out.started_at}));
  for (size_t i = 0; i < r.size(); ++i) {
    const std::string& state = r.Text(i, 0);
    if (state == "pending") out.pending += r.Int(i, 2);
    else if (state == "sent") out.sent += r.Int(i, 2);
    else out.skipped.emplace_back(r.Text(i, 1), r.Int(i, 2));
  }
  return out;
}

}  // namespace farol::store
