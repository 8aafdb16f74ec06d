#include "app/keyboard_reducer.h"

#include "app/search_reducer.h"
#include "app/wizard_reducer.h"

namespace xiangke::kiosk::keyboard {
namespace {

void clear_ink(KeyboardState& keyboard) {
    keyboard.ink.strokes.clear();
    keyboard.handwriting_candidates.clear();
    ++keyboard.ink_revision;
}

}  // namespace

TextTarget text_target(const AppState& state) {
    switch (state.screen) {
        case Screen::Registration:
            return state.registration.focused != DraftField::None ? TextTarget::DraftField : TextTarget::None;
        case Screen::Search:
            return TextTarget::SearchQuery;
        case Screen::Status:
        case Screen::Rating:
            return TextTarget::LookupDigits;
        default:
            return TextTarget::None;
    }
}

void type_text(AppState& state, const std::string& text, std::vector<Effect>& effects) {
    switch (text_target(state)) {
        case TextTarget::DraftField:
            wizard::input_text(state, text, effects);
            break;
        case TextTarget::SearchQuery:
            search::input_text(state, text, effects);
            break;
        case TextTarget::LookupDigits:
            for (char digit : text) {  // the lookup's keypad takes digits only
                reduce_tracking(state.tracking, tracking::Digit{digit});
            }
            break;
        case TextTarget::None:
            break;
    }
}

void type_backspace(AppState& state, std::vector<Effect>& effects) {
    switch (text_target(state)) {
        case TextTarget::DraftField:
            wizard::input_backspace(state, effects);
            break;
        case TextTarget::SearchQuery:
            search::input_backspace(state, effects);
            break;
        case TextTarget::LookupDigits:  // the lookup's keypad edits through tracking actions
        case TextTarget::None:
            break;
    }
}

void type_clear(AppState& state, std::vector<Effect>& effects) {
    switch (text_target(state)) {
        case TextTarget::DraftField:
            wizard::input_clear(state, effects);
            break;
        case TextTarget::SearchQuery:
            search::input_clear(state, effects);
            break;
        case TextTarget::LookupDigits:
        case TextTarget::None:
            break;
    }
}

void prepare_engines(const KeyboardState& keyboard, std::vector<Effect>& effects) {
    if (keyboard.handwriting == EngineStatus::NotOpened || keyboard.pinyin_engine == EngineStatus::NotOpened) {
        effects.push_back(effect::PrepareKeyboard{});
    }
}

void drop_input(KeyboardState& keyboard, std::vector<Effect>& effects) {
    clear_ink(keyboard);
    if (keyboard.pinyin.composing()) {
        effects.push_back(effect::ResetPinyin{});
    }
}

void reduce(AppState& state, const action::CloseKeyboard&, std::vector<Effect>& effects) {
    switch (text_target(state)) {
        case TextTarget::DraftField:
            wizard::reduce(state, action::FocusField{DraftField::None}, effects);
            break;
        case TextTarget::SearchQuery:
            search::close_keyboard(state);
            break;
        case TextTarget::LookupDigits:
        case TextTarget::None:
            break;
    }
}

void reduce(AppState& state, const action::SetKeyboardMode& a, std::vector<Effect>&) {
    state.keyboard.mode = a.mode;
}

void reduce(AppState& state, const action::InkStrokeEnded& a, std::vector<Effect>& effects) {
    KeyboardState& keyboard = state.keyboard;
    if (a.stroke.empty() || a.pad_size <= 0.0f || keyboard.ink.strokes.size() >= kMaxStrokes) {
        return;
    }
    input::InkStroke stroke = a.stroke;
    if (stroke.size() > kMaxPointsPerStroke) {
        stroke.resize(kMaxPointsPerStroke);
    }
    keyboard.ink.pad_width = a.pad_size;
    keyboard.ink.pad_height = a.pad_size;
    keyboard.ink.strokes.push_back(std::move(stroke));
    ++keyboard.ink_revision;
    effects.push_back(effect::RecognizeInk{keyboard.ink, keyboard.ink_revision});
}

void reduce(AppState& state, const action::ClearInk&, std::vector<Effect>&) {
    clear_ink(state.keyboard);
}

void reduce(AppState& state, const action::HandwritingRecognized& a, std::vector<Effect>&) {
    KeyboardState& keyboard = state.keyboard;
    keyboard.handwriting = EngineStatus::Ready;
    if (a.ink_revision == keyboard.ink_revision) {
        keyboard.handwriting_candidates = a.candidates;
    }
}

void reduce(AppState& state, const action::ChooseHandwritingCandidate& a, std::vector<Effect>& effects) {
    type_text(state, a.text, effects);
    clear_ink(state.keyboard);
}

void reduce(AppState&, const action::PinyinKeyPressed& a, std::vector<Effect>& effects) {
    effects.push_back(effect::ApplyPinyinKey{a.key});
}

void reduce(AppState& state, const action::PinyinUpdated& a, std::vector<Effect>& effects) {
    KeyboardState& keyboard = state.keyboard;
    keyboard.pinyin_engine = EngineStatus::Ready;
    if (a.state.revision < keyboard.pinyin.revision) {
        return;
    }
    keyboard.pinyin = a.state;
    if (!a.state.committed.empty()) {
        type_text(state, a.state.committed, effects);
    }
    if (a.state.outcome == input::KeyOutcome::NotComposing) {
        if (a.key == input::PinyinKeyKind::Backspace) {
            type_backspace(state, effects);
        } else if (a.key == input::PinyinKeyKind::Space) {
            type_text(state, " ", effects);
        }
    }
}

void reduce(AppState& state, const action::KeyboardEngineFailed& a, std::vector<Effect>&) {
    if (a.mode == KeyboardMode::Handwriting) {
        state.keyboard.handwriting = EngineStatus::Unavailable;
    } else if (a.mode == KeyboardMode::Pinyin) {
        state.keyboard.pinyin_engine = EngineStatus::Unavailable;
    }
}

void reduce(AppState& state, const KeyboardAction& a, std::vector<Effect>& effects) {
    std::visit([&](const auto& one) { reduce(state, one, effects); }, a);
}

}  // namespace xiangke::kiosk::keyboard
