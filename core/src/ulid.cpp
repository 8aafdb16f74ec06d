#include "xiangke/core/ulid.h"

namespace xiangke::core {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int64_t kMaxTime = (int64_t{1} << 48) - 1;

int crockford_value(char c) {
    if (c >= 'a' && c <= 'z') {
        c = static_cast<char>(c - 'a' + 'A');
    }
    auto pos = kCrockford.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Increments the 80-bit big-endian number; returns false on overflow.
bool increment(std::array<uint8_t, 10>& bytes) {
    for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
        if (++*it != 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string encode_ulid(int64_t time_ms, const std::array<uint8_t, 10>& random) {
    std::string out(26, '0');
    uint64_t t = static_cast<uint64_t>(time_ms) & static_cast<uint64_t>(kMaxTime);
    for (int i = 9; i >= 0; --i) {
        out[static_cast<size_t>(i)] = kCrockford[t & 31];
        t >>= 5;
    }
    // 80 random bits are exactly 16 base32 characters.
    int bit_pos = 0;
    for (size_t i = 0; i < 16; ++i) {
        int value = 0;
        for (int b = 0; b < 5; ++b, ++bit_pos) {
            int byte = bit_pos / 8;
            int shift = 7 - bit_pos % 8;
            value = (value << 1) | ((random[static_cast<size_t>(byte)] >> shift) & 1);
        }
        out[10 + i] = kCrockford[static_cast<size_t>(value)];
    }
    return out;
}

std::string UlidGenerator::next(int64_t now_ms) {
    if (now_ms > m_last_ms) {
        m_random(m_last_random.data(), m_last_random.size());
        m_last_ms = now_ms;
    } else if (!increment(m_last_random)) {
        // Random part exhausted within one millisecond: borrow the next millisecond.
        ++m_last_ms;
        m_random(m_last_random.data(), m_last_random.size());
    }
    return encode_ulid(m_last_ms, m_last_random);
}

bool is_valid_ulid(std::string_view text) {
    if (text.size() != 26) {
        return false;
    }
    for (char c : text) {
        if (crockford_value(c) < 0) {
            return false;
        }
    }
    // The first character carries only 3 bits of the 48-bit time.
    return crockford_value(text[0]) <= 7;
}

int64_t ulid_time_ms(std::string_view ulid) {
    int64_t t = 0;
    for (size_t i = 0; i < 10; ++i) {
        t = (t << 5) | crockford_value(ulid[i]);
    }
    return t;
}

}  // namespace xiangke::core
