#include "web/image_check.h"

namespace xiangke::backend::web {
namespace {

unsigned byte_at(std::string_view bytes, size_t i) {
    return static_cast<unsigned char>(bytes[i]);
}

uint32_t big_endian(std::string_view bytes, size_t at, int width) {
    uint32_t value = 0;
    for (int i = 0; i < width; ++i) {
        value = (value << 8) | byte_at(bytes, at + static_cast<size_t>(i));
    }
    return value;
}

core::Error bad_image(const std::string& why) {
    return core::Error{"bad_image", why, "photo"};
}

core::Result<ImageInfo> checked(ImageInfo info) {
    if (info.width < 1 || info.height < 1 || info.width > kMaxPhotoSide || info.height > kMaxPhotoSide) {
        return bad_image("the image dimensions are impossible");
    }
    return info;
}

core::Result<ImageInfo> inspect_png(std::string_view bytes) {
    // Signature (8), IHDR length (4) = 13, "IHDR", width (4), height (4).
    if (bytes.size() < 33 || big_endian(bytes, 8, 4) != 13 || bytes.substr(12, 4) != "IHDR") {
        return bad_image("the PNG header chunk is missing");
    }
    return checked({"png", static_cast<int>(big_endian(bytes, 16, 4) & 0x7fffffff),
                    static_cast<int>(big_endian(bytes, 20, 4) & 0x7fffffff)});
}

bool is_start_of_frame(unsigned marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

core::Result<ImageInfo> inspect_jpeg(std::string_view bytes) {
    size_t pos = 2;  // after SOI
    while (pos + 4 <= bytes.size()) {
        if (byte_at(bytes, pos) != 0xff) {
            return bad_image("the JPEG segments are broken");
        }
        unsigned marker = byte_at(bytes, pos + 1);
        if (marker == 0xff) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {  // no length
            pos += 2;
            continue;
        }
        if (marker == 0xda || marker == 0xd9) {
            return bad_image("the JPEG has no frame header before its image data");
        }
        size_t length = big_endian(bytes, pos + 2, 2);
        if (length < 2 || pos + 2 + length > bytes.size()) {
            return bad_image("a JPEG segment runs past the end of the file");
        }
        if (is_start_of_frame(marker)) {
            if (length < 7) {
                return bad_image("the JPEG frame header is too short");
            }
            return checked({"jpeg", static_cast<int>(big_endian(bytes, pos + 7, 2)),
                            static_cast<int>(big_endian(bytes, pos + 5, 2))});
        }
        pos += 2 + length;
    }
    return bad_image("the JPEG has no frame header");
}

}  // namespace

core::Result<ImageInfo> inspect_photo(std::string_view bytes) {
    if (bytes.size() > kMaxPhotoBytes) {
        return core::Error{"photo_too_large", "a photo may be at most 5 MB", "photo"};
    }
    if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
        return inspect_png(bytes);
    }
    if (bytes.size() >= 3 && byte_at(bytes, 0) == 0xff && byte_at(bytes, 1) == 0xd8 && byte_at(bytes, 2) == 0xff) {
        return inspect_jpeg(bytes);
    }
    return core::Error{"not_an_image", "a photo must be a JPEG or PNG image", "photo"};
}

}  // namespace xiangke::backend::web
