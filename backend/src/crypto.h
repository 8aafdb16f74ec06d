#pragma once
// Secrets at rest: tokens and enrollment codes are stored as SHA-256 hashes, passwords as
// Argon2id hashes (libsodium crypto_pwhash, 64 MiB and 3 passes, above the 19 MiB / 2 floor).
#include <optional>
#include <string>
#include <string_view>

namespace xiangke::backend::crypto {

std::string sha256_hex(std::string_view data);
std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);
// 8 characters from an alphabet without look-alikes, shown as "ABCD-EFGH".
std::string new_enrollment_code();
// Uppercases and strips spaces and dashes so people may type it as they like.
std::string normalize_enrollment_code(std::string_view text);
// 256-bit random bearer secret.
std::string new_token();
// Standard base64 with padding (RFC 4648 §4); nullopt for anything else.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view data);

// Constant-time comparison of equal-length strings.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace xiangke::backend::crypto
