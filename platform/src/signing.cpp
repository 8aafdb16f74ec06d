#include "xiangke/platform/signing.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "xiangke/platform/files.h"

namespace xiangke::platform {
namespace {

void ensure_sodium() {
    static const bool ready = [] {
        if (sodium_init() < 0) {
            std::abort();  // no usable libsodium: nothing can be signed or checked
        }
        return true;
    }();
    (void)ready;
}

std::string to_hex(const uint8_t* data, size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    hex.pop_back();
    return hex;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::strchr(" \t\r\n", text.front()) != nullptr) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::strchr(" \t\r\n", text.back()) != nullptr) {
        text.remove_suffix(1);
    }
    return text;
}

// Exactly `size` bytes from lowercase or uppercase hex with nothing else around.
bool from_hex(std::string_view text, uint8_t* out, size_t size) {
    if (text.size() != size * 2) {
        return false;
    }
    size_t written = 0;
    return sodium_hex2bin(out, size, text.data(), text.size(), nullptr, &written, nullptr) == 0 && written == size;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    ensure_sodium();
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return to_hex(digest, sizeof digest);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
    ensure_sodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    return to_hex(mac, sizeof mac);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
    ensure_sodium();
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

core::Result<std::string> lookup_hash_hex(std::string_view secret, std::string_view salt_hex) {
    ensure_sodium();
    unsigned char salt[crypto_pwhash_SALTBYTES];
    size_t salt_length = 0;
    if (salt_hex.size() != 2 * sizeof salt ||
        sodium_hex2bin(salt, sizeof salt, salt_hex.data(), salt_hex.size(), nullptr, &salt_length, nullptr) != 0 ||
        salt_length != sizeof salt) {
        return core::Error{"bad_salt", "the salt must be 32 hex digits", "salt"};
    }
    constexpr unsigned long long kPasses = 2;
    constexpr size_t kMemoryBytes = 8u * 1024 * 1024;
    uint8_t hash[32];
    if (crypto_pwhash(hash, sizeof hash, secret.data(), secret.size(), salt, kPasses, kMemoryBytes,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return core::Error{"out_of_memory", "Argon2id could not get its 8 MiB", ""};
    }
    return to_hex(hash, sizeof hash);
}

core::Result<std::string> sha256_file(const std::filesystem::path& path) {
    ensure_sodium();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::Error{"io_error", "cannot read " + path.string() + ": " + std::strerror(errno), path.string()};
    }
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        auto got = in.gcount();
        if (got > 0) {
            crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                      static_cast<unsigned long long>(got));
        }
    }
    if (in.bad()) {
        return core::Error{"io_error", "cannot read " + path.string(), path.string()};
    }
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    return to_hex(digest, sizeof digest);
}

std::string PublicKey::hex() const {
    return to_hex(bytes.data(), bytes.size());
}

SecretKey::SecretKey() = default;
SecretKey::~SecretKey() {
    sodium_memzero(m_secret.data(), m_secret.size());
}
SecretKey::SecretKey(const SecretKey& other) = default;
SecretKey& SecretKey::operator=(const SecretKey& other) = default;

SecretKey SecretKey::generate() {
    ensure_sodium();
    SecretKey key;
    uint8_t public_key[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(public_key, key.m_secret.data());
    return key;
}

core::Result<SecretKey> SecretKey::from_seed_hex(std::string_view text) {
    ensure_sodium();
    std::array<uint8_t, crypto_sign_SEEDBYTES> seed{};
    if (!from_hex(trim(text), seed.data(), seed.size())) {
        return core::Error{"bad_key", "a secret key file holds 64 hex digits", ""};
    }
    SecretKey key;
    uint8_t public_key[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_seed_keypair(public_key, key.m_secret.data(), seed.data());
    sodium_memzero(seed.data(), seed.size());
    return key;
}

PublicKey SecretKey::public_key() const {
    PublicKey key;
    crypto_sign_ed25519_sk_to_pk(key.bytes.data(), m_secret.data());
    return key;
}

std::string SecretKey::seed_hex() const {
    uint8_t seed[crypto_sign_SEEDBYTES];
    crypto_sign_ed25519_sk_to_seed(seed, m_secret.data());
    std::string hex = to_hex(seed, sizeof seed);
    sodium_memzero(seed, sizeof seed);
    return hex;
}

std::string SecretKey::sign_hex(std::string_view message) const {
    ensure_sodium();
    uint8_t signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         m_secret.data());
    return to_hex(signature, sizeof signature);
}

core::Result<PublicKey> parse_public_key(std::string_view text) {
    PublicKey key;
    if (!from_hex(trim(text), key.bytes.data(), key.bytes.size())) {
        return core::Error{"bad_key", "a public key is 64 hex digits", ""};
    }
    return key;
}

core::Result<PublicKey> load_public_key(const std::string& text_or_path) {
    auto direct = parse_public_key(text_or_path);
    if (direct.ok()) {
        return direct;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(text_or_path, ec)) {
        return core::Error{"bad_key", "'" + text_or_path + "' is neither 64 hex digits nor a public key file", ""};
    }
    auto text = read_file(text_or_path);
    if (!text.ok()) {
        return text.error();
    }
    auto from_file = parse_public_key(*text);
    if (!from_file.ok()) {
        return core::Error{"bad_key", text_or_path + ": a public key file holds 64 hex digits", ""};
    }
    return from_file;
}

core::Result<bool> write_secret_key(const std::filesystem::path& path, const SecretKey& key) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return core::Error{"io_error", "cannot create " + path.string() + ": " + std::strerror(errno), path.string()};
    }
    std::string text = key.seed_hex() + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    sodium_memzero(text.data(), text.size());
    if (!ok) {
        return core::Error{"io_error", "cannot write " + path.string(), path.string()};
    }
    return true;
}

core::Result<SecretKey> read_secret_key(const std::filesystem::path& path) {
    auto text = read_file(path);
    if (!text.ok()) {
        return text.error();
    }
    auto key = SecretKey::from_seed_hex(*text);
    sodium_memzero(text->data(), text->size());
    if (!key.ok()) {
        return core::Error{"bad_key", path.string() + ": a secret key file holds 64 hex digits", path.string()};
    }
    return key;
}

core::Result<bool> verify_manifest_signature(const PublicKey& key, std::string_view manifest,
                                             std::string_view signature_text) {
    ensure_sodium();
    uint8_t signature[crypto_sign_BYTES];
    std::string_view hex = signature_text;
    while (!hex.empty() && std::strchr(" \t\r\n", hex.back()) != nullptr) {
        hex.remove_suffix(1);
    }
    if (!from_hex(hex, signature, sizeof signature)) {
        return core::Error{"bad_signature", "manifest.sig must hold 128 hex digits", "manifest.sig"};
    }
    if (crypto_sign_verify_detached(signature, reinterpret_cast<const unsigned char*>(manifest.data()), manifest.size(),
                                    key.bytes.data()) != 0) {
        return core::Error{"bad_signature", "signature does not match the public key and manifest", "manifest.sig"};
    }
    return true;
}

}  // namespace xiangke::platform
