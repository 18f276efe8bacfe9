// An e-mail as farol understands it, after the MIME layer (src/mail/mime.h) has decoded it, and
// the pure rules applied to it: is it a person writing or a machine answering, which ticket does
// it belong to, and what part of its text is new.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace farol::domain {

struct MailAddress {
  std::string name;     // display name, UTF-8 ("" if none)
  std::string address;  // normalised (trimmed, lower case)
  bool operator==(const MailAddress&) const = default;
};

struct MailAttachment {
  std::string file_name;     // UTF-8, never empty ("attachment-2.bin" when the mail gave none)
  std::string content_type;  // as declared, lower case, e.g. "application/pdf"
  std::string content_id;    // without angle brackets; "" unless the part had one
  bool inline_part = false;  // Content-Disposition: inline with a Content-ID (an image in the HTML)
  std::string data;          // decoded bytes
  bool operator==(const MailAttachment&) const = default;
};

// What the headers say about who wrote the message.
struct MailOrigin {
  std::string auto_submitted;  // Auto-Submitted header, lower case ("" if absent)
  std::string precedence;      // Precedence header, lower case
  bool auto_reply_header = false;  // X-Autoreply, X-Autorespond, X-Auto-Response-Suppress: All/OOF
  bool list = false;               // List-Id or List-Unsubscribe present
  bool delivery_report = false;    // multipart/report; report-type=delivery-status (RFC 3464)
  bool bounce_sender = false;      // empty Return-Path (<>) or MAILER-DAEMON / postmaster sender
  bool operator==(const MailOrigin&) const = default;
};

struct InboundMail {
  std::string message_id;               // without angle brackets; never empty (synthesised if absent)
  std::string in_reply_to;              // without angle brackets
  std::vector<std::string> references;  // oldest first, without angle brackets
  MailAddress from;
  MailAddress reply_to;  // address "" if none
  std::vector<MailAddress> to;
  std::vector<MailAddress> cc;
  std::string subject;  // decoded, UTF-8, one line
  std::optional<Timestamp> date;
  std::string text;  // the text/plain body, UTF-8 (from the HTML when there is no text part)
  std::string html;  // the text/html body as sent, UTF-8 ("" if none); sanitise before display
  std::vector<MailAttachment> attachments;
  MailOrigin origin;
  bool operator==(const InboundMail&) const = default;
};

// ---- out ----------------------------------------------------------------------------------

struct OutboundAttachment {
  std::string file_name;
  std::string content_type;
  std::string data;
};

struct OutboundMail {
  domain::MailAddress from;
  std::vector<domain::MailAddress> to;
  std::vector<domain::MailAddress> cc;
  std::string subject;
  std::string message_id;               // without angle brackets
  std::string in_reply_to;              // without angle brackets; "" for a new thread
  std::vector<std::string> references;  // oldest first
  std::string text;                     // UTF-8
  std::string html;                     // UTF-8; "" sends text only
  std::vector<OutboundAttachment> attachments;
  Timestamp date;
  // Auto-Submitted: auto-generated on notifications, so that well-behaved auto-responders stay
  // quiet and loops cannot start (RFC 3834).
  bool auto_generated = false;
};

// What a staff member's public reply becomes as an e-mail to the ticket's requester.
struct ReplyMailInput {
  int64_t ticket_id = 0;
  std::string ticket_subject;
  std::string body;         // the reply as written (plain text)
  std::string author_name;  // the staff member who wrote it
  std::string locale;       // the requester's: "pt-BR" or anything else for English
  MailAddress from;         // the desk's address
  MailAddress to;           // the requester
  std::string message_id;   // this message's, without angle brackets
  // The ticket's earlier messages (in and out), oldest first, and the newest one the customer
  // sent: the reply answers it, so their mail client puts it in the same conversation.
  std::vector<std::string> thread;
  std::string last_inbound;
  std::string ticket_url;  // where the customer can read the ticket ("" for none)
  Timestamp at;
};

// The reply as an e-mail: "Re: <subject> [#id]" (the token lets a reply find its ticket even when
// a mail client drops the threading headers), In-Reply-To the customer's newest message (or the
// thread's last), References the last 20 of the thread, plain text and an HTML version of the
// same words, and a footer in the requester's language.
OutboundMail ComposeReply(const ReplyMailInput& in);

// Notices e-mailed to a ticket's requester besides replies (docs/EMAIL.md, "Notices").
enum class NoticeKind { kOpened, kResolved };
std::string_view Name(NoticeKind k);
// The notice's words in the requester's language ("pt-BR", else English). `rate_url`: where
// they can rate a resolved ticket ("" for none).
std::string NoticeText(NoticeKind kind, std::string_view locale, int64_t ticket_id, std::string_view subject,
                       std::string_view rate_url);

// Why a message must not open a ticket nor get an answer.
enum class MailKind { kPerson, kAutoReply, kBounce, kBulk };
std::string_view Name(MailKind k);

// RFC 3834 and the common practice of mail servers: a delivery report or a mailer-daemon is a
// bounce; Auto-Submitted other than "no", X-Autoreply and friends, Precedence auto_reply are an
// auto-reply (out-of-office); Precedence bulk/junk/list or a mailing list is bulk. Otherwise a
// person wrote it.
MailKind Classify(const InboundMail& m);

// The ticket number in a subject's "[#1234]" token (the last one, if several), if any.
std::optional<int64_t> SubjectTicketToken(std::string_view subject);
// The subject with the token added as farol writes it: "Re: [#1234] Printer on fire" keeps
// an existing token, else appends " [#1234]".
std::string SubjectWithToken(std::string_view subject, int64_t ticket_id);

// The message-ids a reply names, most specific first: In-Reply-To, then References newest first.
std::vector<std::string> ThreadCandidates(const InboundMail& m);

// The new part of a reply, for display: drops the quoted history ("> " lines, "On ... wrote:",
// Outlook's "-----Original Message-----" / "From: ... Sent: ..." block, Gmail's quote
// attribution in Portuguese too: "Em ... escreveu:") and the signature after "-- ". The raw
// original is kept elsewhere; this never returns empty for a non-empty text.
std::string TrimQuoted(std::string_view text);

// A new message's text for display: without its signature (from a "-- " line to the end, or to a
// forwarded message or quoted text that follows it, which are kept). Never empty for a non-empty
// text; the raw original is kept elsewhere.
std::string TrimSignature(std::string_view text);

// A customer's reply that asks to escalate its ticket (docs/EMAIL.md, "Asking to escalate"): the
// reply's own words start with "#escalate" or "#escalar" (any case; the rest of that line and the
// lines after are the reason), or the subject holds "[escalate]" or "[escalar]" (the whole reply
// is the reason). Returns the reason ("" when the reply gives none), or nothing when not asked.
// `reply_text` is the new part of the reply (TrimQuoted's).
std::optional<std::string> EscalationAsked(std::string_view subject, std::string_view reply_text);

}  // namespace farol::domain
