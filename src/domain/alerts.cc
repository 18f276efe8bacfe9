#include "domain/alerts.h"

#include <date/tz.h>

#include <array>
#include <cstdio>

#include "core/strings.h"
#include "domain/directory.h"

namespace farol::domain {

namespace {

constexpr std::array<std::string_view, 4> kKinds = {"email", "slack", "telegram", "webhook"};

bool LooksLikeHttpUrl(std::string_view u) {
  const bool scheme = u.starts_with("https://") || u.starts_with("http://");
  return scheme && u.size() > 10 && u.size() <= 2000 && u.find_first_of(" \t\r\n") == std::string_view::npos;
}

bool PtBr(const AlertChannel& ch) { return ch.language == "pt-BR"; }

// "2026-11-23 14:30 (America/Sao_Paulo)": a moment as the channel's readers live it.
std::string LocalTime(Timestamp t, const std::string& zone) {
  try {
    const auto local = date::make_zoned(zone, t).get_local_time();
    return date::format("%Y-%m-%d %H:%M", local) + " (" + zone + ")";
  } catch (const std::exception&) {
    return date::format("%Y-%m-%d %H:%M", t) + " (UTC)";
  }
}

// "2 h 05 min" / "45 min": business time, to the minute.
std::string Duration(long long seconds) {
  const bool negative = seconds < 0;
  long long m = (negative ? -seconds : seconds) / 60;
  char buf[48];
  if (m >= 60) {
    std::snprintf(buf, sizeof buf, "%s%lld h %02lld min", negative ? "-" : "", m / 60, m % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%s%lld min", negative ? "-" : "", m);
  }
  return buf;
}

std::string ClockLabel(const std::string& clock, bool pt) {
  if (clock == "first_response") return pt ? "primeira resposta" : "first response";
  if (clock.starts_with("update")) return pt ? "atualização ao cliente" : "customer update";
  return pt ? "resolução" : "resolution";
}

std::string TypeLabel(TicketType t, bool pt) {
  switch (t) {
    case TicketType::kIncident: return pt ? "incidente" : "incident";
    case TicketType::kServiceRequest: return pt ? "requisição de serviço" : "service request";
    case TicketType::kChange: return pt ? "mudança" : "change";
    case TicketType::kProblem: return pt ? "problema" : "problem";
    case TicketType::kCommercial: return pt ? "comercial" : "commercial";
  }
  return std::string(Name(t));
}

std::string Headline(const SlaAlert& a, bool pt) {
  const std::string n = "#" + std::to_string(a.ticket_id);
  const std::string clock = ClockLabel(a.clock, pt);
  if (a.breach()) {
    return pt ? "SLA violado: " + n + " — prazo de " + clock + " estourado" : "SLA breached: " + n + " missed its " + clock + " target";
  }
  const std::string pct = std::to_string(a.threshold) + "%";
  return pt ? "Alerta de SLA: " + n + " — " + clock + " em " + pct + " do prazo"
            : "SLA warning: " + n + " has used " + pct + " of its " + clock + " target";
}

std::string Lines(const SlaAlert& a, const AlertChannel& ch) {
  const bool pt = PtBr(ch);
  std::string out;
  auto line = [&](std::string_view en, std::string_view br, const std::string& value) {
    if (value.empty()) return;
    out += std::string(pt ? br : en) + ": " + value + "\n";
  };
  line("Ticket", "Chamado", "#" + std::to_string(a.ticket_id) + " " + a.subject);
  line("Customer", "Cliente", a.organisation);
  line("Type and priority", "Tipo e prioridade", TypeLabel(a.type, pt) + ", P" + std::to_string(a.priority));
  line("Team", "Equipe", a.team);
  line("Assignee", "Responsável", a.assignee.empty() ? (pt ? "ninguém" : "nobody") : a.assignee);
  line("Target", "Prazo", Duration(a.target_seconds) + (pt ? " úteis" : " of business time"));
  line("Used", "Consumido", Duration(a.elapsed_seconds));
  if (a.due) line(a.breach() ? "Was due" : "Due", a.breach() ? "Venceu em" : "Vence em", LocalTime(*a.due, ch.time_zone));
  line("Open it", "Abrir", a.link);
  return out;
}

std::string JsonTime(const std::optional<Timestamp>& t) { return t ? JsonQuote(FormatIso8601(*t)) : "null"; }

}  // namespace

std::string_view Name(AlertKind k) { return kKinds[static_cast<size_t>(k)]; }

std::optional<AlertKind> ParseAlertKind(std::string_view s) {
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i] == s) return static_cast<AlertKind>(i);
  }
  return std::nullopt;
}

void AlertChannel::Validate(FieldErrors& errors) const {
  if (!IsValidUtf8(name) || TrimView(name).empty() || Utf8Length(name) > 100 || HasControlChars(name)) {
    errors.Add("name", "must be 1 to 100 characters of text");
  }
  switch (kind) {
    case AlertKind::kEmail:
      if (emails.empty()) errors.Add("emails", "name at least one address");
      if (emails.size() > 50) errors.Add("emails", "at most 50 addresses");
      for (const std::string& e : emails) {
        if (!LooksLikeEmail(e)) {
          errors.Add("emails", "\"" + e + "\" is not an e-mail address");
          break;
        }
      }
      break;
    case AlertKind::kSlack:
    case AlertKind::kWebhook:
      if (!LooksLikeHttpUrl(url)) errors.Add("url", "must be an http:// or https:// address");
      if (kind == AlertKind::kWebhook && secret.size() < 16) {
        errors.Add("secret", "must be at least 16 characters: it signs every request");
      }
      break;
    case AlertKind::kTelegram:
      if (!url.empty() && !LooksLikeHttpUrl(url)) errors.Add("url", "must be an http:// or https:// address");
      if (secret.empty() || secret.find_first_of(" /?#") != std::string::npos) {
        errors.Add("secret", "must be the bot's token");
      }
      if (chat_id.empty() || chat_id.size() > 64) errors.Add("chat_id", "must be the chat's id");
      break;
  }
  if (secret.size() > 512 || HasControlChars(secret)) errors.Add("secret", "must be at most 512 characters of text");
  if (language != "en" && language != "pt-BR") errors.Add("language", "must be en or pt-BR");
  if (!IsKnownTimeZone(time_zone)) errors.Add("time_zone", "is not a known time zone");
  if (max_priority < 1 || max_priority > 4) errors.Add("max_priority", "must be from 1 to 4");
  if (!on_warning && !on_breach) errors.Add("on_breach", "switch on warnings, breaches or both");
}

std::string_view AlertEvent(const SlaAlert& a) { return a.breach() ? "sla.breach" : "sla.warning"; }

bool Wants(const AlertChannel& ch, const SlaAlert& a) {
  if (!ch.active || a.priority > ch.max_priority) return false;
  return a.breach() ? ch.on_breach : ch.on_warning;
}

RenderedAlert RenderAlert(const AlertChannel& ch, const SlaAlert& a) {
  const bool pt = PtBr(ch);
  RenderedAlert r;
  r.subject = "[farol] " + Headline(a, pt) + " — " + a.subject;
  switch (ch.kind) {
    case AlertKind::kEmail:
      r.body = Headline(a, pt) + "\n\n" + Lines(a, ch);
      break;
    case AlertKind::kSlack:
      r.body = "{\"text\":" + JsonQuote((a.breach() ? ":red_circle: " : ":warning: ") + Headline(a, pt) + "\n" + Lines(a, ch)) + "}";
      break;
    case AlertKind::kTelegram:
      r.body = "{\"chat_id\":" + JsonQuote(ch.chat_id) + ",\"text\":" + JsonQuote(Headline(a, pt) + "\n" + Lines(a, ch)) +
               ",\"disable_web_page_preview\":true}";
      break;
    case AlertKind::kWebhook:
      r.body = "{\"event\":" + JsonQuote(AlertEvent(a)) + ",\"ticket\":{\"id\":" + std::to_string(a.ticket_id) +
               ",\"subject\":" + JsonQuote(a.subject) + ",\"organisation\":" + JsonQuote(a.organisation) +
               ",\"type\":" + JsonQuote(Name(a.type)) + ",\"priority\":" + std::to_string(a.priority) +
               ",\"team\":" + JsonQuote(a.team) + ",\"assignee\":" + JsonQuote(a.assignee) +
               ",\"url\":" + JsonQuote(a.link) + "},\"clock\":" + JsonQuote(a.clock) +
               ",\"threshold_percent\":" + std::to_string(a.threshold) +
               ",\"target_seconds\":" + std::to_string(a.target_seconds) +
               ",\"elapsed_seconds\":" + std::to_string(a.elapsed_seconds) + ",\"due\":" + JsonTime(a.due) +
               ",\"fired_at\":" + JsonTime(a.fired_at) + ",\"text\":" + JsonQuote(Headline(a, pt)) + "}";
      break;
  }
  return r;
}

namespace {

// Why the level fired, in words.
std::string CauseText(const EscalationNotice& n, bool pt) {
  if (n.cause == "created") return pt ? "chamado aberto" : "the ticket was opened";
  if (n.cause == "unacknowledged") {
    const std::string prev = n.previous_level_name.empty() ? (pt ? "o nível anterior" : "the level before")
                                                           : "\"" + n.previous_level_name + "\"";
    return pt ? prev + " não confirmou o recebimento no prazo" : prev + " did not acknowledge in time";
  }
  if (n.cause == "customer_request") return pt ? "o cliente pediu para escalar" : "the customer asked to escalate";
  if (n.cause.starts_with("percent:")) {
    const std::vector<std::string> parts = Split(n.cause, ':');
    const std::string clock = parts.size() > 2 ? ClockLabel(parts[2], pt) : ClockLabel("resolution", pt);
    const std::string pct = parts.size() > 1 ? parts[1] : "100";
    if (pct == "100") return pt ? "prazo de " + clock + " estourado" : "the " + clock + " target was missed";
    return pt ? clock + " em " + pct + "% do prazo" : pct + "% of the " + clock + " target was used";
  }
  return n.cause;
}

std::string EscalationHeadline(const EscalationNotice& n, bool pt) {
  const std::string num = "#" + std::to_string(n.ticket_id);
  return pt ? "Escalonamento nível " + std::to_string(n.level) + " (" + n.level_name + "): " + num
            : "Escalation level " + std::to_string(n.level) + " (" + n.level_name + "): " + num;
}

std::string EscalationLines(const EscalationNotice& n, bool pt, const std::string& zone, bool with_ack) {
  std::string out;
  auto line = [&](std::string_view en, std::string_view br, const std::string& value) {
    if (value.empty()) return;
    out += std::string(pt ? br : en) + ": " + value + "\n";
  };
  line("Ticket", "Chamado", "#" + std::to_string(n.ticket_id) + " " + n.subject);
  line("Customer", "Cliente", n.organisation);
  line("Type and priority", "Tipo e prioridade", TypeLabel(n.type, pt) + ", P" + std::to_string(n.priority));
  line("Team", "Equipe", n.team);
  line("Assignee", "Responsável", n.assignee.empty() ? (pt ? "ninguém" : "nobody") : n.assignee);
  line("Why", "Motivo", CauseText(n, pt));
  if (!n.customer_reason.empty()) line("The customer wrote", "O cliente escreveu", n.customer_reason);
  if (n.deadline) line("Act by", "Agir até", LocalTime(*n.deadline, zone));
  line("Open it", "Abrir", n.link);
  if (with_ack) line("Acknowledge", "Confirmar recebimento", n.ack_link);
  return out;
}

}  // namespace

RenderedAlert RenderEscalationMail(const EscalationNotice& n, std::string_view language, std::string_view zone,
                                   bool customer) {
  const bool pt = language == "pt-BR";
  const std::string z(zone.empty() ? "UTC" : zone);
  RenderedAlert r;
  if (customer) {
    r.subject = pt ? "[#" + std::to_string(n.ticket_id) + "] Seu chamado foi escalonado: " + n.subject
                   : "[#" + std::to_string(n.ticket_id) + "] Your ticket was escalated: " + n.subject;
    r.body = pt ? "Seu chamado #" + std::to_string(n.ticket_id) + " (" + n.subject + ") passou ao nível " +
                      std::to_string(n.level) + " de escalonamento: " + n.level_name + " acompanha o caso agora.\n"
                : "Your ticket #" + std::to_string(n.ticket_id) + " (" + n.subject + ") moved up to escalation level " +
                      std::to_string(n.level) + ": " + n.level_name + " now follows it.\n";
    if (!n.link.empty()) r.body += (pt ? "Acompanhe: " : "Follow it: ") + n.link + "\n";
    return r;
  }
  r.subject = "[farol] " + EscalationHeadline(n, pt) + " — " + n.subject;
  r.body = EscalationHeadline(n, pt) + "\n\n" + EscalationLines(n, pt, z, !n.ack_link.empty());
  return r;
}

namespace {

// A message told in words on every channel but the webhook, which gets `webhook_json`: e-mail the
// headline and its lines, Slack and Telegram them together (Slack's with `slack_icon` first).
RenderedAlert RenderInWords(const AlertChannel& ch, const std::string& headline, const std::string& lines,
                            std::string_view slack_icon, std::string webhook_json) {
  RenderedAlert r;
  r.subject = "[farol] " + headline;
  const std::string text = headline + "\n" + lines;
  switch (ch.kind) {
    case AlertKind::kEmail: r.body = headline + "\n\n" + lines; break;
    case AlertKind::kSlack: r.body = "{\"text\":" + JsonQuote(std::string(slack_icon) + text) + "}"; break;
    case AlertKind::kTelegram:
      r.body = "{\"chat_id\":" + JsonQuote(ch.chat_id) + ",\"text\":" + JsonQuote(text) + ",\"disable_web_page_preview\":true}";
      break;
    case AlertKind::kWebhook: r.body = std::move(webhook_json); break;
  }
  return r;
}

}  // namespace

RenderedAlert RenderEscalation(const AlertChannel& ch, const EscalationNotice& n) {
  const bool pt = PtBr(ch);
  std::string webhook;
  if (ch.kind == AlertKind::kWebhook) {
    webhook = "{\"event\":" + JsonQuote(kEscalationEvent) + ",\"ticket\":{\"id\":" + std::to_string(n.ticket_id) +
              ",\"subject\":" + JsonQuote(n.subject) + ",\"organisation\":" + JsonQuote(n.organisation) +
              ",\"type\":" + JsonQuote(Name(n.type)) + ",\"priority\":" + std::to_string(n.priority) +
              ",\"team\":" + JsonQuote(n.team) + ",\"assignee\":" + JsonQuote(n.assignee) +
              ",\"url\":" + JsonQuote(n.link) + "},\"level\":" + std::to_string(n.level) +
              ",\"level_name\":" + JsonQuote(n.level_name) + ",\"cause\":" + JsonQuote(n.cause) +
              ",\"deadline\":" + JsonTime(n.deadline) + ",\"fired_at\":" + JsonTime(n.fired_at) +
              ",\"text\":" + JsonQuote(EscalationHeadline(n, pt)) + "}";
  }
  RenderedAlert r = RenderInWords(ch, EscalationHeadline(n, pt), EscalationLines(n, pt, ch.time_zone, false),
                                  ":rotating_light: ", std::move(webhook));
  r.subject += " — " + n.subject;
  return r;
}

namespace {

// The classification in the channel's language.
std::string SentimentWord(const std::string& s, bool pt) {
  if (!pt) return s;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kPt = {{
      {"detractor", "detrator"}, {"passive", "neutro"}, {"promoter", "promotor"},
      {"unsatisfied", "insatisfeito"}, {"neutral", "neutro"}, {"satisfied", "satisfeito"},
      {"difficult", "difícil"}, {"easy", "fácil"}, {"disagree", "discorda"}, {"agree", "concorda"}}};
  for (const auto& [en, word] : kPt) {
    if (s == en) return std::string(word);
  }
  return s;
}

std::string SurveyHeadline(const SurveyNotice& n, bool pt) {
  const std::string who = n.organisation.empty() ? n.contact : n.contact + " (" + n.organisation + ")";
  if (n.overdue) {
    return pt ? "Acompanhamento de pesquisa sem contato no prazo: " + who
              : "Survey follow-up not contacted in time: " + who;
  }
  const std::string score = std::to_string(n.score) + "/" + std::to_string(n.max);
  return pt ? "Resposta de pesquisa " + score + " (" + SentimentWord(n.sentiment, pt) + ") de " + who
            : "Survey answer " + score + " (" + n.sentiment + ") from " + who;
}

std::string SurveyLines(const SurveyNotice& n, bool pt, const std::string& zone) {
  std::string out;
  auto line = [&](std::string_view en, std::string_view ptw, const std::string& v) {
    if (!v.empty()) out += std::string(pt ? ptw : en) + ": " + v + "\n";
  };
  line("Survey", "Pesquisa", n.survey + " (" + n.kind + ")");
  line("Score", "Nota", std::to_string(n.score) + "/" + std::to_string(n.max) + " — " + SentimentWord(n.sentiment, pt));
  line("Comment", "Comentário", n.comment);
  if (n.ticket_id) line("Ticket", "Chamado", "#" + std::to_string(n.ticket_id) + " " + n.ticket_subject);
  line("Team", "Equipe", n.team);
  if (n.followup_id) {
    line("Follow-up owner", "Responsável pelo acompanhamento", n.owner.empty() ? (pt ? "ninguém (a organização não tem CSM)" : "nobody (the organisation has no CSM)") : n.owner);
    if (n.due) line("First contact by", "Primeiro contato até", LocalTime(*n.due, zone));
  }
  line("Link", "Link", n.link);
  return out;
}

}  // namespace

RenderedAlert RenderSurveyNotice(const AlertChannel& ch, const SurveyNotice& n) {
  const bool pt = PtBr(ch);
  std::string webhook;
  if (ch.kind == AlertKind::kWebhook) {
    webhook = "{\"event\":" + JsonQuote(n.overdue ? kSurveyOverdueEvent : kSurveyAnswerEvent) +
              ",\"survey\":{\"name\":" + JsonQuote(n.survey) + ",\"kind\":" + JsonQuote(n.kind) +
              "},\"answer\":{\"score\":" + std::to_string(n.score) + ",\"max\":" + std::to_string(n.max) +
              ",\"sentiment\":" + JsonQuote(n.sentiment) + ",\"comment\":" + JsonQuote(n.comment) +
              "},\"contact\":" + JsonQuote(n.contact) + ",\"organisation\":" + JsonQuote(n.organisation) +
              ",\"ticket\":" +
              (n.ticket_id ? "{\"id\":" + std::to_string(n.ticket_id) + ",\"subject\":" + JsonQuote(n.ticket_subject) + "}"
                           : std::string("null")) +
              ",\"team\":" + JsonQuote(n.team) + ",\"followup\":" +
              (n.followup_id ? "{\"id\":" + std::to_string(n.followup_id) + ",\"owner\":" + JsonQuote(n.owner) +
                                   ",\"due\":" + JsonTime(n.due) + "}"
                             : std::string("null")) +
              ",\"url\":" + JsonQuote(n.link) + ",\"at\":" + JsonTime(n.at) +
              ",\"text\":" + JsonQuote(SurveyHeadline(n, pt)) + "}";
  }
  return RenderInWords(ch, SurveyHeadline(n, pt), SurveyLines(n, pt, ch.time_zone),
                       n.overdue ? ":alarm_clock: " : ":speech_balloon: ", std::move(webhook));
}

namespace {

std::string_view KindWords(const std::string& kind, bool pt) {
  if (kind == "immediate") return pt ? "imediata" : "immediate";
  if (kind == "long_term") return pt ? "de longo prazo" : "long-term";
  return pt ? "preventiva" : "preventive";
}

std::string ActionHeadline(const ActionOverdueNotice& n, bool pt) {
  return pt ? "Ação " + std::string(KindWords(n.kind, pt)) + " atrasada: " + n.title
            : "Overdue " + std::string(KindWords(n.kind, pt)) + " action: " + n.title;
}

std::string ActionLines(const ActionOverdueNotice& n, bool pt, const std::string& zone) {
  std::string out;
  auto line = [&](std::string_view en, std::string_view ptw, const std::string& v) {
    if (!v.empty()) out += std::string(pt ? ptw : en) + ": " + v + "\n";
  };
  line("Problem", "Problema", "#" + std::to_string(n.problem_id) + " " + n.problem_title);
  line("Owner", "Responsável", n.owner);
  line("Team", "Equipe", n.team);
  line("Due", "Prazo", LocalTime(n.due_at, zone));
  line("Link", "Link", n.link);
  return out;
}

}  // namespace

RenderedAlert RenderActionOverdue(const AlertChannel& ch, const ActionOverdueNotice& n) {
  const bool pt = PtBr(ch);
  std::string webhook;
  if (ch.kind == AlertKind::kWebhook) {
    webhook = "{\"event\":" + JsonQuote(kActionOverdueEvent) + ",\"action\":{\"id\":" + std::to_string(n.action_id) +
              ",\"kind\":" + JsonQuote(n.kind) + ",\"title\":" + JsonQuote(n.title) + ",\"owner\":" + JsonQuote(n.owner) +
              ",\"team\":" + JsonQuote(n.team) + ",\"due_at\":" + JsonTime(n.due_at) + "},\"problem\":{\"id\":" +
              std::to_string(n.problem_id) + ",\"title\":" + JsonQuote(n.problem_title) + ",\"url\":" + JsonQuote(n.link) +
              "},\"at\":" + JsonTime(n.at) + ",\"text\":" + JsonQuote(ActionHeadline(n, pt)) + "}";
  }
  return RenderInWords(ch, ActionHeadline(n, pt), ActionLines(n, pt, ch.time_zone), ":alarm_clock: ", std::move(webhook));
}

AlertChannel PersonalChannel(const std::string& email, const std::string& language, const std::string& time_zone) {
  AlertChannel ch;
  ch.kind = AlertKind::kEmail;
  ch.emails = {email};
  ch.language = language;
  ch.time_zone = time_zone;
  return ch;
}

RenderedAlert RenderTest(const AlertChannel& ch, Timestamp now) {
  const bool pt = PtBr(ch);
  const std::string text = pt ? "Teste do canal de alertas \"" + ch.name + "\" do farol, enviado em " + LocalTime(now, ch.time_zone) + "."
                              : "Test of farol's alert channel \"" + ch.name + "\", sent at " + LocalTime(now, ch.time_zone) + ".";
  RenderedAlert r;
  r.subject = "[farol] " + std::string(pt ? "Teste de alerta" : "Alert test");
  switch (ch.kind) {
    case AlertKind::kEmail: r.body = text + "\n"; break;
    case AlertKind::kSlack: r.body = "{\"text\":" + JsonQuote(text) + "}"; break;
    case AlertKind::kTelegram: r.body = "{\"chat_id\":" + JsonQuote(ch.chat_id) + ",\"text\":" + JsonQuote(text) + "}"; break;
    case AlertKind::kWebhook:
      r.body = "{\"event\":\"test\",\"text\":" + JsonQuote(text) + ",\"fired_at\":" + JsonTime(now) + "}";
      break;
  }
  return r;
}

}  // namespace farol::domain
