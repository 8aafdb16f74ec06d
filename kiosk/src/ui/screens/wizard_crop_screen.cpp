// Wizard step 2: the crop or animal (作物或牲畜) as picture tiles from the vocabulary, narrowed by
// what the farmer types (Chinese, pinyin, or pinyin initials); what was typed can be used as is.
#include <algorithm>
#include <cmath>
#include <string>

#include "ui/keyboard/keyboard.h"
#include "ui/screens/screens.h"
#include "ui/screens/wizard_frame.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {

void draw_wizard_crop_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const RegistrationState& reg = state.registration;
    draw_wizard_header(state, ctx, Str::PromptCrop);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float footer = wizard_footer_height(ctx);
    const bool typing = reg.focused == DraftField::CropSearch;
    const float keyboard_h = typing ? keyboard_height(ctx) + t.gap : 0.0f;

    // The search field, and the typed name as a choice of its own.
    const float field_w = avail.x * 0.5f;
    draw_text_field(state, ctx, "##crop-search", DraftField::CropSearch, Str::FieldCropSearch, field_w);
    const float row_h = ImGui::GetItemRectSize().y;
    if (!reg.crop_query.empty()) {
        std::string label = std::string(text(Str::UseTypedCrop)) + reg.crop_query;
        ImGui::SetCursorScreenPos(ImVec2(origin.x + field_w + t.gap, origin.y));
        if (button(ctx, "##crop-typed", label, ImVec2(avail.x - field_w - t.gap, row_h),
                   {t.primary, t.text_on_colour, t.body, Icon::None})) {
            ctx.emit(action::ChooseCrop{reg.crop_query});
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + row_h + t.gap));

    // Tiles, scrolled by dragging.
    const float tiles_h = avail.y - row_h - t.gap - keyboard_h - footer - t.gap;
    const float visible_h = std::max(tiles_h, t.min_touch_px);
    ImGui::BeginChild("crop-tiles", ImVec2(avail.x, visible_h), false, ImGuiWindowFlags_NoScrollWithMouse);
    if (state.vocabulary) {
        std::string letters = typing && state.keyboard.mode == KeyboardMode::Pinyin ? state.keyboard.pinyin.input : "";
        auto crops = crop_choices(*state.vocabulary, reg.draft.category, reg.crop_query, letters);
        if (crops.empty()) {
            text(ctx, text(Str::NoCropFound), ctx.text_font(), t.text_muted);
        }
        const float inner = ImGui::GetContentRegionAvail().x;
        // A picture above each name; as many columns as the longest name allows, so no name
        // overflows its tile.
        const float picture = std::max(t.min_touch_px, t.huge->FontSize * 1.7f);
        float widest = std::max(t.min_touch_px * 2.0f, picture + t.gap);
        for (const core::CropEntry* crop : crops) {
            widest = std::max(widest, button_width(ctx, crop->name, {0, 0, t.huge, Icon::None}));
        }
        const int columns = std::max(1, static_cast<int>((inner + t.gap) / (widest + t.gap)));
        const float tile_w = (inner - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        // Whole rows fill the visible height, so no tile is cut off at the bottom before scrolling;
        // rows shrink (the picture never under 15 mm) rather than leave a half-empty page. With the
        // keyboard open one low row shows the pictures beside the names.
        const float natural_h = std::max(t.min_touch_px * 1.3f, pictogram_tile_height(ctx, picture, false));
        const float smallest_h = pictogram_tile_height(ctx, t.min_touch_px, false);
        int rows_visible = static_cast<int>(std::lround((visible_h + t.gap) / (natural_h + t.gap)));
        auto row_height = [&](int rows) { return (visible_h + t.gap) / static_cast<float>(rows) - t.gap; };
        while (rows_visible > 1 && row_height(rows_visible) < smallest_h) {
            --rows_visible;
        }
        const float tile_h = rows_visible > 0 ? row_height(rows_visible) : visible_h;
        ImVec2 start = ImGui::GetCursorScreenPos();
        for (size_t i = 0; i < crops.size(); ++i) {
            const core::CropEntry& crop = *crops[i];
            int column = static_cast<int>(i) % columns;
            int row = static_cast<int>(i) / columns;
            ImVec2 min(start.x + static_cast<float>(column) * (tile_w + t.gap),
                       start.y + static_cast<float>(row) * (tile_h + t.gap));
            ImGui::SetCursorScreenPos(min);
            ImU32 fill = crop.kind == core::CropKind::Animal ? t.category_fills[1] : t.category_fills[0];
            std::string id = "##crop-" + crop.name;
            if (tile(ctx, id.c_str(), crop.name, "", Icon::None, fill, ImVec2(tile_w, tile_h), crop.icon)) {
                ctx.emit(action::ChooseCrop{crop.name});
            }
            if (reg.draft.crop == crop.name) {
                ImGui::GetWindowDrawList()->AddRect(min, ImVec2(min.x + tile_w, min.y + tile_h), t.highlight,
                                                    t.rounding * 1.5f, 0, 6.0f);
            }
        }
        if (!crops.empty()) {
            int rows = (static_cast<int>(crops.size()) + columns - 1) / columns;
            ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + static_cast<float>(rows) * (tile_h + t.gap)));
            ImGui::Dummy(ImVec2(1, 1));
        }
    } else {
        text(ctx, text(Str::Loading), ctx.text_font(), t.text_muted);
    }
    ImGui::EndChild();

    float below = origin.y + avail.y - footer - keyboard_h;
    if (typing) {
        ImGui::SetCursorScreenPos(ImVec2(origin.x + t.gap * 0.5f, below + t.gap * 0.5f));
        draw_keyboard(state, ctx, avail.x - t.gap);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - footer));
    draw_wizard_footer(state, ctx, WizardForward::Next);
}

}  // namespace xiangke::kiosk::ui
