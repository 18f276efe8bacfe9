#include "cli/config.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/strings.h"

namespace farol::cli {

std::string Config::host() const {
  const size_t colon = listen.rfind(':');
  return colon == std::string::npos ? listen : listen.substr(0, colon);
}

int Config::port() const {
  const size_t colon = listen.rfind(':');
  return colon == std::string::npos ? 8080 : std::atoi(listen.c_str() + colon + 1);
}

namespace {

const char* const kKeys[] = {"listen",          "database",          "log_level",      "attachments",
                             "threads",         "workers",           "db_pool",        "max_attachment_mb",
                             "secure_cookies",  "session_idle_hours", "session_max_hours", "admin_email",
                             "admin_password",  "request_timeout_seconds", "idle_timeout_seconds",
                             "shutdown_grace_seconds", "web_root", "live_tick_seconds",
                             "public_url",      "smtp_url",          "smtp_from",      "smtp_user",
                             "smtp_password",   "smtp_tls",          "smtp_ca_file",   "scheduler_tick_ms", "chat_pickup_seconds", "notify_opened", "notify_resolved",
                             "survey_throttle_days", "survey_followup_hours"};

StatusOr<int> ParseInt(const std::string& key, const std::string& v, int lo, int hi, const std::string& source) {
  try {
    size_t used = 0;
    const long n = std::stol(v, &used);
    if (used == v.size() && n >= lo && n <= hi) return static_cast<int>(n);
  } catch (...) {
  }
  return InvalidArgumentError(source + ": " + key + " must be a whole number from " + std::to_string(lo) + " to " +
                              std::to_string(hi) + " (got '" + v + "')");
}

// mailbox.NAME.FIELD = value
Status ApplyMailboxValue(Config& c, const std::string& key, const std::string& value, const std::string& source) {
  const size_t dot = key.find('.', 8);
  const std::string name = key.substr(8, dot == std::string::npos ? std::string::npos : dot - 8);
  const std::string field = dot == std::string::npos ? "" : key.substr(dot + 1);
  if (name.empty() || name.size() > 40 ||
      !std::all_of(name.begin(), name.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'; })) {
    return InvalidArgumentError(source + ": a mailbox name is letters, digits, '-' and '_' (mailbox.NAME.FIELD)");
  }
  MailboxConfig& m = c.mailboxes[name];
  m.name = name;
  if (field == "url") {
    if (!value.starts_with("imap://") && !value.starts_with("imaps://")) {
      return InvalidArgumentError(source + ": " + key + " must be imap://HOST:PORT/FOLDER or imaps://HOST:PORT/FOLDER");
    }
    m.url = value;
  } else if (field == "user") {
    m.user = value;
  } else if (field == "password") {
    m.password = value;
  } else if (field == "done_folder") {
    m.done_folder = value;
  } else if (field == "type") {
    static const char* kTypes[] = {"incident", "service_request", "change", "problem", "commercial"};
    if (std::none_of(std::begin(kTypes), std::end(kTypes), [&](const char* t) { return value == t; })) {
      return InvalidArgumentError(source + ": " + key + " must be incident, service_request, change, problem or commercial");
    }
    m.type = value;
  } else if (field == "kind") {
    if (value != "tickets" && value != "apology") {
      return InvalidArgumentError(source + ": " + key + " must be tickets or apology");
    }
    m.kind = value;
  } else if (field == "team_id") {
    FAROL_ASSIGN_OR_RETURN(const int team, ParseInt(key, value, 0, INT32_MAX, source));
    m.team_id = team;
  } else if (field == "poll_seconds") {
    FAROL_ASSIGN_OR_RETURN(m.poll_seconds, ParseInt(key, value, 5, 3600, source));
  } else if (field == "tls") {
    auto mode = ParseTlsMode(value);
    if (!mode) return InvalidArgumentError(source + ": " + key + " must be auto, required or optional");
    m.tls = *mode;
  } else if (field == "ca_file") {
    m.ca_file = value;
  } else if (field == "from") {
    // "Acme Support <support@acme.example>" or a bare address.
    std::string address = value, name;
    if (const size_t lt = value.rfind('<'); lt != std::string::npos && value.ends_with(">")) {
      address = value.substr(lt + 1, value.size() - lt - 2);
      name = Trim(value.substr(0, lt));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    }
    if (!LooksLikeEmail(address) || name.find_first_of("\r\n\"<>") != std::string::npos) {
      return InvalidArgumentError(source + ": " + key + " must be an e-mail address, or Name <address>");
    }
    m.from_address = address;
    m.from_name = name;
  } else {
    return InvalidArgumentError(source + ": unknown mailbox setting '" + key +
                                "' (url, user, password, done_folder, type, kind, team_id, poll_seconds, tls, ca_file, from)");
  }
  return OkStatus();
}

}  // namespace

Status ApplyConfigValue(Config& c, const std::string& key, const std::string& value, const std::string& source) {
  if (key == "listen") {
    const size_t colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0) {
      return InvalidArgumentError(source + ": listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    FAROL_RETURN_IF_ERROR(ParseInt("listen port", value.substr(colon + 1), 0, 65535, source).status());
    c.listen = value;
  } else if (key == "database") {
    if (!value.starts_with("sqlite:") && !value.starts_with("postgresql://") && !value.starts_with("postgres://")) {
      return InvalidArgumentError(source + ": database must be sqlite:PATH or postgresql://USER@HOST:PORT/DB");
    }
    c.database = value;
  } else if (key == "log_level") {
    static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
    bool ok = false;
    for (const char* l : kLevels) ok = ok || value == l;
    if (!ok) return InvalidArgumentError(source + ": log_level must be trace, debug, info, warn or error");
    c.log_level = value;
  } else if (key == "attachments") {
    if (value.empty()) return InvalidArgumentError(source + ": attachments needs a folder");
    c.attachments = value;
  } else if (key == "web_root") {
    c.web_root = value;
  } else if (key == "live_tick_seconds") {
    FAROL_ASSIGN_OR_RETURN(c.live_tick_seconds, ParseInt(key, value, 1, 3600, source));
  } else if (key == "threads") {
    FAROL_ASSIGN_OR_RETURN(c.threads, ParseInt(key, value, 0, 256, source));
  } else if (key == "workers") {
    FAROL_ASSIGN_OR_RETURN(c.workers, ParseInt(key, value, 1, 1024, source));
  } else if (key == "db_pool") {
    FAROL_ASSIGN_OR_RETURN(c.db_pool, ParseInt(key, value, 1, 512, source));
  } else if (key == "max_attachment_mb") {
    FAROL_ASSIGN_OR_RETURN(c.max_attachment_mb, ParseInt(key, value, 1, 2048, source));
  } else if (key == "request_timeout_seconds") {
    FAROL_ASSIGN_OR_RETURN(c.request_timeout_seconds, ParseInt(key, value, 1, 3600, source));
  } else if (key == "idle_timeout_seconds") {
    FAROL_ASSIGN_OR_RETURN(c.idle_timeout_seconds, ParseInt(key, value, 1, 3600, source));
  } else if (key == "shutdown_grace_seconds") {
    FAROL_ASSIGN_OR_RETURN(c.shutdown_grace_seconds, ParseInt(key, value, 0, 3600, source));
  } else if (key == "session_idle_hours") {
    FAROL_ASSIGN_OR_RETURN(c.session_idle_hours, ParseInt(key, value, 1, 24 * 365, source));
  } else if (key == "session_max_hours") {
    FAROL_ASSIGN_OR_RETURN(c.session_max_hours, ParseInt(key, value, 1, 24 * 365, source));
  } else if (key == "secure_cookies") {
    if (value != "true" && value != "false") return InvalidArgumentError(source + ": secure_cookies must be true or false");
    c.secure_cookies = value == "true";
  } else if (key == "admin_email") {
    if (!LooksLikeEmail(value)) return InvalidArgumentError(source + ": admin_email is not an e-mail address");
    c.admin_email = value;
  } else if (key == "admin_password") {
    c.admin_password = value;
  } else if (key == "public_url") {
    if (!value.empty() && !value.starts_with("http://") && !value.starts_with("https://")) {
      return InvalidArgumentError(source + ": public_url must start with http:// or https://");
    }
    c.public_url = value;
    while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  } else if (key == "smtp_url") {
    if (!value.empty() && !value.starts_with("smtp://") && !value.starts_with("smtps://")) {
      return InvalidArgumentError(source + ": smtp_url must be smtp://HOST:PORT or smtps://HOST:PORT");
    }
    c.smtp_url = value;
  } else if (key == "smtp_from") {
    if (!value.empty() && !LooksLikeEmail(value)) return InvalidArgumentError(source + ": smtp_from is not an e-mail address");
    c.smtp_from = value;
  } else if (key == "smtp_user") {
    c.smtp_user = value;
  } else if (key == "smtp_password") {
    c.smtp_password = value;
  } else if (key == "smtp_tls") {
    auto mode = ParseTlsMode(value);
    if (!mode) return InvalidArgumentError(source + ": smtp_tls must be auto, required or optional");
    c.smtp_tls = *mode;
  } else if (key == "smtp_ca_file") {
    c.smtp_ca_file = value;
  } else if (key == "scheduler_tick_ms") {
    FAROL_ASSIGN_OR_RETURN(c.scheduler_tick_ms, ParseInt(key, value, 50, 60000, source));
  } else if (key == "notify_opened" || key == "notify_resolved") {
    if (value != "true" && value != "false") return InvalidArgumentError(source + ": " + key + " must be true or false");
    (key == "notify_opened" ? c.notify_opened : c.notify_resolved) = value == "true";
  } else if (key == "chat_pickup_seconds") {
    FAROL_ASSIGN_OR_RETURN(c.chat_pickup_seconds, ParseInt(key, value, 10, 86400, source));
  } else if (key == "survey_throttle_days") {
    FAROL_ASSIGN_OR_RETURN(c.survey_throttle_days, ParseInt(key, value, 0, 365, source));
  } else if (key == "survey_followup_hours") {
    FAROL_ASSIGN_OR_RETURN(c.survey_followup_hours, ParseInt(key, value, 1, 2000, source));
  } else if (key.starts_with("mailbox.")) {
    return ApplyMailboxValue(c, key, value, source);
  } else {
    return InvalidArgumentError(source + ": unknown setting '" + key + "'");
  }
  return OkStatus();
}

StatusOr<Config> LoadConfig(const std::string& file_in, const std::map<std::string, std::string>& flags) {
  Config c;
  std::string file = file_in;
  if (file.empty()) {
    if (const char* env = std::getenv("FAROL_CONFIG")) file = env;
  }
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return InvalidArgumentError("Cannot read the config file " + file);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      std::string_view l = TrimView(line);
      if (l.empty() || l[0] == '#' || l[0] == '[') continue;
      const size_t eq = l.find('=');
      if (eq == std::string_view::npos) {
        return InvalidArgumentError(file + ":" + std::to_string(n) + ": expected key = value");
      }
      std::string key = Trim(l.substr(0, eq));
      std::string value = Trim(l.substr(eq + 1));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      if (key == "admin_password") {
        return InvalidArgumentError(file + ":" + std::to_string(n) +
                                    ": admin_password is read only from FAROL_ADMIN_PASSWORD, never from files");
      }
      FAROL_RETURN_IF_ERROR(ApplyConfigValue(c, key, value, file + ":" + std::to_string(n)));
    }
  }
  for (const char* key : kKeys) {
    std::string env = "FAROL_" + std::string(key);
    for (char& ch : env) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (const char* v = std::getenv(env.c_str())) FAROL_RETURN_IF_ERROR(ApplyConfigValue(c, key, v, env));
  }
  // Mailbox passwords from the environment, so they need not sit in the file.
  for (auto& [name, box] : c.mailboxes) {
    std::string env = "FAROL_MAILBOX_" + name + "_PASSWORD";
    for (char& ch : env) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (const char* v = std::getenv(env.c_str())) box.password = v;
  }
  for (const auto& [key, value] : flags) FAROL_RETURN_IF_ERROR(ApplyConfigValue(c, key, value, "--" + key));
  for (const auto& [name, box] : c.mailboxes) {
    if (box.url.empty()) return InvalidArgumentError("mailbox." + name + ".url is missing");
  }
  return c;
}

}  // namespace farol::cli
