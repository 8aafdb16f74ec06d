#include "app/registration.h"

#include "xiangke/core/phone.h"

namespace xiangke::kiosk {
namespace {

bool has_crop_step(core::Category category) {
    return core::crop_kind_offered_under(core::CropKind::Crop, category) ||
           core::crop_kind_offered_under(core::CropKind::Animal, category);
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string* mutable_field(RegistrationState& state, DraftField field) {
    switch (field) {
        case DraftField::CropSearch:
            return &state.crop_query;
        case DraftField::Description:
            return &state.draft.description;
        case DraftField::FarmerName:
            return &state.draft.farmer_name;
        case DraftField::FarmerPhone:
            return &state.draft.farmer_phone;
        case DraftField::None:
            break;
    }
    return nullptr;
}

// The backend's own decoder, run on what the kiosk would send: any field it refuses becomes the
// wizard's problem, so the two can never disagree.
StepCheck check_with_protocol(const RegistrationDraft& draft) {
    core::protocol::RequestCreate request = to_request_create(draft);
    // Placeholders for what the store adds; they are valid by construction there.
    request.request_id = "01HZZZZZZZZZZZZZZZZZZZZZZZ";
    request.code = "0000000";
    request.village_code = "330281000000";
    auto decoded = core::protocol::decode_request_create(core::protocol::to_json(request));
    if (decoded.ok()) {
        return {};
    }
    const std::string& field = decoded.error().field;
    if (field.rfind("crop", 0) == 0) {
        return {RegistrationProblem::CropTooLong, DraftField::CropSearch};
    }
    if (field.rfind("symptoms", 0) == 0) {
        return {RegistrationProblem::TooManySymptoms, DraftField::None};
    }
    if (field.rfind("description", 0) == 0) {
        return {RegistrationProblem::DescriptionTooLong, DraftField::Description};
    }
    if (field.rfind("voice_note", 0) == 0) {
        return {RegistrationProblem::VoiceNoteTooLong, DraftField::None};
    }
    if (field.rfind("farmer_name", 0) == 0) {
        return {RegistrationProblem::NameTooLong, DraftField::FarmerName};
    }
    if (field.rfind("farmer_phone", 0) == 0) {
        return {RegistrationProblem::PhoneInvalid, DraftField::FarmerPhone};
    }
    if (field.rfind("preferred_time", 0) == 0) {
        return {RegistrationProblem::ChooseTime, DraftField::None};
    }
    return {RegistrationProblem::SubmitFailed, DraftField::None};
}

}  // namespace

size_t utf8_length(std::string_view text) {
    size_t count = 0;
    for (char c : text) {
        count += is_continuation_byte(c) ? 0 : 1;
    }
    return count;
}

namespace {

bool is_pinyin_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'v'; }

// n, ng and r close a syllable when no vowel follows them ("fan|qie", "huang|gua", "er|hu").
bool is_coda(std::string_view pinyin, size_t i) {
    char c = pinyin[i];
    auto vowel_at = [&](size_t j) { return j < pinyin.size() && is_pinyin_vowel(pinyin[j]); };
    if (c == 'n' || c == 'r') {
        return !vowel_at(i + 1) && !(c == 'n' && i + 1 < pinyin.size() && pinyin[i + 1] == 'g' && vowel_at(i + 2));
    }
    return c == 'g' && i > 0 && pinyin[i - 1] == 'n' && !vowel_at(i + 1);
}

bool matches_crop(const core::CropEntry& crop, std::string_view query) {
    if (query.empty()) {
        return false;
    }
    if (crop.name.find(query) != std::string::npos || crop.pinyin.compare(0, query.size(), query) == 0) {
        return true;
    }
    for (const auto& alias : crop.aliases) {
        if (alias.find(query) != std::string::npos) {
            return true;
        }
    }
    std::string initials = pinyin_initials(crop.pinyin);
    return query.size() >= 2 && initials.compare(0, query.size(), query) == 0;
}

}  // namespace

std::string vocabulary_text(const core::Vocabulary& vocabulary) {
    std::string text;
    for (const auto& category : vocabulary.categories()) {
        text += category.label + category.hint;
    }
    for (const auto& crop : vocabulary.crops()) {
        text += crop.name;
        for (const auto& alias : crop.aliases) {
            text += alias;
        }
    }
    for (const auto& symptom : vocabulary.symptoms()) {
        text += symptom.label;
    }
    return text;
}

std::string digits_for_speech(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (!out.empty()) {
            out += ' ';
        }
        out += c;
    }
    return out;
}

std::string pinyin_initials(std::string_view pinyin) {
    std::string initials;
    for (size_t i = 0; i < pinyin.size(); ++i) {
        char c = pinyin[i];
        if (c < 'a' || c > 'z') {
            continue;
        }
        bool starts_syllable = i == 0;
        if (i > 0 && !is_pinyin_vowel(c) && !is_coda(pinyin, i)) {
            starts_syllable = is_pinyin_vowel(pinyin[i - 1]) || is_coda(pinyin, i - 1);
        }
        if (starts_syllable) {
            initials += c;
        }
    }
    return initials;
}

std::vector<const core::CropEntry*> crop_choices(const core::Vocabulary& vocabulary, core::Category category,
                                                 std::string_view typed, std::string_view letters) {
    std::vector<const core::CropEntry*> offered = vocabulary.crops_for(category);
    if (typed.empty() && letters.empty()) {
        return offered;
    }
    std::vector<const core::CropEntry*> out;
    for (const core::CropEntry* crop : offered) {
        if (matches_crop(*crop, typed) || matches_crop(*crop, letters)) {
            out.push_back(crop);
        }
    }
    return out;
}

std::optional<WizardStep> next_step(const RegistrationDraft& draft, WizardStep step) {
    switch (step) {
        case WizardStep::Category:
            if (core::category_needs_emergency_notice(draft.category)) {
                return WizardStep::Emergency;
            }
            [[fallthrough]];
        case WizardStep::Emergency:
            return has_crop_step(draft.category) ? WizardStep::Crop : WizardStep::Problem;
        case WizardStep::Crop:
            return WizardStep::Problem;
        case WizardStep::Problem:
            return WizardStep::Consent;
        case WizardStep::Consent:
            return WizardStep::Contact;
        case WizardStep::Contact:
            return WizardStep::Review;
        case WizardStep::Review:
            return WizardStep::Submitting;
        case WizardStep::Submitting:
            return WizardStep::Confirmation;
        case WizardStep::Confirmation:
            break;
    }
    return std::nullopt;
}

std::optional<WizardStep> previous_step(const RegistrationDraft& draft, WizardStep step) {
    switch (step) {
        case WizardStep::Category:
        case WizardStep::Submitting:
        case WizardStep::Confirmation:
            return std::nullopt;  // leaving the wizard, or no way back once submitted
        case WizardStep::Emergency:
            return WizardStep::Category;
        case WizardStep::Crop:
            return core::category_needs_emergency_notice(draft.category) ? WizardStep::Emergency : WizardStep::Category;
        case WizardStep::Problem:
            if (has_crop_step(draft.category)) {
                return WizardStep::Crop;
            }
            return core::category_needs_emergency_notice(draft.category) ? WizardStep::Emergency : WizardStep::Category;
        case WizardStep::Consent:
            return WizardStep::Problem;
        case WizardStep::Contact:
            return WizardStep::Consent;
        case WizardStep::Review:
            return WizardStep::Contact;
    }
    return std::nullopt;
}

int progress_part(WizardStep step) {
    switch (step) {
        case WizardStep::Category:
        case WizardStep::Emergency:
            return 0;
        case WizardStep::Crop:
            return 1;
        case WizardStep::Problem:
            return 2;
        case WizardStep::Consent:
        case WizardStep::Contact:
            return 3;
        case WizardStep::Review:
        case WizardStep::Submitting:
        case WizardStep::Confirmation:
            return 4;
    }
    return 0;
}

StepCheck check_step(const RegistrationState& state, WizardStep step) {
    const RegistrationDraft& draft = state.draft;
    switch (step) {
        case WizardStep::Category:
            if (!state.category_chosen) {
                return {RegistrationProblem::ChooseCategory, DraftField::None};
            }
            return {};
        case WizardStep::Emergency:
            return {};
        case WizardStep::Crop:
            if (draft.crop.empty()) {
                return {RegistrationProblem::ChooseCrop, DraftField::CropSearch};
            }
            if (utf8_length(draft.crop) > core::protocol::limits::kCrop) {
                return {RegistrationProblem::CropTooLong, DraftField::CropSearch};
            }
            return {};
        case WizardStep::Problem:
            if (draft.symptoms.empty() && draft.description.empty() && !draft.voice_note) {
                return {RegistrationProblem::DescribeProblem, DraftField::Description};
            }
            if (draft.symptoms.size() > core::protocol::limits::kSymptoms) {
                return {RegistrationProblem::TooManySymptoms, DraftField::None};
            }
            if (utf8_length(draft.description) > core::protocol::limits::kDescription) {
                return {RegistrationProblem::DescriptionTooLong, DraftField::Description};
            }
            if (draft.voice_note && (draft.voice_note->duration_ms > core::protocol::limits::kVoiceNoteMaxMs ||
                                     (draft.voice_note->ogg_opus.size() + 2) / 3 * 4 >
                                         core::protocol::limits::kVoiceNoteBase64)) {
                return {RegistrationProblem::VoiceNoteTooLong, DraftField::None};
            }
            return {};
        case WizardStep::Consent:
            if (!state.consent_given) {
                return {RegistrationProblem::ConsentNeeded, DraftField::None};
            }
            return {};
        case WizardStep::Contact: {
            if (draft.farmer_name.empty()) {
                return {RegistrationProblem::EnterName, DraftField::FarmerName};
            }
            if (utf8_length(draft.farmer_name) > core::protocol::limits::kFarmerName) {
                return {RegistrationProblem::NameTooLong, DraftField::FarmerName};
            }
            if (draft.farmer_phone.empty()) {
                return {RegistrationProblem::EnterPhone, DraftField::FarmerPhone};
            }
            if (!core::parse_phone(draft.farmer_phone).ok()) {
                return {RegistrationProblem::PhoneInvalid, DraftField::FarmerPhone};
            }
            if (state.phone_check == PhoneCheckStatus::TooManyOpenRequests &&
                state.phone_checked == draft.farmer_phone) {
                return {RegistrationProblem::TooManyOpenRequests, DraftField::FarmerPhone};
            }
            if (draft.preferred_time.empty()) {
                return {RegistrationProblem::ChooseTime, DraftField::None};
            }
            return {};
        }
        case WizardStep::Review:
            return check_all(state);
        case WizardStep::Submitting:
        case WizardStep::Confirmation:
            return {};
    }
    return {};
}

StepCheck check_all(const RegistrationState& state) {
    for (WizardStep step = WizardStep::Category; step != WizardStep::Review;) {
        StepCheck check = check_step(state, step);
        if (!check.ok()) {
            return check;
        }
        step = *next_step(state.draft, step);
    }
    return check_with_protocol(state.draft);
}

core::protocol::RequestCreate to_request_create(const RegistrationDraft& draft) {
    core::protocol::RequestCreate request;
    request.category = draft.category;
    request.crop = draft.crop;
    request.symptoms = draft.symptoms;
    request.description = draft.description;
    request.farmer_name = draft.farmer_name;
    auto phone = core::parse_phone(draft.farmer_phone);
    request.farmer_phone = phone.ok() ? phone->digits : draft.farmer_phone;
    request.preferred_time = draft.preferred_time;
    return request;
}

size_t field_limit(DraftField field) {
    switch (field) {
        case DraftField::CropSearch:
            return core::protocol::limits::kCrop;
        case DraftField::Description:
            return core::protocol::limits::kDescription;
        case DraftField::FarmerName:
            return core::protocol::limits::kFarmerName;
        case DraftField::FarmerPhone:
            return core::protocol::limits::kPhone;
        case DraftField::None:
            break;
    }
    return 0;
}

bool append_to_field(RegistrationState& state, DraftField field, std::string_view text) {
    std::string* target = mutable_field(state, field);
    if (target == nullptr || text.empty()) {
        return false;
    }
    if (field == DraftField::FarmerPhone) {
        for (char c : text) {
            if (c < '0' || c > '9') {
                return false;
            }
        }
    }
    if (utf8_length(*target) + utf8_length(text) > field_limit(field)) {
        return false;  // the field is full; what is there stays
    }
    target->append(text);
    return true;
}

void backspace_field(RegistrationState& state, DraftField field) {
    std::string* target = mutable_field(state, field);
    if (target == nullptr || target->empty()) {
        return;
    }
    size_t cut = target->size() - 1;
    while (cut > 0 && is_continuation_byte((*target)[cut])) {
        --cut;
    }
    target->resize(cut);
}

void clear_field(RegistrationState& state, DraftField field) {
    if (std::string* target = mutable_field(state, field)) {
        target->clear();
    }
}

const std::string& field_text(const RegistrationState& state, DraftField field) {
    static const std::string kEmpty;
    switch (field) {
        case DraftField::CropSearch:
            return state.crop_query;
        case DraftField::Description:
            return state.draft.description;
        case DraftField::FarmerName:
            return state.draft.farmer_name;
        case DraftField::FarmerPhone:
            return state.draft.farmer_phone;
        case DraftField::None:
            break;
    }
    return kEmpty;
}

}  // namespace xiangke::kiosk
