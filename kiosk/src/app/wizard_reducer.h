#pragma once
// The reducer's part for the registration wizard (我要求助); the keyboard's own part is in
// keyboard_reducer.h. Pure like reduce() that calls it: state in, effects out.
#include <vector>

#include "app/actions.h"
#include "app/app_state.h"
#include "app/keyboard_reducer.h"

namespace xiangke::kiosk::wizard {

// Every WizardAction, each to its overload below.
void reduce(AppState& state, const WizardAction& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::StartRegistration& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VocabularyLoaded& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ChooseCategory& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ChooseCrop& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ToggleSymptom& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ChoosePreferredTime& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::FocusField& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::GiveConsent& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::WizardNext& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::WizardPrevious& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::EditPart& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::SubmitRegistration& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::PhoneChecked& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::RequestSubmitted& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::SubmitFailed& a, std::vector<Effect>& effects);

// Keyboard text for the wizard's focused field (keyboard::type_text() calls these when the draft
// is the target). Returns false when the wizard is not on screen.
bool input_text(AppState& state, const std::string& text, std::vector<Effect>& effects);
bool input_backspace(AppState& state, std::vector<Effect>& effects);
bool input_clear(AppState& state, std::vector<Effect>& effects);

// 返回 in the top bar: one wizard step back. False when the wizard should be left instead.
bool step_back(AppState& state, std::vector<Effect>& effects);

// Forgets the draft and any half-written or half-typed text (leaving, idle timeout).
void wipe(AppState& state, std::vector<Effect>& effects);

using keyboard::kMaxPointsPerStroke;
using keyboard::kMaxStrokes;

}  // namespace xiangke::kiosk::wizard
