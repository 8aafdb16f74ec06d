#include "ui/fonts.h"

#include <imgui_freetype.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <filesystem>

#include "ui/strings.h"

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
    GlyphSet set;
    for (int i = 0; i < kStringCount; ++i) {
        set.body_text += text_at(i);
    }
    for (auto word : search_suggestions()) {
        set.body_text += word;
    }
    set.body_text += kAlwaysIncluded;
    set.huge_text = set.body_text;
    return set;
}

core::Result<bool> build_font_atlas(Theme& theme, const GlyphSet& glyphs, const std::string& font_path) {
    if (!std::filesystem::exists(font_path)) {
        return core::Error{"font_missing", "font not found: " + font_path + " (install fonts-wqy-microhei)", ""};
    }
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    io.Fonts->TexDesiredWidth = 2048;

    // ImGui keeps pointers to the ranges until the atlas is rebuilt: they must outlive it.
    static ImVector<ImWchar> body_ranges;
    static ImVector<ImWchar> huge_ranges;
    body_ranges.clear();
    huge_ranges.clear();
    build_ranges(glyphs.body_text, body_ranges);
    build_ranges(glyphs.huge_text, huge_ranges);

    ImFontConfig config;
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    theme.body = io.Fonts->AddFontFromFileTTF(font_path.c_str(), theme.body_px, &config, body_ranges.Data);
    theme.large = io.Fonts->AddFontFromFileTTF(font_path.c_str(), theme.large_px, &config, body_ranges.Data);
    theme.huge = io.Fonts->AddFontFromFileTTF(font_path.c_str(), theme.huge_px, &config, huge_ranges.Data);
    if (theme.body == nullptr || theme.large == nullptr || theme.huge == nullptr || !io.Fonts->Build()) {
        return core::Error{"font_build_failed", "cannot build the font atlas from " + font_path, ""};
    }
    io.FontDefault = theme.body;
    return true;
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
