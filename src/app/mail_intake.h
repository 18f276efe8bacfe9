// Taking e-mail in (docs/EMAIL.md). Every message read from a mailbox (or imported from a file)
// ends as exactly one of: a new ticket, a reply on its ticket, an ignored machine message
// (auto-reply, bounce, bulk, a loop), a message waiting for triage (a sender farol cannot place),
// or a quarantined message (unreadable) — recorded once by its Message-ID with its raw bytes
// kept gzip-compressed, so a re-fetched message is recognised and nothing read is ever lost.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ticket_service.h"
#include "core/clock.h"
#include "domain/access.h"
#include "domain/mail.h"
#include "store/file_store.h"
#include "store/store.h"

namespace farol::app {

// Where a mailbox's new tickets go.
class EscalationService;

struct MailboxRoute {
  std::string name;  // the mailbox's name in the configuration, e.g. "support"
  domain::TicketType type = domain::TicketType::kIncident;
  int64_t team_id = 0;  // 0: no team (the triage queue)
  // The guardian's apology inbox (docs/GUARDIAN.md): each readable message becomes a problem
  // record instead of a ticket.
  bool apology = false;
};

struct MailIntakeOptions {
  // More messages than this from one sender within `loop_window` are ignored as a mail loop.
  int loop_limit = 30;
  std::chrono::seconds loop_window{3600};
};

enum class MailOutcome { kTicket, kReply, kIgnored, kTriage, kQuarantined, kDuplicate, kProblem };
std::string_view Name(MailOutcome o);

struct MailResult {
  MailOutcome outcome = MailOutcome::kDuplicate;
  int64_t message_row = 0;  // the mail log's row
  int64_t ticket_id = 0;
  std::string reason;  // for ignored, triage and quarantined messages, in plain words
  int64_t problem_id = 0;  // kProblem: the guardian's record
};

// Takes an apology inbox's readable message in as a problem record (GuardianService).
using ApologyHandler = std::function<StatusOr<MailResult>(std::string_view raw, const domain::InboundMail& mail)>;

// The MIME layer, injected so that app/ does not depend on GMime: raw bytes to a message, and
// inbound HTML to its sanitised form (`resolve_cid` maps an inline image's Content-ID to a URL).
using MailReader = std::function<StatusOr<domain::InboundMail>(std::string_view raw)>;
using HtmlSanitizer =
    std::function<std::string(std::string_view html, const std::function<std::string(std::string_view)>& resolve_cid)>;

class MailIntake {
 public:
  MailIntake(store::Store& store, store::FileStore& files, TicketService& tickets, Clock& clock,
             MailReader reader, HtmlSanitizer sanitizer, MailIntakeOptions options = {});

  // Takes one message in. When this returns OK the outcome is durable and the caller may mark
  // the message read (or move it) on the server. An error is the store's or the file store's:
  // nothing was recorded and the message must stay on the server for the next attempt.
  StatusOr<MailResult> Take(const MailboxRoute& mailbox, std::string_view raw);

  // Takes several messages in on up to `threads` threads, so their commits share fsyncs. Messages
  // of one conversation (linked by Message-ID, In-Reply-To or References) and messages of one
  // sender are taken in one after another in the given order, as Take would one by one; the rest
  // run side by side. Returns one result per message, in the given order; a message after a
  // failed one of its conversation or sender is not attempted (kUnavailable) and stays unmarked.
  std::vector<StatusOr<MailResult>> TakeAll(const MailboxRoute& mailbox, const std::vector<std::string_view>& raws,
                                            int threads);

  // Where the apology inboxes' messages go (set once, before any message is taken in).
  void SetApologyHandler(ApologyHandler h) { apology_ = std::move(h); }

  // ---- administration (mail.admin: admins) ----
  // The mail log, newest first; `state` "" for all.
  StatusOr<std::vector<store::MailMessage>> List(const domain::Actor& actor, std::string_view state, int limit,
                                                 int64_t before_id);
  StatusOr<store::MailMessage> Get(const domain::Actor& actor, int64_t id);
  // The original bytes (an .eml), for audit and re-processing.
  StatusOr<std::string> Raw(const domain::Actor& actor, int64_t id);
  // Reads a quarantined message again (after a fix), as if it had just arrived.
  StatusOr<MailResult> Retry(const domain::Actor& actor, int64_t id, const MailboxRoute& mailbox);
  // Takes a message waiting for triage in for `organisation_id`: its sender becomes a contact
  // there and the message a ticket (or a reply, when it answers one of that organisation's).
  StatusOr<MailResult> Accept(const domain::Actor& actor, int64_t id, int64_t organisation_id,
                              const MailboxRoute& mailbox);

  // The e-mails of one ticket (staff who may see the ticket).
  StatusOr<std::vector<store::MailMessage>> ForTicket(const domain::Actor& actor, int64_t ticket_id);

  // Where a customer's reply asking to escalate goes (domain::EscalationAsked); none: replies
  // are only replies.
  void SetEscalations(EscalationService* escalations) { escalations_ = escalations; }

 private:
  StatusOr<domain::InboundMail> Read(std::string_view raw) const;
  StatusOr<MailResult> Process(const MailboxRoute& mailbox, std::string_view raw,
                               const StatusOr<domain::InboundMail>& parsed, int64_t existing_row,
                               int64_t organisation_for_triage);
  StatusOr<std::string> StoreRaw(std::string_view raw);
  StatusOr<std::string> ReadRaw(const store::MailMessage& m);
  Status SaveRow(store::Tx& tx, store::MailMessage& row, int64_t existing_row);
  // A reply that asked to escalate: the escalation asked for, or an internal note on the ticket
  // saying why it could not be; returns what happened, for the mail log.
  std::string AskToEscalate(const domain::Actor& contact, int64_t ticket_id, const std::string& words);

  store::Store& store_;
  store::FileStore& files_;
  TicketService& tickets_;
  Clock& clock_;
  MailReader reader_;
  HtmlSanitizer sanitizer_;
  MailIntakeOptions options_;
  EscalationService* escalations_ = nullptr;
  ApologyHandler apology_;
};

}  // namespace farol::app
