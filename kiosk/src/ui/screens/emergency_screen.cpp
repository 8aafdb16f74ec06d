// Before a 健康 or 防灾减灾 request: the emergency numbers, very large, with the advice to call
// them at once in an emergency rather than wait for an expert.
#include <string>

#include "ui/screens/screens.h"
#include "ui/screens/wizard_frame.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

void draw_emergency_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    std::string spoken = std::string(text(Str::EmergencyTitle)) + "。" + std::string(text(Str::EmergencyAdvice)) +
                         std::string(text(Str::EmergencySpoken));
    draw_wizard_header(state, ctx, Str::EmergencyTitle, spoken);
    ImVec2 avail = ImGui::GetContentRegionAvail();
    text(ctx, text(Str::EmergencyAdvice), ctx.text_font(), t.text, avail.x);

    struct Number {
        const char* digits;
        Str label;
    };
    const Number numbers[] = {{"120", Str::EmergencyAmbulance}, {"119", Str::EmergencyFire}, {"110", Str::EmergencyPolice}};
    ImVec2 origin = ImGui::GetCursorScreenPos();
    avail = ImGui::GetContentRegionAvail();
    const float footer = wizard_footer_height(ctx);
    const float continue_h = t.min_touch_px * 1.2f;
    const float panel_h = avail.y - footer - continue_h - t.gap * 3;
    const float panel_w = (avail.x - t.gap * 2) / 3;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // The digits at twice the largest font size: readable from across a room.
    const float digits_px = t.huge_px * 2.0f;
    for (int i = 0; i < 3; ++i) {
        ImVec2 min(origin.x + static_cast<float>(i) * (panel_w + t.gap), origin.y);
        ImVec2 max(min.x + panel_w, min.y + panel_h);
        draw->AddRectFilled(min, max, t.emergency, t.rounding);
        ImVec2 digits_size = t.huge->CalcTextSizeA(digits_px, FLT_MAX, 0, numbers[i].digits);
        ImVec2 digits_pos(min.x + (panel_w - digits_size.x) * 0.5f, min.y + panel_h * 0.5f - digits_size.y * 0.7f);
        draw->AddText(t.huge, digits_px, digits_pos, t.text_on_colour, numbers[i].digits);
        std::string_view label = text(numbers[i].label);
        ImVec2 label_size = t.large->CalcTextSizeA(t.large->FontSize, FLT_MAX, 0, label.data(), label.data() + label.size());
        ImVec2 label_pos(min.x + (panel_w - label_size.x) * 0.5f, digits_pos.y + digits_size.y);
        draw->AddText(t.large, t.large->FontSize, label_pos, t.text_on_colour, label.data(), label.data() + label.size());
        ctx.recorder.record(std::string(numbers[i].digits) + " " + std::string(label), min, max, false);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + panel_h + t.gap));
    if (button(ctx, "##emergency-continue", text(Str::EmergencyContinue), ImVec2(avail.x, continue_h),
               {t.primary, t.text_on_colour, ctx.heading_font(), Icon::None})) {
        ctx.emit(action::WizardNext{});
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - footer));
    draw_wizard_footer(state, ctx, WizardForward::None);
}

}  // namespace xiangke::kiosk::ui
