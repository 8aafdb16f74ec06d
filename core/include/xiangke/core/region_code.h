#pragma once
// RegionCode (统计用区划代码): the 12-digit statistical division code of the National Bureau of
// Statistics. Codes nest by prefix: province 2, city 4, county 6, township 9, village 12 digits.
#include <string>
#include <string_view>

#include "xiangke/core/result.h"

namespace xiangke::core {

enum class RegionLevel { Province = 1, City = 2, County = 3, Township = 4, Village = 5 };

// How close two regions are; ordered from closest to farthest.
enum class RegionRelation { SameVillage, SameTownship, SameCounty, SameCity, SameProvince, Unrelated };

class RegionCode {
public:
    // Accepts a full 12-digit code or a 2/4/6/9-digit prefix naming a whole region. The length
    // alone gives the level: zero-padded forms ("330200000000") are not higher levels, since real
    // village codes such as 350527000000 (金门县) end in zeros.
    static Result<RegionCode> parse(std::string_view text);

    const std::string& str() const { return m_digits; }
    RegionLevel level() const { return m_level; }
    // The enclosing region at `level`; the code itself when it is already at or above it.
    RegionCode ancestor(RegionLevel level) const;
    // The next level up; a province is its own parent.
    RegionCode parent() const;
    // True when `other` lies inside this region (or is this region).
    bool contains(const RegionCode& other) const;
    // True when this code starts with `prefix` (a region-code prefix of any length).
    bool has_prefix(std::string_view prefix) const;

    bool operator==(const RegionCode& other) const { return m_digits == other.m_digits; }
    bool operator!=(const RegionCode& other) const { return !(*this == other); }
    bool operator<(const RegionCode& other) const { return m_digits < other.m_digits; }

private:
    RegionCode(std::string digits, RegionLevel level) : m_digits(std::move(digits)), m_level(level) {}
    std::string m_digits;
    RegionLevel m_level;
};

// Number of digits a code has at `level` (2, 4, 6, 9, 12).
int region_code_length(RegionLevel level);
// The closest common region of two codes.
RegionRelation relation_between(const RegionCode& a, const RegionCode& b);
// A region-code prefix as used for admin scope and agent service areas: 2, 4, 6, 9 or 12
// digits (a 12-digit village counts).
bool is_valid_region_prefix(std::string_view prefix);

}  // namespace xiangke::core
