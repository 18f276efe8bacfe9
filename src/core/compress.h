// gzip (RFC 1952) in memory: raw e-mail is kept compressed, in a form `zcat` reads.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace farol {

std::string GzipCompress(std::string_view data);
// Fails (kInvalidArgument) on bytes that are not gzip, and (kTooLarge) when the result would
// exceed `max_bytes`.
StatusOr<std::string> GzipDecompress(std::string_view gz, size_t max_bytes = size_t{1} << 30);

}  // namespace farol
