// Attachment bytes on disk, content-addressed by SHA-256: <root>/ab/cd/abcd...; the same bytes
// uploaded twice are stored once. Files are written to a temporary name, fsync'd and renamed,
// so a crash never leaves a partial file under a final name.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace farol::store {

struct StoredFile {
  std::string sha256;        // lower-case hex
  int64_t size = 0;
  std::string content_type;  // sniffed from the bytes (libmagic), never taken from the client
};

class FileStore {
 public:
  virtual ~FileStore() = default;
  // Stores `bytes` durably. Thread-safe.
  virtual StatusOr<StoredFile> Put(std::string_view bytes) = 0;
  // Absolute path of stored content (for streaming it out); kNotFound if absent.
  virtual StatusOr<std::string> PathFor(std::string_view sha256) const = 0;
};

// REQUIRES: `root` is writable (created if missing).
StatusOr<std::unique_ptr<FileStore>> OpenLocalFileStore(const std::string& root);

// The MIME type libmagic sees in `bytes` ("application/octet-stream" if unsure). Thread-safe.
std::string SniffContentType(std::string_view bytes);

}  // namespace farol::store
