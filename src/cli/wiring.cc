#include "cli/wiring.h"

#include "core/crypto.h"
#include "mail/intake_parts.h"
#include "report/pdf.h"

namespace farol::cli {

app::AppConfig AppConfigFrom(const Config& c) {
  app::AppConfig a;
  a.auth.session_idle = std::chrono::hours(c.session_idle_hours);
  a.auth.session_max_age = std::chrono::hours(c.session_max_hours);
  a.tickets.max_attachment_bytes = static_cast<int64_t>(c.max_attachment_mb) * 1024 * 1024;
  a.alerts.public_url = c.public_url.empty() ? "http://" + c.listen : c.public_url;
  a.escalation.public_url = a.alerts.public_url;
  a.escalation.email = !c.smtp_url.empty();
  a.alerts.send_threads = 4;  // SMTP sessions and webhooks overlap (bench/mail-out.sh)
  // Customers' sign-in links need a mail server to reach them.
  a.auth.email_links = !c.smtp_url.empty() && !c.smtp_from.empty();
  a.auth.public_url = a.alerts.public_url;
  a.mail_reader = mail::Reader();
  a.html_sanitizer = mail::Sanitizer();
  // Replies are e-mailed to requesters whenever there is a mail server to send them through.
  a.mail_out.enabled = !c.smtp_url.empty() && !c.smtp_from.empty();
  a.mail_out.from = {"", c.smtp_from};
  for (const auto& [name, box] : c.mailboxes) {
    if (!box.from_address.empty()) a.mail_out.mailbox_from[name] = {box.from_name, box.from_address};
  }
  a.mail_out.public_url = a.alerts.public_url;
  a.mail_out.max_attachment_bytes = a.tickets.max_attachment_bytes;
  a.mail_out.notify_opened = c.notify_opened;
  a.mail_out.notify_resolved = c.notify_resolved;
  a.mail_writer = mail::Writer();
  a.chat.pickup_timeout = std::chrono::seconds(c.chat_pickup_seconds);
  // Surveys are e-mailed with links to the web app (docs/SURVEYS.md).
  a.surveys.enabled = a.mail_out.enabled;
  a.surveys.public_url = a.alerts.public_url;
  a.guardian.mail_enabled = a.mail_out.enabled;
  a.guardian.public_url = a.alerts.public_url;
  a.guardian.max_attachment_bytes = a.tickets.max_attachment_bytes;
  a.guardian.pdf = report::RenderPdf;
  a.surveys.throttle_days = c.survey_throttle_days;
  a.surveys.followup_hours = c.survey_followup_hours;
  return a;
}

StatusOr<std::unique_ptr<Wired>> Wire(const Config& c, bool migrate) {
  crypto::Init();
  auto w = std::make_unique<Wired>();
  store::StoreOptions so;
  so.url = c.database;
  so.migrate = migrate;
  so.pool_size = c.db_pool;
  so.metrics = &w->metrics;
  FAROL_ASSIGN_OR_RETURN(w->store, store::OpenStore(so));
  FAROL_ASSIGN_OR_RETURN(w->files, store::OpenLocalFileStore(c.attachments));
  w->app = std::make_unique<app::App>(*w->store, *w->files, SystemClock(), w->metrics, AppConfigFrom(c));
  return w;
}

}  // namespace farol::cli
