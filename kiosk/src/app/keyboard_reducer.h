#pragma once
// The reducer's part for the on-screen keyboard (屏幕键盘), shared by every screen that takes
// text: which field typed text goes to (text_target(), the one place that decides it), the keys
// that edit it, and the handwriting and pinyin engines' answers. Pure like reduce() that calls it.
#include <string>
#include <vector>

#include "app/actions.h"
#include "app/app_state.h"

namespace xiangke::kiosk::keyboard {

// Where typed text goes now: the focused field of the wizard's draft, the search query (the only
// field of the search screen), or the lookup's digits on 查询进度 / 服务评价.
TextTarget text_target(const AppState& state);

// Text committed by a keyboard (a key, a candidate, the scenario `type` step) into the target.
void type_text(AppState& state, const std::string& text, std::vector<Effect>& effects);
void type_backspace(AppState& state, std::vector<Effect>& effects);
void type_clear(AppState& state, std::vector<Effect>& effects);

// Opens the handwriting and pinyin engines on their worker the first time a keyboard is shown.
void prepare_engines(const KeyboardState& keyboard, std::vector<Effect>& effects);
// Drops the half-written character and any half-typed pinyin (a new step, leaving a screen).
void drop_input(KeyboardState& keyboard, std::vector<Effect>& effects);

// Every KeyboardAction, each to its overload below.
void reduce(AppState& state, const KeyboardAction& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::CloseKeyboard& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::SetKeyboardMode& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::InkStrokeEnded& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ClearInk& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::HandwritingRecognized& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::ChooseHandwritingCandidate& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::PinyinKeyPressed& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::PinyinUpdated& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::KeyboardEngineFailed& a, std::vector<Effect>& effects);

// Stroke limits, so a finger resting on the pad cannot grow the state without end.
inline constexpr size_t kMaxStrokes = 40;
inline constexpr size_t kMaxPointsPerStroke = 400;

}  // namespace xiangke::kiosk::keyboard
