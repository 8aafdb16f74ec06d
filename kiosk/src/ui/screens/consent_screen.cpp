// Before contact details: what is collected, who sees it and why (个人信息说明), and 同意.
#include <string>

#include "ui/screens/screens.h"
#include "ui/screens/wizard_frame.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

void draw_consent_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    std::string spoken = std::string(text(Str::ConsentTitle)) + "。" + std::string(text(Str::ConsentBody));
    draw_wizard_header(state, ctx, Str::ConsentTitle, spoken);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float footer = wizard_footer_height(ctx);

    ImVec2 panel_max(origin.x + avail.x, origin.y + avail.y - footer - t.min_touch_px * 1.4f - t.gap * 2);
    ImGui::GetWindowDrawList()->AddRectFilled(origin, panel_max, t.panel, t.rounding);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + t.gap, origin.y + t.gap));
    text(ctx, text(Str::ConsentBody), ctx.heading_font(), t.text, avail.x - t.gap * 2);

    const float agree_w = t.min_touch_px * 5.0f;
    ImGui::SetCursorScreenPos(ImVec2(origin.x + (avail.x - agree_w) * 0.5f, panel_max.y + t.gap));
    if (button(ctx, "##consent-agree", text(Str::ConsentAgree), ImVec2(agree_w, t.min_touch_px * 1.4f),
               {t.primary, t.text_on_colour, t.huge, Icon::None})) {
        ctx.emit(action::GiveConsent{});
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - footer));
    draw_wizard_footer(state, ctx, WizardForward::None);
}

}  // namespace xiangke::kiosk::ui
