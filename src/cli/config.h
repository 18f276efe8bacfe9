// farol's configuration: defaults, then a config file, then FAROL_* environment variables, then
// command-line flags (each later source wins). Validated once at start-up.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/tls_policy.h"

namespace farol::cli {

// One IMAP mailbox farol takes mail in from (docs/EMAIL.md), set with mailbox.NAME.FIELD keys.
struct MailboxConfig {
  std::string name;
  std::string url;       // imap://HOST:PORT/FOLDER or imaps://HOST:PORT/FOLDER
  std::string user;
  std::string password;  // best from FAROL_MAILBOX_<NAME>_PASSWORD; never logged
  std::string done_folder;  // "" marks taken mail seen; a folder receives it instead
  std::string type = "incident";  // the type of the tickets it opens
  std::string kind = "tickets";   // "apology": the guardian's apology inbox (problem records)
  int64_t team_id = 0;            // the team they go to (0: none)
  int poll_seconds = 60;          // between looks on servers without IDLE
  TlsMode tls = TlsMode::kAuto;   // imap:// without STARTTLS: refused unless loopback
  std::string ca_file;            // a private CA's certificate(s) to trust
  // The brand's own From for the tickets this mailbox opens ("" = smtp_from): the address, and
  // the name shown with it.
  std::string from_address;
  std::string from_name;
};

struct Config {
  // Where the HTTP server listens, HOST:PORT.
  std::string listen = "127.0.0.1:8080";
  // sqlite:PATH or postgresql://USER@HOST:PORT/DB
  std::string database = "sqlite:./data/farol.db";
  // trace, debug, info, warn, error
  std::string log_level = "info";
  // Folder for attachment bytes (content-addressed).
  std::string attachments = "./data/attachments";
  // The web app's build, served at / (empty: API only).
  std::string web_root = "./web/dist";
  // Seconds between live views' checks for changes made by another process.
  int live_tick_seconds = 5;
  // Event-loop threads (0 = one per core, at least 2) and blocking worker threads.
  int threads = 0;
  int workers = 64;
  // Seconds to receive a request (headers and body), and to keep an idle connection open.
  int request_timeout_seconds = 60;
  int idle_timeout_seconds = 75;
  // Seconds in-flight requests get to finish after SIGTERM/SIGINT.
  int shutdown_grace_seconds = 30;
  // Database connections: SQLite readers / PostgreSQL pool size.
  int db_pool = 8;
  // Largest attachment accepted, in MiB.
  int max_attachment_mb = 25;
  // Mark the session cookie Secure (when farol is served over HTTPS by a proxy).
  bool secure_cookies = false;
  // Session lifetime without use, and at most, in hours.
  int session_idle_hours = 12;
  int session_max_hours = 24 * 7;
  // The first admin, created on first start of an empty database.
  std::string admin_email = "admin@farol.local";
  std::string admin_password;  // from FAROL_ADMIN_PASSWORD only; random when empty
  // The web app's address as people reach it (links in alerts), e.g. https://desk.example.com.
  std::string public_url;
  // Outgoing e-mail for alerts: smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT, the From
  // address, and the login (the password best from FAROL_SMTP_PASSWORD); smtp_tls says whether
  // smtp:// may go on unencrypted (core/tls_policy.h), smtp_ca_file a private CA to trust.
  std::string smtp_url;
  std::string smtp_from;
  std::string smtp_user;
  std::string smtp_password;
  TlsMode smtp_tls = TlsMode::kAuto;
  std::string smtp_ca_file;
  // Milliseconds between the job scheduler's looks for due SLA timers and deliveries.
  int scheduler_tick_ms = 1000;
  // Seconds a live chat waits for an agent to pick it up before the contact is told and it stays
  // an ordinary ticket (docs/CHAT.md).
  int chat_pickup_seconds = 180;
  // With mail out on: e-mail the requester when a ticket is opened for them (not a chat) and
  // when it is resolved (docs/EMAIL.md, "Notices").
  bool notify_opened = true;
  bool notify_resolved = true;
  // Never survey a contact more than once in this many days, across every survey (docs/SURVEYS.md).
  int survey_throttle_days = 30;
  // An unhappy survey answer's follow-up: first contact within this many business hours.
  int survey_followup_hours = 48;
  // IMAP mailboxes to take mail in from, by name.
  std::map<std::string, MailboxConfig> mailboxes;

  std::string host() const;
  int port() const;
};

// Keys accepted in the file and as FAROL_<KEY> variables (upper case): the member names above.
// `file`: a path, or empty to look for FAROL_CONFIG. `flags`: values given on the command line.
StatusOr<Config> LoadConfig(const std::string& file, const std::map<std::string, std::string>& flags);

// Applies one key=value; kInvalidArgument naming the key and the source on a bad value.
Status ApplyConfigValue(Config& c, const std::string& key, const std::string& value, const std::string& source);

}  // namespace farol::cli
