#include "testing/mail_servers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace farol::testing {

namespace fs = std::filesystem;

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

namespace {

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(uint16_t(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A blocking IMAP conversation of the simplest kind, independent of farol's own client.
class Talk {
 public:
  explicit Talk(int port) : fd_(Connect(port)) {
    if (fd_ >= 0) Line();  // the greeting
  }
  ~Talk() {
    if (fd_ >= 0) {
      Send("z LOGOUT\r\n");
      ::close(fd_);
    }
  }
  bool ok() const { return fd_ >= 0; }
  void Send(const std::string& s) { (void)!::write(fd_, s.data(), s.size()); }
  std::string Line() {
    for (;;) {
      const size_t eol = buf_.find("\r\n");
      if (eol != std::string::npos) {
        std::string line = buf_.substr(0, eol);
        buf_.erase(0, eol + 2);
        return line;
      }
      char chunk[4096];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return "";
      buf_.append(chunk, size_t(n));
    }
  }
  // Sends `tag command` and returns every line up to the tagged answer (included).
  std::vector<std::string> Command(const std::string& tag, const std::string& command) {
    Send(tag + " " + command + "\r\n");
    std::vector<std::string> lines;
    for (;;) {
      std::string l = Line();
      lines.push_back(l);
      if (l.empty() || l.rfind(tag + " ", 0) == 0) return lines;
    }
  }

 private:
  int fd_;
  std::string buf_;
};

}  // namespace

bool Accepts(int port) {
  const int fd = Connect(port);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

SmtpServer::SmtpServer(const std::string& maildir) : port_(FreePort()), maildir_(maildir) {
  pid_ = ::fork();
  if (pid_ == 0) {
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    ::execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
            "aiosmtpd.handlers.Mailbox", maildir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 100 && !Accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

namespace {

// aiosmtpd with TLS and AUTH, which its command line does not offer.
constexpr const char* kSmtpScript = R"py(
import asyncio, signal, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, maildir, cert, key, implicit, user, password = sys.argv[1:8]

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
          and auth_data.password.decode() == password)
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

ctx = None
if cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
kwargs = {}
if user:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=(implicit != "1"))
if ctx is not None and implicit != "1":
    kwargs.update(tls_context=ctx, require_starttls=True)
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=int(port), server_kwargs=kwargs,
                        ssl_context=ctx if implicit == "1" else None, ready_timeout=10)
controller.start()
signal.sigwait([signal.SIGTERM, signal.SIGINT])
controller.stop()
)py";

}  // namespace

TestCert MakeTestCert(const std::string& dir) {
  fs::create_directories(dir);
  TestCert c{dir + "/cert.pem", dir + "/key.pem"};
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "
                          "subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
                          c.key + " -out " + c.cert + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return {};
  // Dovecot reads the key as its own user when run as root.
  fs::permissions(c.key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  return c;
}

SmtpServer::SmtpServer(const std::string& maildir, const SmtpOptions& o) : port_(FreePort()), maildir_(maildir) {
  // (Not made here: Python's Maildir makes the folder with its tmp/new/cur only if it is missing.)
  const std::string script = maildir + ".smtp_sink.py";
  std::ofstream(script) << kSmtpScript;
  pid_ = ::fork();
  if (pid_ == 0) {
    const std::string port = std::to_string(port_);
    // aiosmtpd's warnings and the handshakes refused on purpose go to a file, not the test's output.
    const int log = ::open((maildir + ".log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    ::execl("/usr/bin/python3", "python3", script.c_str(), port.c_str(), maildir.c_str(), o.tls.cert.c_str(),
            o.tls.key.c_str(), o.implicit_tls ? "1" : "0", o.user.c_str(), o.password.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 200 && !Accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

SmtpServer::~SmtpServer() {
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
}

std::vector<std::string> SmtpServer::Messages() const {
  std::vector<std::string> out;
  const fs::path dir = fs::path(maildir_) / "new";
  if (!fs::exists(dir)) return out;
  for (const auto& f : fs::directory_iterator(dir)) out.push_back(ReadFile(f.path()));
  return out;
}

Dovecot::Dovecot(const std::string& dir, const TestCert& tls) : dir_(dir), port_(FreePort()) {
  while (tls.ok() && (imaps_port_ == 0 || imaps_port_ == port_)) imaps_port_ = FreePort();
  fs::create_directories(dir_ + "/run");
  fs::create_directories(dir_ + "/state");
  fs::create_directories(dir_ + "/home");
  std::ofstream(dir_ + "/passwd") << user() << ":{PLAIN}" << password() << "\n";
  // As root, mail is owned by Debian's dovecot user (Dovecot refuses uid 0 for mail); otherwise
  // everything runs as the user running the tests.
  std::string mail_user, internal;
  if (::geteuid() == 0) {
    mail_user = "uid=dovecot gid=dovecot";
    const passwd* pw = ::getpwnam("dovecot");
    if (!pw) return;
    // The dovecot user must reach its home: every folder on the way is opened for traversal.
    const auto open = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec;
    fs::permissions(dir_, open);
    fs::permissions(fs::path(dir_).parent_path(), fs::perms::others_exec, fs::perm_options::add);
    (void)!::chown((dir_ + "/home").c_str(), pw->pw_uid, pw->pw_gid);
  } else {
    const passwd* pw = ::getpwuid(::geteuid());
    const group* gr = ::getgrgid(::getegid());
    if (!pw || !gr) return;
    mail_user = "uid=" + std::to_string(::geteuid()) + " gid=" + std::to_string(::getegid());
    internal = std::string("default_internal_user = ") + pw->pw_name + "\ndefault_login_user = " + pw->pw_name +
               "\ndefault_internal_group = " + gr->gr_name + "\n";
  }
  std::ofstream(dir_ + "/dovecot.conf")
      << "base_dir = " << dir_ << "/run\nstate_dir = " << dir_ << "/state\nlog_path = " << dir_ << "/dovecot.log\n"
      << internal << "protocols = imap\nlisten = 127.0.0.1\n"
      << (tls.ok() ? "ssl = yes\nssl_cert = <" + tls.cert + "\nssl_key = <" + tls.key + "\n" : std::string("ssl = no\n"))
      << "disable_plaintext_auth = no\n"
      << "auth_mechanisms = plain login\nmail_location = maildir:~/Maildir\nfirst_valid_uid = 1\n"
      << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " << dir_ << "/passwd\n}\n"
      << "userdb {\n  driver = static\n  args = " << mail_user << " home=" << dir_ << "/home/%u\n}\n"
      << "service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = " << port_
      << "\n  }\n  inet_listener imaps {\n    address = 127.0.0.1\n    port = " << imaps_port_ << "\n  }\n}\n"
      << "service anvil {\n  chroot =\n}\n";
  const std::string cmd = "/usr/sbin/dovecot -c " + dir_ + "/dovecot.conf 2>>" + dir_ + "/dovecot.log";
  if (std::system(cmd.c_str()) != 0) return;
  for (int i = 0; i < 100 && !Accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  up_ = Accepts(port_);
}

Dovecot::~Dovecot() {
  const std::string pid = ReadFile(dir_ + "/run/master.pid");
  if (!pid.empty()) {
    const pid_t p = std::atoi(pid.c_str());
    ::kill(p, SIGTERM);
    for (int i = 0; i < 100 && ::kill(p, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string Dovecot::url(const std::string& mailbox) const {
  return "imap://127.0.0.1:" + std::to_string(port_) + "/" + mailbox;
}

std::string Dovecot::log() const { return ReadFile(dir_ + "/dovecot.log"); }

bool Dovecot::Deliver(const std::string& raw, const std::string& mailbox) const {
  Talk t(port_);
  if (!t.ok()) return false;
  if (t.Command("a", "LOGIN \"" + user() + "\" \"" + password() + "\"").back().rfind("a OK", 0) != 0) return false;
  t.Send("b APPEND \"" + mailbox + "\" {" + std::to_string(raw.size()) + "}\r\n");
  if (t.Line().rfind("+", 0) != 0) return false;
  t.Send(raw + "\r\n");
  for (;;) {
    const std::string l = t.Line();
    if (l.empty()) return false;
    if (l.rfind("b ", 0) == 0) return l.rfind("b OK", 0) == 0;
  }
}

std::vector<unsigned> Dovecot::Unseen(const std::string& mailbox) const {
  std::vector<unsigned> uids;
  Talk t(port_);
  if (!t.ok()) return uids;
  t.Command("a", "LOGIN \"" + user() + "\" \"" + password() + "\"");
  t.Command("b", "EXAMINE \"" + mailbox + "\"");
  for (const std::string& l : t.Command("c", "UID SEARCH UNSEEN")) {
    if (l.rfind("* SEARCH", 0) != 0) continue;
    std::istringstream words(l.substr(8));
    unsigned v;
    while (words >> v) uids.push_back(v);
  }
  return uids;
}

bool Dovecot::MarkAllUnseen(const std::string& mailbox) const {
  Talk t(port_);
  if (!t.ok()) return false;
  t.Command("a", "LOGIN \"" + user() + "\" \"" + password() + "\"");
  t.Command("b", "SELECT \"" + mailbox + "\"");
  return t.Command("c", "STORE 1:* -FLAGS.SILENT (\\Seen)").back().rfind("c OK", 0) == 0;
}

int Dovecot::Count(const std::string& mailbox) const {
  Talk t(port_);
  if (!t.ok()) return -1;
  t.Command("a", "LOGIN \"" + user() + "\" \"" + password() + "\"");
  for (const std::string& l : t.Command("b", "STATUS \"" + mailbox + "\" (MESSAGES)")) {
    const size_t p = l.find("(MESSAGES ");
    if (p != std::string::npos) return std::atoi(l.c_str() + p + 10);
  }
  return -1;
}

}  // namespace farol::testing
