#pragma once
// What every step of the registration wizard (我要求助) shares: the progress bar with the step's
// prompt and its speaker button, the bottom bar with 上一步 / 下一步 (or 提交) and the message
// that says why the farmer cannot go on yet, and the text field that opens the keyboard.
#include <string>
#include <string_view>

#include "app/app_state.h"
#include "app/strings.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

// Progress bar, prompt and 朗读 (reads `spoken`, or the prompt when empty).
void draw_wizard_header(const AppState& state, UiContext& ctx, Str prompt, const std::string& spoken = {});

enum class WizardForward { Next, Submit, None };
// The bottom bar; call with the cursor where the bar goes (see wizard_footer_height).
void draw_wizard_footer(const AppState& state, UiContext& ctx, WizardForward forward);
float wizard_footer_height(const UiContext& ctx);

// The Chinese message for a problem (empty for None).
std::string_view problem_text(RegistrationProblem problem);

// A tappable one-line text field; a tap focuses it (the keyboard or keypad opens for it).
// Shows the placeholder when empty, and a highlighted border when focused or at fault.
void draw_text_field(const AppState& state, UiContext& ctx, const char* id, DraftField field, Str placeholder,
                     float width);

// Whether `field` is typed on the on-screen keyboard (the phone has its own keypad).
bool uses_keyboard(DraftField field);

}  // namespace xiangke::kiosk::ui
