#include "xiangke/core/request_code.h"

#include <gtest/gtest.h>

#include <unordered_set>

using namespace xiangke::core;

TEST(RequestCode, SevenDigitsWithValidCheck) {
    for (uint32_t seq = 0; seq < 500; ++seq) {
        auto code = make_request_code(seq, 0x1234);
        ASSERT_EQ(code.size(), kRequestCodeLength);
        EXPECT_TRUE(is_valid_request_code(code)) << code;
    }
}

TEST(RequestCode, FirstMillionCodesOfAKioskAreDistinct) {
    std::unordered_set<std::string> seen;
    seen.reserve(kRequestCodeSpace);
    for (uint32_t seq = 0; seq < kRequestCodeSpace; ++seq) {
        ASSERT_TRUE(seen.insert(make_request_code(seq, 0xfeedbeefULL)).second) << seq;
    }
}

TEST(RequestCode, KeysGiveDifferentSequences) {
    EXPECT_NE(make_request_code(1, 1), make_request_code(1, 2));
    EXPECT_EQ(make_request_code(1, 1), make_request_code(1, 1));
}

TEST(RequestCode, DetectsEverySingleDigitErrorAndAdjacentSwap) {
    const std::string code = make_request_code(42, 99);
    for (size_t i = 0; i < code.size(); ++i) {
        for (char d = '0'; d <= '9'; ++d) {
            if (d == code[i]) {
                continue;
            }
            std::string typo = code;
            typo[i] = d;
            EXPECT_FALSE(is_valid_request_code(typo)) << typo;
        }
        if (i + 1 < code.size() && code[i] != code[i + 1]) {
            std::string swapped = code;
            std::swap(swapped[i], swapped[i + 1]);
            EXPECT_FALSE(is_valid_request_code(swapped)) << swapped;
        }
    }
}

TEST(RequestCode, KnownDammCheckDigit) {
    EXPECT_EQ(damm_check_digit("572"), '4');  // Damm's published example
    EXPECT_TRUE(is_valid_request_code("0000000"));
}

TEST(RequestCode, NormalizesWhatPeopleType) {
    const std::string code = make_request_code(7, 7);
    EXPECT_EQ(normalize_request_code(code.substr(0, 3) + " " + code.substr(3)), code);
    EXPECT_EQ(normalize_request_code(code.substr(0, 3) + "-" + code.substr(3)), code);
    std::string full_width;
    for (char c : code) {
        full_width += "\xEF\xBC";
        full_width += static_cast<char>(0x90 + (c - '0'));
    }
    EXPECT_EQ(normalize_request_code(full_width), code);
    EXPECT_FALSE(normalize_request_code("12345").has_value());
    EXPECT_FALSE(normalize_request_code("abcdefg").has_value());
    EXPECT_FALSE(normalize_request_code("").has_value());
}
