// farol's own HTTP request and response values, so that Beast types never leave server.cc and
// handlers can be called in-process (tests, the CLI) without a socket.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace farol::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote;  // client address

  // The first header named `name` (lower case), if any.
  const std::string* Header(std::string_view name) const;
  // The first query parameter named `name`, if any.
  const std::string* Query(std::string_view name) const;
  // Every value of a query parameter, also splitting comma-separated lists.
  std::vector<std::string> QueryList(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s).
  std::optional<std::string> Cookie(std::string_view name) const;
};

// A response that stays open and sends events as they happen (Server-Sent Events). The server
// sends the headers, then calls Start; it calls Tick periodically while the connection lives,
// and Stop exactly once when the client goes away or the server shuts down.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // `send` writes one piece of the stream; it may be called from any thread until Stop, and
  // returns false once the connection is gone.
  virtual void Start(std::function<bool(std::string)> send) = 0;
  // Heartbeats, and noticing changes made by another process.
  virtual void Tick() = 0;
  virtual void Stop() = 0;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body is streamed from this file instead of `body`.
  std::string file_path;
  // When set, the response is an open event stream instead of `body`.
  std::shared_ptr<EventStream> stream;
  std::chrono::seconds tick{5};

  HttpResponse& Set(std::string name, std::string value);
  const std::string* Header(std::string_view name) const;
};

// Splits "/a/b?x=1&y=%20z" into a decoded path and query pairs. kInvalid if the percent-encoding
// or the UTF-8 is broken.
bool ParseTarget(std::string_view target, std::string& path,
                 std::vector<std::pair<std::string, std::string>>& query);

}  // namespace farol::http
