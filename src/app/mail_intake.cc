#include "app/mail_intake.h"

#include <fstream>
#include <sstream>
#include <unordered_map>

#include "app/escalation_service.h"
#include "core/compress.h"
#include "core/crypto.h"
#include "core/parallel.h"
#include "core/strings.h"

namespace farol::app {

using domain::Actor;
using domain::InboundMail;
using domain::MailKind;
using domain::Permission;

std::string_view Name(MailOutcome o) {
  switch (o) {
    case MailOutcome::kTicket: return "ticket";
    case MailOutcome::kReply: return "reply";
    case MailOutcome::kIgnored: return "ignored";
    case MailOutcome::kTriage: return "triage";
    case MailOutcome::kQuarantined: return "quarantined";
    case MailOutcome::kDuplicate: return "duplicate";
    case MailOutcome::kProblem: return "problem";
  }
  return "duplicate";
}

namespace {

// The longest text kept on a ticket from one message (the original keeps everything).
constexpr size_t kMaxBodyBytes = 60'000;

std::string Subject(const InboundMail& m) {
  std::string s = Trim(m.subject);
  if (s.empty()) s = "(no subject)";
  if (Utf8Length(s) > domain::kMaxSubjectChars) {
    // 200 characters of up to 4 bytes each: cut by bytes, then by characters.
    s = CutUtf8(s, domain::kMaxSubjectChars * 4);
    while (Utf8Length(s) > domain::kMaxSubjectChars) s = CutUtf8(s, s.size() - 1);
  }
  return s;
}

std::string Body(std::string_view text, std::string_view fallback) {
  std::string body = Trim(text);
  if (body.empty()) body = std::string(fallback);
  if (body.size() > kMaxBodyBytes) {
    body = CutUtf8(body, kMaxBodyBytes) + "\n[… the rest is in the original message]";
  }
  // Control characters other than tab and newlines are not text a person wrote.
  std::string clean;
  clean.reserve(body.size());
  for (unsigned char c : body) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) continue;
    clean += static_cast<char>(c);
  }
  return clean;
}

std::string Addresses(const std::vector<domain::MailAddress>& list) {
  std::vector<std::string> out;
  for (const auto& a : list) out.push_back(a.address);
  return Join(out, ",");
}

std::string KindReason(MailKind k) {
  switch (k) {
    case MailKind::kAutoReply: return "an automatic reply (out of office or similar): it opens no ticket and gets no answer";
    case MailKind::kBounce: return "a delivery failure report (bounce): it opens no ticket and gets no answer";
    case MailKind::kBulk: return "bulk or mailing-list mail: it opens no ticket and gets no answer";
    case MailKind::kPerson: return "";
  }
  return "";
}

Actor ContactActor(const domain::Contact& c, bool same_org_reply) {
  Actor a = domain::ContactActor(c, "UTC");
  // A colleague of the requester answering the thread joins the ticket like the requester.
  a.manager_contact = c.manager || same_org_reply;
  return a;
}

std::string DisplayName(const domain::MailAddress& from) {
  std::string name = Trim(from.name);
  if (!name.empty()) return CutUtf8(name, 200);
  return from.address.substr(0, from.address.find('@'));
}

}  // namespace

MailIntake::MailIntake(store::Store& store, store::FileStore& files, TicketService& tickets, Clock& clock,
                       MailReader reader, HtmlSanitizer sanitizer, MailIntakeOptions options)
    : store_(store),
      files_(files),
      tickets_(tickets),
      clock_(clock),
      reader_(std::move(reader)),
      sanitizer_(std::move(sanitizer)),
      options_(options) {}

StatusOr<std::string> MailIntake::StoreRaw(std::string_view raw) {
  FAROL_ASSIGN_OR_RETURN(store::StoredFile stored, files_.Put(GzipCompress(raw)));
  return stored.sha256;
}

// Writes the mail log's row: updates the row being re-read, or inserts a new one unless another
// process took the same message in meanwhile (kAlreadyExists: the caller's transaction rolls back).
Status MailIntake::SaveRow(store::Tx& tx, store::MailMessage& row, int64_t existing_row) {
  if (existing_row) {
    row.id = existing_row;
    return tx.mail_messages().Update(row);
  }
  FAROL_ASSIGN_OR_RETURN(auto seen, tx.mail_messages().Find("in", row.message_id));
  if (seen) return AlreadyExistsError("message " + row.message_id + " was already taken in");
  FAROL_ASSIGN_OR_RETURN(row.id, tx.mail_messages().Insert(row));
  return OkStatus();
}

StatusOr<InboundMail> MailIntake::Read(std::string_view raw) const {
  return reader_ ? reader_(raw) : StatusOr<InboundMail>(InternalError("this build of farol cannot read e-mail"));
}

StatusOr<MailResult> MailIntake::Take(const MailboxRoute& mailbox, std::string_view raw) {
  return Process(mailbox, raw, Read(raw), 0, 0);
}

namespace {

// Groups messages that must be taken in one after another: union-find over the message ids of
// each conversation and the sender's address. Returns the groups, each in the given order.
std::vector<std::vector<size_t>> Lanes(const std::vector<StatusOr<InboundMail>>& parsed) {
  std::vector<size_t> parent(parsed.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto root = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  std::unordered_map<std::string, size_t> first;
  auto link = [&](const std::string& key, size_t i) {
    if (key.empty()) return;
    auto [it, fresh] = first.emplace(key, i);
    if (!fresh) parent[root(i)] = root(it->second);
  };
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i].ok()) continue;
    const InboundMail& m = *parsed[i];
    link("id:" + m.message_id, i);
    for (const std::string& id : domain::ThreadCandidates(m)) link("id:" + id, i);
    link("from:" + AsciiLower(m.from.address), i);
  }
  std::vector<std::vector<size_t>> lanes;
  std::unordered_map<size_t, size_t> lane_of;
  for (size_t i = 0; i < parsed.size(); ++i) {
    auto [it, fresh] = lane_of.emplace(root(i), lanes.size());
    if (fresh) lanes.emplace_back();
    lanes[it->second].push_back(i);
  }
  return lanes;
}

}  // namespace

std::vector<StatusOr<MailResult>> MailIntake::TakeAll(const MailboxRoute& mailbox,
                                                      const std::vector<std::string_view>& raws, int threads) {
  const size_t n_threads = static_cast<size_t>(std::max(threads, 1));
  std::vector<StatusOr<InboundMail>> parsed(raws.size(), StatusOr<InboundMail>(InternalError("not read")));
  ParallelFor(raws.size(), n_threads, [&](size_t i) { parsed[i] = Read(raws[i]); });
  const std::vector<std::vector<size_t>> lanes = Lanes(parsed);
  std::vector<StatusOr<MailResult>> out(
      raws.size(), StatusOr<MailResult>(UnavailableError("not taken in: an earlier message of its conversation or "
                                                         "sender could not be stored")));
  ParallelFor(lanes.size(), n_threads, [&](size_t l) {
    for (size_t i : lanes[l]) {
      out[i] = Process(mailbox, raws[i], parsed[i], 0, 0);
      if (!out[i].ok()) return;
    }
  });
  return out;
}

StatusOr<MailResult> MailIntake::Process(const MailboxRoute& mailbox, std::string_view raw,
                                         const StatusOr<InboundMail>& parsed, int64_t existing_row,
                                         int64_t organisation_for_triage) {
  // The guardian's apology inbox: a readable message is a problem record (an unreadable one is
  // quarantined below like any other; retried after a fix, it makes its record).
  if (mailbox.apology && parsed.ok() && apology_) return apology_(raw, *parsed);
  const Timestamp now = clock_.SystemNow();
  store::MailMessage row;
  row.direction = "in";
  row.mailbox = mailbox.name;
  row.raw_size = static_cast<int64_t>(raw.size());
  row.received_at = now;
  row.updated_at = now;
  row.attempts = 1;
  if (existing_row) {
    FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(auto old, tx.mail_messages().Get(existing_row));
      if (!old) return NotFoundError("no such message");
      row.received_at = old->received_at;
      row.attempts = old->attempts + 1;
      row.raw_sha256 = old->raw_sha256;
      row.message_id = old->message_id;
      return OkStatus();
    }));
  }

  auto finish = [&](MailOutcome outcome, std::string state, std::string reason) -> StatusOr<MailResult> {
    row.state = std::move(state);
    row.reason = reason;
    if (row.raw_sha256.empty()) {
      FAROL_ASSIGN_OR_RETURN(row.raw_sha256, StoreRaw(raw));
    }
    Status s = store_.Write([&](store::Tx& tx) { return SaveRow(tx, row, existing_row); });
    if (s.code() == StatusCode::kAlreadyExists) return MailResult{MailOutcome::kDuplicate, 0, 0, ""};
    FAROL_RETURN_IF_ERROR(s);
    return MailResult{outcome, row.id, row.ticket_id, std::move(reason)};
  };

  if (!parsed.ok()) {
    // Unreadable: kept whole in quarantine, under an id made from its bytes (the same on every
    // fetch), for an admin to look at and retry.
    if (row.message_id.empty()) row.message_id = crypto::Sha256Hex(raw).substr(0, 40) + "@unreadable.farol";
    if (!existing_row) {
      std::optional<store::MailMessage> seen;
      FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
        FAROL_ASSIGN_OR_RETURN(seen, tx.mail_messages().Find("in", row.message_id));
        return OkStatus();
      }));
      if (seen) return MailResult{MailOutcome::kDuplicate, seen->id, seen->ticket_id, ""};
    }
    return finish(MailOutcome::kQuarantined, "quarantined", "the message could not be read: " + parsed.status().message());
  }
  const InboundMail& m = *parsed;
  if (!existing_row) row.message_id = m.message_id;
  row.from_address = m.from.address;
  row.from_name = m.from.name;
  row.to_addresses = Addresses(m.to);
  row.subject = CutUtf8(m.subject, 1000);
  row.kind = std::string(domain::Name(domain::Classify(m)));

  // What is already known: this very message, the thread, the sender.
  struct Known {
    std::optional<store::MailMessage> seen;
    bool ours = false;
    int64_t sender_recent = 0;
    int64_t thread_ticket = 0;
    std::optional<domain::Ticket> ticket;
    std::optional<domain::Contact> contact;
    std::optional<domain::Organisation> org;
  } k;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    if (!existing_row) {
      FAROL_ASSIGN_OR_RETURN(k.seen, tx.mail_messages().Find("in", m.message_id));
    }
    FAROL_ASSIGN_OR_RETURN(auto out, tx.mail_messages().Find("out", m.message_id));
    k.ours = out.has_value();
    FAROL_ASSIGN_OR_RETURN(k.sender_recent, tx.mail_messages().CountFrom(m.from.address, now - options_.loop_window));
    FAROL_ASSIGN_OR_RETURN(k.thread_ticket, tx.mail_messages().TicketOf(domain::ThreadCandidates(m)));
    if (k.thread_ticket == 0) k.thread_ticket = domain::SubjectTicketToken(m.subject).value_or(0);
    if (k.thread_ticket) {
      FAROL_ASSIGN_OR_RETURN(k.ticket, tx.tickets().Get(k.thread_ticket));
      // A merged ticket's conversation continues on the ticket it was merged into.
      for (int hops = 0; k.ticket && k.ticket->merged_into != 0 && hops < 10; ++hops) {
        FAROL_ASSIGN_OR_RETURN(k.ticket, tx.tickets().Get(k.ticket->merged_into));
      }
    }
    FAROL_ASSIGN_OR_RETURN(k.contact, tx.contacts().GetByEmail(m.from.address));
    if (organisation_for_triage) {
      FAROL_ASSIGN_OR_RETURN(k.org, tx.organisations().Get(organisation_for_triage));
      if (!k.org || !k.org->active) return FieldInvalidError("organisation_id", "no such active organisation");
    } else if (!k.contact) {
      const std::string domain_part = m.from.address.substr(m.from.address.find('@') + 1);
      FAROL_ASSIGN_OR_RETURN(k.org, tx.organisations().FindByEmailDomain(domain_part));
    }
    return OkStatus();
  }));
  if (k.seen) return MailResult{MailOutcome::kDuplicate, k.seen->id, k.seen->ticket_id, ""};
  if (k.ours) return finish(MailOutcome::kIgnored, "ignored", "a message farol sent itself, come back");
  if (const MailKind kind = domain::Classify(m); kind != MailKind::kPerson) {
    return finish(MailOutcome::kIgnored, "ignored", KindReason(kind));
  }
  if (k.sender_recent >= options_.loop_limit && !existing_row) {
    return finish(MailOutcome::kIgnored, "ignored",
                  "more than " + std::to_string(options_.loop_limit) + " messages from " + m.from.address +
                      " within an hour: taken for a mail loop");
  }
  // The sender: a known contact, or a new one in the organisation of their e-mail domain.
  if (k.contact && !k.contact->active) {
    return finish(MailOutcome::kTriage, "triage", "the sender is a deactivated contact");
  }
  if (k.contact && organisation_for_triage && k.contact->organisation_id != organisation_for_triage) {
    return FieldInvalidError("organisation_id", "the sender is already a contact of another organisation");
  }
  if (!k.contact) {
    if (!k.org) {
      return finish(MailOutcome::kTriage, "triage",
                    "no organisation has the sender's e-mail domain (" +
                        m.from.address.substr(m.from.address.find('@') + 1) + ")");
    }
    domain::Contact c;
    c.organisation_id = k.org->id;
    c.name = DisplayName(m.from);
    c.email = m.from.address;
    c.locale = "pt-BR";
    c.created_at = now;
    c.updated_at = now;
    Status s = store_.Write([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(c.id, tx.contacts().Insert(c, ""));
      return OkStatus();
    });
    if (!s.ok() && s.code() != StatusCode::kAlreadyExists) return s;
    FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(k.contact, tx.contacts().GetByEmail(c.email));
      return OkStatus();
    }));
    if (!k.contact) return InternalError("the new contact vanished");
  }
  const domain::Contact& contact = *k.contact;

  TicketService::MailIn in;
  const bool joins = k.ticket && k.ticket->organisation_id == contact.organisation_id &&
                     k.ticket->status != domain::TicketStatus::kClosed &&
                     k.ticket->status != domain::TicketStatus::kCancelled;
  in.contact = ContactActor(contact, joins);
  for (const auto& a : m.attachments) in.files.emplace_back(a.file_name, a.data);
  if (joins) {
    in.reply_to = k.ticket->id;
    in.body = Body(domain::TrimQuoted(m.text), "(an e-mail with no text; see its files)");
  } else {
    in.ticket.type = mailbox.type;
    in.ticket.subject = Subject(m);
    // Shown without the sender's signature; the original keeps it.
    std::string description = Body(domain::TrimSignature(m.text), "(an e-mail with no text)");
    if (k.ticket && k.ticket->organisation_id == contact.organisation_id) {
      // An answer to a finished ticket starts a new one that says where it comes from.
      description = "Follow-up to #" + std::to_string(k.ticket->id) + "\n\n" + description;
    }
    in.ticket.description = CutUtf8(description, kMaxBodyBytes);
    in.ticket.organisation_id = contact.organisation_id;
    in.ticket.requester_id = contact.id;
    in.ticket.channel = domain::Channel::kEmail;
    in.ticket.team_id = mailbox.team_id;
  }
  if (row.raw_sha256.empty()) {
    FAROL_ASSIGN_OR_RETURN(row.raw_sha256, StoreRaw(raw));
  }
  row.state = joins ? "reply" : "ticket";
  auto ticket = tickets_.TakeMail(in, [&](store::Tx& tx, const domain::Ticket& t, int64_t event_id,
                                          const std::vector<int64_t>& attachment_ids) -> Status {
    row.ticket_id = t.id;
    row.event_id = event_id;
    if (!m.html.empty() && sanitizer_) {
      row.html = sanitizer_(m.html, [&](std::string_view cid) -> std::string {
        for (size_t i = 0; i < m.attachments.size(); ++i) {
          if (m.attachments[i].content_id == cid && attachment_ids[i] != 0) {
            return "/api/v1/attachments/" + std::to_string(attachment_ids[i]);
          }
        }
        return "";
      });
    }
    return SaveRow(tx, row, existing_row);
  });
  if (ticket.status().code() == StatusCode::kAlreadyExists) return MailResult{MailOutcome::kDuplicate, 0, 0, ""};
  if (!ticket.ok()) {
    const StatusCode code = ticket.status().code();
    if (code == StatusCode::kUnavailable || code == StatusCode::kInternal) return ticket.status();
    // The message itself cannot become a ticket (say, a field farol refuses): kept for an admin.
    row.ticket_id = 0;
    row.event_id = 0;
    row.html.clear();
    return finish(MailOutcome::kQuarantined, "quarantined",
                  "the message could not become a ticket: " + ticket.status().message());
  }
  MailResult result{joins ? MailOutcome::kReply : MailOutcome::kTicket, row.id, ticket->id, ""};
  if (joins && escalations_) {
    if (auto asked = domain::EscalationAsked(m.subject, domain::TrimQuoted(m.text))) {
      result.reason = AskToEscalate(in.contact, ticket->id, *asked);
      // The mail log says what came of it (the message itself is taken in whatever happens).
      row.reason = result.reason;
      row.updated_at = clock_.SystemNow();
      Status logged = store_.Write([&](store::Tx& tx) { return tx.mail_messages().Update(row); });
      if (!logged.ok()) result.reason += " (not written to the mail log: " + std::string(logged.message()) + ")";
    }
  }
  return result;
}

std::string MailIntake::AskToEscalate(const Actor& contact, int64_t ticket_id, const std::string& words) {
  const std::string reason = words.empty() ? std::string("(asked by e-mail, with no reason given)") : CutUtf8(words, 2000);
  auto r = escalations_->Request(contact, ticket_id, reason);
  if (r.ok()) return "asked to escalate: level " + std::to_string(r->level) + " (" + r->name + ") fired";
  // Refused (asked again too soon, nothing left to escalate to, no levels): the reply stands, and
  // the team reads on the ticket, staff only, what the customer asked and why nothing moved.
  const std::string why(r.status().message());
  const std::string note =
      contact.name + " <" + contact.email + "> asked by e-mail to escalate this ticket; it was not escalated: " + why;
  auto noted = tickets_.Reply(Actor::System(), ticket_id, /*internal=*/true, note, {}, std::nullopt, std::nullopt);
  return "asked to escalate, not escalated: " + why +
         (noted.ok() ? std::string() : " (and the note saying so was not saved: " + std::string(noted.status().message()) + ")");
}

StatusOr<std::vector<store::MailMessage>> MailIntake::List(const Actor& actor, std::string_view state, int limit,
                                                           int64_t before_id) {
  // Triage is agents' work (it makes contacts and tickets); the rest of the log is for admins.
  FAROL_RETURN_IF_ERROR(domain::Require(actor, state == "triage" ? Permission::kContactWrite : Permission::kCatalogWrite));
  std::vector<store::MailMessage> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.mail_messages().List(state, 0, limit, before_id));
    return OkStatus();
  }));
  return out;
}

StatusOr<store::MailMessage> MailIntake::Get(const Actor& actor, int64_t id) {
  std::optional<store::MailMessage> m;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(m, tx.mail_messages().Get(id));
    if (!m) return NotFoundError("Message " + std::to_string(id) + " was not found.");
    // Staff who may see the ticket see its e-mails; everything else is for admins.
    if (m->ticket_id && actor.IsStaff()) {
      FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(m->ticket_id));
      if (t && domain::CanSeeTicket(actor, *t)) return OkStatus();
    }
    if (m->state == "triage" && domain::Has(actor, Permission::kContactWrite)) return OkStatus();
    if (!domain::Has(actor, Permission::kCatalogWrite)) return NotFoundError("Message " + std::to_string(id) + " was not found.");
    return OkStatus();
  }));
  return std::move(*m);
}

StatusOr<std::string> MailIntake::Raw(const Actor& actor, int64_t id) {
  FAROL_ASSIGN_OR_RETURN(store::MailMessage m, Get(actor, id));
  return ReadRaw(m);
}

StatusOr<std::string> MailIntake::ReadRaw(const store::MailMessage& m) {
  if (m.direction == "out" && m.raw_sha256.empty() && m.delivery_id != 0) {
    // A reply's e-mail is kept whole in its outbox row (app/mail_out.cc).
    std::optional<store::Delivery> d;
    FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      FAROL_ASSIGN_OR_RETURN(d, tx.deliveries().Get(m.delivery_id));
      return OkStatus();
    }));
    if (d) return d->body;
  }
  if (m.raw_sha256.empty()) return NotFoundError("The original of message " + std::to_string(m.id) + " was not kept.");
  FAROL_ASSIGN_OR_RETURN(const std::string path, files_.PathFor(m.raw_sha256));
  std::ifstream in(path, std::ios::binary);
  if (!in) return InternalError("the stored original of message " + std::to_string(m.id) + " cannot be read");
  std::stringstream gz;
  gz << in.rdbuf();
  return GzipDecompress(gz.str());
}

StatusOr<MailResult> MailIntake::Retry(const Actor& actor, int64_t id, const MailboxRoute& mailbox) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kCatalogWrite));
  FAROL_ASSIGN_OR_RETURN(store::MailMessage m, Get(actor, id));
  if (m.state != "quarantined") {
    return FailedPreconditionError("Only a quarantined message can be retried; this one is " + m.state + ".");
  }
  FAROL_ASSIGN_OR_RETURN(const std::string raw, ReadRaw(m));
  return Process(mailbox, raw, Read(raw), id, 0);
}

StatusOr<MailResult> MailIntake::Accept(const Actor& actor, int64_t id, int64_t organisation_id,
                                        const MailboxRoute& mailbox) {
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kContactWrite));
  FAROL_RETURN_IF_ERROR(domain::Require(actor, Permission::kTicketCreate));
  std::optional<store::MailMessage> m;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(m, tx.mail_messages().Get(id));
    return m ? OkStatus() : NotFoundError("Message " + std::to_string(id) + " was not found.");
  }));
  if (m->state != "triage") {
    return FailedPreconditionError("Only a message waiting for triage can be accepted; this one is " + m->state + ".");
  }
  FAROL_ASSIGN_OR_RETURN(const std::string raw, ReadRaw(*m));
  return Process(mailbox, raw, Read(raw), id, organisation_id);
}

StatusOr<std::vector<store::MailMessage>> MailIntake::ForTicket(const Actor& actor, int64_t ticket_id) {
  FAROL_RETURN_IF_ERROR(tickets_.Get(actor, ticket_id).status());
  if (!actor.IsStaff() && !actor.IsSystem()) return PermissionDeniedError("Only staff see a ticket's e-mails.");
  std::vector<store::MailMessage> out;
  FAROL_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(out, tx.mail_messages().List("", ticket_id, 500, 0));
    return OkStatus();
  }));
  return out;
}

}  // namespace farol::app
