#pragma once
// Wrapped text made of styled spans (plain, bold, emphasis). Chinese wraps between any two
// characters, Latin words stay whole, and closing punctuation never starts a line.
#include <string_view>
#include <vector>

#include "app/markdown_document.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

void rich_text(UiContext& ctx, const std::vector<TextSpan>& spans, ImFont* font, ImU32 colour, float wrap_width);

}  // namespace xiangke::kiosk::ui
