#include "font_coverage.h"

#include <ft2build.h>
#include FT_FREETYPE_H

namespace xiangke::content {

struct FontCoverage::Impl {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
};

core::Result<std::unique_ptr<FontCoverage>> FontCoverage::open(const std::string& font_path) {
    std::unique_ptr<FontCoverage> coverage(new FontCoverage());
    coverage->m_impl = std::make_unique<Impl>();
    if (FT_Init_FreeType(&coverage->m_impl->library) != 0) {
        return core::Error{"font_error", "FreeType could not be initialised", ""};
    }
    if (FT_New_Face(coverage->m_impl->library, font_path.c_str(), 0, &coverage->m_impl->face) != 0) {
        return core::Error{"font_error", "cannot open the kiosk font " + font_path + " (install fonts-wqy-microhei)",
                           ""};
    }
    return coverage;
}

FontCoverage::~FontCoverage() {
    if (m_impl) {
        if (m_impl->face != nullptr) {
            FT_Done_Face(m_impl->face);
        }
        if (m_impl->library != nullptr) {
            FT_Done_FreeType(m_impl->library);
        }
    }
}

bool FontCoverage::has_glyph(char32_t code_point) {
    auto cached = m_cache.find(code_point);
    if (cached != m_cache.end()) {
        return cached->second;
    }
    bool has = FT_Get_Char_Index(m_impl->face, static_cast<FT_ULong>(code_point)) != 0;
    m_cache.emplace(code_point, has);
    return has;
}

}  // namespace xiangke::content
