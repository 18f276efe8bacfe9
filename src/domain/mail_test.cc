#include "domain/mail.h"

#include <gtest/gtest.h>

namespace farol::domain {
namespace {

InboundMail From(std::string address) {
  InboundMail m;
  m.from.address = std::move(address);
  return m;
}

TEST(MailClassify, APersonsMailIsAPersons) {
  EXPECT_EQ(Classify(From("ana@banco.com.br")), MailKind::kPerson);
  InboundMail m = From("ana@banco.com.br");
  m.origin.auto_submitted = "no";  // RFC 3834: explicitly written by a person
  EXPECT_EQ(Classify(m), MailKind::kPerson);
}

TEST(MailClassify, OutOfOfficeIsAnAutoReply) {
  InboundMail m = From("ana@banco.com.br");
  m.origin.auto_submitted = "auto-replied";
  EXPECT_EQ(Classify(m), MailKind::kAutoReply);
  m = From("ana@banco.com.br");
  m.origin.auto_reply_header = true;  // Exchange's X-Auto-Response-Suppress / X-Autoreply
  EXPECT_EQ(Classify(m), MailKind::kAutoReply);
  m = From("ana@banco.com.br");
  m.origin.precedence = "auto_reply";
  EXPECT_EQ(Classify(m), MailKind::kAutoReply);
}

TEST(MailClassify, DeliveryReportsAndDaemonsAreBounces) {
  InboundMail m = From("someone@x.com");
  m.origin.delivery_report = true;
  EXPECT_EQ(Classify(m), MailKind::kBounce);
  EXPECT_EQ(Classify(From("MAILER-DAEMON@mx.banco.com.br")), MailKind::kBounce);
  EXPECT_EQ(Classify(From("postmaster@banco.com.br")), MailKind::kBounce);
  m = From("ana@banco.com.br");
  m.origin.bounce_sender = true;
  EXPECT_EQ(Classify(m), MailKind::kBounce);
}

TEST(MailClassify, ListsAndBulkAreBulk) {
  InboundMail m = From("news@vendor.com");
  m.origin.precedence = "bulk";
  EXPECT_EQ(Classify(m), MailKind::kBulk);
  m = From("news@vendor.com");
  m.origin.list = true;
  EXPECT_EQ(Classify(m), MailKind::kBulk);
}

TEST(MailSubject, FindsTheTicketToken) {
  EXPECT_EQ(SubjectTicketToken("Re: [#1234] Impressora parada"), 1234);
  EXPECT_EQ(SubjectTicketToken("RES: Impressora parada [#77]"), 77);
  EXPECT_EQ(SubjectTicketToken("Fwd: [#5] old [#6] newer"), 6);
  EXPECT_EQ(SubjectTicketToken("Impressora parada"), std::nullopt);
  EXPECT_EQ(SubjectTicketToken("[#] [#abc] [#12x] [#-3] [#0]"), std::nullopt);
  EXPECT_EQ(SubjectTicketToken("[#99999999999999999999999]"), std::nullopt);
}

TEST(MailSubject, AddsTheTokenOnce) {
  EXPECT_EQ(SubjectWithToken("Impressora parada", 1234), "Impressora parada [#1234]");
  EXPECT_EQ(SubjectWithToken("Re: Impressora parada [#1234]", 1234), "Re: Impressora parada [#1234]");
  EXPECT_EQ(SubjectWithToken("", 9), "[#9]");
}

TEST(MailThread, InReplyToFirstThenReferencesNewestFirst) {
  InboundMail m;
  m.in_reply_to = "c@x";
  m.references = {"a@x", "b@x", "c@x"};
  EXPECT_EQ(ThreadCandidates(m), (std::vector<std::string>{"c@x", "b@x", "a@x"}));
}

TEST(MailTrim, DropsGmailQuoteInEnglishAndPortuguese) {
  EXPECT_EQ(TrimQuoted("Thanks, it works now.\n\nOn Mon, 3 Nov 2026 at 10:00, Farol <help@farol.dev> wrote:\n> Please try again\n"),
            "Thanks, it works now.");
  EXPECT_EQ(TrimQuoted("Obrigada, funcionou.\r\n\r\nEm seg., 3 de nov. de 2026 às 10:00, Suporte <\r\nhelp@farol.dev> escreveu:\r\n> Tente de novo\r\n"),
            "Obrigada, funcionou.");
}

TEST(MailTrim, DropsOutlookOriginalMessageBlock) {
  EXPECT_EQ(TrimQuoted("Still broken.\n\nFrom: Suporte <help@farol.dev>\nSent: Monday, November 3, 2026 10:00\nTo: Ana\nSubject: RE: [#12] VPN\n\nPlease try again"),
            "Still broken.");
  EXPECT_EQ(TrimQuoted("Ainda com erro.\n\nDe: Suporte <help@farol.dev>\nEnviado: segunda-feira, 3 de novembro de 2026 10:00\nPara: Ana\n\nTente de novo"),
            "Ainda com erro.");
  EXPECT_EQ(TrimQuoted("ok\n-----Original Message-----\nold"), "ok");
}

TEST(MailTrim, DropsTheSignatureButKeepsInterleavedAnswers) {
  EXPECT_EQ(TrimQuoted("Done.\n-- \nAna Souza\nBanco Horizonte"), "Done.");
  EXPECT_EQ(TrimQuoted("> Which port?\n443\n> Which host?\nvpn.banco.com.br\n"),
            "> Which port?\n443\n> Which host?\nvpn.banco.com.br");
}

TEST(MailTrim, AForwardWithNoWordsOfItsOwnKeepsEverything) {
  EXPECT_EQ(TrimQuoted("> the whole\n> old thread\n"), "> the whole\n> old thread");
}

}  // namespace
}  // namespace farol::domain
