#include "xiangke/core/region_code.h"

#include <gtest/gtest.h>

using namespace xiangke::core;

TEST(RegionCode, ParsesVillageAndExposesEveryAncestor) {
    auto code = RegionCode::parse("330281101201");
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(code->level(), RegionLevel::Village);
    EXPECT_EQ(code->ancestor(RegionLevel::Township).str(), "330281101");
    EXPECT_EQ(code->ancestor(RegionLevel::County).str(), "330281");
    EXPECT_EQ(code->ancestor(RegionLevel::City).str(), "3302");
    EXPECT_EQ(code->ancestor(RegionLevel::Province).str(), "33");
    EXPECT_EQ(code->parent().str(), "330281101");
    EXPECT_EQ(code->parent().parent().parent().parent().str(), "33");
    EXPECT_EQ(code->parent().parent().parent().parent().parent().str(), "33");
}

TEST(RegionCode, TwelveDigitsAreAlwaysAVillage) {
    EXPECT_EQ(RegionCode::parse("350527000000")->level(), RegionLevel::Village);  // a real code (金门县)
    EXPECT_EQ(RegionCode::parse("350527000000")->parent().str(), "350527000");
}

TEST(RegionCode, AcceptsPrefixesOfEachLevel) {
    EXPECT_EQ(RegionCode::parse("33")->level(), RegionLevel::Province);
    EXPECT_EQ(RegionCode::parse("3302")->level(), RegionLevel::City);
    EXPECT_EQ(RegionCode::parse("330281")->level(), RegionLevel::County);
    EXPECT_EQ(RegionCode::parse("330281101")->level(), RegionLevel::Township);
}

TEST(RegionCode, RejectsMalformedCodes) {
    for (const char* bad : {"", "3", "330", "33028", "3302811012", "33028110120", "3302811012011",
                            "33028110120a", "00", "0001", " 330281",
                            "３３"}) {
        auto parsed = RegionCode::parse(bad);
        EXPECT_FALSE(parsed.ok()) << bad;
        if (!parsed.ok()) {
            EXPECT_EQ(parsed.error().field, "region_code");
        }
    }
}

TEST(RegionCode, AcceptsZeroPartsFoundInRealData) {
    EXPECT_EQ(RegionCode::parse("441900")->level(), RegionLevel::County);     // 东莞市 has no counties
    EXPECT_EQ(RegionCode::parse("350527000")->level(), RegionLevel::Township);  // 金门县
    EXPECT_EQ(RegionCode::parse("441900003001")->parent().str(), "441900003");
}

TEST(RegionCode, RelationIsTheClosestCommonLevel) {
    auto a = *RegionCode::parse("330281101201");
    EXPECT_EQ(relation_between(a, *RegionCode::parse("330281101201")), RegionRelation::SameVillage);
    EXPECT_EQ(relation_between(a, *RegionCode::parse("330281101202")), RegionRelation::SameTownship);
    EXPECT_EQ(relation_between(a, *RegionCode::parse("330281102201")), RegionRelation::SameCounty);
    EXPECT_EQ(relation_between(a, *RegionCode::parse("330282101201")), RegionRelation::SameCity);
    EXPECT_EQ(relation_between(a, *RegionCode::parse("330381101201")), RegionRelation::SameProvince);
    EXPECT_EQ(relation_between(a, *RegionCode::parse("110101001001")), RegionRelation::Unrelated);
    EXPECT_EQ(relation_between(a, *RegionCode::parse("330281")), RegionRelation::SameCounty);
}

TEST(RegionCode, ContainsAndPrefix) {
    auto county = *RegionCode::parse("330281");
    auto village = *RegionCode::parse("330281101201");
    EXPECT_TRUE(county.contains(village));
    EXPECT_FALSE(village.contains(county));
    EXPECT_FALSE(RegionCode::parse("330282")->contains(village));
    EXPECT_TRUE(village.has_prefix("3302"));
    EXPECT_TRUE(village.has_prefix(""));
    EXPECT_FALSE(village.has_prefix("3303"));
    EXPECT_FALSE(county.has_prefix("330281101"));
}

TEST(RegionCode, ValidPrefixes) {
    EXPECT_TRUE(is_valid_region_prefix("3302"));
    EXPECT_TRUE(is_valid_region_prefix("330281101201"));
    EXPECT_FALSE(is_valid_region_prefix("330"));
}
