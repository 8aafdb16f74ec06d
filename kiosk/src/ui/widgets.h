#pragma once
// The kiosk's few widgets. Each records what it draws (FrameRecorder) so tests and scenarios
// see the screen the way a visitor does. Touch targets are never smaller than theme.min_touch_px.
#include <string_view>

#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

enum class Icon { None, Learn, Help, Progress, Rating, Back, Home, Search, Speaker, Stop, TextSize, Topic };

struct ButtonStyle {
    ImU32 fill = 0;        // 0: theme.panel
    ImU32 text = 0;        // 0: theme.text
    ImFont* font = nullptr;  // nullptr: ctx.text_font()
    Icon icon = Icon::None;
};

// The smallest width that shows the label and icon whole and is a full touch target.
float button_width(const UiContext& ctx, std::string_view label, const ButtonStyle& style);
// A large rounded button, never narrower than button_width(); returns true when tapped. `id`
// must be unique in the window.
bool button(UiContext& ctx, const char* id, std::string_view label, ImVec2 size, const ButtonStyle& style = {});
// A home-screen tile: big label, smaller hint, icon; returns true when tapped. With a known
// `pictogram` (ui/pictograms.h) the picture replaces the icon and fills the tile's upper part; an
// empty hint is left out.
bool tile(UiContext& ctx, const char* id, std::string_view label, std::string_view hint, Icon icon, ImU32 fill,
          ImVec2 size, std::string_view pictogram = {});
// The height a pictogram tile needs for `picture` pixels of picture above a huge label and,
// when `with_hint`, a line of hint.
float pictogram_tile_height(const UiContext& ctx, float picture, bool with_hint);
// Wrapped text in the given font and colour, recorded for `expect`.
void text(UiContext& ctx, std::string_view content, ImFont* font, ImU32 colour, float wrap_width = 0.0f);
// Text with one highlighted span (search results); bytes [offset, offset+length) of `content`.
void highlighted_text(UiContext& ctx, std::string_view content, size_t offset, size_t length, ImFont* font,
                      float wrap_width);
void draw_icon(ImDrawList* list, Icon icon, ImVec2 centre, float size, ImU32 colour);

}  // namespace xiangke::kiosk::ui
