// Wizard step 5: everything entered, the phone masked, 修改 per part, then 提交.
#include <algorithm>
#include <string>

#include "ui/screens/screens.h"
#include "ui/screens/wizard_frame.h"
#include "ui/widgets.h"
#include "xiangke/core/phone.h"

namespace xiangke::kiosk::ui {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : "、") + item;
    }
    return out;
}

std::string or_nothing(const std::string& value) { return value.empty() ? std::string(text(Str::NothingEntered)) : value; }

}  // namespace

void draw_wizard_review_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const RegistrationState& reg = state.registration;
    const RegistrationDraft& draft = reg.draft;
    draw_wizard_header(state, ctx, Str::PromptReview);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float footer = wizard_footer_height(ctx);

    auto phone = core::parse_phone(draft.farmer_phone);
    std::string masked = phone.ok() ? core::mask_phone(*phone) : core::mask_phone_text(draft.farmer_phone);
    struct Row {
        Str label;
        std::string value;
        WizardStep part;
    };
    std::vector<Row> rows{{Str::ReviewCategory, std::string(core::category_label(draft.category)), WizardStep::Category}};
    if (!draft.crop.empty()) {
        rows.push_back({Str::ReviewCrop, draft.crop, WizardStep::Crop});
    }
    rows.push_back({Str::ReviewSymptoms, or_nothing(joined(draft.symptoms)), WizardStep::Problem});
    rows.push_back({Str::ReviewDescription, or_nothing(draft.description), WizardStep::Problem});
    if (draft.voice_note) {
        rows.push_back({Str::ReviewVoiceNote,
                        std::string(text(Str::VoiceNoteRecorded)) + "（" +
                            std::to_string((draft.voice_note->duration_ms + 999) / 1000) + std::string(text(Str::Seconds)) + "）",
                        WizardStep::Problem});
    }
    rows.push_back({Str::ReviewName, or_nothing(draft.farmer_name), WizardStep::Contact});
    rows.push_back({Str::ReviewPhone, masked, WizardStep::Contact});
    rows.push_back({Str::ReviewTime, or_nothing(draft.preferred_time), WizardStep::Contact});

    ImGui::BeginChild("review-rows", ImVec2(avail.x, avail.y - footer - t.gap), false, ImGuiWindowFlags_NoScrollWithMouse);
    const float inner = ImGui::GetContentRegionAvail().x;
    const ButtonStyle edit_style{t.panel, t.primary, ctx.text_font(), Icon::None};
    const float edit_w = button_width(ctx, text(Str::Edit), edit_style);
    float label_w = 0;
    for (const Row& row : rows) {
        std::string_view label = text(row.label);
        label_w = std::max(label_w, ctx.text_font()->CalcTextSizeA(ctx.text_font()->FontSize, FLT_MAX, 0, label.data(),
                                                                   label.data() + label.size()).x);
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(top);
        text(ctx, text(row.label), ctx.text_font(), t.text_muted, label_w);
        ImGui::SetCursorScreenPos(ImVec2(top.x + label_w + t.gap, top.y));
        // Values may hold typed text: body size, where the atlas has every GB2312 character.
        text(ctx, row.value, t.body, t.text, inner - label_w - edit_w - t.gap * 3);
        float value_bottom = ImGui::GetCursorScreenPos().y;
        bool first_of_part = i == 0 || rows[i - 1].part != row.part;
        if (first_of_part && reg.step == WizardStep::Review) {
            ImGui::SetCursorScreenPos(ImVec2(top.x + inner - edit_w, top.y));
            std::string id = "##edit-" + std::to_string(i);
            if (button(ctx, id.c_str(), text(Str::Edit), ImVec2(edit_w, 0), edit_style)) {
                ctx.emit(action::EditPart{row.part});
            }
        }
        float bottom = std::max(value_bottom, first_of_part ? top.y + t.min_touch_px + t.gap * 0.5f : value_bottom);
        ImGui::GetWindowDrawList()->AddLine(ImVec2(top.x, bottom - t.gap * 0.25f), ImVec2(top.x + inner, bottom - t.gap * 0.25f),
                                            t.divider, 1.0f);
        ImGui::SetCursorScreenPos(ImVec2(top.x, bottom));
    }
    ImGui::Dummy(ImVec2(1, 1));
    ImGui::EndChild();
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - footer));
    draw_wizard_footer(state, ctx, reg.step == WizardStep::Review ? WizardForward::Submit : WizardForward::None);
}

}  // namespace xiangke::kiosk::ui
