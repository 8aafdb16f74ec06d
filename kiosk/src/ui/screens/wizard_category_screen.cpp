// Wizard step 1: the request's category (求助类别) as eight large picture tiles; a tap chooses and
// goes on.
#include <string>

#include "ui/screens/screens.h"
#include "ui/screens/wizard_frame.h"
#include "ui/widgets.h"
#include "xiangke/core/vocabulary.h"

namespace xiangke::kiosk::ui {

void draw_wizard_category_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    draw_wizard_header(state, ctx, Str::PromptCategory);
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float footer = wizard_footer_height(ctx);
    const float grid_h = avail.y - footer - t.gap;
    constexpr int kColumns = 4;
    constexpr int kRows = 2;
    const float tile_w = (avail.x - t.gap * (kColumns - 1)) / kColumns;
    const float tile_h = (grid_h - t.gap * (kRows - 1)) / kRows;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    for (size_t i = 0; i < core::kAllCategories.size(); ++i) {
        core::Category category = core::kAllCategories[i];
        std::string hint;
        std::string pictogram;
        if (state.vocabulary) {
            hint = state.vocabulary->category(category).hint;
            pictogram = state.vocabulary->category(category).icon;
        }
        ImGui::SetCursorScreenPos(ImVec2(origin.x + static_cast<float>(i % kColumns) * (tile_w + t.gap),
                                         origin.y + static_cast<float>(i / kColumns) * (tile_h + t.gap)));
        std::string id = "##category-" + std::string(core::category_code(category));
        bool chosen = state.registration.category_chosen && state.registration.draft.category == category;
        ImU32 fill = t.category_fills[i];
        if (tile(ctx, id.c_str(), core::category_label(category), hint, Icon::None, fill, ImVec2(tile_w, tile_h),
                 pictogram)) {
            ctx.emit(action::ChooseCategory{category});
        }
        if (chosen) {
            ImVec2 min(origin.x + static_cast<float>(i % kColumns) * (tile_w + t.gap),
                       origin.y + static_cast<float>(i / kColumns) * (tile_h + t.gap));
            ImGui::GetWindowDrawList()->AddRect(min, ImVec2(min.x + tile_w, min.y + tile_h), t.highlight,
                                                t.rounding * 1.5f, 0, 6.0f);
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + grid_h + t.gap));
    draw_wizard_footer(state, ctx, WizardForward::Next);
}

}  // namespace xiangke::kiosk::ui
