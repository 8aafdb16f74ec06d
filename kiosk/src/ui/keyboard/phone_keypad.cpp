// The big numeric keypad for phone numbers: digits only, huge labels, a 3×4 grid.
#include <algorithm>
#include <string>

#include "ui/keyboard/keyboard.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

void draw_phone_keypad(UiContext& ctx, ImVec2 size) {
    const Theme& t = ctx.theme;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float gap = t.gap * 0.5f;
    const float key_w = std::max(t.min_touch_px, (size.x - gap * 2) / 3);
    const float key_h = std::max(t.min_touch_px, (size.y - gap * 3) / 4);
    static const char* const kLabels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", nullptr, "0", nullptr};
    ImGui::PushID("phone-keypad");
    for (int i = 0; i < 12; ++i) {
        ImVec2 pos(origin.x + static_cast<float>(i % 3) * (key_w + gap), origin.y + static_cast<float>(i / 3) * (key_h + gap));
        ImGui::SetCursorScreenPos(pos);
        std::string id = "##key-" + std::to_string(i);
        if (kLabels[i] != nullptr) {
            if (button(ctx, id.c_str(), kLabels[i], ImVec2(key_w, key_h), {t.panel, t.text, t.huge, Icon::None})) {
                ctx.emit(action::InputText{kLabels[i]});
            }
        } else if (i == 9) {
            if (button(ctx, id.c_str(), text(Str::Delete), ImVec2(key_w, key_h), {t.panel, t.text, ctx.text_font(), Icon::None})) {
                ctx.emit(action::InputBackspace{});
            }
        } else if (button(ctx, id.c_str(), text(Str::Clear), ImVec2(key_w, key_h),
                          {t.panel, t.text, ctx.text_font(), Icon::None})) {
            ctx.emit(action::InputClear{});
        }
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + 4 * key_h + 3 * gap));
}

}  // namespace xiangke::kiosk::ui
