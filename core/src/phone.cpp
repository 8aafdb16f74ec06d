#include "xiangke/core/phone.h"

namespace xiangke::core {
namespace {

// Area codes of 3 digits start with 01x or 02x (Beijing 010, Shanghai 021, ...); all others are
// 4 digits (Ningbo 0574). Local numbers have 7 or 8 digits.
size_t area_code_length(std::string_view digits) {
    return (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
}

}  // namespace

Result<PhoneNumber> parse_phone(std::string_view text, std::string_view field) {
    std::string digits;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c != ' ' && c != '-' && c != '+') {
            return field_error(std::string(field), "phone numbers contain only digits, spaces and dashes");
        }
    }
    if (digits.size() == 13 && digits.compare(0, 2, "86") == 0) {
        digits.erase(0, 2);
    }
    if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9') {
        return PhoneNumber{digits, PhoneKind::Mobile};
    }
    if (digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0' && digits[1] != '0') {
        size_t local = digits.size() - area_code_length(digits);
        if ((local == 7 || local == 8) && digits[area_code_length(digits)] != '0' &&
            digits[area_code_length(digits)] != '1') {
            return PhoneNumber{digits, PhoneKind::Landline};
        }
    }
    return field_error(std::string(field),
                       "not a mainland mobile (11 digits starting 13-19) or landline (area code + 7-8 digits)");
}

std::string mask_phone(const PhoneNumber& phone) {
    const std::string& d = phone.digits;
    if (phone.kind == PhoneKind::Mobile) {
        return d.substr(0, 3) + "****" + d.substr(7);
    }
    size_t area = area_code_length(d);
    return d.substr(0, area) + "-****" + d.substr(d.size() - 4);
}

std::string mask_phone_text(std::string_view digits) {
    auto parsed = parse_phone(digits);
    return parsed.ok() ? mask_phone(*parsed) : "****";
}

}  // namespace xiangke::core
