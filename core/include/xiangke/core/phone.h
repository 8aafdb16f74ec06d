#pragma once
// Mainland China phone numbers: mobiles (1[3-9]xxxxxxxxx) and landlines (0 + area code + number).
#include <string>
#include <string_view>

#include "xiangke/core/result.h"

namespace xiangke::core {

enum class PhoneKind { Mobile, Landline };

struct PhoneNumber {
    std::string digits;  // normalised: digits only, landlines with their area code ("057487654321")
    PhoneKind kind;
};

// Accepts spaces and dashes ("138 0013 8000", "0574-87654321") and an optional +86 / 86 prefix
// on mobiles. The error names the field "farmer_phone" unless told otherwise.
Result<PhoneNumber> parse_phone(std::string_view text, std::string_view field = "farmer_phone");
// For display where the full number must not show: "138****1234", "0574-****4321".
std::string mask_phone(const PhoneNumber& phone);
// Masks a stored normalised number; anything unparseable becomes "****".
std::string mask_phone_text(std::string_view digits);

}  // namespace xiangke::core
