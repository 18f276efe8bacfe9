// SLA alerts: the channels they go out on and what each channel receives. Pure: rendering takes
// the facts of the alert and returns the text; sending is the jobs layer's business.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/enums.h"

namespace farol::domain {

enum class AlertKind {
  kEmail,     // SMTP, to `emails`
  kSlack,     // a Slack-compatible incoming webhook: POST {"text": …} to `url`
  kTelegram,  // Telegram Bot API sendMessage: POST {"chat_id", "text"} to `url`/bot<secret>/sendMessage
  kWebhook,   // generic JSON to `url`, signed with HMAC-SHA256 of the body under `secret`
};
std::string_view Name(AlertKind k);
std::optional<AlertKind> ParseAlertKind(std::string_view s);

// The Telegram Bot API's address, used when a Telegram channel gives none.
inline constexpr std::string_view kTelegramApi = "https://api.telegram.org";

struct AlertChannel {
  int64_t id = 0;
  std::string name;
  AlertKind kind = AlertKind::kWebhook;
  std::string url;      // slack, webhook: where to POST; telegram: the API base (default kTelegramApi)
  std::string secret;   // webhook: the HMAC key; telegram: the bot token. Never shown or logged.
  std::string chat_id;  // telegram
  std::vector<std::string> emails;  // email
  std::string language = "en";      // "en" or "pt-BR"
  std::string time_zone = "UTC";    // the zone times are written in
  bool on_warning = true;
  bool on_breach = true;
  int max_priority = 4;  // only tickets of priority 1..max_priority
  bool active = true;
  Timestamp created_at;
  int64_t version = 0;

  // Every problem, by field name.
  void Validate(FieldErrors& errors) const;
};

// One threshold of one clock, reached: what every channel is told.
struct SlaAlert {
  int64_t ticket_id = 0;
  std::string subject;
  std::string organisation;
  TicketType type = TicketType::kIncident;
  int priority = 3;
  std::string team;      // "" if none
  std::string assignee;  // "" if unassigned
  std::string clock;     // "first_response" or "resolution"
  int threshold = 0;     // percent of the target; 100 = breach
  long long target_seconds = 0;
  long long elapsed_seconds = 0;  // business seconds used when it fired
  std::optional<Timestamp> due;   // when the target is (was) reached, while the clock runs
  Timestamp fired_at;
  std::string link;  // the ticket in the web app ("" if no public address is configured)

  bool breach() const { return threshold >= 100; }
};

// "sla.warning" or "sla.breach".
std::string_view AlertEvent(const SlaAlert& a);

// Whether `channel` takes this alert (active, the event switched on, the priority in range).
bool Wants(const AlertChannel& channel, const SlaAlert& a);

struct RenderedAlert {
  std::string subject;  // e-mail subject (also the first line of chat messages)
  std::string body;     // e-mail text, or the JSON to POST
};

// The message for `channel`, in its language and time zone.
RenderedAlert RenderAlert(const AlertChannel& channel, const SlaAlert& a);

// A level of the escalation matrix fired on a ticket: what its people and channels are told.
struct EscalationNotice {
  int64_t ticket_id = 0;
  std::string subject;
  std::string organisation;
  TicketType type = TicketType::kIncident;
  int priority = 3;
  std::string team;
  std::string assignee;
  int level = 1;
  std::string level_name;
  std::string cause;  // "created", "percent:75:resolution", "unacknowledged", "customer_request"
  std::string previous_level_name;  // for "unacknowledged"
  std::string customer_reason;      // a contact's own words, for "customer_request"
  Timestamp fired_at;
  std::optional<Timestamp> deadline;  // when this level must have acted
  std::string link;      // the ticket in the web app ("" without a public address)
  std::string ack_link;  // staff e-mail only: a signed link that acknowledges the level
};

// "escalation.level"
inline constexpr std::string_view kEscalationEvent = "escalation.level";

// An e-mail to one person, in their language ("en" / "pt-BR") and time zone. `customer`: one of
// the organisation's manager contacts, who is told the ticket moved up and by whom it is now
// followed — never internal details, never asked to acknowledge.
RenderedAlert RenderEscalationMail(const EscalationNotice& n, std::string_view language, std::string_view zone,
                                   bool customer);
// The message for an alert channel the level names.
RenderedAlert RenderEscalation(const AlertChannel& channel, const EscalationNotice& n);

// A survey answer someone must hear about (docs/SURVEYS.md, "The closed loop"): an unhappy
// customer's, with the follow-up task it opened, or any answer a team's route asked for; and a
// follow-up whose first-contact deadline passed with no contact (`overdue`).
struct SurveyNotice {
  bool overdue = false;
  std::string survey;     // its name
  std::string kind;       // nps, csat, ces, stars, likert
  int score = 0;
  int max = 10;
  std::string sentiment;  // detractor, passive, promoter, unsatisfied…
  std::string comment;
  std::string contact;       // "Name <address>"
  std::string organisation;
  int64_t ticket_id = 0;     // 0: not about a ticket
  std::string ticket_subject;
  std::string team;
  int64_t followup_id = 0;   // 0: no follow-up (not an unhappy answer)
  std::string owner;         // the follow-up's CSM ("" none)
  std::optional<Timestamp> due;  // first contact by then
  Timestamp at;              // answered, or escalated
  std::string link;          // the follow-up (or the survey's results) in the web app; "" without a public address
};

// "survey.answer" and "survey.followup.overdue"
inline constexpr std::string_view kSurveyAnswerEvent = "survey.answer";
inline constexpr std::string_view kSurveyOverdueEvent = "survey.followup.overdue";

// The message for an alert channel, or (a channel of kind e-mail made for one person) the e-mail
// to the CSM, a director or a manager.
RenderedAlert RenderSurveyNotice(const AlertChannel& channel, const SurveyNotice& n);

// A problem record's action past its due date (docs/GUARDIAN.md, "Action plans"), told to its
// owner, the guardians and the channels the guardian's settings name.
struct ActionOverdueNotice {
  int64_t action_id = 0;
  std::string kind;    // immediate, long_term, preventive
  std::string title;
  std::string owner;   // the owner's name
  std::string team;    // "" none
  Timestamp due_at;
  int64_t problem_id = 0;
  std::string problem_title;
  Timestamp at;        // when the alert fired
  std::string link;    // the record in the web app ("" without a public address)
};

// "problem.action.overdue"
inline constexpr std::string_view kActionOverdueEvent = "problem.action.overdue";

RenderedAlert RenderActionOverdue(const AlertChannel& channel, const ActionOverdueNotice& n);

// An e-mail "channel" for one person: their address, language and time zone.
AlertChannel PersonalChannel(const std::string& email, const std::string& language, const std::string& time_zone);

// A short message proving a channel works (the admin's "send a test").
RenderedAlert RenderTest(const AlertChannel& channel, Timestamp now);

}  // namespace farol::domain
