// 手写 tab: a square pad the farmer writes one character on with a finger, and the candidates
// the recogniser returned after the last stroke (tap one to commit it; the pad clears).
#include <algorithm>
#include <string>

#include "ui/keyboard/keyboard_parts.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

constexpr int kCandidateColumns = 5;
constexpr int kCandidateRows = 2;

void draw_pad(const KeyboardState& keyboard, UiContext& ctx, ImVec2 min, float side) {
    const Theme& t = ctx.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 max(min.x + side, min.y + side);
    draw->AddRectFilled(min, max, t.panel, t.rounding);
    // 米字格 guides help place a character in the middle, where the recogniser looks.
    const ImU32 guide = t.divider;
    draw->AddLine(ImVec2(min.x, min.y + side * 0.5f), ImVec2(max.x, min.y + side * 0.5f), guide, 1.5f);
    draw->AddLine(ImVec2(min.x + side * 0.5f, min.y), ImVec2(min.x + side * 0.5f, max.y), guide, 1.5f);
    draw->AddRect(min, max, t.primary, t.rounding, 0, 3.0f);

    const float ink_w = std::max(4.0f, t.mm(1.2f));
    const float scale = keyboard.ink.pad_width > 0 ? side / keyboard.ink.pad_width : 1.0f;
    for (const auto& stroke : keyboard.ink.strokes) {
        for (size_t i = 1; i < stroke.size(); ++i) {
            draw->AddLine(ImVec2(min.x + stroke[i - 1].x * scale, min.y + stroke[i - 1].y * scale),
                          ImVec2(min.x + stroke[i].x * scale, min.y + stroke[i].y * scale), t.text, ink_w);
        }
        if (stroke.size() == 1) {
            draw->AddCircleFilled(ImVec2(min.x + stroke[0].x * scale, min.y + stroke[0].y * scale), ink_w * 0.5f, t.text);
        }
    }
    if (ctx.live_stroke != nullptr) {
        const auto& live = *ctx.live_stroke;
        for (size_t i = 1; i < live.size(); ++i) {
            draw->AddLine(live[i - 1], live[i], t.text, ink_w);
        }
    }
    std::string_view hint = text(Str::HandwritingHint);
    if (keyboard.ink.strokes.empty() && (ctx.live_stroke == nullptr || ctx.live_stroke->empty())) {
        ImVec2 size = t.body->CalcTextSizeA(t.body->FontSize, FLT_MAX, 0, hint.data(), hint.data() + hint.size());
        ImVec2 pos(min.x + (side - size.x) * 0.5f, max.y - size.y - t.gap * 0.5f);
        draw->AddText(t.body, t.body->FontSize, pos, t.text_muted, hint.data(), hint.data() + hint.size());
    }
    // The whole pad is one touch target, named by its hint (tests and scenarios find it so).
    ctx.recorder.record(std::string(hint), min, max, true);
    // The pad takes the touch itself (strokes, not taps): the shell reads this each frame.
    ctx.ink_surface = InkSurface{min, max};
}

}  // namespace

void draw_handwriting_pad(const KeyboardState& keyboard, UiContext& ctx, ImVec2 size) {
    const Theme& t = ctx.theme;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float row_h = key_row_height(ctx);
    const float row_gap = t.gap * 0.5f;
    const float side = std::min(size.y, size.x * 0.45f);
    draw_pad(keyboard, ctx, origin, side);

    ImVec2 right(origin.x + side + t.gap, origin.y);
    const float right_w = size.x - side - t.gap;
    const float cell_w = (right_w - row_gap * (kCandidateColumns - 1)) / kCandidateColumns;
    if (keyboard.handwriting == EngineStatus::Unavailable) {
        ImGui::SetCursorScreenPos(right);
        text(ctx, text(Str::HandwritingUnavailable), t.body, t.problem, right_w);
    } else {
        const auto& candidates = keyboard.handwriting_candidates;
        const size_t shown = std::min(candidates.size(), static_cast<size_t>(kCandidateColumns * kCandidateRows));
        for (size_t i = 0; i < shown; ++i) {
            ImVec2 pos(right.x + static_cast<float>(i % kCandidateColumns) * (cell_w + row_gap),
                       right.y + static_cast<float>(i / kCandidateColumns) * (row_h + row_gap));
            ImGui::SetCursorScreenPos(pos);
            std::string id = "##hand-candidate-" + std::to_string(i);
            // The best guess stands out; the others are one tap away.
            ButtonStyle style{i == 0 ? t.highlight : t.panel, t.text, t.body, Icon::None};
            if (button(ctx, id.c_str(), candidates[i], ImVec2(cell_w, row_h), style)) {
                ctx.emit(action::ChooseHandwritingCandidate{candidates[i]});
            }
        }
    }
    const float third = (right_w - row_gap * 2) / 3;
    const float y = right.y + 2 * (row_h + row_gap);
    if (key(ctx, "##hand-rewrite", text(Str::RewriteInk), ImVec2(right.x, y), ImVec2(third, row_h))) {
        ctx.emit(action::ClearInk{});
    }
    if (key(ctx, "##hand-delete", text(Str::Delete), ImVec2(right.x + third + row_gap, y), ImVec2(third, row_h))) {
        ctx.emit(action::InputBackspace{});
    }
    if (key(ctx, "##hand-space", text(Str::KeySpace), ImVec2(right.x + 2 * (third + row_gap), y), ImVec2(third, row_h))) {
        ctx.emit(action::InputText{" "});
    }
    if (key(ctx, "##hand-clear", text(Str::Clear), ImVec2(right.x, y + row_h + row_gap), ImVec2(third, row_h))) {
        ctx.emit(action::InputClear{});
    }
}

}  // namespace xiangke::kiosk::ui
