#include "xiangke/core/phone.h"

#include <gtest/gtest.h>

using namespace xiangke::core;

TEST(Phone, MobileNumbers) {
    for (const char* ok : {"13800138000", "138 0013 8000", "138-0013-8000", "+86 13800138000", "8613800138000",
                           "19912345678"}) {
        auto p = parse_phone(ok);
        ASSERT_TRUE(p.ok()) << ok;
        EXPECT_EQ(p->kind, PhoneKind::Mobile);
        EXPECT_EQ(p->digits.size(), 11u);
    }
}

TEST(Phone, LandlineNumbers) {
    auto ningbo = parse_phone("0574-87654321");
    ASSERT_TRUE(ningbo.ok());
    EXPECT_EQ(ningbo->kind, PhoneKind::Landline);
    EXPECT_EQ(ningbo->digits, "057487654321");
    auto beijing = parse_phone("010 6512 3456");
    ASSERT_TRUE(beijing.ok());
    EXPECT_EQ(beijing->digits, "01065123456");
    EXPECT_TRUE(parse_phone("05748765432").ok());  // 7-digit local number
}

TEST(Phone, RejectsWithTheFieldNamed) {
    for (const char* bad : {"", "1380013800", "138001380001", "12800138000", "10086", "0574-1234567",
                            "0574-0876543", "00574876543", "1380013800a", "138.0013.8000"}) {
        auto p = parse_phone(bad);
        EXPECT_FALSE(p.ok()) << bad;
        if (!p.ok()) {
            EXPECT_EQ(p.error().field, "farmer_phone");
        }
    }
    EXPECT_EQ(parse_phone("x", "phone").error().field, "phone");
}

TEST(Phone, Masking) {
    EXPECT_EQ(mask_phone(*parse_phone("13812341234")), "138****1234");
    EXPECT_EQ(mask_phone(*parse_phone("0574-87654321")), "0574-****4321");
    EXPECT_EQ(mask_phone(*parse_phone("010-65123456")), "010-****3456");
    EXPECT_EQ(mask_phone_text("13812341234"), "138****1234");
    EXPECT_EQ(mask_phone_text("garbage"), "****");
}
