// Surveys (docs/SURVEYS.md): designing them, the respondent's link (no sign-in: the token is the
// credential), and the results computed from the answers per score.
#include <algorithm>
#include <cstdio>

#include "domain/calendar.h"
#include "domain/contract.h"
#include "http/api.h"
#include "http/json.h"
#include "http/patch.h"
#include "http/query.h"
#include "http/router.h"

namespace farol::http {

namespace {

bj::value Number(const std::optional<double>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

bj::array Strings(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

bj::object EncodeQuestion(const domain::SurveyQuestion& q) {
  return {{"id", q.id},
          {"kind", domain::ToString(q.kind)},
          {"text_en", q.text_en},
          {"text_pt", q.text_pt},
          {"options_en", Strings(q.options_en)},
          {"options_pt", Strings(q.options_pt)},
          {"ask", domain::AskName(q.ask)}};
}

bj::array EncodeQuestions(const std::vector<domain::SurveyQuestion>& questions) {
  bj::array out;
  for (const auto& q : questions) out.push_back(EncodeQuestion(q));
  return out;
}

bj::array EncodeAnswers(const std::vector<domain::QuestionAnswer>& answers) {
  bj::array out;
  for (const auto& a : answers) {
    out.push_back(bj::object{{"question", a.question},
                             {"choice", a.choice ? bj::value(*a.choice) : bj::value(nullptr)},
                             {"text", a.text}});
  }
  return out;
}

// Calls `one` with a Reader on each object of the array `key` (absent: never), its field errors
// reported under "key[i].field"; false when `key` is there but not an array.
template <typename F>
bool ForEachObject(Reader& in, std::string_view key, F&& one) {
  const bj::value* items = in.Raw(key);
  if (!items) return true;
  if (!items->is_array()) return false;
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    const bj::value& v = items->as_array()[i];
    const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
    if (!v.is_object()) {
      in.Error(at, "must be an object");
      continue;
    }
    Reader item(v.as_object());
    one(item);
    if (Status s = item.Finish(); !s.ok()) {
      for (const auto& e : s.field_errors()) in.Error(at + "." + e.field, e.message);
    }
  }
  return true;
}

bj::object EncodeSurvey(const store::Survey& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"kind", domain::ToString(s.scale.kind)},
          {"points", s.scale.points},
          {"min", s.scale.min()},
          {"max", s.scale.max()},
          {"high_is_easy", s.scale.high_is_easy},
          {"question_en", s.question_en},
          {"question_pt", s.question_pt},
          {"comment_en", s.comment_en},
          {"comment_pt", s.comment_pt},
          {"send_on", s.send_on},
          {"ticket_types", Strings(s.ticket_types)},
          {"channels", Strings(s.channels)},
          {"link_days", s.link_days},
          {"active", s.active},
          {"created_at", FormatIso8601(s.created_at)},
          {"version", s.version},
          {"questions", EncodeQuestions(s.questions)}};
}

bj::object EncodeSummary(const domain::SurveySummary& x) {
  return {{"n", x.n},
          {"positive", x.positive},
          {"neutral", x.neutral},
          {"negative", x.negative},
          {"mean", Number(x.mean)},
          {"positive_percent", Number(x.positive_percent)},
          {"negative_percent", Number(x.negative_percent)},
          {"net", Number(x.net)},
          {"margin", Number(x.margin)}};
}

bj::object EncodeFigures(const app::SurveyService::Figures& f) {
  bj::array counts;
  for (int64_t n : f.counts) counts.emplace_back(n);
  bj::object o = EncodeSummary(f.summary);
  o["counts"] = std::move(counts);
  return o;
}


bj::object EncodeFollowUp(const store::SurveyFollowUp& f, Timestamp now) {
  return {{"id", f.id},
          {"survey_id", f.survey_id},
          {"survey_name", f.survey_name},
          {"kind", f.survey_kind},
          {"response_id", f.response_id},
          {"score", f.score},
          {"sentiment", f.sentiment},
          {"comment", f.comment},
          {"contact_id", f.contact_id},
          {"contact_name", f.contact_name},
          {"contact_email", f.contact_email},
          {"organisation_id", IdOrNull(f.organisation_id)},
          {"organisation_name", f.organisation_name},
          {"ticket_id", IdOrNull(f.ticket_id)},
          {"ticket_subject", f.ticket_subject},
          {"team_id", IdOrNull(f.team_id)},
          {"team_name", f.team_name},
          {"owner_id", IdOrNull(f.owner_id)},
          {"owner_name", f.owner_name},
          {"state", f.state},
          {"note", f.note},
          {"created_at", FormatIso8601(f.created_at)},
          {"due_at", TimeOrNull(f.due_at)},
          {"overdue", f.state == "open" && f.due_at && *f.due_at <= now},
          {"contacted_at", TimeOrNull(f.contacted_at)},
          {"within_sla", f.contacted_at ? bj::value(!f.due_at || *f.contacted_at <= *f.due_at) : bj::value(nullptr)},
          {"closed_at", TimeOrNull(f.closed_at)},
          {"escalated_at", TimeOrNull(f.escalated_at)},
          {"version", f.version}};
}

bj::object EncodeRoute(const store::SurveyAlertRoute& a) {
  return {{"team_id", IdOrNull(a.team_id)},
          {"channel_id", a.channel_id},
          {"on_negative", a.on_negative},
          {"on_neutral", a.on_neutral},
          {"on_positive", a.on_positive},
          {"on_overdue", a.on_overdue}};
}

// The routes, and the alert channels they may name (names and kinds only: where a channel
// points and its secret stay with the administrators).
HttpResponse RoutesResponse(RequestContext& c, const std::vector<store::SurveyAlertRoute>& routes) {
  auto channels = c.app.surveys().RouteChannels(c.actor());
  if (!channels.ok()) return ProblemResponse(channels.status());
  bj::array items;
  for (const auto& x : routes) items.push_back(EncodeRoute(x));
  bj::array names;
  for (const auto& ch : *channels) {
    names.push_back(bj::object{{"id", ch.id}, {"name", ch.name}, {"kind", domain::Name(ch.kind)}, {"active", ch.active}});
  }
  return JsonResponse(200, bj::object{{"items", std::move(items)}, {"channels", std::move(names)}});
}

bj::object EncodeFollowUpCounts(const store::FollowUpCounts& c) {
  const int64_t contacted = c.total - c.open;
  return {{"total", c.total},
          {"open", c.open},
          {"contacted", c.contacted},
          {"resolved", c.resolved},
          {"no_answer", c.no_answer},
          {"within_sla", c.met},
          // The share first contacted within their deadline, of those opened in the period.
          {"within_sla_percent", c.total ? bj::value(100.0 * static_cast<double>(c.met) / static_cast<double>(c.total))
                                         : bj::value(nullptr)},
          {"contacted_total", contacted},
          {"overdue", c.overdue}};
}

bj::object EncodeResponse(const store::SurveyResponse& r) {
  return {{"id", r.id},
          {"survey_id", r.survey_id},
          {"score", r.score},
          {"sentiment", r.sentiment},
          {"comment", r.comment},
          {"answered_at", FormatIso8601(r.answered_at)},
          {"transactional", r.transactional},
          {"contact_id", r.contact_id},
          {"contact_name", r.contact_name},
          {"organisation_id", IdOrNull(r.organisation_id)},
          {"organisation_name", r.organisation_name},
          {"ticket_id", IdOrNull(r.ticket_id)},
          {"ticket_type", r.ticket_type},
          {"channel", r.channel},
          {"agent_id", IdOrNull(r.agent_id)},
          {"agent_name", r.agent_name},
          {"team_id", IdOrNull(r.team_id)},
          {"team_name", r.team_name},
          {"answers", EncodeAnswers(r.answers)}};
}

bj::object EncodeCampaign(const app::SurveyService::CampaignView& v) {
  const store::SurveyCampaign& c = v.campaign;
  bj::array orgs;
  for (int64_t id : c.organisation_ids) orgs.emplace_back(id);
  bj::object skipped;
  int64_t skipped_total = 0;
  for (const auto& [reason, n] : v.round.skipped) {
    skipped[reason] = n;
    skipped_total += n;
  }
  return {{"id", c.id},
          {"survey_id", c.survey_id},
          {"name", c.name},
          {"organisation_ids", std::move(orgs)},
          {"segments", Strings(c.segments)},
          {"every_months", c.every_months},
          {"next_run_at", FormatIso8601(c.next_run_at)},
          {"window_start", domain::FormatClockMinute(c.window_start)},
          {"window_end", domain::FormatClockMinute(c.window_end)},
          {"weekdays_only", c.weekdays_only},
          {"active", c.active},
          {"created_at", FormatIso8601(c.created_at)},
          {"version", c.version},
          {"round", bj::object{{"started_at", TimeOrNull(v.round.started_at)},
                               {"pending", v.round.pending},
                               {"sent", v.round.sent},
                               {"skipped", skipped_total},
                               {"skipped_by_reason", std::move(skipped)}}}};
}

app::SurveyService::CampaignFields ReadCampaign(Reader& in) {
  app::SurveyService::CampaignFields f;
  f.survey_id = in.Id("survey_id");
  f.name = in.String("name");
  f.organisation_ids = in.Ids("organisation_ids");
  f.segments = in.Strings("segments");
  if (auto m = in.Int("every_months")) f.every_months = static_cast<int>(std::clamp<int64_t>(*m, -1, 1000));
  f.next_run_at = in.Time("next_run_at");
  f.window_start = in.String("window_start");
  f.window_end = in.String("window_end");
  f.weekdays_only = in.Bool("weekdays_only");
  f.active = in.Bool("active");
  return f;
}

app::SurveyService::Fields ReadFields(Reader& in) {
  app::SurveyService::Fields f;
  f.name = in.String("name");
  if (auto k = in.String("kind")) {
    f.kind = domain::ParseSurveyKind(*k);
    if (!f.kind) in.Error("kind", "must be one of nps, csat, ces, stars, likert");
  }
  if (auto p = in.Int("points")) f.points = static_cast<int>(std::clamp<int64_t>(*p, -1, 100));
  f.high_is_easy = in.Bool("high_is_easy");
  f.question_en = in.String("question_en");
  f.question_pt = in.String("question_pt");
  f.comment_en = in.String("comment_en");
  f.comment_pt = in.String("comment_pt");
  f.send_on = in.String("send_on");
  f.ticket_types = in.Strings("ticket_types");
  f.channels = in.Strings("channels");
  if (auto d = in.Int("link_days")) f.link_days = static_cast<int>(std::clamp<int64_t>(*d, -1, 1000));
  f.active = in.Bool("active");
  if (in.Has("questions")) {
    std::vector<domain::SurveyQuestion> questions;
    const bool list = ForEachObject(in, "questions", [&](Reader& one) {
      domain::SurveyQuestion q;
      if (one.Has("id") && one.Raw("id")->is_null()) {
        // null: a new question
      } else if (auto id = one.Int("id")) {
        q.id = static_cast<int>(std::clamp<int64_t>(*id, -1, 1 << 30));
      }
      if (auto k = one.String("kind")) {
        if (auto kind = domain::ParseQuestionKind(*k)) q.kind = *kind;
        else one.Error("kind", "must be text or choice");
      } else if (!one.Has("kind")) {
        one.Error("kind", "must be text or choice");
      }
      q.text_en = one.String("text_en").value_or("");
      q.text_pt = one.String("text_pt").value_or("");
      q.options_en = one.Strings("options_en").value_or(std::vector<std::string>());
      q.options_pt = one.Strings("options_pt").value_or(std::vector<std::string>());
      if (auto a = one.String("ask")) {
        bool ok = false;
        q.ask = domain::ParseAsk(*a, ok);
        if (!ok) one.Error("ask", "must be always, negative, neutral or positive");
      }
      questions.push_back(std::move(q));
    });
    if (!list) in.Error("questions", "must be a list of questions");
    f.questions = std::move(questions);
  }
  return f;
}

// from / to (dates, `to` exclusive) read at midnight in the reader's time zone; by default the
// twelve months to the end of the current one. Also the cuts every report shares.
store::SurveyFilter ReadFilter(QueryReader& q, const domain::Actor& actor, Timestamp now, int64_t survey_id) {
  store::SurveyFilter f;
  f.survey_id = survey_id;
  const std::string& zone = actor.time_zone;
  domain::CivilDate to = domain::LocalDate(now, zone);
  to.day = 1;
  if (++to.month > 12) {
    to.month = 1;
    ++to.year;
  }
  domain::CivilDate from = to;
  from.year -= 1;
  for (auto [name, out] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    if (auto s = q.One(name)) {
      auto d = domain::ParseCivilDate(*s);
      if (!d) {
        q.Error(name, "must be a date like 2026-11-01");
      } else {
        *out = *d;
      }
    }
  }
  // LocalMidnight falls back to UTC for an unknown zone: it always has a value.
  if (auto t = domain::LocalMidnight(from, zone); t.ok()) f.from = *t;
  if (auto t = domain::LocalMidnight(to, zone); t.ok()) f.to = *t;
  if (auto ids = q.Ids("organisation_id"); !ids.empty()) f.organisation_id = ids.front();
  if (auto ids = q.Ids("agent_id"); !ids.empty()) f.agent_id = ids.front();
  if (auto ids = q.Ids("team_id"); !ids.empty()) f.team_id = ids.front();
  if (auto t = q.One("ticket_type")) {
    if (!domain::ParseTicketType(*t)) q.Error("ticket_type", "unknown ticket type");
    f.ticket_type = *t;
  }
  if (auto ch = q.One("channel")) {
    if (!domain::ParseChannel(*ch)) q.Error("channel", "unknown channel");
    f.channel = *ch;
  }
  if (auto se = q.One("sentiment")) f.sentiment = *se;
  f.transactional = q.Bool("transactional");
  return f;
}

// RFC 4180: quoted when needed, quotes doubled; a leading = + - @ is prefixed with ' so that a
// spreadsheet never runs a comment as a formula.
std::string CsvCell(std::string v) {
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

void AddSurveyRoutes(Router& r) {
  r.Add("GET", "/api/v1/surveys", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.surveys().List(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& s : *list) items.push_back(EncodeSurvey(s));
    return JsonResponse(200, bj::object{{"items", std::move(items)}, {"throttle_days", c.app.surveys().throttle_days()}});
  });
  r.Add("POST", "/api/v1/surveys", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kSurveyWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto f = ReadFields(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto made = c.app.surveys().Create(c.actor(), f);
    if (!made.ok()) return ProblemResponse(made.status());
    return JsonResponse(201, EncodeSurvey(*made));
  });
  r.Add("GET", "/api/v1/surveys/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto s = c.app.surveys().Get(c.actor(), *id);
    if (!s.ok()) return ProblemResponse(s.status());
    return JsonResponse(200, EncodeSurvey(*s));
  });
  r.Add("PATCH", "/api/v1/surveys/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kSurveyWrite); !s.ok()) return ProblemResponse(s);
    return PatchWithVersion(
        c, ReadFields, [&](int64_t id, const auto& f, int64_t v) { return c.app.surveys().Update(c.actor(), id, f, v); },
        [](const auto& saved) { return EncodeSurvey(saved); });
  });
  r.Add("GET", "/api/v1/surveys/{id}/results", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    QueryReader q(c.request);
    const store::SurveyFilter f = ReadFilter(q, c.actor(), c.app.clock().SystemNow(), *id);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto res = c.app.surveys().Report(c.actor(), f);
    if (!res.ok()) return ProblemResponse(res.status());
    bj::array months;
    for (const auto& m : res->months) {
      bj::object o = EncodeSummary(m.summary);
      o["month"] = m.month;
      months.push_back(std::move(o));
    }
    bj::object skipped;
    for (const auto& [reason, n] : res->skipped) skipped[reason] = n;
    bj::array questions;
    for (const auto& q : res->questions) {
      bj::object o = EncodeQuestion(q.question);
      bj::array counts;
      for (int64_t n : q.counts) counts.emplace_back(n);
      o["answered"] = q.answered;
      o["counts"] = std::move(counts);
      questions.push_back(std::move(o));
    }
    return JsonResponse(200, bj::object{{"survey", EncodeSurvey(res->survey)},
                                        {"from", FormatIso8601(f.from)},
                                        {"to", FormatIso8601(f.to)},
                                        {"all", EncodeFigures(res->all)},
                                        {"transactional", EncodeFigures(res->transactional)},
                                        {"relational", EncodeFigures(res->relational)},
                                        {"months", std::move(months)},
                                        {"invitations", res->invitations},
                                        {"skipped", std::move(skipped)},
                                        {"followups", EncodeFollowUpCounts(res->followups)},
                                        {"questions", std::move(questions)}});
  });
  r.Add("GET", "/api/v1/surveys/{id}/responses", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    QueryReader q(c.request);
    const store::SurveyFilter f = ReadFilter(q, c.actor(), c.app.clock().SystemNow(), *id);
    const auto format = q.One("format").value_or("json");
    if (format != "json" && format != "csv") q.Error("format", "must be json or csv");
    const int limit = q.Int("limit", 1, 1000).value_or(format == "csv" ? 1000 : 100);
    int64_t before = 0;
    if (auto ids = q.Ids("before_id"); !ids.empty()) before = ids.front();
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    if (format == "json") {
      auto list = c.app.surveys().Responses(c.actor(), f, limit, before);
      if (!list.ok()) return ProblemResponse(list.status());
      bj::array items;
      for (const auto& x : *list) items.push_back(EncodeResponse(x));
      return JsonResponse(200, bj::object{{"items", std::move(items)}});
    }
    // CSV: every answer in the period, newest first, a page of 1,000 at a time; a column per
    // follow-up question (its English text; a choice as its English option).
    auto survey = c.app.surveys().Get(c.actor(), *id);
    if (!survey.ok()) return ProblemResponse(survey.status());
    std::string csv = "id,answered_at,score,sentiment,comment,contact,organisation,ticket_id,ticket_type,channel,agent,team,"
                      "transactional";
    for (const auto& q : survey->questions) csv += "," + CsvCell(q.text_en);
    csv += "\r\n";
    auto answer_of = [](const domain::SurveyQuestion& q, const store::SurveyResponse& x) -> std::string {
      for (const auto& a : x.answers) {
        if (a.question != q.id) continue;
        if (!a.choice) return a.text;
        return static_cast<size_t>(*a.choice) < q.options_en.size() ? q.options_en[*a.choice] : "";
      }
      return "";
    };
    for (;;) {
      auto page = c.app.surveys().Responses(c.actor(), f, 1000, before);
      if (!page.ok()) return ProblemResponse(page.status());
      for (const auto& x : *page) {
        csv += std::to_string(x.id) + "," + FormatIso8601(x.answered_at) + "," + std::to_string(x.score) + "," +
               x.sentiment + "," + CsvCell(x.comment) + "," + CsvCell(x.contact_name) + "," +
               CsvCell(x.organisation_name) + "," + (x.ticket_id ? std::to_string(x.ticket_id) : "") + "," +
               x.ticket_type + "," + x.channel + "," + CsvCell(x.agent_name) + "," + CsvCell(x.team_name) + "," +
               (x.transactional ? "true" : "false");
        for (const auto& q : survey->questions) csv += "," + CsvCell(answer_of(q, x));
        csv += "\r\n";
      }
      if (page->size() < 1000) break;
      before = page->back().id;
    }
    HttpResponse res;
    res.status = 200;
    res.body = std::move(csv);
    res.Set("Content-Type", "text/csv; charset=utf-8");
    res.Set("Content-Disposition", "attachment; filename=\"survey-" + std::to_string(*id) + "-responses.csv\"");
    return res;
  });

  // The respondent's link: public, the token alone says which invitation it is.
  r.Add("GET", "/api/v1/survey-links/{token}", Access::kPublic, BodyKind::kNone, [](RequestContext& c) {
    auto inv = c.app.surveys().Open(c.Param("token"));
    if (!inv.ok()) return ProblemResponse(inv.status());
    bj::object out{{"kind", domain::ToString(inv->survey.scale.kind)},
                   {"min", inv->survey.scale.min()},
                   {"max", inv->survey.scale.max()},
                   {"high_is_easy", inv->survey.scale.high_is_easy},
                   {"locale", inv->locale},
                   {"question", inv->question},
                   {"comment_prompt", inv->comment_prompt},
                   {"low_label", inv->low_label},
                   {"high_label", inv->high_label},
                   {"ticket_id", IdOrNull(inv->ticket_id)},
                   {"ticket_subject", inv->ticket_subject},
                   {"expires_at", FormatIso8601(inv->expires_at)},
                   {"questions", nullptr},
                   {"answer", nullptr}};
    // The follow-up questions in the respondent's language, each with the scores it follows.
    const bool pt = inv->locale == "pt-BR";
    const domain::SurveyScale& scale = inv->survey.scale;
    bj::array questions;
    for (const auto& q : inv->survey.questions) {
      bj::array scores;
      for (int score = scale.min(); score <= scale.max(); ++score) {
        if (domain::AskedAfter(scale, q, score)) scores.emplace_back(score);
      }
      questions.push_back(bj::object{{"index", q.id},
                                     {"kind", domain::ToString(q.kind)},
                                     {"text", pt ? q.text_pt : q.text_en},
                                     {"options", Strings(pt ? q.options_pt : q.options_en)},
                                     {"scores", std::move(scores)}});
    }
    out["questions"] = std::move(questions);
    if (inv->answer) {
      out["answer"] = bj::object{{"score", inv->answer->score},
                                 {"comment", inv->answer->comment},
                                 {"answers", EncodeAnswers(inv->answer->answers)},
                                 {"answered_at", FormatIso8601(inv->answer->answered_at)}};
    }
    return JsonResponse(200, out);
  });
  r.Add("POST", "/api/v1/survey-links/{token}/answer", Access::kPublic, BodyKind::kJson, [](RequestContext& c) {
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    auto score = in->Int("score");
    if (!score && !in->Has("score")) in->Error("score", "is required");
    auto comment = in->String("comment");
    std::vector<domain::QuestionAnswer> answers;
    const bool list = ForEachObject(*in, "answers", [&](Reader& one) {
      domain::QuestionAnswer a;
      if (auto q = one.Int("question")) a.question = static_cast<int>(std::clamp<int64_t>(*q, -1, 1 << 30));
      else if (!one.Has("question")) one.Error("question", "is required");
      if (auto choice = one.Int("choice")) a.choice = static_cast<int>(std::clamp<int64_t>(*choice, -1, 1000));
      else (void)one.Raw("choice");  // null: no choice
      a.text = one.String("text").value_or("");
      answers.push_back(std::move(a));
    });
    if (!list) in->Error("answers", "must be a list of answers");
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto r = c.app.surveys().Answer(c.Param("token"), static_cast<int>(std::clamp<int64_t>(*score, -1, 1000)),
                                    comment.value_or(""), std::move(answers));
    if (!r.ok()) return ProblemResponse(r.status());
    return JsonResponse(200, bj::object{{"score", r->score},
                                        {"sentiment", r->sentiment},
                                        {"comment", r->comment},
                                        {"answers", EncodeAnswers(r->answers)}});
  });
  // The closed loop: the follow-ups unhappy answers open, and who hears about answers.
  r.Add("GET", "/api/v1/survey-followups", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    store::FollowUpFilter f;
    const auto state = q.One("state").value_or("open");
    if (state != "open" && state != "closed" && state != "all") q.Error("state", "must be open, closed or all");
    f.state = state == "all" ? "" : state;
    const auto owner = q.One("owner").value_or("any");
    if (owner == "me") {
      f.owner_id = c.actor().id;
    } else if (owner == "none") {
      f.unassigned = true;
    } else if (owner != "any") {
      q.Error("owner", "must be me, none or any");
    }
    if (auto ids = q.Ids("survey_id"); !ids.empty()) f.survey_id = ids.front();
    if (auto ids = q.Ids("before_id"); !ids.empty()) f.before_id = ids.front();
    f.limit = q.Int("limit", 1, 500).value_or(100);
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.surveys().FollowUps(c.actor(), f);
    if (!list.ok()) return ProblemResponse(list.status());
    const Timestamp now = c.app.clock().SystemNow();
    bj::array items;
    for (const auto& x : *list) items.push_back(EncodeFollowUp(x, now));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
  r.Add("GET", "/api/v1/survey-followups/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto f = c.app.surveys().FollowUp(c.actor(), *id);
    if (!f.ok()) return ProblemResponse(f.status());
    return JsonResponse(200, EncodeFollowUp(*f, c.app.clock().SystemNow()));
  });
  r.Add("PATCH", "/api/v1/survey-followups/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kSurveyWrite); !s.ok()) return ProblemResponse(s);
    auto read = [](Reader& in) {
      app::SurveyService::Outcome o;
      o.state = in.String("state");
      o.note = in.String("note");
      return o;
    };
    return PatchWithVersion(
        c, read, [&](int64_t id, const auto& o, int64_t v) { return c.app.surveys().RecordOutcome(c.actor(), id, o, v); },
        [&](const auto& saved) { return EncodeFollowUp(saved, c.app.clock().SystemNow()); });
  });
  // Relational campaigns: a survey to the contacts of chosen organisations every few months.
  r.Add("GET", "/api/v1/survey-campaigns", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    QueryReader q(c.request);
    int64_t survey = 0;
    if (auto ids = q.Ids("survey_id"); !ids.empty()) survey = ids.front();
    if (Status s = q.Finish(); !s.ok()) return ProblemResponse(s);
    auto list = c.app.surveys().Campaigns(c.actor(), survey);
    if (!list.ok()) return ProblemResponse(list.status());
    bj::array items;
    for (const auto& x : *list) items.push_back(EncodeCampaign(x));
    return JsonResponse(200, bj::object{{"items", std::move(items)}});
  });
  r.Add("POST", "/api/v1/survey-campaigns", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kSurveyWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    const auto f = ReadCampaign(*in);
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto made = c.app.surveys().CreateCampaign(c.actor(), f);
    if (!made.ok()) return ProblemResponse(made.status());
    return JsonResponse(201, EncodeCampaign(*made));
  });
  r.Add("GET", "/api/v1/survey-campaigns/{id}", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto id = c.Id();
    if (!id.ok()) return ProblemResponse(id.status());
    auto v = c.app.surveys().Campaign(c.actor(), *id);
    if (!v.ok()) return ProblemResponse(v.status());
    return JsonResponse(200, EncodeCampaign(*v));
  });
  r.Add("PATCH", "/api/v1/survey-campaigns/{id}", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kSurveyWrite); !s.ok()) return ProblemResponse(s);
    return PatchWithVersion(
        c, ReadCampaign,
        [&](int64_t id, const auto& f, int64_t v) { return c.app.surveys().UpdateCampaign(c.actor(), id, f, v); },
        [](const auto& saved) { return EncodeCampaign(saved); });
  });
  r.Add("GET", "/api/v1/survey-alert-routes", Access::kSignedIn, BodyKind::kNone, [](RequestContext& c) {
    auto list = c.app.surveys().AlertRoutes(c.actor());
    if (!list.ok()) return ProblemResponse(list.status());
    return RoutesResponse(c, *list);
  });
  r.Add("PUT", "/api/v1/survey-alert-routes", Access::kSignedIn, BodyKind::kJson, [](RequestContext& c) {
    if (Status s = domain::Require(c.actor(), domain::Permission::kSurveyWrite); !s.ok()) return ProblemResponse(s);
    auto in = Reader::Parse(c.request.body);
    if (!in.ok()) return ProblemResponse(in.status());
    std::vector<store::SurveyAlertRoute> routes;
    if (!in->Has("items") || !ForEachObject(*in, "items", [&](Reader& one) {
          store::SurveyAlertRoute a;
          if (auto ch = one.Id("channel_id")) a.channel_id = *ch;
          else if (!one.Has("channel_id")) one.Error("channel_id", "is required");
          if (one.Has("team_id") && !one.Raw("team_id")->is_null()) a.team_id = one.Id("team_id").value_or(0);
          else (void)one.Raw("team_id");
          a.on_negative = one.Bool("on_negative").value_or(true);
          a.on_neutral = one.Bool("on_neutral").value_or(false);
          a.on_positive = one.Bool("on_positive").value_or(false);
          a.on_overdue = one.Bool("on_overdue").value_or(true);
          routes.push_back(a);
        })) {
      in->Error("items", "is required: a list of routes");
    }
    if (Status s = in->Finish(); !s.ok()) return ProblemResponse(s);
    auto saved = c.app.surveys().SetAlertRoutes(c.actor(), std::move(routes));
    if (!saved.ok()) return ProblemResponse(saved.status());
    return RoutesResponse(c, *saved);
  });
}

}  // namespace farol::http
