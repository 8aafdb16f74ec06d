#pragma once
// Checks an uploaded photo by its content, never by its name or declared type: JPEG or PNG magic
// bytes, and dimensions parsed from the JPEG frame header or the PNG IHDR chunk.
#include <cstdint>
#include <string>
#include <string_view>

#include "xiangke/core/result.h"

namespace xiangke::backend::web {

inline constexpr size_t kMaxPhotoBytes = 5 * 1024 * 1024;
inline constexpr int kMaxPhotoSide = 20'000;

struct ImageInfo {
    std::string format;  // "jpeg" or "png"
    int width = 0;
    int height = 0;
};

// Error codes: "photo_too_large", "not_an_image" (neither JPEG nor PNG), "bad_image" (the header
// cannot be read or gives impossible dimensions).
core::Result<ImageInfo> inspect_photo(std::string_view bytes);

}  // namespace xiangke::backend::web
