#pragma once
// The keyboard's tabs, one per file; keyboard.cpp lays them out. Each fills `size` at the cursor.
#include "app/keyboard_state.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

void draw_handwriting_pad(const KeyboardState& keyboard, UiContext& ctx, ImVec2 size);
void draw_pinyin_keyboard(const KeyboardState& keyboard, UiContext& ctx, ImVec2 size);
void draw_digits_keyboard(UiContext& ctx, ImVec2 size);

// One key: a button with the label in the body font, recorded as a touch target.
bool key(UiContext& ctx, const char* id, std::string_view label, ImVec2 pos, ImVec2 size, bool accent = false);
// Rows of the keyboard body and the row height (keys are at least a full touch target tall).
inline constexpr int kKeyboardRows = 4;
float key_row_height(const UiContext& ctx);

}  // namespace xiangke::kiosk::ui
