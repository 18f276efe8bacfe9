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
