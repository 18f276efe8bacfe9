// A real HTTP/1.1 receiver on loopback for tests of outgoing webhooks: it records every request
// and answers each with the status the test chose. One connection at a time, closed after each
// answer (what a webhook sender needs, nothing more).
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace farol::testing {

class HttpReceiver {
 public:
  struct Request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
  };

  HttpReceiver();  // listens on 127.0.0.1, a free port
  ~HttpReceiver();
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;
  // The status (and body) the next requests get (default 200 "ok").
  void Answer(int status, std::string body = "ok");
  std::vector<Request> requests();
  // Waits until at least `n` requests arrived or `timeout_ms` passed; true if they did.
  bool WaitFor(size_t n, int timeout_ms);

 private:
  void Serve();
  int listen_fd_ = -1;
  int port_ = 0;
  bool stop_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  int status_ = 200;
  std::string answer_ = "ok";
  std::vector<Request> requests_;
  std::thread thread_;
};

}  // namespace farol::testing
