// The persistence port. A `Store` runs transactions; inside one, `Tx` hands out one narrow
// repository per aggregate, speaking the domain's language. The repositories are written once in
// portable SQL over sql::Connection; the backends (store/sqlite, store/postgres) differ in how
// they run transactions, in their migrations and in full-text search.
//
// Thread safety: Store is thread-safe; a Tx and its repositories belong to the thread running
// the transaction function and must not escape it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics.h"
#include "core/status.h"
#include "domain/alerts.h"
#include "domain/contract.h"
#include "domain/custom_field.h"
#include "domain/directory.h"
#include "domain/guardian.h"
#include "domain/survey.h"
#include "domain/ticket.h"
#include "store/sql.h"

namespace farol::store {

class Dialect;

// ---- records that are not domain values -------------------------------------------------

struct Credentials {
  int64_t id = 0;
  std::string password_hash;  // empty: no password set
};

struct SessionRecord {
  int64_t id = 0;
  std::string token_digest;
  domain::ActorKind subject_kind = domain::ActorKind::kStaff;
  int64_t subject_id = 0;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp last_seen_at;
  Timestamp expires_at;
};

struct ApiTokenRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string token_digest;
  std::string prefix;  // first characters of the token, to recognise it in a list
  Timestamp created_at;
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> revoked_at;
};

struct IdempotencyRecord {
  std::string scope;
  std::string key;
  std::string request_hash;
  int status = 0;
  std::string body;
  Timestamp created_at;
};

struct SavedFilter {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string query;  // the ticket list's query string, e.g. "status=open&team_id=3"
  Timestamp created_at;
};

struct Attachment {
  int64_t id = 0;
  std::string sha256;
  int64_t size = 0;
  std::string content_type;
  std::string filename;
  int64_t ticket_id = 0;
  bool internal = false;
  domain::ActorRef uploaded_by;
  Timestamp created_at;
};

struct TicketLink {
  int64_t ticket_id = 0;
  int64_t other_id = 0;
  domain::LinkKind kind = domain::LinkKind::kRelated;
  Timestamp created_at;
  // Filled by Links(): the other ticket's subject and status, for display.
  std::string other_subject;
  domain::TicketStatus other_status = domain::TicketStatus::kNew;
  int64_t other_organisation_id = 0;
  int64_t other_requester_id = 0;
};

// ---- ticket queries ---------------------------------------------------------------------

struct TimeRange {
  std::optional<Timestamp> from;  // inclusive
  std::optional<Timestamp> to;    // exclusive
};

// Tickets by their stored SLA state (tickets.sla_*), judged at `TicketFilter::sla_now`.
enum class SlaFilter {
  kAny,
  kAtRisk,    // a running clock has passed its first warning threshold but is not yet due
  kBreached,  // a clock is breached: a running one past due, or one that ended breached
  kRunning,   // some clock is running
};

struct TicketFilter {
  std::vector<domain::TicketStatus> statuses;
  std::vector<domain::TicketType> types;
  std::vector<int> priorities;
  std::vector<domain::Channel> channels;
  std::vector<int64_t> team_ids;
  std::vector<int64_t> assignee_ids;
  bool unassigned = false;  // assignee is none (combined with assignee_ids by OR)
  std::vector<int64_t> organisation_ids;
  std::vector<int64_t> requester_ids;
  std::vector<int64_t> site_ids;
  std::vector<int64_t> network_area_ids;
  std::vector<int64_t> category_ids;  // matches category or subcategory
  std::vector<std::string> tags;      // all of them
  std::vector<int> tiers;
  TimeRange created, updated, resolved;
  SlaFilter sla = SlaFilter::kAny;
  Timestamp sla_now;  // the instant kAtRisk / kBreached are judged at
  std::string text;  // full-text search over subject, description and replies
  bool text_includes_internal = true;  // false for contacts: notes are not searched
  // Access scope for contacts: tickets of `scope_organisation_id`, and only those requested by
  // `scope_requester_id` when it is non-zero.
  int64_t scope_organisation_id = 0;
  int64_t scope_requester_id = 0;
};

enum class TicketSort {
  kUpdated,
  kCreated,
  kNumber,
  kPriority,
  kStatus,
  kType,
  kSubject,
  kOrganisation,
  kAssignee,
  kTeam,
  kSlaDue,  // the soonest due instant of a running clock; tickets with none come last
};
std::string_view Name(TicketSort s);
std::optional<TicketSort> ParseTicketSort(std::string_view s);

struct TicketQuery {
  TicketFilter filter;
  TicketSort sort = TicketSort::kUpdated;
  bool descending = true;
  int limit = 50;           // 1..200
  std::string after;        // opaque cursor from a previous page
  bool with_total = false;  // also count every match (costs a scan of the matches)
};

struct TicketListItem {
  domain::Ticket ticket;
  std::string organisation_name;
  std::string requester_name;
  std::string assignee_name;
  std::string team_name;
};

struct TicketPage {
  std::vector<TicketListItem> items;
  std::string next_cursor;  // empty on the last page
  std::optional<int64_t> total;
};

struct ListOptions {
  std::string query;    // case-insensitive substring on names / e-mails
  int limit = 100;      // 1..500
  int64_t after_id = 0; // keyset pagination by id
  std::optional<bool> active;  // only active (true) or only inactive (false) ones; all if unset

  static ListOptions First(int n) {
    ListOptions o;
    o.limit = n;
    return o;
  }
};

// ---- SLA timers and alerts ----------------------------------------------------------------

// What queues need of a ticket's clocks, stored with it (tickets.sla_*).
struct TicketSlaState {
  std::optional<Timestamp> due;   // soonest due among running clocks
  std::optional<Timestamp> warn;  // soonest first-warning instant among running clocks
  bool breached = false;          // a clock that no longer runs ended (or paused) breached
  bool operator==(const TicketSlaState&) const = default;
};

// One alert of one ticket's clock: at `threshold` percent of the target (100 = the breach).
struct SlaTimer {
  int64_t id = 0;
  int64_t ticket_id = 0;
  std::string clock;  // "first_response" or "resolution"
  int threshold = 0;
  std::optional<Timestamp> due_at;  // nullopt while the clock does not run
  std::optional<Timestamp> fired_at;
};

enum class DeliveryState { kPending, kSent, kDead };
std::string_view Name(DeliveryState s);
std::optional<DeliveryState> ParseDeliveryState(std::string_view s);

// A notification in the outbox: rendered when its alert fired, sent by the delivery worker.
struct Delivery {
  int64_t id = 0;
  int64_t channel_id = 0;  // 0: an e-mail to `recipient` (a person told by the escalation matrix)
  std::string recipient;   // that person's address
  int64_t ticket_id = 0;  // 0: not about a ticket (a test message)
  std::string event;      // e.g. "sla.warning", "sla.breach", "test"
  std::string subject;    // e-mail subject
  std::string body;       // the request body (JSON) or the e-mail text
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string last_error;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
  std::string channel_name;  // filled when read: the channel's name, or the recipient's address
};

// ---- calendars, SLA policies, escalations, the audit log ----------------------------------

// A named calendar or SLA policy: its current text and every version it ever had (a ticket is
// measured by the versions current when it was opened).
struct NamedText {
  int64_t id = 0;
  std::string name;
  std::string text;        // the current version's text
  int64_t version_id = 0;  // the current version
  Timestamp created_at;
  Timestamp updated_at;
  int64_t version = 0;  // optimistic concurrency, bumped by every change (name or text)
};

struct TextVersion {
  int64_t id = 0;
  int64_t owner_id = 0;  // the calendar or policy
  std::string text;
  Timestamp since;  // saved at; applies to tickets opened from then on
  domain::ActorRef author;
  std::string author_name;  // filled by Versions()
};

// One level of the escalation matrix fired on a ticket.
struct EscalationRow {
  int64_t id = 0;
  int64_t ticket_id = 0;
  int level = 0;
  std::string name;
  std::string cause;  // "created", "percent:75:resolution", "unacknowledged", "customer_request"
  Timestamp fired_at;
  std::optional<Timestamp> deadline_at;
  std::optional<Timestamp> acknowledged_at;
  int64_t acknowledged_by = 0;  // staff user
  std::string ack_via;          // "app" or "link"
  int64_t requested_by = 0;     // contact, for a customer's request
  std::vector<std::string> recipients;  // "Name <address>" of each person told
  std::vector<std::string> channels;    // alert channels told
  // Filled when read.
  std::string ticket_subject;
  std::string acknowledged_by_name;
  std::string requested_by_name;
};

struct AuditEntry {
  int64_t id = 0;
  Timestamp at;
  domain::ActorRef actor;
  std::string action;       // e.g. "calendar.update", "calendar.reapply", "contract.create"
  std::string object_kind;  // "calendar", "sla_policy", "contract"
  int64_t object_id = 0;
  std::string detail;       // in plain words
  std::string actor_name;   // filled by List()
};

// ---- e-mail -------------------------------------------------------------------------------

// One message farol took in or sent (docs/EMAIL.md).
struct MailMessage {
  int64_t id = 0;
  std::string direction = "in";  // "in" or "out"
  std::string mailbox;           // in: the configured mailbox it came from
  std::string message_id;        // without angle brackets
  // in: "ticket", "reply", "ignored", "triage", "quarantined"; out: "queued", "sent", "failed"
  std::string state;
  std::string kind;    // in: person, auto_reply, bounce, bulk
  std::string reason;  // why ignored, quarantined or failed, in plain words
  std::string from_address;
  std::string from_name;
  std::string to_addresses;  // comma-separated
  std::string subject;
  std::string html;  // sanitised, for display
  int64_t ticket_id = 0;
  int64_t event_id = 0;     // the ticket event it became or came from
  int64_t delivery_id = 0;  // out: the outbox row that sends it
  std::string raw_sha256;   // the gzip-compressed original in the file store ("" if none)
  int64_t raw_size = 0;     // uncompressed bytes
  Timestamp received_at;
  Timestamp updated_at;
  int attempts = 0;  // in: times it was read (a quarantined message retried)
};

// ---- monitoring -----------------------------------------------------------------------

// A channel one monitoring tool posts alerts to (docs/MONITORING.md).
struct MonitoringChannel {
  int64_t id = 0;
  std::string name;
  int64_t organisation_id = 0;  // incidents are opened for it
  int64_t team_id = 0;          // and given to this team (0: none)
  std::string key_hash;         // SHA-256 of the key; the key itself is shown once, never stored
  std::string key_hint;         // the key's first characters, to tell keys apart
  bool resolve_on_recovery = false;
  int rate_per_minute = 60;  // the default for a new channel (docs/MONITORING.md)
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
  // Filled when read.
  std::string organisation_name;
  std::string team_name;
};

// An alert (by fingerprint) a channel sent, and the incident it opened.
struct MonitoringAlertRow {
  int64_t id = 0;
  int64_t channel_id = 0;
  std::string fingerprint;
  int64_t ticket_id = 0;
  std::string state;  // "firing" or "resolved"
  std::string title;
  int64_t notifications = 0;
  Timestamp first_at;
  Timestamp last_at;
};

// ---- live chat --------------------------------------------------------------------------

// A chat widget a customer's web site embeds (docs/CHAT.md). Its key is public.
struct ChatWidget {
  int64_t id = 0;
  std::string name;
  int64_t organisation_id = 0;  // chats are opened for it
  int64_t team_id = 0;          // and given to this team (0: none)
  std::string key;
  int rate_per_minute = 30;
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
  // Filled when read.
  std::string organisation_name;
  std::string team_name;
};

// The live state of a ticket opened on the chat channel.
struct ChatRow {
  int64_t ticket_id = 0;
  std::string state;  // "waiting", "active", "missed", "ended"
  int64_t widget_id = 0;
  std::string visitor_digest;  // keyed digest of a widget visitor's token ("" for a portal contact)
  Timestamp started_at;
  Timestamp pickup_deadline;
  std::optional<Timestamp> picked_up_at;
  int64_t agent_id = 0;
  std::optional<Timestamp> ended_at;
  // Filled when listed.
  std::string subject;
  std::string organisation_name;
  std::string requester_name;
  std::string agent_name;
  int64_t team_id = 0;
};

struct PresenceRow {
  int64_t user_id = 0;
  std::string name;
  std::string status;  // "available", "away", "offline"
  Timestamp changed_at;
  Timestamp seen_at;
};

// ---- repositories -----------------------------------------------------------------------

class Repo {
 public:
  Repo(sql::Connection& c, const Dialect& d) : c_(c), d_(d) {}

 protected:
  sql::Connection& c_;
  const Dialect& d_;
};

class Users : public Repo {
 public:
  using Repo::Repo;
  // Inserts `u` (id/version ignored) and returns its id. kAlreadyExists if the e-mail is taken.
  StatusOr<int64_t> Insert(const domain::User& u, std::string_view password_hash);
  StatusOr<std::optional<domain::User>> Get(int64_t id);
  StatusOr<std::optional<domain::User>> GetByEmail(std::string_view email);
  StatusOr<Credentials> GetCredentials(int64_t id);
  StatusOr<std::vector<domain::User>> List(const ListOptions& o, std::optional<domain::Role> role);
  // Writes every field of `u` if its stored version is `expected_version`; bumps the version.
  // kStaleVersion if someone else changed it first; kNotFound if it does not exist.
  Status Update(const domain::User& u, int64_t expected_version);
  Status SetPassword(int64_t id, std::string_view hash, bool must_change, Timestamp now);
  StatusOr<int64_t> Count();
};

class Teams : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::Team& t);
  StatusOr<std::optional<domain::Team>> Get(int64_t id);
  StatusOr<std::vector<domain::Team>> List();
  Status Update(const domain::Team& t, int64_t expected_version);
  Status Delete(int64_t id);
  // Idempotent.
  Status AddMember(int64_t team_id, int64_t user_id);
  Status RemoveMember(int64_t team_id, int64_t user_id);
  StatusOr<std::vector<int64_t>> TeamsOf(int64_t user_id);
};

class Organisations : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::Organisation& o);
  StatusOr<std::optional<domain::Organisation>> Get(int64_t id);
  StatusOr<std::vector<domain::Organisation>> List(const ListOptions& o);
  Status Update(const domain::Organisation& o, int64_t expected_version);
  // The active organisation whose e-mail domains include `domain` (lower case), if one does.
  StatusOr<std::optional<domain::Organisation>> FindByEmailDomain(std::string_view domain);
};

class Sites : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::Site& s);
  StatusOr<std::optional<domain::Site>> Get(int64_t id);
  StatusOr<std::vector<domain::Site>> ListFor(int64_t organisation_id);
  Status Update(const domain::Site& s, int64_t expected_version);
};

class NetworkAreas : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::NetworkArea& a);
  StatusOr<std::optional<domain::NetworkArea>> Get(int64_t id);
  StatusOr<std::vector<domain::NetworkArea>> ListFor(int64_t organisation_id);
  Status Update(const domain::NetworkArea& a, int64_t expected_version);
};

class Contacts : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::Contact& c, std::string_view password_hash);
  StatusOr<std::optional<domain::Contact>> Get(int64_t id);
  StatusOr<std::optional<domain::Contact>> GetByEmail(std::string_view email);
  StatusOr<Credentials> GetCredentials(int64_t id);
  // `organisation_id` 0 lists every organisation's contacts.
  StatusOr<std::vector<domain::Contact>> List(int64_t organisation_id, const ListOptions& o);
  Status Update(const domain::Contact& c, int64_t expected_version);
  Status SetPassword(int64_t id, std::string_view hash, Timestamp now);
};

class Categories : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::Category& c);
  StatusOr<std::optional<domain::Category>> Get(int64_t id);
  StatusOr<std::vector<domain::Category>> List();
  Status Update(const domain::Category& c, int64_t expected_version);
};

class CustomFields : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::CustomFieldDef& d);
  StatusOr<std::optional<domain::CustomFieldDef>> Get(int64_t id);
  // Every definition, or those of one ticket type; ordered by position, then id.
  StatusOr<std::vector<domain::CustomFieldDef>> List(std::optional<domain::TicketType> type);
  Status Update(const domain::CustomFieldDef& d, int64_t expected_version);
};

class Settings : public Repo {
 public:
  using Repo::Repo;
  StatusOr<std::optional<std::string>> Get(std::string_view key);
  Status Put(std::string_view key, std::string_view value);
  // Stores `value` unless the key has one already; returns the stored value either way (so
  // that processes racing to create a secret all end up with the same one).
  StatusOr<std::string> PutIfAbsent(std::string_view key, std::string_view value);
};

class Tickets : public Repo {
 public:
  using Repo::Repo;
  // Inserts the projection of a new ticket (its id and version are assigned) and returns the id.
  // `sla_computed`: its SLA state is written in the same transaction (SlaTimers::SetState); when
  // false (bulk imports), the scheduler computes it on start.
  StatusOr<int64_t> Insert(const domain::Ticket& t, bool sla_computed = false);
  StatusOr<std::optional<domain::Ticket>> Get(int64_t id);
  // The ticket with the names of its organisation, requester, assignee and team.
  StatusOr<std::optional<TicketListItem>> GetWithNames(int64_t id);
  // Writes the projection if the stored version is `expected_version`, then bumps the version.
  Status Update(const domain::Ticket& t, int64_t expected_version);
  // Appends an event and returns its id.
  StatusOr<int64_t> AppendEvent(const domain::TicketEvent& e);
  // A new version for a ticket whose timeline grew without its fields changing (an SLA alert), so
  // that open views notice and an edit based on the older version is refused.
  Status BumpVersion(int64_t id);
  // The timeline, oldest first, optionally without internal events.
  StatusOr<std::vector<domain::TicketEvent>> Events(int64_t ticket_id, bool include_internal);
  // Adds searchable text for a ticket (subject + description, a reply, a note).
  Status IndexText(int64_t ticket_id, std::string_view text, bool internal);
  StatusOr<TicketPage> Query(const TicketQuery& q);
  // Number of matching tickets per status.
  StatusOr<std::vector<std::pair<domain::TicketStatus, int64_t>>> CountByStatus(
      const TicketFilter& f);
  // Adds the link and its inverse. kAlreadyExists if present.
  Status AddLink(int64_t ticket_id, int64_t other_id, domain::LinkKind kind, Timestamp now);
  // Removes the link and its inverse. kNotFound if absent.
  Status RemoveLink(int64_t ticket_id, int64_t other_id, domain::LinkKind kind);
  StatusOr<std::vector<TicketLink>> Links(int64_t ticket_id);
  // Tickets still being worked (not resolved, closed or cancelled), by id, after `after_id`.
  StatusOr<std::vector<int64_t>> OpenIds(int64_t after_id, int limit);
};

class SlaTimers : public Repo {
 public:
  using Repo::Repo;
  // Stores the ticket's SLA state and re-arms its timers: every timer not yet fired is replaced by
  // `timers`; a (clock, threshold) that already fired is never armed again.
  Status Save(int64_t ticket_id, const TicketSlaState& state, const std::vector<SlaTimer>& timers);
  // The two halves of Save: the state (which also marks the ticket's SLA state computed), and the
  // timers (every one not yet fired replaced by `timers`; a timer given with fired_at is stored as
  // already fired).
  Status SetState(int64_t ticket_id, const TicketSlaState& state);
  Status ReplaceTimers(int64_t ticket_id, const std::vector<SlaTimer>& timers);
  // ReplaceTimers for a ticket that has none yet.
  Status AddTimers(int64_t ticket_id, const std::vector<SlaTimer>& timers);
  StatusOr<TicketSlaState> StateOf(int64_t ticket_id);
  // The stored state, or nullopt if it was never computed (tickets stored before timers existed,
  // or imported in bulk).
  StatusOr<std::optional<TicketSlaState>> Stored(int64_t ticket_id);
  // Unfired timers due at or before `now`, soonest first.
  StatusOr<std::vector<SlaTimer>> Due(Timestamp now, int limit);
  // Marks the timer fired at `now`; false if it had already fired (another process claimed it).
  StatusOr<bool> Claim(int64_t id, Timestamp now);
  StatusOr<std::vector<SlaTimer>> ListFor(int64_t ticket_id);
  // Open tickets whose SLA state was never computed (stored before timers existed, or imported
  // in bulk), by id, after `after_id`.
  StatusOr<std::vector<int64_t>> Unchecked(int64_t after_id, int limit);
  StatusOr<int64_t> CountUnchecked();
};

class AlertChannels : public Repo {
 public:
  using Repo::Repo;
  // kAlreadyExists if the name is taken (case-insensitive).
  StatusOr<int64_t> Insert(const domain::AlertChannel& ch);
  StatusOr<std::optional<domain::AlertChannel>> Get(int64_t id);
  StatusOr<std::vector<domain::AlertChannel>> List();
  Status Update(const domain::AlertChannel& ch, int64_t expected_version);
};

class MailMessages : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const MailMessage& m);
  Status Update(const MailMessage& m);
  StatusOr<std::optional<MailMessage>> Get(int64_t id);
  StatusOr<std::optional<MailMessage>> Find(std::string_view direction, std::string_view message_id);
  // The ticket of the newest message (in or out) with one of these Message-IDs; 0 if none.
  StatusOr<int64_t> TicketOf(const std::vector<std::string>& message_ids);
  // Newest first; `state` "" for all; `ticket_id` 0 for every ticket. The html is left out.
  StatusOr<std::vector<MailMessage>> List(std::string_view state, int64_t ticket_id, int limit, int64_t before_id);
  // Messages in from `address` since `since` (loop protection).
  StatusOr<int64_t> CountFrom(std::string_view address, Timestamp since);
  StatusOr<int64_t> Count(std::string_view direction, std::string_view state);
  // The outgoing message the delivery `delivery_id` sends: "sent", "queued" (to be retried) or
  // "failed", with the reason; counts the attempt.
  Status SetOutState(int64_t delivery_id, std::string_view state, std::string_view reason, Timestamp now);
};


class Monitoring : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> InsertChannel(const MonitoringChannel& c);
  StatusOr<std::optional<MonitoringChannel>> GetChannel(int64_t id);
  // The channel whose key has this SHA-256, revoked or not.
  StatusOr<std::optional<MonitoringChannel>> FindChannelByKeyHash(std::string_view key_hash);
  StatusOr<std::vector<MonitoringChannel>> Channels();
  // Writes name, team, resolve_on_recovery and rate (the organisation and key never change).
  Status UpdateChannel(const MonitoringChannel& c);
  // False if it was already revoked.
  StatusOr<bool> RevokeChannel(int64_t id, Timestamp now);
  StatusOr<std::optional<MonitoringAlertRow>> FindAlert(int64_t channel_id, std::string_view fingerprint);
  StatusOr<int64_t> InsertAlert(const MonitoringAlertRow& a);
  Status UpdateAlert(const MonitoringAlertRow& a);
  // Newest (by last notification) first; `channel_id` 0 for every channel.
  StatusOr<std::vector<MonitoringAlertRow>> Alerts(int64_t channel_id, int limit);
};

// ---- surveys (docs/SURVEYS.md) ---------------------------------------------------------

struct Survey {
  int64_t id = 0;
  std::string name;
  domain::SurveyScale scale;
  std::string question_en, question_pt;
  std::string comment_en, comment_pt;  // the open comment's prompt; "" for none
  std::string send_on = "resolved";    // resolved, closed, never
  std::vector<std::string> ticket_types;  // empty: every type
  std::vector<std::string> channels;      // empty: every channel
  int link_days = 14;
  bool active = true;
  Timestamp created_at;
  int64_t version = 1;
  std::vector<domain::SurveyQuestion> questions;  // the follow-up questions, in the order asked
  int next_question_id = 1;                       // the id the next new question gets
};

struct SurveyInvitation {
  int64_t id = 0;
  int64_t survey_id = 0;
  int64_t contact_id = 0;
  int64_t organisation_id = 0;  // 0: none
  int64_t ticket_id = 0;        // 0: not about a ticket (relational)
  int64_t agent_id = 0;
  int64_t team_id = 0;
  std::string token_digest;
  std::string locale;
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> answered_at;
};

struct SurveyResponse {
  int64_t id = 0;
  int64_t invitation_id = 0;
  int64_t survey_id = 0;
  int64_t contact_id = 0;
  int64_t organisation_id = 0;
  int64_t ticket_id = 0;
  int64_t agent_id = 0;
  int64_t team_id = 0;
  std::string ticket_type;
  std::string channel;
  bool transactional = true;
  int score = 0;
  std::string sentiment;
  std::string comment;
  Timestamp answered_at;
  std::vector<domain::QuestionAnswer> answers;  // to the follow-up questions, by question id
  // Filled when listed.
  std::string contact_name;
  std::string organisation_name;
  std::string agent_name;
  std::string team_name;
};

// Which answers a report covers: one survey, answered in [from, to), optionally cut further.
struct SurveyFilter {
  int64_t survey_id = 0;
  Timestamp from;
  Timestamp to;
  int64_t organisation_id = 0;
  int64_t agent_id = 0;
  int64_t team_id = 0;
  std::string ticket_type;
  std::string channel;
  std::string sentiment;
  std::optional<bool> transactional;
};

// A detractor's or unsatisfied customer's answer, to be followed up by the organisation's CSM
// within its first-contact deadline (docs/SURVEYS.md, "The closed loop").
struct SurveyFollowUp {
  int64_t id = 0;
  int64_t response_id = 0;
  int64_t survey_id = 0;
  int64_t organisation_id = 0;
  int64_t contact_id = 0;
  int64_t ticket_id = 0;
  int64_t team_id = 0;
  int64_t owner_id = 0;  // the CSM; 0 = the organisation has none
  int score = 0;
  std::string sentiment;
  std::string state = "open";  // open, contacted, resolved, no_answer
  std::string note;
  Timestamp created_at;
  std::optional<Timestamp> due_at;        // first contact by then
  std::optional<Timestamp> contacted_at;  // when it first left "open"
  std::optional<Timestamp> closed_at;     // resolved or no answer
  int64_t closed_by = 0;
  std::optional<Timestamp> escalated_at;
  int64_t version = 1;
  // Filled when read.
  std::string survey_name;
  std::string survey_kind;
  std::string organisation_name;
  std::string contact_name;
  std::string contact_email;
  std::string ticket_subject;
  std::string owner_name;
  std::string team_name;
  std::string comment;
};

struct FollowUpFilter {
  std::string state;  // "open" (open or contacted), "closed" (resolved or no answer), "" every one
  int64_t owner_id = 0;
  bool unassigned = false;  // only those with no owner
  int64_t survey_id = 0;
  int limit = 100;
  int64_t before_id = 0;  // keyset pagination, newest first
};

// The closed loop's figures for one survey's follow-ups opened in [from, to).
struct FollowUpCounts {
  int64_t total = 0;
  int64_t open = 0;       // not contacted yet
  int64_t contacted = 0;  // contacted, not closed
  int64_t resolved = 0;
  int64_t no_answer = 0;
  int64_t met = 0;      // first contact by the deadline (or no deadline)
  int64_t overdue = 0;  // still open past the deadline
};

// Who hears about survey answers: answers of tickets of `team_id` (0: every team, and answers
// about no ticket) go to alert channel `channel_id` when their classification is ticked; follow-ups
// past their deadline when `on_overdue`.
struct SurveyAlertRoute {
  int64_t id = 0;
  int64_t team_id = 0;
  int64_t channel_id = 0;
  bool on_negative = true;
  bool on_neutral = false;
  bool on_positive = false;
  bool on_overdue = true;
};

// A relational campaign (docs/SURVEYS.md, "Campaigns"): a survey sent to the contacts of chosen
// organisations every few months, each within a send window on the contact's own clock.
struct SurveyCampaign {
  int64_t id = 0;
  int64_t survey_id = 0;
  std::string name;
  std::vector<int64_t> organisation_ids;  // empty: every active organisation
  std::vector<std::string> segments;      // empty: every segment
  int every_months = 6;
  Timestamp next_run_at;
  int window_start = 9 * 60;  // minutes after the contact's local midnight
  int window_end = 17 * 60;
  bool weekdays_only = true;
  bool active = true;
  Timestamp created_at;
  int64_t version = 1;
};

// One contact of one round, waiting for its send window.
struct CampaignSend {
  int64_t campaign_id = 0;
  Timestamp round_at;
  int64_t contact_id = 0;
  std::string time_zone;  // the contact's, else the organisation's
};

// A campaign's latest round: when it started and its contacts by state (and the skipped ones by
// reason).
struct CampaignRound {
  std::optional<Timestamp> started_at;
  int64_t pending = 0;
  int64_t sent = 0;
  std::vector<std::pair<std::string, int64_t>> skipped;
};

class Surveys : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const Survey& s);
  StatusOr<std::optional<Survey>> Get(int64_t id);
  StatusOr<std::vector<Survey>> List();
  // Optimistic: kStaleVersion if someone saved it since `expected_version`.
  Status Update(const Survey& s, int64_t expected_version);
  // Active surveys sent when a ticket reaches `send_on` ("resolved" or "closed").
  StatusOr<std::vector<Survey>> ActiveSentOn(std::string_view send_on);

  // When `contact_id` was last sent any survey (the throttle), if ever.
  StatusOr<std::optional<Timestamp>> LastInvitedAt(int64_t contact_id);
  // Whether one of the tickets `contact_id` asked for is still open and has been escalated.
  StatusOr<bool> HasOpenEscalation(int64_t contact_id);
  // nullopt if this survey already asked about this ticket.
  StatusOr<std::optional<int64_t>> InsertInvitation(const SurveyInvitation& inv);
  StatusOr<std::optional<SurveyInvitation>> FindInvitation(std::string_view token_digest);
  // False if it was already answered (the link works once).
  StatusOr<bool> MarkAnswered(int64_t invitation_id, Timestamp now);
  Status CountSkip(int64_t survey_id, std::string_view reason);
  StatusOr<std::vector<std::pair<std::string, int64_t>>> Skips(int64_t survey_id);
  StatusOr<int64_t> CountInvitations(int64_t survey_id, Timestamp from, Timestamp to);

  StatusOr<int64_t> InsertResponse(const SurveyResponse& r);
  StatusOr<std::optional<SurveyResponse>> ResponseFor(int64_t invitation_id);
  // Records `r.answers` (to the follow-up questions); false, and nothing written, if the answer
  // already has some.
  StatusOr<bool> InsertQuestionAnswers(const SurveyResponse& r);
  // The answers to each follow-up question among the answers `f` covers: per question id, how
  // many answered it, and per option how many chose it (choice questions).
  struct QuestionCount {
    int question = 0;
    int64_t answered = 0;
    std::vector<std::pair<int, int64_t>> choices;  // (option index, chosen), by index
  };
  StatusOr<std::vector<QuestionCount>> QuestionCounts(const SurveyFilter& f);
  // Sets the comment of a response that has none; false if it already had one.
  StatusOr<bool> AddComment(int64_t response_id, std::string_view comment);
  // (score, answers) for the filter: every figure is computed from this.
  StatusOr<std::vector<std::pair<int, int64_t>>> Distribution(const SurveyFilter& f);
  // Answers per (period, transactional, score) in one pass: period i is [bounds[i], bounds[i+1])
  // (bounds ascending, at least two; answers outside them are left out).
  struct Cell {
    int period = 0;
    bool transactional = true;
    int score = 0;
    int64_t answers = 0;
  };
  StatusOr<std::vector<Cell>> Cells(const SurveyFilter& f, const std::vector<Timestamp>& bounds);
  // Newest first; `before_id` 0 for the first page.
  StatusOr<std::vector<SurveyResponse>> Responses(const SurveyFilter& f, int limit, int64_t before_id);
  // Every answer matching `f`, as the latest-answer-per-contact figures need them (an
  // organisation's report), oldest first.
  struct Given {
    domain::ContactAnswer answer;
    bool transactional = true;
  };
  StatusOr<std::vector<Given>> Answers(const SurveyFilter& f);

  // ---- the closed loop ----
  StatusOr<int64_t> InsertFollowUp(const SurveyFollowUp& f);
  StatusOr<std::optional<SurveyFollowUp>> GetFollowUp(int64_t id);
  StatusOr<std::vector<SurveyFollowUp>> FollowUps(const FollowUpFilter& f);
  // Saves state, note, contacted_at, closed_at and closed_by; kStaleVersion if it moved.
  Status UpdateFollowUp(const SurveyFollowUp& f, int64_t expected_version);
  // Open (never contacted) follow-ups whose deadline is past and that were not escalated yet.
  StatusOr<std::vector<SurveyFollowUp>> OverdueFollowUps(Timestamp now, int limit);
  // Marks `id` escalated; false if it was already (another process took it) or was contacted.
  StatusOr<bool> ClaimEscalation(int64_t id, Timestamp now);
  StatusOr<FollowUpCounts> CountFollowUps(int64_t survey_id, Timestamp from, Timestamp to, Timestamp now);
  StatusOr<std::vector<SurveyAlertRoute>> AlertRoutes();
  Status ReplaceAlertRoutes(const std::vector<SurveyAlertRoute>& routes);

  // ---- relational campaigns ----
  StatusOr<int64_t> InsertCampaign(const SurveyCampaign& c);
  StatusOr<std::optional<SurveyCampaign>> GetCampaign(int64_t id);
  StatusOr<std::vector<SurveyCampaign>> Campaigns(int64_t survey_id);  // 0: every survey's
  // kStaleVersion if it moved.
  Status UpdateCampaign(const SurveyCampaign& c, int64_t expected_version);
  // Active campaigns whose next round is due.
  StatusOr<std::vector<SurveyCampaign>> DueCampaigns(Timestamp now, int limit);
  // Starts the round that was due at `c.next_run_at`, as of `now` (its contacts' week counts from
  // then, however late the round starts): lists every active contact with an address of the
  // campaign's organisations (and segments) and moves the next round to `next`. Returns how many
  // contacts were listed, or nothing if another process started this round first.
  StatusOr<std::optional<int64_t>> StartRound(const SurveyCampaign& c, Timestamp next, Timestamp now);
  // Contacts waiting in rounds that started at or after `since`, oldest rounds first, a page at a
  // time: those after `after` (the last of the previous page; none for the first).
  StatusOr<std::vector<CampaignSend>> PendingSends(Timestamp since, const CampaignSend* after, int limit);
  // Ends a pending send as "sent" or "skipped" (with why); false if it was not pending any more.
  StatusOr<bool> FinishSend(const CampaignSend& s, std::string_view state, std::string_view reason, Timestamp now);
  // A send just claimed as sent that was not sent after all: skipped, `reason`.
  Status SkipSend(const CampaignSend& s, std::string_view reason);
  // Every send still pending in a round that started before `before`: skipped, `reason`.
  StatusOr<int64_t> ExpireSends(Timestamp before, std::string_view reason, Timestamp now);
  StatusOr<CampaignRound> LatestRound(int64_t campaign_id);
};

// ---- the customer guardian (docs/GUARDIAN.md) ------------------------------------------

// A customer-facing error: what happened, to whom, its cause, GUT grades, solutions and status.
struct Problem {
  int64_t id = 0;
  std::string title;
  std::string description;
  Timestamp reported_at;
  int64_t reporter_user_id = 0;     // a staff member reported it (0: not)
  int64_t reporter_contact_id = 0;  // a customer contact did (0: not)
  std::string error_category;
  std::string root_cause;
  std::string cause_category;  // human, tool, process; "" not yet known
  int64_t team_id = 0;
  std::string impact;
  std::optional<int> gravity, urgency, tendency;
  std::optional<int> gut_score;  // under the rule when saved; nullopt until graded
  std::string solution_immediate, solution_long_term, solution_preventive;
  std::string status = "new";
  std::vector<int64_t> organisation_ids;
  std::vector<int64_t> ticket_ids;
  std::vector<int64_t> problem_ids;  // related records
  int64_t group_id = 0;  // the group of records with its root cause (its first record); 0 none
  std::string source_message_id;  // made from this e-mail (the apology inbox); "" otherwise
  int64_t created_by = 0;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> closed_at;
  int64_t version = 1;
  // Filled when read.
  std::string reporter_name;
  std::string team_name;
  struct OrgRef {
    int64_t id = 0;
    std::string name;
    domain::Segment segment = domain::Segment::kSmb;
  };
  std::vector<OrgRef> organisations;
  struct Ref {
    int64_t id = 0;
    std::string title;  // a ticket's subject, a record's title
    std::string status;
  };
  std::vector<Ref> tickets;   // Get only
  std::vector<Ref> problems;  // Get only
};

struct ProblemFilter {
  std::vector<std::string> statuses;  // empty: every status
  bool rank = false;  // by score, customers, age (else newest first)
  int64_t team_id = 0;
  int64_t organisation_id = 0;
  std::string error_category;
  std::string cause_category;
  int64_t group_id = 0;
  std::optional<Timestamp> reported_from, reported_before;  // reported in [from, before)
  int64_t reporter_user_id = 0;
  std::optional<domain::Segment> segment;  // affecting an organisation of this segment
  std::optional<int> score_min, score_max;  // GUT score in [min, max] (a level's band)
  int limit = 50;
  int64_t before_id = 0;  // newest-first pages
};

// Until an admin sets them: the seed's rule and the seed's three categories.
struct GuardianSettings {
  domain::GutRule gut = domain::SeedGutRule();
  std::vector<std::string> error_categories = {"delivery delay", "wrong information", "platform failure"};
  std::vector<int64_t> alert_channel_ids;  // told of overdue actions
};

// One action of a record's action plan.
struct ProblemAction {
  int64_t id = 0;
  int64_t problem_id = 0;
  std::string kind;  // immediate, long_term, preventive
  std::string title;
  int64_t owner_user_id = 0;
  int64_t team_id = 0;
  Timestamp due_at;
  std::string status = "open";  // open, done, cancelled
  std::string evidence;
  std::optional<Timestamp> done_at;
  int64_t done_by = 0;
  std::optional<Timestamp> overdue_alerted_at;
  Timestamp created_at;
  Timestamp updated_at;
  int64_t version = 1;
  // Filled when read.
  std::string problem_title;
  std::string owner_name;
  std::string owner_email;
  std::string team_name;
  std::string done_by_name;
};

struct ActionFilter {
  int64_t problem_id = 0;
  int64_t team_id = 0;
  int64_t owner_id = 0;
  std::vector<std::string> statuses;  // empty: every status
  std::optional<Timestamp> due_before;  // only those due before this (overdue)
  std::optional<Timestamp> due_from;    // only those due at or after this
  std::vector<int64_t> problem_ids;     // only these records' (empty: any)
  // Only the actions of these teams or owned by `visible_owner` (a caller without problem.read).
  std::optional<std::vector<int64_t>> visible_teams;
  int64_t visible_owner = 0;
  int limit = 200;
};

// One step of a record's timeline (docs/GUARDIAN.md, "Discussion and files").
struct ProblemEvent {
  int64_t id = 0;
  int64_t problem_id = 0;
  std::string type;
  Timestamp at;
  int64_t author_user_id = 0;  // 0: farol itself
  std::string body, field, from, to;
  int64_t ref = 0;
  std::string author_name;  // filled when read
};

struct ProblemFile {
  int64_t id = 0;
  int64_t problem_id = 0;
  std::string sha256;
  int64_t size = 0;
  std::string content_type;
  std::string filename;
  int64_t uploaded_by = 0;
  Timestamp created_at;
  std::string uploaded_by_name;  // filled when read
};

class Problems : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const Problem& p);
  // With its organisations, tickets and related records named.
  StatusOr<std::optional<Problem>> Get(int64_t id);
  // With their organisations named (tickets and related records as ids).
  StatusOr<std::vector<Problem>> List(const ProblemFilter& f);
  // Optimistic: kStaleVersion if someone saved it since `expected_version`. Rewrites its links.
  Status Update(const Problem& p, int64_t expected_version);
  // The ids among `ids` that are not records.
  StatusOr<std::vector<int64_t>> Missing(const std::vector<int64_t>& ids);

  // The rule and the categories (GuardianSettings' defaults until set).
  StatusOr<GuardianSettings> Settings();
  Status SaveSettings(const GuardianSettings& s, Timestamp now);
  // How many records have a grade above `scale_max` (a rule with a smaller scale would strand them).
  StatusOr<int64_t> CountGradedAbove(int scale_max);
  // Every graded record's stored score recomputed under `combine`.
  Status Rescore(domain::GutCombine combine);

  // The record's searchable text (title, description, root cause), replacing `old_text` (what was
  // indexed before; "" for a new record): the full-text index and each word's count of records.
  Status IndexText(int64_t id, std::string_view old_text, std::string_view text);
  // How many records have each of `words` (folded, from RecurrenceWords); absent words: 0.
  StatusOr<std::vector<std::pair<std::string, int64_t>>> WordCounts(const std::vector<std::string>& words);
  // Up to `limit` records whose text has any of `words` (folded, from RecurrenceWords), best
  // ranked by the database's full-text ranking first.
  StatusOr<std::vector<int64_t>> TextCandidates(const std::vector<std::string>& words, int limit);
  // What a monthly report counts: the records reported before `before` that were reported or
  // closed since `since`, or belong to a group (of team `team_id`, 0 every team); with their
  // organisations.
  StatusOr<std::vector<Problem>> ReportRecords(Timestamp since, Timestamp before, int64_t team_id);
  // Records `ids` (title, status, category, root cause, group, reported), in no order.
  StatusOr<std::vector<Problem>> Summaries(const std::vector<int64_t>& ids);
  // The records of group `group_id`, oldest first.
  StatusOr<std::vector<Problem>> GroupMembers(int64_t group_id);
  // The record made from the e-mail with this Message-ID, if any.
  StatusOr<std::optional<int64_t>> BySourceMessage(std::string_view message_id);
  // A record moved to `status` by farol (a recurrence): bumps its version, clears closed_at.
  Status ForceStatus(int64_t id, std::string_view status, Timestamp now);

  StatusOr<int64_t> InsertAction(const ProblemAction& a);
  StatusOr<std::optional<ProblemAction>> GetAction(int64_t id);
  // Optimistic: kStaleVersion if someone saved it since `expected_version`.
  Status UpdateAction(const ProblemAction& a, int64_t expected_version);
  // By due date, then id.
  StatusOr<std::vector<ProblemAction>> Actions(const ActionFilter& f);
  // Open actions due by `now` whose overdue alert has not gone out, soonest due first.
  StatusOr<std::vector<ProblemAction>> OverdueActions(Timestamp now, int limit);
  // Marks the overdue alert of action `id` sent; false if it was sent (or the action closed) since.
  StatusOr<bool> ClaimOverdue(int64_t id, Timestamp now);
  // The done preventive actions of the records of group `group_id`, done before `before`.
  StatusOr<std::vector<ProblemAction>> DonePreventive(int64_t group_id, Timestamp before);

  StatusOr<int64_t> AppendEvent(const ProblemEvent& e);
  // Oldest first.
  StatusOr<std::vector<ProblemEvent>> Events(int64_t problem_id);

  StatusOr<int64_t> InsertFile(const ProblemFile& f);
  StatusOr<std::optional<ProblemFile>> GetFile(int64_t id);
  StatusOr<std::vector<ProblemFile>> Files(int64_t problem_id);
};

class Deliveries : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const Delivery& d);
  StatusOr<std::optional<Delivery>> Get(int64_t id);
  // Pending deliveries whose next attempt is due, oldest first.
  StatusOr<std::vector<Delivery>> Due(Timestamp now, int limit);
  // Takes delivery `id` for one attempt: counts the attempt and hides it from Due() until
  // `lease_until` (should the sender die mid-attempt, it is tried again then). False if it was
  // not pending and due (another worker took it).
  StatusOr<bool> Claim(int64_t id, Timestamp now, Timestamp lease_until);
  Status MarkSent(int64_t id, Timestamp now);
  // A failed attempt: pending again at `retry_at`, or dead when `retry_at` is nullopt.
  Status MarkFailed(int64_t id, std::string_view error, std::optional<Timestamp> retry_at);
  // Newest first; `state` nullopt lists every state. Keyset pagination by id (before `before_id`).
  StatusOr<std::vector<Delivery>> List(std::optional<DeliveryState> state, int limit, int64_t before_id);
  StatusOr<int64_t> Count(DeliveryState state);
  // A dead delivery becomes pending again, due at `now`, with its attempts reset. kNotFound
  // unless it is dead.
  Status Revive(int64_t id, Timestamp now);
};

// Named, versioned texts: calendars (calendars / calendar_versions) and SLA policies
// (sla_policies / sla_policy_versions) share this repository's shape.
class NamedTexts : public Repo {
 public:
  struct Tables {
    std::string_view table;          // "calendars"
    std::string_view versions;       // "calendar_versions"
    std::string_view owner_column;   // "calendar_id"
    std::string_view what;           // "calendar", for messages
  };
  NamedTexts(sql::Connection& c, const Dialect& d, Tables t) : Repo(c, d), t_(t) {}
  // A new one with its first version. kAlreadyExists if the name is taken (case-insensitive).
  StatusOr<NamedText> Insert(std::string_view name, std::string_view text, Timestamp now, domain::ActorRef author);
  // The same with a chosen id (the upgrade that turns settings into policy 1 and calendar 1).
  Status InsertWithId(int64_t id, std::string_view name, Timestamp now);
  StatusOr<std::optional<NamedText>> Get(int64_t id);
  StatusOr<std::vector<NamedText>> List();
  // Renames it and, when `text` differs from the current text, saves a new version, if its
  // version is still `expected_version` (kStaleVersion otherwise). Returns what is stored now.
  StatusOr<NamedText> Update(int64_t id, std::string_view name, std::string_view text, Timestamp now,
                             domain::ActorRef author, int64_t expected_version);
  // A version saved at `since` (history brought in by an upgrade); becomes current if newest.
  StatusOr<int64_t> AddVersion(int64_t id, std::string_view text, Timestamp since, domain::ActorRef author);
  // Its versions, newest first.
  StatusOr<std::vector<TextVersion>> Versions(int64_t id);
  // Every version of every one, oldest first (for the SLA book).
  StatusOr<std::vector<TextVersion>> AllVersions();

 private:
  Tables t_;
};

class Contracts : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const domain::Contract& c);
  StatusOr<std::optional<domain::Contract>> Get(int64_t id);
  // One organisation's (0: every organisation's), by start.
  StatusOr<std::vector<domain::Contract>> List(int64_t organisation_id);
  Status Update(const domain::Contract& c, int64_t expected_version);
};

class Escalations : public Repo {
 public:
  using Repo::Repo;
  // kAlreadyExists if that level of that ticket fired already.
  StatusOr<int64_t> Insert(const EscalationRow& r);
  StatusOr<std::optional<EscalationRow>> Get(int64_t id);
  StatusOr<std::optional<EscalationRow>> Find(int64_t ticket_id, int level);
  // A ticket's, by level.
  StatusOr<std::vector<EscalationRow>> ListFor(int64_t ticket_id);
  // The log, newest first: `acknowledged` false = still open, true = acknowledged, nullopt = all.
  StatusOr<std::vector<EscalationRow>> List(std::optional<bool> acknowledged, int limit, int64_t before_id);
  // Records the acknowledgement; false if it had one already.
  StatusOr<bool> Acknowledge(int64_t id, Timestamp at, int64_t user_id, std::string_view via);
};

class AuditLog : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const AuditEntry& e);
  // Newest first; "" / 0 for any kind / object.
  StatusOr<std::vector<AuditEntry>> List(std::string_view object_kind, int64_t object_id, int limit, int64_t before_id);
};

class Attachments : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const Attachment& a);
  StatusOr<std::optional<Attachment>> Get(int64_t id);
  StatusOr<std::vector<Attachment>> ListFor(int64_t ticket_id, bool include_internal);
};

class SavedFilters : public Repo {
 public:
  using Repo::Repo;
  // kAlreadyExists if the user already has a filter of that name (case-insensitive).
  StatusOr<int64_t> Insert(const SavedFilter& f);
  StatusOr<std::vector<SavedFilter>> ListFor(int64_t user_id);
  // kNotFound unless filter `id` belongs to `user_id`.
  Status Delete(int64_t id, int64_t user_id);
};

class Sessions : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const SessionRecord& s);
  StatusOr<std::optional<SessionRecord>> GetByDigest(std::string_view digest);
  Status Touch(int64_t id, Timestamp last_seen, Timestamp expires_at);
  Status Delete(int64_t id);
  // Signs a subject out everywhere but session `except_id` (after a password change,
  // deactivation).
  Status DeleteFor(domain::ActorKind kind, int64_t subject_id, int64_t except_id = 0);
  StatusOr<int64_t> DeleteExpired(Timestamp now);
};

class ApiTokens : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> Insert(const ApiTokenRecord& t);
  StatusOr<std::optional<ApiTokenRecord>> GetByDigest(std::string_view digest);
  StatusOr<std::vector<ApiTokenRecord>> ListFor(int64_t user_id);
  // kNotFound unless token `id` belongs to `user_id` and is not yet revoked.
  Status Revoke(int64_t id, int64_t user_id, Timestamp now);
  Status TouchLastUsed(int64_t id, Timestamp now);
};

// Customers' sign-in links: the keyed digest of each token, its contact, and whether it was used.
class MagicLinks : public Repo {
 public:
  using Repo::Repo;
  Status Insert(std::string_view token_digest, int64_t contact_id, Timestamp created_at, Timestamp expires_at);
  // Links made for the contact at or after `since`.
  StatusOr<int64_t> CountSince(int64_t contact_id, Timestamp since);
  // Marks the link used and returns its contact, if it exists, is unused and has not expired at
  // `now`; nullopt otherwise. A link is redeemed once, even by concurrent callers.
  StatusOr<std::optional<int64_t>> Redeem(std::string_view token_digest, Timestamp now);
  Status DeleteBefore(Timestamp t);
};

// Live chat: widgets, each chat's state, and agents' presence (docs/CHAT.md).
class Chats : public Repo {
 public:
  using Repo::Repo;
  StatusOr<int64_t> InsertWidget(const ChatWidget& w);
  StatusOr<std::optional<ChatWidget>> GetWidget(int64_t id);
  StatusOr<std::optional<ChatWidget>> FindWidgetByKey(std::string_view key);
  StatusOr<std::vector<ChatWidget>> Widgets();
  Status UpdateWidget(const ChatWidget& w);

  Status Insert(const ChatRow& c);
  StatusOr<std::optional<ChatRow>> Get(int64_t ticket_id);
  StatusOr<std::optional<ChatRow>> FindByVisitor(std::string_view visitor_digest);
  // `states` empty: every state. Newest first.
  StatusOr<std::vector<ChatRow>> List(const std::vector<std::string>& states, int limit);
  // Moves the chat from state `from` to `to` (setting the agent and pick-up instant, or the end
  // instant, as the new state needs); false if it was not in `from` (someone else moved it).
  StatusOr<bool> Move(int64_t ticket_id, std::string_view from, std::string_view to, int64_t agent_id, Timestamp now);
  // Waiting chats whose pick-up deadline is at or before `now`, oldest first.
  StatusOr<std::vector<int64_t>> Overdue(Timestamp now, int limit);

  Status SetPresence(int64_t user_id, std::string_view status, Timestamp now);
  // Every staff member with a presence row, by name.
  StatusOr<std::vector<PresenceRow>> Presence();
  // Agents whose status is available and who were seen at or after `since`.
  StatusOr<int64_t> CountAvailable(Timestamp since);
};

class LoginFailures : public Repo {
 public:
  using Repo::Repo;
  Status Add(std::string_view key, Timestamp at);
  StatusOr<int64_t> CountSince(std::string_view key, Timestamp since);
  // The oldest failure at or after `since` (to say when a lock ends).
  StatusOr<std::optional<Timestamp>> OldestSince(std::string_view key, Timestamp since);
  Status Clear(std::string_view key);
  Status DeleteBefore(Timestamp t);
};

class Idempotency : public Repo {
 public:
  using Repo::Repo;
  StatusOr<std::optional<IdempotencyRecord>> Get(std::string_view scope, std::string_view key);
  Status Put(const IdempotencyRecord& r);
  Status DeleteBefore(Timestamp t);
};

// A transaction. Repositories are cheap views over its connection.
class Tx {
 public:
  Tx(sql::Connection& c, const Dialect& d, bool writable) : c_(c), d_(d), writable_(writable) {}
  bool writable() const { return writable_; }

  Users users() { return {c_, d_}; }
  Teams teams() { return {c_, d_}; }
  Organisations organisations() { return {c_, d_}; }
  Sites sites() { return {c_, d_}; }
  NetworkAreas network_areas() { return {c_, d_}; }
  Contacts contacts() { return {c_, d_}; }
  Categories categories() { return {c_, d_}; }
  CustomFields custom_fields() { return {c_, d_}; }
  Settings settings() { return {c_, d_}; }
  Tickets tickets() { return {c_, d_}; }
  Attachments attachments() { return {c_, d_}; }
  Sessions sessions() { return {c_, d_}; }
  ApiTokens api_tokens() { return {c_, d_}; }
  LoginFailures login_failures() { return {c_, d_}; }
  MagicLinks magic_links() { return {c_, d_}; }
  Idempotency idempotency() { return {c_, d_}; }
  SavedFilters saved_filters() { return {c_, d_}; }
  SlaTimers sla_timers() { return {c_, d_}; }
  AlertChannels alert_channels() { return {c_, d_}; }
  Deliveries deliveries() { return {c_, d_}; }
  Monitoring monitoring() { return {c_, d_}; }
  Surveys surveys() { return {c_, d_}; }
  Problems problems() { return {c_, d_}; }
  Chats chats() { return {c_, d_}; }
  MailMessages mail_messages() { return {c_, d_}; }
  NamedTexts calendars() { return {c_, d_, {"calendars", "calendar_versions", "calendar_id", "calendar"}}; }
  NamedTexts sla_policies() { return {c_, d_, {"sla_policies", "sla_policy_versions", "policy_id", "SLA policy"}}; }
  Contracts contracts() { return {c_, d_}; }
  Escalations escalations() { return {c_, d_}; }
  AuditLog audit() { return {c_, d_}; }

  // Escape hatch for tests and migrations checks; application code uses the repositories.
  sql::Connection& connectionForTest() { return c_; }

 private:
  sql::Connection& c_;
  const Dialect& d_;
  bool writable_;
};

using TxFn = std::function<Status(Tx&)>;

class Store {
 public:
  virtual ~Store() = default;
  // Runs `fn` in a read-only transaction over a consistent snapshot; returns fn's status.
  virtual Status Read(const TxFn& fn) = 0;
  // Runs `fn` in a read-write transaction and returns once it is durable on disk. If fn fails,
  // or the commit does, none of fn's writes remain. Concurrent calls may share one commit
  // (group commit), so fn must be quick: no password hashing, no network, no file I/O.
  virtual Status Write(const TxFn& fn) = 0;
  // kOk if the database answers.
  virtual Status Ping() = 0;
  virtual std::string_view backend_name() const = 0;
  // Refreshes the query planner's statistics: `full` gathers them from scratch (after a bulk
  // load; seconds on millions of rows), otherwise only where the backend thinks they are stale.
  virtual Status Analyze(bool full) = 0;
  // Releases every connection; later calls fail with kUnavailable.
  virtual void Close() = 0;
};

struct StoreOptions {
  // "sqlite:PATH" (":memory:" is refused: every connection must see the same data), or
  // "postgresql://user@host:port/db?..." (any libpq URL).
  std::string url = "sqlite:./data/farol.db";
  // Apply pending migrations when opening. Without it, a database whose schema is older than
  // this build is refused with a message that says to run `farol migrate`.
  bool migrate = true;
  // Read connections (SQLite) or pool size (PostgreSQL).
  int pool_size = 8;
  // Commit latency and batch-size metrics go here when set.
  metrics::Registry* metrics = nullptr;
};

// Opens (and, per options, migrates) the store named by options.url. Errors say what is wrong in
// plain words: an unreachable server, a schema newer than this build, a bad URL.
StatusOr<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  int latest_version = 0;
};
// Brings the schema to `target_version` (0: the latest). Refuses a database newer than this
// build. Safe to run from several processes at once.
StatusOr<MigrationReport> Migrate(const std::string& url, int target_version = 0);

// Hides the password in a database URL, for logs: postgresql://farol:***@db/farol.
std::string RedactUrl(std::string_view url);

}  // namespace farol::store
