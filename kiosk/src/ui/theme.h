#pragma once
// Theme: every size, colour and font of the kiosk in one place. Sizes derive from the screen's
// physical width so touch targets stay at least 15 mm on any panel.
#include <imgui.h>

namespace xiangke::kiosk::ui {

struct Theme {
    float px_per_mm = 4.0f;
    float min_touch_px = 60.0f;  // 15 mm
    float gap = 16.0f;
    float rounding = 18.0f;

    // Font pixel sizes: body text, large (titles and large-text mode), huge (tiles, codes).
    float body_px = 34.0f;
    float large_px = 46.0f;
    float huge_px = 64.0f;

    ImFont* body = nullptr;
    ImFont* large = nullptr;
    ImFont* huge = nullptr;

    ImU32 background = IM_COL32(247, 243, 234, 255);
    ImU32 panel = IM_COL32(255, 255, 255, 255);
    ImU32 text = IM_COL32(26, 26, 26, 255);
    ImU32 text_muted = IM_COL32(90, 90, 90, 255);
    ImU32 text_on_colour = IM_COL32(255, 255, 255, 255);
    ImU32 primary = IM_COL32(27, 94, 32, 255);
    ImU32 tile_learn = IM_COL32(46, 125, 50, 255);
    ImU32 tile_help = IM_COL32(216, 67, 21, 255);
    ImU32 tile_progress = IM_COL32(21, 101, 192, 255);
    ImU32 tile_rating = IM_COL32(106, 27, 154, 255);
    ImU32 online = IM_COL32(46, 125, 50, 255);
    ImU32 offline = IM_COL32(158, 100, 0, 255);
    ImU32 highlight = IM_COL32(255, 224, 130, 255);
    ImU32 pressed_tint = IM_COL32(0, 0, 0, 60);
    ImU32 divider = IM_COL32(210, 204, 190, 255);
    ImU32 problem = IM_COL32(183, 28, 28, 255);     // why the farmer cannot go on yet
    ImU32 emergency = IM_COL32(198, 40, 40, 255);   // 120 / 119 / 110
    // The eight request categories' tiles, in core::kAllCategories order.
    ImU32 category_fills[8] = {IM_COL32(46, 125, 50, 255),  IM_COL32(121, 85, 72, 255),  IM_COL32(158, 100, 0, 255),
                               IM_COL32(69, 90, 100, 255),  IM_COL32(0, 121, 107, 255),  IM_COL32(21, 101, 192, 255),
                               IM_COL32(173, 20, 87, 255),  IM_COL32(94, 53, 177, 255)};

    // A theme for a window of width × height pixels on a panel `width_mm` millimetres wide.
    static Theme for_display(int width_px, int height_px, float width_mm);
    float mm(float millimetres) const { return millimetres * px_per_mm; }
};

// Installs colours and spacing into ImGui's style.
void apply_style(const Theme& theme);

}  // namespace xiangke::kiosk::ui
