#pragma once
// The on-screen keyboards (屏幕键盘): no system input method exists on the kiosk, so every text
// is typed here. Tabs 手写 (handwriting pad with candidates), 拼音 (pinyin keys with a candidate
// bar and paging) and 数字 (digits and punctuation); and a big numeric keypad for phone numbers.
// They draw from AppState.keyboard and emit actions; the engines answer through the reducer.
#include "app/app_state.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

// Height of the keyboard: four rows of full-size keys.
float keyboard_height(const UiContext& ctx);
// Draws the keyboard at the cursor, `width` wide and keyboard_height() tall.
void draw_keyboard(const AppState& state, UiContext& ctx, float width);

// The phone keypad: 1–9, 0, 删除, 清空 in a 3×4 grid filling `size`.
void draw_phone_keypad(UiContext& ctx, ImVec2 size);

}  // namespace xiangke::kiosk::ui
