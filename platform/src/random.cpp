#include "xiangke/platform/random.h"

#include <sodium.h>

#include <cstdlib>

#include "xiangke/core/time.h"

namespace xiangke::platform {
namespace {

void ensure_sodium() {
    static const bool ready = [] {
        if (sodium_init() < 0) {
            std::abort();  // no entropy source: nothing secure can be made
        }
        return true;
    }();
    (void)ready;
}

}  // namespace

void random_bytes(uint8_t* out, size_t size) {
    ensure_sodium();
    randombytes_buf(out, size);
}

core::RandomBytes secure_random_source() { return random_bytes; }

uint64_t random_u64() {
    uint64_t value = 0;
    random_bytes(reinterpret_cast<uint8_t*>(&value), sizeof value);
    return value;
}

std::string random_hex(size_t bytes) {
    std::string raw(bytes, '\0');
    random_bytes(reinterpret_cast<uint8_t*>(raw.data()), bytes);
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), bytes);
    hex.pop_back();
    return hex;
}

std::string new_ulid() {
    thread_local core::UlidGenerator generator(secure_random_source());
    return generator.next(core::system_now_ms());
}

}  // namespace xiangke::platform
