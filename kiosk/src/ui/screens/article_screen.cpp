#include <algorithm>
#include <map>
#include <string>

#include "app/markdown_document.h"
#include "ui/rich_text.h"
#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

// Parsed bodies, cached on the UI thread: derived from the library, never state of their own.
const std::vector<Block>& parsed_body(const Article& article) {
    static std::map<std::string, std::pair<std::string, std::vector<Block>>> cache;
    auto& slot = cache[article.id];
    if (slot.first != article.body_markdown || slot.second.empty()) {
        slot = {article.body_markdown, parse_markdown(article.body_markdown)};
    }
    return slot.second;
}

}  // namespace

void draw_article_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const Article* article = state.library ? state.library->find_article(state.article_id) : nullptr;
    if (article == nullptr) {
        text(ctx, text(Str::NoArticles), ctx.text_font(), t.text_muted);
        return;
    }
    const auto& blocks = parsed_body(*article);
    float width = ImGui::GetContentRegionAvail().x;

    if (button(ctx, "##read", text(Str::ReadAloud), ImVec2(t.min_touch_px * 3, t.min_touch_px),
               {t.primary, t.text_on_colour, ctx.text_font(), Icon::Speaker})) {
        ctx.emit(action::ReadAloud{article->title + "。" + article->summary + "。" + document_speech_text(blocks)});
    }
    ImGui::SameLine(0, t.gap);
    if (button(ctx, "##stop", text(Str::StopReading), ImVec2(t.min_touch_px * 3, t.min_touch_px),
               {t.panel, t.text, ctx.text_font(), Icon::Stop})) {
        ctx.emit(action::StopReading{});
    }

    ImGui::BeginChild("article-body", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    float wrap = width - t.gap * 2;
    text(ctx, article->title, ctx.heading_font(), t.text, wrap);
    if (article->pending_review) {
        text(ctx, text(Str::PendingReview), ctx.text_font(), t.offline, wrap);
    }
    ImGui::Dummy(ImVec2(0, t.gap * 0.5f));
    for (const auto& block : blocks) {
        switch (block.kind) {
            case Block::Kind::Heading:
                ImGui::Dummy(ImVec2(0, t.gap * 0.5f));
                rich_text(ctx, block.spans, ctx.heading_font(), t.primary, wrap);
                break;
            case Block::Kind::Paragraph:
                rich_text(ctx, block.spans, ctx.text_font(), t.text, wrap);
                break;
            case Block::Kind::ListItem: {
                float indent = ctx.text_font()->FontSize * 1.4f * static_cast<float>(block.level);
                std::string marker = block.number > 0 ? std::to_string(block.number) + "." : "●";
                ImVec2 pos = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddText(ctx.text_font(), ctx.text_font()->FontSize,
                                                    ImVec2(pos.x + indent - ctx.text_font()->FontSize * 1.2f, pos.y),
                                                    t.primary, marker.c_str());
                ImGui::SetCursorScreenPos(ImVec2(pos.x + indent, pos.y));
                rich_text(ctx, block.spans, ctx.text_font(), t.text, wrap - indent);
                ImGui::SetCursorScreenPos(ImVec2(pos.x, ImGui::GetCursorScreenPos().y));
                break;
            }
            case Block::Kind::Image: {
                std::string pack_path = resolve_pack_link(article->path, block.image_src);
                const LoadedImage* image = nullptr;
                if (!pack_path.empty() && ctx.images != nullptr && state.library) {
                    image = ctx.images->image(state.library->files_root() + "/" + pack_path);
                }
                if (image != nullptr) {
                    // Fit the width, never upscale beyond 2x (diagrams are drawn for 1x).
                    float scale = std::min(wrap / image->width, 2.0f);
                    ImVec2 size(image->width * scale, image->height * scale);
                    ImVec2 pos = ImGui::GetCursorScreenPos();
                    ImGui::Image(image->texture, size);
                    ctx.recorder.record(std::string(text(Str::ImagePrefix)) + block.image_alt, pos,
                                        ImVec2(pos.x + size.x, pos.y + size.y), false);
                }
                if (!block.image_alt.empty()) {
                    text(ctx, block.image_alt, ctx.text_font(), t.text_muted, wrap);
                }
                break;
            }
        }
    }
    ImGui::Dummy(ImVec2(0, t.min_touch_px));
    ImGui::EndChild();
}

}  // namespace xiangke::kiosk::ui
