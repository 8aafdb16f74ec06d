#include "xiangke/core/category.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace xiangke::core;

TEST(Category, CodesAndLabelsMatchTheContract) {
    EXPECT_EQ(category_code(Category::Planting), "planting");
    EXPECT_EQ(category_label(Category::Planting), "种植");
    EXPECT_EQ(category_label(Category::Livestock), "养殖");
    EXPECT_EQ(category_label(Category::PestDisease), "病虫害");
    EXPECT_EQ(category_label(Category::Machinery), "农机");
    EXPECT_EQ(category_label(Category::Processing), "农产品加工");
    EXPECT_EQ(category_label(Category::Disaster), "防灾减灾");
    EXPECT_EQ(category_label(Category::Health), "健康");
    EXPECT_EQ(category_label(Category::Other), "其他");
    EXPECT_EQ(category_code(Category::PestDisease), "pest_disease");
}

TEST(Category, RoundTripsEveryCode) {
    std::set<std::string> codes;
    for (auto c : kAllCategories) {
        auto back = category_from_code(category_code(c));
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, c);
        codes.insert(std::string(category_code(c)));
    }
    EXPECT_EQ(codes.size(), 8u);
}

TEST(Category, UnknownCodesAreRejected) {
    EXPECT_FALSE(category_from_code("Planting").has_value());
    EXPECT_FALSE(category_from_code("种植").has_value());
    EXPECT_FALSE(category_from_code("").has_value());
}

TEST(Category, EmergencyNoticeOnlyForHealthAndDisaster) {
    for (auto c : kAllCategories) {
        EXPECT_EQ(category_needs_emergency_notice(c), c == Category::Health || c == Category::Disaster);
    }
}
