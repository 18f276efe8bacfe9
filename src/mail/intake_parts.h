// The MIME reader and HTML sanitiser the application's mail intake is built with.
#pragma once

#include "app/mail_intake.h"
#include "app/mail_out.h"

namespace farol::mail {

// ParseMessage, and SanitizeHtml with remote images held back until the reader consents.
app::MailReader Reader();
app::HtmlSanitizer Sanitizer();
// BuildMessage, for e-mail out.
app::MailWriter Writer();

}  // namespace farol::mail
