#pragma once
// The font atlas: WenQuanYi Micro Hei through ImGui's FreeType builder, with only the glyphs the
// kiosk can show (the string catalogue plus installed content) at three sizes. A small atlas
// keeps start-up fast and memory low (PLATFORM-NOTES: the full CJK range costs 1.3 s, 283 MB).
#include <string>
#include <vector>

#include "ui/theme.h"
#include "xiangke/core/result.h"

namespace xiangke::kiosk::ui {

inline constexpr const char* kDefaultFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

struct GlyphSet {
    std::string body_text;  // everything shown at body/large size (catalogue + content text)
    std::string huge_text;  // shown at huge size (catalogue + titles + digits)
};

// The catalogue strings plus printable ASCII and common punctuation.
GlyphSet catalogue_glyphs();

// Rebuilds io.Fonts with the glyph set and stores the three fonts in `theme`.
core::Result<bool> build_font_atlas(Theme& theme, const GlyphSet& glyphs, const std::string& font_path);

// Code points in `text` that the atlas has no glyph for (after build_font_atlas).
std::vector<unsigned int> missing_glyphs(const ImFont* font, const std::string& text);

}  // namespace xiangke::kiosk::ui
