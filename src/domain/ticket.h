// The ticket: its state, its append-only timeline of events, and the rules that turn a person's
// request into events.
//
// The model is decide/evolve: Plan*() functions check a request against the current state and
// return the events it produces (or a Status saying, in plain words, why not); Apply() folds one
// event into the state. The stored ticket row is a projection: Replay(all events) gives the same
// state, which the tests check. Everything here is pure: time comes in as `now`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/custom_field.h"
#include "domain/enums.h"
#include "domain/priority.h"

namespace farol::domain {

enum class ActorKind { kSystem, kStaff, kContact };
std::string_view Name(ActorKind k);
std::optional<ActorKind> ParseActorKind(std::string_view s);

// Who did something: a staff user, a customer contact, or farol itself.
struct ActorRef {
  ActorKind kind = ActorKind::kSystem;
  int64_t id = 0;
  bool operator==(const ActorRef&) const = default;
};

struct Rating {
  int stars = 0;  // 1..5
  std::string comment;
  Timestamp at;
  bool operator==(const Rating&) const = default;
};

struct Ticket {
  int64_t id = 0;  // also the number people see: #1001, #1002, ...
  TicketType type = TicketType::kIncident;
  TicketStatus status = TicketStatus::kNew;
  int priority = 3;  // 1..4 (P1..P4)
  Level impact = Level::kMedium;
  Level urgency = Level::kMedium;
  bool priority_manual = false;  // set by a person with a reason, not by the matrix
  std::string subject;
  std::string description;
  int64_t organisation_id = 0;
  int64_t requester_id = 0;  // contact; 0 = none
  Channel channel = Channel::kApi;
  int64_t team_id = 0;      // 0 = none
  int64_t assignee_id = 0;  // staff user; 0 = none
  int tier = 1;             // current support tier (N1..N3)
  int tier_reached = 1;     // highest tier the ticket has been at
  int64_t site_id = 0;
  int64_t network_area_id = 0;
  int64_t category_id = 0;
  int64_t subcategory_id = 0;
  std::vector<std::string> tags;              // sorted, unique
  std::map<std::string, std::string> custom;  // custom field key -> canonical value
  ActorRef created_by;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> first_response_at;  // first public reply by staff
  std::optional<Timestamp> resolved_at;        // latest resolution; cleared by a reopen
  std::optional<Timestamp> closed_at;
  int reopen_count = 0;
  int reassignment_count = 0;  // assignee or team changed from one to another
  int escalation_count = 0;
  int64_t merged_into = 0;
  std::optional<Rating> rating;
  int64_t version = 0;  // bumped by every accepted change; the API's ETag

  bool operator==(const Ticket&) const = default;
};

// First-contact resolution: resolved (or closed) by the first tier, never escalated or reopened.
// nullopt while the ticket is not resolved.
std::optional<bool> FirstContactResolution(const Ticket& t);

struct TicketEvent {
  int64_t id = 0;  // assigned by the store
  int64_t ticket_id = 0;
  EventType type = EventType::kCreated;
  Timestamp at;
  ActorRef author;
  bool internal = false;  // hidden from customer contacts
  std::string body;       // reply/note text; attachment file name; rating comment
  std::string field;      // field_changed: the field; linked: the link kind; priority: "matrix"/"manual"
  std::string from;       // previous value, as text ("" = none)
  std::string to;         // new value, as text
  std::string reason;     // why (priority change, escalation)
  int64_t ref = 0;        // attachment id; merged or linked ticket id
  std::vector<int64_t> attachment_ids;        // on replies and notes
  std::map<std::string, std::string> fields;  // created: every initial field value
  std::string author_name;  // for display only: filled in when read from the store

  bool operator==(const TicketEvent&) const = default;
};

// Text form of the ticket's scalar fields, by the names used in field_changed events and in the
// created event's `fields`: subject, description, type, priority, impact, urgency,
// organisation_id, requester_id, channel, team_id, assignee_id, tier, site_id, network_area_id,
// category_id, subcategory_id, tags (comma-separated), cf.<key> (custom fields). Ids are decimal,
// "" for none.
std::string GetField(const Ticket& t, std::string_view name);
Status SetField(Ticket& t, std::string_view name, std::string_view value);

// Folds one event into the state. REQUIRES: the event was produced by a Plan*() function for
// this ticket (Apply trusts it).
void Apply(Ticket& t, const TicketEvent& e);
// The state after all `events`, oldest first. `id` and `version` are not derivable and are 0.
Ticket Replay(std::span<const TicketEvent> events);

// Whether a person may move a ticket from `from` to `to` directly.
bool IsAllowedTransition(TicketStatus from, TicketStatus to);

// Limits on free text, in bytes unless noted.
inline constexpr size_t kMaxSubjectChars = 200;
inline constexpr size_t kMaxBodyBytes = 100'000;
inline constexpr size_t kMaxReasonBytes = 2'000;
inline constexpr size_t kMaxTags = 20;
inline constexpr size_t kMaxTagBytes = 40;

// Subject: 1..200 characters on one line. Adds a field error to `errors` if not.
void ValidateSubject(std::string_view field, std::string_view s, FieldErrors& errors);
// Multi-line text up to kMaxBodyBytes; `required` rejects empty/blank text.
void ValidateBody(std::string_view field, std::string_view s, bool required, FieldErrors& errors);
// Normalises tags to lower case, sorted and unique; reports bad ones.
std::vector<std::string> NormalizeTags(std::string_view field, const std::vector<std::string>& tags,
                                       FieldErrors& errors);

// What a new ticket starts with. References (organisation, requester, team...) are checked by the
// caller against the store; this checks values and builds the created event.
struct NewTicket {
  TicketType type = TicketType::kIncident;
  std::string subject;
  std::string description;
  int64_t organisation_id = 0;
  int64_t requester_id = 0;
  Channel channel = Channel::kApi;
  Level impact = Level::kMedium;
  Level urgency = Level::kMedium;
  std::optional<int> priority;  // set by a person: overrides the matrix, needs a reason
  std::string priority_reason;
  std::optional<TicketStatus> status;  // new (default) or open
  int64_t team_id = 0;
  int64_t assignee_id = 0;
  int tier = 1;
  int64_t site_id = 0;
  int64_t network_area_id = 0;
  int64_t category_id = 0;
  int64_t subcategory_id = 0;
  std::vector<std::string> tags;
  std::map<std::string, std::string> custom;  // raw values, validated against `defs`
};

// The created event for `n` (ticket_id 0 until the store assigns one). `defs` are the active
// custom field definitions for n.type.
StatusOr<TicketEvent> PlanCreate(const NewTicket& n, const PriorityMatrix& matrix,
                                 std::span<const CustomFieldDef> defs, ActorRef actor,
                                 Timestamp now);

// One request's edits; unset members stay as they are. Ids of 0 clear the reference.
struct TicketChanges {
  std::optional<std::string> subject;
  std::optional<std::string> description;
  std::optional<TicketType> type;
  std::optional<Level> impact;
  std::optional<Level> urgency;
  std::optional<int> priority;  // manual override; needs priority_reason
  std::string priority_reason;
  bool priority_from_matrix = false;  // drop a manual override and follow impact x urgency again
  std::optional<TicketStatus> status;
  std::optional<int64_t> team_id;
  std::optional<int64_t> assignee_id;
  std::optional<int> tier;
  std::optional<int64_t> site_id;
  std::optional<int64_t> network_area_id;
  std::optional<int64_t> category_id;
  std::optional<int64_t> subcategory_id;
  std::optional<std::vector<std::string>> tags;
  std::map<std::string, std::optional<std::string>> custom;  // nullopt removes the value

  bool empty() const;
};

// Events for `c` applied to `t`, in a fixed order (fields, priority, team, assignee, tier,
// status). No event is produced for a value that does not change. `defs` are the active custom
// field definitions for the ticket's type after the change.
StatusOr<std::vector<TicketEvent>> PlanChanges(const Ticket& t, const TicketChanges& c,
                                               const PriorityMatrix& matrix,
                                               std::span<const CustomFieldDef> defs,
                                               ActorRef actor, Timestamp now);

// A public reply or an internal note, with the automatic status moves people expect:
// - a contact replying to a pending_customer ticket puts it back to open;
// - a contact replying to a resolved ticket reopens it;
// - a staff reply to a new ticket opens it;
// - then `then_status`, if given (e.g. reply and set pending_customer), like a status change.
// Closed and cancelled tickets take no replies from contacts.
StatusOr<std::vector<TicketEvent>> PlanReply(const Ticket& t, bool internal, std::string_view body,
                                             std::span<const int64_t> attachment_ids,
                                             std::optional<TicketStatus> then_status,
                                             ActorRef actor, Timestamp now);

// Escalates to the next tier (N1 -> N2 -> N3), optionally handing over to `team_id`.
StatusOr<std::vector<TicketEvent>> PlanEscalation(const Ticket& t, std::string_view reason,
                                                  std::optional<int64_t> team_id, ActorRef actor,
                                                  Timestamp now);

struct MergePlan {
  std::vector<TicketEvent> source_events;
  std::vector<TicketEvent> target_events;
};
// Merges `source` into `target`: the source is closed and points at the target. Both must belong
// to the same organisation; neither may be closed, cancelled or already merged.
StatusOr<MergePlan> PlanMerge(const Ticket& source, const Ticket& target, ActorRef actor,
                              Timestamp now);

struct LinkPlan {
  TicketEvent on_ticket;
  TicketEvent on_other;
};
StatusOr<LinkPlan> PlanLink(const Ticket& t, const Ticket& other, LinkKind kind, bool unlink,
                            ActorRef actor, Timestamp now);

TicketEvent PlanAttachment(const Ticket& t, int64_t attachment_id, std::string_view filename,
                           bool internal, ActorRef actor, Timestamp now);

// A phone call (or a visit) an agent logs on a ticket. Stored as a call_logged event:
// field = direction, from = caller, to = outcome, ref = duration in seconds, body = notes.
enum class CallDirection { kInbound, kOutbound };
enum class CallOutcome { kResolved, kFollowUp, kNoAnswer, kLeftMessage };
std::string_view Name(CallDirection d);
std::string_view Name(CallOutcome o);
std::optional<CallDirection> ParseCallDirection(std::string_view s);
std::optional<CallOutcome> ParseCallOutcome(std::string_view s);
struct CallLog {
  CallDirection direction = CallDirection::kInbound;
  std::string caller;  // who was on the line: a name or a number
  int64_t duration_seconds = 0;
  std::string notes;
  CallOutcome outcome = CallOutcome::kFollowUp;
  bool internal = true;  // call notes are for staff unless said otherwise
};
// The call event and, when the call resolved the ticket, the move to resolved (so a ticket
// solved on its first call counts as first-contact resolution).
StatusOr<std::vector<TicketEvent>> PlanCall(const Ticket& t, const CallLog& call, ActorRef actor, Timestamp now);

// The requester's 1-5 star rating of a resolved or closed ticket; a later rating replaces it.
StatusOr<TicketEvent> PlanRating(const Ticket& t, int stars, std::string_view comment,
                                 ActorRef actor, Timestamp now);

}  // namespace farol::domain
