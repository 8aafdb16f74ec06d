#include <string>

#include "app/reducer.h"
#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

void draw_home_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // The lower strip shows notices and the attract loop; the tiles take the rest.
    const float strip_height = t.large_px * 1.6f + t.body_px * 1.3f + t.gap * 1.5f;
    const float tile_w = (avail.x - t.gap) * 0.5f;
    const float tile_h = (avail.y - strip_height - t.gap * 2) * 0.5f;
    ImVec2 origin = ImGui::GetCursorScreenPos();

    struct TileSpec {
        const char* id;
        Str label;
        Str hint;
        Icon icon;
        ImU32 fill;
    };
    const TileSpec tiles[4] = {
        {"##learn", Str::TileLearn, Str::TileLearnHint, Icon::Learn, t.tile_learn},
        {"##help", Str::TileHelp, Str::TileHelpHint, Icon::Help, t.tile_help},
        {"##progress", Str::TileProgress, Str::TileProgressHint, Icon::Progress, t.tile_progress},
        {"##rating", Str::TileRating, Str::TileRatingHint, Icon::Rating, t.tile_rating},
    };
    for (int i = 0; i < 4; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x + static_cast<float>(i % 2) * (tile_w + t.gap),
                                         origin.y + static_cast<float>(i / 2) * (tile_h + t.gap)));
        const TileSpec& spec = tiles[i];
        if (tile(ctx, spec.id, text(spec.label), text(spec.hint), spec.icon, spec.fill, ImVec2(tile_w, tile_h))) {
            if (spec.label == Str::TileLearn) {
                ctx.emit(action::Navigate{Screen::Topics, ""});
            } else if (spec.label == Str::TileHelp) {
                ctx.emit(action::StartRegistration{});
            } else if (spec.label == Str::TileProgress) {
                ctx.emit(action::Navigate{Screen::Status, ""});
            } else if (spec.label == Str::TileRating) {
                ctx.emit(action::Navigate{Screen::Rating, ""});
            } else {
                ctx.emit(action::Navigate{Screen::ComingSoon, std::string(text(spec.label))});
            }
        }
    }

    // Strip: the newest notice if any, else a rotating featured article (attract loop).
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + 2 * (tile_h + t.gap)));
    ImVec2 strip_min = ImGui::GetCursorScreenPos();
    ImVec2 strip_max(strip_min.x + avail.x, strip_min.y + strip_height);
    ImGui::GetWindowDrawList()->AddRectFilled(strip_min, strip_max, t.panel, t.rounding);
    ImGui::SetCursorScreenPos(ImVec2(strip_min.x + t.gap, strip_min.y + t.gap * 0.5f));
    ImGui::PushClipRect(strip_min, strip_max, true);
    const float wrap = avail.x - t.gap * 2;
    bool shown_notice = false;
    for (const auto& notice : state.notices) {
        if (notice.until > state.now_ms) {
            text(ctx, std::string(text(Str::NoticesTitle)) + "：" + notice.title, t.large, t.tile_help, wrap);
            text(ctx, notice.body, t.body, t.text, wrap);
            shown_notice = true;
            break;
        }
    }
    // Featured articles need the full atlas, which arrives a moment after start-up.
    if (!shown_notice && ctx.fonts_complete && wants_attract_frames(state)) {
        const auto& articles = state.library->articles();
        const Article& featured = articles[state.attract_index % articles.size()];
        if (button(ctx, "##featured", std::string(text(Str::Featured)) + "：" + featured.title, ImVec2(wrap, t.large_px * 1.6f),
                   {t.panel, t.primary, t.large, Icon::Learn})) {
            ctx.emit(action::OpenArticle{featured.id});
        }
        // One line of the summary, clipped by the strip: the home screen never scrolls.
        ImVec2 line = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(t.body, t.body->FontSize, line, t.text_muted, featured.summary.c_str());
        ctx.recorder.record(featured.summary, line, ImVec2(strip_max.x, strip_max.y), false);
    }
    ImGui::PopClipRect();
}

}  // namespace xiangke::kiosk::ui
