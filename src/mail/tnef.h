// Outlook's winmail.dat (TNEF, [MS-OXTNEF]): the files inside it, so a customer's attachments sent
// from Outlook reach the ticket as files and not as one opaque "winmail.dat" (docs/EMAIL.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/mail.h"

namespace farol::mail {

// Names, ids and the body as stored (converted to UTF-8): the caller makes them safe to use.
struct TnefContents {
  std::vector<domain::MailAttachment> attachments;  // in the order they were packed
  std::string body;  // the plain text body (attBody), UTF-8; "" when it had none
};

// The attachments (name from the long file name when there is one, else the 8.3 title; 8-bit
// names read in the stream's code page, Windows-1252 by default) and the plain body of a TNEF
// stream. nullopt when `data` does not start with TNEF's signature. A damaged stream (a length
// past the end, a checksum that does not add up) stops where the damage starts: what was read
// whole before it is returned. Never reads past `data`.
std::optional<TnefContents> DecodeTnef(std::string_view data);

}  // namespace farol::mail
