#include "mail/intake_parts.h"

#include "mail/mime.h"
#include "mail/sanitize.h"

namespace farol::mail {

app::MailReader Reader() {
  return [](std::string_view raw) { return ParseMessage(raw); };
}

app::HtmlSanitizer Sanitizer() {
  return [](std::string_view html, const std::function<std::string(std::string_view)>& resolve_cid) {
    SanitizeOptions options;
    options.resolve_cid = resolve_cid;
    return SanitizeHtml(html, options).html;
  };
}

app::MailWriter Writer() {
  return [](const domain::OutboundMail& m) { return BuildMessage(m); };
}

}  // namespace farol::mail
