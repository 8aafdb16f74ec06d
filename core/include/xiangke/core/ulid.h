#pragma once
// ULID (Universally Unique Lexicographically Sortable Identifier): request ids and op ids.
// 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace xiangke::core {

using RandomBytes = std::function<void(uint8_t* out, size_t size)>;

// Makes ULIDs that sort in creation order even within one millisecond: when the clock has not
// advanced (or went backwards) the previous random part is incremented instead of redrawn.
// Not thread-safe; own one per thread or guard it.
class UlidGenerator {
public:
    explicit UlidGenerator(RandomBytes random) : m_random(std::move(random)) {}
    std::string next(int64_t now_ms);

private:
    RandomBytes m_random;
    int64_t m_last_ms = -1;
    std::array<uint8_t, 10> m_last_random{};
};

bool is_valid_ulid(std::string_view text);
// The millisecond timestamp encoded in a valid ULID.
int64_t ulid_time_ms(std::string_view ulid);
std::string encode_ulid(int64_t time_ms, const std::array<uint8_t, 10>& random);

}  // namespace xiangke::core
