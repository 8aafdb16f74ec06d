#include "xiangke/platform/random.h"

#include <gtest/gtest.h>

#include <set>

using namespace xiangke::platform;

TEST(Random, HexHasTheAskedLengthAndIsLowercase) {
    std::string hex = random_hex(16);
    ASSERT_EQ(hex.size(), 32u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
}

TEST(Random, ValuesDoNotRepeat) {
    std::set<std::string> seen;
    std::set<uint64_t> numbers;
    for (int i = 0; i < 100; ++i) {
        seen.insert(random_hex(16));
        numbers.insert(random_u64());
    }
    EXPECT_EQ(seen.size(), 100u);
    EXPECT_EQ(numbers.size(), 100u);
}

TEST(Random, BytesFillTheBuffer) {
    uint8_t buffer[64] = {};
    random_bytes(buffer, sizeof buffer);
    int zeros = 0;
    for (uint8_t b : buffer) {
        zeros += b == 0 ? 1 : 0;
    }
    EXPECT_LT(zeros, 16);  // 64 zero bytes by chance: about 1 in 2^512
}

TEST(Random, UlidsAreValidAndIncreasing) {
    std::string first = new_ulid();
    std::string second = new_ulid();
    EXPECT_EQ(first.size(), 26u);
    EXPECT_EQ(second.size(), 26u);
    EXPECT_LT(first, second);
}
