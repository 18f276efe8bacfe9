// libFuzzer harness for the e-mail path from raw bytes to what a ticket is made of
// (docs/TESTING.md, "Fuzzing"; run it with scripts/fuzz.sh). Each input is one raw message, as
// an IMAP mailbox or an .eml upload hands it to app::MailIntake::Take; the harness drives every
// step of that path that needs no database, in the order mail_intake.cc runs them:
//
//   the Reader the app is injected with (mail::ParseMessage: GMime, charsets, HtmlToText) ->
//   domain::Classify -> ThreadCandidates and SubjectTicketToken (threading) ->
//   TrimQuoted (a reply's body), TrimSignature (a new thread's), EscalationAsked -> the
//   Sanitizer the app is injected with (gumbo allowlist), with inline images resolved against the
//   message's own attachments as the app resolves them. The same bytes are also decoded as an
//   Outlook winmail.dat (mail::DecodeTnef), as the Reader does for a TNEF part.
//
// Besides crashes and ASan/UBSan reports, it checks what the headers promise to the layers above
// (every text valid UTF-8, a Message-ID never empty, a subject on one line, a file name never
// empty nor a path, a stable sanitiser output): a broken promise aborts like a crash would.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>

#include "core/strings.h"
#include "domain/mail.h"
#include "mail/intake_parts.h"
#include "mail/mime.h"
#include "mail/tnef.h"
#include "mail/sanitize.h"

namespace {

using farol::domain::InboundMail;

[[noreturn]] void Broken(const char* promise, std::string_view value) {
  std::fprintf(stderr, "mime_fuzzer: broken promise: %s\n  value (%zu bytes): %.*s\n", promise, value.size(),
               static_cast<int>(value.size() > 400 ? 400 : value.size()), value.data());
  std::abort();
}

void Expect(bool ok, const char* promise, std::string_view value = {}) {
  if (!ok) Broken(promise, value);
}

bool OneLine(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

void CheckAddress(const farol::domain::MailAddress& a) {
  Expect(farol::IsValidUtf8(a.name), "an address's display name is UTF-8", a.name);
  Expect(OneLine(a.name), "an address's display name is one line", a.name);
  Expect(farol::IsValidUtf8(a.address), "an address is UTF-8", a.address);
}

void CheckMail(const InboundMail& m) {
  Expect(!m.message_id.empty(), "a Message-ID is never empty");
  Expect(farol::IsValidUtf8(m.message_id) && OneLine(m.message_id), "a Message-ID is one UTF-8 line", m.message_id);
  Expect(!m.from.address.empty(), "a parsed message has a sender");
  CheckAddress(m.from);
  CheckAddress(m.reply_to);
  for (const auto& a : m.to) CheckAddress(a);
  for (const auto& a : m.cc) CheckAddress(a);
  Expect(farol::IsValidUtf8(m.subject), "the subject is UTF-8", m.subject);
  Expect(OneLine(m.subject), "the subject is one line", m.subject);
  Expect(m.subject.size() <= 1000, "the subject is at most 1,000 bytes", m.subject);
  Expect(farol::IsValidUtf8(m.text), "the text is UTF-8", m.text);
  Expect(m.text.find('\r') == std::string::npos, "the text has LF line ends", m.text);
  Expect(farol::IsValidUtf8(m.html), "the HTML is UTF-8", m.html);
  for (const auto& id : m.references) Expect(!id.empty(), "a reference is never empty");
  for (const auto& a : m.attachments) {
    Expect(!a.file_name.empty(), "a file name is never empty");
    Expect(farol::IsValidUtf8(a.file_name) && OneLine(a.file_name), "a file name is one UTF-8 line", a.file_name);
    Expect(a.file_name.find_first_of("/\\") == std::string::npos && a.file_name != "." && a.file_name != "..",
           "a file name is not a path", a.file_name);
    Expect(!a.content_type.empty(), "a content type is never empty");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The very functions wiring.cc hands to app::MailIntake.
  static const farol::app::MailReader reader = farol::mail::Reader();
  static const farol::app::HtmlSanitizer sanitizer = farol::mail::Sanitizer();

  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  // The same bytes as a winmail.dat (the corpus holds TNEF streams too): what comes out is never
  // more than went in, and every name is text.
  if (auto tnef = farol::mail::DecodeTnef(raw)) {
    size_t total = 0;
    for (const auto& a : tnef->attachments) {
      total += a.data.size();
      Expect(farol::IsValidUtf8(a.file_name), "a TNEF file name is UTF-8", a.file_name);
    }
    Expect(total <= size, "a TNEF stream holds no more bytes than it has");
  }
  farol::StatusOr<InboundMail> parsed = reader(raw);
  if (!parsed.ok()) {
    // Quarantined with this reason, which a person reads.
    Expect(!parsed.status().message().empty(), "a refused message says why");
    return 0;
  }
  const InboundMail& m = *parsed;
  CheckMail(m);

  // Machines' mail is ignored, people's mail threads.
  (void)farol::domain::Name(farol::domain::Classify(m));
  for (const std::string& id : farol::domain::ThreadCandidates(m)) {
    Expect(!id.empty(), "a thread candidate is never empty");
  }
  const auto token = farol::domain::SubjectTicketToken(m.subject);
  Expect(!token || *token > 0, "a subject's ticket number is positive");
  const std::string with_token = farol::domain::SubjectWithToken(m.subject, token.value_or(1234));
  Expect(farol::domain::SubjectTicketToken(with_token) == token.value_or(1234), "a subject keeps the token it is given",
         with_token);

  // A reply's body.
  const std::string body = farol::domain::TrimQuoted(m.text);
  Expect(farol::IsValidUtf8(body), "trimmed text is UTF-8", body);
  Expect(!farol::Trim(m.text).empty() == !body.empty(), "trimmed text is empty only when the text is blank", m.text);
  // A new thread's description, and a reply asking to escalate.
  const std::string description = farol::domain::TrimSignature(m.text);
  Expect(farol::IsValidUtf8(description), "text without its signature is UTF-8", description);
  Expect(!farol::Trim(m.text).empty() == !description.empty(), "a description is empty only when the text is blank", m.text);
  if (const auto asked = farol::domain::EscalationAsked(m.subject, body)) {
    Expect(farol::IsValidUtf8(*asked), "an escalation's reason is UTF-8", *asked);
    Expect(asked->size() <= body.size(), "an escalation's reason is part of the reply", *asked);
  }

  // Text from HTML, as for a message without a text part.
  if (!m.html.empty()) {
    const std::string text = farol::mail::HtmlToText(m.html);
    Expect(farol::IsValidUtf8(text), "HtmlToText gives UTF-8", text);
  }

  // The stored HTML: inline images point at the ticket's files, as mail_intake.cc resolves them
  // (attachment i stored as file i + 1).
  if (!m.html.empty()) {
    auto resolve_cid = [&](std::string_view cid) -> std::string {
      for (size_t i = 0; i < m.attachments.size(); ++i) {
        if (m.attachments[i].content_id == cid) return "/api/v1/attachments/" + std::to_string(i + 1);
      }
      return "";
    };
    const std::function<std::string(std::string_view)> resolve = resolve_cid;
    const std::string safe = sanitizer(m.html, resolve);
    Expect(farol::IsValidUtf8(safe), "sanitised HTML is UTF-8", safe);
    // sanitize.h: "sanitising it again with the same options gives it back unchanged".
    const std::string again = sanitizer(safe, resolve);
    if (again != safe) {
      std::fprintf(stderr, "mime_fuzzer: first pass:\n%s\nsecond pass:\n%s\n", safe.c_str(), again.c_str());
      Broken("sanitising twice gives the same output", m.html);
    }
  }
  return 0;
}
