#include "app/mail_out.h"

#include <algorithm>
#include <fstream>
#include <iterator>


namespace farol::app {

namespace {

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InternalError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string DomainOf(const std::string& address) {
  const size_t at = address.rfind('@');
  return at == std::string::npos ? "farol.local" : address.substr(at + 1);
}

}  // namespace

const domain::MailAddress& MailOutbox::FromFor(const std::vector<store::MailMessage>& thread) const {
  for (const auto& m : thread) {
    if (m.direction != "in" || m.mailbox.empty()) continue;
    auto it = options_.mailbox_from.find(m.mailbox);
    if (it != options_.mailbox_from.end()) return it->second;
    break;  // the first message's mailbox decides
  }
  return options_.from;
}

Status MailOutbox::QueueReply(store::Tx& tx, const domain::Ticket& t, const domain::TicketEvent& reply, Timestamp now) {
  if (!options_.enabled || !writer_ || reply.author.kind != domain::ActorKind::kStaff || reply.internal) return OkStatus();
  if (t.requester_id == 0) return OkStatus();
  FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(t.requester_id));
  if (!contact || !contact->active || contact->email.empty()) return OkStatus();
  FAROL_ASSIGN_OR_RETURN(auto author, tx.users().Get(reply.author.id));
  return Queue(tx, t, *contact, reply.body, author ? author->name : "", reply.id, "", reply.attachment_ids, now);
}

Status MailOutbox::QueueNotice(store::Tx& tx, const domain::Ticket& t, domain::NoticeKind kind, int64_t event_id,
                               Timestamp now) {
  const bool on = kind == domain::NoticeKind::kOpened ? options_.notify_opened : options_.notify_resolved;
  if (!on || !options_.enabled || !writer_ || t.requester_id == 0) return OkStatus();
  FAROL_ASSIGN_OR_RETURN(auto contact, tx.contacts().Get(t.requester_id));
  if (!contact || !contact->active || contact->email.empty()) return OkStatus();
  const bool pt = contact->locale == "pt-BR";
  std::string rate_url;
  if (kind == domain::NoticeKind::kResolved && !options_.public_url.empty() && contact->portal_user) {
    rate_url = options_.public_url + "/portal/tickets/" + std::to_string(t.id);
  }
  // Signed by the desk: the name of the address it leaves from (Queue fills it in), else in words.
  std::string desk = pt ? "Equipe de atendimento" : "The support team";
  return Queue(tx, t, *contact, domain::NoticeText(kind, contact->locale, t.id, t.subject, rate_url), std::move(desk),
               event_id, domain::Name(kind), {}, now, /*signed_by_desk=*/true);
}

Status MailOutbox::Queue(store::Tx& tx, const domain::Ticket& t, const domain::Contact& contact, std::string body,
                         std::string author_name, int64_t event_id, std::string_view tag,
                         const std::vector<int64_t>& attachment_ids, Timestamp now, bool signed_by_desk) {
  FAROL_ASSIGN_OR_RETURN(auto earlier, tx.mail_messages().List("", t.id, 200, 0));  // newest first
  std::reverse(earlier.begin(), earlier.end());
  const domain::MailAddress& from = FromFor(earlier);
  domain::ReplyMailInput in;
  in.ticket_id = t.id;
  in.ticket_subject = t.subject;
  in.body = std::move(body);
  in.author_name = signed_by_desk && !from.name.empty() ? from.name : std::move(author_name);
  in.locale = contact.locale;
  in.from = from;
  in.to = {contact.name, contact.email};
  // Unique and stable for this reply: a retried send carries the same Message-ID.
  in.message_id = "farol." + std::to_string(t.id) + "." + std::to_string(event_id) + (tag.empty() ? "" : "." + std::string(tag)) +
                  "@" + DomainOf(from.address);
  for (const auto& m : earlier) {
    if (m.state == "quarantined" || m.state == "ignored") continue;
    in.thread.push_back(m.message_id);
    if (m.direction == "in") in.last_inbound = m.message_id;
  }
  if (!options_.public_url.empty()) in.ticket_url = options_.public_url + "/portal/tickets/" + std::to_string(t.id);
  in.at = now;
  domain::OutboundMail mail = domain::ComposeReply(in);

  int64_t attached = 0;
  for (int64_t id : attachment_ids) {
    FAROL_ASSIGN_OR_RETURN(auto a, tx.attachments().Get(id));
    if (!a || a->internal) continue;
    if (attached + a->size > options_.max_attachment_bytes) continue;  // too big to mail: it stays in the ticket
    FAROL_ASSIGN_OR_RETURN(const std::string path, files_.PathFor(a->sha256));
    FAROL_ASSIGN_OR_RETURN(std::string data, ReadFile(path));
    attached += a->size;
    mail.attachments.push_back({a->filename, a->content_type, std::move(data)});
  }

  const std::string raw = writer_(mail);
  if (raw.empty()) return InternalError("the ticket's e-mail could not be built");

  store::Delivery d;
  d.recipient = contact.email;
  d.ticket_id = t.id;
  d.event = std::string(kMailReplyEvent);
  d.subject = mail.subject;
  d.body = raw;
  d.next_attempt_at = now;
  d.created_at = now;
  FAROL_ASSIGN_OR_RETURN(const int64_t delivery, tx.deliveries().Insert(d));

  store::MailMessage row;
  row.direction = "out";
  row.message_id = mail.message_id;
  row.state = "queued";
  row.kind = "person";
  row.from_address = from.address;
  row.from_name = from.name;
  row.to_addresses = contact.email;
  row.subject = mail.subject;
  row.html = mail.html;
  row.ticket_id = t.id;
  row.event_id = event_id;
  row.delivery_id = delivery;
  // No copy in the file store: the outbox row keeps the message whole, durably, in this same
  // transaction (an extra file and its fsync tripled the cost of a reply), and the mail log's
  // original is read from there.
  row.raw_size = static_cast<int64_t>(raw.size());
  row.received_at = now;
  row.updated_at = now;
  return tx.mail_messages().Insert(row).status();
}

}  // namespace farol::app
