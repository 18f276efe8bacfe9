// Surveys (docs/SURVEYS.md): designing them (survey.write), sending one when a ticket is resolved
// or closed (in that ticket's transaction, throttled per contact), answering by a link with no
// sign-in, and the results (survey.read) computed by domain/survey.h from the answers per score.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/survey.h"
#include "domain/ticket.h"
#include "store/store.h"

namespace farol::app {

inline constexpr std::string_view kSurveyMailEvent = "survey.invitation";

struct SurveyConfig {
  // Surveys are e-mailed only with a mail server and the web app's public address (the links'
  // host); otherwise each send is skipped and counted as "mail_off".
  bool enabled = false;
  std::string public_url;
  int throttle_days = 30;  // never survey a contact more than once in this many days
};

class SurveyService {
 public:
  SurveyService(store::Store& store, Clock& clock, SurveyConfig config)
      : store_(store), clock_(clock), config_(std::move(config)) {}

  // ---- design (survey.write; survey.read lists) ----
  // What a designer sets; absent members keep their value. kind, points and high_is_easy are
  // fixed once made (the answers are on that scale).
  struct Fields {
    std::optional<std::string> name;
    std::optional<domain::SurveyKind> kind;
    std::optional<int> points;
    std::optional<bool> high_is_easy;
    std::optional<std::string> question_en, question_pt, comment_en, comment_pt;
    std::optional<std::string> send_on;
    std::optional<std::vector<std::string>> ticket_types, channels;
    std::optional<int> link_days;
    std::optional<bool> active;
  };
  StatusOr<std::vector<store::Survey>> List(const domain::Actor& actor);
  StatusOr<store::Survey> Get(const domain::Actor& actor, int64_t id);
  StatusOr<store::Survey> Create(const domain::Actor& actor, const Fields& f);
  StatusOr<store::Survey> Update(const domain::Actor& actor, int64_t id, const Fields& f, int64_t expected_version);

  // ---- sending ----
  // In the transaction of a change to `ticket`: `event` a status change to resolved or closed
  // invites the requester to each active survey sent then (matching the ticket's type and
  // channel), unless throttled.
  Status OnTicketEvent(store::Tx& tx, const domain::Ticket& ticket, const domain::TicketEvent& event, Timestamp now);

  // ---- answering (no sign-in: the link's token is the credential) ----
  struct Invitation {
    store::Survey survey;
    std::string locale;
    std::string question;
    std::string comment_prompt;
    std::string low_label;   // what the scale's lowest score means, in `locale`
    std::string high_label;  // and its highest
    int64_t ticket_id = 0;
    std::string ticket_subject;
    Timestamp expires_at;
    std::optional<store::SurveyResponse> answer;  // set once answered
  };
  // kNotFound for a link that was never sent (or was altered); kFailedPrecondition once expired.
  StatusOr<Invitation> Open(std::string_view token);
  // Records the score (and comment). Answered already: the same score with a comment adds the
  // comment if there was none (the e-mail's one-click score, then a comment on the page);
  // anything else is kAlreadyExists and changes nothing.
  StatusOr<store::SurveyResponse> Answer(std::string_view token, int score, std::string_view comment);

  // ---- results (survey.read) ----
  struct Figures {
    domain::SurveySummary summary;
    std::vector<int64_t> counts;  // answers per score, from the scale's min
  };
  struct Month {
    std::string month;  // "2026-11", in the reader's time zone
    domain::SurveySummary summary;
  };
  struct Results {
    store::Survey survey;
    Figures all;
    Figures transactional;
    Figures relational;
    std::vector<Month> months;  // the 12 months to `to`, oldest first
    int64_t invitations = 0;    // sent in the period
    std::vector<std::pair<std::string, int64_t>> skipped;  // every send not made, by reason (all time)
  };
  StatusOr<Results> Report(const domain::Actor& actor, const store::SurveyFilter& filter);
  StatusOr<std::vector<store::SurveyResponse>> Responses(const domain::Actor& actor, const store::SurveyFilter& filter,
                                                         int limit, int64_t before_id);

 private:
  Status Invite(store::Tx& tx, const store::Survey& s, const domain::Ticket& t, Timestamp now);

  store::Store& store_;
  Clock& clock_;
  SurveyConfig config_;
};

}  // namespace farol::app
