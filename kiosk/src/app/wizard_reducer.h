#pragma once
// The reducer's part for the registration wizard (我要求助) and the on-screen keyboard. Pure like
// reduce() that calls it: state in, effects out.
#include <vector>

#include "app/actions.h"
#include "app/app_state.h"

namespace xiangke::kiosk::wizard {

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
void reduce(AppState& state, const action::SetKeyboardMode& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::InkStrokeEnded& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ClearInk& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::HandwritingRecognized& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ChooseHandwritingCandidate& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::PinyinKeyPressed& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::PinyinUpdated& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::KeyboardEngineFailed& a, std::vector<Effect>& effects);

// Keyboard text for the wizard's focused field (InputText, InputBackspace, InputClear).
// Returns false when the wizard is not on screen (the action belongs to another screen).
bool input_text(AppState& state, const std::string& text, std::vector<Effect>& effects);
bool input_backspace(AppState& state, std::vector<Effect>& effects);
bool input_clear(AppState& state, std::vector<Effect>& effects);

// 返回 in the top bar: one wizard step back. False when the wizard should be left instead.
bool step_back(AppState& state, std::vector<Effect>& effects);

// Forgets the draft and any half-written or half-typed text (leaving, idle timeout).
void wipe(AppState& state, std::vector<Effect>& effects);

// Stroke limits, so a finger resting on the pad cannot grow the state without end.
inline constexpr size_t kMaxStrokes = 40;
inline constexpr size_t kMaxPointsPerStroke = 400;

}  // namespace xiangke::kiosk::wizard
