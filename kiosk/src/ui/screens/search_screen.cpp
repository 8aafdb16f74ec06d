// 搜索: the query field, typed on the on-screen keyboard (the same one the wizard uses), with the
// keyboard at the bottom while typing and the results scrolling between them. 收起键盘 gives the
// results the whole screen for reading; a tap on the field (or 打字) brings the keyboard back.
#include <algorithm>
#include <string>

#include "ui/keyboard/keyboard.h"
#include "ui/keyboard/typed_text.h"
#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

void draw_query_field(const AppState& state, UiContext& ctx, ImVec2 pos, ImVec2 size) {
    const Theme& t = ctx.theme;
    const bool typing = state.search.typing;
    ImGui::SetCursorScreenPos(pos);
    if (ImGui::InvisibleButton("##query", size)) {
        ctx.emit(action::OpenSearchKeyboard{});
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    draw->AddRectFilled(pos, max, t.panel, t.rounding);
    draw->AddRect(pos, max, t.primary, t.rounding, 0, typing ? 4.0f : 3.0f);
    // Pinyin being composed shows after the query, so the farmer sees both.
    std::string shown = state.search.query;
    if (typing && state.keyboard.mode == KeyboardMode::Pinyin && state.keyboard.pinyin.composing()) {
        shown += state.keyboard.pinyin.composition;
    }
    const bool empty = shown.empty();
    const std::string label = empty ? std::string(text(Str::SearchPlaceholder)) : shown;
    const float px = query_text_px(ctx);
    // Long text keeps its end visible: the farmer sees what was typed last.
    ImVec2 text_size = typed_text_size(ctx, label, px);
    float inner = size.x - t.gap * 2;
    ImVec2 text_pos(pos.x + t.gap - std::max(0.0f, text_size.x - inner), pos.y + (size.y - px) * 0.5f);
    draw->PushClipRect(ImVec2(pos.x + t.gap * 0.5f, pos.y), ImVec2(max.x - t.gap * 0.5f, max.y), true);
    draw_typed_text(ctx, draw, text_pos, label, px, empty ? t.text_muted : t.text);
    if (typing) {
        float caret_x = empty ? pos.x + t.gap : std::min(text_pos.x + text_size.x + 2.0f, max.x - t.gap);
        draw->AddLine(ImVec2(caret_x, pos.y + size.y * 0.2f), ImVec2(caret_x, pos.y + size.y * 0.8f), t.primary, 3.0f);
    }
    draw->PopClipRect();
    ctx.recorder.record(label, pos, max, true);
}

void draw_suggestions(UiContext& ctx, float inner) {
    const Theme& t = ctx.theme;
    float x = 0;
    // Common searches, one tap each: most visitors will not type at all.
    for (std::string_view word : search_suggestions()) {
        float w = ctx.text_font()
                      ->CalcTextSizeA(ctx.text_font()->FontSize, FLT_MAX, 0, word.data(), word.data() + word.size())
                      .x +
                  t.gap * 2;
        w = std::max(w, t.min_touch_px * 1.6f);
        if (x > 0 && x + w <= inner) {
            ImGui::SameLine(0, t.gap);
        } else {
            x = 0;
        }
        std::string id = "##suggest-" + std::string(word);
        if (button(ctx, id.c_str(), word, ImVec2(w, t.min_touch_px),
                   {t.panel, t.primary, ctx.text_font(), Icon::None})) {
            ctx.emit(action::SetSearchQuery{std::string(word)});
        }
        x += w + t.gap;
    }
}

void draw_hits(const AppState& state, UiContext& ctx, float inner) {
    const Theme& t = ctx.theme;
    for (const auto& hit : state.search.hits) {
        ImVec2 top = ImGui::GetCursorScreenPos();
        float height = std::max(t.min_touch_px,
                                ctx.heading_font()->FontSize * 1.3f + ctx.text_font()->FontSize * 1.3f + t.gap * 1.5f);
        std::string id = "##hit-" + hit.article_id;
        if (ImGui::InvisibleButton(id.c_str(), ImVec2(inner, height))) {
            ctx.emit(action::OpenArticle{hit.article_id});
        }
        bool held = ImGui::IsItemActive();
        ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + inner, top.y + height),
                                                  held ? t.divider : t.panel, t.rounding);
        ImGui::GetWindowDrawList()->AddText(ctx.heading_font(), ctx.heading_font()->FontSize,
                                            ImVec2(top.x + t.gap, top.y + t.gap * 0.5f), t.text, hit.title.c_str());
        ctx.recorder.record(hit.title, top, ImVec2(top.x + inner, top.y + height), true);
        ImGui::SetCursorScreenPos(ImVec2(top.x + t.gap, top.y + t.gap * 0.5f + ctx.heading_font()->FontSize * 1.3f));
        highlighted_text(ctx, hit.snippet, hit.match_offset, hit.match_length, ctx.text_font(), inner - t.gap * 2);
        ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + height + t.gap));
    }
}

}  // namespace

void draw_search_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const bool typing = state.search.typing;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();

    // The query field, then 打字 / 收起键盘 and 清空 on its right.
    const float field_h = std::max(t.min_touch_px, query_text_px(ctx) * 1.6f);
    const ButtonStyle side_style{t.panel, t.text, ctx.text_font(), Icon::None};
    std::string_view toggle = text(typing ? Str::SearchKeyboardHide : Str::SearchKeyboardShow);
    const float toggle_w = std::max(t.min_touch_px * 2.0f, button_width(ctx, toggle, side_style));
    const float clear_w = std::max(t.min_touch_px * 2.0f, button_width(ctx, text(Str::Clear), side_style));
    const float field_w = avail.x - toggle_w - clear_w - t.gap * 2;
    draw_query_field(state, ctx, origin, ImVec2(field_w, field_h));
    ImGui::SetCursorScreenPos(ImVec2(origin.x + field_w + t.gap, origin.y));
    if (button(ctx, "##keyboard-toggle", toggle, ImVec2(toggle_w, field_h), side_style)) {
        ctx.emit(typing ? Action{action::CloseKeyboard{}} : Action{action::OpenSearchKeyboard{}});
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x + field_w + toggle_w + t.gap * 2, origin.y));
    if (button(ctx, "##clear", text(Str::Clear), ImVec2(clear_w, field_h), side_style)) {
        ctx.emit(action::InputClear{});
    }

    // Results between the field and the keyboard; they scroll by drag.
    const float top = field_h + t.gap;
    const float keyboard_h = typing ? keyboard_height(ctx) + t.gap : 0.0f;
    const float results_h = std::max(t.min_touch_px, avail.y - top - keyboard_h);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + top));
    ImGui::BeginChild("search-results", ImVec2(avail.x, results_h), false, ImGuiWindowFlags_NoScrollWithMouse);
    float inner = ImGui::GetContentRegionAvail().x;
    if (state.search.query.empty()) {
        draw_suggestions(ctx, inner);
    } else if (!state.search.searching && state.search.hits.empty()) {
        text(ctx, text(Str::SearchNoResults), ctx.text_font(), t.text_muted, inner);
    }
    draw_hits(state, ctx, inner);
    ImGui::EndChild();

    if (typing) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x + t.gap * 0.5f, origin.y + avail.y - keyboard_h + t.gap * 0.5f));
        draw_keyboard(state, ctx, avail.x - t.gap);
    }
}

}  // namespace xiangke::kiosk::ui
