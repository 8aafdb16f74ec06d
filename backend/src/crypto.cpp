#include "crypto.h"

#include <sodium.h>

#include <stdexcept>

#include "xiangke/platform/random.h"

namespace xiangke::backend::crypto {
namespace {
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // no 0/O, 1/I/L
}

std::string hash_password(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MODERATE,
                              crypto_pwhash_MEMLIMIT_MODERATE / 4, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return out;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string new_enrollment_code() {
    std::string code;
    // Rejection sampling keeps every character equally likely.
    const auto limit = static_cast<uint8_t>(256 - 256 % kCodeAlphabet.size());
    while (code.size() < 9) {
        uint8_t byte = 0;
        platform::random_bytes(&byte, 1);
        if (byte >= limit) {
            continue;
        }
        if (code.size() == 4) {
            code.push_back('-');
        }
        code.push_back(kCodeAlphabet[byte % kCodeAlphabet.size()]);
    }
    return code;
}

std::string normalize_enrollment_code(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '-' || c == ' ') {
            continue;
        }
        out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return out;
}

std::string new_token() {
    return platform::random_hex(32);
}

}  // namespace xiangke::backend::crypto
