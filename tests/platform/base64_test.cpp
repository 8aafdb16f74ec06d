#include "xiangke/platform/base64.h"

#include <gtest/gtest.h>

using namespace xiangke::platform;

TEST(Base64, EncodesTheRfc4648Examples) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesWhatItEncodesIncludingBinary) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) {
        bytes.push_back(static_cast<char>(i));
    }
    auto decoded = base64_decode(base64_encode(bytes));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, bytes);
}

TEST(Base64, RefusesAnythingButPaddedStandardBase64) {
    EXPECT_FALSE(base64_decode("Zg").has_value());      // no padding
    EXPECT_FALSE(base64_decode("Zm9v\n").has_value());  // whitespace
    EXPECT_FALSE(base64_decode("Zm9v!").has_value());   // garbage
    EXPECT_FALSE(base64_decode("-_-_").has_value());    // URL-safe alphabet
    EXPECT_EQ(base64_decode("Zm9vYmFy").value_or(""), "foobar");
}
