#include "store/file_store.h"

#include <fcntl.h>
#include <magic.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "core/crypto.h"

namespace farol::store {
namespace fs = std::filesystem;

std::string SniffContentType(std::string_view bytes) {
  // A magic_t is not thread-safe; one per thread avoids a global lock on uploads.
  thread_local struct Magic {
    magic_t cookie = nullptr;
    Magic() {
      cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
      if (cookie && magic_load(cookie, nullptr) != 0) {
        magic_close(cookie);
        cookie = nullptr;
      }
    }
    ~Magic() {
      if (cookie) magic_close(cookie);
    }
  } magic;
  if (!magic.cookie || bytes.empty()) return "application/octet-stream";
  const char* type = magic_buffer(magic.cookie, bytes.data(), bytes.size());
  return type ? std::string(type) : std::string("application/octet-stream");
}

namespace {

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return UnavailableError(std::string("cannot write an attachment: ") + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return OkStatus();
}

class LocalFileStore final : public FileStore {
 public:
  explicit LocalFileStore(fs::path root) : root_(std::move(root)) {}

  StatusOr<StoredFile> Put(std::string_view bytes) override {
    StoredFile f{crypto::Sha256Hex(bytes), static_cast<int64_t>(bytes.size()), SniffContentType(bytes)};
    const fs::path final_path = PathOf(f.sha256);
    std::error_code ec;
    if (fs::exists(final_path, ec)) return f;  // same bytes already stored
    fs::create_directories(final_path.parent_path(), ec);
    if (ec) return UnavailableError("cannot create the attachment folder: " + ec.message());
    const fs::path tmp = final_path.string() + ".tmp." + crypto::RandomToken(8);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return UnavailableError(std::string("cannot store an attachment: ") + std::strerror(errno));
    Status s = WriteAll(fd, bytes);
    if (s.ok() && ::fsync(fd) != 0) s = UnavailableError(std::string("fsync failed: ") + std::strerror(errno));
    ::close(fd);
    if (s.ok()) {
      fs::rename(tmp, final_path, ec);
      if (ec) s = UnavailableError("cannot store an attachment: " + ec.message());
    }
    if (!s.ok()) {
      fs::remove(tmp, ec);
      return s;
    }
    // Make the rename itself durable.
    const int dfd = ::open(final_path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return f;
  }

  StatusOr<std::string> PathFor(std::string_view sha256) const override {
    if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != sha256.npos) {
      return NotFoundError("no such attachment content");
    }
    const fs::path p = PathOf(sha256);
    std::error_code ec;
    if (!fs::exists(p, ec)) return NotFoundError("the attachment's file is missing from the attachment folder");
    return p.string();
  }

 private:
  fs::path PathOf(std::string_view sha) const {
    return root_ / std::string(sha.substr(0, 2)) / std::string(sha.substr(2, 2)) / std::string(sha);
  }
  fs::path root_;
};

}  // namespace

StatusOr<std::unique_ptr<FileStore>> OpenLocalFileStore(const std::string& root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return UnavailableError("Cannot create the attachment folder " + root + ": " + ec.message());
  return std::unique_ptr<FileStore>(new LocalFileStore(fs::absolute(root)));
}

}  // namespace farol::store
