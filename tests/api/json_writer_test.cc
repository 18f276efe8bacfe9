#include "http/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace farol::http {
namespace {

TEST(JsonWriterTest, EscapesEverythingJsonRequiresAndRoundTrips) {
  const std::string nasty = std::string("quote\" back\\ slash / nl\n cr\r tab\t bell\x07 nul", 38) + '\0' +
                            " unicode ação 🚀 \x7f end";
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("text", nasty);
  w.Member("n", int64_t{-42});
  w.Member("yes", true);
  w.IdOrNull("none", 0);
  w.IdOrNull("some", 7);
  w.TextOrNull("empty", "");
  w.Key("list");
  w.BeginArray();
  w.String("a");
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Int(3);
  w.EndArray();
  w.TimeOrNull("at", FromUnixSeconds(1772452800));
  w.EndObject();
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(out, ec);
  ASSERT_FALSE(ec) << out;
  EXPECT_EQ(v.at("text").as_string(), nasty);
  EXPECT_EQ(v.at("n").as_int64(), -42);
  EXPECT_TRUE(v.at("none").is_null());
  EXPECT_EQ(v.at("some").as_int64(), 7);
  EXPECT_TRUE(v.at("empty").is_null());
  EXPECT_EQ(boost::json::serialize(v.at("list")), R"(["a",{},[],3])");
  EXPECT_EQ(v.at("at").as_string(), "2026-03-02T12:00:00Z");
  EXPECT_EQ(out.find('\n'), std::string::npos) << "control characters never appear raw";
}

}  // namespace
}  // namespace farol::http
