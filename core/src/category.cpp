#include "xiangke/core/category.h"

namespace xiangke::core {
namespace {

struct CategoryInfo {
    Category category;
    std::string_view code;
    std::string_view label;
    std::string_view icon;
};

constexpr std::array<CategoryInfo, 8> kCategories{{
    {Category::Planting, "planting", "种植", "sprout"},
    {Category::Livestock, "livestock", "养殖", "livestock"},
    {Category::PestDisease, "pest_disease", "病虫害", "bug"},
    {Category::Machinery, "machinery", "农机", "tractor"},
    {Category::Processing, "processing", "农产品加工", "factory"},
    {Category::Disaster, "disaster", "防灾减灾", "house"},
    {Category::Health, "health", "健康", "health"},
    {Category::Other, "other", "其他", "question"},
}};

const CategoryInfo& info(Category category) { return kCategories[static_cast<size_t>(category)]; }

}  // namespace

std::string_view category_code(Category category) { return info(category).code; }
std::string_view category_label(Category category) { return info(category).label; }
std::string_view category_icon(Category category) { return info(category).icon; }

std::optional<Category> category_from_code(std::string_view code) {
    for (const auto& entry : kCategories) {
        if (entry.code == code) {
            return entry.category;
        }
    }
    return std::nullopt;
}

bool category_needs_emergency_notice(Category category) {
    return category == Category::Health || category == Category::Disaster;
}

}  // namespace xiangke::core
