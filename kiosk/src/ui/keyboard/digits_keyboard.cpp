// 数字 tab: digits and the punctuation a villager writes in a description.
#include <string>
#include <string_view>

#include "ui/keyboard/keyboard_parts.h"
#include "app/strings.h"

namespace xiangke::kiosk::ui {

void draw_digits_keyboard(UiContext& ctx, ImVec2 size) {
    const Theme& t = ctx.theme;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float row_h = key_row_height(ctx);
    const float row_gap = t.gap * 0.5f;
    constexpr int kColumns = 10;
    const float key_w = (size.x - row_gap * (kColumns - 1)) / kColumns;
    static const std::string_view kRows[3][kColumns] = {
        {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
        {"，", "。", "？", "！", "、", "：", "；", "“", "”", "…"},
        {"（", "）", "-", "+", "/", ".", "%", "℃", "斤", "亩"},
    };
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < kColumns; ++col) {
            std::string_view label = kRows[row][col];
            ImVec2 pos(origin.x + static_cast<float>(col) * (key_w + row_gap),
                       origin.y + static_cast<float>(row) * (row_h + row_gap));
            std::string id = "##digit-" + std::to_string(row) + "-" + std::to_string(col);
            if (key(ctx, id.c_str(), label, pos, ImVec2(key_w, row_h))) {
                ctx.emit(action::InputText{std::string(label)});
            }
        }
    }
    const float bottom = origin.y + 3 * (row_h + row_gap);
    const float third = (size.x - row_gap * 2) / 3;
    if (key(ctx, "##digit-space", text(Str::KeySpace), ImVec2(origin.x, bottom), ImVec2(third, row_h))) {
        ctx.emit(action::InputText{" "});
    }
    if (key(ctx, "##digit-delete", text(Str::Delete), ImVec2(origin.x + third + row_gap, bottom), ImVec2(third, row_h))) {
        ctx.emit(action::InputBackspace{});
    }
    if (key(ctx, "##digit-clear", text(Str::Clear), ImVec2(origin.x + 2 * (third + row_gap), bottom),
            ImVec2(third, row_h))) {
        ctx.emit(action::InputClear{});
    }
}

}  // namespace xiangke::kiosk::ui
