#include "core/strings.h"

#include <gtest/gtest.h>

namespace farol {
namespace {

TEST(Utf8Test, AcceptsWellFormedAndRejectsEveryMalformedShape) {
  struct Case {
    std::string bytes;
    bool valid;
  } cases[] = {
      {"", true},
      {"plain ascii", true},
      {"ação, 日本, 🚀", true},
      {"\xc3", false},                  // truncated 2-byte sequence
      {"\xc0\xaf", false},              // overlong '/'
      {"\xe0\x80\xaf", false},          // overlong, 3 bytes
      {"\xed\xa0\x80", false},          // UTF-16 surrogate
      {"\xf4\x90\x80\x80", false},      // above U+10FFFF
      {"\xff", false},
      {"\x80", false},                  // lone continuation byte
      {"ok\xe2\x82", false},            // truncated at the end
      {"\xf0\x9f\x9a\x80", true},       // U+1F680
      {"\xef\xbf\xbf", true},           // U+FFFF
  };
  for (const Case& c : cases) EXPECT_EQ(IsValidUtf8(c.bytes), c.valid) << c.bytes.size() << " bytes";
  EXPECT_EQ(Utf8Length("ação"), 4u);
}

TEST(Utf8Test, ReplacesEachMaximalIllFormedSubpartWithOneReplacementCharacter) {
  const std::string r = "\xef\xbf\xbd";  // U+FFFD
  struct Case {
    std::string in;
    std::string out;
  } cases[] = {
      {"", ""},
      {"ação, 日本, 🚀", "ação, 日本, 🚀"},
      {"\xc3", r},                              // truncated 2-byte sequence
      {"\xc0\xaf", r + r},                       // overlong: C0 can never start a sequence
      {"\xe0\x80\xaf", r + r + r},                // overlong, 3 bytes
      {"\xed\xa0\x80", r + r + r},                // UTF-16 surrogate
      {"\xf4\x90\x80\x80", r + r + r + r},         // above U+10FFFF
      {"a\xff" "b", "a" + r + "b"},
      {"\xe2\x82" "A", r + "A"},                   // truncated 3-byte sequence: one U+FFFD
      {"ok\xf0\x9f\x9a", "ok" + r},               // truncated at the end
      {"\x80\x80", r + r},                       // lone continuation bytes
      {std::string("nul\0kept", 8), std::string("nul\0kept", 8)},
  };
  for (const Case& c : cases) {
    const std::string fixed = ReplaceInvalidUtf8(c.in);
    EXPECT_EQ(fixed, c.out) << c.in.size() << " bytes";
    EXPECT_TRUE(IsValidUtf8(fixed));
  }
}

TEST(Utf8Test, CutsOnlyBetweenCharacters) {
  EXPECT_EQ(CutUtf8("abc", 3), "abc");
  EXPECT_EQ(CutUtf8("abc", 2), "ab");
  EXPECT_EQ(CutUtf8("a\xC3\xA7\xC3\xA3o", 2), "a");           // "ação": the 'ç' would be split
  EXPECT_EQ(CutUtf8("a\xC3\xA7\xC3\xA3o", 3), "a\xC3\xA7");
  EXPECT_EQ(CutUtf8("\xF0\x9F\x98\x80x", 3), "");               // a 4-byte emoji cannot be halved
  EXPECT_EQ(CutUtf8("\xF0\x9F\x98\x80x", 4), "\xF0\x9F\x98\x80");
  EXPECT_EQ(CutUtf8("", 0), "");
  // Every cut of a mixed text is valid UTF-8 and the longest such prefix.
  const std::string mixed = "S\xC3\xA3o Paulo \xE2\x82\xAC \xF0\x9F\x98\x80 ok";
  for (size_t n = 0; n <= mixed.size(); ++n) {
    const std::string cut = CutUtf8(mixed, n);
    EXPECT_TRUE(IsValidUtf8(cut)) << n;
    EXPECT_LE(cut.size(), n);
    EXPECT_EQ(mixed.compare(0, cut.size(), cut), 0);
    if (cut.size() < n) EXPECT_FALSE(IsValidUtf8(mixed.substr(0, cut.size() + 1))) << n;
  }
}

TEST(StringsTest, EmailsControlCharactersAndSplitting) {
  EXPECT_TRUE(LooksLikeEmail("ana.souza@farolnet.example"));
  for (const char* bad : {"", "a@", "@b.c", "a@b", "a b@c.d", "a@b@c.d", "a@.b", "a@b.", "<a@b.c>"}) {
    EXPECT_FALSE(LooksLikeEmail(bad)) << bad;
  }
  EXPECT_EQ(NormalizeEmail("  Ana@Farol.TEST "), "ana@farol.test");
  EXPECT_TRUE(HasControlChars(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlChars("bell\x07"));
  EXPECT_FALSE(HasControlChars("tab\tnewline\ncr\r"));
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
}

TEST(JsonQuote, EscapesWhatJsonNeedsAndKeepsUtf8) {
  EXPECT_EQ(JsonQuote(""), "\"\"");
  EXPECT_EQ(JsonQuote("Link \"down\"\\ at São Paulo\n\t"), "\"Link \\\"down\\\"\\\\ at São Paulo\\n\\t\"");
  EXPECT_EQ(JsonQuote(std::string("a\x01" "b\x1f", 4)), "\"a\\u0001b\\u001f\"");
}

}  // namespace
}  // namespace farol
