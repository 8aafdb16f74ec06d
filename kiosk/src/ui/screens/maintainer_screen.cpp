#include <string>

#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"
#include "xiangke/core/time.h"

namespace xiangke::kiosk::ui {

void draw_maintainer_pin_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    text(ctx, text(Str::EnterPin), ctx.heading_font(), t.text);
    std::string dots(state.maintainer.pin_entry.size() * 3, ' ');
    dots.clear();
    for (size_t i = 0; i < state.maintainer.pin_entry.size(); ++i) {
        dots += "● ";
    }
    text(ctx, dots.empty() ? " " : dots, t.huge, t.text);
    if (!state.maintainer.message.empty()) {
        text(ctx, state.maintainer.message, ctx.text_font(), t.tile_help);
    }
    // A 3 x 4 keypad: 1-9, 删除, 0, 确定.
    const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"};
    const float key = t.min_touch_px * 1.4f;
    for (int i = 0; i < 12; ++i) {
        if (i % 3 != 0) {
            ImGui::SameLine(0, t.gap);
        }
        std::string id = std::string("##pin-") + keys[i];
        std::string_view label = keys[i];
        if (label == "del") {
            label = text(Str::Delete);
        } else if (label == "ok") {
            label = text(Str::Confirm);
        }
        if (button(ctx, id.c_str(), label, ImVec2(key * 1.6f, key), {t.panel, t.text, t.large, Icon::None})) {
            if (i == 9) {
                ctx.emit(action::PinBackspace{});
            } else if (i == 11) {
                ctx.emit(action::PinSubmit{});
            } else {
                ctx.emit(action::PinDigit{keys[i][0]});
            }
        }
    }
}

void draw_maintainer_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const MaintenanceInfo& info = state.maintainer.info;
    float width = ImGui::GetContentRegionAvail().x;
    if (button(ctx, "##sync-now", text(Str::SyncNow), ImVec2(t.min_touch_px * 4, t.min_touch_px),
               {t.primary, t.text_on_colour, ctx.text_font(), Icon::None})) {
        ctx.emit(action::SyncNow{});
    }
    ImGui::SameLine(0, t.gap);
    if (button(ctx, "##export-logs", text(Str::ExportLogs), ImVec2(t.min_touch_px * 5, t.min_touch_px),
               {t.panel, t.text, ctx.text_font(), Icon::None})) {
        ctx.emit(action::ExportLogs{});
    }
    if (!state.maintainer.message.empty()) {
        text(ctx, state.maintainer.message, ctx.text_font(), t.tile_progress, width);
    }
    ImGui::BeginChild("maintainer", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    auto row = [&](Str label, const std::string& value) {
        text(ctx, std::string(text(label)) + "：" + value, t.body, t.text, width - t.gap);
    };
    row(Str::KioskId, info.kiosk_id.empty() ? std::string(text(Str::NotEnrolled)) : info.kiosk_id);
    row(Str::Village, info.village);
    row(Str::BackendUrl, info.backend_url);
    row(Str::AppVersion, info.app_version);
    row(Str::ContentVersion, std::to_string(info.content_version));
    row(Str::OutboxSize, std::to_string(info.outbox_size));
    row(Str::DeadLetters, std::to_string(info.dead_letters));
    row(Str::LastSync, state.last_sync_ms ? core::format_shanghai_datetime(*state.last_sync_ms)
                                          : std::string(text(Str::NeverSynced)));
    ImGui::Dummy(ImVec2(0, t.gap * 0.5f));
    text(ctx, text(Str::RecentLog), ctx.heading_font(), t.text);
    for (const auto& line : info.log_tail) {
        text(ctx, line, t.body, t.text_muted, width - t.gap);
    }
    ImGui::EndChild();
}

}  // namespace xiangke::kiosk::ui
