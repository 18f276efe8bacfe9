#include "domain/mail.h"

#include <algorithm>
#include <charconv>

#include "core/strings.h"

namespace farol::domain {

std::string_view Name(MailKind k) {
  switch (k) {
    case MailKind::kPerson: return "person";
    case MailKind::kAutoReply: return "auto_reply";
    case MailKind::kBounce: return "bounce";
    case MailKind::kBulk: return "bulk";
  }
  return "person";
}

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool IsDaemonAddress(std::string_view address) {
  const auto at = address.find('@');
  const std::string local = AsciiLower(address.substr(0, at));
  return local == "mailer-daemon" || local == "postmaster" || local == "mail-daemon" ||
         StartsWith(local, "mailer-daemon");
}

}  // namespace

MailKind Classify(const InboundMail& m) {
  const MailOrigin& o = m.origin;
  if (o.delivery_report || o.bounce_sender || IsDaemonAddress(m.from.address)) return MailKind::kBounce;
  if ((!o.auto_submitted.empty() && o.auto_submitted != "no") || o.auto_reply_header ||
      o.precedence == "auto_reply") {
    return MailKind::kAutoReply;
  }
  if (o.precedence == "bulk" || o.precedence == "junk" || o.precedence == "list" || o.list) {
    return MailKind::kBulk;
  }
  return MailKind::kPerson;
}

std::optional<int64_t> SubjectTicketToken(std::string_view subject) {
  std::optional<int64_t> found;
  for (size_t pos = subject.find("[#"); pos != std::string_view::npos; pos = subject.find("[#", pos + 2)) {
    const size_t start = pos + 2;
    const size_t end = subject.find(']', start);
    if (end == std::string_view::npos || end == start || end - start > 18) continue;
    int64_t id = 0;
    const auto r = std::from_chars(subject.data() + start, subject.data() + end, id);
    if (r.ec == std::errc() && r.ptr == subject.data() + end && id > 0) found = id;
  }
  return found;
}

std::string SubjectWithToken(std::string_view subject, int64_t ticket_id) {
  if (SubjectTicketToken(subject) == ticket_id) return std::string(subject);
  std::string s(TrimView(subject));
  if (!s.empty()) s += ' ';
  s += "[#" + std::to_string(ticket_id) + "]";
  return s;
}

std::vector<std::string> ThreadCandidates(const InboundMail& m) {
  std::vector<std::string> ids;
  auto add = [&](const std::string& id) {
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  add(m.in_reply_to);
  for (auto it = m.references.rbegin(); it != m.references.rend(); ++it) add(*it);
  return ids;
}

namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// "On Mon, 3 Nov 2026 at 10:00, Ana <ana@x> wrote:" and its Portuguese form "Em seg., 3 de nov.
// de 2026 às 10:00, Ana <ana@x> escreveu:", which clients often wrap over two lines.
bool IsAttribution(std::string_view line, std::string_view next) {
  const std::string l = AsciiLower(TrimView(line));
  const std::string joined = l + " " + AsciiLower(TrimView(next));
  auto attribution = [](const std::string& s) {
    return ((StartsWith(s, "on ") && EndsWith(s, "wrote:")) ||
            (StartsWith(s, "em ") && EndsWith(s, "escreveu:")) ||
            (StartsWith(s, "le ") && EndsWith(s, "a écrit :")));
  };
  return attribution(l) || (!TrimView(next).empty() && attribution(joined));
}

// Outlook's header block: "From: ...", followed within a few lines by "Sent:" (or "De:" and
// "Enviado:"), or the explicit separator lines.
bool IsOutlookHeader(const std::vector<std::string_view>& lines, size_t i) {
  const std::string l = AsciiLower(TrimView(lines[i]));
  if (StartsWith(l, "-----original message-----") || StartsWith(l, "-----mensagem original-----") ||
      StartsWith(l, "________________________________")) {
    return true;
  }
  if (!StartsWith(l, "from:") && !StartsWith(l, "de:")) return false;
  for (size_t j = i + 1; j < lines.size() && j <= i + 4; ++j) {
    const std::string n = AsciiLower(TrimView(lines[j]));
    if (StartsWith(n, "sent:") || StartsWith(n, "enviado:") || StartsWith(n, "enviada em:") ||
        StartsWith(n, "date:") || StartsWith(n, "data:")) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string TrimQuoted(std::string_view text) {
  const std::vector<std::string_view> lines = Lines(text);
  size_t cut = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::string_view next = i + 1 < lines.size() ? lines[i + 1] : std::string_view();
    if (line == "-- " || line == "--" || IsOutlookHeader(lines, i) || IsAttribution(line, next)) {
      cut = i;
      break;
    }
    // A block of quoted lines that runs to the end (interleaved answers keep their quotes).
    if (!line.empty() && line[0] == '>') {
      size_t j = i;
      while (j < lines.size() && (TrimView(lines[j]).empty() || lines[j][0] == '>')) ++j;
      if (j == lines.size()) {
        cut = i;
        break;
      }
    }
  }
  std::string out;
  for (size_t i = 0; i < cut; ++i) {
    out.append(lines[i]);
    out += '\n';
  }
  const std::string trimmed = Trim(out);
  // Everything was quotation (a forward with no words of its own): show it all.
  if (trimmed.empty()) return Trim(text);
  return trimmed;
}

std::string TrimSignature(std::string_view text) {
  const std::vector<std::string_view> lines = Lines(text);
  auto forwarded = [&](size_t i) {
    const std::string l = AsciiLower(TrimView(lines[i]));
    return StartsWith(l, "---------- forwarded message") || StartsWith(l, "-------- forwarded message") ||
           StartsWith(l, "---------- mensagem encaminhada") || StartsWith(l, "-------- mensagem encaminhada") ||
           StartsWith(l, "begin forwarded message") || StartsWith(l, "início da mensagem encaminhada") ||
           IsOutlookHeader(lines, i) || (!l.empty() && l[0] == '>');
  };
  std::string out;
  bool in_signature = false, cut = false;  // only the sender's own signature, the first one
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!cut && (lines[i] == "-- " || lines[i] == "--")) {
      in_signature = cut = true;
      continue;
    }
    // A signature ends where what it signed ends: a forwarded message or quoted text goes on.
    if (in_signature && forwarded(i)) in_signature = false;
    if (in_signature) continue;
    out.append(lines[i]);
    out += '\n';
  }
  const std::string trimmed = Trim(out);
  return trimmed.empty() ? Trim(text) : trimmed;
}

std::optional<std::string> EscalationAsked(std::string_view subject, std::string_view reply_text) {
  const std::string text = Trim(reply_text);
  const std::string lower = AsciiLower(text);
  for (std::string_view word : {std::string_view("#escalate"), std::string_view("#escalar")}) {
    if (lower.compare(0, word.size(), word) != 0) continue;
    // The word alone: "#escalated" or "#escalarmos" is not the request.
    const char after = text.size() > word.size() ? text[word.size()] : ' ';
    if (after != ' ' && after != '\t' && after != '\r' && after != '\n' && after != ':' && after != '-' &&
        after != '.' && after != '!' && after != ',') {
      continue;
    }
    std::string rest = text.substr(word.size());
    const size_t start = rest.find_first_not_of(" \t:-.!,");
    return Trim(start == std::string::npos ? std::string() : rest.substr(start));
  }
  const std::string s = AsciiLower(subject);
  if (s.find("[escalate]") != std::string::npos || s.find("[escalar]") != std::string::npos) return text;
  return std::nullopt;
}

}  // namespace farol::domain

namespace farol::domain {

namespace {

std::string HtmlText(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\r': break;
      case '\n': out += "<br>\n"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

OutboundMail ComposeReply(const ReplyMailInput& in) {
  const bool pt = in.locale == "pt-BR";
  OutboundMail m;
  m.from = in.from;
  m.to = {in.to};
  m.message_id = in.message_id;
  m.date = in.at;
  std::string subject(TrimView(in.ticket_subject));
  if (!subject.starts_with("Re:") && !subject.starts_with("RE:")) subject = "Re: " + subject;
  m.subject = SubjectWithToken(subject, in.ticket_id);
  m.in_reply_to = !in.last_inbound.empty() ? in.last_inbound : (in.thread.empty() ? "" : in.thread.back());
  const size_t keep = std::min<size_t>(in.thread.size(), 20);
  m.references.assign(in.thread.end() - static_cast<std::ptrdiff_t>(keep), in.thread.end());

  const std::string number = "#" + std::to_string(in.ticket_id);
  const std::string answer = pt ? "Para responder, responda a este e-mail (mantenha " + number + " no assunto)."
                                : "To answer, reply to this e-mail (keep " + number + " in the subject).";
  const std::string follow = pt ? "Acompanhe o chamado " + number + ": " : "Follow ticket " + number + ": ";
  m.text = in.body + "\n\n-- \n" + in.author_name + "\n\n" + answer + "\n";
  if (!in.ticket_url.empty()) m.text += follow + in.ticket_url + "\n";
  m.html = "<!doctype html>\n<html lang=\"" + std::string(pt ? "pt-BR" : "en") + "\"><body>\n<div>" + HtmlText(in.body) +
           "</div>\n<p>— " + HtmlText(in.author_name) + "</p>\n<hr>\n<p style=\"color:#555;font-size:90%\">" +
           HtmlText(answer);
  if (!in.ticket_url.empty()) {
    m.html += "<br>\n" + HtmlText(follow) + "<a href=\"" + HtmlText(in.ticket_url) + "\">" + HtmlText(in.ticket_url) + "</a>";
  }
  m.html += "</p>\n</body></html>\n";
  return m;
}

std::string_view Name(NoticeKind k) { return k == NoticeKind::kOpened ? "opened" : "resolved"; }

std::string NoticeText(NoticeKind kind, std::string_view locale, int64_t ticket_id, std::string_view subject,
                       std::string_view rate_url) {
  const bool pt = locale == "pt-BR";
  const std::string number = "#" + std::to_string(ticket_id);
  const std::string quoted = "\"" + std::string(TrimView(subject)) + "\"";
  if (kind == NoticeKind::kOpened) {
    return pt ? "Recebemos a sua solicitação e abrimos o chamado " + number + ": " + quoted +
                    ".\n\nResponderemos assim que possível. Para acrescentar algo, responda a este e-mail."
              : "We have received your request and opened ticket " + number + ": " + quoted +
                    ".\n\nWe will answer as soon as we can. To add anything, reply to this e-mail.";
  }
  std::string text = pt ? "O chamado " + number + " (" + quoted +
                              ") foi resolvido.\n\nSe algo ainda não estiver certo, responda a este e-mail e o chamado será reaberto."
                        : "Ticket " + number + " (" + quoted +
                              ") has been resolved.\n\nIf anything is still not right, reply to this e-mail and the ticket opens again.";
  if (!rate_url.empty()) {
    text += pt ? "\n\nConte-nos como foi o atendimento: " + std::string(rate_url)
               : "\n\nTell us how we did: " + std::string(rate_url);
  }
  return text;
}

}  // namespace farol::domain
