#include "app/wizard_reducer.h"

#include <algorithm>

#include "app/strings.h"
#include "xiangke/core/phone.h"

namespace xiangke::kiosk::wizard {
namespace {

bool in_wizard(const AppState& state) {
    return state.screen == Screen::Registration;
}

void clear_problem(RegistrationState& reg) {
    reg.problem = RegistrationProblem::None;
    reg.problem_field = DraftField::None;
}

// A new step starts with the keyboard closed and nothing half-written or half-typed on it.
void go_to_step(AppState& state, WizardStep step, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    reg.step = step;
    reg.focused = DraftField::None;
    clear_problem(reg);
    keyboard::drop_input(state.keyboard, effects);
}

// Asks the backend about the per-phone cap once a number is complete and was not asked before.
void check_phone_when_complete(RegistrationState& reg, std::vector<Effect>& effects) {
    const std::string& phone = reg.draft.farmer_phone;
    constexpr size_t kShortestCompleteNumber = 11;  // mobiles, and landlines with a 3-digit area code
    if (phone.size() < kShortestCompleteNumber || phone == reg.phone_checked || !core::parse_phone(phone).ok()) {
        return;
    }
    reg.phone_checked = phone;
    reg.phone_check = PhoneCheckStatus::Asking;
    effects.push_back(effect::CheckPhone{phone});
}

// After the phone changed: an answer for another number no longer applies.
void phone_edited(RegistrationState& reg, std::vector<Effect>& effects) {
    if (reg.draft.farmer_phone != reg.phone_checked) {
        reg.phone_check = PhoneCheckStatus::NotAsked;
        reg.phone_checked.clear();
        if (reg.problem == RegistrationProblem::TooManyOpenRequests) {
            clear_problem(reg);
        }
    }
    check_phone_when_complete(reg, effects);
}

void after_edit(AppState& state, DraftField field, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (reg.problem_field == field) {
        clear_problem(reg);
    }
    if (field == DraftField::FarmerPhone) {
        phone_edited(reg, effects);
    }
}

}  // namespace

void reduce(AppState& state, const action::StartRegistration&, std::vector<Effect>& effects) {
    if (state.screen != Screen::Registration) {
        state.history.push_back(state.screen);
    }
    state.screen = Screen::Registration;
    wipe(state, effects);
}

void reduce(AppState& state, const action::VocabularyLoaded& a, std::vector<Effect>&) {
    state.vocabulary = a.vocabulary;
}

void reduce(AppState& state, const action::ChooseCategory& a, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Category) {
        return;
    }
    if (reg.category_chosen && reg.draft.category != a.category) {
        // Crops and symptoms belong to a category: another category starts them afresh.
        reg.draft.crop.clear();
        reg.draft.symptoms.clear();
        reg.crop_query.clear();
    }
    reg.draft.category = a.category;
    reg.category_chosen = true;
    go_to_step(state, *next_step(reg.draft, WizardStep::Category), effects);
}

void reduce(AppState& state, const action::ChooseCrop& a, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Crop || a.crop.empty()) {
        return;
    }
    if (utf8_length(a.crop) > core::protocol::limits::kCrop) {
        reg.problem = RegistrationProblem::CropTooLong;
        reg.problem_field = DraftField::CropSearch;
        return;
    }
    if (reg.draft.crop != a.crop) {
        reg.draft.symptoms.clear();  // symptoms are offered per crop
    }
    reg.draft.crop = a.crop;
    bool back_to_review = reg.editing_from_review && check_all(reg).ok();
    go_to_step(state, back_to_review ? WizardStep::Review : WizardStep::Problem, effects);
}

void reduce(AppState& state, const action::ToggleSymptom& a, std::vector<Effect>&) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Problem) {
        return;
    }
    auto& symptoms = reg.draft.symptoms;
    auto found = std::find(symptoms.begin(), symptoms.end(), a.symptom);
    if (found != symptoms.end()) {
        symptoms.erase(found);
    } else if (symptoms.size() < core::protocol::limits::kSymptoms &&
               utf8_length(a.symptom) <= core::protocol::limits::kSymptom) {
        symptoms.push_back(a.symptom);
    }
    if (reg.problem == RegistrationProblem::DescribeProblem) {
        clear_problem(reg);
    }
}

void reduce(AppState& state, const action::ChoosePreferredTime& a, std::vector<Effect>&) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Contact ||
        utf8_length(a.time) > core::protocol::limits::kPreferredTime) {
        return;
    }
    reg.draft.preferred_time = a.time;
    reg.focused = DraftField::None;
    if (reg.problem == RegistrationProblem::ChooseTime) {
        clear_problem(reg);
    }
}

void reduce(AppState& state, const action::FocusField& a, std::vector<Effect>& effects) {
    if (!in_wizard(state)) {
        return;
    }
    state.registration.focused = a.field;
    // Names, crops and descriptions are typed on the keyboard: open its engines on the worker
    // the first time one of them is focused (the phone has its own keypad).
    if (a.field != DraftField::None && a.field != DraftField::FarmerPhone) {
        keyboard::prepare_engines(state.keyboard, effects);
    }
}

void reduce(AppState& state, const action::GiveConsent&, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Consent) {
        return;
    }
    reg.consent_given = true;
    go_to_step(state, WizardStep::Contact, effects);
}

void reduce(AppState& state, const action::WizardNext&, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state)) {
        return;
    }
    if (reg.step == WizardStep::Review) {
        reduce(state, action::SubmitRegistration{}, effects);
        return;
    }
    StepCheck check = check_step(reg, reg.step);
    if (!check.ok()) {
        reg.problem = check.problem;
        reg.problem_field = check.field;
        if (check.field != DraftField::None) {
            reg.focused = check.field;  // straight to the field at fault; its text stays
        }
        return;
    }
    std::optional<WizardStep> next = next_step(reg.draft, reg.step);
    if (!next) {
        return;
    }
    if (reg.editing_from_review && check_all(reg).ok()) {
        next = WizardStep::Review;
    }
    go_to_step(state, *next, effects);
}

void reduce(AppState& state, const action::WizardPrevious&, std::vector<Effect>& effects) {
    if (in_wizard(state)) {
        step_back(state, effects);
    }
}

void reduce(AppState& state, const action::EditPart& a, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Review) {
        return;
    }
    reg.editing_from_review = true;
    go_to_step(state, a.step, effects);
}

void reduce(AppState& state, const action::SubmitRegistration&, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Review) {
        return;  // also ignores a second tap while the first submit runs
    }
    StepCheck check = check_all(reg);
    if (!check.ok()) {
        reg.problem = check.problem;
        reg.problem_field = check.field;
        return;
    }
    clear_problem(reg);
    reg.step = WizardStep::Submitting;
    effects.push_back(effect::SubmitRequest{reg.draft});
}

void reduce(AppState& state, const action::PhoneChecked& a, std::vector<Effect>&) {
    RegistrationState& reg = state.registration;
    if (a.phone != reg.draft.farmer_phone || a.phone != reg.phone_checked) {
        return;  // an answer about a number that has since been changed or wiped
    }
    reg.phone_check = a.status;
    reg.max_open_requests_per_phone = a.max_open_requests;
    if (a.status == PhoneCheckStatus::TooManyOpenRequests) {
        reg.problem = RegistrationProblem::TooManyOpenRequests;
        reg.problem_field = DraftField::FarmerPhone;
    }
}

void reduce(AppState& state, const action::RequestSubmitted& a, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (!in_wizard(state) || reg.step != WizardStep::Submitting) {
        return;
    }
    // The request is stored: the draft's personal data leaves the screen state at once.
    reg = RegistrationState{};
    reg.step = WizardStep::Confirmation;
    reg.submitted = a.request;
    std::string speech = std::string(text(Str::RequestCodeSpoken)) + digits_for_speech(a.request.code);
    effects.push_back(effect::Speak{speech});
}

void reduce(AppState& state, const action::SubmitFailed& a, std::vector<Effect>&) {
    RegistrationState& reg = state.registration;
    if (reg.step != WizardStep::Submitting) {
        return;
    }
    reg.step = WizardStep::Review;  // everything typed is still there; 提交 can be tried again
    reg.problem = RegistrationProblem::SubmitFailed;
    reg.problem_field = DraftField::None;
    reg.submit_error = a.message;
}

bool input_text(AppState& state, const std::string& text, std::vector<Effect>& effects) {
    if (!in_wizard(state)) {
        return false;
    }
    RegistrationState& reg = state.registration;
    if (append_to_field(reg, reg.focused, text)) {
        after_edit(state, reg.focused, effects);
    }
    return true;
}

bool input_backspace(AppState& state, std::vector<Effect>& effects) {
    if (!in_wizard(state)) {
        return false;
    }
    RegistrationState& reg = state.registration;
    backspace_field(reg, reg.focused);
    after_edit(state, reg.focused, effects);
    return true;
}

bool input_clear(AppState& state, std::vector<Effect>& effects) {
    if (!in_wizard(state)) {
        return false;
    }
    RegistrationState& reg = state.registration;
    clear_field(reg, reg.focused);
    after_edit(state, reg.focused, effects);
    return true;
}

bool step_back(AppState& state, std::vector<Effect>& effects) {
    RegistrationState& reg = state.registration;
    if (reg.step == WizardStep::Submitting) {
        return true;  // the request is being written: stay until it is stored or failed
    }
    std::optional<WizardStep> previous = previous_step(reg.draft, reg.step);
    if (!previous) {
        return false;
    }
    go_to_step(state, *previous, effects);
    return true;
}

void wipe(AppState& state, std::vector<Effect>& effects) {
    bool composing = state.keyboard.pinyin.composing();
    state.registration = RegistrationState{};
    KeyboardState keyboard;
    keyboard.handwriting = state.keyboard.handwriting;
    keyboard.pinyin_engine = state.keyboard.pinyin_engine;
    keyboard.ink_revision = state.keyboard.ink_revision + 1;
    keyboard.pinyin.revision = state.keyboard.pinyin.revision;
    state.keyboard = keyboard;
    if (composing) {
        effects.push_back(effect::ResetPinyin{});
    }
}

void reduce(AppState& state, const WizardAction& a, std::vector<Effect>& effects) {
    std::visit([&](const auto& one) { reduce(state, one, effects); }, a);
}

}  // namespace xiangke::kiosk::wizard
