#pragma once
// Registration (我要求助): the draft a farmer fills in step by step, the order of the wizard's
// steps and the checks each step makes before the farmer may go on. Pure: no UI, no I/O, no
// clock. The reducer keeps a RegistrationState in AppState and calls these functions; the checks
// are the shared ones the backend runs on `request.create` (core::protocol limits and decoder,
// core::parse_phone), so a request the kiosk accepts is one the backend accepts.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xiangke/core/category.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/vocabulary.h"

namespace xiangke::kiosk {

// 语音留言: an Opus-in-Ogg recording made at the kiosk (at most limits::kVoiceNoteMaxMs).
struct VoiceNoteDraft {
    std::vector<uint8_t> ogg_opus;
    int64_t duration_ms = 0;
};

// 求助草稿: what the farmer has entered so far. Wiped by the idle timeout and on leaving.
struct RegistrationDraft {
    core::Category category = core::Category::Other;
    std::string crop;  // a vocabulary name when picked from the tiles, else what was typed
    std::vector<std::string> symptoms;
    std::string description;
    std::string farmer_name;
    std::string farmer_phone;  // digits only, as typed on the keypad
    std::string preferred_time;
    std::optional<VoiceNoteDraft> voice_note;
};

// What the kiosk keeps once a request is stored (the confirmation screen draws from it).
struct SubmittedRequest {
    std::string request_id;
    std::string code;          // 求助码
    std::string status_token;  // for the public progress page <backend>/s/<token>
    std::string masked_phone;  // 138****1234
};

// The wizard's steps in order. Emergency comes right after the category for 健康 and 防灾减灾.
enum class WizardStep { Category, Emergency, Crop, Problem, Consent, Contact, Review, Submitting, Confirmation };

// The text fields a keyboard can type into.
enum class DraftField { None, CropSearch, Description, FarmerName, FarmerPhone };

// Why the wizard cannot go on (each has a Chinese message in the string catalogue).
enum class RegistrationProblem {
    None,
    ChooseCategory,
    ChooseCrop,
    CropTooLong,
    DescribeProblem,  // neither a symptom, a description nor a voice note
    TooManySymptoms,
    DescriptionTooLong,
    VoiceNoteTooLong,
    EnterName,
    NameTooLong,
    EnterPhone,
    PhoneInvalid,
    ChooseTime,
    ConsentNeeded,
    TooManyOpenRequests,  // the backend's per-phone cap
    SubmitFailed,
};

// The per-phone cap check (POST /api/v1/sync/phone-check), asked once the phone is complete.
enum class PhoneCheckStatus { NotAsked, Asking, Allowed, TooManyOpenRequests, Unavailable };

struct RegistrationState {
    WizardStep step = WizardStep::Category;
    RegistrationDraft draft;
    bool category_chosen = false;
    std::string crop_query;  // typed to search the crop tiles (Chinese or pinyin initials)
    DraftField focused = DraftField::None;
    bool consent_given = false;
    PhoneCheckStatus phone_check = PhoneCheckStatus::NotAsked;
    std::string phone_checked;  // the digits the last answer was for
    int max_open_requests_per_phone = 0;
    RegistrationProblem problem = RegistrationProblem::None;
    DraftField problem_field = DraftField::None;
    bool editing_from_review = false;  // 修改: 下一步 goes back to the review
    std::string submit_error;           // the store's reason when the submit failed (for the log)
    std::optional<SubmittedRequest> submitted;
};

// Wizard order, pure.
std::optional<WizardStep> next_step(const RegistrationDraft& draft, WizardStep step);
std::optional<WizardStep> previous_step(const RegistrationDraft& draft, WizardStep step);
// The five parts the progress bar shows (分类, 作物, 问题, 联系方式, 确认) and where `step` is.
inline constexpr int kProgressParts = 5;
int progress_part(WizardStep step);

struct StepCheck {
    RegistrationProblem problem = RegistrationProblem::None;
    DraftField field = DraftField::None;
    bool ok() const { return problem == RegistrationProblem::None; }
};
// What stands in the way of leaving `step` forwards; the draft is never changed.
StepCheck check_step(const RegistrationState& state, WizardStep step);
// Every step at once (the review's 提交).
StepCheck check_all(const RegistrationState& state);

// The payload fields of request.create the kiosk fills from the draft (ids, code and village
// are added by the store when it writes the request; the voice note, base64-encoded, by the
// submit effect in shell/app_runner.cpp).
core::protocol::RequestCreate to_request_create(const RegistrationDraft& draft);

// Text limits per field, in Unicode characters (the protocol's limits).
size_t field_limit(DraftField field);
// Appends keyboard text to a field; refuses (returns false, draft unchanged) past the limit.
// The phone field takes ASCII digits only.
bool append_to_field(RegistrationState& state, DraftField field, std::string_view text);
void backspace_field(RegistrationState& state, DraftField field);
void clear_field(RegistrationState& state, DraftField field);
const std::string& field_text(const RegistrationState& state, DraftField field);

size_t utf8_length(std::string_view text);

// Every text of the vocabulary the wizard shows (category hints, crops and aliases, symptoms),
// for the font atlas.
std::string vocabulary_text(const core::Vocabulary& vocabulary);

// "4827193" → "4 8 2 7 1 9 3": speech reads a code digit by digit, not as a number.
std::string digits_for_speech(std::string_view code);

// The initials of a toneless pinyin word without spaces: "shuidao" → "sd", "huanggua" → "hg".
std::string pinyin_initials(std::string_view pinyin);
// The crop and animal tiles offered under a category that match what was typed: Chinese (name or
// alias contains it), or pinyin letters (a prefix of the pinyin, or of its initials: "sd" and
// "shui" both find 水稻). `letters` are the pinyin keys typed but not yet turned into characters.
// Nothing typed: every tile of the category.
std::vector<const core::CropEntry*> crop_choices(const core::Vocabulary& vocabulary, core::Category category,
                                                 std::string_view typed, std::string_view letters);

}  // namespace xiangke::kiosk
