#include "testing/http_client.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstring>
#include <regex>
#include <stdexcept>
#include <thread>

namespace farol::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

const std::string* Reply::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

struct HttpClient::Impl {
  std::string host;
  int port;
  net::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::string host, int port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpClient::~HttpClient() = default;

namespace {

Reply ToReply(bhttp::response<bhttp::string_body>& res) {
  Reply r;
  r.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  r.body = std::move(res.body());
  return r;
}

}  // namespace

Reply HttpClient::Request(const std::string& method, const std::string& target, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code ec;
    if (!impl_->stream) {
      impl_->stream = std::make_unique<beast::tcp_stream>(impl_->ioc);
      impl_->stream->connect(tcp::endpoint(net::ip::make_address(impl_->host), static_cast<unsigned short>(impl_->port)), ec);
      if (ec) {
        impl_->stream.reset();
        Reply r;
        r.error = "connect: " + ec.message();
        return r;
      }
      ++connections_;
      impl_->buffer.clear();
    }
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, impl_->host);
    req.keep_alive(true);
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() && req[bhttp::field::content_type].empty()) req.set(bhttp::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    bhttp::write(*impl_->stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(512 * 1024 * 1024);
    parser.skip(method == "HEAD");  // a HEAD answer has the GET's headers and never a body
    // Read even if the write failed: a server may answer (413) before taking the whole body.
    beast::error_code read_ec;
    bhttp::read(*impl_->stream, impl_->buffer, parser, read_ec);
    if (!read_ec && parser.is_done()) ec = {};
    else if (!ec) ec = read_ec;
    if (ec) {
      impl_->stream.reset();
      if (attempt == 0 && (ec == bhttp::error::end_of_stream || ec == net::error::connection_reset ||
                           ec == net::error::broken_pipe)) {
        continue;  // the server closed an idle keep-alive connection: retry once on a new one
      }
      Reply r;
      r.error = ec.message();
      return r;
    }
    auto res = parser.release();
    const bool keep = res.keep_alive();
    Reply r = ToReply(res);
    if (!keep) impl_->stream.reset();
    return r;
  }
  Reply r;
  r.error = "no response";
  return r;
}

Reply HttpClient::Raw(const std::string& bytes) {
  impl_->stream.reset();
  beast::error_code ec;
  beast::tcp_stream s(impl_->ioc);
  s.connect(tcp::endpoint(net::ip::make_address(impl_->host), static_cast<unsigned short>(impl_->port)), ec);
  Reply r;
  if (ec) {
    r.error = ec.message();
    return r;
  }
  net::write(s, net::buffer(bytes), ec);
  beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(s, buf, res, ec);
  if (ec) {
    r.error = ec.message();
    return r;
  }
  return ToReply(res);
}

// ---- process ----------------------------------------------------------------------------

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                             const std::vector<std::pair<std::string, std::string>>& env) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> all = {binary, "serve"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  out_fd_ = fds[0];
  fcntl(out_fd_, F_SETFL, O_NONBLOCK);
  const std::regex listening(R"(listening on http://[0-9.]+:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    ReadMoreOutput();
    std::smatch m;
    if (std::regex_search(output_, m, listening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      return;  // exited during start-up: started() is false, output() says why
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ServerProcess::~ServerProcess() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

std::string ServerProcess::ReadMoreOutput() {
  char buf[4096];
  while (true) {
    const ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;
    output_.append(buf, static_cast<size_t>(n));
  }
  return output_;
}

void ServerProcess::Signal(int sig) {
  if (!reaped_) kill(pid_, sig);
}

int ServerProcess::Wait(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!reaped_) {
    int status;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      ReadMoreOutput();
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() > deadline) return -1000;  // still running
    ReadMoreOutput();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -2000;
}

std::pair<int, std::string> RunCommand(const std::vector<std::string>& args, const std::string& stdin_text,
                                       const std::vector<std::pair<std::string, std::string>>& env) {
  int out[2], in[2];
  if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(out[1], 2);
    dup2(in[0], 0);
    close(out[0]);
    close(out[1]);
    close(in[0]);
    close(in[1]);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(copy[0].c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(in[0]);
  if (!stdin_text.empty()) (void)!write(in[1], stdin_text.data(), stdin_text.size());
  close(in[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

}  // namespace farol::testing
