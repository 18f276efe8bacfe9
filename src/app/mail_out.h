// E-mail out (docs/EMAIL.md): a staff member's public reply on a ticket is e-mailed to the
// ticket's requester, threaded with the conversation, in the same transaction as the reply.
//
// The message is built when the reply is saved and queued in the outbox (`deliveries`, event
// "mail.reply", the whole message as its body), with a row in the mail log (direction "out",
// state queued → sent, or failed with the reason). The scheduler sends it over SMTP with
// retries and backoff (AlertService::DeliverDue), so a reply is never lost because the mail
// server was down; a dead delivery is visible to admins and retryable.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "domain/mail.h"
#include "domain/ticket.h"
#include "store/file_store.h"
#include "store/store.h"

namespace farol::app {

// Builds the bytes of a message (src/mail: mail::Writer()).
using MailWriter = std::function<std::string(const domain::OutboundMail&)>;

struct MailOutOptions {
  bool enabled = false;        // on when an SMTP server and a From address are configured
  domain::MailAddress from;    // the desk's address, e.g. {"Farol Support", "support@example.com"}
  // A brand's own address per mailbox name: a ticket that came in through that mailbox is
  // answered from it (and its notices too); any other ticket from `from`.
  std::map<std::string, domain::MailAddress> mailbox_from;
  std::string public_url;      // the web app's address, for the ticket's link ("" = none)
  int64_t max_attachment_bytes = 20 * 1024 * 1024;  // files past this total stay links in the ticket
  // Notices to the requester: a ticket opened for them (not a chat, which they are in), and a
  // ticket resolved (with the link to rate it).
  bool notify_opened = false;
  bool notify_resolved = false;
};

inline constexpr std::string_view kMailReplyEvent = "mail.reply";

class MailOutbox {
 public:
  // `files` must outlive this.
  MailOutbox(store::FileStore& files, MailOutOptions options, MailWriter writer)
      : files_(files), options_(std::move(options)), writer_(std::move(writer)) {}

  // Queues the e-mail for `reply` (a public reply just stored on `ticket`), if it is a staff
  // member's, mail out is on and the requester has an address. Runs in the reply's transaction.
  Status QueueReply(store::Tx& tx, const domain::Ticket& ticket, const domain::TicketEvent& reply, Timestamp now);
  // Queues a notice about `ticket` (`event_id`: the event it is about), if that notice is on,
  // mail out is on and the requester has an address. Runs in the ticket's transaction.
  Status QueueNotice(store::Tx& tx, const domain::Ticket& ticket, domain::NoticeKind kind, int64_t event_id, Timestamp now);

  const MailOutOptions& options() const { return options_; }

 private:
  // The address `t`'s e-mails leave from: the From of the mailbox its first message came in
  // through, if that mailbox has one, else the desk's. `thread` is the ticket's mail, oldest first.
  const domain::MailAddress& FromFor(const std::vector<store::MailMessage>& thread) const;
  // The e-mail to the requester `contact` of `t`, written by `author_name`, about event
  // `event_id`; `tag` makes its Message-ID unique among the event's e-mails; `signed_by_desk`:
  // signed with the name of the address it leaves from, when it has one.
  Status Queue(store::Tx& tx, const domain::Ticket& t, const domain::Contact& contact, std::string body,
               std::string author_name, int64_t event_id, std::string_view tag,
               const std::vector<int64_t>& attachment_ids, Timestamp now, bool signed_by_desk = false);

  store::FileStore& files_;
  MailOutOptions options_;
  MailWriter writer_;
};

}  // namespace farol::app
