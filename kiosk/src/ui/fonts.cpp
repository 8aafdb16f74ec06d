#include "ui/fonts.h"

#include <imgui_freetype.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <filesystem>

#include "app/strings.h"

namespace xiangke::kiosk::ui {
namespace {

// ASCII, CJK punctuation, full-width forms the UI uses, and digits in every size.
constexpr const char* kAlwaysIncluded =
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
    "，。、；：？！“”‘’（）《》【】…—·～￥％＊０１２３４５６７８９ⅠⅡⅢ①②③④⑤⑥⑦⑧⑨⑩℃×÷±≤≥→←↑↓★☆●○■□▲△";

void build_ranges(const std::string& text, ImVector<ImWchar>& out) {
    ImFontGlyphRangesBuilder builder;
    builder.AddText(text.c_str(), text.c_str() + text.size());
    builder.AddChar(0xFFFD);  // shown for anything missing, so a gap is visible in tests
    builder.BuildRanges(&out);
}

}  // namespace

GlyphSet catalogue_glyphs() {
    std::string text;
    for (int i = 0; i < kStringCount; ++i) {
        text += text_at(i);
    }
    for (auto word : search_suggestions()) {
        text += word;
    }
    text += kAlwaysIncluded;
    return GlyphSet{text, text, text};
}

void add_to_every_size(GlyphSet& set, const std::string& text) {
    set.body_text += text;
    set.large_text += text;
    set.huge_text += text;
}

core::Result<std::unique_ptr<FontSet>> build_font_set(const Theme& sizes, const GlyphSet& glyphs,
                                                      const std::string& font_path) {
    if (!std::filesystem::exists(font_path)) {
        return core::Error{"font_missing", "font not found: " + font_path + " (install fonts-wqy-microhei)", ""};
    }
    auto set = std::make_unique<FontSet>();
    set->atlas = std::make_unique<ImFontAtlas>();
    ImFontAtlas& atlas = *set->atlas;
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    atlas.TexDesiredWidth = 2048;
    // The software renderer needs no power-of-two texture: rounding the height up would waste
    // up to half of a texture that costs 4 bytes a pixel, twice (atlas copy and SDL texture).
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    build_ranges(glyphs.body_text, set->body_ranges);
    build_ranges(glyphs.large_text, set->large_ranges);
    build_ranges(glyphs.huge_text, set->huge_ranges);

    ImFontConfig config;
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    set->body = atlas.AddFontFromFileTTF(font_path.c_str(), sizes.body_px, &config, set->body_ranges.Data);
    set->large = atlas.AddFontFromFileTTF(font_path.c_str(), sizes.large_px, &config, set->large_ranges.Data);
    set->huge = atlas.AddFontFromFileTTF(font_path.c_str(), sizes.huge_px, &config, set->huge_ranges.Data);
    if (set->body == nullptr || set->large == nullptr || set->huge == nullptr || !atlas.Build()) {
        return core::Error{"font_build_failed", "cannot build the font atlas from " + font_path, ""};
    }
    return set;
}

void use_fonts(Theme& theme, const FontSet& set) {
    theme.body = set.body;
    theme.large = set.large;
    theme.huge = set.huge;
}

std::vector<unsigned int> missing_glyphs(const ImFont* font, const std::string& text) {
    std::vector<unsigned int> missing;
    const char* p = text.c_str();
    const char* end = p + text.size();
    while (p < end) {
        unsigned int c = 0;
        int length = ImTextCharFromUtf8(&c, p, end);
        p += length > 0 ? length : 1;
        if (c == '\n' || c == '\r' || c == '\t') {
            continue;
        }
        if (font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) {
            missing.push_back(c);
        }
    }
    return missing;
}

}  // namespace xiangke::kiosk::ui
