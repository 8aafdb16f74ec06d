#pragma once
// Secrets at rest: tokens and enrollment codes are stored as SHA-256 hashes, passwords as
// Argon2id hashes (libsodium crypto_pwhash, 64 MiB and 3 passes, above the 19 MiB / 2 floor).
#include <string>
#include <string_view>

#include "xiangke/platform/base64.h"
#include "xiangke/platform/signing.h"

namespace xiangke::backend::crypto {

using platform::base64_decode;
using platform::base64_encode;
using platform::equal_constant_time;
using platform::sha256_hex;

std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);
// 8 characters from an alphabet without look-alikes, shown as "ABCD-EFGH".
std::string new_enrollment_code();
// Uppercases and strips spaces and dashes so people may type it as they like.
std::string normalize_enrollment_code(std::string_view text);
// 256-bit random bearer secret.
std::string new_token();

}  // namespace xiangke::backend::crypto
