#include "ui/rich_text.h"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <string>

namespace xiangke::kiosk::ui {
namespace {

bool is_closing_punctuation(unsigned int c) {
    switch (c) {
        case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F: case 0xFF01:
        case 0xFF09: case 0x300B: case 0x3011: case 0x201D: case 0x2019: case 0x2026: case ',': case '.':
        case ';': case ':': case '?': case '!': case ')':
            return true;
        default:
            return false;
    }
}

bool is_word_char(unsigned int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct Segment {
    const TextSpan* span;
    size_t begin;
    size_t end;
    float x;
    int line;
};

}  // namespace

void rich_text(UiContext& ctx, const std::vector<TextSpan>& spans, ImFont* font, ImU32 colour, float wrap_width) {
    const float size = font->FontSize;
    const float line_height = size * 1.45f;  // generous leading for older readers
    std::vector<Segment> segments;
    float x = 0;
    int line = 0;
    std::string all_text;
    for (const auto& span : spans) {
        all_text += span.text;
        const std::string& t = span.text;
        size_t i = 0;
        size_t seg_begin = 0;
        float seg_x = x;
        while (i < t.size()) {
            unsigned int c = 0;
            int len = ImTextCharFromUtf8(&c, t.c_str() + i, t.c_str() + t.size());
            len = len > 0 ? len : 1;
            if (c == '\n') {
                segments.push_back({&span, seg_begin, i, seg_x, line});
                ++line;
                x = 0;
                i += static_cast<size_t>(len);
                seg_begin = i;
                seg_x = 0;
                continue;
            }
            // Measure a whole Latin word at once so it is not split.
            size_t unit_end = i + static_cast<size_t>(len);
            float advance = font->GetCharAdvance(static_cast<ImWchar>(c)) * size / font->FontSize;
            if (is_word_char(c)) {
                while (unit_end < t.size()) {
                    unsigned int d = 0;
                    int dl = ImTextCharFromUtf8(&d, t.c_str() + unit_end, t.c_str() + t.size());
                    if (!is_word_char(d)) {
                        break;
                    }
                    advance += font->GetCharAdvance(static_cast<ImWchar>(d));
                    unit_end += static_cast<size_t>(dl > 0 ? dl : 1);
                }
            }
            bool overflows = x + advance > wrap_width && x > 0;
            if (overflows && !is_closing_punctuation(c)) {
                segments.push_back({&span, seg_begin, i, seg_x, line});
                ++line;
                x = 0;
                seg_begin = i;
                seg_x = 0;
                if (c == ' ') {  // a space at a line break is dropped
                    i = unit_end;
                    seg_begin = i;
                    continue;
                }
            }
            x += advance;
            i = unit_end;
        }
        segments.push_back({&span, seg_begin, t.size(), seg_x, line});
    }

    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (const auto& s : segments) {
        if (s.begin >= s.end) {
            continue;
        }
        ImVec2 pos(origin.x + s.x, origin.y + static_cast<float>(s.line) * line_height);
        const char* begin = s.span->text.c_str() + s.begin;
        const char* end = s.span->text.c_str() + s.end;
        ImU32 c = s.span->strong ? ctx.theme.primary : colour;
        draw->AddText(font, size, pos, c, begin, end);
        if (s.span->strong) {
            draw->AddText(font, size, ImVec2(pos.x + 1.0f, pos.y), c, begin, end);  // faux bold
        }
        if (s.span->emphasis) {
            float w = font->CalcTextSizeA(size, FLT_MAX, 0, begin, end).x;
            draw->AddLine(ImVec2(pos.x, pos.y + size * 1.1f), ImVec2(pos.x + w, pos.y + size * 1.1f), c, 1.5f);
        }
    }
    ImVec2 box(wrap_width, static_cast<float>(line + 1) * line_height);
    ImGui::Dummy(box);
    ctx.recorder.record(all_text, origin, ImVec2(origin.x + box.x, origin.y + box.y), false);
}

}  // namespace xiangke::kiosk::ui
