#include "jobs/curl_sender.h"

#include <curl/curl.h>
#include <date/date.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "app/guardian_service.h"
#include "app/mail_out.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace farol::jobs {

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Handle {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  curl_slist* recipients = nullptr;
  bool keep = false;  // a thread's SMTP handle: cleaned up when the thread ends, not here
  ~Handle() {
    curl_slist_free_all(headers);
    curl_slist_free_all(recipients);
    if (!keep) curl_easy_cleanup(curl);
  }
};

// One SMTP handle per sending thread, reset before each message: curl_easy_reset keeps the
// handle's live connections, so consecutive messages to the same server share one SMTP session
// (MAIL FROM again, no new TCP connection, greeting and EHLO). That was most of the time of a
// message on loopback.
CURL* ThreadSmtpHandle() {
  struct Owned {
    CURL* curl = curl_easy_init();
    ~Owned() { curl_easy_cleanup(curl); }
  };
  thread_local Owned owned;
  if (owned.curl) curl_easy_reset(owned.curl);
  return owned.curl;
}

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t bytes = size * n;
  if (out->size() < 2048) out->append(data, std::min(bytes, 2048 - out->size()));
  return bytes;
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t Feed(char* buffer, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t room = size * n;
  const size_t take = std::min(room, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, take);
  up->offset += take;
  return take;
}

// A secret must never reach a log or the dead-letter list, even inside a library's message.
std::string Scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at; (at = text.find(secret)) != std::string::npos;) text.replace(at, secret.size(), "***");
  return text;
}

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (!IsValidUtf8(s)) return "(a reply that is not text)";
  return Trim(s).substr(0, 300);
}

// RFC 2047 encoded-word when the text is not plain ASCII.
std::string HeaderText(const std::string& s) {
  const bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (ascii) return s;
  return "=?UTF-8?B?" + crypto::Base64Encode(s) + "?=";
}

}  // namespace

std::string WebhookSignature(std::string_view secret, long long unix_seconds, std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  return "t=" + t + ",v1=" + crypto::HmacSha256Hex(secret, t + "." + std::string(body));
}

std::string BuildMail(const std::string& from, const std::vector<std::string>& to, const store::Delivery& d,
                      Timestamp date) {
  const auto at = from.rfind('@');
  const std::string domain = at == std::string::npos ? "farol.local" : from.substr(at + 1);
  std::string m;
  m += "Date: " + date::format("%a, %d %b %Y %H:%M:%S +0000", date) + "\r\n";
  m += "From: farol <" + from + ">\r\n";
  m += "To: " + Join(to, ", ") + "\r\n";
  m += "Subject: " + HeaderText(d.subject) + "\r\n";
  m += "Message-ID: <farol-delivery-" + std::to_string(d.id) + "@" + domain + ">\r\n";
  m += "X-Farol-Delivery: " + std::to_string(d.id) + "\r\n";
  m += "X-Farol-Event: " + d.event + "\r\n";
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  for (const std::string& line : Split(d.body, '\n')) {
    std::string l = line;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    m += l + "\r\n";
  }
  return m;
}

CurlSender::CurlSender(CurlSenderOptions options) : options_(std::move(options)) { GlobalInit(); }

app::SendResult CurlSender::Post(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                                 const std::string& secret) {
  Handle h;
  if (!h.curl) return {false, false, "could not start an HTTP request"};
  std::string reply;
  h.headers = curl_slist_append(h.headers, "Content-Type: application/json");
  h.headers = curl_slist_append(h.headers, "User-Agent: farol");
  for (const std::string& header : headers) h.headers = curl_slist_append(h.headers, header.c_str());
  curl_easy_setopt(h.curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.curl, CURLOPT_TIMEOUT, long(options_.timeout.count()));
  curl_easy_setopt(h.curl, CURLOPT_HTTPHEADER, h.headers);
  curl_easy_setopt(h.curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h.curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
  curl_easy_setopt(h.curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(h.curl, CURLOPT_WRITEDATA, &reply);
  const CURLcode rc = curl_easy_perform(h.curl);
  if (rc != CURLE_OK) {
    return {false, false, Scrub(std::string("the receiver could not be reached: ") + curl_easy_strerror(rc), secret)};
  }
  long status = 0;
  curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return {true, false, ""};
  // 429 and 5xx may pass; any other answer will be the same next time.
  const bool permanent = status != 429 && status < 500;
  std::string error = "the receiver answered HTTP " + std::to_string(status);
  if (!reply.empty()) error += ": " + OneLine(reply);
  return {false, permanent, Scrub(error, secret)};
}

app::SendResult CurlSender::Mail(const domain::AlertChannel& ch, const store::Delivery& d) {
  const SmtpConfig& smtp = options_.smtp;
  if (smtp.url.empty() || smtp.from.empty()) {
    return {false, true, "no SMTP server is configured (smtp_url and smtp_from)"};
  }
  Handle h{ThreadSmtpHandle(), nullptr, nullptr, true};
  if (!h.curl) return {false, false, "could not start an SMTP session"};
  // A reply's e-mail was built whole when the reply was saved (app/mail_out.cc); alerts are
  // plain text built here.
  // Replies and reports are queued as whole messages; alerts as their text.
  const bool whole = d.event == app::kMailReplyEvent || d.event == app::kMailReportEvent;
  const std::string message = whole ? d.body : BuildMail(smtp.from, ch.emails, d, d.created_at);
  Upload up{message};
  for (const std::string& to : ch.emails) h.recipients = curl_slist_append(h.recipients, ("<" + to + ">").c_str());
  curl_easy_setopt(h.curl, CURLOPT_URL, smtp.url.c_str());
  curl_easy_setopt(h.curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.curl, CURLOPT_TIMEOUT, long(options_.timeout.count()) * 3);
  curl_easy_setopt(h.curl, CURLOPT_USE_SSL, long(TlsRequired(smtp.url, smtp.tls) ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (!smtp.ca_file.empty()) curl_easy_setopt(h.curl, CURLOPT_CAINFO, smtp.ca_file.c_str());
  if (!smtp.user.empty()) {
    curl_easy_setopt(h.curl, CURLOPT_USERNAME, smtp.user.c_str());
    curl_easy_setopt(h.curl, CURLOPT_PASSWORD, smtp.password.c_str());
  }
  curl_easy_setopt(h.curl, CURLOPT_MAIL_FROM, ("<" + smtp.from + ">").c_str());
  curl_easy_setopt(h.curl, CURLOPT_MAIL_RCPT, h.recipients);
  curl_easy_setopt(h.curl, CURLOPT_READFUNCTION, Feed);
  curl_easy_setopt(h.curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(h.curl, CURLOPT_UPLOAD, 1L);
  const CURLcode rc = curl_easy_perform(h.curl);
  if (rc == CURLE_OK) return {true, false, ""};
  long code = 0;
  curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &code);
  // 5xx replies are the server refusing for good (a bad address); everything else may pass.
  const bool permanent = code >= 500 && code < 600;
  std::string error = std::string("the mail server did not take the message: ") + curl_easy_strerror(rc);
  if (rc == CURLE_USE_SSL_FAILED) {
    error = "the mail server does not offer STARTTLS, and farol will not send mail unencrypted (use smtps://, or "
            "smtp_tls = optional on a network you trust)";
  } else if (rc == CURLE_LOGIN_DENIED) {
    error = "the mail server refused the login for " + smtp.user;
  } else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
    error = "the mail server's certificate is not trusted (a private CA's certificate goes in smtp_ca_file)";
  }
  if (code) error += " (SMTP " + std::to_string(code) + ")";
  return {false, permanent, Scrub(error, smtp.password)};
}

app::SendResult CurlSender::Send(const domain::AlertChannel& ch, const store::Delivery& d) {
  const std::string id = "X-Farol-Delivery: " + std::to_string(d.id);
  const std::string event = "X-Farol-Event: " + d.event;
  switch (ch.kind) {
    case domain::AlertKind::kEmail: return Mail(ch, d);
    case domain::AlertKind::kSlack: return Post(ch.url, d.body, {id, event}, ch.url);
    case domain::AlertKind::kTelegram: {
      std::string base = ch.url.empty() ? std::string(domain::kTelegramApi) : ch.url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      return Post(base + "/bot" + ch.secret + "/sendMessage", d.body, {id, event}, ch.secret);
    }
    case domain::AlertKind::kWebhook: {
      const long long now = ToUnixSeconds(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
      return Post(ch.url, d.body, {id, event, "X-Farol-Signature: " + WebhookSignature(ch.secret, now, d.body)}, ch.secret);
    }
  }
  return {false, true, "unknown channel kind"};
}

}  // namespace farol::jobs
