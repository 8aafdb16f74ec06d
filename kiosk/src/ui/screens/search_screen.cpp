#include <string>

#include "ui/screens/screens.h"
#include "ui/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
void draw_search_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    float width = ImGui::GetContentRegionAvail().x;

    // The query field: text comes from the on-screen keyboard or the scenario `type` step.
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float field_h = std::max(t.min_touch_px, ctx.heading_font()->FontSize * 1.6f);
    float clear_w = t.min_touch_px * 2.0f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + width - clear_w - t.gap, pos.y + field_h), t.panel, t.rounding);
    draw->AddRect(pos, ImVec2(pos.x + width - clear_w - t.gap, pos.y + field_h), t.primary, t.rounding, 0, 3.0f);
    bool empty = state.search.query.empty();
    std::string shown = empty ? std::string(text(Str::SearchPlaceholder)) : state.search.query;
    ImFont* font = ctx.heading_font();
    ImVec2 text_pos(pos.x + t.gap, pos.y + (field_h - font->FontSize) * 0.5f);
    draw->AddText(font, font->FontSize, text_pos, empty ? t.text_muted : t.text, shown.c_str());
    ctx.recorder.record(shown, text_pos, ImVec2(pos.x + width - clear_w, pos.y + field_h), false);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + width - clear_w, pos.y));
    if (button(ctx, "##clear", text(Str::Clear), ImVec2(clear_w, field_h), {t.panel, t.text, ctx.text_font(), Icon::None})) {
        ctx.emit(action::InputClear{});
    }
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + field_h + t.gap));

    ImGui::BeginChild("search-results", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    float inner = ImGui::GetContentRegionAvail().x;
    if (empty) {
        // Suggested keywords as large chips, wrapped to the width.
        float x = 0;
        // Common searches, one tap each: most visitors will not type at all.
        for (std::string_view word : search_suggestions()) {
            float w = ctx.text_font()->CalcTextSizeA(ctx.text_font()->FontSize, FLT_MAX, 0, word.data(),
                                                     word.data() + word.size()).x + t.gap * 2;
            w = std::max(w, t.min_touch_px * 1.6f);
            if (x > 0 && x + w <= inner) {
                ImGui::SameLine(0, t.gap);
            } else {
                x = 0;
            }
            std::string id = "##suggest-" + std::string(word);
            if (button(ctx, id.c_str(), word, ImVec2(w, t.min_touch_px), {t.panel, t.primary, ctx.text_font(), Icon::None})) {
                ctx.emit(action::SetSearchQuery{std::string(word)});
            }
            x += w + t.gap;
        }
    } else if (!state.search.searching && state.search.hits.empty()) {
        text(ctx, ui::text(Str::SearchNoResults), ctx.text_font(), t.text_muted, inner);
    }
    for (const auto& hit : state.search.hits) {
        ImVec2 top = ImGui::GetCursorScreenPos();
        float height = std::max(t.min_touch_px, ctx.heading_font()->FontSize * 1.3f + ctx.text_font()->FontSize * 1.3f +
                                                    t.gap * 1.5f);
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
    ImGui::EndChild();
}

}  // namespace xiangke::kiosk::ui
