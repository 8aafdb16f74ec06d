// Photos are checked by content: magic bytes, then dimensions parsed from the headers.
#include <gtest/gtest.h>

#include "web/image_check.h"

using namespace xiangke::backend::web;

namespace {

std::string png(uint32_t width, uint32_t height) {
    std::string out("\x89PNG\r\n\x1a\n", 8);
    out += std::string("\0\0\0\x0d", 4) + "IHDR";
    for (uint32_t v : {width, height}) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((v >> shift) & 0xff));
        }
    }
    out += std::string("\x08\x02\0\0\0", 5) + std::string(4, '\0');
    return out;
}

// SOI, an APP0 segment, then a baseline frame header (SOF0) of width x height.
std::string jpeg(int width, int height) {
    std::string out = "\xff\xd8";
    out += std::string("\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    out += std::string("\xff\xc0\x00\x11\x08", 5);
    out.push_back(static_cast<char>(height >> 8));
    out.push_back(static_cast<char>(height & 0xff));
    out.push_back(static_cast<char>(width >> 8));
    out.push_back(static_cast<char>(width & 0xff));
    out += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    out += "\xff\xd9";
    return out;
}

}  // namespace

TEST(WebImageCheck, ReadsPngDimensions) {
    auto info = inspect_photo(png(640, 480));
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->format, "png");
    EXPECT_EQ(info->width, 640);
    EXPECT_EQ(info->height, 480);
}

TEST(WebImageCheck, ReadsJpegDimensionsFromTheFrameHeader) {
    auto info = inspect_photo(jpeg(1024, 768));
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->format, "jpeg");
    EXPECT_EQ(info->width, 1024);
    EXPECT_EQ(info->height, 768);
}

TEST(WebImageCheck, RefusesWhatIsNotAJpegOrPng) {
    EXPECT_EQ(inspect_photo("GIF89a....").error().code, "not_an_image");
    EXPECT_EQ(inspect_photo("<svg></svg>").error().code, "not_an_image");
    EXPECT_EQ(inspect_photo("").error().code, "not_an_image");
}

TEST(WebImageCheck, RefusesBrokenHeadersAndImpossibleSizes) {
    EXPECT_EQ(inspect_photo(png(640, 480).substr(0, 20)).error().code, "bad_image");
    EXPECT_EQ(inspect_photo(png(0, 480)).error().code, "bad_image");
    EXPECT_EQ(inspect_photo(png(100'000, 10)).error().code, "bad_image");
    EXPECT_EQ(inspect_photo(jpeg(0, 10)).error().code, "bad_image");
    // JPEG magic then garbage: no frame header.
    EXPECT_EQ(inspect_photo(std::string("\xff\xd8\xff\xe0\x00\x04\x00\x00\x12\x34", 10)).error().code, "bad_image");
    // A segment length that runs past the end.
    EXPECT_EQ(inspect_photo(std::string("\xff\xd8\xff\xe0\x7f\xff\x00", 7)).error().code, "bad_image");
}

TEST(WebImageCheck, RefusesPhotosOver5MB) {
    std::string big = png(640, 480);
    big.resize(kMaxPhotoBytes + 1, '\0');
    EXPECT_EQ(inspect_photo(big).error().code, "photo_too_large");
    big.resize(kMaxPhotoBytes);
    EXPECT_TRUE(inspect_photo(big).ok());
}
