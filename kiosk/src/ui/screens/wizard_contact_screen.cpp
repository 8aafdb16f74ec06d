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

    // Name and phone each take one row, the label left of its field: in large-text mode a label
    // above every field would push the time chips into the bottom bar.
    ImFont* label_font = ctx.text_font();
    float label_w = 0.0f;
    for (Str id : {Str::FieldName, Str::FieldPhone}) {
        std::string_view s = text(id);
        label_w = std::max(
            label_w, label_font->CalcTextSizeA(label_font->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x);
    }
    label_w += t.gap;
    auto field_row = [&](const char* id, DraftField field, Str label_id, float width) {
        ImVec2 row = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(ImVec2(row.x + label_w, row.y));
        draw_text_field(state, ctx, id, field, label_id, width - label_w);
        const float after = ImGui::GetCursorScreenPos().y;
        const float field_h = after - row.y - ImGui::GetStyle().ItemSpacing.y;
        ImGui::SetCursorScreenPos(ImVec2(row.x, row.y + (field_h - label_font->FontSize) * 0.5f));
        text(ctx, text(label_id), label_font, t.text_muted, label_w);
        ImGui::SetCursorScreenPos(ImVec2(row.x, after));
    };
    field_row("##farmer-name", DraftField::FarmerName, Str::FieldName, typing_name ? avail.x : left_w);
    if (typing_name) {
        ImGui::SetCursorScreenPos(
            ImVec2(origin.x + t.gap * 0.5f, origin.y + body_h - keyboard_height(ctx) - t.gap * 0.5f));
        draw_keyboard(state, ctx, avail.x - t.gap);
    } else {
        field_row("##farmer-phone", DraftField::FarmerPhone, Str::FieldPhone, left_w);
        text(ctx, text(Str::FieldPreferredTime), label_font, t.text_muted, left_w);
        const Str times[] = {Str::TimeMorning, Str::TimeAfternoon, Str::TimeEvening, Str::TimeAnytime};
        const float chip_w = (left_w - t.gap * 3) / 4;
        // The large size in both modes: the huge one would not fit a chip of the row's height.
        ImFont* chip_font = t.large;
        ImVec2 row = ImGui::GetCursorScreenPos();
        for (int i = 0; i < 4; ++i) {
            std::string_view time = text(times[i]);
            bool chosen = reg.draft.preferred_time == time;
            ImGui::SetCursorScreenPos(ImVec2(row.x + static_cast<float>(i) * (chip_w + t.gap), row.y));
            std::string id = "##time-" + std::to_string(i);
            if (button(ctx, id.c_str(), time, ImVec2(chip_w, t.min_touch_px * 1.2f),
                       {chosen ? t.primary : t.panel, chosen ? t.text_on_colour : t.text, chip_font, Icon::None})) {
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
