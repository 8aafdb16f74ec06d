#pragma once
// Which characters the kiosk font can draw: WenQuanYi Micro Hei (Debian fonts-wqy-microhei),
// asked through FreeType. A character without a glyph would show as a box or '?' on the kiosk.
#include <map>
#include <memory>
#include <string>

#include "xiangke/core/result.h"

namespace xiangke::content {

inline constexpr const char* kKioskFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

class FontCoverage {
public:
    static core::Result<std::unique_ptr<FontCoverage>> open(const std::string& font_path);
    ~FontCoverage();
    FontCoverage(const FontCoverage&) = delete;
    FontCoverage& operator=(const FontCoverage&) = delete;

    bool has_glyph(char32_t code_point);

private:
    FontCoverage() = default;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::map<char32_t, bool> m_cache;
};

}  // namespace xiangke::content
