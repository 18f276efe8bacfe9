// Surveys (docs/SURVEYS.md): designing them (survey.write), sending one when a ticket is resolved
// or closed (in that ticket's transaction, throttled per contact), answering by a link with no
// sign-in, and the results (survey.read) computed by domain/survey.h from the answers per score.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/sla_book.h"
#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/alerts.h"
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
  int followup_hours = 48;  // an unhappy answer's follow-up: first contact within these business hours
};

class SurveyService {
 public:
  SurveyService(store::Store& store, Clock& clock, SlaBooks& books, SurveyConfig config)
      : store_(store), clock_(clock), books_(books), config_(std::move(config)) {}

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
    // The follow-up questions, replacing the list: a question with the id of one of the survey's
    // keeps that id (and its answers); one with id 0 is new.
    std::optional<std::vector<domain::SurveyQuestion>> questions;
  };
  StatusOr<std::vector<store::Survey>> List(const domain::Actor& actor);
  // The desk-wide throttle: a contact is surveyed at most once in this many days, by any survey.
  int throttle_days() const { return config_.throttle_days; }
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
  // Records the score, the comment and the answers to the follow-up questions asked after that
  // score. Answered already: the same score adds the comment and the question answers if there
  // were none (the e-mail's one-click score, then the page); anything else is kAlreadyExists and
  // changes nothing. A text answer left empty is not recorded.
  StatusOr<store::SurveyResponse> Answer(std::string_view token, int score, std::string_view comment,
                                         std::vector<domain::QuestionAnswer> answers = {});

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
    store::FollowUpCounts followups;  // opened in the period
    // Each follow-up question of the survey, in its order: how many answered it (every answer
    // counts, also in an organisation's report) and, for a choice, how many chose each option.
    struct Question {
      domain::SurveyQuestion question;
      int64_t answered = 0;
      std::vector<int64_t> counts;  // per option
    };
    std::vector<Question> questions;
  };
  StatusOr<Results> Report(const domain::Actor& actor, const store::SurveyFilter& filter);
  StatusOr<std::vector<store::SurveyResponse>> Responses(const domain::Actor& actor, const store::SurveyFilter& filter,
                                                         int limit, int64_t before_id);

  // ---- the closed loop (survey.read reads; survey.write records outcomes and sets routes) ----
  StatusOr<std::vector<store::SurveyFollowUp>> FollowUps(const domain::Actor& actor, const store::FollowUpFilter& f);
  StatusOr<store::SurveyFollowUp> FollowUp(const domain::Actor& actor, int64_t id);
  // The outcome: "contacted", then "resolved" or "no_answer" (closed: changes no more), with a
  // note. The first change away from "open" is the first contact, measured against the deadline.
  struct Outcome {
    std::optional<std::string> state;
    std::optional<std::string> note;
  };
  StatusOr<store::SurveyFollowUp> RecordOutcome(const domain::Actor& actor, int64_t id, const Outcome& o,
                                                int64_t expected_version);
  StatusOr<std::vector<store::SurveyAlertRoute>> AlertRoutes(const domain::Actor& actor);
  // The alert channels a route may name (survey.read): their names and kinds only, for choosing.
  StatusOr<std::vector<domain::AlertChannel>> RouteChannels(const domain::Actor& actor);
  StatusOr<std::vector<store::SurveyAlertRoute>> SetAlertRoutes(const domain::Actor& actor,
                                                                std::vector<store::SurveyAlertRoute> routes);
  // The scheduler's: each open follow-up past its deadline is escalated once — its CSM's
  // directors and the ticket team's manager are e-mailed, the routes' channels told. Returns how
  // many were escalated.
  StatusOr<int> EscalateOverdue(int limit = 100);

  // ---- relational campaigns (docs/SURVEYS.md, "Campaigns"; survey.read lists, survey.write
  // makes and changes) ----
  struct CampaignFields {
    std::optional<int64_t> survey_id;  // only when made
    std::optional<std::string> name;
    std::optional<std::vector<int64_t>> organisation_ids;  // empty: every active organisation
    std::optional<std::vector<std::string>> segments;      // smb, mid_market, enterprise; empty: every one
    std::optional<int> every_months;
    std::optional<Timestamp> next_run_at;  // when the (next) round starts
    std::optional<std::string> window_start;  // "09:00", on each contact's clock
    std::optional<std::string> window_end;
    std::optional<bool> weekdays_only;
    std::optional<bool> active;
  };
  struct CampaignView {
    store::SurveyCampaign campaign;
    store::CampaignRound round;  // the latest round
  };
  StatusOr<std::vector<CampaignView>> Campaigns(const domain::Actor& actor, int64_t survey_id);
  StatusOr<CampaignView> Campaign(const domain::Actor& actor, int64_t id);
  StatusOr<CampaignView> CreateCampaign(const domain::Actor& actor, const CampaignFields& f);
  StatusOr<CampaignView> UpdateCampaign(const domain::Actor& actor, int64_t id, const CampaignFields& f,
                                        int64_t expected_version);
  // The scheduler's: starts the rounds that are due, invites each listed contact whose send
  // window is open now (the throttle applies), and skips those whose window did not open within
  // a week of the round's start ("window_missed").
  struct CampaignTick {
    int rounds = 0;
    int sent = 0;
    int skipped = 0;
  };
  StatusOr<CampaignTick> RunCampaigns(int page = 1000);

 private:
  // Invites `contact_id` (about ticket `t`, or none: a campaign's): "" when the e-mail is queued,
  // else why not (counted as a skip, or "already" when this survey already asked about `t`).
  StatusOr<std::string> Invite(store::Tx& tx, const store::Survey& s, int64_t contact_id, const domain::Ticket* t,
                               Timestamp now);
  // In the answer's transaction: an unhappy answer opens its follow-up; the routes are told.
  Status AfterAnswer(store::Tx& tx, const store::Survey& s, const store::SurveyResponse& r, Timestamp now);
  // One waiting contact of a campaign's round: invited (or skipped, and why) if their clock is
  // inside the campaign's window now; `campaigns` caches the campaigns read.
  Status SendIfInWindow(const store::CampaignSend& p,
                        std::unordered_map<int64_t, std::optional<store::SurveyCampaign>>& campaigns, Timestamp now,
                        CampaignTick& out);
  // Queues `n` for the routes' channels (`overdue`: those that asked for it) and e-mails `people`.
  Status Notify(store::Tx& tx, const domain::SurveyNotice& n, int64_t team_id, domain::Sentiment sentiment,
                const std::vector<domain::User>& people, int64_t ticket_id, Timestamp now);

  store::Store& store_;
  Clock& clock_;
  SlaBooks& books_;
  SurveyConfig config_;
};

}  // namespace farol::app
