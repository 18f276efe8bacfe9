// The HTML sanitiser: what a reader sees of real mail, and that nothing in a corpus of XSS payloads
// (tests/fixtures/xss/payloads.txt) gets through. The output is checked by parsing it again with
// gumbo, as a browser would, rather than by looking for substrings.
#include "mail/sanitize.h"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace farol::mail {
// Named, then anonymous: the unit tests are a unity build, so helpers must not meet mime_test's.
namespace sanitize_test {
namespace {

std::string Clean(std::string_view html, const SanitizeOptions& options = {}) {
  return SanitizeHtml(html, options).html;
}

// Resolves every Content-ID to the attachment route the web app would serve it from.
SanitizeOptions WithAttachments() {
  SanitizeOptions options;
  options.resolve_cid = [](std::string_view id) { return "/att/" + std::string(id); };
  return options;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Everything that makes `html` unsafe once a browser parses it; empty when it is fine.
std::vector<std::string> Problems(const std::string& html) {
  static const std::set<std::string>
      kTags = {"a",     "abbr",     "b",     "blockquote", "br",     "caption", "cite", "code",
               "col",   "colgroup", "dd",    "del",        "div",    "dl",      "dt",   "em",
               "h1",    "h2",       "h3",    "h4",         "h5",     "h6",      "hr",   "i",
               "img",   "ins",      "kbd",   "li",         "ol",     "p",       "pre",  "q",
               "s",     "small",    "span",  "strike",     "strong", "sub",     "sup",  "table",
               "tbody", "td",       "tfoot", "th",         "thead",  "tr",      "u",    "ul",
               "html",  "head",     "body"};  // the three the parser adds around a fragment
  static const std::set<std::string> kAttributes = {
      "href",    "rel",    "target",      "src",         "data-remote-src", "data-cid", "alt",
      "title",   "style",  "dir",         "lang",        "align",           "valign",   "width",
      "height",  "border", "cellpadding", "cellspacing", "colspan",         "rowspan",  "span",
      "bgcolor", "start",  "type"};
  std::vector<std::string> problems;
  if (Lower(html).find("<script") != std::string::npos) problems.push_back("<script in the text");
  GumboOutput* parsed = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::vector<const GumboNode*> todo = {parsed->root};
  while (!todo.empty()) {
    const GumboNode* node = todo.back();
    todo.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboElement& e = node->v.element;
    std::string tag = e.tag == GUMBO_TAG_UNKNOWN
                          ? std::string(e.original_tag.data, e.original_tag.length)
                          : gumbo_normalized_tagname(e.tag);
    if (e.tag_namespace != GUMBO_NAMESPACE_HTML || !kTags.contains(tag)) {
      problems.push_back("element " + tag);
    }
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
      const std::string name = Lower(a->name);
      const std::string value = Lower(a->value);
      if (name.starts_with("on")) problems.push_back("handler " + name);
      if (!kAttributes.contains(name)) problems.push_back("attribute " + name);
      if (name == "href" || name == "src" || name == "data-remote-src") {
        std::string
            url;  // as a browser reads it: no spaces or controls around, no tabs or newlines
        for (char c : value) {
          if (static_cast<unsigned char>(c) > 0x20) url += c;
        }
        const bool ok = url.starts_with("http:") || url.starts_with("https:") ||
                        (name == "href" && url.starts_with("mailto:")) ||
                        (name == "src" && url.starts_with("/att/"));
        if (!ok) problems.push_back(name + "=" + value);
      }
      if (name == "style") {
        for (const char* bad :
             {"url(", "expression", "position", "\\", "/*", "@", "z-index", "-9"}) {
          if (value.find(bad) != std::string::npos) problems.push_back("style " + value);
        }
      }
      if (name == "rel" && value != "noopener noreferrer nofollow")
        problems.push_back("rel " + value);
      if (name == "target" && value != "_blank") problems.push_back("target " + value);
    }
    for (unsigned i = 0; i < e.children.length; ++i) {
      todo.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, parsed);
  return problems;
}

// The corpus: one payload a line; '#' lines and empty lines skipped; {{HH}} is the byte 0xHH.
std::vector<std::string> XssPayloads() {
  std::ifstream in(std::string(FAROL_SOURCE_DIR) + "/tests/fixtures/xss/payloads.txt",
                   std::ios::binary);
  EXPECT_TRUE(in) << "tests/fixtures/xss/payloads.txt";
  std::vector<std::string> payloads;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string payload;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line.compare(i, 2, "{{") == 0 && i + 6 <= line.size() &&
          line.compare(i + 4, 2, "}}") == 0) {
        payload += static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16));
        i += 5;
      } else {
        payload += line[i];
      }
    }
    payloads.push_back(payload);
  }
  return payloads;
}

TEST(SanitizeXssCorpus, NoPayloadGetsThroughAndTheOutputIsStable) {
  const std::vector<std::string> payloads = XssPayloads();
  ASSERT_GE(payloads.size(), 60u);
  SanitizeOptions with_consent = WithAttachments();
  with_consent.allow_remote_images = true;
  for (const SanitizeOptions& options : {WithAttachments(), with_consent, SanitizeOptions{}}) {
    for (const std::string& payload : payloads) {
      const SanitizedHtml once = SanitizeHtml(payload, options);
      for (const std::string& problem : Problems(once.html)) {
        ADD_FAILURE() << problem << "\n  payload: " << payload << "\n  output:  " << once.html;
      }
      EXPECT_EQ(Clean(once.html, options), once.html) << "payload: " << payload;
    }
  }
}

TEST(SanitizeXssCorpus, RandomTagSoupIsSafeAndStable) {
  // Fragments chosen for the parser rules that move elements around (implied end tags, scopes,
  // foster parenting, foreign content, raw text), shuffled into a few thousand documents.
  static const char* const kPieces[] = {"<p>",
                                        "</p>",
                                        "<div>",
                                        "</div>",
                                        "<li>",
                                        "</li>",
                                        "<ul>",
                                        "<ol>",
                                        "<dl>",
                                        "<dd>",
                                        "<dt>",
                                        "<h1>",
                                        "<h2>",
                                        "</h1>",
                                        "<a href=https://a.example/>",
                                        "<a href=javascript:x>",
                                        "</a>",
                                        "<b>",
                                        "</b>",
                                        "<i>",
                                        "</i>",
                                        "<nobr>",
                                        "<table>",
                                        "</table>",
                                        "<tr>",
                                        "</tr>",
                                        "<td>",
                                        "</td>",
                                        "<th>",
                                        "<caption>",
                                        "<colgroup>",
                                        "<col>",
                                        "<tbody>",
                                        "<tfoot>",
                                        "<marquee>",
                                        "</marquee>",
                                        "<object>",
                                        "</object>",
                                        "<section>",
                                        "</section>",
                                        "<label>",
                                        "<button>",
                                        "<select>",
                                        "<option>",
                                        "<pre>",
                                        "</pre>",
                                        "<listing>",
                                        "<xmp>",
                                        "<plaintext>",
                                        "\n",
                                        " ",
                                        "text",
                                        "&amp;",
                                        "<br>",
                                        "</br>",
                                        "<hr>",
                                        "<img src=https://i.example/a.png onerror=x>",
                                        "<img src=cid:a>",
                                        "<image src=x>",
                                        "<font color=red>",
                                        "</font>",
                                        "<center>",
                                        "<svg>",
                                        "</svg>",
                                        "<math>",
                                        "<mi>",
                                        "<mtext>",
                                        "<foreignObject>",
                                        "<style>",
                                        "</style>",
                                        "<script>",
                                        "</script>",
                                        "<template>",
                                        "</template>",
                                        "<form>",
                                        "</form>",
                                        "<noscript>",
                                        "</noscript>",
                                        "<textarea>",
                                        "<title>",
                                        "</title>",
                                        "<iframe>",
                                        "</iframe>",
                                        "<frameset>",
                                        "<body onload=x>",
                                        "<html>",
                                        "<head>",
                                        "</body>",
                                        "<!--c-->",
                                        "<span style='color:red;position:fixed'>",
                                        "</span>",
                                        "<blockquote>",
                                        "<details open ontoggle=x>",
                                        "<summary>",
                                        "<dir>",
                                        "<ruby>",
                                        "<rt>",
                                        "<isindex>",
                                        "<applet>",
                                        "<p title='</p><script>x</script>'>"};
  const SanitizeOptions options = WithAttachments();
  std::mt19937 random(20240601);
  for (int doc = 0; doc < 3000; ++doc) {
    std::string html;
    for (int n = static_cast<int>(random() % 60); n > 0; --n) {
      html += kPieces[random() % std::size(kPieces)];
    }
    const std::string once = Clean(html, options);
    for (const std::string& problem : Problems(once)) {
      ADD_FAILURE() << problem << "\n  input:  " << html << "\n  output: " << once;
    }
    ASSERT_EQ(Clean(once, options), once) << "input: " << html;
  }
}

TEST(SanitizeXssCorpus, ThePayloadsThemselvesWouldBeCaught) {
  // The checker must see what it is meant to catch, or the corpus test proves nothing.
  EXPECT_FALSE(Problems(R"(<img src=x onerror=alert(1)>)").empty());
  EXPECT_FALSE(Problems(R"h(<a href=" jav&#x09;ascript:alert(1)">x</a>)h").empty());
  EXPECT_FALSE(Problems(R"(<div style="position:fixed">x</div>)").empty());
  EXPECT_FALSE(Problems(R"(<svg><a>x</a></svg>)").empty());
  EXPECT_FALSE(Problems(R"(<a href="https://ok.example/" target="_top">x</a>)").empty());
  EXPECT_TRUE(
      Problems(
          R"(<p><a href="https://ok.example/" rel="noopener noreferrer nofollow" target="_blank">x</a></p>)")
          .empty());
}

TEST(SanitizeHtml, AnOutlookMailKeepsItsFormattingTablesAndLinks) {
  const std::string mail = R"(<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri",sans-serif;} --></style></head>
<body lang="PT-BR" link="#0563C1" style="word-wrap:break-word">
<div class="WordSection1">
<p class="MsoNormal"><b>Link down</b> at <span style="color:#C00000;font-family:Calibri">S&atilde;o Paulo</span><o:p></o:p></p>
<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;mso-table-lspace:0pt">
<tr><td width="200" valign="TOP" style="width:150pt;padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal">Circuit<o:p></o:p></p></td>
<td width="200" valign="top"><p class="MsoNormal">MPLS-0042<o:p></o:p></p></td></tr></table>
<p class="MsoNormal">Status: <a href="https://status.example/incidents/42">incident 42</a><o:p></o:p></p>
</div></body></html>)";
  const SanitizedHtml out = SanitizeHtml(mail);
  EXPECT_EQ(out.html,
            "\n\n\n\n<div>\n"
            "<p><b>Link down</b> at <span style=\"color: #C00000\">São Paulo</span></p>\n"
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse: "
            "collapse\">\n"
            "<tbody><tr><td width=\"200\" valign=\"top\" style=\"width: 150pt; padding: 0cm 5.4pt "
            "0cm 5.4pt\">"
            "<p>Circuit</p></td>\n"
            "<td width=\"200\" valign=\"top\"><p>MPLS-0042</p></td></tr></tbody></table>\n"
            "<p>Status: <a href=\"https://status.example/incidents/42\" rel=\"noopener noreferrer "
            "nofollow\" "
            "target=\"_blank\">incident 42</a></p>\n"
            "</div>");
  EXPECT_EQ(out.removed_elements, 2);  // the <meta> and the <style>
  EXPECT_EQ(out.remote_images, 0);
}

TEST(SanitizeHtml, EscapesEveryTextAndAttributeValue) {
  EXPECT_EQ(Clean("Tom &amp; Jerry &lt;3 \"quoted\" 'single' 5 > 4 & 3 < 4"),
            "Tom &amp; Jerry &lt;3 &quot;quoted&quot; &#39;single&#39; 5 &gt; 4 &amp; 3 &lt; 4");
  EXPECT_EQ(Clean(R"(<abbr title="&quot;&gt;<b>&amp;'">SLA</abbr>)"),
            R"(<abbr title="&quot;&gt;&lt;b&gt;&amp;&#39;">SLA</abbr>)");
  EXPECT_EQ(Clean("&nbsp;&eacute;&#x1F680;&bogus;"), "\u00a0é🚀&amp;bogus;");
  // A NUL in text is dropped, other control characters become U+FFFD.
  EXPECT_EQ(Clean(std::string("a\0b\x01"
                              "c\x7f"
                              "d",
                              7)),
            "ab\uFFFDc\uFFFDd");
  EXPECT_EQ(Clean("<pre>\n\n  indented\n</pre>"), "<pre>\n\n  indented\n</pre>");
  EXPECT_EQ(Clean("<!-- a comment --><?php echo 1 ?><!DOCTYPE html>text"), "text");
}

TEST(SanitizeHtml, DropsActiveContentWithEverythingInsideAndCountsIt) {
  const SanitizedHtml out = SanitizeHtml(
      "<p>before</p><script>alert(1)</script><style>p{}</style>"
      "<iframe src=https://x.example/></iframe><form><p>inside a form</p><input name=q></form>"
      "<svg><text>vector</text></svg><noscript>no script</noscript><p>after</p>");
  EXPECT_EQ(out.html, "<p>before</p><p>after</p>");
  EXPECT_EQ(out.removed_elements, 6);
}

TEST(SanitizeHtml, UnwrapsHarmlessContainersButKeepsWhatIsInThem) {
  EXPECT_EQ(Clean("<section id=a class=b><header>Hello</header><article><p>text<o:p></o:p></p>"
                  "</article></section><label for=x>label</label>"),
            "Hello<p>text</p>label");
  EXPECT_EQ(
      Clean(R"(<font color="#336699" face="Arial" size="2" style="font-weight:bold">x</font>)"),
      R"(<span style="color: #336699; font-weight: bold">x</span>)");
  EXPECT_EQ(Clean("<center>centred</center>"), R"(<div style="text-align: center">centred</div>)");
  EXPECT_EQ(
      Clean(
          R"(<div id="x" class="y" name="z" title="t" dir="RTL" lang="pt-BR" align="Center">d</div>)"),
      R"(<div title="t" dir="rtl" lang="pt-BR" align="center">d</div>)");
}

TEST(SanitizeHtml, LinksGoOnlyToTheWebOrMailAndOpenInANewTab) {
  const std::string kRel = R"( rel="noopener noreferrer nofollow" target="_blank")";
  struct Case {
    std::string href;
    std::string kept;  // "" when the href must go
  } cases[] = {
      {"https://farol.example/t/1", "https://farol.example/t/1"},
      {"HTTP://farol.example/", "HTTP://farol.example/"},
      {"mailto:suporte@farol.example?subject=Ticket%201",
       "mailto:suporte@farol.example?subject=Ticket%201"},
      {"  https://farol.example/\n", "https://farol.example/"},
      {"ht&#x09;tps://farol.example/", "https://farol.example/"},
      {"javascript:alert(1)", ""},
      {" JaVa&#x0A;Script:alert(1)", ""},
      {"data:text/html,hi", ""},
      {"ftp://files.example/", ""},
      {"/relative/path", ""},
      {"#anchor", ""},
      {"//protocol-relative.example/", ""},
  };
  for (const Case& c : cases) {
    const std::string expected =
        c.kept.empty() ? "<a" + kRel + ">x</a>" : "<a href=\"" + c.kept + "\"" + kRel + ">x</a>";
    EXPECT_EQ(Clean("<a href=\"" + c.href + "\" target=_self rel=opener>x</a>"), expected)
        << c.href;
  }
}

TEST(SanitizeHtml, StyleKeepsPresentationThatStaysInsideItsBox) {
  struct Case {
    std::string style;
    std::string kept;
  } cases[] = {
      {"color: red; FONT-WEIGHT: bold", "color: red; font-weight: bold"},
      {"background-color:rgb(255, 0, 0);text-align:center",
       "background-color: rgb(255, 0, 0); text-align: center"},
      {"border: 1px solid #ccc; border-top-width: 2px; padding-left: 4px",
       "border: 1px solid #ccc; border-top-width: 2px; padding-left: 4px"},
      {"margin: 0 auto; white-space: pre-wrap; vertical-align: top",
       "margin: 0 auto; white-space: pre-wrap; vertical-align: top"},
      {"color: red !important", "color: red"},
      {"position: fixed; top: 0; z-index: 9; float: left; display: none", ""},
      {"margin-top: -200px", ""},
      {"width: calc(100% + 10px)", ""},
      {"background-color: url(https://track.example/)", ""},
      {"color: expression(alert(1))", ""},
      {"color: red /* comment */", ""},
      {"color: \\72 ed", ""},
      {"font-family: 'Comic Sans'", ""},
      {"border-image: url(x) 30", ""},
      {"color: red; color: blue", "color: red; color: blue"},
  };
  for (const Case& c : cases) {
    const std::string expected = c.kept.empty() ? "<p>x</p>" : "<p style=\"" + c.kept + "\">x</p>";
    EXPECT_EQ(Clean("<p style=\"" + c.style + "\">x</p>"), expected) << c.style;
  }
}

TEST(SanitizeHtml, RemoteImagesWaitForTheReadersConsent) {
  const std::string mail =
      R"(<img src="https://cdn.example/logo.png" alt="Logo" width="120" height="40px"><img src="http://track.example/p.gif">)";
  const SanitizedHtml held = SanitizeHtml(mail);
  EXPECT_EQ(held.html,
            R"(<img data-remote-src="https://cdn.example/logo.png" alt="Logo" width="120">)"
            R"(<img data-remote-src="http://track.example/p.gif">)");
  EXPECT_EQ(held.remote_images, 2);

  SanitizeOptions consent;
  consent.allow_remote_images = true;
  const SanitizedHtml loaded = SanitizeHtml(mail, consent);
  EXPECT_EQ(loaded.html, R"(<img src="https://cdn.example/logo.png" alt="Logo" width="120">)"
                         R"(<img src="http://track.example/p.gif">)");
  EXPECT_EQ(loaded.remote_images, 0);
  // Consent given later: the held-back output loads as if the images had been allowed at once.
  EXPECT_EQ(Clean(held.html, consent), loaded.html);

  const SanitizedHtml bad = SanitizeHtml(
      R"h(<img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)"><img src="logo.png"><img>)h");
  EXPECT_EQ(bad.html, "");
  EXPECT_EQ(bad.removed_elements, 4);
}

TEST(SanitizeHtml, InlineImagesPointAtTheMessagesOwnAttachments) {
  std::vector<std::string> asked;
  SanitizeOptions options;
  options.resolve_cid = [&asked](std::string_view id) -> std::string {
    asked.emplace_back(id);
    return id == "missing" ? "" : "/api/attachments/" + std::string(id);
  };
  const SanitizedHtml out = SanitizeHtml(
      R"(<img src="cid:image001.png@01D9" alt="chart"><img src=" CID:<logo@farol>"><img src="cid:missing">)",
      options);
  EXPECT_EQ(
      out.html,
      R"(<img src="/api/attachments/image001.png@01D9" data-cid="image001.png@01D9" alt="chart">)"
      R"(<img src="/api/attachments/logo@farol" data-cid="logo@farol">)");
  EXPECT_EQ(asked, (std::vector<std::string>{"image001.png@01D9", "logo@farol", "missing"}));
  EXPECT_EQ(out.removed_elements, 1);
  EXPECT_EQ(out.remote_images, 0);
  EXPECT_EQ(Clean(out.html, options), out.html);
  // Without a resolver there is nothing to show.
  EXPECT_EQ(Clean(R"(<img src="cid:image001.png@01D9">)"), "");
}

TEST(SanitizeHtml, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(Clean("<p>S\xe3o Paulo \xff\xfe ok</p>"),
            "<p>S\xef\xbf\xbdo Paulo \xef\xbf\xbd\xef\xbf\xbd ok</p>");
  EXPECT_EQ(Clean("<p title=\"caf\xe9\">x</p>"), "<p title=\"caf\xef\xbf\xbd\">x</p>");
  EXPECT_EQ(Clean("\xef\xbb\xbfhello"), "hello");  // a byte-order mark is not text
}

// Found by fuzz/mime_fuzzer.cc (tests/fixtures/mail/fuzz/html-byte-order-mark-after-style.eml):
// a byte-order mark behind something dropped led the output, and a second pass removed it.
TEST(SanitizeHtml, AByteOrderMarkNeverLeadsTheOutputSoItStaysStable) {
  for (std::string_view html : {"<style>p{color:red}</style>\xef\xbb\xbfhello",
                                "<html><head><title>t</title></head>\xef\xbb\xbf<p>hello</p>",
                                "\xef\xbb\xbf\xef\xbb\xbfhello", "<script>x</script>\xef\xbb\xbf\xef\xbb\xbfhello"}) {
    const std::string out = Clean(html);
    EXPECT_NE(out.find("hello"), std::string::npos) << html;
    EXPECT_FALSE(out.starts_with("\xef\xbb\xbf")) << html;
    EXPECT_EQ(Clean(out), out) << html;
  }
  // Inside the text it is a character like any other, and stays.
  EXPECT_EQ(Clean("<p>a\xef\xbb\xbf</p>"), "<p>a\xef\xbb\xbf</p>");
}

TEST(SanitizeHtml, DeepNestingIsFlattenedInsteadOfOverflowingTheStack) {
  constexpr int kDepth = 4000;  // 8,000 tags: under kMaxHtmlTags, so gumbo parses it
  std::string html;
  for (int i = 0; i < kDepth; ++i) html += "<span><label>";
  html += "deep<script>alert(1)</script><br>";
  const SanitizedHtml out = SanitizeHtml(html);
  std::string expected;
  for (int i = 0; i < 200; ++i) expected += "<span>";
  expected += "deep<br>";
  for (int i = 0; i < 200; ++i) expected += "</span>";
  EXPECT_EQ(out.html, expected);
  EXPECT_EQ(out.removed_elements, 1);
  EXPECT_EQ(Clean(out.html), out.html);

  std::string divs;
  for (int i = 0; i < 2000; ++i) divs += "<div>";
  divs += "x";
  EXPECT_NE(Clean(divs).find(">x<"), std::string::npos);
}

TEST(SanitizeHtml, NeverWritesNestingAParserWouldRearrange) {
  // A <marquee> or <section> kept these apart; without them a browser would close the outer one.
  EXPECT_EQ(Clean("<p>a<marquee><p>b</p></marquee></p>"), "<p>ab</p>");
  EXPECT_EQ(Clean("<ul><li>a<section><li>b</li></section></li></ul>"), "<ul><li>ab</li></ul>");
  EXPECT_EQ(Clean("<h1>a<label><h2>b</h2></label></h1>"), "<h1>ab</h1>");
  EXPECT_EQ(
      Clean(
          R"(<a href="https://a.example/">a<marquee><a href="https://b.example/">b</a></marquee></a>)"),
      R"(<a href="https://a.example/" rel="noopener noreferrer nofollow" target="_blank">ab</a>)");
  // Tables keep their parts even where the parser adds them.
  EXPECT_EQ(Clean("<table><tr><td>1</td></tr></table>"),
            "<table><tbody><tr><td>1</td></tr></tbody></table>");
}

TEST(SanitizeHtml, AttributesAreCheckedAgainstWhatEachElementTakes) {
  EXPECT_EQ(
      Clean(
          R"(<table width="100%" border="0" bgcolor="#FFFFFF" background="x.png" summary="s"><tr bgcolor="navy"><td colspan="2" rowspan="x" nowrap>c</td></tr></table>)"),
      R"(<table width="100%" border="0" bgcolor="#FFFFFF"><tbody><tr bgcolor="navy"><td colspan="2">c</td></tr></tbody></table>)");
  EXPECT_EQ(Clean(R"(<ol start="3" type="a" reversed><li value="9">x</li></ol>)"),
            R"(<ol start="3" type="a"><li>x</li></ol>)");
  EXPECT_EQ(
      Clean(
          R"(<p width="10" colspan="2" href="https://x.example/" src="https://x.example/">x</p>)"),
      "<p>x</p>");
}

}  // namespace
}  // namespace sanitize_test
}  // namespace farol::mail
