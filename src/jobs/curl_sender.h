// Sends alert deliveries with libcurl: JSON over HTTP(S) for Slack, Telegram and webhooks, and
// e-mail over SMTP (plain, STARTTLS or SMTPS, as the server's URL says).
#pragma once

#include <chrono>
#include <string>

#include "app/alert_service.h"
#include "core/tls_policy.h"

namespace farol::jobs {

struct SmtpConfig {
  std::string url;   // smtp://host:25, smtp://host:587 (STARTTLS) or smtps://host:465; "" = no e-mail
  std::string from;  // the envelope and From: address
  std::string user;
  std::string password;  // never logged
  TlsMode tls = TlsMode::kAuto;  // smtp:// without STARTTLS: refused unless loopback (core/tls_policy.h)
  std::string ca_file;           // certificates to trust besides the system's; "" none
};

struct CurlSenderOptions {
  SmtpConfig smtp;
  std::chrono::seconds timeout{10};
};

// Thread-safe: every Send uses its own handle.
class CurlSender final : public app::Sender {
 public:
  explicit CurlSender(CurlSenderOptions options);
  app::SendResult Send(const domain::AlertChannel& channel, const store::Delivery& delivery) override;

 private:
  app::SendResult Post(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                       const std::string& secret);
  app::SendResult Mail(const domain::AlertChannel& channel, const store::Delivery& delivery);
  CurlSenderOptions options_;
};

// The webhook signature header's value for `body` sent at `unix_seconds`:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<unix seconds>.<body>" under the channel's secret>".
std::string WebhookSignature(std::string_view secret, long long unix_seconds, std::string_view body);

// The RFC 5322 message for an e-mail delivery (CRLF line ends, UTF-8 subject encoded per RFC 2047).
std::string BuildMail(const std::string& from, const std::vector<std::string>& to, const store::Delivery& d,
                      Timestamp date);

}  // namespace farol::jobs
