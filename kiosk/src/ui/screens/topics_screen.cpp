#include <string>

#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

void draw_topics_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    float width = ImGui::GetContentRegionAvail().x;
    if (button(ctx, "##search", text(Str::Search), ImVec2(width, t.min_touch_px * 1.2f),
               {t.panel, t.primary, ctx.heading_font(), Icon::Search})) {
        ctx.emit(action::Navigate{Screen::Search, ""});
    }
    ImGui::BeginChild("topics", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    if (!state.library || state.library->topics().empty()) {
        text(ctx, text(Str::NoArticles), ctx.text_font(), t.text_muted);
        ImGui::EndChild();
        return;
    }
    const int columns = state.large_text ? 2 : 3;
    const float cell_w = (ImGui::GetContentRegionAvail().x - t.gap * static_cast<float>(columns - 1)) /
                         static_cast<float>(columns);
    const float cell_h = std::max(t.min_touch_px * 1.6f, ctx.heading_font()->FontSize * 2.6f);
    int i = 0;
    for (const auto& topic : state.library->topics()) {
        size_t count = state.library->articles_in(topic.id).size();
        if (count == 0) {
            continue;
        }
        if (i % columns != 0) {
            ImGui::SameLine(0, t.gap);
        }
        std::string label = topic.name + "（" + std::to_string(count) + "）";
        std::string id = "##topic-" + topic.id;
        if (button(ctx, id.c_str(), label, ImVec2(cell_w, cell_h), {t.panel, t.text, ctx.heading_font(), Icon::Topic})) {
            ctx.emit(action::OpenTopic{topic.id});
        }
        ++i;
    }
    ImGui::Dummy(ImVec2(0, t.gap));
    ImGui::EndChild();
}

void draw_article_list_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    ImGui::BeginChild("articles", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    std::vector<const Article*> articles;
    if (state.library) {
        articles = state.library->articles_in(state.topic_id);
    }
    if (articles.empty()) {
        text(ctx, text(Str::NoArticles), ctx.text_font(), t.text_muted);
    }
    const float width = ImGui::GetContentRegionAvail().x;
    for (const Article* article : articles) {
        ImVec2 top = ImGui::GetCursorScreenPos();
        ImFont* title_font = ctx.heading_font();
        ImFont* summary_font = ctx.text_font();
        float summary_h = summary_font->CalcTextSizeA(summary_font->FontSize, FLT_MAX, width - t.gap * 2,
                                                      article->summary.c_str()).y;
        float height = std::max(t.min_touch_px, title_font->FontSize * 1.3f + summary_h + t.gap * 2);
        std::string id = "##article-" + article->id;
        if (ImGui::InvisibleButton(id.c_str(), ImVec2(width, height))) {
            ctx.emit(action::OpenArticle{article->id});
        }
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(top, ImVec2(top.x + width, top.y + height), t.panel, t.rounding);
        if (ImGui::IsItemActive()) {
            draw->AddRectFilled(top, ImVec2(top.x + width, top.y + height), t.pressed_tint, t.rounding);
        }
        std::string title = article->title;
        if (article->pending_review) {
            title += "（" + std::string(text(Str::PendingReview)) + "）";
        }
        draw->AddText(title_font, title_font->FontSize, ImVec2(top.x + t.gap, top.y + t.gap * 0.6f), t.text,
                      title.c_str());
        draw->AddText(summary_font, summary_font->FontSize,
                      ImVec2(top.x + t.gap, top.y + t.gap * 0.6f + title_font->FontSize * 1.3f), t.text_muted,
                      article->summary.c_str(), nullptr, width - t.gap * 2);
        ctx.recorder.record(title + " " + article->summary, top, ImVec2(top.x + width, top.y + height), true);
    }
    ImGui::EndChild();
}

}  // namespace xiangke::kiosk::ui
