// Real mail servers for tests, from Debian's packages, on loopback with throwaway configuration:
// Dovecot (IMAP, with IDLE) and aiosmtpd (an SMTP server writing every message into a Maildir).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace farol::testing {

// A free TCP port on 127.0.0.1 (free when asked; tests start their server on it at once).
int FreePort();
// Whether something accepts connections on 127.0.0.1:`port`.
bool Accepts(int port);

// A throwaway self-signed certificate for localhost and 127.0.0.1 (openssl), written into `dir`
// as cert.pem and key.pem; the certificate is also the CA file a client trusts.
struct TestCert {
  std::string cert;
  std::string key;
  bool ok() const { return !cert.empty(); }
};
TestCert MakeTestCert(const std::string& dir);

// What an SMTP server may insist on: STARTTLS (or TLS from the first byte), and a login.
struct SmtpOptions {
  TestCert tls;               // empty: plain
  bool implicit_tls = false;  // TLS from the first byte (smtps://) instead of STARTTLS
  std::string user;           // non-empty: AUTH with this user and password is required
  std::string password;
};

class SmtpServer {
 public:
  explicit SmtpServer(const std::string& maildir);
  // With TLS and/or a login required (aiosmtpd run from a small script).
  SmtpServer(const std::string& maildir, const SmtpOptions& options);
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;
  int port() const { return port_; }
  bool up() const { return Accepts(port_); }
  // The messages delivered so far (in no particular order).
  std::vector<std::string> Messages() const;

 private:
  int port_;
  std::string maildir_;
  pid_t pid_ = -1;
};

// Dovecot serving IMAP for one user, `user()` / `password()`, with mail kept under `dir`: plain
// (loopback only), or with `tls` offering STARTTLS and listening for IMAPS on `imaps_port()`.
// Runs as root (mail owned by the dovecot user) or as any user.
class Dovecot {
 public:
  explicit Dovecot(const std::string& dir, const TestCert& tls = {});
  ~Dovecot();
  Dovecot(const Dovecot&) = delete;
  Dovecot& operator=(const Dovecot&) = delete;
  bool up() const { return up_; }
  int port() const { return port_; }
  int imaps_port() const { return imaps_port_; }
  std::string url(const std::string& mailbox = "INBOX") const;
  std::string user() const { return "support@farol.test"; }
  std::string password() const { return "imap-test-password"; }
  // Delivers `raw` into `mailbox` as a new, unseen message (IMAP APPEND, as a mail server would).
  bool Deliver(const std::string& raw, const std::string& mailbox = "INBOX") const;
  // UIDs of the unseen messages in `mailbox`, and how many messages it holds.
  std::vector<unsigned> Unseen(const std::string& mailbox = "INBOX") const;
  int Count(const std::string& mailbox) const;
  // Marks every message in `mailbox` unseen again (a benchmark takes the same mail in twice).
  bool MarkAllUnseen(const std::string& mailbox = "INBOX") const;
  std::string log() const;

 private:
  std::string dir_;
  int port_ = 0;
  int imaps_port_ = 0;
  bool up_ = false;
};

}  // namespace farol::testing
