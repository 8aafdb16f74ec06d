#pragma once
// Category (求助类别): the eight request categories of CONTRACT.md.
#include <array>
#include <optional>
#include <string_view>

namespace xiangke::core {

enum class Category { Planting, Livestock, PestDisease, Machinery, Processing, Disaster, Health, Other };

inline constexpr std::array<Category, 8> kAllCategories{
    Category::Planting, Category::Livestock, Category::PestDisease, Category::Machinery,
    Category::Processing, Category::Disaster, Category::Health, Category::Other};

std::string_view category_code(Category category);   // "planting"
std::string_view category_label(Category category);  // "种植"
std::string_view category_icon(Category category);   // icon name in the kiosk theme
std::optional<Category> category_from_code(std::string_view code);
// 健康 and 防灾减灾 requests show the emergency numbers before the wizard goes on.
bool category_needs_emergency_notice(Category category);

}  // namespace xiangke::core
