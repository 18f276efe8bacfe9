// The customer guardian (docs/GUARDIAN.md): problem records — every customer-facing error with
// its cause, GUT score and solutions — recorded and changed by the guardian and managers
// (problem.write), read by them, CSMs and directors (problem.read), raised from a ticket by any
// staff member (problem.raise); the GUT rule and the error categories they are judged by.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/access.h"
#include "domain/alerts.h"
#include "domain/guardian.h"
#include "domain/guardian_report.h"
#include "domain/mail.h"
#include "report/document.h"
#include "store/file_store.h"
#include "store/store.h"

namespace farol::app {

// Renders a report as a PDF (src/report: report::RenderPdf).
using PdfRenderer = std::function<StatusOr<std::string>(const report::Document&)>;
// Builds the bytes of an e-mail (src/mail: mail::Writer()).
using MailBuilder = std::function<std::string(const domain::OutboundMail&)>;

// Reads an e-mail's bytes (src/mail: the MIME reader).
using MailParser = std::function<StatusOr<domain::InboundMail>(std::string_view raw)>;

// A whole e-mail with a report attached, queued in the outbox (its body the message itself).
inline constexpr std::string_view kMailReportEvent = "mail.report";

struct GuardianConfig {
  // Overdue actions and monthly reports are e-mailed only with a mail server.
  bool mail_enabled = false;
  domain::MailAddress mail_from;  // the desk's address (mail_out's From)
  MailBuilder mail_writer;
  PdfRenderer pdf;  // without it, no PDF (kUnavailable)
  MailParser mail_reader;  // the apology inbox's (and .eml uploads') reader
  std::string public_url;  // the web app's address, for links in alerts ("" = no links)
  int64_t max_attachment_bytes = 25 * 1024 * 1024;  // as tickets'
};

class GuardianService {
 public:
  GuardianService(store::Store& store, store::FileStore& files, Clock& clock, GuardianConfig config)
      : store_(store), files_(files), clock_(clock), config_(std::move(config)) {}

  // What a writer sets; absent members keep their value. A grade's inner nullopt clears it.
  struct Fields {
    std::optional<std::string> title, description;
    std::optional<Timestamp> reported_at;
    std::optional<std::vector<int64_t>> organisation_ids;
    std::optional<int64_t> reporter_user_id, reporter_contact_id;  // 0 clears
    std::optional<std::string> error_category, root_cause, cause_category;
    std::optional<int64_t> team_id;  // 0 clears
    std::optional<std::string> impact;
    std::optional<std::optional<int>> gravity, urgency, tendency;
    std::optional<std::string> solution_immediate, solution_long_term, solution_preventive;
    std::optional<std::vector<int64_t>> ticket_ids, problem_ids;
    std::optional<std::string> status;  // Update only
    // Put the record in this record's group (the same root cause); 0 takes it out of its group.
    std::optional<int64_t> group_with;
  };
  // A record with its GUT score under the current rule (nullopt until all three grades are
  // set) and the solutions its level requires that are not written yet.
  struct View {
    store::Problem problem;
    std::optional<domain::GutScore> gut;
    std::vector<domain::SolutionKind> missing;
    // Get, Create and Update only:
    std::vector<store::ProblemAction> actions;
    std::vector<store::ProblemFile> files;
    std::vector<store::Problem> group;  // the group's records, oldest first (empty: no group)
    std::optional<Timestamp> fixed_at, prevented_at;  // every immediate / preventive action done
    std::vector<int64_t> recurred;  // Update/Create: records this change reopened (a recurrence)
  };

  // `level` (a level of the current GUT rule, "" any) narrows the filter to that band's scores.
  StatusOr<std::vector<View>> List(const domain::Actor& actor, store::ProblemFilter filter, const std::string& level = "");
  StatusOr<View> Get(const domain::Actor& actor, int64_t id);
  StatusOr<View> Create(const domain::Actor& actor, const Fields& f);
  // Moving to action_plan or later needs the root cause, cause category, team, grades and every
  // solution the level requires; a refused move names each missing field and changes nothing.
  StatusOr<View> Update(const domain::Actor& actor, int64_t id, const Fields& f, int64_t expected_version);
  // "Raise as customer error" on ticket `ticket_id` (problem.raise, and the ticket visible to the
  // actor): a new record titled as the ticket (or `title`), its organisation affected, the ticket
  // linked, the actor its reporter.
  StatusOr<View> RaiseFromTicket(const domain::Actor& actor, int64_t ticket_id, const std::optional<std::string>& title,
                                 const std::optional<std::string>& description);

  StatusOr<store::GuardianSettings> Settings(const domain::Actor& actor);
  struct SettingsFields {
    std::optional<domain::GutRule> gut;  // a preset's name alone in `preset` picks that preset
    std::optional<std::vector<std::string>> error_categories;
    std::optional<std::vector<int64_t>> alert_channel_ids;  // told of overdue actions
  };
  // Refused (kFailedPrecondition) when records are graded above the new rule's scale; every
  // record's score is recomputed under the new rule in the same transaction.
  StatusOr<store::GuardianSettings> SaveSettings(const domain::Actor& actor, const SettingsFields& f);
  // Every alert channel (problem.write): the ones the settings may name.
  StatusOr<std::vector<domain::AlertChannel>> AlertChannelChoices(const domain::Actor& actor);
  // The score of three grades under the current rule, recording nothing (problem.read or raise).
  StatusOr<domain::GutScore> Preview(const domain::Actor& actor, int gravity, int urgency, int tendency);

  // ---- action plans ----
  struct ActionFields {
    std::optional<std::string> kind, title;
    std::optional<int64_t> owner_user_id, team_id;  // team 0 clears
    std::optional<Timestamp> due_at;
    std::optional<std::string> status, evidence;
  };
  // problem.write. Every field but status and evidence is required.
  StatusOr<store::ProblemAction> CreateAction(const domain::Actor& actor, int64_t problem_id, const ActionFields& f);
  // problem.write changes anything; the action's owner only its status and evidence. Done needs
  // evidence.
  StatusOr<store::ProblemAction> UpdateAction(const domain::Actor& actor, int64_t action_id, const ActionFields& f,
                                              int64_t expected_version);
  // problem.read sees every action; other staff those of their teams and their own.
  StatusOr<std::vector<store::ProblemAction>> Actions(const domain::Actor& actor, store::ActionFilter filter);
  // The scheduler's: alerts every open action past its due date not alerted yet (once per due
  // date): its owner and the guardians by e-mail (with a mail server), the settings' channels.
  StatusOr<int> AlertOverdueActions(int limit = 100);

  // ---- discussion and files ----
  StatusOr<std::vector<store::ProblemEvent>> Events(const domain::Actor& actor, int64_t problem_id);
  StatusOr<store::ProblemEvent> Comment(const domain::Actor& actor, int64_t problem_id, const std::string& body);
  StatusOr<store::ProblemFile> Attach(const domain::Actor& actor, int64_t problem_id, std::string_view filename,
                                      std::string_view bytes);
  // The file and its path on disk (problem.read).
  StatusOr<std::pair<store::ProblemFile, std::string>> OpenFile(const domain::Actor& actor, int64_t file_id);

  // ---- recurrence ----
  struct Suggestion {
    store::Problem problem;  // a summary: no links
    double similarity = 0;
    bool same_category = false;
  };
  // Up to `limit` records like `text` (docs/GUARDIAN.md, "Recurrence"), best first; `exclude`
  // (a record's own id) is never offered, nor records of its group.
  StatusOr<std::vector<Suggestion>> Suggest(const domain::Actor& actor, const std::string& text,
                                            const std::string& error_category, int64_t exclude = 0, int limit = 5);
  StatusOr<std::vector<Suggestion>> SuggestForProblem(const domain::Actor& actor, int64_t id);
  StatusOr<std::vector<Suggestion>> SuggestForTicket(const domain::Actor& actor, int64_t ticket_id);

  // ---- the apology inbox (docs/GUARDIAN.md, "The apology inbox") ----
  struct FromEmail {
    View view;
    bool existing = false;  // the message had made this record already
  };
  // problem.write: a new record from an apology e-mail (the .eml's bytes): titled by its subject,
  // its text the description, its sender the reporter when a staff member, the organisations of
  // the contacts it went to affected; the message and its files kept as the record's files. The
  // same message (by Message-ID) again gives its record back.
  StatusOr<FromEmail> RecordEmail(const domain::Actor& actor, std::string_view raw);
  // The same for a message already read (the mail intake's apology mailboxes).
  StatusOr<FromEmail> RecordParsed(const domain::Actor& actor, std::string_view raw, const domain::InboundMail& mail);

  // ---- monthly reports (docs/GUARDIAN.md, "Monthly reports") ----
  struct MonthReport {
    domain::GuardianMonthReport report;
    int64_t team_id = 0;  // 0: company-wide
    std::string team_name;
    std::string time_zone;  // the months' edges
  };
  // problem.read. `month` "YYYY-MM" in the actor's time zone (nullopt: the last full month);
  // `team_id` 0 for the whole company.
  StatusOr<MonthReport> Monthly(const domain::Actor& actor, const std::optional<std::string>& month, int64_t team_id);
  // The same report as a PDF, in the actor's language.
  StatusOr<std::string> MonthlyPdf(const domain::Actor& actor, const std::optional<std::string>& month, int64_t team_id);
  struct Sent {
    std::vector<std::pair<std::string, std::string>> sent;     // team, manager's address
    std::vector<std::pair<std::string, std::string>> skipped;  // team, why
  };
  // problem.write: e-mails each team's manager their team's report for `month` as a PDF, in the
  // manager's language and time zone (queued in the outbox, sent by the scheduler).
  StatusOr<Sent> SendMonthly(const domain::Actor& actor, const std::optional<std::string>& month);

  const GuardianConfig& config() const { return config_; }

 private:
  StatusOr<View> ViewOf(store::Tx& tx, store::Problem p);
  // Get's view: with its actions, files, group and when it was fixed and prevented.
  StatusOr<View> FullView(store::Tx& tx, int64_t id);
  StatusOr<std::vector<Suggestion>> SuggestIn(store::Tx& tx, const std::string& text, const std::string& error_category,
                                              int64_t exclude, int64_t exclude_group, int limit);
  // `p` (just written) joined its group: if a preventive action of the group was done before `p`
  // was reported, every monitoring or closed record of the group is reopened. The ids reopened.
  StatusOr<std::vector<int64_t>> CheckRecurrence(store::Tx& tx, const store::Problem& p, int64_t actor_id, Timestamp now);
  // The report of `month` (in `zone`) for team `team_id` (0: all), read in `tx`.
  StatusOr<MonthReport> BuildMonthly(store::Tx& tx, const std::optional<std::string>& month, int64_t team_id,
                                     const std::string& zone, Timestamp now);

  store::Store& store_;
  store::FileStore& files_;
  Clock& clock_;
  GuardianConfig config_;
};

}  // namespace farol::app
