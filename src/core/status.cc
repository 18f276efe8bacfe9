#include "core/status.h"

#include <string>

namespace farol {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kStaleVersion: return "stale_version";
    case StatusCode::kTooLarge: return "too_large";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s(StatusCodeName(code_));
  s += ": ";
  s += message_;
  for (const FieldError& f : fields_) {
    s += " [";
    s += f.field;
    s += ": ";
    s += f.message;
    s += "]";
  }
  return s;
}

Status InvalidArgumentError(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
Status FieldInvalidError(std::string field, std::string message) {
  Status s(StatusCode::kInvalidArgument, field + ": " + message);
  s.WithField(std::move(field), std::move(message));
  return s;
}
Status UnauthenticatedError(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message));
}
Status PermissionDeniedError(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
Status NotFoundError(std::string_view what, long long id) {
  return Status(StatusCode::kNotFound, std::string(what) + " " + std::to_string(id) + " was not found");
}
Status NotFoundError(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
Status AlreadyExistsError(std::string message) {
  return Status(StatusCode::kAlreadyExists, std::move(message));
}
Status FailedPreconditionError(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
Status StaleVersionError(std::string message) {
  return Status(StatusCode::kStaleVersion, std::move(message));
}
Status TooLargeError(std::string message) {
  return Status(StatusCode::kTooLarge, std::move(message));
}
Status ResourceExhaustedError(std::string message, int retry_after_seconds) {
  Status s(StatusCode::kResourceExhausted, std::move(message));
  s.WithRetryAfter(retry_after_seconds);
  return s;
}
Status UnavailableError(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
Status InternalError(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

Status FieldErrors::ToStatus(std::string_view summary) const {
  if (errors_.empty()) return OkStatus();
  std::string message(summary);
  message += ": ";
  for (size_t i = 0; i < errors_.size(); ++i) {
    if (i) message += "; ";
    message += errors_[i].field + " " + errors_[i].message;
  }
  Status s(StatusCode::kInvalidArgument, std::move(message));
  for (const FieldError& f : errors_) s.WithField(f.field, f.message);
  return s;
}

}  // namespace farol
