// Cryptographic helpers over libsodium (the only includer of <sodium.h>).
//
// Passwords: argon2id, slow on purpose, checked only at sign-in. Session and API tokens: 256-bit
// random values stored as a keyed BLAKE2b digest, compared in constant time (shared/DESIGN.md).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace farol::crypto {

// Must be called once before any other function here (idempotent, thread-safe).
void Init();

// `n` cryptographically random bytes.
std::string RandomBytes(size_t n);
// A random token of `bytes` bytes encoded as unpadded base64url.
std::string RandomToken(size_t bytes = 32);
// A random password people can type: letters and digits without look-alikes.
std::string RandomPassword(size_t length = 16);

std::string Base64UrlEncode(std::string_view bytes);
StatusOr<std::string> Base64UrlDecode(std::string_view text);
std::string HexEncode(std::string_view bytes);
// Standard base64 with padding (RFC 4648 section 4), as MIME headers want it.
std::string Base64Encode(std::string_view bytes);

// SHA-256 of `data`, lower-case hex.
std::string Sha256Hex(std::string_view data);
// Incremental SHA-256 for streamed uploads.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::string FinalHex();

 private:
  alignas(64) unsigned char state_[256];
};

// Keyed BLAKE2b-256 of `data`, lower-case hex. `key` must be 16..64 bytes.
std::string KeyedDigestHex(std::string_view key, std::string_view data);

// HMAC-SHA-256 of `data` under `key` (any length), lower-case hex: webhook signatures.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// argon2id hash in libsodium's self-describing string form. Slow (tens of ms) by design.
StatusOr<std::string> HashPassword(std::string_view password);
// True if `password` matches `hash` (as produced by HashPassword).
bool VerifyPassword(std::string_view hash, std::string_view password);

bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace farol::crypto
