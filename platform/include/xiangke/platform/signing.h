#pragma once
// Content-pack cryptography (libsodium): SHA-256 of files and bytes, Ed25519 keys and detached
// signatures over manifest.json's exact bytes. Key and signature formats are in
// docs/content-pack.md.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "xiangke/core/result.h"

namespace xiangke::platform {

// SHA-256 as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);
// Streams the file; the error names the file.
core::Result<std::string> sha256_file(const std::filesystem::path& path);

// HMAC-SHA256 (RFC 2104) of `message` under `key` (any length), as 64 lowercase hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
// True when the two strings are equal, in time that depends only on their length.
bool equal_constant_time(std::string_view a, std::string_view b);

// A deliberately slow, salted hash (Argon2id, 8 MiB, 2 passes: about 10-20 ms) of a
// short secret such as a phone number, as 64 hex digits; the same input and salt give the same
// hash, so it can be looked up. `salt_hex` is 32 hex digits (16 bytes). Plain SHA-256 would let
// anyone holding the database and its salt try all 10^10 phone numbers in minutes.
core::Result<std::string> lookup_hash_hex(std::string_view secret, std::string_view salt_hex);

struct PublicKey {
    std::array<uint8_t, 32> bytes{};
    std::string hex() const;
};

// An Ed25519 signing key; the secret bytes are wiped when it is destroyed.
class SecretKey {
public:
    SecretKey();
    ~SecretKey();
    SecretKey(const SecretKey& other);
    SecretKey& operator=(const SecretKey& other);

    static SecretKey generate();
    // From the 32-byte seed (64 hex digits, surrounding whitespace ignored).
    static core::Result<SecretKey> from_seed_hex(std::string_view text);

    PublicKey public_key() const;
    std::string seed_hex() const;
    // The detached signature of `message`, 128 lowercase hex digits (no newline).
    std::string sign_hex(std::string_view message) const;

private:
    std::array<uint8_t, 64> m_secret{};  // libsodium's seed || public key
};

// 64 hex digits (surrounding whitespace ignored).
core::Result<PublicKey> parse_public_key(std::string_view text);
// The argument of `--pubkey`: the hex line itself, or a file holding it.
core::Result<PublicKey> load_public_key(const std::string& text_or_path);

// Writes a new key file (seed hex and "\n", mode 0600); refuses to overwrite an existing file.
core::Result<bool> write_secret_key(const std::filesystem::path& path, const SecretKey& key);
core::Result<SecretKey> read_secret_key(const std::filesystem::path& path);

// Checks manifest.sig's text (128 hex digits, trailing whitespace ignored) against the exact
// manifest bytes. Errors: "bad_signature" (malformed, or not made by `key` over these bytes).
core::Result<bool> verify_manifest_signature(const PublicKey& key, std::string_view manifest,
                                             std::string_view signature_text);

}  // namespace xiangke::platform
