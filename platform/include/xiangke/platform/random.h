#pragma once
#include <cstdint>
#include <string>

#include "xiangke/core/ulid.h"

namespace xiangke::platform {

// Cryptographically secure random bytes (libsodium).
void random_bytes(uint8_t* out, size_t size);
core::RandomBytes secure_random_source();
uint64_t random_u64();
// `bytes` random bytes as lowercase hex.
std::string random_hex(size_t bytes);
// A fresh ULID from the system clock (one generator per thread).
std::string new_ulid();

}  // namespace xiangke::platform
