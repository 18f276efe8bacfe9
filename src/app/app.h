// The application: every use-case service, wired to its ports. Built once by the composition
// root (cli/wiring.cc) and shared by the HTTP server, the CLI and the jobs.
#pragma once

#include <memory>

#include "app/alert_service.h"
#include "app/auth_service.h"
#include "app/chat_service.h"
#include "app/directory_service.h"
#include "app/escalation_service.h"
#include "app/mail_intake.h"
#include "app/mail_out.h"
#include "app/monitoring_service.h"
#include "app/sla_admin.h"
#include "app/sla_book.h"
#include "app/sla_service.h"
#include "app/sla_tracker.h"
#include "app/guardian_service.h"
#include "app/survey_service.h"
#include "app/ticket_service.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "store/file_store.h"
#include "store/store.h"

namespace farol::app {

struct AppConfig {
  AuthConfig auth;
  TicketConfig tickets;
  AlertConfig alerts;
  EscalationConfig escalation;
  // E-mail intake: the MIME reader and HTML sanitiser come from src/mail (mail::IntakeParts());
  // without a reader every message is quarantined as unreadable.
  MailIntakeOptions mail;
  MailReader mail_reader;
  HtmlSanitizer html_sanitizer;
  // E-mail out: staff replies to the requester (off unless `mail_out.enabled`); the writer comes
  // from src/mail (mail::Writer()).
  MailOutOptions mail_out;
  MailWriter mail_writer;
  ChatConfig chat;
  SurveyConfig surveys;
  GuardianConfig guardian;
};

// The guardian's e-mails leave from the desk's address, built by the same writer as replies.
inline GuardianConfig GuardianWithMail(const AppConfig& c) {
  GuardianConfig g = c.guardian;
  if (!g.mail_writer) g.mail_writer = c.mail_writer;
  if (!g.mail_reader) g.mail_reader = c.mail_reader;
  if (g.mail_from.address.empty()) g.mail_from = c.mail_out.from;
  return g;
}

class App {
 public:
  // The store, file store, clock and registry must outlive the App.
  App(store::Store& store, store::FileStore& files, Clock& clock, metrics::Registry& metrics,
      AppConfig config)
      : store_(store),
        clock_(clock),
        metrics_(metrics),
        config_(config),
        auth_(store, clock, config.auth, auth_cache_),
        tickets_(store, files, clock, config.tickets, &metrics, &ticket_watch_),
        directory_(store, clock, auth_cache_),
        sla_tracker_(sla_books_),
        sla_(store, clock, tickets_, sla_books_),
        sla_admin_(store, clock, sla_books_, sla_tracker_, &ticket_watch_),
        escalations_(store, clock, sla_tracker_, &ticket_watch_, &metrics, config.escalation),
        alerts_(store, clock, sla_tracker_, &ticket_watch_, &metrics, config.alerts),
        mail_(store, files, tickets_, clock, config.mail_reader, config.html_sanitizer, config.mail),
        mail_out_(files, config.mail_out, config.mail_writer),
        monitoring_(store, clock, tickets_),
        chats_(store, clock, tickets_, &ticket_watch_, config.chat),
        surveys_(store, clock, sla_books_, config.surveys),
        guardian_(store, files, clock, GuardianWithMail(config)) {
    // The guardian's apology inboxes: their messages become problem records.
    mail_.SetApologyHandler([this](std::string_view raw, const domain::InboundMail& m) -> StatusOr<MailResult> {
      FAROL_ASSIGN_OR_RETURN(auto made, guardian_.RecordParsed(domain::Actor::System(), raw, m));
      MailResult r;
      r.outcome = MailOutcome::kProblem;
      r.problem_id = made.view.problem.id;
      if (made.existing) r.reason = "already recorded";
      return r;
    });
    tickets_.SetAfterWrite([this](store::Tx& tx, const std::vector<int64_t>& ids, const TicketService::Opened& opened,
                                  Timestamp now) -> Status {
      FAROL_RETURN_IF_ERROR(sla_tracker_.Refresh(tx, ids, now, false, &opened));
      // "We have opened ticket #N": after the whole change, so an e-mail that opened the ticket is
      // already in the mail log and the notice answers it. Not for chats: the customer is there.
      for (const auto& [id, events] : opened) {
        FAROL_ASSIGN_OR_RETURN(auto t, tx.tickets().Get(id));
        if (!t || t->channel == domain::Channel::kChat || events.empty()) continue;
        FAROL_RETURN_IF_ERROR(mail_out_.QueueNotice(tx, *t, domain::NoticeKind::kOpened, events.front().id, now));
      }
      return OkStatus();
    });
    tickets_.SetOnCreate([this](store::Tx& tx, domain::TicketEvent& created) { return sla_tracker_.RecordTerms(tx, created); });
    alerts_.SetEscalations(&escalations_);
    mail_.SetEscalations(&escalations_);
    tickets_.SetOnEvent([this](store::Tx& tx, const domain::Ticket& t, const domain::TicketEvent& e, Timestamp now) -> Status {
      if (e.type == domain::EventType::kStatusChanged && (e.to == "resolved" || e.to == "closed")) {
        FAROL_RETURN_IF_ERROR(surveys_.OnTicketEvent(tx, t, e, now));
        if (e.to == "resolved") return mail_out_.QueueNotice(tx, t, domain::NoticeKind::kResolved, e.id, now);
        return OkStatus();
      }
      if (e.type != domain::EventType::kPublicReply) return OkStatus();
      // A chat in progress is read live: its replies are not e-mailed.
      FAROL_ASSIGN_OR_RETURN(const bool live_chat, chats_.DuringReply(tx, t, e));
      return live_chat ? OkStatus() : mail_out_.QueueReply(tx, t, e, now);
    });
  }

  AuthService& auth() { return auth_; }
  TicketService& tickets() { return tickets_; }
  DirectoryService& directory() { return directory_; }
  SlaService& sla() { return sla_; }
  SlaAdminService& sla_admin() { return sla_admin_; }
  EscalationService& escalations() { return escalations_; }
  SlaTracker& sla_tracker() { return sla_tracker_; }
  AlertService& alerts() { return alerts_; }
  MailIntake& mail() { return mail_; }
  MailOutbox& mail_out() { return mail_out_; }
  MonitoringService& monitoring() { return monitoring_; }
  ChatService& chats() { return chats_; }
  SurveyService& surveys() { return surveys_; }
  GuardianService& guardian() { return guardian_; }
  TicketWatch& ticket_watch() { return ticket_watch_; }
  store::Store& store() { return store_; }
  Clock& clock() { return clock_; }
  metrics::Registry& metrics() { return metrics_; }
  const AppConfig& config() const { return config_; }

 private:
  store::Store& store_;
  Clock& clock_;
  metrics::Registry& metrics_;
  const AppConfig config_;
  AuthCache auth_cache_;  // before the services that use it
  TicketWatch ticket_watch_;
  AuthService auth_;
  TicketService tickets_;
  DirectoryService directory_;
  SlaBooks sla_books_;
  SlaTracker sla_tracker_;
  SlaService sla_;
  SlaAdminService sla_admin_;
  EscalationService escalations_;
  AlertService alerts_;
  MailIntake mail_;
  MailOutbox mail_out_;
  MonitoringService monitoring_;
  ChatService chats_;
  SurveyService surveys_;
  GuardianService guardian_;
};

}  // namespace farol::app
