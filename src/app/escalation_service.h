// The escalation matrix at work (docs/ESCALATION.md): firing a level (the scheduler's timer, or
// a contact's request), telling its people and channels, the escalation log, and acknowledgements
// in the app or from a signed link in the e-mail.
//
// A level fires in one transaction with everything it causes: the log row, the ticket's
// escalation_fired event, one delivery per person and channel, and the next level's timer. It
// fires at most once per ticket (the log's unique (ticket, level), and the timer's).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/sla_tracker.h"
#include "app/ticket_watch.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "domain/access.h"
#include "store/store.h"

namespace farol::app {

struct EscalationConfig {
  std::string public_url;         // the web app's address, for links ("" = no links)
  bool email = false;             // an SMTP server is configured: people are e-mailed
  std::chrono::hours link_lifetime{24 * 7};  // how long an acknowledgement link works
};

class EscalationService {
 public:
  EscalationService(store::Store& store, Clock& clock, SlaTracker& tracker, TicketWatch* watch,
                    metrics::Registry* metrics, EscalationConfig config);

  // ---- the scheduler's work (inside its transaction) ----
  struct FireResult {
    int64_t row_id = 0;
    int deliveries = 0;
  };
  // Fires `level` (1-based) of ticket `ticket_id`, whose SLA is `sla`. `cause` says why;
  // `requested_by` is the contact who asked (0: none). kAlreadyExists if it fired before.
  StatusOr<FireResult> Fire(store::Tx& tx, int64_t ticket_id, const TicketSla& sla, int level, std::string cause,
                            int64_t requested_by, std::string customer_reason, Timestamp now);

  // ---- staff ----
  // The ticket's escalation so far, by level (staff with ticket.read; a contact who can see the
  // ticket gets it without recipients or acknowledgements).
  struct TicketEscalation {
    std::vector<store::EscalationRow> fired;
    std::optional<domain::SlaAlarm> next;  // the next level's timer, if one is armed
    std::string next_name;
    int levels = 0;                    // in the matrix that applies (0: none applies)
    bool open = false;                 // the ticket is still being worked (not resolved, closed or cancelled)
    std::optional<Timestamp> request_allowed_at;  // contacts: when another request is possible (nullopt: now, if levels remain)
  };
  StatusOr<TicketEscalation> ForTicket(const domain::Actor& actor, int64_t ticket_id);
  // Acknowledges a fired level (staff with ticket.read). Acknowledging twice changes nothing.
  StatusOr<store::EscalationRow> Acknowledge(const domain::Actor& actor, int64_t ticket_id, int level);
  // The log, newest first (staff with ticket.read).
  StatusOr<std::vector<store::EscalationRow>> Log(const domain::Actor& actor, std::optional<bool> acknowledged,
                                                  int limit, int64_t before_id);

  // ---- signed links (no sign-in: the link is the credential) ----
  struct LinkView {
    store::EscalationRow row;
    std::string recipient;  // the person the link was sent to
  };
  // What a link acknowledges; kNotFound for a link that is not valid or has expired.
  StatusOr<LinkView> Peek(std::string_view token);
  StatusOr<LinkView> AcknowledgeByLink(std::string_view token);
  // The link for person `user_id` to acknowledge log row `row_id` (its token ends at `expires`).
  StatusOr<std::string> SignToken(store::Tx& tx, int64_t row_id, int64_t user_id, Timestamp expires);

  // ---- customers ----
  struct Requested {
    int level = 0;
    std::string name;
  };
  // A contact asks to escalate: the level after the highest one fired fires now. At most once
  // per the matrix's cooldown per ticket (kResourceExhausted, with when it will be possible);
  // kFailedPrecondition when nothing is left to escalate to or the ticket is no longer open.
  StatusOr<Requested> Request(const domain::Actor& actor, int64_t ticket_id, std::string_view reason);

 private:
  StatusOr<store::EscalationRow> AcknowledgeRow(store::Tx& tx, const store::EscalationRow& row, int64_t user_id,
                                                std::string_view via, Timestamp now, bool& changed);
  struct Token {
    int64_t row_id = 0;
    int64_t user_id = 0;
    long long expires = 0;
  };
  StatusOr<Token> VerifyToken(store::Tx& tx, std::string_view token);

  store::Store& store_;
  Clock& clock_;
  SlaTracker& tracker_;
  TicketWatch* watch_;
  EscalationConfig config_;
  metrics::Counter* fired_ = nullptr;
  metrics::Counter* acknowledged_ = nullptr;
};

}  // namespace farol::app
