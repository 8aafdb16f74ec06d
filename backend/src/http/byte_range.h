#pragma once
// The Range header of a blob download (RFC 9110 §14): one range is served as 206; several
// ranges are ignored (the whole blob is sent, which the RFC allows); a range that starts past
// the end is unsatisfiable (416).
#include <cstdint>
#include <string_view>

namespace xiangke::backend {

struct ByteRange {
    enum class Kind { Whole, Part, Unsatisfiable };
    Kind kind = Kind::Whole;
    int64_t offset = 0;
    int64_t length = 0;  // bytes to send
};

ByteRange parse_byte_range(std::string_view header, int64_t size);

}  // namespace xiangke::backend
