#include "xiangke/core/request_code.h"

#include <array>

namespace xiangke::core {
namespace {

// Damm's totally anti-symmetric quasigroup of order 10.
constexpr std::array<std::array<uint8_t, 10>, 10> kDamm{{
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}};

uint64_t mix(uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// A balanced Feistel network on 20 bits is a permutation of 0..2^20-1.
uint32_t feistel20(uint32_t value, uint64_t key) {
    uint32_t left = value >> 10;
    uint32_t right = value & 0x3ff;
    for (uint64_t round = 0; round < 4; ++round) {
        uint32_t f = static_cast<uint32_t>(mix(key ^ (round << 32) ^ right)) & 0x3ff;
        uint32_t next_right = left ^ f;
        left = right;
        right = next_right;
    }
    return (left << 10) | right;
}

// Cycle walking restricts the 2^20 permutation to a permutation of 0..999999.
uint32_t permute(uint32_t value, uint64_t key) {
    do {
        value = feistel20(value, key);
    } while (value >= kRequestCodeSpace);
    return value;
}

}  // namespace

char damm_check_digit(std::string_view digits) {
    uint8_t interim = 0;
    for (char c : digits) {
        interim = kDamm[interim][static_cast<size_t>(c - '0')];
    }
    return static_cast<char>('0' + interim);
}

std::string make_request_code(uint32_t sequence, uint64_t kiosk_key) {
    uint32_t payload = permute(sequence % kRequestCodeSpace, kiosk_key);
    std::string digits = std::to_string(payload);
    digits.insert(0, 6 - digits.size(), '0');
    digits.push_back(damm_check_digit(digits));
    return digits;
}

bool is_valid_request_code(std::string_view code) {
    if (code.size() != kRequestCodeLength) {
        return false;
    }
    for (char c : code) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return damm_check_digit(code) == '0';
}

std::optional<std::string> normalize_request_code(std::string_view input) {
    std::string digits;
    for (size_t i = 0; i < input.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(input[i]);
        if (c >= '0' && c <= '9') {
            digits.push_back(static_cast<char>(c));
        } else if (c == ' ' || c == '-') {
            continue;
        } else if (c == 0xEF && i + 2 < input.size() && static_cast<unsigned char>(input[i + 1]) == 0xBC &&
                   static_cast<unsigned char>(input[i + 2]) >= 0x90 &&
                   static_cast<unsigned char>(input[i + 2]) <= 0x99) {
            // Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8.
            digits.push_back(static_cast<char>('0' + (static_cast<unsigned char>(input[i + 2]) - 0x90)));
            i += 2;
        } else {
            return std::nullopt;
        }
    }
    if (!is_valid_request_code(digits)) {
        return std::nullopt;
    }
    return digits;
}

}  // namespace xiangke::core
