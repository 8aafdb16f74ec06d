#pragma once
// RequestCode (求助码): the short code a farmer gets for a request, e.g. "4827193".
//
// Digits only, 7 of them: 6 payload digits and a Damm check digit. Digits have no look-alike
// letters (0/O, 1/I), are typed on the kiosk's big numeric keypad and are read aloud one by one.
// The Damm check catches every single wrong digit and every swap of two neighbours.
//
// Collisions: a code is unique per kiosk (CONTRACT.md), and the kiosk derives it from its own
// request sequence number through a keyed permutation of 0..999999 (a Feistel network with
// cycle walking). A permutation never maps two sequence numbers to one code, so a kiosk's first
// million requests get distinct codes by construction, with no lookup; the per-kiosk key keeps
// consecutive codes from looking sequential.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xiangke::core {

inline constexpr uint32_t kRequestCodeSpace = 1'000'000;
inline constexpr size_t kRequestCodeLength = 7;

// `sequence` must be below kRequestCodeSpace; it wraps modulo the space otherwise.
std::string make_request_code(uint32_t sequence, uint64_t kiosk_key);
// The Damm check digit of a digit string.
char damm_check_digit(std::string_view digits);
bool is_valid_request_code(std::string_view code);
// What a person typed or said: spaces, dashes and full-width digits are tolerated.
std::optional<std::string> normalize_request_code(std::string_view input);

}  // namespace xiangke::core
