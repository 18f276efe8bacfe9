#include "core/compress.h"

#include <gtest/gtest.h>

namespace farol {
namespace {

TEST(Gzip, RoundTripsAndShrinksMail) {
  std::string mail;
  for (int i = 0; i < 2000; ++i) mail += "Received: from mx.banco.com.br by farol; line " + std::to_string(i) + "\r\n";
  const std::string gz = GzipCompress(mail);
  EXPECT_LT(gz.size(), mail.size() / 5);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);  // the gzip magic: zcat reads it
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  auto back = GzipDecompress(gz);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, mail);
  EXPECT_EQ(*GzipDecompress(GzipCompress("")), "");
}

TEST(Gzip, RefusesDamageAndBombs) {
  const std::string gz = GzipCompress(std::string(1 << 20, 'a'));
  EXPECT_EQ(GzipDecompress(gz.substr(0, gz.size() / 2)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GzipDecompress("not gzip at all").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(GzipDecompress(gz, 1000).status().code(), StatusCode::kTooLarge);
}

}  // namespace
}  // namespace farol
