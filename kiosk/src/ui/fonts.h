#pragma once
// The font atlas: WenQuanYi Micro Hei through ImGui's FreeType builder, with only the glyphs the
// kiosk can show (the string catalogue, installed content, enrollment and sync texts) at three
// sizes. A small atlas keeps start-up fast and memory low (PLATFORM-NOTES: the full CJK range
// costs 1.3 s and 283 MB). Atlases are built off the UI thread and swapped in between frames.
#include <memory>
#include <string>
#include <vector>

#include "ui/theme.h"
#include "xiangke/core/result.h"

namespace xiangke::kiosk::ui {

inline constexpr const char* kDefaultFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// The characters needed at each size.
struct GlyphSet {
    std::string body_text;   // body size: UI text, article bodies
    std::string large_text;  // large size: headings, and article bodies in large-text mode
    std::string huge_text;   // huge size: tiles, codes, headings in large-text mode
};

// The catalogue strings plus printable ASCII and common punctuation, at every size.
GlyphSet catalogue_glyphs();
void add_to_every_size(GlyphSet& set, const std::string& text);

// A built atlas and its three fonts. The glyph ranges live here because ImGui keeps pointers to
// them for the atlas' lifetime.
struct FontSet {
    std::unique_ptr<ImFontAtlas> atlas;
    ImFont* body = nullptr;
    ImFont* large = nullptr;
    ImFont* huge = nullptr;
    ImVector<ImWchar> body_ranges;
    ImVector<ImWchar> large_ranges;
    ImVector<ImWchar> huge_ranges;
};

// Builds an atlas at the theme's sizes. Touches no ImGui context: safe on a worker thread.
core::Result<std::unique_ptr<FontSet>> build_font_set(const Theme& sizes, const GlyphSet& glyphs,
                                                      const std::string& font_path);
// Points the theme at the set's fonts (the caller makes the set's atlas the context's).
void use_fonts(Theme& theme, const FontSet& set);

// Code points in `text` that the font has no glyph for.
std::vector<unsigned int> missing_glyphs(const ImFont* font, const std::string& text);

}  // namespace xiangke::kiosk::ui
