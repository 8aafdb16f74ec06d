#include "ui/widgets.h"

#include "ui/pictograms.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace xiangke::kiosk::ui {

void FrameRecorder::record(std::string text, ImVec2 min, ImVec2 max, bool touch_target) {
    if (!ImGui::IsRectVisible(min, max)) {
        return;
    }
    m_items.push_back({std::move(text), min, max, touch_target});
}

namespace {

ImVec2 text_size(ImFont* font, std::string_view s, float wrap = 0.0f) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, s.data(), s.data() + s.size());
}

}  // namespace

float button_width(const UiContext& ctx, std::string_view label, const ButtonStyle& style) {
    const Theme& t = ctx.theme;
    ImFont* font = style.font ? style.font : ctx.text_font();
    float content = text_size(font, label).x + (style.icon == Icon::None ? 0.0f : font->FontSize + t.gap * 0.5f);
    return std::max(t.min_touch_px, content + t.gap * 1.5f);
}

bool button(UiContext& ctx, const char* id, std::string_view label, ImVec2 size, const ButtonStyle& style) {
    const Theme& t = ctx.theme;
    size.x = std::max(size.x, button_width(ctx, label, style));
    size.y = std::max(size.y, t.min_touch_px);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool tapped = ImGui::InvisibleButton(id, size);
    bool held = ImGui::IsItemActive();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    draw->AddRectFilled(pos, max, style.fill ? style.fill : t.panel, t.rounding);
    if (held) {
        draw->AddRectFilled(pos, max, t.pressed_tint, t.rounding);
    }
    ImFont* font = style.font ? style.font : ctx.text_font();
    ImU32 colour = style.text ? style.text : t.text;
    ImVec2 label_size = text_size(font, label);
    float icon_size = style.icon == Icon::None ? 0.0f : font->FontSize;
    float content_width = label_size.x + (icon_size > 0 ? icon_size + t.gap * 0.5f : 0.0f);
    float x = pos.x + std::max(t.gap * 0.5f, (size.x - content_width) * 0.5f);
    float y = pos.y + (size.y - label_size.y) * 0.5f;
    if (style.icon != Icon::None) {
        draw_icon(draw, style.icon, ImVec2(x + icon_size * 0.5f, pos.y + size.y * 0.5f), icon_size, colour);
        x += icon_size + t.gap * 0.5f;
    }
    draw->AddText(font, font->FontSize, ImVec2(x, y), colour, label.data(), label.data() + label.size());
    ctx.recorder.record(std::string(label), pos, max, true);
    return tapped;
}

namespace {

float tile_padding(const Theme& t) {
    return t.gap * 0.5f;
}

float tile_text_height(const Theme& t, bool with_hint) {
    float height = t.huge->FontSize;
    return with_hint ? height + t.gap * 0.25f + t.body->FontSize : height;
}

}  // namespace

float pictogram_tile_height(const UiContext& ctx, float picture, bool with_hint) {
    const Theme& t = ctx.theme;
    return picture + tile_text_height(t, with_hint) + tile_padding(t) * 3.0f;
}

bool tile(UiContext& ctx, const char* id, std::string_view label, std::string_view hint, Icon icon, ImU32 fill,
          ImVec2 size, std::string_view pictogram) {
    const Theme& t = ctx.theme;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool tapped = ImGui::InvisibleButton(id, size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    draw->AddRectFilled(pos, max, fill, t.rounding * 1.5f);
    if (ImGui::IsItemActive()) {
        draw->AddRectFilled(pos, max, t.pressed_tint, t.rounding * 1.5f);
    }
    ImVec2 label_size = text_size(t.huge, label);
    ImVec2 hint_size = hint.empty() ? ImVec2(0, 0) : text_size(t.body, hint);
    float label_y = pos.y + size.y * 0.55f;
    float hint_gap = t.gap * 0.5f;
    ImFont* label_font = t.huge;
    float label_x = pos.x + (size.x - label_size.x) * 0.5f;
    if (!pictogram.empty() && has_pictogram(pictogram)) {
        // Picture, label and hint as one block centred in the tile; the picture takes what is left.
        const float pad = tile_padding(t);
        const float text_h = tile_text_height(t, !hint.empty());
        const float picture =
            std::max(0.0f, std::min({size.x - pad * 2.0f, size.y - text_h - pad * 3.0f, size.y * 0.6f}));
        if (picture >= size.y * 0.4f || !hint.empty()) {
            const float top = pos.y + (size.y - picture - pad - text_h) * 0.5f;
            draw_pictogram(draw, pictogram, ImVec2(pos.x + (size.x - picture) * 0.5f, top), picture);
            label_y = top + picture + pad;
            hint_gap = t.gap * 0.25f;
        } else {
            // Too low for a picture above the name (the keyboard is open): picture left, name right.
            const float side = size.y - pad * 2.0f;
            draw_pictogram(draw, pictogram, ImVec2(pos.x + pad, pos.y + pad), side);
            label_font = t.large;
            label_size = text_size(label_font, label);
            label_x = pos.x + side + pad + std::max(pad, (size.x - side - pad - label_size.x) * 0.5f);
            label_y = pos.y + (size.y - label_size.y) * 0.5f;
        }
    } else {
        float icon_size = std::min(size.y * 0.38f, size.x * 0.3f);
        draw_icon(draw, icon, ImVec2(pos.x + size.x * 0.5f, pos.y + size.y * 0.3f), icon_size, t.text_on_colour);
    }
    draw->AddText(label_font, label_font->FontSize, ImVec2(label_x, label_y), t.text_on_colour, label.data(),
                  label.data() + label.size());
    if (hint.empty()) {
        ctx.recorder.record(std::string(label), pos, max, true);
        return tapped;
    }
    // A hint wider than the tile is drawn smaller rather than spilling over its neighbours.
    float hint_px = t.body->FontSize;
    if (hint_size.x > size.x - t.gap) {
        hint_px *= std::max(0.6f, (size.x - t.gap) / hint_size.x);
        hint_size.x *= hint_px / t.body->FontSize;
    }
    draw->AddText(t.body, hint_px, ImVec2(pos.x + (size.x - hint_size.x) * 0.5f, label_y + label_size.y + hint_gap),
                  t.text_on_colour, hint.data(), hint.data() + hint.size());
    ctx.recorder.record(std::string(label) + " " + std::string(hint), pos, max, true);
    return tapped;
}

void text(UiContext& ctx, std::string_view content, ImFont* font, ImU32 colour, float wrap_width) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float wrap = wrap_width > 0 ? wrap_width : ImGui::GetContentRegionAvail().x;
    ImVec2 size = text_size(font, content, wrap);
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, colour, content.data(),
                                        content.data() + content.size(), wrap);
    ImGui::Dummy(size);
    ctx.recorder.record(std::string(content), pos, ImVec2(pos.x + size.x, pos.y + size.y), false);
}

void highlighted_text(UiContext& ctx, std::string_view content, size_t offset, size_t length, ImFont* font,
                      float wrap_width) {
    // Draw the three parts inline; the highlight is a background behind the match.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    offset = std::min(offset, content.size());
    length = std::min(length, content.size() - offset);
    std::string_view before = content.substr(0, offset);
    std::string_view match = content.substr(offset, length);
    std::string_view after = content.substr(offset + length);
    // Keep it on one line: snippets are short by construction; clip at the wrap width.
    ImVec2 before_size = text_size(font, before);
    ImVec2 match_size = text_size(font, match);
    ImVec2 match_min(origin.x + before_size.x, origin.y);
    draw->AddRectFilled(match_min, ImVec2(match_min.x + match_size.x, match_min.y + match_size.y),
                        ctx.theme.highlight, 4.0f);
    draw->PushClipRect(origin, ImVec2(origin.x + wrap_width, origin.y + font->FontSize * 1.2f), true);
    draw->AddText(font, font->FontSize, origin, ctx.theme.text, before.data(), before.data() + before.size());
    draw->AddText(font, font->FontSize, match_min, ctx.theme.text, match.data(), match.data() + match.size());
    draw->AddText(font, font->FontSize, ImVec2(match_min.x + match_size.x, origin.y), ctx.theme.text, after.data(),
                  after.data() + after.size());
    draw->PopClipRect();
    ImVec2 size(wrap_width, font->FontSize * 1.2f);
    ImGui::Dummy(size);
    ctx.recorder.record(std::string(content), origin, ImVec2(origin.x + size.x, origin.y + size.y), false);
}

void draw_icon(ImDrawList* list, Icon icon, ImVec2 c, float size, ImU32 colour) {
    const float r = size * 0.5f;
    const float w = std::max(2.0f, size * 0.08f);
    switch (icon) {
        case Icon::Learn: {  // an open book
            list->AddQuad(ImVec2(c.x - r, c.y - r * 0.6f), ImVec2(c.x, c.y - r * 0.4f), ImVec2(c.x, c.y + r * 0.7f),
                          ImVec2(c.x - r, c.y + r * 0.5f), colour, w);
            list->AddQuad(ImVec2(c.x + r, c.y - r * 0.6f), ImVec2(c.x, c.y - r * 0.4f), ImVec2(c.x, c.y + r * 0.7f),
                          ImVec2(c.x + r, c.y + r * 0.5f), colour, w);
            break;
        }
        case Icon::Help: {  // a raised hand: palm and fingers
            list->AddRectFilled(ImVec2(c.x - r * 0.45f, c.y - r * 0.1f), ImVec2(c.x + r * 0.45f, c.y + r * 0.8f), colour,
                                r * 0.2f);
            for (int i = 0; i < 4; ++i) {
                float x = c.x - r * 0.4f + static_cast<float>(i) * r * 0.27f;
                list->AddRectFilled(ImVec2(x, c.y - r * 0.8f), ImVec2(x + r * 0.18f, c.y), colour, r * 0.09f);
            }
            list->AddRectFilled(ImVec2(c.x - r * 0.85f, c.y + r * 0.0f), ImVec2(c.x - r * 0.35f, c.y + r * 0.2f), colour,
                                r * 0.1f);
            break;
        }
        case Icon::Progress: {  // a clock
            list->AddCircle(c, r * 0.85f, colour, 32, w);
            list->AddLine(c, ImVec2(c.x, c.y - r * 0.55f), colour, w);
            list->AddLine(c, ImVec2(c.x + r * 0.4f, c.y + r * 0.2f), colour, w);
            break;
        }
        case Icon::Rating: {  // a five-pointed star: a pentagon core plus five point triangles
            ImVec2 outer[5];
            ImVec2 inner[5];
            for (int i = 0; i < 5; ++i) {
                float a = -1.5707963f + static_cast<float>(i) * 1.2566371f;
                float b = a + 0.6283185f;
                outer[i] = ImVec2(c.x + std::cos(a) * r, c.y + std::sin(a) * r);
                inner[i] = ImVec2(c.x + std::cos(b) * r * 0.42f, c.y + std::sin(b) * r * 0.42f);
            }
            // Without anti-aliasing the pieces meet without visible seams.
            ImDrawListFlags flags = list->Flags;
            list->Flags &= ~ImDrawListFlags_AntiAliasedFill;
            list->AddConvexPolyFilled(inner, 5, colour);
            for (int i = 0; i < 5; ++i) {
                list->AddTriangleFilled(outer[i], inner[i], inner[(i + 4) % 5], colour);
            }
            list->Flags = flags;
            break;
        }
        case Icon::Back:
            list->AddTriangleFilled(ImVec2(c.x - r * 0.6f, c.y), ImVec2(c.x + r * 0.3f, c.y - r * 0.6f),
                                    ImVec2(c.x + r * 0.3f, c.y + r * 0.6f), colour);
            break;
        case Icon::Home:
            list->AddTriangleFilled(ImVec2(c.x, c.y - r * 0.8f), ImVec2(c.x - r * 0.8f, c.y), ImVec2(c.x + r * 0.8f, c.y),
                                    colour);
            list->AddRectFilled(ImVec2(c.x - r * 0.55f, c.y), ImVec2(c.x + r * 0.55f, c.y + r * 0.7f), colour);
            break;
        case Icon::Search:
            list->AddCircle(ImVec2(c.x - r * 0.15f, c.y - r * 0.15f), r * 0.5f, colour, 24, w);
            list->AddLine(ImVec2(c.x + r * 0.2f, c.y + r * 0.2f), ImVec2(c.x + r * 0.7f, c.y + r * 0.7f), colour, w * 1.5f);
            break;
        case Icon::Speaker:
            list->AddRectFilled(ImVec2(c.x - r * 0.7f, c.y - r * 0.25f), ImVec2(c.x - r * 0.35f, c.y + r * 0.25f), colour);
            list->AddTriangleFilled(ImVec2(c.x - r * 0.35f, c.y - r * 0.25f), ImVec2(c.x + r * 0.1f, c.y - r * 0.7f),
                                    ImVec2(c.x + r * 0.1f, c.y + r * 0.7f), colour);
            list->AddTriangleFilled(ImVec2(c.x - r * 0.35f, c.y + r * 0.25f), ImVec2(c.x + r * 0.1f, c.y - r * 0.7f),
                                    ImVec2(c.x + r * 0.1f, c.y + r * 0.7f), colour);
            list->PathArcTo(ImVec2(c.x + r * 0.1f, c.y), r * 0.5f, -0.8f, 0.8f, 12);
            list->PathStroke(colour, 0, w);
            break;
        case Icon::Stop:
            list->AddRectFilled(ImVec2(c.x - r * 0.5f, c.y - r * 0.5f), ImVec2(c.x + r * 0.5f, c.y + r * 0.5f), colour);
            break;
        case Icon::TextSize:
            list->AddLine(ImVec2(c.x - r * 0.7f, c.y + r * 0.6f), ImVec2(c.x - r * 0.2f, c.y - r * 0.6f), colour, w);
            list->AddLine(ImVec2(c.x - r * 0.2f, c.y - r * 0.6f), ImVec2(c.x + r * 0.3f, c.y + r * 0.6f), colour, w);
            list->AddLine(ImVec2(c.x - r * 0.5f, c.y + r * 0.15f), ImVec2(c.x + r * 0.1f, c.y + r * 0.15f), colour, w);
            break;
        case Icon::Topic:
            list->AddCircleFilled(c, r * 0.7f, colour, 24);
            break;
        case Icon::None:
            break;
    }
}

}  // namespace xiangke::kiosk::ui
