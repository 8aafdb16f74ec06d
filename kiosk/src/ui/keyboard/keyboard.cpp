#include "ui/keyboard/keyboard.h"

#include <algorithm>
#include <string>

#include "ui/keyboard/keyboard_parts.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

float key_row_height(const UiContext& ctx) { return std::max(ctx.theme.min_touch_px, ctx.theme.body_px * 1.8f); }

float keyboard_height(const UiContext& ctx) {
    return key_row_height(ctx) * kKeyboardRows + ctx.theme.gap * 0.5f * (kKeyboardRows - 1);
}

bool key(UiContext& ctx, const char* id, std::string_view label, ImVec2 pos, ImVec2 size, bool accent) {
    const Theme& t = ctx.theme;
    ImGui::SetCursorScreenPos(pos);
    ButtonStyle style{accent ? t.primary : t.panel, accent ? t.text_on_colour : t.text, t.body, Icon::None};
    return button(ctx, id, label, size, style);
}

void draw_keyboard(const AppState& state, UiContext& ctx, float width) {
    const Theme& t = ctx.theme;
    const KeyboardState& keyboard = state.keyboard;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float row_h = key_row_height(ctx);
    const float row_gap = t.gap * 0.5f;
    const float height = keyboard_height(ctx);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(origin.x - row_gap, origin.y - row_gap),
                                              ImVec2(origin.x + width + row_gap, origin.y + height + row_gap),
                                              t.divider, t.rounding);
    ImGui::PushID("keyboard");

    // Tabs down the left; the active one is filled. 写好了 closes the keyboard (whichever field it types into).
    struct TabSpec {
        const char* id;
        Str label;
        KeyboardMode mode;
    };
    const TabSpec tabs[] = {{"##tab-hand", Str::TabHandwriting, KeyboardMode::Handwriting},
                            {"##tab-pinyin", Str::TabPinyin, KeyboardMode::Pinyin},
                            {"##tab-digits", Str::TabDigits, KeyboardMode::Digits}};
    const float tab_w = std::max(t.min_touch_px * 1.8f, t.body->CalcTextSizeA(t.body->FontSize, FLT_MAX, 0,
                                                                                 text(Str::KeyboardDone).data()).x +
                                                           t.gap * 1.5f);
    float y = origin.y;
    for (const auto& tab : tabs) {
        if (key(ctx, tab.id, text(tab.label), ImVec2(origin.x, y), ImVec2(tab_w, row_h), keyboard.mode == tab.mode)) {
            ctx.emit(action::SetKeyboardMode{tab.mode});
        }
        y += row_h + row_gap;
    }
    if (key(ctx, "##done", text(Str::KeyboardDone), ImVec2(origin.x, y), ImVec2(tab_w, row_h))) {
        ctx.emit(action::CloseKeyboard{});
    }

    ImVec2 body_pos(origin.x + tab_w + t.gap, origin.y);
    ImVec2 body_size(width - tab_w - t.gap, height);
    ImGui::SetCursorScreenPos(body_pos);
    switch (keyboard.mode) {
        case KeyboardMode::Handwriting:
            draw_handwriting_pad(keyboard, ctx, body_size);
            break;
        case KeyboardMode::Pinyin:
            draw_pinyin_keyboard(keyboard, ctx, body_size);
            break;
        case KeyboardMode::Digits:
            draw_digits_keyboard(ctx, body_size);
            break;
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

}  // namespace xiangke::kiosk::ui
