#include "ui/keyboard/typed_text.h"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <string>

namespace xiangke::kiosk::ui {
namespace {

// The font one character is drawn from at `px`: the largest not larger than `px` that has it.
const ImFont* font_for(const Theme& theme, unsigned int c, float px) {
    const ImFont* fonts[] = {theme.huge, theme.large, theme.body};
    for (const ImFont* font : fonts) {
        if (font != nullptr && font->FontSize <= px + 0.5f &&
            font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr) {
            return font;
        }
    }
    return theme.body;  // draws the fallback glyph: a gap a test can see
}

// Calls `run(font, begin, end)` for each stretch of characters drawn from one font.
template <class Run>
void for_each_run(const Theme& theme, std::string_view text, float px, Run run) {
    const char* p = text.data();
    const char* end = p + text.size();
    const char* run_begin = p;
    const ImFont* run_font = nullptr;
    while (p < end) {
        unsigned int c = 0;
        int length = ImTextCharFromUtf8(&c, p, end);
        length = length > 0 ? length : 1;
        const ImFont* font = font_for(theme, c, px);
        if (run_font != nullptr && font != run_font) {
            run(run_font, run_begin, p);
            run_begin = p;
        }
        run_font = font;
        p += length;
    }
    if (run_font != nullptr) {
        run(run_font, run_begin, end);
    }
}

}  // namespace

float typed_text_px(const UiContext& ctx) {
    return ctx.text_font()->FontSize;
}

float query_text_px(const UiContext& ctx) {
    return ctx.heading_font()->FontSize;
}

ImVec2 typed_text_size(const UiContext& ctx, std::string_view text, float px) {
    float width = 0.0f;
    for_each_run(ctx.theme, text, px, [&](const ImFont* font, const char* begin, const char* end) {
        width += font->CalcTextSizeA(px, FLT_MAX, 0, begin, end).x;
    });
    return ImVec2(width, px);
}

void draw_typed_text(UiContext& ctx, ImDrawList* draw, ImVec2 pos, std::string_view text, float px, ImU32 colour) {
    float x = pos.x;
    for_each_run(ctx.theme, text, px, [&](const ImFont* font, const char* begin, const char* end) {
        draw->AddText(font, px, ImVec2(x, pos.y), colour, begin, end);
        x += font->CalcTextSizeA(px, FLT_MAX, 0, begin, end).x;
    });
    ctx.recorder.record(std::string(text), pos, ImVec2(x, pos.y + px), false);
}

}  // namespace xiangke::kiosk::ui
