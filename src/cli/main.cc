// farol: serve | migrate | user | demo | api | sla | ticket
//
// Every subcommand takes --database/--config/--log-level. Ticket and api subcommands go through
// the same HTTP handlers as the REST API, in-process, acting as a user named with --as: the CLI
// and the API cannot drift apart.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "app/demo.h"
#include "cli/cli_io.h"
#include "cli/config.h"
#include "cli/wiring.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "domain/calendar.h"
#include "http/api.h"
#include "http/json.h"
#include "http/server.h"
#include "jobs/curl_sender.h"
#include "jobs/scheduler.h"
#include "mail/poller.h"
#include "http/sla_json.h"
#include "store/store.h"

namespace farol::cli {
namespace {

struct Globals {
  std::string config_file;
  std::map<std::string, std::string> flags;
  std::string as;  // --as EMAIL
  bool json = false;
};

StatusOr<Config> Load(const Globals& g) {
  FAROL_ASSIGN_OR_RETURN(Config c, LoadConfig(g.config_file, g.flags));
  spdlog::set_level(spdlog::level::from_str(c.log_level));
  return c;
}

// Adds an option whose value, when given, goes into the config flags under `key`.
void ConfigFlag(CLI::App* cmd, Globals& g, const std::string& name, const std::string& key, const std::string& help) {
  cmd->add_option_function<std::string>(
      name, [&g, key](const std::string& v) { g.flags[key] = v; }, help);
}

void CommonFlags(CLI::App* cmd, Globals& g) {
  cmd->add_option("--config", g.config_file, "Config file (key = value lines); also FAROL_CONFIG");
  ConfigFlag(cmd, g, "--database", "database", "sqlite:PATH or postgresql://USER@HOST:PORT/DB (FAROL_DATABASE)");
  ConfigFlag(cmd, g, "--log-level", "log_level", "trace, debug, info, warn, error (FAROL_LOG_LEVEL)");
  ConfigFlag(cmd, g, "--attachments", "attachments", "Folder for attachment files (FAROL_ATTACHMENTS)");
}

// ---- serve ------------------------------------------------------------------------------

int Serve(Globals& g) {
  auto c = Load(g);
  if (!c.ok()) return Fail(c.status());
  const auto started = std::chrono::steady_clock::now();
  auto w = Wire(*c, /*migrate=*/true);
  if (!w.ok()) return Fail(w.status());
  const char* admin_pw = std::getenv("FAROL_ADMIN_PASSWORD");
  auto created = (*w)->app->auth().EnsureAdmin(c->admin_email, admin_pw ? admin_pw : "");
  if (!created.ok()) return Fail(created.status());
  if (*created && !admin_pw) {
    std::printf("First start: created the admin %s with the one-time password %s\n"
                "(you will be asked to change it when you sign in).\n",
                c->admin_email.c_str(), (*created)->c_str());
  } else if (*created) {
    std::printf("First start: created the admin %s with the password from FAROL_ADMIN_PASSWORD.\n",
                c->admin_email.c_str());
  }
  http::ApiOptions api_options;
  api_options.secure_cookies = c->secure_cookies;
  api_options.web_root = c->web_root;
  api_options.live_tick = std::chrono::seconds(c->live_tick_seconds);
  http::Api api(*(*w)->app, api_options);
  http::ServerOptions so;
  so.host = c->host();
  so.port = static_cast<uint16_t>(c->port());
  so.io_threads = c->threads;
  so.worker_threads = c->workers;
  so.header_timeout = so.body_timeout = std::chrono::seconds(c->request_timeout_seconds);
  so.idle_timeout = std::chrono::seconds(c->idle_timeout_seconds);
  so.shutdown_grace = std::chrono::seconds(c->shutdown_grace_seconds);
  http::Server server(so, api);
  auto port = server.Listen();
  if (!port.ok()) return Fail(port.status());
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::printf("farol listening on http://%s:%u (database %s, ready in %.0f ms)\n", so.host.c_str(), *port,
              store::RedactUrl(c->database).c_str(), ms);
  std::fflush(stdout);

  // SLA alert timers and their deliveries (docs/ALERTS.md).
  jobs::CurlSenderOptions sender_options;
  sender_options.smtp = {c->smtp_url, c->smtp_from, c->smtp_user, c->smtp_password, c->smtp_tls, c->smtp_ca_file};
  jobs::CurlSender sender(sender_options);
  app::App& a = *(*w)->app;
  jobs::SchedulerOptions scheduler_options;
  scheduler_options.tick = std::chrono::milliseconds(c->scheduler_tick_ms);
  // Campaigns' send windows are minutes wide: every 30 ticks is often enough (every 30 s by default).
  scheduler_options.each_tick = [&a, ticks = 0]() mutable {
    auto missed = a.chats().MissOverdue();  // chats nobody picked up in time (docs/CHAT.md)
    if (!missed.ok()) spdlog::warn("chats: {}", missed.status().message());
    // Survey follow-ups nobody contacted by their deadline (docs/SURVEYS.md).
    auto overdue = a.surveys().EscalateOverdue();
    if (!overdue.ok()) spdlog::warn("survey follow-ups: {}", overdue.status().message());
    // The guardian's actions past their due date (docs/GUARDIAN.md).
    auto late = a.guardian().AlertOverdueActions();
    if (!late.ok()) spdlog::warn("guardian actions: {}", late.status().message());
    // Relational survey campaigns: rounds that are due, contacts whose send window is open now.
    if (ticks++ % 30 == 0) {
      auto campaigns = a.surveys().RunCampaigns();
      if (!campaigns.ok()) spdlog::warn("survey campaigns: {}", campaigns.status().message());
    }
  };
  jobs::Scheduler scheduler(*(*w)->store, a.clock(), a.sla_tracker(), a.alerts(), sender, scheduler_options);
  scheduler.Start();

  // Mail intake from the configured IMAP mailboxes (docs/EMAIL.md).
  std::vector<mail::MailboxSetup> mailboxes;
  for (const auto& [name, box] : c->mailboxes) {
    mail::MailboxSetup m;
    m.route.name = name;
    m.route.type = domain::ParseTicketType(box.type).value_or(domain::TicketType::kIncident);
    m.route.team_id = box.team_id;
    m.route.apology = box.kind == "apology";
    m.imap.url = box.url;
    m.imap.user = box.user;
    m.imap.password = box.password;
    m.imap.done_folder = box.done_folder;
    m.imap.tls = box.tls;
    m.imap.ca_file = box.ca_file;
    m.poll = std::chrono::seconds(box.poll_seconds);
    mailboxes.push_back(std::move(m));
  }
  mail::MailPoller poller(a.mail(), std::move(mailboxes), &(*w)->metrics);
  poller.Start();

  // Housekeeping: expired sessions, old failed logins and idempotency keys.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread housekeeping([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::minutes(10), [&] { return done; })) {
      lock.unlock();
      if (Status s = (*w)->app->auth().Cleanup(); !s.ok()) spdlog::warn("cleanup: {}", s.message());
      if (Status s = (*w)->store->Analyze(/*full=*/false); !s.ok()) spdlog::warn("statistics: {}", s.message());
      lock.lock();
    }
  });
  server.Run(/*handle_signals=*/true);
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  housekeeping.join();
  poller.Stop();
  scheduler.Stop();
  (*w)->store->Close();
  spdlog::info("stopped cleanly");
  std::printf("farol stopped cleanly\n");
  return 0;
}

// ---- migrate ----------------------------------------------------------------------------

int MigrateCmd(Globals& g, int to) {
  auto c = Load(g);
  if (!c.ok()) return Fail(c.status());
  auto r = store::Migrate(c->database, to);
  if (!r.ok()) return Fail(r.status());
  if (r->from_version == r->to_version) {
    std::printf("Schema is at version %d (latest %d); nothing to do.\n", r->to_version, r->latest_version);
  } else {
    std::printf("Migrated the schema from version %d to %d (latest %d).\n", r->from_version, r->to_version,
                r->latest_version);
  }
  return 0;
}

// ---- in-process API calls ---------------------------------------------------------------

struct Session {
  std::unique_ptr<Wired> wired;
  std::unique_ptr<http::Api> api;
  app::Authenticated caller;
};

StatusOr<Session> Open(Globals& g, bool need_caller = true) {
  FAROL_ASSIGN_OR_RETURN(Config c, Load(g));
  Session s;
  FAROL_ASSIGN_OR_RETURN(s.wired, Wire(c, /*migrate=*/false));
  s.api = std::make_unique<http::Api>(*s.wired->app, http::ApiOptions{});
  if (need_caller) {
    std::string as = g.as;
    if (as.empty()) {
      if (const char* env = std::getenv("FAROL_AS")) as = env;
    }
    if (as.empty()) as = c.admin_email;
    FAROL_ASSIGN_OR_RETURN(s.caller.actor, s.wired->app->auth().ActorByEmail(as));
  }
  return s;
}

std::string UrlEncode(std::string_view v) {
  std::string out;
  for (unsigned char ch : v) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == ',') {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

http::HttpResponse Call(Session& s, const std::string& method, const std::string& target, const std::string& body = {}) {
  http::HttpRequest r;
  r.method = method;
  r.target = target;
  r.body = body;
  r.remote = "cli";
  if (!body.empty()) r.headers.emplace_back("content-type", "application/json");
  return s.api->HandleAs(r, s.caller);
}

// Prints a failed response as plain words; returns the exit code.
int Report(const http::HttpResponse& res) {
  if (res.status < 400) return 0;
  boost::system::error_code ec;
  auto v = boost::json::parse(res.body, ec);
  if (!ec && v.is_object() && v.get_object().contains("detail")) {
    std::fprintf(stderr, "farol: %s (HTTP %d)\n", std::string(v.at("detail").as_string()).c_str(), res.status);
    if (const auto* errors = v.get_object().if_contains("errors"); errors && errors->is_array()) {
      for (const auto& e : errors->get_array()) {
        std::fprintf(stderr, "  - %s: %s\n", std::string(e.at("field").as_string()).c_str(),
                     std::string(e.at("message").as_string()).c_str());
      }
    }
  } else {
    std::fprintf(stderr, "farol: HTTP %d %s\n", res.status, res.body.c_str());
  }
  return res.status == 400 ? 2 : 1;
}

int ApiCmd(Globals& g, const std::string& method, const std::string& path, const std::string& data) {
  auto s = Open(g);
  if (!s.ok()) return Fail(s.status());
  std::string body = data;
  if (data == "-" || (!data.empty() && data[0] == '@')) {
    auto text = ReadInput(data == "-" ? data : data.substr(1));
    if (!text.ok()) return Fail(text.status());
    body = std::move(*text);
  }
  const http::HttpResponse res = Call(*s, method, path, body);
  if (!res.file_path.empty()) {
    std::ifstream in(res.file_path, std::ios::binary);
    std::cout << in.rdbuf();
    return 0;
  }
  if (res.status < 400 && !res.body.empty()) PrintJson(res.body);
  return Report(res);
}

// ---- sla ---------------------------------------------------------------------------------

// Adds the holidays of a file (domain::ParseHolidayFile) to a calendar (by default the default
// policy's), or replaces them (app::SlaAdminService::ImportHolidays), as a new version of it.
int SlaHolidays(Globals& g, const std::string& file, bool replace, int64_t calendar_id) {
  auto text = ReadInput(file);
  if (!text.ok()) return Fail(text.status());
  auto set = domain::ParseHolidayFile(*text);
  if (!set.ok()) return Fail(set.status());
  auto s = Open(g);
  if (!s.ok()) return Fail(s.status());
  app::SlaAdminService& admin = s->wired->app->sla_admin();
  if (calendar_id == 0) {
    auto policy = admin.GetPolicy(s->caller.actor, app::kDefaultPolicyId);
    if (!policy.ok()) return Fail(policy.status());
    calendar_id = policy->policy.calendar_id ? policy->policy.calendar_id : app::kDefaultCalendarId;
  }
  auto counts = admin.ImportHolidays(s->caller.actor, calendar_id, *set, replace);
  if (!counts.ok()) return Fail(counts.status());
  std::printf("%d holiday(s) added; calendar \"%s\" now has %d, for tickets opened from now on.\n", counts->added,
              counts->calendar.stored.name.c_str(), counts->total);
  return 0;
}

// ---- ticket commands --------------------------------------------------------------------

std::string Str(const boost::json::value& v, std::string_view key) {
  const auto* x = v.as_object().if_contains(key);
  if (!x || x->is_null()) return "";
  if (x->is_string()) return std::string(x->get_string());
  return boost::json::serialize(*x);
}

std::string Cut(const std::string& s, size_t n) {
  if (Utf8Length(s) <= n) return s;
  std::string out;
  size_t count = 0;
  for (size_t i = 0; i < s.size() && count < n - 1; ++i) {
    out += s[i];
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      // count code points as they start
    }
    if (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80) ++count;
  }
  return out + "…";
}

void PrintTicketLine(const boost::json::value& t) {
  std::printf("#%-7s %-16s %-3s %-24s %-44s %s\n", Str(t, "number").c_str(), Str(t, "status").c_str(),
              Str(t, "priority").c_str(), Cut(Str(t, "organisation_name"), 24).c_str(), Cut(Str(t, "subject"), 44).c_str(),
              Str(t, "updated_at").c_str());
}

int TicketOutput(Globals& g, const http::HttpResponse& res) {
  if (res.status >= 400) return Report(res);
  if (g.json) {
    PrintJson(res.body);
    return 0;
  }
  auto v = boost::json::parse(res.body);
  if (v.is_object() && v.as_object().contains("items")) {
    for (const auto& t : v.at("items").as_array()) PrintTicketLine(t);
    if (v.as_object().contains("total")) std::printf("%s tickets\n", Str(v, "total").c_str());
    if (!Str(v, "next_cursor").empty()) std::printf("more: --cursor %s\n", Str(v, "next_cursor").c_str());
  } else {
    PrintTicketLine(v);
  }
  return 0;
}

int TicketShow(Globals& g, int64_t id) {
  auto s = Open(g);
  if (!s.ok()) return Fail(s.status());
  const auto t = Call(*s, "GET", "/api/v1/tickets/" + std::to_string(id));
  if (t.status >= 400) return Report(t);
  const auto ev = Call(*s, "GET", "/api/v1/tickets/" + std::to_string(id) + "/events");
  if (ev.status >= 400) return Report(ev);
  if (g.json) {
    PrintJson("{\"ticket\":" + t.body + ",\"events\":" + ev.body + "}");
    return 0;
  }
  auto v = boost::json::parse(t.body);
  std::printf("#%s  %s\n", Str(v, "number").c_str(), Str(v, "subject").c_str());
  std::printf("  %s · %s · %s · %s · tier %s\n", Str(v, "type").c_str(), Str(v, "status").c_str(),
              Str(v, "priority").c_str(), Str(v, "channel").c_str(), Str(v, "tier").c_str());
  std::printf("  organisation: %s   requester: %s\n", Str(v, "organisation_name").c_str(), Str(v, "requester_name").c_str());
  std::printf("  team: %s   assignee: %s\n", Str(v, "team_name").c_str(), Str(v, "assignee_name").c_str());
  std::printf("  created %s   first response %s   resolved %s\n\n", Str(v, "created_at").c_str(),
              Str(v, "first_response_at").c_str(), Str(v, "resolved_at").c_str());
  const boost::json::value events = boost::json::parse(ev.body);
  for (const auto& e : events.at("items").as_array()) {
    const std::string who = e.at("author").as_object().contains("name") ? Str(e.at("author"), "name")
                                                                          : Str(e.at("author"), "kind");
    std::string what = Str(e, "type");
    if (!Str(e, "field").empty()) what += " " + Str(e, "field");
    if (e.as_object().contains("to")) what += ": " + Str(e, "from") + " -> " + Str(e, "to");
    std::printf("  %s  %-20s %s%s\n", Str(e, "at").c_str(), Cut(who, 20).c_str(), what.c_str(),
                e.at("internal").as_bool() ? "  [internal]" : "");
    if (!Str(e, "body").empty() && Str(e, "type") != "created") std::printf("      %s\n", Cut(Str(e, "body"), 200).c_str());
    if (!Str(e, "reason").empty()) std::printf("      reason: %s\n", Str(e, "reason").c_str());
  }
  return 0;
}

// ---- user -------------------------------------------------------------------------------

StatusOr<std::string> ReadPassword(bool from_stdin) {
  if (!from_stdin) return std::string();
  std::string pw;
  std::getline(std::cin, pw);
  return pw;
}

// ---- demo -------------------------------------------------------------------------------

class ProgressBar {
 public:
  explicit ProgressBar(std::string what) : what_(std::move(what)), tty_(isatty(STDERR_FILENO)),
                                           start_(std::chrono::steady_clock::now()) {}
  void Update(int64_t done, int64_t total) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    const int pct = total > 0 ? static_cast<int>(100 * done / total) : 100;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    if (!tty_ && pct < last_pct_ + 10 && done != total) return;
    last_pct_ = pct;
    std::string bar(30, '-');
    std::fill(bar.begin(), bar.begin() + pct * 30 / 100, '#');
    std::fprintf(stderr, "%s[%s] %3d%%  %lld / %lld %s  %.0f/s  ETA %d:%02d%s", tty_ ? "\r" : "", bar.c_str(), pct,
                 static_cast<long long>(done), static_cast<long long>(total), what_.c_str(), rate,
                 static_cast<int>(eta) / 60, static_cast<int>(eta) % 60, tty_ ? "" : "\n");
    if (tty_ && done == total) std::fprintf(stderr, "\n");
  }

 private:
  std::string what_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  int last_pct_ = -100;
};

// Computes the SLA state and alert timers of open tickets that never had them (stored before
// this version, or loaded by `farol demo`), quietly: thresholds already passed count as told.
// `farol serve` does the same when it starts; this does it beforehand, with a progress bar.
int SlaBackfill(Globals& g) {
  auto c = Load(g);
  if (!c.ok()) return Fail(c.status());
  auto w = Wire(*c, /*migrate=*/true);
  if (!w.ok()) return Fail(w.status());
  int64_t total = 0;
  Status counted = (*w)->store->Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(total, tx.sla_timers().CountUnchecked());
    return OkStatus();
  });
  if (!counted.ok()) return Fail(counted);
  ProgressBar bar("open tickets");
  auto done = (*w)->app->sla_tracker().Backfill(*(*w)->store, SystemClock().SystemNow(),
                                                [&](int64_t n) { bar.Update(std::min(n, total), total); });
  if (!done.ok()) return Fail(done.status());
  std::printf("SLA state computed for %lld open ticket(s).\n", static_cast<long long>(*done));
  return 0;
}

// Re-applies a calendar's current version to the open tickets measured on an older one (an
// explicit, audited command: app::SlaAdminService::ReapplyCalendar), with a progress bar.
int SlaReapply(Globals& g, int64_t calendar_id, const std::string& reason) {
  auto s = Open(g);
  if (!s.ok()) return Fail(s.status());
  int64_t total = 0;
  Status counted = s->wired->store->Read([&](store::Tx& tx) -> Status {
    FAROL_ASSIGN_OR_RETURN(auto ids, tx.tickets().OpenIds(0, 10'000'000));
    total = int64_t(ids.size());
    return OkStatus();
  });
  if (!counted.ok()) return Fail(counted);
  ProgressBar bar("open tickets looked at");
  auto done = s->wired->app->sla_admin().ReapplyCalendar(s->caller.actor, calendar_id, reason,
                                                         [&](int64_t looked, int64_t) { bar.Update(std::min(looked, total), total); });
  if (!done.ok()) return Fail(done.status());
  std::printf("Calendar version %lld re-applied to %lld open ticket(s); each one's timeline says so.\n",
              static_cast<long long>(done->version_id), static_cast<long long>(done->tickets));
  return 0;
}

// Takes .eml files in as if they had arrived in a mailbox (docs/EMAIL.md): a migration from another
// desk, an apology Bcc'd to a file, or re-processing.
int MailImport(Globals& g, const std::vector<std::string>& files, const std::string& mailbox, const std::string& type,
               int64_t team_id) {
  auto s = Open(g, false);
  if (!s.ok()) return Fail(s.status());
  app::MailboxRoute route;
  route.name = mailbox;
  route.team_id = team_id;
  auto t = domain::ParseTicketType(type);
  if (!t) return Fail(InvalidArgumentError("--type must be incident, service_request, change, problem or commercial"));
  route.type = *t;
  std::map<std::string, int> outcomes;
  ProgressBar bar("messages");
  // A hundred at a time, taken in side by side as from a mailbox (their commits share fsyncs).
  constexpr size_t kBatch = 100;
  constexpr int kThreads = 8;
  for (size_t from = 0; from < files.size(); from += kBatch) {
    std::vector<std::string> raws;
    for (size_t i = from; i < std::min(files.size(), from + kBatch); ++i) {
      std::ifstream in(files[i], std::ios::binary);
      if (!in) return Fail(InvalidArgumentError("cannot read " + files[i]));
      std::stringstream raw;
      raw << in.rdbuf();
      raws.push_back(raw.str());
    }
    const auto taken = s->wired->app->mail().TakeAll(route, std::vector<std::string_view>(raws.begin(), raws.end()),
                                                     kThreads);
    for (size_t i = 0; i < taken.size(); ++i) {
      if (!taken[i].ok()) return Fail(taken[i].status());
      const app::MailResult& r = *taken[i];
      ++outcomes[std::string(app::Name(r.outcome))];
      if (files.size() == 1) {
        std::printf("%s: %s%s%s\n", files[from + i].c_str(), std::string(app::Name(r.outcome)).c_str(),
                    r.ticket_id ? (" #" + std::to_string(r.ticket_id)).c_str() : "",
                    r.reason.empty() ? "" : (" (" + r.reason + ")").c_str());
      }
    }
    bar.Update(int64_t(from + taken.size()), int64_t(files.size()));
  }
  if (files.size() > 1) {
    for (const auto& [outcome, count] : outcomes) std::printf("%-12s %d\n", outcome.c_str(), count);
  }
  return 0;
}

int Demo(Globals& g, uint64_t seed, int64_t tickets, int days, const std::string& until, bool if_empty) {
  auto c = Load(g);
  if (!c.ok()) return Fail(c.status());
  auto w = Wire(*c, /*migrate=*/true);
  if (!w.ok()) return Fail(w.status());
  app::DemoOptions o;
  o.seed = seed;
  o.tickets = tickets;
  o.days = days;
  if (until.empty()) {
    o.until = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  } else {
    auto t = ParseIso8601(until);
    if (!t.ok()) return Fail(t.status());
    o.until = *t;
  }
  ProgressBar bar("tickets");
  const auto start = std::chrono::steady_clock::now();
  auto r = app::GenerateDemo(*(*w)->store, o, [&](int64_t d, int64_t t) { bar.Update(d, t); });
  if (!r.ok()) {
    if (if_empty && r.status().code() == StatusCode::kFailedPrecondition) {
      std::printf("The database already holds data; no demo data added.\n");
      return 0;
    }
    return Fail(r.status());
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("Demo data: %d organisations, %d contacts, %d staff, %lld tickets with %lld events in %.1f s.\n",
              r->organisations, r->contacts, r->staff, static_cast<long long>(r->tickets),
              static_cast<long long>(r->events), secs);
  std::printf("Sign in with any of these (password %s):\n"
              "  admin@farolnet.example      admin\n"
              "  marcos.lima@farolnet.example  manager\n"
              "  ana.souza@farolnet.example    agent (N1)\n"
              "  carla.mendes@farolnet.example csm\n"
              "  customers: the manager contact of each organisation, e.g. `farol user list --contacts`\n",
              std::string(app::kDemoPassword).c_str());
  (*w)->store->Close();
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  auto console = spdlog::stderr_color_mt("farol");
  spdlog::set_default_logger(console);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  crypto::Init();

  CLI::App cli{"farol: service desk and customer-success platform"};
  cli.require_subcommand(1);
  Globals g;

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (migrates the database first)");
  CommonFlags(serve, g);
  ConfigFlag(serve, g, "--listen", "listen", "HOST:PORT to listen on (default 127.0.0.1:8080; FAROL_LISTEN)");
  ConfigFlag(serve, g, "--web-root", "web_root", "The web app's build to serve at / (default ./web/dist)");
  ConfigFlag(serve, g, "--threads", "threads", "Event-loop threads (0 = one per core)");
  ConfigFlag(serve, g, "--workers", "workers", "Worker threads for writes (default 64)");
  serve->callback([&] { std::exit(Serve(g)); });

  auto* migrate = cli.add_subcommand("migrate", "Upgrade the database schema in place");
  CommonFlags(migrate, g);
  int to = 0;
  migrate->add_option("--to", to, "Stop at this schema version (default: the latest)");
  migrate->callback([&] { std::exit(MigrateCmd(g, to)); });

  auto* user = cli.add_subcommand("user", "Manage staff users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Create a staff user");
  CommonFlags(user_add, g);
  std::string email, name, role = "agent", tier = "N1";
  bool pw_stdin = false;
  user_add->add_option("--email", email, "E-mail address (sign-in name)")->required();
  user_add->add_option("--name", name, "Full name")->required();
  user_add->add_option("--role", role, "agent, manager, csm, guardian, director or admin");
  user_add->add_option("--tier", tier, "Support tier N1, N2 or N3");
  user_add->add_flag("--password-stdin", pw_stdin, "Read the password from standard input (else one is generated)");
  user_add->callback([&] {
    auto s = Open(g, false);
    if (!s.ok()) std::exit(Fail(s.status()));
    auto pw = ReadPassword(pw_stdin);
    app::UserInput in;
    in.email = email;
    in.name = name;
    auto r = domain::ParseRole(role);
    if (!r) std::exit(Fail(FieldInvalidError("role", domain::OneOf(domain::RoleNames()))));
    in.role = *r;
    auto t = domain::ParseTier(tier);
    if (!t) std::exit(Fail(FieldInvalidError("tier", "must be N1, N2 or N3")));
    in.tier = *t;
    if (!pw->empty()) in.password = *pw;
    auto created = s->wired->app->directory().CreateUser(domain::Actor::System(), in);
    if (!created.ok()) std::exit(Fail(created.status()));
    std::printf("Created %s (%s, id %lld).\n", created->first.email.c_str(), role.c_str(),
                static_cast<long long>(created->first.id));
    if (created->second) std::printf("One-time password: %s (to be changed at first sign-in)\n", created->second->c_str());
    std::exit(0);
  });
  auto* user_passwd = user->add_subcommand("passwd", "Set a staff user's password");
  CommonFlags(user_passwd, g);
  user_passwd->add_option("email", email, "The user's e-mail")->required();
  user_passwd->add_flag("--password-stdin", pw_stdin, "Read the password from standard input (else one is generated)");
  user_passwd->callback([&] {
    auto s = Open(g, false);
    if (!s.ok()) std::exit(Fail(s.status()));
    auto actor = s->wired->app->auth().StaffActorByEmail(email);
    if (!actor.ok()) std::exit(Fail(actor.status()));
    auto pw = ReadPassword(pw_stdin);
    auto set = s->wired->app->directory().ResetUserPassword(domain::Actor::System(), actor->id, *pw, pw->empty());
    if (!set.ok()) std::exit(Fail(set.status()));
    if (pw->empty()) {
      std::printf("New one-time password for %s: %s\n", email.c_str(), set->c_str());
    } else {
      std::printf("Password of %s changed; their sessions were signed out.\n", email.c_str());
    }
    std::exit(0);
  });
  auto* user_list = user->add_subcommand("list", "List staff users (or portal contacts)");
  CommonFlags(user_list, g);
  bool contacts = false;
  user_list->add_flag("--contacts", contacts, "List customer contacts who can sign in to the portal");
  user_list->callback([&] {
    auto s = Open(g, false);
    if (!s.ok()) std::exit(Fail(s.status()));
    if (contacts) {
      auto list = s->wired->app->directory().ListContacts(domain::Actor::System(), 0, store::ListOptions::First(500));
      if (!list.ok()) std::exit(Fail(list.status()));
      for (const auto& c : *list) {
        if (!c.portal_user) continue;
        std::printf("%-6lld %-40s %-28s org %lld%s\n", static_cast<long long>(c.id), c.email.c_str(), c.name.c_str(),
                    static_cast<long long>(c.organisation_id), c.manager ? "  (manager contact)" : "");
      }
      std::exit(0);
    }
    auto list = s->wired->app->directory().ListUsers(domain::Actor::System(), store::ListOptions::First(500), std::nullopt);
    if (!list.ok()) std::exit(Fail(list.status()));
    for (const auto& u : *list) {
      std::printf("%-5lld %-40s %-28s %-9s %s%s\n", static_cast<long long>(u.id), u.email.c_str(), u.name.c_str(),
                  std::string(domain::Name(u.role)).c_str(), domain::TierName(u.tier).c_str(), u.active ? "" : "  (inactive)");
    }
    std::exit(0);
  });

  auto* demo = cli.add_subcommand("demo", "Fill an empty database with realistic demo data");
  CommonFlags(demo, g);
  uint64_t seed = 2026;
  int64_t tickets = 20000;
  int days = 365;
  std::string until;
  bool if_empty = false;
  demo->add_option("--seed", seed, "Random seed (same seed, same data)");
  demo->add_option("--tickets", tickets, "Number of tickets (default 20000; millions work)");
  demo->add_option("--days", days, "Days of history before --until (default 365)");
  demo->add_option("--until", until, "The demo's 'now' (default: the current time), e.g. 2026-11-22T12:00:00Z");
  demo->add_flag("--if-empty", if_empty, "Do nothing (and succeed) if the database already holds data");
  demo->callback([&] { std::exit(Demo(g, seed, tickets, days, until, if_empty)); });

  auto* api = cli.add_subcommand("api", "Call any REST endpoint in-process, as a user (like curl)");
  CommonFlags(api, g);
  std::string method, path, data;
  api->add_option("method", method, "GET, POST, PATCH, PUT or DELETE")->required();
  api->add_option("path", path, "e.g. /api/v1/tickets?status=open")->required();
  api->add_option("--data,-d", data, "JSON body, @FILE, or - for standard input");
  api->add_option("--as", g.as, "Act as this staff user or portal contact (default: the configured admin; FAROL_AS)");
  api->callback([&] { std::exit(ApiCmd(g, method, path, data)); });

  auto* mail = cli.add_subcommand("mail", "E-mail intake (docs/EMAIL.md)");
  mail->require_subcommand(1);
  auto* mail_import = mail->add_subcommand("import", "Take .eml files in as if they had arrived in a mailbox");
  CommonFlags(mail_import, g);
  std::vector<std::string> eml_files;
  std::string import_mailbox = "import", import_type = "incident";
  int64_t import_team = 0;
  mail_import->add_option("files", eml_files, "Messages (.eml, RFC 5322)")->required();
  mail_import->add_option("--mailbox", import_mailbox, "Name to record them under (default: import)");
  mail_import->add_option("--type", import_type, "Type of the tickets they open (default: incident)");
  mail_import->add_option("--team", import_team, "Team id the new tickets go to");
  mail_import->callback([&] { std::exit(MailImport(g, eml_files, import_mailbox, import_type, import_team)); });

  auto* sla = cli.add_subcommand("sla", "Service-level clocks");
  sla->require_subcommand(1);
  auto* sla_sim = sla->add_subcommand("simulate", "Print the SLA clocks of a scenario (JSON; docs/SLA.md)");
  std::string scenario_file = "-";
  sla_sim->add_option("file", scenario_file, "Scenario file, or - for standard input (default)");
  sla_sim->callback([&] { std::exit(SlaSimulate(scenario_file)); });
  auto* sla_hol = sla->add_subcommand("holidays", "Add the holidays of a file to a business calendar (docs/SLA.md)");
  CommonFlags(sla_hol, g);
  std::string holiday_file;
  bool replace_holidays = false;
  int64_t holiday_calendar = 0;
  sla_hol->add_option("--calendar", holiday_calendar, "The calendar's id (default: the default policy's calendar)");
  sla_hol->add_option("file", holiday_file, "One date per line: 2026-11-20 or 12-25, then an optional name; - for stdin")
      ->required();
  sla_hol->add_flag("--replace", replace_holidays, "Replace the calendar's holidays instead of adding to them");
  sla_hol->add_option("--as", g.as, "Act as this staff user (default: the configured admin; FAROL_AS)");
  sla_hol->callback([&] { std::exit(SlaHolidays(g, holiday_file, replace_holidays, holiday_calendar)); });
  auto* sla_reapply = sla->add_subcommand(
      "reapply", "Re-apply a calendar's current version to the open tickets measured on an older one (audited)");
  CommonFlags(sla_reapply, g);
  int64_t reapply_calendar = 0;
  std::string reapply_reason;
  sla_reapply->add_option("calendar", reapply_calendar, "The calendar's id")->required();
  sla_reapply->add_option("--reason", reapply_reason, "Why the open tickets' clocks change (kept with each ticket)")
      ->required();
  sla_reapply->add_option("--as", g.as, "Act as this staff user (default: the configured admin; FAROL_AS)");
  sla_reapply->callback([&] { std::exit(SlaReapply(g, reapply_calendar, reapply_reason)); });
  auto* sla_backfill = sla->add_subcommand(
      "backfill", "Compute the SLA state of open tickets that never had it (after an upgrade or a bulk load)");
  CommonFlags(sla_backfill, g);
  sla_backfill->callback([&] { std::exit(SlaBackfill(g)); });

  auto* ticket = cli.add_subcommand("ticket", "Work tickets from the command line");
  ticket->require_subcommand(1);
  int64_t id = 0, other = 0, org = 0, requester = 0, team = 0, assignee = 0;
  int limit = 20, stars = 0;
  std::string status, q, subject, description, type, priority, reason, impact, urgency, channel, kind, body_text,
      comment, assignee_filter, tier_s, tags, cursor;
  auto add_ticket_cmd = [&](const char* name, const char* help) {
    auto* cmd = ticket->add_subcommand(name, help);
    CommonFlags(cmd, g);
    cmd->add_option("--as", g.as, "Act as this staff user or portal contact (default: the configured admin)");
    cmd->add_flag("--json", g.json, "Print the API's JSON");
    return cmd;
  };
  auto run = [&](const std::string& m, const std::string& target, const boost::json::object& body) {
    auto s = Open(g);
    if (!s.ok()) std::exit(Fail(s.status()));
    std::exit(TicketOutput(g, Call(*s, m, target, body.empty() && m == "GET" ? "" : boost::json::serialize(body))));
  };

  auto* t_list = add_ticket_cmd("list", "List tickets (newest activity first)");
  t_list->add_option("--status", status, "e.g. open,pending_customer");
  t_list->add_option("--q", q, "Full-text search");
  t_list->add_option("--assignee", assignee_filter, "User id, me or none");
  t_list->add_option("--team", team, "Team id");
  t_list->add_option("--org", org, "Organisation id");
  t_list->add_option("--limit", limit, "Rows (1-200)");
  t_list->add_option("--cursor", cursor, "Continue from a previous page");
  t_list->callback([&] {
    std::string target = "/api/v1/tickets?total=true&limit=" + std::to_string(limit);
    if (!status.empty()) target += "&status=" + UrlEncode(status);
    if (!q.empty()) target += "&q=" + UrlEncode(q);
    if (!assignee_filter.empty()) target += "&assignee_id=" + UrlEncode(assignee_filter);
    if (team) target += "&team_id=" + std::to_string(team);
    if (org) target += "&organisation_id=" + std::to_string(org);
    if (!cursor.empty()) target += "&cursor=" + UrlEncode(cursor);
    run("GET", target, {});
  });

  auto* t_show = add_ticket_cmd("show", "Show a ticket and its timeline");
  t_show->add_option("id", id, "Ticket number")->required();
  t_show->callback([&] { std::exit(TicketShow(g, id)); });

  auto* t_create = add_ticket_cmd("create", "Open a ticket");
  t_create->add_option("--org", org, "Organisation id")->required();
  t_create->add_option("--subject", subject, "One-line summary")->required();
  t_create->add_option("--description", description, "What happened");
  t_create->add_option("--type", type, "incident, service_request, change, problem, commercial");
  t_create->add_option("--requester", requester, "Contact id");
  t_create->add_option("--channel", channel, "email, portal, chat, phone, in_person, api, monitoring");
  t_create->add_option("--impact", impact, "high, medium, low");
  t_create->add_option("--urgency", urgency, "high, medium, low");
  t_create->add_option("--priority", priority, "P1..P4 (overrides the matrix; needs --reason)");
  t_create->add_option("--reason", reason, "Why the priority was set by hand");
  t_create->add_option("--team", team, "Team id");
  t_create->add_option("--assignee", assignee, "Staff user id");
  t_create->callback([&] {
    boost::json::object b{{"organisation_id", org}, {"subject", subject}};
    if (!description.empty()) b["description"] = description;
    if (!type.empty()) b["type"] = type;
    if (requester) b["requester_id"] = requester;
    if (!channel.empty()) b["channel"] = channel;
    if (!impact.empty()) b["impact"] = impact;
    if (!urgency.empty()) b["urgency"] = urgency;
    if (!priority.empty()) b["priority"] = priority;
    if (!reason.empty()) b["priority_reason"] = reason;
    if (team) b["team_id"] = team;
    if (assignee) b["assignee_id"] = assignee;
    run("POST", "/api/v1/tickets", b);
  });

  for (const char* which : {"reply", "note"}) {
    auto* cmd = add_ticket_cmd(which, std::string(which) == std::string("reply") ? "Reply to the customer"
                                                                                  : "Add an internal note");
    cmd->add_option("id", id, "Ticket number")->required();
    cmd->add_option("--body", body_text, "The text")->required();
    if (std::string(which) == "reply") cmd->add_option("--status", status, "Then set this status (e.g. pending_customer)");
    const std::string w = which;
    cmd->callback([&, w] {
      boost::json::object b{{"body", body_text}};
      if (w == "reply" && !status.empty()) b["status"] = status;
      run("POST", "/api/v1/tickets/" + std::to_string(id) + (w == "reply" ? "/replies" : "/notes"), b);
    });
  }

  auto* t_update = add_ticket_cmd("update", "Change status, priority, team, assignee, tier or tags");
  t_update->add_option("id", id, "Ticket number")->required();
  t_update->add_option("--status", status, "new status (open, pending_customer, resolved, closed, ...)");
  t_update->add_option("--priority", priority, "P1..P4 (needs --reason)");
  t_update->add_option("--reason", reason, "Why the priority changed");
  t_update->add_option("--team", team, "Team id (0 clears)");
  t_update->add_option("--assignee", assignee, "Staff user id (0 clears)");
  t_update->add_option("--tier", tier_s, "N1, N2 or N3");
  t_update->add_option("--tags", tags, "Comma-separated tags (replaces them)");
  t_update->callback([&] {
    boost::json::object b;
    if (!status.empty()) b["status"] = status;
    if (!priority.empty()) b["priority"] = priority;
    if (!reason.empty()) b["priority_reason"] = reason;
    if (t_update->count("--team")) b["team_id"] = team ? boost::json::value(team) : boost::json::value(nullptr);
    if (t_update->count("--assignee")) {
      b["assignee_id"] = assignee ? boost::json::value(assignee) : boost::json::value(nullptr);
    }
    if (!tier_s.empty()) b["tier"] = tier_s;
    if (t_update->count("--tags")) {
      boost::json::array a;
      for (const std::string& t : Split(tags, ',')) {
        if (!TrimView(t).empty()) a.push_back(boost::json::string(Trim(t)));
      }
      b["tags"] = std::move(a);
    }
    run("PATCH", "/api/v1/tickets/" + std::to_string(id), b);
  });

  auto* t_escalate = add_ticket_cmd("escalate", "Escalate to the next tier");
  t_escalate->add_option("id", id, "Ticket number")->required();
  t_escalate->add_option("--reason", reason, "Why");
  t_escalate->add_option("--team", team, "Hand over to this team");
  t_escalate->callback([&] {
    boost::json::object b;
    if (!reason.empty()) b["reason"] = reason;
    if (team) b["team_id"] = team;
    run("POST", "/api/v1/tickets/" + std::to_string(id) + "/escalate", b);
  });

  auto* t_merge = add_ticket_cmd("merge", "Merge a ticket into another");
  t_merge->add_option("id", id, "The ticket to merge (it is closed)")->required();
  t_merge->add_option("--into", other, "The ticket that stays")->required();
  t_merge->callback([&] { run("POST", "/api/v1/tickets/" + std::to_string(id) + "/merge", {{"into_id", other}}); });

  auto* t_link = add_ticket_cmd("link", "Link two tickets");
  t_link->add_option("id", id, "Ticket number")->required();
  t_link->add_option("--to", other, "The other ticket")->required();
  t_link->add_option("--kind", kind, "related, duplicate_of, parent_of, child_of, caused_by, causes")->required();
  t_link->callback([&] {
    auto s = Open(g);
    if (!s.ok()) std::exit(Fail(s.status()));
    const auto res = Call(*s, "POST", "/api/v1/tickets/" + std::to_string(id) + "/links",
                          boost::json::serialize(boost::json::object{{"ticket_id", other}, {"kind", kind}}));
    if (res.status >= 400) std::exit(Report(res));
    if (g.json) PrintJson(res.body);
    else std::printf("Linked #%lld %s #%lld.\n", static_cast<long long>(id), kind.c_str(), static_cast<long long>(other));
    std::exit(0);
  });

  auto* t_rate = add_ticket_cmd("rate", "Rate a resolved ticket (as its requester: --as contact@...)");
  t_rate->add_option("id", id, "Ticket number")->required();
  t_rate->add_option("--stars", stars, "1 to 5")->required();
  t_rate->add_option("--comment", comment, "Optional comment");
  t_rate->callback([&] {
    boost::json::object b{{"stars", stars}};
    if (!comment.empty()) b["comment"] = comment;
    run("POST", "/api/v1/tickets/" + std::to_string(id) + "/rating", b);
  });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  return 0;
}

}  // namespace farol::cli

// The whole CLI, loaded by the `farol` launcher (cli/launcher.cc) for every command it does not
// answer itself.
extern "C" __attribute__((visibility("default"))) int farol_main(int argc, char** argv) {
  return farol::cli::Main(argc, argv);
}
