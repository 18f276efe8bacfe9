#include "mail/imap.h"

#include <curl/curl.h>
#include <poll.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>

#include "core/strings.h"

namespace farol::mail {
namespace {

CURL* Handle(void* p) { return static_cast<CURL*>(p); }

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// An IMAP quoted string (RFC 3501 quoted): backslash and double quote escaped.
std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

// The password never reaches a log: servers' answers are quoted only after this.
std::string Redact(std::string s, const std::string& secret) {
  if (secret.size() >= 3) {
    for (size_t p = s.find(secret); p != std::string::npos; p = s.find(secret, p)) s.replace(p, secret.size(), "***");
  }
  return s;
}

}  // namespace

std::string MailboxFromUrl(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos || slash + 1 >= url.size()) return "INBOX";
  std::string path = url.substr(slash + 1);
  const size_t semi = path.find(';');
  if (semi != std::string::npos) path.resize(semi);
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      int v = 0;
      auto r = std::from_chars(path.data() + i + 1, path.data() + i + 3, v, 16);
      if (r.ec == std::errc() && r.ptr == path.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += path[i];
  }
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out.empty() ? "INBOX" : out;
}

ImapSession::~ImapSession() {
  if (curl_) {
    (void)Send("L" + std::to_string(++tag_) + " LOGOUT");
    curl_easy_cleanup(Handle(curl_));
  }
}

StatusOr<std::unique_ptr<ImapSession>> ImapSession::Open(const ImapConfig& config) {
  if (!config.url.starts_with("imap://") && !config.url.starts_with("imaps://")) {
    return InvalidArgumentError("the mailbox URL must start with imap:// or imaps://");
  }
  GlobalInit();
  std::unique_ptr<ImapSession> s(new ImapSession());
  s->config_ = config;
  CURL* c = curl_easy_init();
  if (!c) return InternalError("libcurl could not start");
  s->curl_ = c;
  // Only the server part: farol selects the mailbox itself once connected.
  const size_t scheme = config.url.find("://");
  const size_t slash = config.url.find('/', scheme + 3);
  const std::string server = config.url.substr(0, slash) + "/";
  curl_easy_setopt(c, CURLOPT_URL, server.c_str());
  curl_easy_setopt(c, CURLOPT_USERNAME, config.user.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, config.password.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  // Over imap://, STARTTLS; whether to go on without it is the TLS mode's (core/tls_policy.h).
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   static_cast<long>(TlsRequired(config.url, config.tls) ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, config.verify_tls ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, config.verify_tls ? 2L : 0L);
  if (!config.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config.ca_file.c_str());
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (rc != CURLE_OK) {
    const std::string why = error[0] ? error : curl_easy_strerror(rc);
    if (rc == CURLE_LOGIN_DENIED) return UnavailableError("the IMAP server refused the login for " + config.user);
    if (rc == CURLE_USE_SSL_FAILED) {
      return UnavailableError(
          "the IMAP server does not offer STARTTLS, and farol will not send the password unencrypted (use imaps://, "
          "or set the mailbox's tls to optional on a network you trust)");
    }
    if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
      return UnavailableError("the IMAP server's certificate is not trusted (" + Redact(why, config.password) +
                              "); a private CA's certificate goes in the mailbox's ca_file");
    }
    return UnavailableError("cannot reach the IMAP server: " + Redact(why, config.password));
  }

  FAROL_ASSIGN_OR_RETURN(Response caps, s->Command("CAPABILITY"));
  for (const std::string& line : caps.untagged) {
    if (!Upper(line).starts_with("CAPABILITY ")) continue;
    for (const std::string& cap : Split(Upper(line), ' ')) {
      s->idle_ = s->idle_ || cap == "IDLE";
      s->move_ = s->move_ || cap == "MOVE";
      s->uidplus_ = s->uidplus_ || cap == "UIDPLUS";
    }
  }
  const std::string mailbox = MailboxFromUrl(config.url);
  FAROL_ASSIGN_OR_RETURN(Response selected, s->Command("SELECT " + Quoted(mailbox)));
  if (selected.status != "OK") {
    return UnavailableError("the IMAP server would not open mailbox " + mailbox + ": " + selected.text);
  }
  if (!config.done_folder.empty()) {
    // Make sure the folder exists (an "already exists" answer is fine).
    FAROL_RETURN_IF_ERROR(s->Command("CREATE " + Quoted(config.done_folder)).status());
  }
  return s;
}

Status ImapSession::Send(const std::string& line) {
  const std::string data = line + "\r\n";
  size_t sent = 0;
  const auto deadline = std::chrono::steady_clock::now() + config_.timeout;
  while (sent < data.size()) {
    size_t n = 0;
    const CURLcode rc = curl_easy_send(Handle(curl_), data.data() + sent, data.size() - sent, &n);
    if (rc == CURLE_AGAIN) {
      curl_socket_t sock = CURL_SOCKET_BAD;
      curl_easy_getinfo(Handle(curl_), CURLINFO_ACTIVESOCKET, &sock);
      pollfd p{static_cast<int>(sock), POLLOUT, 0};
      if (std::chrono::steady_clock::now() > deadline) return UnavailableError("the IMAP server stopped reading");
      ::poll(&p, 1, 1000);
      continue;
    }
    if (rc != CURLE_OK) return UnavailableError(std::string("the IMAP connection broke: ") + curl_easy_strerror(rc));
    sent += n;
  }
  return OkStatus();
}

StatusOr<bool> ImapSession::Fill(std::chrono::milliseconds wait) {
  char chunk[64 * 1024];
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    size_t n = 0;
    const CURLcode rc = curl_easy_recv(Handle(curl_), chunk, sizeof chunk, &n);
    if (rc == CURLE_OK) {
      if (n == 0) return UnavailableError("the IMAP server closed the connection");
      buffer_.append(chunk, n);
      return true;
    }
    if (rc != CURLE_AGAIN) return UnavailableError(std::string("the IMAP connection broke: ") + curl_easy_strerror(rc));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    curl_socket_t sock = CURL_SOCKET_BAD;
    curl_easy_getinfo(Handle(curl_), CURLINFO_ACTIVESOCKET, &sock);
    pollfd p{static_cast<int>(sock), POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
  }
}

StatusOr<std::optional<std::string>> ImapSession::TryReadLine(std::chrono::milliseconds wait) {
  for (;;) {
    const size_t eol = buffer_.find("\r\n");
    if (eol != std::string::npos) {
      std::string line = buffer_.substr(0, eol);
      buffer_.erase(0, eol + 2);
      return std::optional<std::string>(std::move(line));
    }
    if (buffer_.size() > (1u << 20)) return UnavailableError("the IMAP server sent a line longer than 1 MB");
    FAROL_ASSIGN_OR_RETURN(const bool got, Fill(wait));
    if (!got) return std::optional<std::string>();
  }
}

StatusOr<std::string> ImapSession::ReadLine(std::chrono::milliseconds wait) {
  FAROL_ASSIGN_OR_RETURN(auto line, TryReadLine(wait));
  if (!line) {
    return UnavailableError("the IMAP server did not answer within " +
                            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + " s");
  }
  return std::move(*line);
}

StatusOr<std::string> ImapSession::ReadBytes(size_t n) {
  while (buffer_.size() < n) {
    FAROL_ASSIGN_OR_RETURN(const bool got, Fill(config_.timeout));
    if (!got) return UnavailableError("the IMAP server stopped sending in the middle of a message");
  }
  std::string out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return out;
}

StatusOr<ImapSession::Response> ImapSession::Command(const std::string& command) {
  const std::string tag = "F" + std::to_string(++tag_);
  FAROL_RETURN_IF_ERROR(Send(tag + " " + command));
  Response r;
  for (;;) {
    FAROL_ASSIGN_OR_RETURN(std::string line, ReadLine(config_.timeout));
    // A literal {n} at the end of a line: n bytes follow, then the line goes on.
    while (!line.empty() && line.back() == '}') {
      const size_t open = line.rfind('{');
      if (open == std::string::npos) break;
      size_t n = 0;
      auto p = std::from_chars(line.data() + open + 1, line.data() + line.size() - 1, n);
      if (p.ec != std::errc() || n > (64u << 20)) return UnavailableError("the IMAP server sent a bad literal");
      FAROL_ASSIGN_OR_RETURN(std::string bytes, ReadBytes(n));
      r.literals.push_back(std::move(bytes));
      FAROL_ASSIGN_OR_RETURN(std::string rest, ReadLine(config_.timeout));
      line = line.substr(0, open) + "{literal}" + rest;
    }
    if (line.starts_with("* ")) {
      r.untagged.push_back(line.substr(2));
    } else if (line.starts_with(tag + " ")) {
      const std::string rest = line.substr(tag.size() + 1);
      const size_t sp = rest.find(' ');
      r.status = Upper(rest.substr(0, sp));
      r.text = sp == std::string::npos ? "" : rest.substr(sp + 1);
      return r;
    }
    // Continuation requests ("+ ...") are not expected for these commands; skip them.
  }
}

StatusOr<std::vector<uint32_t>> ImapSession::Pending() {
  FAROL_ASSIGN_OR_RETURN(Response r, Command("UID SEARCH UNSEEN UNDELETED"));
  if (r.status != "OK") return UnavailableError("the IMAP server refused the search: " + r.text);
  std::vector<uint32_t> uids;
  for (const std::string& line : r.untagged) {
    if (!Upper(line).starts_with("SEARCH")) continue;
    for (const std::string& word : Split(line, ' ')) {
      uint32_t v = 0;
      auto p = std::from_chars(word.data(), word.data() + word.size(), v);
      if (p.ec == std::errc() && p.ptr == word.data() + word.size() && v > 0) uids.push_back(v);
    }
  }
  std::sort(uids.begin(), uids.end());
  return uids;
}

std::string UidSet(std::vector<uint32_t> uids) {
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  std::string out;
  for (size_t i = 0; i < uids.size();) {
    size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(uids[i]);
    if (j > i) out += ':' + std::to_string(uids[j]);
    i = j + 1;
  }
  return out;
}

StatusOr<std::vector<std::pair<uint32_t, std::string>>> ImapSession::Fetch(const std::vector<uint32_t>& uids) {
  std::vector<std::pair<uint32_t, std::string>> out;
  if (uids.empty()) return out;
  const std::string set = UidSet(uids);
  FAROL_ASSIGN_OR_RETURN(Response r, Command("UID FETCH " + set + " BODY.PEEK[]"));
  if (r.status != "OK") return UnavailableError("the IMAP server refused to fetch messages " + set + ": " + r.text);
  // Each "n FETCH (UID u BODY[] {literal})" line carries one message; literals are in line order.
  std::map<uint32_t, std::string> got;
  size_t literal = 0;
  constexpr std::string_view kMarker = "{literal}";
  for (const std::string& line : r.untagged) {
    const std::string upper = Upper(line);
    size_t markers = 0;
    for (size_t p = line.find(kMarker); p != std::string::npos; p = line.find(kMarker, p + kMarker.size())) ++markers;
    const size_t fetch = upper.find(" FETCH (");
    const size_t body = upper.find("BODY[]");
    if (fetch != std::string::npos && body != std::string::npos && markers > 0 && literal < r.literals.size()) {
      const size_t at = upper.find("UID ", fetch);
      uint32_t uid = 0;
      if (at != std::string::npos) std::from_chars(line.data() + at + 4, line.data() + line.size(), uid);
      if (uid) got[uid] = std::move(r.literals[literal]);
    }
    literal += markers;
  }
  for (uint32_t uid : uids) {
    auto it = got.find(uid);
    if (it != got.end()) out.emplace_back(uid, std::move(it->second));
  }
  return out;
}

Status ImapSession::Done(const std::vector<uint32_t>& uids) {
  if (uids.empty()) return OkStatus();
  const std::string set = UidSet(uids);
  if (config_.done_folder.empty()) {
    FAROL_ASSIGN_OR_RETURN(Response r, Command("UID STORE " + set + " +FLAGS.SILENT (\\Seen)"));
    if (r.status != "OK") return UnavailableError("the IMAP server refused to mark messages " + set + " seen: " + r.text);
    return OkStatus();
  }
  if (move_) {
    FAROL_ASSIGN_OR_RETURN(Response r, Command("UID MOVE " + set + " " + Quoted(config_.done_folder)));
    if (r.status != "OK") return UnavailableError("the IMAP server refused to move messages " + set + ": " + r.text);
    return OkStatus();
  }
  FAROL_ASSIGN_OR_RETURN(Response copy, Command("UID COPY " + set + " " + Quoted(config_.done_folder)));
  if (copy.status != "OK") return UnavailableError("the IMAP server refused to copy messages " + set + ": " + copy.text);
  FAROL_ASSIGN_OR_RETURN(Response del, Command("UID STORE " + set + " +FLAGS.SILENT (\\Seen \\Deleted)"));
  if (del.status != "OK") return UnavailableError("the IMAP server refused to delete messages " + set + ": " + del.text);
  // Without UIDPLUS the messages stay flagged \Deleted (and are skipped) until the mailbox is expunged.
  if (uidplus_) {
    FAROL_RETURN_IF_ERROR(Command("UID EXPUNGE " + set).status());
  }
  return OkStatus();
}

StatusOr<bool> ImapSession::Idle(std::chrono::seconds max, const std::atomic<bool>& stop) {
  const std::string tag = "F" + std::to_string(++tag_);
  FAROL_RETURN_IF_ERROR(Send(tag + " IDLE"));
  FAROL_ASSIGN_OR_RETURN(std::string first, ReadLine(config_.timeout));
  if (!first.starts_with("+")) return UnavailableError("the IMAP server refused IDLE: " + first);
  const auto deadline = std::chrono::steady_clock::now() + max;
  bool arrived = false;
  while (!arrived && !stop.load() && std::chrono::steady_clock::now() < deadline) {
    FAROL_ASSIGN_OR_RETURN(auto line, TryReadLine(std::chrono::milliseconds(500)));
    if (!line) continue;
    arrived = Upper(*line).find(" EXISTS") != std::string::npos || Upper(*line).find(" RECENT") != std::string::npos;
  }
  FAROL_RETURN_IF_ERROR(Send("DONE"));
  for (;;) {
    FAROL_ASSIGN_OR_RETURN(std::string line, ReadLine(config_.timeout));
    if (line.starts_with(tag + " ")) break;
  }
  return arrived;
}

}  // namespace farol::mail
