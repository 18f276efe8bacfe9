#include "testing/http_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace farol::testing {

HttpReceiver::HttpReceiver() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("HttpReceiver: cannot listen on loopback");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

HttpReceiver::~HttpReceiver() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  thread_.join();
  ::close(listen_fd_);
}

std::string HttpReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpReceiver::Answer(int status, std::string body) {
  std::lock_guard lock(mu_);
  status_ = status;
  answer_ = std::move(body);
}

std::vector<HttpReceiver::Request> HttpReceiver::requests() {
  std::lock_guard lock(mu_);
  return requests_;
}

bool HttpReceiver::WaitFor(size_t n, int timeout_ms) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return requests_.size() >= n; });
}

void HttpReceiver::Serve() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::string data;
    char buf[4096];
    Request req;
    size_t header_end = std::string::npos, need = 0;
    while (true) {
      pollfd c{fd, POLLIN, 0};
      if (::poll(&c, 1, 2000) <= 0) break;
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) break;
      data.append(buf, size_t(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        const std::string head = data.substr(0, header_end);
        size_t line_end = head.find("\r\n");
        const std::string first = head.substr(0, line_end);
        const size_t sp1 = first.find(' '), sp2 = first.rfind(' ');
        req.method = first.substr(0, sp1);
        req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
        size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
        while (at < head.size()) {
          size_t e = head.find("\r\n", at);
          if (e == std::string::npos) e = head.size();
          const std::string line = head.substr(at, e - at);
          const size_t colon = line.find(':');
          if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            req.headers[name] = value;
          }
          at = e + 2;
        }
        auto cl = req.headers.find("content-length");
        need = cl == req.headers.end() ? 0 : std::stoul(cl->second);
      }
      if (data.size() >= header_end + 4 + need) break;
    }
    if (header_end != std::string::npos) {
      req.body = data.substr(header_end + 4, need);
      int status;
      std::string answer;
      {
        std::lock_guard lock(mu_);
        status = status_;
        answer = answer_;
      }
      const std::string reply = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: text/plain\r\nContent-Length: " +
                                std::to_string(answer.size()) + "\r\nConnection: close\r\n\r\n" + answer;
      (void)!::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
      {
        std::lock_guard lock(mu_);
        requests_.push_back(std::move(req));
      }
      cv_.notify_all();
    }
    ::close(fd);
  }
}

}  // namespace farol::testing
