#include "http/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace farol::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session;

// One event loop per I/O thread, each running on exactly one thread: a connection lives on one
// loop for its whole life, so no handler ever wakes another thread (a single io_context shared
// by several threads spent ~14% of the CPU on futex wake-ups and context switches).
int LoopCount(const ServerOptions& o) {
  return o.io_threads > 0 ? o.io_threads : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

struct Server::Impl {
  explicit Impl(ServerOptions o, RequestHandler& h)
      : options(std::move(o)),
        handler(h),
        loops(MakeLoops(LoopCount(options))),
        acceptor(*loops[0]),
        signals(*loops[0]),
        shutdown_timer(*loops[0]),
        workers(static_cast<size_t>(std::max(1, options.worker_threads))) {
    for (auto& loop : loops) keep_alive.push_back(net::make_work_guard(*loop));
  }

  static std::vector<std::unique_ptr<net::io_context>> MakeLoops(int n) {
    std::vector<std::unique_ptr<net::io_context>> v;
    for (int i = 0; i < n; ++i) v.push_back(std::make_unique<net::io_context>(1));
    return v;
  }
  net::io_context& main() { return *loops[0]; }

  void Accept();
  void BeginShutdown();
  void Register(const std::shared_ptr<Session>& s);
  void Unregister(Session* s);

  ServerOptions options;
  RequestHandler& handler;
  std::vector<std::unique_ptr<net::io_context>> loops;
  // Keeps every loop running while the server accepts; released on shutdown.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_alive;
  size_t next_loop = 0;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer shutdown_timer;
  net::thread_pool workers;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mu;
  std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> sessions;
};

namespace {

bhttp::response<bhttp::string_body> ErrorResponse(unsigned version, bhttp::status status,
                                                  std::string_view detail) {
  bhttp::response<bhttp::string_body> res{status, version};
  res.set(bhttp::field::server, "farol");
  res.set(bhttp::field::content_type, "application/problem+json");
  res.keep_alive(false);
  const unsigned code = static_cast<unsigned>(status);
  const char* name = code == 413 ? "too_large" : code == 431 ? "headers_too_large" : code >= 500 ? "internal" : "invalid_argument";
  res.body() = "{\"type\":\"https://farol.dev/problems/" + std::string(name) + "\",\"title\":\"" +
               std::string(bhttp::obsolete_reason(status)) + "\",\"status\":" + std::to_string(code) +
               ",\"detail\":\"" + std::string(detail) + "\",\"code\":\"" + name + "\"}";
  res.prepare_payload();
  return res;
}

// A malformed request, as opposed to a closed or timed-out connection.
bool IsHttpError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

bool IsReadOnlyMethod(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, net::io_context& loop, Server::Impl& server)
      : stream_(std::move(socket)), loop_(loop), server_(server) {}

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  // Called on shutdown: a connection waiting for its next request is closed now; one that is
  // busy finishes its response first (with Connection: close).
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->events_) return self->EndStream();  // an event stream never finishes by itself
      if (self->idle_) {
        beast::error_code ec;
        self->stream_.socket().cancel(ec);
      }
    });
  }

  ~Session() { server_.Unregister(this); }

 private:
  void ReadHeader() {
    if (server_.stopping) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());  // checked per route in OnHeader
    idle_ = buffer_.size() == 0;
    stream_.expires_after(idle_ ? server_.options.idle_timeout : server_.options.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    idle_ = false;
    if (ec) {
      if (ec == bhttp::error::header_limit) {
        return SendAndClose(ErrorResponse(11, bhttp::status::request_header_fields_too_large,
                                          "The request headers are too large."));
      }
      if (IsHttpError(ec) && ec != bhttp::error::end_of_stream) {
        return SendAndClose(ErrorResponse(11, bhttp::status::bad_request, "The request is not valid HTTP/1.1."));
      }
      return Close();  // timeout, client closed, shutdown
    }
    auto& req = parser_->get();
    const std::string method(req.method_string());
    const std::string target(req.target());
    const std::string_view path = std::string_view(target).substr(0, target.find('?'));
    const size_t limit = server_.handler.BodyLimit(method, path);
    if (parser_->content_length() && *parser_->content_length() > limit) {
      return SendAndClose(ErrorResponse(req.version(), bhttp::status::payload_too_large,
                                        "The request body is larger than the " + std::to_string(limit) +
                                            "-byte limit for this endpoint."));
    }
    parser_->body_limit(limit);
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, req.version());
      bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code ec, size_t) {
        if (ec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(server_.options.body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec) {
      if (ec == bhttp::error::body_limit) {
        return SendAndClose(ErrorResponse(11, bhttp::status::payload_too_large,
                                          "The request body is larger than the limit for this endpoint."));
      }
      if (IsHttpError(ec)) {
        return SendAndClose(ErrorResponse(11, bhttp::status::bad_request, "The request is not valid HTTP/1.1."));
      }
      return Close();
    }
    auto req = parser_->release();
    version_ = req.version();
    keep_alive_ = req.keep_alive();
    HttpRequest r;
    r.method = std::string(req.method_string());
    // HEAD is answered as GET without the body (RFC 9110 9.3.2): same status and headers,
    // Content-Length included.
    head_ = r.method == "HEAD";
    if (head_) r.method = "GET";
    r.target = std::string(req.target());
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    r.body = std::move(req.body());
    beast::error_code ep_ec;
    const auto ep = stream_.socket().remote_endpoint(ep_ec);
    if (!ep_ec) r.remote = ep.address().to_string();

    const std::string_view path = std::string_view(r.target).substr(0, r.target.find('?'));
    if (IsReadOnlyMethod(r.method) && !server_.handler.Blocking(r.method, path)) {
      Write(server_.handler.Handle(r));
      return;
    }
    // The work guard keeps the event loop alive while the request runs on the pool, so a
    // shutdown cannot stop the loop before the response has been sent.
    net::post(server_.workers, [self = shared_from_this(), r = std::move(r),
                                guard = net::make_work_guard(loop_)]() mutable {
      HttpResponse res = self->server_.handler.Handle(r);
      net::post(self->stream_.get_executor(),
                [self, res = std::move(res)]() mutable { self->Write(std::move(res)); });
      guard.reset();
    });
  }

  template <typename Body>
  void Finish(std::shared_ptr<bhttp::response<Body>> msg) {
    stream_.expires_after(server_.options.write_timeout);
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, size_t) {
      if (ec || !msg->keep_alive()) return self->Close();
      self->ReadHeader();
    });
  }

  // ---- event streams (text/event-stream) ------------------------------------------------

  void StartStream(HttpResponse res) {
    if (server_.stopping) {
      return SendAndClose(ErrorResponse(version_, bhttp::status::service_unavailable, "The server is shutting down."));
    }
    events_ = std::move(res.stream);
    tick_ = res.tick;
    auto head = std::make_shared<bhttp::response<bhttp::empty_body>>(static_cast<bhttp::status>(res.status), version_);
    for (auto& [k, v] : res.headers) head->set(k, v);
    head->set(bhttp::field::server, "farol");
    head->set(bhttp::field::content_type, "text/event-stream");
    head->set(bhttp::field::cache_control, "no-store");
    head->chunked(true);
    auto sr = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*head);
    stream_.expires_after(server_.options.write_timeout);
    bhttp::async_write_header(stream_, *sr, [self = shared_from_this(), head, sr](beast::error_code ec, size_t) {
      if (ec) return self->EndStream();
      self->stream_.expires_never();
      // `send` may be called from any thread: it hops onto this connection's loop.
      std::weak_ptr<Session> weak = self;
      self->events_->Start([weak](std::string piece) {
        auto s = weak.lock();
        if (!s || s->stream_closed_) return false;
        net::post(s->loop_, [s, piece = std::move(piece)]() mutable { s->QueueChunk(std::move(piece)); });
        return true;
      });
      self->WatchForHangUp();
      self->ScheduleTick();
    });
  }

  void QueueChunk(std::string piece) {
    if (stream_closed_) return;
    outbox_.push_back(std::move(piece));
    if (outbox_.size() == 1) WriteNextChunk();
  }

  void WriteNextChunk() {
    auto chunk = std::make_shared<std::string>(std::move(outbox_.front()));
    net::async_write(stream_, bhttp::make_chunk(net::buffer(*chunk)),
                     [self = shared_from_this(), chunk](beast::error_code ec, size_t) {
                       if (ec) return self->EndStream();
                       self->outbox_.pop_front();
                       if (!self->outbox_.empty()) self->WriteNextChunk();
                     });
  }

  // A client of an event stream sends nothing more: any read completing means it hung up.
  void WatchForHangUp() {
    drain_.resize(1024);
    stream_.socket().async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || self->stream_closed_) return self->EndStream();
      self->WatchForHangUp();
    });
  }

  void ScheduleTick() {
    if (!tick_timer_) tick_timer_ = std::make_unique<net::steady_timer>(loop_);
    tick_timer_->expires_after(tick_);
    tick_timer_->async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->stream_closed_) return;
      self->events_->Tick();
      self->ScheduleTick();
    });
  }

  void EndStream() {
    if (stream_closed_) return;
    stream_closed_ = true;
    if (tick_timer_) tick_timer_->cancel();
    if (events_) events_->Stop();
    Close();
  }

  void Write(HttpResponse res) {
    if (head_) return WriteHead(std::move(res));
    if (res.stream) return StartStream(std::move(res));
    const bool keep_alive = keep_alive_ && !server_.stopping;
    const auto status = static_cast<bhttp::status>(res.status);
    if (!res.file_path.empty()) {
      bhttp::file_body::value_type file;
      beast::error_code ec;
      file.open(res.file_path.c_str(), beast::file_mode::scan, ec);
      if (ec) {
        return SendAndClose(ErrorResponse(version_, bhttp::status::internal_server_error,
                                          "The file could not be read."));
      }
      auto msg = std::make_shared<bhttp::response<bhttp::file_body>>(
          std::piecewise_construct, std::make_tuple(std::move(file)), std::make_tuple(status, version_));
      for (auto& [k, v] : res.headers) msg->set(k, v);
      msg->set(bhttp::field::server, "farol");
      msg->keep_alive(keep_alive);
      msg->prepare_payload();
      return Finish(std::move(msg));
    }
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(status, version_);
    for (auto& [k, v] : res.headers) msg->set(k, v);
    msg->set(bhttp::field::server, "farol");
    msg->body() = std::move(res.body);
    msg->keep_alive(keep_alive);
    msg->prepare_payload();
    Finish(std::move(msg));
  }

  // The answer to a HEAD request: the GET's status and headers, the length its body would have.
  void WriteHead(HttpResponse res) {
    const bool streaming = static_cast<bool>(res.stream);
    auto msg = std::make_shared<bhttp::response<bhttp::empty_body>>(static_cast<bhttp::status>(res.status), version_);
    for (auto& [k, v] : res.headers) msg->set(k, v);
    msg->set(bhttp::field::server, "farol");
    if (!res.file_path.empty()) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(res.file_path, ec);
      msg->content_length(ec ? 0 : size);
    } else if (!streaming) {
      msg->content_length(res.body.size());
    }
    // An event stream has no length: its HEAD answer ends the connection.
    msg->keep_alive(keep_alive_ && !server_.stopping && !streaming);
    Finish(std::move(msg));
  }

  // An error answered before the request was read (413, 431, 400): the client may still be
  // sending. Closing with unread data makes the kernel send a reset, and the client may then
  // never read our answer; so stop sending, read and discard for a moment, then close.
  void SendAndClose(bhttp::response<bhttp::string_body> res) {
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(std::move(res));
    msg->keep_alive(false);
    stream_.expires_after(server_.options.write_timeout);
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      beast::error_code sec;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, sec);
      self->stream_.expires_after(std::chrono::seconds(2));
      self->Drain();
    });
  }

  void Drain() {
    drain_.resize(64 * 1024);
    stream_.async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Close();  // end of stream, reset or the 2 s limit
      self->Drain();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  net::io_context& loop_;  // the one loop (and thread) this connection lives on
  beast::flat_buffer buffer_;
  std::vector<char> drain_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<EventStream> events_;  // set while this connection is an event stream
  std::chrono::seconds tick_{5};
  std::unique_ptr<net::steady_timer> tick_timer_;
  std::deque<std::string> outbox_;
  std::atomic<bool> stream_closed_{false};  // read by `send` on other threads
  Server::Impl& server_;
  bool idle_ = false;
  bool keep_alive_ = false;
  bool head_ = false;  // the request being answered is a HEAD
  unsigned version_ = 11;
};

void Server::Impl::Register(const std::shared_ptr<Session>& s) {
  std::lock_guard lock(sessions_mu);
  sessions.insert(s);
}

void Server::Impl::Unregister(Session*) {
  bool last = false;
  {
    std::lock_guard lock(sessions_mu);
    std::erase_if(sessions, [](const std::weak_ptr<Session>& w) { return w.expired(); });
    last = sessions.empty();
  }
  // The last connection of a shutdown is gone: nothing left to wait for.
  if (last && stopping) net::post(main(), [this] { shutdown_timer.cancel(); });
}

void Server::Impl::Accept() {
  net::io_context& loop = *loops[next_loop++ % loops.size()];
  acceptor.async_accept(loop, [this, &loop](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || stopping) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else {
      beast::error_code nd;
      socket.set_option(tcp::no_delay(true), nd);
      auto session = std::make_shared<Session>(std::move(socket), loop, *this);
      Register(session);
      session->Start();
    }
    if (!stopping) Accept();
  });
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  spdlog::info("shutting down: finishing in-flight requests");
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu);
    for (const auto& w : sessions) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->CloseIfIdle();
  for (auto& guard : keep_alive) guard.reset();  // loops end once their connections have
  if (live.empty()) return;
  shutdown_timer.expires_after(options.shutdown_grace);
  shutdown_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    spdlog::warn("shutdown grace period over; closing remaining connections");
    for (auto& loop : loops) loop->stop();
  });
}

Server::Server(ServerOptions options, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() {
  Stop();
  impl_->workers.join();
}

StatusOr<uint16_t> Server::Listen() {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return InvalidArgumentError("'" + impl_->options.host + "' is not an IP address to listen on");
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return UnavailableError("Cannot listen on " + impl_->options.host + ":" +
                            std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return a.local_endpoint().port();
}

void Server::Run(bool handle_signals) {
  Impl& s = *impl_;
  if (handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](beast::error_code ec, int) {
      if (!ec) s.BeginShutdown();
    });
  }
  s.Accept();
  std::vector<std::thread> threads;
  for (size_t i = 1; i < s.loops.size(); ++i) threads.emplace_back([&s, i] { s.loops[i]->run(); });
  s.main().run();
  for (auto& t : threads) t.join();
  // Writes still running on the worker pool post their responses back to the (now stopped)
  // event loop; wait for them so their transactions finish before the store closes.
  s.workers.join();
}

void Server::Stop() {
  net::post(impl_->main(), [s = impl_.get()] { s->BeginShutdown(); });
}

}  // namespace farol::http
