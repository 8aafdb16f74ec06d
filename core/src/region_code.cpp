#include "xiangke/core/region_code.h"

#include <algorithm>
#include <array>

namespace xiangke::core {
namespace {

constexpr std::array<int, 5> kLengths{2, 4, 6, 9, 12};

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

int region_code_length(RegionLevel level) { return kLengths[static_cast<size_t>(level) - 1]; }

Result<RegionCode> RegionCode::parse(std::string_view text) {
    if (!all_digits(text) || text.empty()) {
        return field_error("region_code", "a region code has only digits");
    }
    std::string_view digits = text;
    auto found = std::find(kLengths.begin(), kLengths.end(), static_cast<int>(digits.size()));
    if (found == kLengths.end()) {
        return field_error("region_code", "a region code has 2, 4, 6, 9 or 12 digits");
    }
    if (digits.substr(0, 2) == "00") {
        return field_error("region_code", "province part of the region code is 00");
    }
    // A level below the province may be all zeros in real data: cities without counties give
    // their county part as 00 (东莞市 441900), and 金门县's only township is 350527000.
    auto level = static_cast<RegionLevel>(found - kLengths.begin() + 1);
    return RegionCode(std::string(digits), level);
}

RegionCode RegionCode::ancestor(RegionLevel level) const {
    if (static_cast<int>(level) >= static_cast<int>(m_level)) {
        return *this;
    }
    return RegionCode(m_digits.substr(0, static_cast<size_t>(region_code_length(level))), level);
}

RegionCode RegionCode::parent() const {
    if (m_level == RegionLevel::Province) {
        return *this;
    }
    return ancestor(static_cast<RegionLevel>(static_cast<int>(m_level) - 1));
}

bool RegionCode::contains(const RegionCode& other) const {
    return other.m_digits.compare(0, m_digits.size(), m_digits) == 0;
}

bool RegionCode::has_prefix(std::string_view prefix) const {
    return m_digits.compare(0, prefix.size(), prefix) == 0 && prefix.size() <= m_digits.size();
}

RegionRelation relation_between(const RegionCode& a, const RegionCode& b) {
    static constexpr std::array<RegionRelation, 5> kByLevel{
        RegionRelation::SameProvince, RegionRelation::SameCity, RegionRelation::SameCounty,
        RegionRelation::SameTownship, RegionRelation::SameVillage};
    RegionRelation closest = RegionRelation::Unrelated;
    for (size_t i = 0; i < kLengths.size(); ++i) {
        auto n = static_cast<size_t>(kLengths[i]);
        if (a.str().size() < n || b.str().size() < n || a.str().compare(0, n, b.str(), 0, n) != 0) {
            break;
        }
        closest = kByLevel[i];
    }
    return closest;
}

bool is_valid_region_prefix(std::string_view prefix) {
    auto parsed = RegionCode::parse(prefix);
    return parsed.ok() && parsed->str().size() == prefix.size();
}

}  // namespace xiangke::core
