#pragma once
// Text a farmer typed (the wizard's fields, the search query): any GB2312 character. The atlas
// carries GB2312 at the body size only (twice would break the memory budget, docs/performance.md);
// the large and huge sizes carry the catalogue, the vocabulary and the content. So typed text is
// drawn character by character from the largest font up to its size that has the glyph, scaled
// to that size: crisp for words the kiosk knows, slightly soft for rare ones, never missing, and
// as large as large-text mode asks.
#include <string_view>

#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

// The size of typed text in a field: the body size, the large size in large-text mode.
float typed_text_px(const UiContext& ctx);
// The size of the search query: a heading, one step larger in large-text mode.
float query_text_px(const UiContext& ctx);

ImVec2 typed_text_size(const UiContext& ctx, std::string_view text, float px);
// Draws `text` at `pos` (top left) and records it (not a touch target) with its box, so tests
// can see the size it was drawn at.
void draw_typed_text(UiContext& ctx, ImDrawList* draw, ImVec2 pos, std::string_view text, float px, ImU32 colour);

}  // namespace xiangke::kiosk::ui
