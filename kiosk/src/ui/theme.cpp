#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace xiangke::kiosk::ui {

Theme Theme::for_display(int width_px, int height_px, float width_mm) {
    Theme t;
    t.px_per_mm = static_cast<float>(width_px) / std::max(width_mm, 50.0f);
    t.min_touch_px = std::ceil(t.mm(15.0f));
    // Text for older eyes: body text about 1/24 of the screen height, never under 26 px.
    float body = std::max(26.0f, std::round(static_cast<float>(height_px) / 24.0f));
    t.body_px = body;
    t.large_px = std::round(body * 1.35f);
    t.huge_px = std::round(body * 1.9f);
    t.gap = std::round(body * 0.5f);
    t.rounding = std::round(body * 0.5f);
    return t;
}

void apply_style(const Theme& theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(theme.gap, theme.gap);
    style.FramePadding = ImVec2(theme.gap, theme.gap * 0.5f);
    style.ItemSpacing = ImVec2(theme.gap, theme.gap);
    style.WindowBorderSize = 0.0f;
    style.ChildBorderSize = 0.0f;
    style.FrameRounding = theme.rounding;
    style.ScrollbarSize = std::max(12.0f, theme.mm(3.0f));  // a visual hint: scrolling is by drag
    style.ScrollbarRounding = theme.rounding;
    style.TouchExtraPadding = ImVec2(0, 0);
    auto colour = [](ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); };
    style.Colors[ImGuiCol_WindowBg] = colour(theme.background);
    style.Colors[ImGuiCol_ChildBg] = colour(theme.background);
    style.Colors[ImGuiCol_Text] = colour(theme.text);
    style.Colors[ImGuiCol_FrameBg] = colour(theme.panel);
    style.Colors[ImGuiCol_ScrollbarBg] = colour(theme.background);
    style.Colors[ImGuiCol_ScrollbarGrab] = colour(theme.divider);
}

}  // namespace xiangke::kiosk::ui
