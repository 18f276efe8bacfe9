#include "mail/mime.h"

#include <gmime/gmime.h>
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "core/crypto.h"
#include "core/strings.h"
#include "mail/sanitize.h"
#include "mail/tnef.h"

namespace farol::mail {
namespace {

// GObject references owned by a unique_ptr.
struct Unref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, Unref>;

struct GFreeDeleter {
  void operator()(void* p) const { g_free(p); }
};
using GString_ = std::unique_ptr<char, GFreeDeleter>;

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Parser options: raw 8-bit headers (a Portuguese subject sent unencoded) are read as UTF-8 when
// they are, else as Windows-1252; broken encoded-words are decoded leniently.
GMimeParserOptions* ParserOptions() {
  static GMimeParserOptions* options = [] {
    GMimeParserOptions* o = g_mime_parser_options_new();
    static const char* fallback[] = {"utf-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(o, fallback);
    g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
    return o;
  }();
  return options;
}

// Windows-1252's 0x80..0x9F (the five undefined bytes map to the C1 controls, as WHATWG does).
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};


std::string Cp1252ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char b : bytes) {
    if (b < 0x80) {
      out += static_cast<char>(b);
    } else if (b < 0xA0) {
      AppendUtf8(out, kCp1252High[b - 0x80]);
    } else {
      AppendUtf8(out, b);
    }
  }
  return out;
}

std::string MakeValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  GString_ valid(g_utf8_make_valid(s.data(), static_cast<gssize>(s.size())));
  return valid ? std::string(valid.get()) : std::string();
}

std::string Str(const char* s) { return s ? std::string(s) : std::string(); }

// Cuts to at most `max` bytes at a character boundary, keeping the end (CutUtf8 keeps the start).
// A cut inside a UTF-8 sequence leaves invalid UTF-8, which PostgreSQL refuses: the whole message
// would fail to be stored, and fail again on every fetch (found by fuzz/).
std::string Utf8Suffix(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t start = s.size() - max;
  while (start < s.size() && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) ++start;
  return std::string(s.substr(start));
}

std::string StripAngles(std::string_view id) {
  id = TrimView(id);
  if (!id.empty() && id.front() == '<') id.remove_prefix(1);
  if (!id.empty() && id.back() == '>') id.remove_suffix(1);
  return std::string(TrimView(id));
}

// One line, valid UTF-8, no control characters: what a subject or a name may be.
std::string OneLine(std::string_view s) {
  std::string v = MakeValidUtf8(s);
  std::string out;
  out.reserve(v.size());
  bool space = false;
  for (unsigned char c : v) {
    if (c < 0x20 || c == 0x7F) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return Trim(out);
}

void AddAddresses(InternetAddressList* list, std::vector<domain::MailAddress>& out) {
  if (!list) return;
  const int n = internet_address_list_length(list);
  for (int i = 0; i < n && out.size() < 200; ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(a)) {
      AddAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out);
    } else if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      domain::MailAddress m;
      m.name = OneLine(Str(internet_address_get_name(a)));
      m.address = NormalizeEmail(OneLine(Str(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)))));
      if (!m.address.empty()) out.push_back(std::move(m));
    }
  }
}

std::vector<domain::MailAddress> Addresses(InternetAddressList* list) {
  std::vector<domain::MailAddress> out;
  AddAddresses(list, out);
  return out;
}

std::vector<std::string> MessageIds(const char* header) {
  std::vector<std::string> ids;
  if (!header) return ids;
  GMimeReferences* refs = g_mime_references_parse(ParserOptions(), header);
  if (!refs) return ids;
  const int n = g_mime_references_length(refs);
  for (int i = 0; i < n && ids.size() < 100; ++i) {
    std::string id = OneLine(StripAngles(Str(g_mime_references_get_message_id(refs, i))));
    if (!id.empty()) ids.push_back(std::move(id));
  }
  g_mime_references_free(refs);
  return ids;
}

std::string Header(GMimeObject* object, const char* name) {
  return AsciiLower(TrimView(Str(g_mime_object_get_header(object, name))));
}

std::string DecodedBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return {};
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string ObjectBytes(GMimeObject* object) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, nullptr, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// A file name a person can save: no path, no control characters, not empty.
std::string SafeFileName(std::string_view name, size_t index, std::string_view content_type) {
  std::string n = OneLine(name);
  const auto slash = n.find_last_of("/\\");
  if (slash != std::string::npos) n = n.substr(slash + 1);
  if (n == "." || n == "..") n.clear();
  n = Utf8Suffix(n, 200);  // the end of a long name keeps its extension
  if (!n.empty()) return n;
  std::string ext = ".bin";
  if (content_type == "message/rfc822") ext = ".eml";
  else if (content_type == "text/plain") ext = ".txt";
  else if (content_type == "text/html") ext = ".html";
  else if (content_type.starts_with("image/")) ext = "." + std::string(content_type.substr(6));
  return "attachment-" + std::to_string(index) + ext;
}

// Mail travels with CRLF line ends; stored text uses LF, like everything else people type.
std::string UnixNewlines(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Walk {
  domain::InboundMail* mail;
  bool have_text = false;
  bool have_html = false;
  size_t parts = 0;
};

void VisitPart(GMimeObject* /*parent*/, GMimeObject* part, gpointer data) {
  auto& w = *static_cast<Walk*>(data);
  if (++w.parts > kMaxParts) return;
  GMimeContentType* ct = g_mime_object_get_content_type(part);
  GString_ mime_type(ct ? g_mime_content_type_get_mime_type(ct) : nullptr);
  const std::string type = AsciiLower(Str(mime_type.get()));

  if (GMIME_IS_MESSAGE_PART(part)) {
    // A forwarded message travels as an attachment (.eml), whole, as it was received.
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    domain::MailAttachment a;
    a.content_type = "message/rfc822";
    const std::string subject = inner ? OneLine(Str(g_mime_message_get_subject(inner))) : "";
    a.data = inner ? ObjectBytes(GMIME_OBJECT(inner)) : std::string();
    a.file_name = SafeFileName(subject.empty() ? "" : subject + ".eml", w.mail->attachments.size() + 1, a.content_type);
    w.mail->attachments.push_back(std::move(a));
    return;
  }
  if (!GMIME_IS_PART(part)) return;  // multiparts: foreach visits their children
  GMimePart* mp = GMIME_PART(part);
  const bool attachment = g_mime_part_is_attachment(mp);
  const std::string charset = Str(g_mime_object_get_content_type_parameter(part, "charset"));
  if (!attachment && type == "text/plain" && !w.have_text) {
    w.mail->text = UnixNewlines(ToUtf8(DecodedBytes(mp), charset));
    w.have_text = true;
    return;
  }
  if (!attachment && type == "text/html" && !w.have_html) {
    w.mail->html = UnixNewlines(ToUtf8(DecodedBytes(mp), charset));
    w.have_html = true;
    return;
  }
  std::string bytes = DecodedBytes(mp);
  if (type == "application/ms-tnef" || type == "application/vnd.ms-tnef" ||
      AsciiLower(Str(g_mime_part_get_filename(mp))) == "winmail.dat") {
    // Outlook's winmail.dat: the files inside it become the message's files, and its plain body
    // the text when the message had none. Kept as it is when nothing could be read from it.
    if (auto tnef = DecodeTnef(bytes); tnef && (!tnef->attachments.empty() || !tnef->body.empty())) {
      for (auto& f : tnef->attachments) {
        f.file_name = SafeFileName(f.file_name, w.mail->attachments.size() + 1, f.content_type);
        f.content_id = OneLine(StripAngles(f.content_id));
        f.inline_part = false;
        w.mail->attachments.push_back(std::move(f));
      }
      if (!w.have_text && !tnef->body.empty()) {
        w.mail->text = UnixNewlines(std::move(tnef->body));
        w.have_text = true;
      }
      return;
    }
  }
  domain::MailAttachment a;
  a.content_type = type.empty() ? "application/octet-stream" : type;
  a.content_id = OneLine(StripAngles(Str(g_mime_object_get_content_id(part))));
  const std::string disposition = AsciiLower(Str(g_mime_object_get_disposition(part)));
  a.inline_part = !a.content_id.empty() && disposition != "attachment";
  a.data = std::move(bytes);
  a.file_name = SafeFileName(Str(g_mime_part_get_filename(mp)), w.mail->attachments.size() + 1, a.content_type);
  w.mail->attachments.push_back(std::move(a));
}

}  // namespace

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string ToUtf8(std::string_view bytes, std::string_view charset_in) {
  const std::string charset = AsciiLower(TrimView(charset_in));
  if (charset.empty() || charset == "us-ascii" || charset == "ascii") {
    // Undeclared: most such mail today is UTF-8; otherwise it is a Western Windows client.
    return IsValidUtf8(bytes) ? std::string(bytes) : Cp1252ToUtf8(bytes);
  }
  if (charset == "utf-8" || charset == "utf8") return MakeValidUtf8(bytes);
  if (charset == "iso-8859-1" || charset == "iso8859-1" || charset == "latin1" ||
      charset == "windows-1252" || charset == "cp1252" || charset == "iso_8859-1") {
    return Cp1252ToUtf8(bytes);
  }
  gsize written = 0;
  GError* error = nullptr;
  GString_ converted(g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", charset.c_str(),
                               nullptr, &written, &error));
  if (error) g_error_free(error);
  if (converted) return MakeValidUtf8(std::string_view(converted.get(), written));
  return IsValidUtf8(bytes) ? std::string(bytes) : Cp1252ToUtf8(bytes);
}

namespace {

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_LI: case GUMBO_TAG_TR:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TABLE: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
      return true;
    default:
      return false;
  }
}

void AppendText(const GumboNode* node, std::string& out, int depth) {
  if (depth > 400) return;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
    std::string_view t = node->v.text.text;
    for (char c : t) {
      const bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
      if (ws) {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      } else {
        out += c;
      }
    }
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  if (node->type == GUMBO_NODE_ELEMENT) {
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_TITLE) return;
  }
  const GumboVector* children =
      node->type == GUMBO_NODE_ELEMENT ? &node->v.element.children : &node->v.document.children;
  const bool block = node->type == GUMBO_NODE_ELEMENT && IsBlock(node->v.element.tag);
  auto newline = [&] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out += '\n';
  };
  if (block) newline();
  for (unsigned i = 0; i < children->length; ++i) {
    AppendText(static_cast<const GumboNode*>(children->data[i]), out, depth + 1);
  }
  if (block) newline();
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  const std::string valid = MakeValidUtf8(html);
  if (CountTags(valid) > kMaxHtmlTags) return Trim(StripTags(valid));
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // no use for parse errors; recording them costs memory
  GumboOutput* output = gumbo_parse_with_options(&options, valid.data(), valid.size());
  std::string text;
  AppendText(output->root, text, 0);
  gumbo_destroy_output(&options, output);
  return Trim(text);
}

StatusOr<domain::InboundMail> ParseMessage(std::string_view raw) {
  if (raw.size() > kMaxRawMessageBytes) {
    return Status(StatusCode::kTooLarge, "the message is larger than " +
                                             std::to_string(kMaxRawMessageBytes >> 20) + " MB");
  }
  if (raw.find(':') == std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument, "the message has no headers");
  }
  InitOnce();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), ParserOptions()));
  if (!message) return Status(StatusCode::kInvalidArgument, "the bytes are not a MIME message");
  GMimeObject* object = GMIME_OBJECT(message.get());

  domain::InboundMail m;
  const std::vector<domain::MailAddress> from = Addresses(g_mime_message_get_from(message.get()));
  if (from.empty()) return Status(StatusCode::kInvalidArgument, "the message has no sender address (From)");
  m.from = from.front();
  if (auto r = Addresses(g_mime_message_get_reply_to(message.get())); !r.empty()) m.reply_to = r.front();
  m.to = Addresses(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO));
  m.cc = Addresses(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_CC));
  m.subject = OneLine(Str(g_mime_message_get_subject(message.get())));
  m.subject = CutUtf8(m.subject, 1000);
  m.message_id = OneLine(StripAngles(Str(g_mime_message_get_message_id(message.get()))));
  if (m.message_id.empty() || m.message_id.size() > 500) {
    // No usable Message-ID: the bytes themselves identify the message, so a re-fetch of the same
    // message is still recognised.
    m.message_id = crypto::Sha256Hex(raw).substr(0, 40) + "@no-message-id.farol";
  }
  if (auto ids = MessageIds(g_mime_object_get_header(object, "In-Reply-To")); !ids.empty()) {
    m.in_reply_to = ids.back();
  }
  m.references = MessageIds(g_mime_object_get_header(object, "References"));
  if (GDateTime* date = g_mime_message_get_date(message.get())) {
    const gint64 unix = g_date_time_to_unix(date);
    if (unix > 0) m.date = FromUnixSeconds(unix);
  }

  domain::MailOrigin& o = m.origin;
  o.auto_submitted = Header(object, "Auto-Submitted");
  o.precedence = Header(object, "Precedence");
  const std::string suppress = Header(object, "X-Auto-Response-Suppress");
  o.auto_reply_header = g_mime_object_get_header(object, "X-Autoreply") != nullptr ||
                        g_mime_object_get_header(object, "X-Autorespond") != nullptr ||
                        suppress.find("oof") != std::string::npos || suppress == "all";
  o.list = g_mime_object_get_header(object, "List-Id") != nullptr ||
           g_mime_object_get_header(object, "List-Unsubscribe") != nullptr;
  const std::string return_path = Header(object, "Return-Path");
  o.bounce_sender = return_path == "<>";
  if (GMimeObject* body = g_mime_message_get_mime_part(message.get())) {
    GMimeContentType* ct = g_mime_object_get_content_type(body);
    o.delivery_report = ct && g_mime_content_type_is_type(ct, "multipart", "report") &&
                        AsciiLower(Str(g_mime_content_type_get_parameter(ct, "report-type"))) == "delivery-status";
  }

  Walk walk{&m};
  g_mime_message_foreach(message.get(), VisitPart, &walk);
  if (walk.parts > kMaxParts) {
    return Status(StatusCode::kInvalidArgument, "the message has more than " + std::to_string(kMaxParts) + " parts");
  }
  if (!walk.have_text && walk.have_html) m.text = HtmlToText(m.html);
  return m;
}

namespace {

GMimeObject* TextPart(const char* subtype, const std::string& text) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  g_mime_text_part_set_text(part, text.c_str());  // UTF-8, declared as such
  // SMTP servers need not take 8-bit bodies: quoted-printable or base64, whichever is shorter.
  g_mime_part_set_content_encoding(
      GMIME_PART(part), g_mime_part_get_best_content_encoding(GMIME_PART(part), GMIME_ENCODING_CONSTRAINT_7BIT));
  return GMIME_OBJECT(part);
}

}  // namespace

std::string BuildMessage(const OutboundMail& m) {
  InitOnce();
  GPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from.name.c_str(), m.from.address.c_str());
  for (const auto& a : m.to) {
    g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, a.name.c_str(), a.address.c_str());
  }
  for (const auto& a : m.cc) {
    g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_CC, a.name.c_str(), a.address.c_str());
  }
  g_mime_message_set_subject(message.get(), OneLine(m.subject).c_str(), "utf-8");
  g_mime_message_set_message_id(message.get(), m.message_id.c_str());
  GObject* object = G_OBJECT(message.get());
  if (!m.in_reply_to.empty()) {
    g_mime_object_set_header(GMIME_OBJECT(object), "In-Reply-To", ("<" + m.in_reply_to + ">").c_str(), nullptr);
  }
  if (!m.references.empty()) {
    std::string refs;
    for (const auto& r : m.references) refs += (refs.empty() ? "<" : " <") + r + ">";
    g_mime_object_set_header(GMIME_OBJECT(object), "References", refs.c_str(), nullptr);
  }
  if (m.auto_generated) g_mime_object_set_header(GMIME_OBJECT(object), "Auto-Submitted", "auto-generated", nullptr);
  GDateTime* date = g_date_time_new_from_unix_utc(ToUnixSeconds(m.date));
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);

  GMimeObject* body = TextPart("plain", m.text);
  if (!m.html.empty()) {
    GMimeMultipart* alternative = g_mime_multipart_new_with_subtype("alternative");
    g_mime_multipart_add(alternative, body);
    g_object_unref(body);
    GMimeObject* html = TextPart("html", m.html);
    g_mime_multipart_add(alternative, html);
    g_object_unref(html);
    body = GMIME_OBJECT(alternative);
  }
  if (!m.attachments.empty()) {
    GMimeMultipart* mixed = g_mime_multipart_new_with_subtype("mixed");
    g_mime_multipart_add(mixed, body);
    g_object_unref(body);
    for (const auto& a : m.attachments) {
      const std::string type = a.content_type.empty() ? "application/octet-stream" : a.content_type;
      const auto slash = type.find('/');
      GMimePart* part = g_mime_part_new_with_type(type.substr(0, slash).c_str(),
                                                  slash == std::string::npos ? "octet-stream" : type.substr(slash + 1).c_str());
      GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(a.data.data(), a.data.size()));
      GPtr<GMimeDataWrapper> content(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
      g_mime_part_set_content(part, content.get());
      g_mime_part_set_filename(part, a.file_name.c_str());
      g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
      g_mime_multipart_add(mixed, GMIME_OBJECT(part));
      g_object_unref(part);
    }
    body = GMIME_OBJECT(mixed);
  }
  g_mime_message_set_mime_part(message.get(), body);
  g_object_unref(body);

  GMimeFormatOptions* options = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  GString_ text(g_mime_object_to_string(GMIME_OBJECT(message.get()), options));
  g_mime_format_options_free(options);
  return text ? std::string(text.get()) : std::string();
}

}  // namespace farol::mail
