#pragma once
// Enums whose values have wire names keep them in a std::array indexed by the enum's value; this
// finds a name's position (private to core's sources).
#include <array>
#include <cstddef>
#include <string_view>

namespace xiangke::core {

// The position of `name` in `names`, or -1 when it is not there.
template <size_t N>
int index_of(const std::array<std::string_view, N>& names, std::string_view name) {
    for (size_t i = 0; i < N; ++i) {
        if (names[i] == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace xiangke::core
