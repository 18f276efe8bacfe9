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

TEST(MailSignature, ANewMessageLosesItsSignatureButNotWhatItForwards) {
  EXPECT_EQ(TrimSignature("O link caiu.\nPodem ver?\n\n-- \nJoana Lima\nBanco Horizonte | (11) 5555-0000\n"),
            "O link caiu.\nPodem ver?");
  // A forward: the forwarder's signature goes, the forwarded message stays, its own lines too.
  EXPECT_EQ(TrimSignature("Veja abaixo.\n-- \nJoana\n\n---------- Forwarded message ---------\nFrom: NOC <noc@x>\n"
                          "Date: Mon\n\nAlarme no core.\n-- \nNOC bot\n"),
            "Veja abaixo.\n---------- Forwarded message ---------\nFrom: NOC <noc@x>\nDate: Mon\n\nAlarme no core.\n"
            "-- \nNOC bot");
  EXPECT_EQ(TrimSignature("See below.\n--\nAna\n\n-----Original Message-----\nFrom: x\nSent: y\n\nHi"),
            "See below.\n-----Original Message-----\nFrom: x\nSent: y\n\nHi");
  // Nothing but a signature: all of it stays (never an empty description).
  EXPECT_EQ(TrimSignature("-- \nJoana"), "-- \nJoana");
  // A dash line that is not the delimiter is text.
  EXPECT_EQ(TrimSignature("Item A -- done\n--- \nItem B"), "Item A -- done\n--- \nItem B");
}

TEST(MailEscalation, AReplyAsksToEscalateWithItsFirstWordOrItsSubject) {
  EXPECT_EQ(EscalationAsked("Re: [#1042] Link down", "#escalate\nThe branches are still offline."),
            "The branches are still offline.");
  EXPECT_EQ(EscalationAsked("Re: [#1042] Link down", "  #ESCALAR: ainda sem link desde ontem"), "ainda sem link desde ontem");
  EXPECT_EQ(EscalationAsked("Re: [#1042] Link down", "#escalate"), "");
  EXPECT_EQ(EscalationAsked("Re: [#1042] Link down [Escalate]", "Still down, please."), "Still down, please.");
  EXPECT_EQ(EscalationAsked("RE: [#7] Impressora [escalar]", ""), "");
  // Anywhere else, or another word, is not a request.
  EXPECT_FALSE(EscalationAsked("Re: [#1042] Link down", "Thanks! No need to #escalate this.").has_value());
  EXPECT_FALSE(EscalationAsked("Re: [#1042] Link down", "#escalated yesterday, now fine").has_value());
  EXPECT_FALSE(EscalationAsked("Re: [#1042] Escalate?", "Should we escalate?").has_value());
  EXPECT_FALSE(EscalationAsked("", "").has_value());
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

ReplyMailInput AReply() {
  ReplyMailInput in;
  in.ticket_id = 1042;
  in.ticket_subject = "Printer on fire";
  in.body = "We sent a technician.\nHe is <b>on his way</b> & will call.";
  in.author_name = "Ana Souza";
  in.locale = "en";
  in.from = {"Support", "support@desk.example"};
  in.to = {"Carla", "carla@customer.example"};
  in.message_id = "farol.1042.7@desk.example";
  in.ticket_url = "https://desk.example/portal/tickets/1042";
  return in;
}

TEST(ComposeReply, SubjectThreadAndWordsOfAReply) {
  ReplyMailInput in = AReply();
  in.thread = {"a@x", "b@desk.example", "c@x", "d@desk.example"};
  in.last_inbound = "c@x";
  const OutboundMail m = ComposeReply(in);
  EXPECT_EQ(m.subject, "Re: Printer on fire [#1042]");
  EXPECT_EQ(m.in_reply_to, "c@x");  // the customer's newest, not our own last message
  EXPECT_EQ(m.references, in.thread);
  EXPECT_EQ(m.message_id, "farol.1042.7@desk.example");
  ASSERT_EQ(m.to.size(), 1u);
  EXPECT_EQ(m.to[0].address, "carla@customer.example");
  EXPECT_EQ(m.text,
            "We sent a technician.\nHe is <b>on his way</b> & will call.\n\n-- \nAna Souza\n\n"
            "To answer, reply to this e-mail (keep #1042 in the subject).\n"
            "Follow ticket #1042: https://desk.example/portal/tickets/1042\n");
  // The HTML says the same, escaped: what the agent typed is text, never markup.
  EXPECT_NE(m.html.find("We sent a technician.<br>\nHe is &lt;b&gt;on his way&lt;/b&gt; &amp; will call."), std::string::npos) << m.html;
  EXPECT_EQ(m.html.find("<b>"), std::string::npos);
  EXPECT_NE(m.html.find("<a href=\"https://desk.example/portal/tickets/1042\">"), std::string::npos);
}

TEST(ComposeReply, PortugueseFooterKeptTokensAndLongThreads) {
  ReplyMailInput in = AReply();
  in.locale = "pt-BR";
  in.ticket_subject = "Re: VPN caiu [#1042]";
  in.ticket_url.clear();
  for (int i = 0; i < 30; ++i) in.thread.push_back("m" + std::to_string(i) + "@x");
  const OutboundMail m = ComposeReply(in);
  EXPECT_EQ(m.subject, "Re: VPN caiu [#1042]");  // neither a second Re: nor a second token
  EXPECT_EQ(m.in_reply_to, "m29@x");              // no message from the customer: the thread's last
  ASSERT_EQ(m.references.size(), 20u);
  EXPECT_EQ(m.references.front(), "m10@x");
  EXPECT_EQ(m.references.back(), "m29@x");
  EXPECT_NE(m.text.find("Para responder, responda a este e-mail (mantenha #1042 no assunto)."), std::string::npos);
  EXPECT_EQ(m.text.find("Acompanhe"), std::string::npos);  // no address to follow
  EXPECT_NE(m.html.find("lang=\"pt-BR\""), std::string::npos);
  in.thread.clear();
  EXPECT_EQ(ComposeReply(in).in_reply_to, "");  // a first message starts a thread
  EXPECT_TRUE(ComposeReply(in).references.empty());
}

}  // namespace
}  // namespace farol::domain
