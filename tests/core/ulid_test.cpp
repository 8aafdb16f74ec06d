#include "xiangke/core/ulid.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace xiangke::core;

namespace {
RandomBytes fixed_bytes(uint8_t value) {
    return [value](uint8_t* out, size_t n) { std::memset(out, value, n); };
}
}  // namespace

TEST(Ulid, EncodesTimeAndRandomness) {
    std::array<uint8_t, 10> zero{};
    EXPECT_EQ(encode_ulid(0, zero), "00000000000000000000000000");
    std::array<uint8_t, 10> ones;
    ones.fill(0xff);
    EXPECT_EQ(encode_ulid((int64_t{1} << 48) - 1, ones), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    auto id = encode_ulid(1469918176385, zero);
    EXPECT_EQ(id.substr(0, 10), "01ARYZ6S41");
    EXPECT_EQ(ulid_time_ms(id), 1469918176385);
}

TEST(Ulid, MonotonicWithinOneMillisecond) {
    UlidGenerator gen(fixed_bytes(0x42));
    std::string prev = gen.next(1000);
    for (int i = 0; i < 1000; ++i) {
        std::string next = gen.next(1000);
        EXPECT_LT(prev, next);
        prev = next;
    }
    EXPECT_EQ(ulid_time_ms(prev), 1000);
}

TEST(Ulid, StaysSortedWhenTheClockGoesBack) {
    UlidGenerator gen(fixed_bytes(0x10));
    std::string a = gen.next(5000);
    std::string b = gen.next(4000);
    EXPECT_LT(a, b);
}

TEST(Ulid, OverflowOfRandomPartBorrowsNextMillisecond) {
    UlidGenerator gen(fixed_bytes(0xff));
    std::string a = gen.next(7);
    std::string b = gen.next(7);
    EXPECT_LT(a, b);
    EXPECT_EQ(ulid_time_ms(b), 8);
}

TEST(Ulid, Validation) {
    EXPECT_TRUE(is_valid_ulid("01ARYZ6S41TSV4RRFFQ69G5FAV"));
    EXPECT_TRUE(is_valid_ulid("01aryz6s41tsv4rrffq69g5fav"));
    EXPECT_FALSE(is_valid_ulid("01ARYZ6S41TSV4RRFFQ69G5FA"));    // 25 chars
    EXPECT_FALSE(is_valid_ulid("01ARYZ6S41TSV4RRFFQ69G5FAVX"));  // 27 chars
    EXPECT_FALSE(is_valid_ulid("01ARYZ6S41TSV4RRFFQ69G5FAU"));   // U is not Crockford
    EXPECT_FALSE(is_valid_ulid("81ARYZ6S41TSV4RRFFQ69G5FAV"));   // time overflow
    EXPECT_FALSE(is_valid_ulid(""));
}
