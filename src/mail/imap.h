// A small IMAP4rev1 client for taking mail in: libcurl opens the connection (TLS, STARTTLS and
// the login, with the credentials never logged), and farol speaks the few commands it needs over
// it — SELECT, UID SEARCH, UID FETCH BODY.PEEK[], UID STORE / UID MOVE, and IDLE (RFC 2177) so
// new mail arrives at once where the server offers it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/tls_policy.h"

namespace farol::mail {

struct ImapConfig {
  // imap://HOST:PORT/MAILBOX (STARTTLS required when the server offers it) or
  // imaps://HOST:PORT/MAILBOX; the mailbox defaults to INBOX.
  std::string url;
  std::string user;
  std::string password;  // never logged
  // Where a message goes once it is taken in: "" marks it \Seen where it is; a folder name moves
  // it there (UID MOVE, or COPY + \Deleted + UID EXPUNGE on servers without MOVE).
  std::string done_folder;
  std::chrono::seconds timeout{30};
  bool verify_tls = true;
  TlsMode tls = TlsMode::kAuto;  // imap:// without STARTTLS: refused unless loopback (core/tls_policy.h)
  std::string ca_file;           // certificates to trust besides the system's (a private CA); "" none
};

class ImapSession {
 public:
  // Connects, logs in and selects the mailbox. kUnavailable (with the server's words, never the
  // password) when the server cannot be reached or refuses the login.
  static StatusOr<std::unique_ptr<ImapSession>> Open(const ImapConfig& config);
  ~ImapSession();
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  // UIDs of messages not yet taken in (unseen, and not deleted), oldest first.
  StatusOr<std::vector<uint32_t>> Pending();
  // The whole messages, without setting \Seen, in one command: (uid, bytes) in the order asked,
  // leaving out messages gone from the mailbox meanwhile.
  StatusOr<std::vector<std::pair<uint32_t, std::string>>> Fetch(const std::vector<uint32_t>& uids);
  // Marks the messages taken in (seen, or moved to the done folder), in one command.
  Status Done(const std::vector<uint32_t>& uids);
  bool SupportsIdle() const { return idle_; }
  // Waits in IDLE until the server announces new mail (true), `max` passes or `stop` is set
  // (false). REQUIRES: SupportsIdle().
  StatusOr<bool> Idle(std::chrono::seconds max, const std::atomic<bool>& stop);

 private:
  ImapSession() = default;
  struct Response {
    std::vector<std::string> untagged;   // "* ..." lines (without "* "), literals inlined
    std::vector<std::string> literals;   // the literal bytes, in order
    std::string status;                  // "OK", "NO" or "BAD"
    std::string text;                    // the rest of the tagged line
  };
  Status Send(const std::string& line);
  // A line, or nullopt when none came within `wait`.
  StatusOr<std::optional<std::string>> TryReadLine(std::chrono::milliseconds wait);
  StatusOr<std::string> ReadLine(std::chrono::milliseconds wait);
  StatusOr<std::string> ReadBytes(size_t n);
  StatusOr<Response> Command(const std::string& command);
  // Reads what the server sent; false when nothing came within `wait`.
  StatusOr<bool> Fill(std::chrono::milliseconds wait);

  void* curl_ = nullptr;
  std::string buffer_;
  int tag_ = 0;
  bool idle_ = false;
  bool move_ = false;
  bool uidplus_ = false;
  ImapConfig config_;
};

// An IMAP sequence set for `uids`, ranges folded: {3, 4, 5, 9} -> "3:5,9".
std::string UidSet(std::vector<uint32_t> uids);

// The mailbox name in an imap(s) URL's path ("INBOX" when there is none), URL-decoded.
std::string MailboxFromUrl(const std::string& url);

}  // namespace farol::mail
