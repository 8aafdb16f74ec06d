// Wizard step 3: the problem (问题) — common symptoms for the category and crop as big toggle
// tiles, a free-text description typed on the keyboard, and the voice note panel.
#include <algorithm>
#include <string>

#include "ui/keyboard/keyboard.h"
#include "ui/screens/screens.h"
#include "ui/screens/voice_note_panel.h"
#include "ui/screens/wizard_frame.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

void draw_symptom_tiles(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const RegistrationState& reg = state.registration;
    if (!state.vocabulary) {
        return;
    }
    const float inner = ImGui::GetContentRegionAvail().x;
    auto symptoms = state.vocabulary->symptoms_for(reg.draft.category, reg.draft.crop);
    // As many columns as the longest label (with its tick) allows, so no label overflows its tile.
    float widest = t.min_touch_px * 3.0f;
    for (const core::SymptomEntry* symptom : symptoms) {
        widest = std::max(widest, button_width(ctx, "√ " + symptom->label, {0, 0, ctx.text_font(), Icon::None}));
    }
    const int columns = std::max(1, static_cast<int>((inner + t.gap) / (widest + t.gap)));
    const float tile_w = (inner - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float tile_h = std::max(t.min_touch_px * 1.2f, ctx.text_font()->FontSize * 2.0f);
    ImVec2 start = ImGui::GetCursorScreenPos();
    for (size_t i = 0; i < symptoms.size(); ++i) {
        const std::string& label = symptoms[i]->label;
        bool chosen = std::find(reg.draft.symptoms.begin(), reg.draft.symptoms.end(), label) != reg.draft.symptoms.end();
        ImGui::SetCursorScreenPos(ImVec2(start.x + static_cast<float>(static_cast<int>(i) % columns) * (tile_w + t.gap),
                                         start.y + static_cast<float>(static_cast<int>(i) / columns) * (tile_h + t.gap)));
        std::string id = "##symptom-" + symptoms[i]->id;
        // A chosen symptom is filled and ticked, so the choice is visible without reading colour.
        std::string shown = chosen ? "√ " + label : label;
        if (button(ctx, id.c_str(), shown, ImVec2(tile_w, tile_h),
                   {chosen ? t.primary : t.panel, chosen ? t.text_on_colour : t.text, ctx.text_font(), Icon::None})) {
            ctx.emit(action::ToggleSymptom{label});
        }
    }
    if (!symptoms.empty()) {
        int rows = (static_cast<int>(symptoms.size()) + columns - 1) / columns;
        ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + static_cast<float>(rows) * (tile_h + t.gap)));
    }
}

}  // namespace

void draw_wizard_problem_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const RegistrationState& reg = state.registration;
    draw_wizard_header(state, ctx, Str::PromptProblem);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float footer = wizard_footer_height(ctx);
    const bool typing = reg.focused == DraftField::Description;
    const float keyboard_h = typing ? keyboard_height(ctx) + t.gap : 0.0f;

    ImGui::BeginChild("problem-body", ImVec2(avail.x, std::max(t.min_touch_px, avail.y - keyboard_h - footer - t.gap)),
                      false, ImGuiWindowFlags_NoScrollWithMouse);
    if (typing) {
        // While typing, the field comes first so it stays in view above the keyboard.
        draw_text_field(state, ctx, "##description", DraftField::Description, Str::FieldDescription,
                        ImGui::GetContentRegionAvail().x);
    }
    draw_symptom_tiles(state, ctx);
    if (!typing) {
        draw_text_field(state, ctx, "##description", DraftField::Description, Str::FieldDescription,
                        ImGui::GetContentRegionAvail().x);
        ImGui::Dummy(ImVec2(0, t.gap * 0.5f));
        draw_voice_note_panel(state, ctx);
    }
    ImGui::EndChild();

    if (typing) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x + t.gap * 0.5f, origin.y + avail.y - footer - keyboard_h + t.gap * 0.5f));
        draw_keyboard(state, ctx, avail.x - t.gap);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - footer));
    draw_wizard_footer(state, ctx, WizardForward::Next);
}

}  // namespace xiangke::kiosk::ui
