// The customer guardian's problem records and settings (docs/GUARDIAN.md).
#include <algorithm>
#include <map>

#include "core/strings.h"
#include "store/codec.h"
#include "store/dialect.h"
#include "store/store.h"
#include "store/versioned.h"

namespace farol::store {

using sql::Param;
using sql::Rows;

namespace {

constexpr std::string_view kProblemSelect =
    "SELECT p.id, p.title, p.description, p.reported_at, p.reporter_user_id, p.reporter_contact_id, p.error_category, "
    "p.root_cause, p.cause_category, p.team_id, p.impact, p.gravity, p.urgency, p.tendency, p.gut_score, "
    "p.solution_immediate, p.solution_long_term, p.solution_preventive, p.status, p.created_by, p.created_at, "
    "p.updated_at, p.closed_at, p.version, COALESCE(u.name, c.name, ''), COALESCE(tm.name, ''), p.group_id, COALESCE(p.source_message_id, '') FROM problems p "
    "LEFT JOIN users u ON u.id = p.reporter_user_id LEFT JOIN contacts c ON c.id = p.reporter_contact_id "
    "LEFT JOIN teams tm ON tm.id = p.team_id";

std::optional<int> OptGrade(const Rows& r, size_t i, size_t col) {
  if (auto v = r.OptInt(i, col)) return static_cast<int>(*v);
  return std::nullopt;
}

Problem ProblemFrom(const Rows& r, size_t i) {
  Problem p;
  p.id = r.Int(i, 0);
  p.title = r.Text(i, 1);
  p.description = r.Text(i, 2);
  p.reported_at = r.Time(i, 3);
  p.reporter_user_id = r.OptInt(i, 4).value_or(0);
  p.reporter_contact_id = r.OptInt(i, 5).value_or(0);
  p.error_category = r.Text(i, 6);
  p.root_cause = r.Text(i, 7);
  p.cause_category = r.Text(i, 8);
  p.team_id = r.OptInt(i, 9).value_or(0);
  p.impact = r.Text(i, 10);
  p.gravity = OptGrade(r, i, 11);
  p.urgency = OptGrade(r, i, 12);
  p.tendency = OptGrade(r, i, 13);
  p.gut_score = OptGrade(r, i, 14);
  p.solution_immediate = r.Text(i, 15);
  p.solution_long_term = r.Text(i, 16);
  p.solution_preventive = r.Text(i, 17);
  p.status = r.Text(i, 18);
  p.created_by = r.OptInt(i, 19).value_or(0);
  p.created_at = r.Time(i, 20);
  p.updated_at = r.Time(i, 21);
  p.closed_at = r.OptTime(i, 22);
  p.version = r.Int(i, 23);
  p.reporter_name = r.Text(i, 24);
  p.team_name = r.Text(i, 25);
  p.group_id = r.OptInt(i, 26).value_or(0);
  p.source_message_id = r.Text(i, 27);
  return p;
}

Param OptGradeParam(const std::optional<int>& g) { return g ? Param(*g) : Param(); }

// "$a, $b, …" for `ids`, appended to `params`.
std::string InList(const std::vector<int64_t>& ids, std::vector<Param>& params) {
  std::string out;
  for (int64_t id : ids) {
    params.push_back(static_cast<long long>(id));
    out += (out.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return out;
}

// Writes `p`'s organisations, tickets and related records (both ways), replacing what was there.
Status WriteLinks(sql::Connection& c, const Problem& p) {
  FAROL_RETURN_IF_ERROR(c.Query("DELETE FROM problem_organisations WHERE problem_id = $1", {p.id}).status());
  FAROL_RETURN_IF_ERROR(c.Query("DELETE FROM problem_tickets WHERE problem_id = $1", {p.id}).status());
  FAROL_RETURN_IF_ERROR(c.Query("DELETE FROM problem_links WHERE problem_id = $1 OR other_id = $1", {p.id}).status());
  for (int64_t org : p.organisation_ids) {
    FAROL_RETURN_IF_ERROR(c.Query("INSERT INTO problem_organisations (problem_id, organisation_id) VALUES ($1, $2) "
                                  "ON CONFLICT DO NOTHING",
                                  {p.id, org})
                              .status());
  }
  for (int64_t t : p.ticket_ids) {
    FAROL_RETURN_IF_ERROR(
        c.Query("INSERT INTO problem_tickets (problem_id, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", {p.id, t})
            .status());
  }
  for (int64_t other : p.problem_ids) {
    if (other == p.id) continue;
    for (auto [a, b] : {std::pair{p.id, other}, std::pair{other, p.id}}) {
      FAROL_RETURN_IF_ERROR(
          c.Query("INSERT INTO problem_links (problem_id, other_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", {a, b})
              .status());
    }
  }
  return OkStatus();
}

// Fills the organisations (named), ticket ids and related record ids of `list`.
Status FillLinks(sql::Connection& c, std::vector<Problem>& list) {
  if (list.empty()) return OkStatus();
  std::map<int64_t, Problem*> by_id;
  std::vector<int64_t> ids;
  for (auto& p : list) {
    by_id[p.id] = &p;
    ids.push_back(p.id);
  }
  std::vector<Param> params;
  const std::string in = InList(ids, params);
  FAROL_ASSIGN_OR_RETURN(Rows orgs, c.Query("SELECT po.problem_id, o.id, o.name, o.segment FROM problem_organisations po "
                                            "JOIN organisations o ON o.id = po.organisation_id WHERE po.problem_id IN (" +
                                                in + ") ORDER BY o.name, o.id",
                                            params));
  for (size_t i = 0; i < orgs.size(); ++i) {
    Problem& p = *by_id.at(orgs.Int(i, 0));
    p.organisation_ids.push_back(orgs.Int(i, 1));
    p.organisations.push_back(
        {orgs.Int(i, 1), orgs.Text(i, 2), domain::ParseSegment(orgs.Text(i, 3)).value_or(domain::Segment::kSmb)});
  }
  FAROL_ASSIGN_OR_RETURN(Rows tickets, c.Query("SELECT problem_id, ticket_id FROM problem_tickets WHERE problem_id IN (" +
                                                    in + ") ORDER BY ticket_id",
                                                params));
  for (size_t i = 0; i < tickets.size(); ++i) by_id.at(tickets.Int(i, 0))->ticket_ids.push_back(tickets.Int(i, 1));
  FAROL_ASSIGN_OR_RETURN(Rows links, c.Query("SELECT problem_id, other_id FROM problem_links WHERE problem_id IN (" + in +
                                                 ") ORDER BY other_id",
                                             params));
  for (size_t i = 0; i < links.size(); ++i) by_id.at(links.Int(i, 0))->problem_ids.push_back(links.Int(i, 1));
  return OkStatus();
}

}  // namespace

StatusOr<int64_t> Problems::Insert(const Problem& p) {
  FAROL_ASSIGN_OR_RETURN(
      int64_t id,
      c_.QueryInt("INSERT INTO problems (title, description, reported_at, reporter_user_id, reporter_contact_id, "
                  "error_category, root_cause, cause_category, team_id, impact, gravity, urgency, tendency, gut_score, "
                  "solution_immediate, solution_long_term, solution_preventive, status, customers, created_by, "
                  "created_at, updated_at, closed_at, group_id, source_message_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                  "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25) RETURNING id",
                  {p.title, p.description, p.reported_at, sql::OptId(p.reporter_user_id),
                   sql::OptId(p.reporter_contact_id), p.error_category, p.root_cause, p.cause_category,
                   sql::OptId(p.team_id), p.impact, OptGradeParam(p.gravity), OptGradeParam(p.urgency),
                   OptGradeParam(p.tendency), OptGradeParam(p.gut_score), p.solution_immediate, p.solution_long_term,
                   p.solution_preventive, p.status, static_cast<long long>(p.organisation_ids.size()),
                   sql::OptId(p.created_by), p.created_at, p.updated_at, sql::OptTime(p.closed_at),
                   sql::OptId(p.group_id),
                   p.source_message_id.empty() ? Param() : Param(std::string_view(p.source_message_id))}));
  Problem written = p;
  written.id = id;
  FAROL_RETURN_IF_ERROR(WriteLinks(c_, written));
  return id;
}

StatusOr<std::optional<Problem>> Problems::Get(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kProblemSelect) + " WHERE p.id = $1", {id}));
  if (r.empty()) return std::optional<Problem>();
  std::vector<Problem> one{ProblemFrom(r, 0)};
  FAROL_RETURN_IF_ERROR(FillLinks(c_, one));
  Problem& p = one.front();
  FAROL_ASSIGN_OR_RETURN(Rows tickets, c_.Query("SELECT t.id, t.subject, t.status FROM problem_tickets pt JOIN tickets t "
                                                "ON t.id = pt.ticket_id WHERE pt.problem_id = $1 ORDER BY t.id",
                                                {id}));
  for (size_t i = 0; i < tickets.size(); ++i) p.tickets.push_back({tickets.Int(i, 0), tickets.Text(i, 1), tickets.Text(i, 2)});
  FAROL_ASSIGN_OR_RETURN(Rows others, c_.Query("SELECT o.id, o.title, o.status FROM problem_links l JOIN problems o "
                                               "ON o.id = l.other_id WHERE l.problem_id = $1 ORDER BY o.id",
                                               {id}));
  for (size_t i = 0; i < others.size(); ++i) p.problems.push_back({others.Int(i, 0), others.Text(i, 1), others.Text(i, 2)});
  return std::optional<Problem>(std::move(p));
}

StatusOr<std::vector<Problem>> Problems::List(const ProblemFilter& f) {
  std::vector<Param> params;
  auto next = [&](Param v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string where = " WHERE 1 = 1";
  if (!f.statuses.empty()) {
    std::string in;
    for (const auto& s : f.statuses) in += (in.empty() ? "" : ", ") + next(s);
    where += " AND p.status IN (" + in + ")";
  }
  if (f.team_id) where += " AND p.team_id = " + next(f.team_id);
  if (f.group_id) where += " AND p.group_id = " + next(f.group_id);
  if (f.reported_from) where += " AND p.reported_at >= " + next(*f.reported_from);
  if (f.reported_before) where += " AND p.reported_at < " + next(*f.reported_before);
  if (f.reporter_user_id) where += " AND p.reporter_user_id = " + next(f.reporter_user_id);
  if (f.score_min) where += " AND p.gut_score >= " + next(*f.score_min);
  if (f.score_max) where += " AND p.gut_score <= " + next(*f.score_max);
  if (f.segment) {
    where += " AND EXISTS (SELECT 1 FROM problem_organisations po JOIN organisations o ON o.id = po.organisation_id "
             "WHERE po.problem_id = p.id AND o.segment = " + next(domain::Name(*f.segment)) + ")";
  }
  if (!f.error_category.empty()) where += " AND p.error_category = " + next(f.error_category);
  if (!f.cause_category.empty()) where += " AND p.cause_category = " + next(f.cause_category);
  if (f.organisation_id) {
    where += " AND EXISTS (SELECT 1 FROM problem_organisations po WHERE po.problem_id = p.id AND po.organisation_id = " +
             next(f.organisation_id) + ")";
  }
  std::string order;
  if (f.rank) {
    // Graded records by score, then customers affected, then age; the ungraded after them.
    order = " ORDER BY CASE WHEN p.gut_score IS NULL THEN 1 ELSE 0 END, p.gut_score DESC, p.customers DESC, "
            "p.reported_at, p.id";
  } else {
    if (f.before_id > 0) where += " AND p.id < " + next(f.before_id);
    order = " ORDER BY p.id DESC";
  }
  const std::string limit = " LIMIT " + next(f.limit);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kProblemSelect) + where + order + limit, params));
  std::vector<Problem> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ProblemFrom(r, i));
  FAROL_RETURN_IF_ERROR(FillLinks(c_, out));
  return out;
}

Status Problems::Update(const Problem& p, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(
      c_.Query("UPDATE problems SET title = $1, description = $2, reported_at = $3, reporter_user_id = $4, "
               "reporter_contact_id = $5, error_category = $6, root_cause = $7, cause_category = $8, team_id = $9, "
               "impact = $10, gravity = $11, urgency = $12, tendency = $13, gut_score = $14, solution_immediate = $15, "
               "solution_long_term = $16, solution_preventive = $17, status = $18, customers = $19, updated_at = $20, "
               "closed_at = $21, group_id = $24, version = version + 1 WHERE id = $22 AND version = $23",
               {p.title, p.description, p.reported_at, sql::OptId(p.reporter_user_id), sql::OptId(p.reporter_contact_id),
                p.error_category, p.root_cause, p.cause_category, sql::OptId(p.team_id), p.impact,
                OptGradeParam(p.gravity), OptGradeParam(p.urgency), OptGradeParam(p.tendency), OptGradeParam(p.gut_score),
                p.solution_immediate, p.solution_long_term, p.solution_preventive, p.status,
                static_cast<long long>(p.organisation_ids.size()), p.updated_at, sql::OptTime(p.closed_at), p.id,
                expected_version, sql::OptId(p.group_id)})
          .status());
  FAROL_RETURN_IF_ERROR(CheckVersioned(c_, "problems", p.id, "problem"));
  return WriteLinks(c_, p);
}

StatusOr<std::vector<int64_t>> Problems::Missing(const std::vector<int64_t>& ids) {
  std::vector<int64_t> out;
  if (ids.empty()) return out;
  std::vector<Param> params;
  const std::string in = InList(ids, params);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id FROM problems WHERE id IN (" + in + ")", params));
  std::vector<int64_t> found;
  for (size_t i = 0; i < r.size(); ++i) found.push_back(r.Int(i, 0));
  for (int64_t id : ids) {
    if (std::find(found.begin(), found.end(), id) == found.end()) out.push_back(id);
  }
  return out;
}

StatusOr<GuardianSettings> Problems::Settings() {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT gut, error_categories, alert_channels FROM guardian_settings WHERE id = 1", {}));
  GuardianSettings s;
  if (r.empty()) return s;
  FAROL_ASSIGN_OR_RETURN(s.gut, DecodeGutRule(r.Text(0, 0)));
  FAROL_ASSIGN_OR_RETURN(s.error_categories, DecodeStringList(r.Text(0, 1)));
  FAROL_ASSIGN_OR_RETURN(s.alert_channel_ids, DecodeIdList(r.Text(0, 2)));
  return s;
}

Status Problems::SaveSettings(const GuardianSettings& s, Timestamp now) {
  return c_
      .Query("INSERT INTO guardian_settings (id, gut, error_categories, updated_at, alert_channels) "
             "VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET gut = excluded.gut, "
             "error_categories = excluded.error_categories, updated_at = excluded.updated_at, "
             "alert_channels = excluded.alert_channels",
             {EncodeGutRule(s.gut), EncodeStringList(s.error_categories), now, EncodeIdList(s.alert_channel_ids)})
      .status();
}

StatusOr<int64_t> Problems::CountGradedAbove(int scale_max) {
  return c_.QueryInt("SELECT COUNT(*) FROM problems WHERE gravity > $1 OR urgency > $1 OR tendency > $1", {scale_max});
}

Status Problems::Rescore(domain::GutCombine combine) {
  const std::string score =
      combine == domain::GutCombine::kSum ? "gravity + urgency + tendency" : "gravity * urgency * tendency";
  return c_
      .Query("UPDATE problems SET gut_score = " + score +
                 " WHERE gravity IS NOT NULL AND urgency IS NOT NULL AND tendency IS NOT NULL",
             {})
      .status();
}

// ---- recurrence ----

Status Problems::IndexText(int64_t id, std::string_view old_text, std::string_view text) {
  FAROL_RETURN_IF_ERROR(c_.Query(d_.DeleteProblemTextSql(), {id}).status());
  if (!TrimView(text).empty()) FAROL_RETURN_IF_ERROR(c_.Query(d_.InsertProblemTextSql(), {id, text}).status());
  // Each word's count of records: one statement for the words gone, one for the words new.
  const auto before = domain::RecurrenceWords(old_text, false), after = domain::RecurrenceWords(text, false);
  std::vector<Param> gone, added;
  std::string gone_in, added_values;
  for (const auto& w : before) {
    if (std::find(after.begin(), after.end(), w) != after.end()) continue;
    gone.push_back(std::string_view(w));
    gone_in += (gone_in.empty() ? "$" : ", $") + std::to_string(gone.size());
  }
  for (const auto& w : after) {
    if (std::find(before.begin(), before.end(), w) != before.end()) continue;
    added.push_back(std::string_view(w));
    added_values += (added_values.empty() ? "($" : ", ($") + std::to_string(added.size()) + ", 1)";
  }
  if (!gone.empty()) {
    FAROL_RETURN_IF_ERROR(
        c_.Query("UPDATE problem_words SET records = records - 1 WHERE word IN (" + gone_in + ")", gone).status());
  }
  if (!added.empty()) {
    FAROL_RETURN_IF_ERROR(c_.Query("INSERT INTO problem_words (word, records) VALUES " + added_values +
                                       " ON CONFLICT (word) DO UPDATE SET records = problem_words.records + 1",
                                   added)
                              .status());
  }
  return OkStatus();
}

StatusOr<std::vector<std::pair<std::string, int64_t>>> Problems::WordCounts(const std::vector<std::string>& words) {
  std::vector<std::pair<std::string, int64_t>> out;
  if (words.empty()) return out;
  std::vector<Param> params;
  std::string in;
  for (const auto& w : words) {
    params.push_back(std::string_view(w));
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT word, records FROM problem_words WHERE word IN (" + in + ")", params));
  for (const auto& w : words) {
    int64_t n = 0;
    for (size_t i = 0; i < r.size(); ++i) {
      if (r.Text(i, 0) == w) n = r.Int(i, 1);
    }
    out.emplace_back(w, n);
  }
  return out;
}

StatusOr<std::vector<Problem>> Problems::ReportRecords(Timestamp since, Timestamp before, int64_t team_id) {
  std::string where = " WHERE p.reported_at < $1 AND (p.reported_at >= $2 OR p.closed_at >= $2 OR p.group_id IS NOT NULL)";
  std::vector<Param> params{before, since};
  if (team_id) {
    params.push_back(team_id);
    where += " AND p.team_id = $3";
  }
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kProblemSelect) + where + " ORDER BY p.id", params));
  std::vector<Problem> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ProblemFrom(r, i));
  FAROL_RETURN_IF_ERROR(FillLinks(c_, out));
  return out;
}

StatusOr<std::vector<int64_t>> Problems::TextCandidates(const std::vector<std::string>& words, int limit) {
  std::vector<int64_t> out;
  if (words.empty()) return out;
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(d_.ProblemCandidatesSql(), {d_.AnyOf(words), static_cast<int64_t>(limit)}));
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

StatusOr<std::vector<Problem>> Problems::Summaries(const std::vector<int64_t>& ids) {
  std::vector<Problem> out;
  if (ids.empty()) return out;
  std::vector<Param> params;
  const std::string in = InList(ids, params);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kProblemSelect) + " WHERE p.id IN (" + in + ")", params));
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ProblemFrom(r, i));
  FAROL_RETURN_IF_ERROR(FillLinks(c_, out));
  return out;
}

StatusOr<std::vector<Problem>> Problems::GroupMembers(int64_t group_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kProblemSelect) + " WHERE p.group_id = $1 ORDER BY p.reported_at, p.id",
                                          {group_id}));
  std::vector<Problem> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ProblemFrom(r, i));
  return out;
}

StatusOr<std::optional<int64_t>> Problems::BySourceMessage(std::string_view message_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT id FROM problems WHERE source_message_id = $1", {message_id}));
  if (r.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(r.Int(0, 0));
}

Status Problems::ForceStatus(int64_t id, std::string_view status, Timestamp now) {
  return c_
      .Query("UPDATE problems SET status = $1, closed_at = NULL, updated_at = $2, version = version + 1 WHERE id = $3",
             {status, now, id})
      .status();
}

// ---- action plans ----

namespace {

constexpr std::string_view kActionSelect =
    "SELECT a.id, a.problem_id, a.kind, a.title, a.owner_user_id, a.team_id, a.due_at, a.status, a.evidence, a.done_at, "
    "a.done_by, a.overdue_alerted_at, a.created_at, a.updated_at, a.version, p.title, COALESCE(o.name, ''), "
    "COALESCE(o.email, ''), COALESCE(tm.name, ''), COALESCE(d.name, '') FROM problem_actions a "
    "JOIN problems p ON p.id = a.problem_id LEFT JOIN users o ON o.id = a.owner_user_id "
    "LEFT JOIN teams tm ON tm.id = a.team_id LEFT JOIN users d ON d.id = a.done_by";

ProblemAction ActionFrom(const Rows& r, size_t i) {
  ProblemAction a;
  a.id = r.Int(i, 0);
  a.problem_id = r.Int(i, 1);
  a.kind = r.Text(i, 2);
  a.title = r.Text(i, 3);
  a.owner_user_id = r.Int(i, 4);
  a.team_id = r.OptInt(i, 5).value_or(0);
  a.due_at = r.Time(i, 6);
  a.status = r.Text(i, 7);
  a.evidence = r.Text(i, 8);
  a.done_at = r.OptTime(i, 9);
  a.done_by = r.OptInt(i, 10).value_or(0);
  a.overdue_alerted_at = r.OptTime(i, 11);
  a.created_at = r.Time(i, 12);
  a.updated_at = r.Time(i, 13);
  a.version = r.Int(i, 14);
  a.problem_title = r.Text(i, 15);
  a.owner_name = r.Text(i, 16);
  a.owner_email = r.Text(i, 17);
  a.team_name = r.Text(i, 18);
  a.done_by_name = r.Text(i, 19);
  return a;
}

}  // namespace

StatusOr<int64_t> Problems::InsertAction(const ProblemAction& a) {
  return c_.QueryInt(
      "INSERT INTO problem_actions (problem_id, kind, title, owner_user_id, team_id, due_at, status, evidence, done_at, "
      "done_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
      {a.problem_id, a.kind, a.title, a.owner_user_id, sql::OptId(a.team_id), a.due_at, a.status, a.evidence,
       sql::OptTime(a.done_at), sql::OptId(a.done_by), a.created_at, a.updated_at});
}

StatusOr<std::optional<ProblemAction>> Problems::GetAction(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kActionSelect) + " WHERE a.id = $1", {id}));
  if (r.empty()) return std::optional<ProblemAction>();
  return std::optional<ProblemAction>(ActionFrom(r, 0));
}

Status Problems::UpdateAction(const ProblemAction& a, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(
      c_.Query("UPDATE problem_actions SET kind = $1, title = $2, owner_user_id = $3, team_id = $4, due_at = $5, "
               "status = $6, evidence = $7, done_at = $8, done_by = $9, overdue_alerted_at = $10, updated_at = $11, "
               "version = version + 1 WHERE id = $12 AND version = $13",
               {a.kind, a.title, a.owner_user_id, sql::OptId(a.team_id), a.due_at, a.status, a.evidence,
                sql::OptTime(a.done_at), sql::OptId(a.done_by), sql::OptTime(a.overdue_alerted_at), a.updated_at, a.id,
                expected_version})
          .status());
  return CheckVersioned(c_, "problem_actions", a.id, "action");
}

StatusOr<std::vector<ProblemAction>> Problems::Actions(const ActionFilter& f) {
  std::vector<Param> params;
  auto next = [&](Param v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string where = " WHERE 1 = 1";
  if (f.problem_id) where += " AND a.problem_id = " + next(f.problem_id);
  if (f.team_id) where += " AND a.team_id = " + next(f.team_id);
  if (f.owner_id) where += " AND a.owner_user_id = " + next(f.owner_id);
  if (!f.statuses.empty()) {
    std::string in;
    for (const auto& st : f.statuses) in += (in.empty() ? "" : ", ") + next(st);
    where += " AND a.status IN (" + in + ")";
  }
  if (f.due_before) where += " AND a.due_at < " + next(*f.due_before);
  if (f.due_from) where += " AND a.due_at >= " + next(*f.due_from);
  if (!f.problem_ids.empty()) where += " AND a.problem_id IN (" + InList(f.problem_ids, params) + ")";
  if (f.visible_teams) {
    std::string visible = "a.owner_user_id = " + next(f.visible_owner);
    if (!f.visible_teams->empty()) visible += " OR a.team_id IN (" + InList(*f.visible_teams, params) + ")";
    where += " AND (" + visible + ")";
  }
  const std::string limit = " LIMIT " + next(f.limit);
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kActionSelect) + where + " ORDER BY a.due_at, a.id" + limit, params));
  std::vector<ProblemAction> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ActionFrom(r, i));
  return out;
}

StatusOr<std::vector<ProblemAction>> Problems::OverdueActions(Timestamp now, int limit) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kActionSelect) +
                                              " WHERE a.status = 'open' AND a.overdue_alerted_at IS NULL AND a.due_at <= $1 "
                                              "ORDER BY a.due_at, a.id LIMIT $2",
                                          {now, static_cast<int64_t>(limit)}));
  std::vector<ProblemAction> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ActionFrom(r, i));
  return out;
}

StatusOr<bool> Problems::ClaimOverdue(int64_t id, Timestamp now) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("UPDATE problem_actions SET overdue_alerted_at = $1, version = version + 1 "
                                          "WHERE id = $2 AND overdue_alerted_at IS NULL AND status = 'open' RETURNING id",
                                          {now, id}));
  return !r.empty();
}

StatusOr<std::vector<ProblemAction>> Problems::DonePreventive(int64_t group_id, Timestamp before) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kActionSelect) +
                                              " WHERE p.group_id = $1 AND a.kind = 'preventive' AND a.status = 'done' "
                                              "AND a.done_at < $2 ORDER BY a.done_at, a.id",
                                          {group_id, before}));
  std::vector<ProblemAction> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(ActionFrom(r, i));
  return out;
}

// ---- the timeline and files ----

StatusOr<int64_t> Problems::AppendEvent(const ProblemEvent& e) {
  return c_.QueryInt("INSERT INTO problem_events (problem_id, type, at, author_user_id, body, field, from_value, to_value, "
                     "ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                     {e.problem_id, e.type, e.at, sql::OptId(e.author_user_id), e.body, e.field, e.from, e.to, e.ref});
}

StatusOr<std::vector<ProblemEvent>> Problems::Events(int64_t problem_id) {
  FAROL_ASSIGN_OR_RETURN(
      Rows r, c_.Query("SELECT e.id, e.problem_id, e.type, e.at, e.author_user_id, e.body, e.field, e.from_value, "
                       "e.to_value, e.ref, COALESCE(u.name, '') FROM problem_events e LEFT JOIN users u "
                       "ON u.id = e.author_user_id WHERE e.problem_id = $1 ORDER BY e.id",
                       {problem_id}));
  std::vector<ProblemEvent> out;
  for (size_t i = 0; i < r.size(); ++i) {
    ProblemEvent e;
    e.id = r.Int(i, 0);
    e.problem_id = r.Int(i, 1);
    e.type = r.Text(i, 2);
    e.at = r.Time(i, 3);
    e.author_user_id = r.OptInt(i, 4).value_or(0);
    e.body = r.Text(i, 5);
    e.field = r.Text(i, 6);
    e.from = r.Text(i, 7);
    e.to = r.Text(i, 8);
    e.ref = r.Int(i, 9);
    e.author_name = r.Text(i, 10);
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

constexpr std::string_view kFileSelect =
    "SELECT f.id, f.problem_id, f.sha256, f.size, f.content_type, f.filename, f.uploaded_by, f.created_at, "
    "COALESCE(u.name, '') FROM problem_files f LEFT JOIN users u ON u.id = f.uploaded_by";

ProblemFile FileFrom(const Rows& r, size_t i) {
  ProblemFile f;
  f.id = r.Int(i, 0);
  f.problem_id = r.Int(i, 1);
  f.sha256 = r.Text(i, 2);
  f.size = r.Int(i, 3);
  f.content_type = r.Text(i, 4);
  f.filename = r.Text(i, 5);
  f.uploaded_by = r.OptInt(i, 6).value_or(0);
  f.created_at = r.Time(i, 7);
  f.uploaded_by_name = r.Text(i, 8);
  return f;
}

}  // namespace

StatusOr<int64_t> Problems::InsertFile(const ProblemFile& f) {
  return c_.QueryInt("INSERT INTO problem_files (problem_id, sha256, size, content_type, filename, uploaded_by, created_at) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     {f.problem_id, f.sha256, f.size, f.content_type, f.filename, sql::OptId(f.uploaded_by), f.created_at});
}

StatusOr<std::optional<ProblemFile>> Problems::GetFile(int64_t id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kFileSelect) + " WHERE f.id = $1", {id}));
  if (r.empty()) return std::optional<ProblemFile>();
  return std::optional<ProblemFile>(FileFrom(r, 0));
}

StatusOr<std::vector<ProblemFile>> Problems::Files(int64_t problem_id) {
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query(std::string(kFileSelect) + " WHERE f.problem_id = $1 ORDER BY f.id", {problem_id}));
  std::vector<ProblemFile> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(FileFrom(r, i));
  return out;
}

}  // namespace farol::store
