// The web app's pages are never framed by other sites, except the chat widget's page, which is
// made to sit in a frame on customers' own sites (docs/CHAT.md).
#include <gtest/gtest.h>

#include <fstream>

#include "http/static_files.h"
#include "testing/test_env.h"

namespace farol::testing::static_files {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override { std::ofstream(dir.path() + "/index.html") << "<!doctype html><title>farol</title>"; }
  TempDir dir;
};

TEST_F(StaticFilesTest, OnlyTheWidgetPageMayBeFramedByAnotherSite) {
  http::StaticFiles files(dir.path());
  for (const char* page : {"/", "/tickets/12", "/portal", "/widget/other", "/widgets"}) {
    auto res = files.Serve(page);
    ASSERT_TRUE(res.has_value()) << page;
    ASSERT_NE(res->Header("X-Frame-Options"), nullptr) << page;
    EXPECT_EQ(*res->Header("X-Frame-Options"), "DENY") << page;
    EXPECT_NE(res->Header("Content-Security-Policy")->find("frame-ancestors 'none'"), std::string::npos) << page;
  }
  auto widget = files.Serve("/widget");
  ASSERT_TRUE(widget.has_value());
  EXPECT_EQ(widget->Header("X-Frame-Options"), nullptr);
  const std::string policy = *widget->Header("Content-Security-Policy");
  EXPECT_NE(policy.find("frame-ancestors https: http:"), std::string::npos) << policy;
  // Still only farol's own scripts, and no remote images.
  EXPECT_NE(policy.find("script-src 'self';"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("img-src 'self' data: blob: https:"), std::string::npos) << policy;
}

}  // namespace
}  // namespace farol::testing::static_files
