#include "http/byte_range.h"

#include <optional>

namespace xiangke::backend {
namespace {

std::optional<int64_t> parse_number(std::string_view text) {
    if (text.empty() || text.size() > 18) {
        return std::nullopt;
    }
    int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

ByteRange parse_byte_range(std::string_view header, int64_t size) {
    ByteRange whole{ByteRange::Kind::Whole, 0, size};
    constexpr std::string_view kUnit = "bytes=";
    if (header.substr(0, kUnit.size()) != kUnit) {
        return whole;
    }
    std::string_view spec = header.substr(kUnit.size());
    if (spec.find(',') != std::string_view::npos) {
        return whole;
    }
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) {
        return whole;
    }
    auto first = spec.substr(0, dash);
    auto last = spec.substr(dash + 1);
    if (first.empty()) {  // "-N": the last N bytes
        auto suffix = parse_number(last);
        if (!suffix) {
            return whole;
        }
        if (*suffix == 0 || size == 0) {
            return {ByteRange::Kind::Unsatisfiable, 0, 0};
        }
        int64_t length = *suffix < size ? *suffix : size;
        return {ByteRange::Kind::Part, size - length, length};
    }
    auto start = parse_number(first);
    if (!start) {
        return whole;
    }
    int64_t end = size - 1;
    if (!last.empty()) {
        auto parsed = parse_number(last);
        if (!parsed || *parsed < *start) {
            return whole;
        }
        end = *parsed < end ? *parsed : end;
    }
    if (*start >= size) {
        return {ByteRange::Kind::Unsatisfiable, 0, 0};
    }
    return {ByteRange::Kind::Part, *start, end - *start + 1};
}

}  // namespace xiangke::backend
