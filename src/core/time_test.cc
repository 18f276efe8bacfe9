#include "core/time.h"

#include <gtest/gtest.h>

namespace farol {
namespace {

TEST(TimeTest, FormatsAndParsesIso8601) {
  struct Case {
    long long unix;
    const char* text;
  } cases[] = {{0, "1970-01-01T00:00:00Z"},
               {1772452800, "2026-03-02T12:00:00Z"},
               {951782400, "2000-02-29T00:00:00Z"},
               {253402300799, "9999-12-31T23:59:59Z"},
               {-1, "1969-12-31T23:59:59Z"}};
  for (const Case& c : cases) {
    EXPECT_EQ(FormatIso8601(FromUnixSeconds(c.unix)), c.text);
    auto back = ParseIso8601(c.text);
    ASSERT_TRUE(back.ok()) << c.text;
    EXPECT_EQ(ToUnixSeconds(*back), c.unix);
  }
  // Independent check: every day over four centuries formats like the slow path.
  for (long long day = -146097; day < 146097; day += 97) {
    const long long t = day * 86400 + 3723;
    auto parsed = ParseIso8601(FormatIso8601(FromUnixSeconds(t)));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(ToUnixSeconds(*parsed), t);
  }
}

TEST(TimeTest, ParsesOffsetsFractionsAndRejectsNonsense) {
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-11-22T07:00:00-03:00")), "2026-11-22T10:00:00Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-11-22T10:00:00.999Z")), "2026-11-22T10:00:00Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-11-22 10:00:00+0100")), "2026-11-22T09:00:00Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-11-22")), "2026-11-22T00:00:00Z");
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-11-22T25:00:00Z", "2026-11-22T10:00:00",
                          "2026-11-22T10:00Zjunk", "yesterday", "2026-11-22T10:00:00+25:00"}) {
    EXPECT_FALSE(ParseIso8601(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace farol
