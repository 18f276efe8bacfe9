// The customer guardian's problem records and settings (docs/GUARDIAN.md).
#include <algorithm>
#include <map>

#include "store/codec.h"
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
    "p.updated_at, p.closed_at, p.version, COALESCE(u.name, c.name, ''), COALESCE(tm.name, '') FROM problems p "
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
                  "created_at, updated_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                  "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id",
                  {p.title, p.description, p.reported_at, sql::OptId(p.reporter_user_id),
                   sql::OptId(p.reporter_contact_id), p.error_category, p.root_cause, p.cause_category,
                   sql::OptId(p.team_id), p.impact, OptGradeParam(p.gravity), OptGradeParam(p.urgency),
                   OptGradeParam(p.tendency), OptGradeParam(p.gut_score), p.solution_immediate, p.solution_long_term,
                   p.solution_preventive, p.status, static_cast<long long>(p.organisation_ids.size()),
                   sql::OptId(p.created_by), p.created_at, p.updated_at, sql::OptTime(p.closed_at)}));
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
               "closed_at = $21, version = version + 1 WHERE id = $22 AND version = $23",
               {p.title, p.description, p.reported_at, sql::OptId(p.reporter_user_id), sql::OptId(p.reporter_contact_id),
                p.error_category, p.root_cause, p.cause_category, sql::OptId(p.team_id), p.impact,
                OptGradeParam(p.gravity), OptGradeParam(p.urgency), OptGradeParam(p.tendency), OptGradeParam(p.gut_score),
                p.solution_immediate, p.solution_long_term, p.solution_preventive, p.status,
                static_cast<long long>(p.organisation_ids.size()), p.updated_at, sql::OptTime(p.closed_at), p.id,
                expected_version})
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
  FAROL_ASSIGN_OR_RETURN(Rows r, c_.Query("SELECT gut, error_categories FROM guardian_settings WHERE id = 1", {}));
  GuardianSettings s;
  if (r.empty()) return s;
  FAROL_ASSIGN_OR_RETURN(s.gut, DecodeGutRule(r.Text(0, 0)));
  FAROL_ASSIGN_OR_RETURN(s.error_categories, DecodeStringList(r.Text(0, 1)));
  return s;
}

Status Problems::SaveSettings(const GuardianSettings& s, Timestamp now) {
  return c_
      .Query("INSERT INTO guardian_settings (id, gut, error_categories, updated_at) VALUES (1, $1, $2, $3) "
             "ON CONFLICT (id) DO UPDATE SET gut = excluded.gut, error_categories = excluded.error_categories, "
             "updated_at = excluded.updated_at",
             {EncodeGutRule(s.gut), EncodeStringList(s.error_categories), now})
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

}  // namespace farol::store
