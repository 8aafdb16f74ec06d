// Wizard step 4: contact details (联系方式) — the name typed on the keyboard, the phone on a big
// numeric keypad, and when to call as four choices.
#include <algorithm>
#include <string>

#include "ui/keyboard/keyboard.h"
#include "ui/screens/screens.h"
#include "ui/screens/wizard_frame.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

void draw_wizard_contact_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const RegistrationState& reg = state.registration;
    draw_wizard_header(state, ctx, Str::PromptContact);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float footer = wizard_footer_height(ctx);
    const bool typing_name = reg.focused == DraftField::FarmerName;
    const bool typing_phone = reg.focused == DraftField::FarmerPhone;
    const float body_h = avail.y - footer - t.gap;
    const float left_w = typing_phone ? avail.x * 0.55f : avail.x;

    auto label = [&](Str id) { text(ctx, ui::text(id), ctx.text_font(), t.text_muted, left_w); };
    label(Str::FieldName);
    draw_text_field(state, ctx, "##farmer-name", DraftField::FarmerName, Str::FieldName, left_w);
    if (typing_name) {
        ImGui::SetCursorScreenPos(
            ImVec2(origin.x + t.gap * 0.5f, origin.y + body_h - keyboard_height(ctx) - t.gap * 0.5f));
        draw_keyboard(state, ctx, avail.x - t.gap);
    } else {
        label(Str::FieldPhone);
        draw_text_field(state, ctx, "##farmer-phone", DraftField::FarmerPhone, Str::FieldPhone, left_w);
        label(Str::FieldPreferredTime);
        const Str times[] = {Str::TimeMorning, Str::TimeAfternoon, Str::TimeEvening, Str::TimeAnytime};
        const float chip_w = (left_w - t.gap * 3) / 4;
        ImVec2 row = ImGui::GetCursorScreenPos();
        for (int i = 0; i < 4; ++i) {
            std::string_view time = text(times[i]);
            bool chosen = reg.draft.preferred_time == time;
            ImGui::SetCursorScreenPos(ImVec2(row.x + static_cast<float>(i) * (chip_w + t.gap), row.y));
            std::string id = "##time-" + std::to_string(i);
            if (button(ctx, id.c_str(), time, ImVec2(chip_w, t.min_touch_px * 1.2f),
                       {chosen ? t.primary : t.panel, chosen ? t.text_on_colour : t.text, ctx.heading_font(),
                        Icon::None})) {
                ctx.emit(action::ChoosePreferredTime{std::string(time)});
            }
        }
        if (typing_phone) {
            ImGui::SetCursorScreenPos(ImVec2(origin.x + left_w + t.gap, origin.y));
            draw_phone_keypad(ctx, ImVec2(avail.x - left_w - t.gap, body_h));
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - footer));
    draw_wizard_footer(state, ctx, WizardForward::Next);
}

}  // namespace xiangke::kiosk::ui
