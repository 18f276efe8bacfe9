// The HTTP/1.1 server: sockets, keep-alive, timeouts, body limits, a thread pool and graceful
// shutdown. Boost.Beast/Asio stay inside server.cc (pimpl); requests reach farol through the
// RequestHandler interface as plain HttpRequest values.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/types.h"

namespace farol::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port (tests)
  // Threads running the event loop and the read-only handlers; 0 = one per core (at least 2).
  int io_threads = 0;
  // Threads for handlers that write (they wait for a durable commit, which group commit shares
  // among all writers waiting at once: more waiting writers, fewer fsyncs each).
  int worker_threads = 64;
  std::chrono::seconds header_timeout{30};   // to receive a request's headers
  std::chrono::seconds body_timeout{120};    // to receive its body
  std::chrono::seconds idle_timeout{75};     // a keep-alive connection with no request
  std::chrono::seconds write_timeout{120};   // to send a response
  std::chrono::seconds shutdown_grace{30};   // in-flight requests get this long on SIGTERM
  size_t max_header_bytes = 16 * 1024;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // The largest body accepted for this request (413 beyond it). Called after the headers.
  virtual size_t BodyLimit(std::string_view method, std::string_view path) const = 0;
  // Whether this request may block for long (writes waiting on a commit): such requests run on
  // the worker pool instead of an event-loop thread.
  virtual bool Blocking(std::string_view method, std::string_view path) const = 0;
  // Produces the response. Called concurrently from many threads; must not throw.
  virtual HttpResponse Handle(HttpRequest& request) = 0;
};

class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; returns the bound port. kUnavailable if the address is in use.
  StatusOr<uint16_t> Listen();
  // Serves until Stop(), SIGINT or SIGTERM (when `handle_signals`). Returns once every in-flight
  // request has been answered (or shutdown_grace ran out) and every thread has stopped.
  void Run(bool handle_signals = true);
  // Stops accepting, lets in-flight requests finish and closes idle connections. Thread-safe.
  void Stop();

  struct Impl;  // in server.cc; public only so the connection code there can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace farol::http
