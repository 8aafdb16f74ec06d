// 拼音 tab: a candidate bar (what was typed, the candidates of the current page, paging) over
// QWERTY letter keys. Every key goes to the pinyin engine on its worker; the bar shows the
// engine's last snapshot.
#include <algorithm>
#include <string>
#include <string_view>

#include "ui/keyboard/keyboard_parts.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

void draw_candidate_bar(const KeyboardState& keyboard, UiContext& ctx, ImVec2 origin, float width, float height) {
    const Theme& t = ctx.theme;
    const input::PinyinState& pinyin = keyboard.pinyin;
    if (keyboard.pinyin_engine == EngineStatus::Unavailable) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + (height - t.body->FontSize) * 0.5f));
        text(ctx, text(Str::PinyinUnavailable), t.body, t.problem, width);
        return;
    }
    // Wide enough for 上一页 / 下一页 whole, never under a touch target.
    const ButtonStyle page_style{t.panel, t.text, t.body, Icon::None};
    const float page_w = std::max({t.min_touch_px * 1.6f, button_width(ctx, text(Str::PreviousPage), page_style),
                                   button_width(ctx, text(Str::NextPage), page_style)});
    float right = origin.x + width;
    // Paging keys only when there is more than one page.
    if (pinyin.has_next_page || pinyin.has_previous_page) {
        right -= page_w * 2 + t.gap * 0.5f;
        if (key(ctx, "##page-previous", text(Str::PreviousPage), ImVec2(right, origin.y), ImVec2(page_w, height)) &&
            pinyin.has_previous_page) {
            ctx.emit(action::PinyinKeyPressed{input::PinyinKey::of(input::PinyinKeyKind::PreviousPage)});
        }
        if (key(ctx, "##page-next", text(Str::NextPage), ImVec2(right + page_w + t.gap * 0.5f, origin.y),
                ImVec2(page_w, height)) &&
            pinyin.has_next_page) {
            ctx.emit(action::PinyinKeyPressed{input::PinyinKey::of(input::PinyinKeyKind::NextPage)});
        }
        right -= t.gap * 0.5f;
    }
    float x = origin.x;
    if (pinyin.composing()) {
        // The typed letters, so the farmer sees what the candidates are for.
        ImVec2 size = t.body->CalcTextSizeA(t.body->FontSize, FLT_MAX, 0, pinyin.composition.c_str());
        ImVec2 pos(x, origin.y + (height - size.y) * 0.5f);
        ImGui::GetWindowDrawList()->AddText(t.body, t.body->FontSize, pos, t.primary, pinyin.composition.c_str());
        ctx.recorder.record(pinyin.composition, pos, ImVec2(pos.x + size.x, pos.y + size.y), false);
        x += size.x + t.gap;
    } else if (keyboard.pinyin_engine == EngineStatus::NotOpened) {
        ImGui::SetCursorScreenPos(ImVec2(x, origin.y + (height - t.body->FontSize) * 0.5f));
        text(ctx, text(Str::KeyboardPreparing), t.body, t.text_muted, right - x);
        return;
    }
    ImGui::PushClipRect(ImVec2(origin.x, origin.y), ImVec2(right, origin.y + height), true);
    for (size_t i = 0; i < pinyin.candidates.size(); ++i) {
        const std::string& candidate = pinyin.candidates[i];
        ButtonStyle style{t.panel, t.text, t.body, Icon::None};
        float w = button_width(ctx, candidate, style);
        if (x + w > right) {
            break;  // the rest are on this page but do not fit: 下一页 shows them
        }
        std::string id = "##candidate-" + std::to_string(i);
        ImGui::SetCursorScreenPos(ImVec2(x, origin.y));
        if (button(ctx, id.c_str(), candidate, ImVec2(w, height), style)) {
            ctx.emit(action::PinyinKeyPressed{input::PinyinKey::select(static_cast<int>(i))});
        }
        x += w + t.gap * 0.5f;
    }
    ImGui::PopClipRect();
}

}  // namespace

void draw_pinyin_keyboard(const KeyboardState& keyboard, UiContext& ctx, ImVec2 size) {
    const Theme& t = ctx.theme;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float row_h = key_row_height(ctx);
    const float row_gap = t.gap * 0.5f;
    draw_candidate_bar(keyboard, ctx, origin, size.x, row_h);

    static const std::string_view kRows[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    constexpr int kColumns = 10;
    const float key_w = (size.x - row_gap * (kColumns - 1)) / kColumns;
    for (int row = 0; row < 3; ++row) {
        float y = origin.y + static_cast<float>(row + 1) * (row_h + row_gap);
        float x = origin.x + (row == 1 ? key_w * 0.5f : 0.0f);  // staggered like a real keyboard
        for (char letter : kRows[row]) {
            std::string label(1, letter);
            std::string id = "##letter-" + label;
            if (key(ctx, id.c_str(), label, ImVec2(x, y), ImVec2(key_w, row_h))) {
                ctx.emit(action::PinyinKeyPressed{input::PinyinKey::letter_key(letter)});
            }
            x += key_w + row_gap;
        }
        if (row != 2) {
            continue;
        }
        // After z…m: 删除, 空格, 清空 (three key widths).
        if (key(ctx, "##pinyin-delete", text(Str::Delete), ImVec2(x, y), ImVec2(key_w, row_h))) {
            ctx.emit(action::PinyinKeyPressed{input::PinyinKey::of(input::PinyinKeyKind::Backspace)});
        }
        x += key_w + row_gap;
        if (key(ctx, "##pinyin-space", text(Str::KeySpace), ImVec2(x, y), ImVec2(key_w, row_h))) {
            ctx.emit(action::PinyinKeyPressed{input::PinyinKey::of(input::PinyinKeyKind::Space)});
        }
        x += key_w + row_gap;
        if (key(ctx, "##pinyin-clear", text(Str::Clear), ImVec2(x, y), ImVec2(key_w, row_h))) {
            if (keyboard.pinyin.composing()) {
                ctx.emit(action::PinyinKeyPressed{input::PinyinKey::of(input::PinyinKeyKind::Clear)});
            } else {
                ctx.emit(action::InputClear{});
            }
        }
    }
}

}  // namespace xiangke::kiosk::ui
