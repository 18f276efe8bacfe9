#include "app/survey_service.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <unordered_map>

#include "app/fields.h"
#include "app/sla_admin.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "domain/contract.h"

namespace farol::app {

using domain::Actor;
using domain::Permission;
using domain::SurveyKind;

namespace {

// Texts a survey starts with when its designer gives none (the Likert statement has none).
struct DefaultTexts {
  SurveyKind kind;
  const char* en;
  const char* pt;
};
constexpr DefaultTexts kDefaults[] = {
    {SurveyKind::kNps, "How likely are you to recommend us to a friend or colleague?",
     "Qual a probabilidade de você nos recomendar a um amigo ou colega?"},
    {SurveyKind::kCsat, "How satisfied are you with the support you received?",
     "Qual o seu grau de satisfação com o atendimento que você recebeu?"},
    {SurveyKind::kCes, "How easy was it to get your request solved?", "Quão fácil foi resolver a sua solicitação?"},
    {SurveyKind::kStars, "How would you rate the attendant who handled your request?",
     "Como você avalia o atendente que cuidou da sua solicitação?"},
};

// What each end of the scale means: "not at all likely" .. "extremely likely".
std::pair<std::string, std::string> ScaleEndWords(const domain::SurveyScale& s, bool pt) {
  std::string low, high;
  switch (s.kind) {
    case SurveyKind::kNps:
      low = pt ? "nada provável" : "not at all likely";
      high = pt ? "extremamente provável" : "extremely likely";
      break;
    case SurveyKind::kCsat:
      low = pt ? "muito insatisfeito" : "very unsatisfied";
      high = pt ? "muito satisfeito" : "very satisfied";
      break;
    case SurveyKind::kStars:
      low = pt ? "ruim" : "poor";
      high = pt ? "excelente" : "excellent";
      break;
    case SurveyKind::kCes:
      low = pt ? "muito difícil" : "very difficult";
      high = pt ? "muito fácil" : "very easy";
      if (!s.high_is_easy) std::swap(low, high);
      break;
    case SurveyKind::kLikert:
      low = pt ? "discordo totalmente" : "strongly disagree";
      high = pt ? "concordo totalmente" : "strongly agree";
      break;
  }
  return {low, high};
}

// The same, for the e-mail: "0 = not at all likely, 10 = extremely likely".
std::string ScaleEnds(const domain::SurveyScale& s, bool pt) {
  auto [low, high] = ScaleEndWords(s, pt);
  return std::to_string(s.min()) + " = " + low + ", " + std::to_string(s.max()) + " = " + high;
}

bool Listed(const std::vector<std::string>& list, std::string_view v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

// ---- design ------------------------------------------------------------------------------

StatusOr<std::vector<store::Survey>> SurveyService::List(const Actor& actor) {
  if (!domain::Has(actor, Permission::kSurveyRead)) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  std::vector<store::Survey> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.surveys().List());
    return OkStatus();
  }));
  return out;
}

StatusOr<store::Survey> SurveyService::Get(const Actor& actor, int64_t id) {
  if (!domain::Has(actor, Permission::kSurveyRead)) FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  std::optional<store::Survey> s;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(s, tx.surveys().Get(id));
    return OkStatus();
  }));
  if (!s) return NotFoundError("survey", id);
  return *s;
}

namespace {

// The follow-up questions `in` replace `s`'s: checked, trimmed, the new ones given ids.
void ApplyQuestions(const std::vector<domain::SurveyQuestion>& in, store::Survey& s, FieldErrors& errors) {
  if (in.size() > static_cast<size_t>(domain::kMaxQuestions)) {
    errors.Add("questions", "at most 5 questions");  // domain::kMaxQuestions
    return;
  }
  std::vector<domain::SurveyQuestion> out;
  std::vector<int> kept;
  int next = s.next_question_id;
  for (size_t i = 0; i < in.size(); ++i) {
    domain::SurveyQuestion q = in[i];
    const std::string at = "questions[" + std::to_string(i) + "]";
    for (auto [text, name] : {std::pair{&q.text_en, ".text_en"}, std::pair{&q.text_pt, ".text_pt"}}) {
      *text = Trim(*text);
      if (text->empty() || !ValidText(*text, 300)) errors.Add(at + name, "write it in 1 to 300 characters");
    }
    if (q.kind == domain::QuestionKind::kChoice) {
      if (q.options_en.size() < 2 || q.options_en.size() > static_cast<size_t>(domain::kMaxOptions)) {
        errors.Add(at + ".options_en", "must have 2 to 10 options");  // domain::kMaxOptions
      }
      if (q.options_pt.size() != q.options_en.size()) {
        errors.Add(at + ".options_pt", "must have as many options as options_en");
      }
      for (auto [list, name] : {std::pair{&q.options_en, ".options_en"}, std::pair{&q.options_pt, ".options_pt"}}) {
        for (size_t j = 0; j < list->size(); ++j) {
          std::string& o = (*list)[j];
          o = Trim(o);
          if (o.empty() || !ValidText(o, 100)) {
            errors.Add(at + name + "[" + std::to_string(j) + "]", "write it in 1 to 100 characters");
          }
        }
      }
    } else if (!q.options_en.empty() || !q.options_pt.empty()) {
      errors.Add(at + ".options_en", "a text question has no options");
    }
    if (q.id != 0) {
      const bool known = std::any_of(s.questions.begin(), s.questions.end(),
                                     [&](const domain::SurveyQuestion& x) { return x.id == q.id; });
      if (!known) {
        errors.Add(at + ".id", "is not a question of this survey");
      } else if (std::find(kept.begin(), kept.end(), q.id) != kept.end()) {
        errors.Add(at + ".id", "appears twice");
      }
      kept.push_back(q.id);
    } else {
      q.id = next++;
    }
    out.push_back(std::move(q));
  }
  s.questions = std::move(out);
  s.next_question_id = next;
}

// Applies `f` to `s`, collecting what is wrong; `creating` allows the scale to be set.
void Apply(const SurveyService::Fields& f, bool creating, store::Survey& s, FieldErrors& errors) {
  if (f.name) {
    s.name = Trim(*f.name);
    if (s.name.empty() || !ValidText(s.name, 100)) errors.Add("name", "give a name of 1 to 100 characters");
  }
  if (creating) {
    if (!f.kind) {
      errors.Add("kind", "choose one of nps, csat, ces, stars, likert");
    } else {
      auto scale = domain::MakeScale(*f.kind, f.points.value_or(5), f.high_is_easy.value_or(true));
      if (!scale.ok()) {
        errors.Add("points", "a Likert item has 5 or 7 points");
      } else {
        s.scale = *scale;
      }
    }
  } else if (f.kind || f.points || f.high_is_easy) {
    const char* field = f.kind ? "kind" : f.points ? "points" : "high_is_easy";
    errors.Add(field, "the scale cannot change once the survey is made (its answers are on it); make a new survey");
  }
  SetText(f.question_en, s.question_en, "question_en", 500, true, errors);
  SetText(f.question_pt, s.question_pt, "question_pt", 500, true, errors);
  SetText(f.comment_en, s.comment_en, "comment_en", 200, false, errors);
  SetText(f.comment_pt, s.comment_pt, "comment_pt", 200, false, errors);
  if (f.send_on) {
    if (*f.send_on != "resolved" && *f.send_on != "closed" && *f.send_on != "never") {
      errors.Add("send_on", "must be one of resolved, closed, never");
    }
    s.send_on = *f.send_on;
  }
  if (f.ticket_types) {
    for (const std::string& t : *f.ticket_types) {
      if (!domain::ParseTicketType(t)) errors.Add("ticket_types", "unknown ticket type '" + t + "'");
    }
    s.ticket_types = *f.ticket_types;
  }
  if (f.channels) {
    for (const std::string& c : *f.channels) {
      if (!domain::ParseChannel(c)) errors.Add("channels", "unknown channel '" + c + "'");
    }
    s.channels = *f.channels;
  }
  if (f.link_days) {
    if (*f.link_days < 1 || *f.link_days > 90) errors.Add("link_days", "must be between 1 and 90");
    s.link_days = *f.link_days;
  }
  if (f.active) s.active = *f.active;
  if (f.questions) ApplyQuestions(*f.questions, s, errors);
}

}  // namespace

StatusOr<store::Survey> SurveyService::Create(const Actor& actor, const Fields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  store::Survey s;
  FieldErrors errors;
  Apply(f, true, s, errors);
  if (!f.name) errors.Add("name", "give a name of 1 to 100 characters");
  if (errors.empty()) {
    // The usual question of the kind when none is given (a Likert statement must be written).
    for (const auto& d : kDefaults) {
      if (d.kind != s.scale.kind) continue;
      if (!f.question_en) s.question_en = d.en;
      if (!f.question_pt) s.question_pt = d.pt;
    }
    if (s.question_en.empty()) errors.Add("question_en", "write the statement in 1 to 500 characters");
    if (s.question_pt.empty()) errors.Add("question_pt", "write the statement in 1 to 500 characters");
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const Timestamp now = clock_.SystemNow();
  s.created_at = now;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(s.id, tx.surveys().Insert(s));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "survey.create", "survey", s.id, "created \"" + s.name + "\"", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.surveys().Get(s.id));
    s = std::move(*stored);
    return OkStatus();
  }));
  return s;
}

StatusOr<store::Survey> SurveyService::Update(const Actor& actor, int64_t id, const Fields& f,
                                              int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  const Timestamp now = clock_.SystemNow();
  store::Survey out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto s, tx.surveys().Get(id));
    if (!s) return NotFoundError("survey", id);
    FieldErrors errors;
    Apply(f, false, *s, errors);
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    FAROL_RETURN_IF_ERROR(tx.surveys().Update(*s, expected_version));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "survey.update", "survey", id, "changed \"" + s->name + "\"", now));
    FAROL_ASSIGN_OR_RETURN(auto stored, tx.surveys().Get(id));
    out = std::move(*stored);
    return OkStatus();
  }));
  return out;
}

// ---- sending -----------------------------------------------------------------------------

Status SurveyService::OnTicketEvent(store::Tx& tx, const domain::Ticket& t, const domain::TicketEvent& e,
                                    Timestamp now) {
  if (e.type != domain::EventType::kStatusChanged || (e.to != "resolved" && e.to != "closed")) return OkStatus();
  if (t.requester_id == 0) return OkStatus();
  FAROL_ASSIGN_OR_RETURN(auto surveys, tx.surveys().ActiveSentOn(e.to));
  for (const store::Survey& s : surveys) {
    if (!Listed(s.ticket_types, domain::Name(t.type)) || !Listed(s.channels, domain::Name(t.channel))) continue;
    FAROL_RETURN_IF_ERROR(Invite(tx, s, t.requester_id, &t, now).status());
  }
  return OkStatus();
}

StatusOr<std::string> SurveyService::Invite(store::Tx& tx, const store::Survey& s, int64_t contact_id,
                                            const domain::Ticket* t, Timestamp now) {
  auto skip = [&](const char* reason) -> StatusOr<std::string> {
    FAROL_RETURN_IF_ERROR(tx.surveys().CountSkip(s.id, reason));
    return std::string(reason);
  };
  FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(contact_id));
  if (!contact || !contact->active || contact->email.empty()) return skip("no_address");
  if (!config_.enabled || config_.public_url.empty()) return skip("mail_off");
  // Never more than once in throttle_days across every survey, nor while an escalation is open:
  // dropped and counted, never queued for later.
  FAROL_ASSIGN_OR_RETURN(auto last, tx.surveys().LastInvitedAt(contact->id));
  if (last && *last > now - std::chrono::days(config_.throttle_days)) return skip("throttled");
  FAROL_ASSIGN_OR_RETURN(const bool escalated, tx.surveys().HasOpenEscalation(contact->id));
  if (escalated) return skip("escalated");

  const std::string token = crypto::RandomToken(32);
  store::SurveyInvitation inv;
  inv.survey_id = s.id;
  inv.contact_id = contact->id;
  inv.organisation_id = t ? t->organisation_id : contact->organisation_id;
  inv.ticket_id = t ? t->id : 0;
  inv.agent_id = t ? t->assignee_id : 0;
  inv.team_id = t ? t->team_id : 0;
  inv.token_digest = crypto::Sha256Hex(token);
  inv.locale = contact->locale == "pt-BR" ? "pt-BR" : "en";
  inv.created_at = now;
  inv.expires_at = now + std::chrono::days(s.link_days);
  FAROL_ASSIGN_OR_RETURN(auto id, tx.surveys().InsertInvitation(inv));
  if (!id) return std::string("already");  // this survey already asked about this ticket

  const bool pt = inv.locale == "pt-BR";
  const std::string link = config_.public_url + "/survey/" + token;
  std::string body = pt ? "Olá, " + contact->name + ".\n\n" : "Hello " + contact->name + ",\n\n";
  if (t) {
    body += (pt ? "O seu chamado #" : "Your ticket #") + std::to_string(t->id) + " (" + t->subject + ") " +
            (pt ? "foi resolvido. " : "was resolved. ");
  }
  body += (pt ? s.question_pt : s.question_en) + "\n\n" + ScaleEnds(s.scale, pt) + "\n" +
          (pt ? "Um clique registra a sua resposta:\n\n" : "One click records your answer:\n\n");
  for (int score = s.scale.min(); score <= s.scale.max(); ++score) {
    body += "  " + std::to_string(score) + "  " + link + "?score=" + std::to_string(score) + "\n";
  }
  body += pt ? "\nO link vale uma resposta, por " + std::to_string(s.link_days) + " dias. Obrigado!\n"
             : "\nThe link takes one answer, for " + std::to_string(s.link_days) + " days. Thank you!\n";
  store::Delivery d;
  d.recipient = contact->email;
  d.ticket_id = t ? t->id : 0;
  d.event = std::string(kSurveyMailEvent);
  if (t) {
    d.subject = pt ? "Como foi o nosso atendimento? Chamado #" + std::to_string(t->id)
                   : "How did we do? Ticket #" + std::to_string(t->id);
  } else {
    d.subject = pt ? "Uma pergunta rápida sobre o nosso atendimento" : "A quick question about our service";
  }
  d.body = std::move(body);
  d.next_attempt_at = now;
  d.created_at = now;
  FAROL_RETURN_IF_ERROR(tx.deliveries().Insert(d).status());
  return std::string();
}

// ---- answering ---------------------------------------------------------------------------

namespace {

Status LinkError(const std::optional<store::SurveyInvitation>& inv, Timestamp now) {
  if (!inv) return NotFoundError("This survey link is not valid: it may have been copied incompletely.");
  if (now >= inv->expires_at) return FailedPreconditionError("This survey link has expired.");
  return OkStatus();
}

}  // namespace

StatusOr<SurveyService::Invitation> SurveyService::Open(std::string_view token) {
  const Timestamp now = clock_.SystemNow();
  Invitation out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto inv, tx.surveys().FindInvitation(crypto::Sha256Hex(token)));
    FAROL_RETURN_IF_ERROR(LinkError(inv, now));
    FAROL_ASSIGN_OR_RETURN(auto s, tx.surveys().Get(inv->survey_id));
    if (!s) return NotFoundError("This survey link is not valid.");
    const bool pt = inv->locale == "pt-BR";
    out.survey = std::move(*s);
    out.locale = inv->locale;
    out.question = pt ? out.survey.question_pt : out.survey.question_en;
    out.comment_prompt = pt ? out.survey.comment_pt : out.survey.comment_en;
    std::tie(out.low_label, out.high_label) = ScaleEndWords(out.survey.scale, pt);
    out.ticket_id = inv->ticket_id;
    out.expires_at = inv->expires_at;
    if (inv->ticket_id) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(inv->ticket_id));
      if (t) out.ticket_subject = t->subject;
    }
    FAROL_ASSIGN_OR_RETURN(out.answer, tx.surveys().ResponseFor(inv->id));
    return OkStatus();
  }));
  return out;
}

namespace {

// The answers to `s`'s follow-up questions asked after `score`, checked: a text trimmed (and left
// out when empty), a choice one of the question's options.
StatusOr<std::vector<domain::QuestionAnswer>> CheckAnswers(const store::Survey& s, int score,
                                                           std::vector<domain::QuestionAnswer> in) {
  FieldErrors errors;
  std::vector<domain::QuestionAnswer> out;
  std::vector<int> seen;
  for (size_t i = 0; i < in.size(); ++i) {
    domain::QuestionAnswer& a = in[i];
    const std::string at = "answers[" + std::to_string(i) + "]";
    auto q = std::find_if(s.questions.begin(), s.questions.end(),
                          [&](const domain::SurveyQuestion& x) { return x.id == a.question; });
    if (q == s.questions.end()) {
      errors.Add(at + ".question", "is not a question of this survey");
      continue;
    }
    if (!domain::AskedAfter(s.scale, *q, score)) {
      errors.Add(at + ".question", "is not asked after this score");
      continue;
    }
    if (std::find(seen.begin(), seen.end(), a.question) != seen.end()) {
      errors.Add(at + ".question", "answered twice");
      continue;
    }
    seen.push_back(a.question);
    if (q->kind == domain::QuestionKind::kChoice) {
      if (!a.choice || *a.choice < 0 || static_cast<size_t>(*a.choice) >= q->options_en.size()) {
        errors.Add(at + ".choice", "is not an option of this question");
        continue;
      }
      a.text.clear();
    } else {
      a.choice.reset();
      a.text = Trim(a.text);
      if (!IsValidUtf8(a.text) || Utf8Length(a.text) > static_cast<size_t>(domain::kMaxAnswerText)) {
        errors.Add(at + ".text", "must be at most 2000 characters");
        continue;
      }
      if (a.text.empty()) continue;
    }
    out.push_back(std::move(a));
  }
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.question < b.question; });
  return out;
}

}  // namespace

StatusOr<store::SurveyResponse> SurveyService::Answer(std::string_view token, int score, std::string_view comment_in,
                                                      std::vector<domain::QuestionAnswer> answers_in) {
  const std::string comment = Trim(comment_in);
  if (!IsValidUtf8(comment) || Utf8Length(comment) > static_cast<size_t>(domain::kMaxAnswerText)) {
    return FieldInvalidError("comment", "at most 2000 characters of text");
  }
  const Timestamp now = clock_.SystemNow();
  store::SurveyResponse out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto inv, tx.surveys().FindInvitation(crypto::Sha256Hex(token)));
    FAROL_RETURN_IF_ERROR(LinkError(inv, now));
    FAROL_ASSIGN_OR_RETURN(auto s, tx.surveys().Get(inv->survey_id));
    if (!s) return NotFoundError("This survey link is not valid.");
    if (!s->scale.Contains(score)) {
      return FieldInvalidError("score", "must be a whole number from " + std::to_string(s->scale.min()) + " to " +
                                            std::to_string(s->scale.max()));
    }
    FAROL_ASSIGN_OR_RETURN(auto answers, CheckAnswers(*s, score, std::move(answers_in)));
    FAROL_ASSIGN_OR_RETURN(const bool first, tx.surveys().MarkAnswered(inv->id, now));
    if (!first) {
      // The e-mail's one-click score, then the comment and the questions on the page: added once.
      const auto already = AlreadyExistsError("This survey was already answered; thank you.");
      FAROL_ASSIGN_OR_RETURN(auto given, tx.surveys().ResponseFor(inv->id));
      if (!given || given->score != score) return already;
      const bool add_comment = !comment.empty() && given->comment.empty();
      const bool add_answers = !answers.empty() && given->answers.empty();
      const bool clash = (!comment.empty() && !given->comment.empty() && comment != given->comment) ||
                         (!answers.empty() && !given->answers.empty());
      if (clash || (!add_comment && !add_answers)) return already;
      if (add_comment) {
        FAROL_ASSIGN_OR_RETURN(const bool added, tx.surveys().AddComment(given->id, comment));
        if (!added) return already;
        given->comment = comment;
      }
      if (add_answers) {
        given->answers = std::move(answers);
        FAROL_ASSIGN_OR_RETURN(const bool added, tx.surveys().InsertQuestionAnswers(*given));
        if (!added) return already;
      }
      out = std::move(*given);
      return OkStatus();
    }
    store::SurveyResponse r;
    r.invitation_id = inv->id;
    r.survey_id = s->id;
    r.contact_id = inv->contact_id;
    r.organisation_id = inv->organisation_id;
    r.ticket_id = inv->ticket_id;
    r.agent_id = inv->agent_id;
    r.team_id = inv->team_id;
    r.transactional = inv->ticket_id != 0;
    if (inv->ticket_id) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(inv->ticket_id));
      if (t) {
        r.ticket_type = std::string(domain::Name(t->type));
        r.channel = std::string(domain::Name(t->channel));
      }
    }
    r.score = score;
    r.sentiment = std::string(domain::SentimentName(s->scale.kind, domain::Classify(s->scale, score)));
    r.comment = comment;
    r.answered_at = now;
    r.answers = std::move(answers);
    FAROL_ASSIGN_OR_RETURN(r.id, tx.surveys().InsertResponse(r));
    FAROL_RETURN_IF_ERROR(tx.surveys().InsertQuestionAnswers(r).status());
    FAROL_RETURN_IF_ERROR(AfterAnswer(tx, *s, r, now));
    out = std::move(r);
    return OkStatus();
  }));
  return out;
}

// ---- results -----------------------------------------------------------------------------

StatusOr<SurveyService::Results> SurveyService::Report(const Actor& actor, const store::SurveyFilter& filter) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  if (filter.to <= filter.from) return FieldInvalidError("to", "must be after from");
  // The months in the reader's time zone, from the one `from` falls in to the one holding the
  // last instant before `to`, at most 24: their bounds, and their names.
  std::vector<Timestamp> bounds;
  std::vector<std::string> names;
  domain::CivilDate month = domain::LocalDate(filter.from, actor.time_zone);
  month.day = 1;
  FAROL_ASSIGN_OR_RETURN(Timestamp start, domain::LocalMidnight(month, actor.time_zone));
  bounds.push_back(start);
  while (bounds.back() < filter.to && names.size() < 24) {
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02u", month.year, month.month);
    names.emplace_back(label);
    if (++month.month > 12) {
      month.month = 1;
      ++month.year;
    }
    FAROL_ASSIGN_OR_RETURN(Timestamp next, domain::LocalMidnight(month, actor.time_zone));
    bounds.push_back(next);
  }
  // Past 24 months: the rest of the period counts in the totals, under no month.
  if (bounds.back() < filter.to) bounds.push_back(filter.to);
  Results out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto s, tx.surveys().Get(filter.survey_id));
    if (!s) return NotFoundError("survey", filter.survey_id);
    out.survey = std::move(*s);
    domain::Distribution all(out.survey.scale), transactional(out.survey.scale), relational(out.survey.scale);
    std::vector<domain::Distribution> months(names.size(), domain::Distribution(out.survey.scale));
    if (filter.organisation_id) {
      // An organisation's figures count each contact once, with their latest answer in the period
      // (and in each month; transactional and relational apart), never every answer.
      FAROL_ASSIGN_OR_RETURN(auto given, tx.surveys().Answers(filter));
      std::vector<domain::ContactAnswer> every, ticket, campaign;
      for (const auto& g : given) {
        every.push_back(g.answer);
        (g.transactional ? ticket : campaign).push_back(g.answer);
      }
      FAROL_ASSIGN_OR_RETURN(all, domain::LatestPerContact(out.survey.scale, every, filter.from, filter.to));
      FAROL_ASSIGN_OR_RETURN(transactional, domain::LatestPerContact(out.survey.scale, ticket, filter.from, filter.to));
      FAROL_ASSIGN_OR_RETURN(relational, domain::LatestPerContact(out.survey.scale, campaign, filter.from, filter.to));
      for (size_t i = 0; i < months.size(); ++i) {
        FAROL_ASSIGN_OR_RETURN(months[i], domain::LatestPerContact(out.survey.scale, every, std::max(bounds[i], filter.from),
                                                                   std::min(bounds[i + 1], filter.to)));
      }
    } else {
      // One pass over the daily counts and the months' edges: per month, kind of answer and score.
      FAROL_ASSIGN_OR_RETURN(auto cells, tx.surveys().Cells(filter, bounds));
      for (const auto& c : cells) {
        FAROL_RETURN_IF_ERROR(all.Add(c.score, c.answers));
        FAROL_RETURN_IF_ERROR((c.transactional ? transactional : relational).Add(c.score, c.answers));
        if (c.period >= 0 && static_cast<size_t>(c.period) < months.size()) {
          FAROL_RETURN_IF_ERROR(months[static_cast<size_t>(c.period)].Add(c.score, c.answers));
        }
      }
    }
    auto figures = [&](const domain::Distribution& d) {
      Figures f;
      f.summary = domain::Summarise(d);
      for (int score = d.scale().min(); score <= d.scale().max(); ++score) f.counts.push_back(d.count(score));
      return f;
    };
    out.all = figures(all);
    out.transactional = figures(transactional);
    out.relational = figures(relational);
    for (size_t i = 0; i < names.size(); ++i) out.months.push_back({names[i], domain::Summarise(months[i])});
    FAROL_ASSIGN_OR_RETURN(out.invitations, tx.surveys().CountInvitations(filter.survey_id, filter.from, filter.to));
    FAROL_ASSIGN_OR_RETURN(out.skipped, tx.surveys().Skips(filter.survey_id));
    FAROL_ASSIGN_OR_RETURN(out.followups,
                           tx.surveys().CountFollowUps(filter.survey_id, filter.from, filter.to, clock_.SystemNow()));
    if (!out.survey.questions.empty()) {
      FAROL_ASSIGN_OR_RETURN(auto counts, tx.surveys().QuestionCounts(filter));
      for (const auto& q : out.survey.questions) {
        Results::Question figures{q, 0, std::vector<int64_t>(q.options_en.size(), 0)};
        for (const auto& c : counts) {
          if (c.question != q.id) continue;
          figures.answered = c.answered;
          for (const auto& [option, n] : c.choices) {
            if (option >= 0 && static_cast<size_t>(option) < figures.counts.size()) figures.counts[option] = n;
          }
        }
        out.questions.push_back(std::move(figures));
      }
    }
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<store::SurveyResponse>> SurveyService::Responses(const Actor& actor,
                                                                      const store::SurveyFilter& filter, int limit,
                                                                      int64_t before_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  std::vector<store::SurveyResponse> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.surveys().Responses(filter, std::clamp(limit, 1, 1000), before_id));
    return OkStatus();
  }));
  return out;
}

// ---- the closed loop ---------------------------------------------------------------------

namespace {

constexpr std::string_view kFollowUpStates[] = {"open", "contacted", "resolved", "no_answer"};

bool Closed(std::string_view state) { return state == "resolved" || state == "no_answer"; }

domain::SurveyNotice NoticeFor(const store::SurveyFollowUp& f, int max, const std::string& public_url) {
  domain::SurveyNotice n;
  n.survey = f.survey_name;
  n.kind = f.survey_kind;
  n.score = f.score;
  n.max = max;
  n.sentiment = f.sentiment;
  n.comment = f.comment;
  n.contact = f.contact_name + " <" + f.contact_email + ">";
  n.organisation = f.organisation_name;
  n.ticket_id = f.ticket_id;
  n.ticket_subject = f.ticket_subject;
  n.team = f.team_name;
  n.followup_id = f.id;
  n.owner = f.owner_name;
  n.due = f.due_at;
  n.at = f.created_at;
  if (!public_url.empty()) n.link = public_url + "/followups/" + std::to_string(f.id);
  return n;
}

}  // namespace

Status SurveyService::Notify(store::Tx& tx, const domain::SurveyNotice& n, int64_t team_id, domain::Sentiment sentiment,
                             const std::vector<domain::User>& people, int64_t ticket_id, Timestamp now) {
  const std::string event(n.overdue ? domain::kSurveyOverdueEvent : domain::kSurveyAnswerEvent);
  auto queue = [&](const domain::AlertChannel& ch, const std::string& recipient) -> Status {
    const domain::RenderedAlert r = domain::RenderSurveyNotice(ch, n);
    store::Delivery d;
    d.channel_id = ch.id;
    d.recipient = recipient;
    d.ticket_id = ticket_id;
    d.event = event;
    d.subject = r.subject;
    d.body = r.body;
    d.next_attempt_at = now;
    d.created_at = now;
    return tx.deliveries().Insert(d).status();
  };
  FAROL_ASSIGN_OR_RETURN(auto routes, tx.surveys().AlertRoutes());
  std::vector<int64_t> told;  // a channel named by two routes is told once
  for (const auto& route : routes) {
    if (route.team_id != 0 && route.team_id != team_id) continue;
    const bool wanted = n.overdue ? route.on_overdue
                                  : (sentiment == domain::Sentiment::kNegative   ? route.on_negative
                                     : sentiment == domain::Sentiment::kNeutral ? route.on_neutral
                                                                                : route.on_positive);
    if (!wanted || std::find(told.begin(), told.end(), route.channel_id) != told.end()) continue;
    told.push_back(route.channel_id);
    FAROL_ASSIGN_OR_RETURN(auto ch, tx.alert_channels().Get(route.channel_id));
    if (ch && ch->active) FAROL_RETURN_IF_ERROR(queue(*ch, ""));
  }
  // People by e-mail only with a mail server (otherwise each would sit in the outbox, dead).
  if (!config_.enabled) return OkStatus();
  std::vector<std::string> mailed;
  for (const auto& u : people) {
    if (!u.active || u.email.empty() || std::find(mailed.begin(), mailed.end(), u.email) != mailed.end()) continue;
    mailed.push_back(u.email);
    FAROL_RETURN_IF_ERROR(queue(domain::PersonalChannel(u.email, u.locale, u.time_zone), u.email));
  }
  return OkStatus();
}

Status SurveyService::AfterAnswer(store::Tx& tx, const store::Survey& s, const store::SurveyResponse& r, Timestamp now) {
  const domain::Sentiment sentiment = domain::Classify(s.scale, r.score);
  if (sentiment != domain::Sentiment::kNegative) {
    // No follow-up; the routes that asked for this classification hear of it.
    domain::SurveyNotice n;
    n.survey = s.name;
    n.kind = std::string(domain::ToString(s.scale.kind));
    n.score = r.score;
    n.max = s.scale.max();
    n.sentiment = r.sentiment;
    n.comment = r.comment;
    FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(r.contact_id));
    if (contact) n.contact = contact->name + " <" + contact->email + ">";
    if (r.organisation_id) {
      FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(r.organisation_id));
      if (org) n.organisation = org->name;
    }
    if (r.ticket_id) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(r.ticket_id));
      if (t) {
        n.ticket_id = t->id;
        n.ticket_subject = t->subject;
      }
    }
    if (r.team_id) {
      FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(r.team_id));
      if (team) n.team = team->name;
    }
    n.at = now;
    return Notify(tx, n, r.team_id, sentiment, {}, r.ticket_id, now);
  }

  // The organisation's CSM owns the follow-up; its deadline is on the organisation's calendar.
  store::SurveyFollowUp f;
  f.response_id = r.id;
  f.survey_id = s.id;
  f.organisation_id = r.organisation_id;
  f.contact_id = r.contact_id;
  f.ticket_id = r.ticket_id;
  f.team_id = r.team_id;
  f.score = r.score;
  f.sentiment = r.sentiment;
  f.created_at = now;
  std::vector<domain::User> people;
  if (r.organisation_id) {
    FAROL_ASSIGN_OR_RETURN(auto org, tx.organisations().Get(r.organisation_id));
    if (org && org->csm_id) {
      FAROL_ASSIGN_OR_RETURN(auto csm, tx.users().Get(org->csm_id));
      if (csm && csm->active) {
        f.owner_id = csm->id;
        people.push_back(*csm);
      }
    }
  }
  FAROL_ASSIGN_OR_RETURN(auto book, books_.Get(tx));
  FAROL_ASSIGN_OR_RETURN(SlaBook::Terms terms, book->ForNew(r.organisation_id, now));
  if (terms.business) f.due_at = terms.business->AddBusinessSeconds(now, static_cast<long long>(config_.followup_hours) * 3600);
  FAROL_ASSIGN_OR_RETURN(f.id, tx.surveys().InsertFollowUp(f));
  FAROL_ASSIGN_OR_RETURN(auto saved, tx.surveys().GetFollowUp(f.id));
  if (!saved) return InternalError("the follow-up just written is gone");
  return Notify(tx, NoticeFor(*saved, s.scale.max(), config_.public_url), r.team_id, sentiment, people, r.ticket_id, now);
}

StatusOr<std::vector<store::SurveyFollowUp>> SurveyService::FollowUps(const Actor& actor, const store::FollowUpFilter& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  std::vector<store::SurveyFollowUp> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.surveys().FollowUps(f));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::SurveyFollowUp> SurveyService::FollowUp(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  std::optional<store::SurveyFollowUp> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.surveys().GetFollowUp(id));
    return OkStatus();
  }));
  if (!out) return NotFoundError("follow-up", id);
  return *out;
}

StatusOr<store::SurveyFollowUp> SurveyService::RecordOutcome(const Actor& actor, int64_t id, const Outcome& o,
                                                             int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  FieldErrors errors;
  if (o.state && std::find(std::begin(kFollowUpStates), std::end(kFollowUpStates), *o.state) == std::end(kFollowUpStates)) {
    errors.Add("state", "must be one of contacted, resolved, no_answer");
  } else if (o.state == "open") {
    errors.Add("state", "cannot go back to open once contacted");
  }
  const std::string note = o.note ? Trim(*o.note) : "";
  if (o.note && (!IsValidUtf8(note) || Utf8Length(note) > 4000)) errors.Add("note", "at most 4000 characters of text");
  if (!o.state && !o.note) errors.Add("state", "give the outcome, a note, or both");
  FAROL_RETURN_IF_ERROR(errors.ToStatus());
  const Timestamp now = clock_.SystemNow();
  std::optional<store::SurveyFollowUp> out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto f, tx.surveys().GetFollowUp(id));
    if (!f) return NotFoundError("follow-up", id);
    if (f->version != expected_version) {
      return StaleVersionError("The follow-up was changed by someone else since you loaded it; reload and try again.");
    }
    if (Closed(f->state)) return FailedPreconditionError("This follow-up is closed; its outcome can no longer change.");
    if (o.state && *o.state != f->state) {
      if (!f->contacted_at) f->contacted_at = now;  // the first contact, whatever came of it
      f->state = *o.state;
      if (Closed(f->state)) {
        f->closed_at = now;
        f->closed_by = actor.kind == domain::ActorKind::kStaff ? actor.id : 0;
      }
    }
    if (o.note) f->note = note;
    FAROL_RETURN_IF_ERROR(tx.surveys().UpdateFollowUp(*f, expected_version));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "survey.followup", "survey_followup", id,
                                      "recorded " + f->state + " for " + f->contact_name, now));
    FAROL_ASSIGN_OR_RETURN(out, tx.surveys().GetFollowUp(id));
    return OkStatus();
  }));
  return *out;
}

StatusOr<std::vector<store::SurveyAlertRoute>> SurveyService::AlertRoutes(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  std::vector<store::SurveyAlertRoute> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.surveys().AlertRoutes());
    return OkStatus();
  }));
  return out;
}

StatusOr<std::vector<domain::AlertChannel>> SurveyService::RouteChannels(const Actor& actor) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  std::vector<domain::AlertChannel> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.alert_channels().List());
    return OkStatus();
  }));
  // Where they point and their secrets stay with the administrators.
  for (auto& ch : out) {
    ch.url.clear();
    ch.secret.clear();
    ch.chat_id.clear();
    ch.emails.clear();
  }
  return out;
}

StatusOr<std::vector<store::SurveyAlertRoute>> SurveyService::SetAlertRoutes(const Actor& actor,
                                                                             std::vector<store::SurveyAlertRoute> routes) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  if (routes.size() > 200) return FieldInvalidError("items", "at most 200 routes");
  const Timestamp now = clock_.SystemNow();
  std::vector<store::SurveyAlertRoute> out;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FieldErrors errors;
    for (size_t i = 0; i < routes.size(); ++i) {
      const auto& r = routes[i];
      const std::string at = "items[" + std::to_string(i) + "].";
      FAROL_ASSIGN_OR_RETURN(auto ch, tx.alert_channels().Get(r.channel_id));
      if (!ch) errors.Add(at + "channel_id", "is not an alert channel");
      if (r.team_id) {
        FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(r.team_id));
        if (!team) errors.Add(at + "team_id", "is not a team");
      }
      if (!r.on_negative && !r.on_neutral && !r.on_positive && !r.on_overdue) {
        errors.Add(at + "on_negative", "tick at least one kind of answer, or the overdue follow-ups");
      }
    }
    FAROL_RETURN_IF_ERROR(errors.ToStatus());
    FAROL_RETURN_IF_ERROR(tx.surveys().ReplaceAlertRoutes(routes));
    FAROL_RETURN_IF_ERROR(RecordAudit(tx, actor, "survey.alert_routes", "survey_alert_routes", 0,
                                      "set " + std::to_string(routes.size()) + " survey alert routes", now));
    FAROL_ASSIGN_OR_RETURN(out, tx.surveys().AlertRoutes());
    return OkStatus();
  }));
  return out;
}

StatusOr<int> SurveyService::EscalateOverdue(int limit) {
  const Timestamp now = clock_.SystemNow();
  std::vector<store::SurveyFollowUp> due;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(due, tx.surveys().OverdueFollowUps(now, limit));
    return OkStatus();
  }));
  int escalated = 0;
  for (const auto& f : due) {
    // One transaction each: claimed once, whatever other processes do.
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(const bool mine, tx.surveys().ClaimEscalation(f.id, now));
      if (!mine) return OkStatus();
      ++escalated;
      // Past the CSM: the directors, and the manager of the team that handled the ticket.
      store::ListOptions o;
      o.limit = 500;
      o.active = true;
      FAROL_ASSIGN_OR_RETURN(std::vector<domain::User> people, tx.users().List(o, domain::Role::kDirector));
      if (f.team_id) {
        FAROL_ASSIGN_OR_RETURN(auto team, tx.teams().Get(f.team_id));
        if (team && team->manager_id) {
          FAROL_ASSIGN_OR_RETURN(auto manager, tx.users().Get(team->manager_id));
          if (manager) people.push_back(*manager);
        }
      }
      FAROL_ASSIGN_OR_RETURN(auto s, tx.surveys().Get(f.survey_id));
      domain::SurveyNotice n = NoticeFor(f, s ? s->scale.max() : 10, config_.public_url);
      n.overdue = true;
      n.at = now;
      return Notify(tx, n, f.team_id, domain::Sentiment::kNegative, people, f.ticket_id, now);
    }));
  }
  return escalated;
}

// ---- relational campaigns ---------------------------------------------------------------

namespace {

// A round's contacts wait this long for their send window to open; after it they are skipped.
constexpr auto kRoundLasts = std::chrono::days(7);

}  // namespace

StatusOr<std::vector<SurveyService::CampaignView>> SurveyService::Campaigns(const Actor& actor, int64_t survey_id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  std::vector<CampaignView> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto list, tx.surveys().Campaigns(survey_id));
    for (auto& c : list) {
      FAROL_ASSIGN_OR_RETURN(auto round, tx.surveys().LatestRound(c.id));
      out.push_back({std::move(c), std::move(round)});
    }
    return OkStatus();
  }));
  return out;
}

StatusOr<SurveyService::CampaignView> SurveyService::Campaign(const Actor& actor, int64_t id) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyRead));
  std::optional<CampaignView> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto c, tx.surveys().GetCampaign(id));
    if (!c) return OkStatus();
    FAROL_ASSIGN_OR_RETURN(auto round, tx.surveys().LatestRound(id));
    out = CampaignView{std::move(*c), std::move(round)};
    return OkStatus();
  }));
  if (!out) return NotFoundError("campaign", id);
  return *out;
}

namespace {

// Applies `f` to `c`, collecting what is wrong (the organisations and the survey are checked in
// the transaction).
void ApplyCampaign(const SurveyService::CampaignFields& f, store::SurveyCampaign& c, FieldErrors& errors) {
  if (f.name) {
    c.name = Trim(*f.name);
    if (c.name.empty() || Utf8Length(c.name) > 100 || !IsValidUtf8(c.name)) errors.Add("name", "give a name of 1 to 100 characters");
  }
  if (f.organisation_ids) {
    c.organisation_ids = *f.organisation_ids;
    std::sort(c.organisation_ids.begin(), c.organisation_ids.end());
    c.organisation_ids.erase(std::unique(c.organisation_ids.begin(), c.organisation_ids.end()), c.organisation_ids.end());
    if (c.organisation_ids.size() > 1000) errors.Add("organisation_ids", "at most 1000 organisations");
  }
  if (f.segments) {
    c.segments = *f.segments;
    std::sort(c.segments.begin(), c.segments.end());
    c.segments.erase(std::unique(c.segments.begin(), c.segments.end()), c.segments.end());
    for (const std::string& segment : c.segments) {
      if (!domain::ParseSegment(segment)) errors.Add("segments", "must be smb, mid_market or enterprise");
    }
  }
  if (f.every_months) {
    c.every_months = *f.every_months;
    if (c.every_months < 1 || c.every_months > 24) errors.Add("every_months", "must be between 1 and 24");
  }
  if (f.next_run_at) c.next_run_at = *f.next_run_at;
  for (auto [in, out, field] : {std::tuple{&f.window_start, &c.window_start, "window_start"},
                                std::tuple{&f.window_end, &c.window_end, "window_end"}}) {
    if (!*in) continue;
    const auto minute = domain::ParseClockMinute(**in);
    if (!minute) {
      errors.Add(field, "times must be HH:MM from 00:00 to 24:00");
    } else {
      *out = *minute;
    }
  }
  if (c.window_end <= c.window_start) errors.Add("window_end", "the send window must end after it starts, within the day");
  if (f.weekdays_only) c.weekdays_only = *f.weekdays_only;
  if (f.active) c.active = *f.active;
}

}  // namespace

StatusOr<SurveyService::CampaignView> SurveyService::CreateCampaign(const Actor& actor, const CampaignFields& f) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  FieldErrors errors;
  if (!f.survey_id) errors.Add("survey_id", "is required");
  if (!f.name) errors.Add("name", "is required");
  if (!f.next_run_at) errors.Add("next_run_at", "is required: when the first round starts");
  store::SurveyCampaign c;
  ApplyCampaign(f, c, errors);
  const Timestamp now = clock_.SystemNow();
  c.created_at = now;
  FAROL_RETURN_IF_ERROR(errors.ToStatus("The campaign is not valid"));
  c.survey_id = *f.survey_id;
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto s, tx.surveys().Get(c.survey_id));
    if (!s) return FieldInvalidError("survey_id", "no such survey");
    for (int64_t org : c.organisation_ids) {
      FAROL_ASSIGN_OR_RETURN(auto o, tx.organisations().Get(org));
      if (!o) return FieldInvalidError("organisation_ids", "no organisation #" + std::to_string(org));
    }
    FAROL_ASSIGN_OR_RETURN(c.id, tx.surveys().InsertCampaign(c));
    return RecordAudit(tx, actor, "survey.campaign.create", "survey_campaign", c.id, "created \"" + c.name + "\"", now);
  }));
  return Campaign(actor, c.id);
}

StatusOr<SurveyService::CampaignView> SurveyService::UpdateCampaign(const Actor& actor, int64_t id,
                                                                    const CampaignFields& f, int64_t expected_version) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kSurveyWrite));
  if (f.survey_id) return FieldInvalidError("survey_id", "a campaign's survey cannot change; make a new campaign");
  const Timestamp now = clock_.SystemNow();
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto c, tx.surveys().GetCampaign(id));
    if (!c) return NotFoundError("campaign", id);
    FieldErrors errors;
    ApplyCampaign(f, *c, errors);
    FAROL_RETURN_IF_ERROR(errors.ToStatus("The campaign is not valid"));
    for (int64_t org : c->organisation_ids) {
      FAROL_ASSIGN_OR_RETURN(auto o, tx.organisations().Get(org));
      if (!o) return FieldInvalidError("organisation_ids", "no organisation #" + std::to_string(org));
    }
    FAROL_RETURN_IF_ERROR(tx.surveys().UpdateCampaign(*c, expected_version));
    return RecordAudit(tx, actor, "survey.campaign.update", "survey_campaign", id, "changed \"" + c->name + "\"", now);
  }));
  return Campaign(actor, id);
}

Status SurveyService::SendIfInWindow(const store::CampaignSend& p,
                                     std::unordered_map<int64_t, std::optional<store::SurveyCampaign>>& campaigns,
                                     Timestamp now, CampaignTick& out) {
  auto& c = campaigns[p.campaign_id];
  if (!c) {
    FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(c, tx.surveys().GetCampaign(p.campaign_id));
      return OkStatus();
    }));
    if (!c) return OkStatus();
  }
  // A paused campaign's contacts wait (and lapse with the round's week).
  if (!c->active) return OkStatus();
  if (!domain::InSendWindow(now, p.time_zone, c->window_start, c->window_end, c->weekdays_only)) return OkStatus();
  return store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto s, tx.surveys().Get(c->survey_id));
    // Claimed first, so that two processes never invite the same contact twice.
    FAROL_ASSIGN_OR_RETURN(const bool mine, tx.surveys().FinishSend(p, s ? "sent" : "skipped", s ? "" : "survey_gone", now));
    if (!mine) return OkStatus();
    if (!s) {
      ++out.skipped;
      return OkStatus();
    }
    FAROL_ASSIGN_OR_RETURN(const std::string why, Invite(tx, *s, p.contact_id, nullptr, now));
    if (why.empty()) {
      ++out.sent;
      return OkStatus();
    }
    // Not sent after all (throttled, escalated…): a skip, with why, in the same transaction.
    FAROL_RETURN_IF_ERROR(tx.surveys().SkipSend(p, why));
    ++out.skipped;
    return OkStatus();
  });
}

StatusOr<SurveyService::CampaignTick> SurveyService::RunCampaigns(int page) {
  const Timestamp now = clock_.SystemNow();
  CampaignTick out;
  // Rounds that are due start: their contacts are listed, the next round is set.
  std::vector<store::SurveyCampaign> due;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(due, tx.surveys().DueCampaigns(now, 20));
    return OkStatus();
  }));
  for (const auto& c : due) {
    // A campaign paused for longer than a period starts its next round now, not in the past.
    Timestamp next = domain::AddMonths(c.next_run_at, c.every_months);
    while (next <= now) next = domain::AddMonths(next, c.every_months);
    FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(auto listed, tx.surveys().StartRound(c, next, now));
      if (listed) ++out.rounds;
      return OkStatus();
    }));
  }
  // Contacts whose window never opened within the round's week are skipped.
  FAROL_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(const int64_t expired, tx.surveys().ExpireSends(now - kRoundLasts, "window_missed", now));
    out.skipped += static_cast<int>(expired);
    return OkStatus();
  }));
  // Each waiting contact whose own clock is inside the window now is invited (or skipped, and
  // why), in its own transaction: claimed once, whatever other processes do. Every waiting
  // contact is looked at, a page at a time, so that a round's far time zones never hold up its
  // near ones.
  std::unordered_map<int64_t, std::optional<store::SurveyCampaign>> campaigns;
  std::optional<store::CampaignSend> last;
  for (;;) {
    std::vector<store::CampaignSend> pending;
    FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(pending, tx.surveys().PendingSends(now - kRoundLasts, last ? &*last : nullptr, page));
      return OkStatus();
    }));
    if (pending.empty()) break;
    last = pending.back();
    for (const auto& p : pending) FAROL_RETURN_IF_ERROR(SendIfInWindow(p, campaigns, now, out));
    if (static_cast<int>(pending.size()) < page) break;
  }
  return out;
}

}  // namespace farol::app
