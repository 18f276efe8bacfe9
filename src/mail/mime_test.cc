// The MIME layer against a corpus of real-world-shaped messages (tests/fixtures/mail): what an
// agent would see of each one.
#include "mail/mime.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/strings.h"
#include "mail/sanitize.h"
#include "mail/tnef.h"

namespace farol::mail {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(FAROL_SOURCE_DIR) + "/tests/fixtures/mail/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

domain::InboundMail Parse(const std::string& name) {
  auto m = ParseMessage(Fixture(name));
  EXPECT_TRUE(m.ok()) << name << ": " << m.status().message();
  return m.ok() ? *m : domain::InboundMail{};
}

TEST(MimeParse, MultipartAlternativeGivesBothBodiesAndTheHeaders) {
  const auto m = Parse("alternative.eml");
  EXPECT_EQ(m.from.name, "Ana Souza");
  EXPECT_EQ(m.from.address, "ana.souza@bancohorizonte.com.br");  // normalised
  EXPECT_EQ(m.subject, "Impressora do 3º andar não imprime");
  EXPECT_EQ(m.message_id, "CAF1234abcd@mail.gmail.com");
  EXPECT_EQ(m.text, "Bom dia,\n\nA impressora do 3º andar não imprime desde ontem.\n\nAna");
  EXPECT_NE(m.html.find("<b>não imprime</b>"), std::string::npos);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(FormatIso8601(*m.date), "2026-11-02T12:15:00Z");
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(domain::Classify(m), domain::MailKind::kPerson);
}

TEST(MimeParse, Windows1252QuotedPrintableBecomesUtf8) {
  const auto m = Parse("windows-1252-qp.eml");
  EXPECT_EQ(m.from.name, "João Gonçalves");
  EXPECT_EQ(m.subject, "Conexão caiu – urgente");
  EXPECT_EQ(Trim(m.text), "Olá, a conexão caiu às 14h – preciso de ajuda “urgente”.\n\nJoão");
}

TEST(MimeParse, Iso88591Base64BecomesUtf8) {
  const auto m = Parse("iso-8859-1-base64.eml");
  EXPECT_EQ(m.subject, "Instalação de antivírus");
  EXPECT_NE(m.text.find("instalação do antivírus nas máquinas da recepção"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(m.text));
}

TEST(MimeParse, Latin1LabelWithWindowsQuotesAndAn8BitSubject) {
  const auto m = Parse("mislabelled-latin1.eml");
  EXPECT_EQ(m.subject, "Sem acesso ao sistema às 8h");
  EXPECT_EQ(Trim(m.text), "Olá, o sistema diz “senha inválida”.");
}

TEST(MimeParse, AttachmentsInlineImagesAndEncodedFileNames) {
  const auto m = Parse("mixed-attachments.eml");
  EXPECT_EQ(m.from.name, "Souza, Ana");
  ASSERT_EQ(m.cc.size(), 2u);
  EXPECT_EQ(m.cc[1].name, "Pedro");
  EXPECT_EQ(m.text, "Segue o print do erro.");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].file_name, "print.png");
  EXPECT_EQ(m.attachments[0].content_type, "image/png");
  EXPECT_EQ(m.attachments[0].content_id, "print001@banco");
  EXPECT_TRUE(m.attachments[0].inline_part);
  EXPECT_EQ(m.attachments[0].data.substr(1, 3), "PNG");
  EXPECT_EQ(m.attachments[1].file_name, "relatório.pdf");
  EXPECT_EQ(m.attachments[1].content_type, "application/pdf");
  EXPECT_FALSE(m.attachments[1].inline_part);
  EXPECT_EQ(m.attachments[1].data.substr(0, 8), "%PDF-1.4");
}

TEST(MimeParse, OutOfOfficeAndBounceAreRecognised) {
  const auto oof = Parse("out-of-office.eml");
  EXPECT_EQ(domain::Classify(oof), domain::MailKind::kAutoReply);
  EXPECT_EQ(oof.in_reply_to, "ticket-1001-reply-1@farol.test");
  const auto bounce = Parse("bounce.eml");
  EXPECT_TRUE(bounce.origin.delivery_report);
  EXPECT_TRUE(bounce.origin.bounce_sender);
  EXPECT_EQ(domain::Classify(bounce), domain::MailKind::kBounce);
}

TEST(MimeParse, GmailReplyThreadsAndTrimsItsQuote) {
  const auto m = Parse("gmail-reply.eml");
  EXPECT_EQ(m.subject, "Re: [#1001] Impressora do 3º andar não imprime");
  EXPECT_EQ(domain::SubjectTicketToken(m.subject), 1001);
  EXPECT_EQ(m.in_reply_to, "ticket-1001-reply-1@farol.test");
  EXPECT_EQ(m.references, (std::vector<std::string>{"CAF1234abcd@mail.gmail.com", "ticket-1001-reply-1@farol.test"}));
  EXPECT_EQ(domain::TrimQuoted(m.text), "Funcionou, obrigada!");
}

TEST(MimeParse, OutlookReplyWithoutThreadHeadersStillHasItsToken) {
  const auto m = Parse("outlook-reply.eml");
  EXPECT_TRUE(m.in_reply_to.empty());
  EXPECT_EQ(domain::SubjectTicketToken(m.subject), 1001);
  EXPECT_EQ(domain::TrimQuoted(m.text), "No 2º andar também está com problema.");
}

TEST(MimeParse, BrokenHeadersAreRepairedNotRefused) {
  const auto m = Parse("broken-headers.eml");
  EXPECT_EQ(m.from.address, "ana.souza@bancohorizonte.com.br");
  EXPECT_FALSE(m.date.has_value());
  EXPECT_TRUE(IsValidUtf8(m.subject));
  EXPECT_TRUE(IsValidUtf8(m.text));
  EXPECT_NE(m.text.find("acentuação e uma linha quebrada."), std::string::npos);
  // No Message-ID: one is derived from the bytes, the same on every fetch.
  EXPECT_TRUE(m.message_id.ends_with("@no-message-id.farol"));
  EXPECT_EQ(Parse("broken-headers.eml").message_id, m.message_id);
}

TEST(MimeParse, AWinmailDatWithNothingReadableIsKeptAsItIs) {
  const auto m = Parse("outlook-winmail.eml");
  EXPECT_EQ(m.text, "See attached.");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].file_name, "winmail.dat");
  EXPECT_EQ(m.attachments[0].content_type, "application/ms-tnef");
}

// Outlook's winmail.dat ([MS-OXTNEF]): its files become the message's, with their long names (or
// 8.3 titles) in UTF-8, and its plain body the text. The fixture is built to the specification
// (tests/fixtures/mail/outlook-winmail-files.eml): code page 1252, a long Unicode name and a MIME
// type in the first file's MAPI properties, a Latin-1 title alone on the second.
TEST(MimeParse, TheFilesInsideAWinmailDatBecomeTheMessagesFiles) {
  const auto m = Parse("outlook-winmail-files.eml");
  EXPECT_EQ(m.text, "Segue o contrato assinado e a planilha de preços.\nAtenciosamente,\nDiretor");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].file_name, "Contrato de serviço 2027.pdf");
  EXPECT_EQ(m.attachments[0].content_type, "application/pdf");
  EXPECT_TRUE(m.attachments[0].data.starts_with("%PDF-1.4\n"));
  EXPECT_TRUE(m.attachments[0].data.ends_with("%%EOF\n"));
  EXPECT_EQ(m.attachments[1].file_name, "preços.csv");
  EXPECT_EQ(m.attachments[1].content_type, "application/octet-stream");
  EXPECT_EQ(m.attachments[1].data, "item;pre\xe7o\r\nlink 100M;R$ 1.200,00\r\n");  // the file's own bytes, untouched
}

namespace tnef {

std::string U16(uint16_t v) { return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string U32(uint32_t v) { return U16(static_cast<uint16_t>(v & 0xFFFF)) + U16(static_cast<uint16_t>(v >> 16)); }
std::string Attr(uint8_t level, uint32_t id, const std::string& data) {
  uint16_t sum = 0;
  for (char ch : data) sum = static_cast<uint16_t>(sum + static_cast<uint8_t>(ch));
  return std::string(1, static_cast<char>(level)) + U32(id) + U32(static_cast<uint32_t>(data.size())) + data + U16(sum);
}
const std::string kHeader = U32(0x223E9F78) + U16(1);
const std::string kStart = Attr(2, 0x00069002, std::string(14, '\0'));

}  // namespace tnef

TEST(Tnef, ADamagedStreamGivesWhatWasWholeBeforeTheDamage) {
  using namespace tnef;
  const std::string one = kStart + Attr(2, 0x00018010, std::string("a.txt\0", 6)) + Attr(2, 0x0006800F, "first");
  const std::string two = kStart + Attr(2, 0x00018010, std::string("b.txt\0", 6)) + Attr(2, 0x0006800F, "second");
  auto whole = DecodeTnef(kHeader + one + two);
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->attachments.size(), 2u);
  EXPECT_EQ(whole->attachments[1].file_name, "b.txt");
  EXPECT_EQ(whole->attachments[1].data, "second");
  // Cut anywhere inside the second file's data: only the first.
  std::string cut = kHeader + one + two;
  cut.resize(cut.size() - 3);
  auto part = DecodeTnef(cut);
  ASSERT_TRUE(part);
  ASSERT_EQ(part->attachments.size(), 1u);
  EXPECT_EQ(part->attachments[0].data, "first");
  // A checksum that does not add up stops there too.
  std::string bad = kHeader + one + two;
  bad[bad.size() - 1] ^= 0x01;
  EXPECT_EQ(DecodeTnef(bad)->attachments.size(), 1u);
  // A length far past the end reads nothing past the end.
  const std::string huge = kHeader + kStart + std::string(1, '\x02') + U32(0x0006800F) + U32(0xFFFFFFF0) + "xy";
  EXPECT_TRUE(DecodeTnef(huge)->attachments.empty());
  // Not TNEF at all.
  EXPECT_FALSE(DecodeTnef("PK\x03\x04 a zip file"));
  EXPECT_FALSE(DecodeTnef(""));
  // A damaged MAPI property list keeps the 8.3 title.
  const std::string props = U32(3) + U16(0x001F) + U16(0x3707) + U32(1) + U32(200) + "short";
  auto damaged = DecodeTnef(kHeader + kStart + Attr(2, 0x00018010, std::string("LONGNA~1.DOC\0", 13)) +
                            Attr(2, 0x00069005, props) + Attr(2, 0x0006800F, "doc"));
  ASSERT_TRUE(damaged);
  ASSERT_EQ(damaged->attachments.size(), 1u);
  EXPECT_EQ(damaged->attachments[0].file_name, "LONGNA~1.DOC");
}

TEST(Tnef, AnEmbeddedMessageWithoutDataIsNotAFileAndNamesAreReadInTheStreamsCodePage) {
  using namespace tnef;
  // Code page 1250 (Central European): 0x9A is š.
  const std::string stream = kHeader + Attr(1, 0x00069007, U32(1250) + U32(0)) + kStart +
                             Attr(2, 0x00018010, std::string("\x9a" "ablona.txt\0", 11)) + Attr(2, 0x0006800F, "x") +
                             kStart + Attr(2, 0x00018010, std::string("message\0", 8));
  auto t = DecodeTnef(stream);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->attachments.size(), 1u);
  EXPECT_EQ(t->attachments[0].file_name, "šablona.txt");
}

TEST(MimeParse, AForwardedMessageTravelsWholeAsAnEml) {
  const auto m = Parse("forwarded.eml");
  EXPECT_EQ(m.text, "Vejam o alerta abaixo.");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].file_name, "Alerta do firewall.eml");
  EXPECT_EQ(m.attachments[0].content_type, "message/rfc822");
  EXPECT_NE(m.attachments[0].data.find("CPU at 98% on fw-01."), std::string::npos);
}

TEST(MimeParse, HtmlOnlyMailGetsAPlainTextWithoutScripts) {
  const auto m = Parse("html-only.eml");
  EXPECT_EQ(m.text, "Primeira\u00a0linha\nSegunda & terceira");
}

TEST(MimeParse, HostileDeeplyNestedHtmlIsReadAsTextWithoutParsing) {
  // gumbo's tree building is quadratic in depth: 100,000 nested elements would take ~20 s.
  std::string html;
  for (int i = 0; i < 100'000; ++i) html += "<div>";
  html += "fim";
  EXPECT_EQ(HtmlToText(html), "fim");
  const auto safe = SanitizeHtml(html + "<script>alert(1)</script>");
  EXPECT_EQ(safe.html, "<pre>fimalert(1)</pre>");
}

TEST(MimeParse, NotAMessageIsRefusedWithAReason) {
  EXPECT_EQ(ParseMessage("").status().code(), StatusCode::kInvalidArgument);
  auto no_from = ParseMessage("Subject: hi\r\n\r\nbody\r\n");
  EXPECT_EQ(no_from.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_from.status().message().find("sender"), std::string::npos);
  EXPECT_EQ(ParseMessage(std::string(kMaxRawMessageBytes + 1, 'a')).status().code(), StatusCode::kTooLarge);
}

// Found by fuzz/mime_fuzzer.cc: cut at a byte count, a long non-ASCII subject or file name ended
// (or began) inside a character, invalid UTF-8 that PostgreSQL would refuse to store.
TEST(MimeParse, LongSubjectsAndFileNamesAreCutBetweenCharacters) {
  std::string subject = "a";
  std::string name;
  for (int i = 0; i < 600; ++i) subject += "\xc3\xa7";  // ç: the 1,000th byte is inside one
  for (int i = 0; i < 150; ++i) name += "\xc3\xa7";
  name += ".docx";  // 305 bytes: the last 200 start inside a ç
  // Raw 8-bit UTF-8 headers, as some clients send them (and as the fuzzer's input had them).
  const std::string raw =
      "From: Ana <ana@bancohorizonte.com.br>\r\nTo: suporte@farol.test\r\nSubject: " + subject +
      "\r\nMessage-ID: <long-names@bancohorizonte.com.br>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSegue.\r\n"
      "--b\r\nContent-Type: application/octet-stream\r\n"
      "Content-Disposition: attachment; filename=\"" + name + "\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\neA==\r\n--b--\r\n";
  const auto m = ParseMessage(raw);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_TRUE(IsValidUtf8(m->subject));
  EXPECT_EQ(m->subject, subject.substr(0, 999));
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(m->attachments[0].file_name));
  EXPECT_EQ(m->attachments[0].file_name, name.substr(106));  // 199 bytes, the extension kept
  EXPECT_EQ(m->attachments[0].data, "x");
}

// Every input the fuzzer ever found a problem with (tests/fixtures/mail/fuzz, see docs/TESTING.md)
// keeps the promises mime.h and sanitize.h make.
TEST(MimeParse, WhatTheFuzzerFoundStaysFixed) {
  const std::filesystem::path dir = std::filesystem::path(FAROL_SOURCE_DIR) / "tests/fixtures/mail/fuzz";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    const std::string name = entry.path().filename().string();
    const auto m = ParseMessage(Fixture("fuzz/" + name));
    if (!m.ok()) continue;
    EXPECT_TRUE(IsValidUtf8(m->subject)) << name;
    EXPECT_TRUE(IsValidUtf8(m->text)) << name;
    EXPECT_TRUE(IsValidUtf8(m->html)) << name;
    for (const auto& a : m->attachments) EXPECT_TRUE(IsValidUtf8(a.file_name)) << name;
    const std::string html = SanitizeHtml(m->html).html;
    EXPECT_EQ(SanitizeHtml(html).html, html) << name;
  }
  EXPECT_GE(files, 2);
}

TEST(MimeParse, ATwentyMegabyteAttachmentArrivesIntact) {
  std::string data(20u << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 13);
  OutboundMail out;
  out.from = {"Ana", "ana@bancohorizonte.com.br"};
  out.to = {{"", "suporte@farol.test"}};
  out.subject = "Backup";
  out.message_id = "big@bancohorizonte.com.br";
  out.text = "O arquivo segue.";
  out.attachments.push_back({"backup.bin", "application/octet-stream", data});
  const auto m = ParseMessage(BuildMessage(out));
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].data.size(), data.size());
  EXPECT_TRUE(m->attachments[0].data == data);
}

TEST(MimeBuild, AReplyThreadsInTheCustomersMailClient) {
  OutboundMail out;
  out.from = {"Suporte Farol", "suporte@farol.test"};
  out.to = {{"Ana Souza", "ana.souza@bancohorizonte.com.br"}};
  out.subject = "Re: Impressora do 3º andar não imprime [#1001]";
  out.message_id = "ticket-1001-reply-1@farol.test";
  out.in_reply_to = "CAF1234abcd@mail.gmail.com";
  out.references = {"CAF1234abcd@mail.gmail.com"};
  out.text = "Reinstalamos o driver. Pode testar?";
  out.html = "<p>Reinstalamos o driver. Pode testar?</p>";
  out.date = FromUnixSeconds(1'762'365'600);
  out.attachments.push_back({"log.txt", "text/plain", "linha 1\n"});
  const std::string raw = BuildMessage(out);
  EXPECT_NE(raw.find("\r\nIn-Reply-To: <CAF1234abcd@mail.gmail.com>\r\n"), std::string::npos);
  EXPECT_NE(raw.find("Message-Id: <ticket-1001-reply-1@farol.test>"), std::string::npos) << raw.substr(0, 800);
  EXPECT_EQ(raw.find("\n\n"), std::string::npos);  // CRLF throughout
  for (unsigned char c : raw) ASSERT_LT(c, 0x80) << "8-bit byte in the message";

  const auto back = ParseMessage(raw);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->subject, out.subject);
  EXPECT_EQ(back->message_id, out.message_id);
  EXPECT_EQ(back->in_reply_to, out.in_reply_to);
  EXPECT_EQ(back->references, out.references);
  EXPECT_EQ(back->to.front().name, "Ana Souza");
  EXPECT_EQ(Trim(back->text), out.text);
  EXPECT_EQ(Trim(back->html), out.html);
  ASSERT_EQ(back->attachments.size(), 1u);
  EXPECT_EQ(back->attachments[0].file_name, "log.txt");
  EXPECT_EQ(back->attachments[0].data, "linha 1\n");
}

TEST(MimeCharset, ConversionsNeverFailAndNeverEmitInvalidUtf8) {
  EXPECT_EQ(ToUtf8("caf\xe9", "ISO-8859-1"), "café");
  EXPECT_EQ(ToUtf8("\x93ok\x94", "iso-8859-1"), "“ok”");
  EXPECT_EQ(ToUtf8("caf\xc3\xa9", ""), "café");
  EXPECT_EQ(ToUtf8("caf\xe9", ""), "café");
  EXPECT_EQ(ToUtf8("\xa4", "iso-8859-15"), "€");
  EXPECT_TRUE(IsValidUtf8(ToUtf8("a\xff\xfe b", "utf-8")));
  EXPECT_TRUE(IsValidUtf8(ToUtf8("a\xff\xfe b", "no-such-charset")));
  EXPECT_TRUE(IsValidUtf8(ToUtf8("\x81\x8d\x8f\x90\x9d", "windows-1252")));
}

}  // namespace
}  // namespace farol::mail
