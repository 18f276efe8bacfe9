// A small blocking HTTP/1.1 client for tests that talk to a real farol over loopback, and a
// handle on a `farol serve` child process.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace farol::testing {

struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string error;  // set when no response arrived (connection refused/reset)
  const std::string* Header(const std::string& name) const;
};

// One keep-alive connection (reconnects when the server closed it).
class HttpClient {
 public:
  HttpClient(std::string host, int port);
  ~HttpClient();
  Reply Request(const std::string& method, const std::string& target, const std::string& body = "",
                const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Sends raw bytes and reads one response (for malformed requests).
  Reply Raw(const std::string& bytes);
  // Number of TCP connections opened so far (to prove keep-alive).
  int connections() const { return connections_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int connections_ = 0;
};

// A `farol serve` child process on 127.0.0.1 with a free port.
class ServerProcess {
 public:
  // `args` are extra arguments after `serve`; `env` extra environment variables.
  ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                const std::vector<std::pair<std::string, std::string>>& env = {});
  ~ServerProcess();
  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  int pid() const { return pid_; }
  const std::string& output() const { return output_; }  // what it printed so far (stdout+stderr)
  // Sends a signal; Wait() collects the exit status (or -signal).
  void Signal(int sig);
  int Wait(int timeout_ms = 10000);
  std::string ReadMoreOutput();

 private:
  int pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  std::string output_;
  bool reaped_ = false;
};

// Runs a command, returns {exit code, stdout+stderr}.
std::pair<int, std::string> RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                                       const std::vector<std::pair<std::string, std::string>>& env = {});

}  // namespace farol::testing
