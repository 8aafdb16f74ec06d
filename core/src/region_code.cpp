#include "xiangke/core/region_code.h"

#include <algorithm>
#include <array>

namespace xiangke::core {
namespace {

constexpr std::array<int, 5> kLengths{2, 4, 6, 9, 12};

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Codes are zero-padded: "330200000000" is the city 3302, "330281000000" the county 330281.
std::string_view trim_zero_padding(std::string_view digits) {
    for (auto it = kLengths.begin(); it + 1 != kLengths.end(); ++it) {
        std::string_view rest = digits.substr(static_cast<size_t>(*it));
        if (std::all_of(rest.begin(), rest.end(), [](char c) { return c == '0'; })) {
            return digits.substr(0, static_cast<size_t>(*it));
        }
    }
    return digits;
}

}  // namespace

int region_code_length(RegionLevel level) { return kLengths[static_cast<size_t>(level) - 1]; }

Result<RegionCode> RegionCode::parse(std::string_view text) {
    if (!all_digits(text) || text.empty()) {
        return field_error("region_code", "a region code has only digits");
    }
    std::string_view digits = text;
    if (digits.size() == 12) {
        digits = trim_zero_padding(digits);
    }
    auto found = std::find(kLengths.begin(), kLengths.end(), static_cast<int>(digits.size()));
    if (found == kLengths.end()) {
        return field_error("region_code", "a region code has 2, 4, 6, 9 or 12 digits");
    }
    if (digits.substr(0, 2) == "00") {
        return field_error("region_code", "province part of the region code is 00");
    }
    // Each level below the province must add a non-zero part.
    for (auto it = kLengths.begin() + 1; it != found + 1; ++it) {
        std::string_view part = digits.substr(static_cast<size_t>(*(it - 1)),
                                              static_cast<size_t>(*it - *(it - 1)));
        if (std::all_of(part.begin(), part.end(), [](char c) { return c == '0'; })) {
            return field_error("region_code", "a level inside the region code is all zeros");
        }
    }
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
