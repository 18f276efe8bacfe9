// Status and StatusOr<T>: how every layer below the HTTP/CLI edge reports an expected failure.
//
// Modelled on absl::Status: a canonical code, a plain-words message meant for the person who
// caused the error, and optional field-level details (which request field was wrong and why).
// Exceptions are reserved for bugs and are caught at the I/O edges (shared/STYLE.md 3.4).
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace farol {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the request is malformed or a value is out of range (HTTP 400)
  kUnauthenticated,     // no valid credentials (401)
  kPermissionDenied,    // the caller may not do this kind of thing at all (403)
  kNotFound,            // no such object, or the caller may not know it exists (404)
  kAlreadyExists,       // a unique value is taken (409)
  kFailedPrecondition,  // the object is in a state that forbids this (409)
  kStaleVersion,        // an If-Match / expected version no longer matches (412)
  kTooLarge,            // a body or file exceeds its limit (413)
  kResourceExhausted,   // throttled; retry later (429)
  kUnavailable,         // a dependency (the database) is down (503)
  kInternal,            // a bug or an unexpected I/O failure (500)
};

std::string_view StatusCodeName(StatusCode code);

// One problem with one field of a request, e.g. {"priority", "must be one of P1, P2, P3, P4"}.
struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& field_errors() const { return fields_; }
  // Seconds after which a throttled request may be retried (kResourceExhausted only).
  int retry_after_seconds() const { return retry_after_; }

  Status& WithField(std::string field, std::string message) {
    fields_.push_back({std::move(field), std::move(message)});
    return *this;
  }
  Status& WithRetryAfter(int seconds) {
    retry_after_ = seconds;
    return *this;
  }
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<FieldError> fields_;
  int retry_after_ = 0;
};

inline Status OkStatus() { return Status(); }
Status InvalidArgumentError(std::string message);
// A single-field validation error: the message names the field too.
Status FieldInvalidError(std::string field, std::string message);
Status UnauthenticatedError(std::string message);
Status PermissionDeniedError(std::string message);
Status NotFoundError(std::string_view what, long long id);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status StaleVersionError(std::string message);
Status TooLargeError(std::string message);
Status ResourceExhaustedError(std::string message, int retry_after_seconds);
Status UnavailableError(std::string message);
Status InternalError(std::string message);

// Collects field errors while validating a request, so the caller hears about all of them at
// once instead of one per round trip.
class FieldErrors {
 public:
  void Add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  // OK if nothing was added; otherwise kInvalidArgument carrying every field error.
  Status ToStatus(std::string_view summary = "The request has invalid fields") const;

 private:
  std::vector<FieldError> errors_;
};

template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "StatusOr needs a value or a non-OK status");
  }
  StatusOr(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  // A reference, so that status().field_errors() can be iterated safely.
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> v_;
};

}  // namespace farol

#define FAROL_CONCAT_INNER_(a, b) a##b
#define FAROL_CONCAT_(a, b) FAROL_CONCAT_INNER_(a, b)

#define FAROL_RETURN_IF_ERROR(expr)           \
  do {                                        \
    ::farol::Status farol_status_ = (expr);   \
    if (!farol_status_.ok()) return farol_status_; \
  } while (0)

#define FAROL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

// FAROL_ASSIGN_OR_RETURN(auto x, Foo()); returns Foo()'s status if it failed.
#define FAROL_ASSIGN_OR_RETURN(lhs, expr) \
  FAROL_ASSIGN_OR_RETURN_IMPL_(FAROL_CONCAT_(farol_statusor_, __LINE__), lhs, expr)
