// Ticket use cases: open, read, list, change, reply, escalate, merge, link, attach, rate.
//
// Every method reads the clock once, decides authorisation here (never in handlers), turns the
// request into events with the pure domain rules, and stores the events and the new projection
// in one write transaction. A ticket outside the caller's reach is reported as not found.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/ticket_watch.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "domain/access.h"
#include "domain/ticket.h"
#include "store/file_store.h"
#include "store/store.h"

namespace farol::app {

struct TicketConfig {
  int64_t max_attachment_bytes = 25 * 1024 * 1024;
};

struct CreateResult {
  domain::Ticket ticket;
  bool replayed = false;  // an Idempotency-Key matched an earlier request: nothing new was created
};

// An Idempotency-Key and a digest of the request it came with.
struct IdempotencyKey {
  std::string key;
  std::string request_hash;
};

struct TicketDetail {
  domain::Ticket ticket;
  std::string organisation_name;
  std::string requester_name;
  std::string assignee_name;
  std::string team_name;
};

class TicketService {
 public:
  // `watch` hears of every ticket change once it is durable (live views).
  TicketService(store::Store& store, store::FileStore& files, Clock& clock, TicketConfig config,
                metrics::Registry* metrics, TicketWatch* watch = nullptr);

  // Runs inside every transaction that changed tickets, after the change, with the changed ids:
  // what must stay in step with tickets (the SLA state and alert timers) is kept there. Set once,
  // before use.
  // `opened`: the tickets this transaction created, with their whole timeline (nothing else of
  // them is stored yet).
  using Opened = std::map<int64_t, std::vector<domain::TicketEvent>>;
  using AfterWrite = std::function<Status(store::Tx&, const std::vector<int64_t>& ids, const Opened& opened, Timestamp now)>;
  void SetAfterWrite(AfterWrite fn) { after_write_ = std::move(fn); }
  // Runs inside the transaction that opens a ticket, on its created event before it is stored
  // (the SLA terms the ticket will be measured by are recorded there). Set once, before use.
  using OnCreate = std::function<Status(store::Tx&, domain::TicketEvent& created)>;
  void SetOnCreate(OnCreate fn) { on_create_ = std::move(fn); }
  // Runs inside the transaction of every change, once per event stored (a public reply's e-mail
  // to the requester, a resolved ticket's notice are queued there), with the ticket after the
  // change. Not for the created event: AfterWrite sees new tickets. Set once, before use.
  using OnEvent = std::function<Status(store::Tx&, const domain::Ticket& after, const domain::TicketEvent& event, Timestamp now)>;
  void SetOnEvent(OnEvent fn) { on_event_ = std::move(fn); }

  // Staff with ticket.create open tickets for any organisation. A contact opens tickets for its
  // own organisation, as requester, through the portal channel, and may set only type, subject,
  // description, urgency, site, network area, category and custom fields.
  StatusOr<CreateResult> Create(const domain::Actor& actor, domain::NewTicket n,
                                const std::optional<IdempotencyKey>& idem);
  // A contact's e-mail (or the first line of a chat), taken in as one transaction: opens a ticket (`ticket`, when `reply_to` is
  // 0) or adds a public reply to ticket `reply_to`, stores `files` on it (public), and runs `also`
  // (the mail log's row) before committing, so a message is taken in wholly or not at all. A file
  // over the size limit is left out with a note in the text (the original message keeps it).
  struct MailIn {
    domain::Actor contact;
    int64_t reply_to = 0;
    domain::NewTicket ticket;
    std::string body;  // the reply's text
    std::vector<std::pair<std::string, std::string>> files;  // name, bytes
  };
  // `event_id`: the created event (a new ticket) or the public reply; `attachment_ids`: each of
  // `files`' attachment (0 for one left out).
  using AlsoInTx = std::function<Status(store::Tx&, const domain::Ticket&, int64_t event_id,
                                        const std::vector<int64_t>& attachment_ids)>;
  StatusOr<domain::Ticket> TakeMail(const MailIn& in, const AlsoInTx& also);
  // A monitoring alert or a chat notice, as one transaction, acting as farol itself: `plan`
  // decides, inside the transaction, what to do (nullopt: nothing); the ticket is opened
  // (`ticket_id` 0) or gets `note` (internal unless `note_public`) and then `then_status`; `also`
  // (the alert's or chat's row) runs before committing. nullopt when `plan` said nothing was to
  // be done.
  struct AlertIn {
    int64_t ticket_id = 0;
    domain::NewTicket ticket;
    std::string note;
    bool note_public = false;
    std::optional<domain::TicketStatus> then_status;
  };
  using PlanAlert = std::function<StatusOr<std::optional<AlertIn>>(store::Tx&)>;
  StatusOr<std::optional<domain::Ticket>> TakeAlert(const PlanAlert& plan, const AlsoInTx& also);

  StatusOr<TicketDetail> Get(const domain::Actor& actor, int64_t id);
  // Contacts only ever see their own tickets (or their organisation's, as manager contact).
  StatusOr<store::TicketPage> List(const domain::Actor& actor, store::TicketQuery q);
  StatusOr<std::vector<std::pair<domain::TicketStatus, int64_t>>> CountByStatus(
      const domain::Actor& actor, store::TicketFilter f);
  // Internal events are left out for contacts.
  StatusOr<std::vector<domain::TicketEvent>> Events(const domain::Actor& actor, int64_t id);

  // `expected_version`: the version the caller last saw (If-Match); kStaleVersion if it moved.
  // `also` runs inside the same transaction, after the change (a chat's pick-up).
  StatusOr<domain::Ticket> Update(const domain::Actor& actor, int64_t id,
                                  const domain::TicketChanges& changes,
                                  std::optional<int64_t> expected_version,
                                  const std::function<Status(store::Tx&, const domain::Ticket&)>& also = nullptr);
  StatusOr<domain::Ticket> Reply(const domain::Actor& actor, int64_t id, bool internal,
                                 std::string_view body, const std::vector<int64_t>& attachment_ids,
                                 std::optional<domain::TicketStatus> then_status,
                                 std::optional<int64_t> expected_version);
  StatusOr<domain::Ticket> Escalate(const domain::Actor& actor, int64_t id, std::string_view reason,
                                    std::optional<int64_t> team_id,
                                    std::optional<int64_t> expected_version);
  // Merges ticket `id` into `into_id`; returns the target.
  StatusOr<domain::Ticket> Merge(const domain::Actor& actor, int64_t id, int64_t into_id);
  Status Link(const domain::Actor& actor, int64_t id, int64_t other_id, domain::LinkKind kind);
  Status Unlink(const domain::Actor& actor, int64_t id, int64_t other_id, domain::LinkKind kind);
  // Links as seen from ticket `id`; for contacts only links to tickets they may see.
  StatusOr<std::vector<store::TicketLink>> Links(const domain::Actor& actor, int64_t id);
  // Logs a phone call (or a visit) on ticket `id`; staff with ticket.reply.
  StatusOr<domain::Ticket> LogCall(const domain::Actor& actor, int64_t id, const domain::CallLog& call);
  // A call (or visit) that is a new contact: opens ticket `n` on the phone or in_person channel
  // (phone when `n` names another) and logs `call` on it, in one transaction; a call resolved
  // there and then is first-contact resolution. Staff with ticket.create and ticket.reply (and
  // ticket.update to resolve it on the call).
  StatusOr<domain::Ticket> OpenFromCall(const domain::Actor& actor, domain::NewTicket n, const domain::CallLog& call);
  // Only the ticket's requester rates it (not staff, not the manager contact on others' behalf).
  StatusOr<domain::Ticket> Rate(const domain::Actor& actor, int64_t id, int stars,
                                std::string_view comment);

  // Stores an uploaded file on ticket `id`. Contacts' files are always public.
  StatusOr<store::Attachment> Attach(const domain::Actor& actor, int64_t id,
                                     std::string_view filename, std::string_view bytes,
                                     bool internal);
  StatusOr<std::vector<store::Attachment>> Attachments(const domain::Actor& actor, int64_t id);
  // The attachment and the path of its bytes, if the caller may see it.
  StatusOr<std::pair<store::Attachment, std::string>> OpenAttachment(const domain::Actor& actor,
                                                                     int64_t attachment_id);

  // Bulk loading for `farol demo`: stores a ticket with a ready-made timeline (and indexes its
  // text) in the caller's transaction. REQUIRES: the events are a valid ticket history, as the
  // Plan*() functions would produce; they are replayed to build the projection.
  static StatusOr<int64_t> ImportInTx(store::Tx& tx, std::vector<domain::TicketEvent>& events);

 private:
  // Loads ticket `id` for the caller inside `tx`: kNotFound if absent or out of reach.
  StatusOr<domain::Ticket> LoadVisible(store::Tx& tx, const domain::Actor& actor, int64_t id);
  // Tickets changed by one use case, announced to `watch_` once its transaction is durable.
  struct Changed {
    std::vector<int64_t> ids;
    Opened opened;
  };
  // store_.Write, then the announcement of every ticket `fn` committed.
  Status WriteTickets(const std::function<Status(store::Tx&, Changed&)>& fn);
  StatusOr<domain::Ticket> OpenInTx(store::Tx& tx, Changed& changed, const domain::Actor& actor,
                                    const domain::NewTicket& n, Timestamp now);
  // Applies `events` to `t`, stores the projection (checking its version) and the events, and
  // indexes reply text. Returns the new state.
  StatusOr<domain::Ticket> Commit(store::Tx& tx, const domain::Ticket& before,
                                  std::vector<domain::TicketEvent>& events, Changed& changed);
  Status SetLink(const domain::Actor& actor, int64_t id, int64_t other_id, domain::LinkKind kind, bool unlink);
  Status CheckReferences(store::Tx& tx, const domain::Ticket& t, bool team_changed,
                         bool assignee_changed);

  store::Store& store_;
  store::FileStore& files_;
  Clock& clock_;
  const TicketConfig config_;
  metrics::Counter* created_ = nullptr;
  TicketWatch* watch_ = nullptr;
  AfterWrite after_write_;
  OnCreate on_create_;
  OnEvent on_event_;
};

// The attachment file name rules: 1..255 bytes of valid UTF-8, no path separators, no control
// characters, not "." or "..". Returns the trimmed name or a field error.
StatusOr<std::string> ValidateFilename(std::string_view name);

// The priority matrix in force (settings key "priority_matrix"; the ITIL default if unset).
StatusOr<domain::PriorityMatrix> LoadPriorityMatrix(store::Tx& tx);

}  // namespace farol::app
