// After submit: 求助码 and the code very large (read aloud digit by digit on arrival and on
// request), a QR code of the public progress page, the masked phone, and 返回首页.
#include <algorithm>
#include <string>

#include "ui/qr_code.h"
#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

// Digits in groups (482 7193) are easier to copy down and to read out.
std::string grouped_code(const std::string& code) {
    std::string out;
    for (size_t i = 0; i < code.size(); ++i) {
        if (i == 3) {
            out += ' ';
        }
        out += code[i];
    }
    return out;
}


}  // namespace

void draw_confirmation_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const auto& submitted = state.registration.submitted;
    if (!submitted) {
        return;
    }
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float qr_side = std::min(avail.y - t.gap, avail.x * 0.35f);
    const float left_w = avail.x - qr_side - t.gap * 2;

    text(ctx, text(Str::ConfirmationTitle), t.huge, t.primary, left_w);
    // 求助码 followed by the code: one recorded text, as scenarios expect it.
    const std::string line = std::string(text(Str::RequestCodeLabel)) + " " + submitted->code;
    const float code_px = t.huge_px * 1.8f;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    std::string label(text(Str::RequestCodeLabel));
    ImVec2 label_size = t.large->CalcTextSizeA(t.large->FontSize, FLT_MAX, 0, label.c_str());
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddText(t.large, t.large->FontSize, ImVec2(pos.x, pos.y + code_px - label_size.y * 1.2f), t.text, label.c_str());
    std::string grouped = grouped_code(submitted->code);
    ImVec2 code_size = t.huge->CalcTextSizeA(code_px, FLT_MAX, 0, grouped.c_str());
    ImVec2 code_pos(pos.x + label_size.x + t.gap, pos.y);
    draw->AddText(t.huge, code_px, code_pos, t.text, grouped.c_str());
    ctx.recorder.record(line, pos, ImVec2(code_pos.x + code_size.x, pos.y + code_size.y), false);
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + code_size.y + t.gap * 0.5f));
    text(ctx, text(Str::RequestCodeHint), ctx.text_font(), t.text_muted, left_w);
    if (!submitted->masked_phone.empty()) {
        text(ctx, std::string(text(Str::ReviewPhone)) + "：" + submitted->masked_phone, ctx.text_font(), t.text, left_w);
    }
    ImVec2 buttons = ImGui::GetCursorScreenPos();
    if (button(ctx, "##read-code", text(Str::ReadCodeAgain), ImVec2(0, t.min_touch_px * 1.2f),
               {t.panel, t.primary, ctx.heading_font(), Icon::Speaker})) {
        ctx.emit(action::ReadAloud{std::string(text(Str::RequestCodeSpoken)) + digits_for_speech(submitted->code)});
    }
    ImGui::SetCursorScreenPos(ImVec2(buttons.x, origin.y + avail.y - t.min_touch_px * 1.4f));
    if (button(ctx, "##confirm-home", text(Str::BackToHome), ImVec2(left_w, t.min_touch_px * 1.4f),
               {t.primary, t.text_on_colour, ctx.heading_font(), Icon::Home})) {
        ctx.emit(action::GoHome{});
    }

    // The progress page on a family member's phone.
    if (!state.status_page_base.empty() && !submitted->status_token.empty()) {
        auto matrix = encode_qr(state.status_page_base + submitted->status_token);
        if (matrix.ok()) {
            ImVec2 qr_min(origin.x + avail.x - qr_side, origin.y);
            float hint_h = ctx.text_font()->FontSize * 2.6f;
            draw_qr(draw, *matrix, qr_min, qr_side - hint_h);
            ImGui::SetCursorScreenPos(ImVec2(qr_min.x, qr_min.y + qr_side - hint_h + t.gap * 0.25f));
            text(ctx, text(Str::QrHint), ctx.text_font(), t.text, qr_side);
        }
    }
}

}  // namespace xiangke::kiosk::ui
