// The registration draft's pure logic: step order, the checks before each step, field limits,
// crop search, and agreement with the backend's own decoder.
#include <gtest/gtest.h>

#include "app/registration.h"
#include "xiangke/core/protocol.h"
#include "xiangke/platform/data_paths.h"

using namespace xiangke;
using namespace xiangke::kiosk;
using core::Category;

namespace {

const core::Vocabulary& vocabulary() {
    static const core::Vocabulary vocab = [] {
        auto loaded = platform::load_vocabulary(std::filesystem::path(XIANGKE_SOURCE_DIR) / "content" / "vocab");
        EXPECT_TRUE(loaded.ok()) << loaded.error().message;
        return std::move(loaded).value();
    }();
    return vocab;
}

RegistrationState complete_state() {
    RegistrationState state;
    state.category_chosen = true;
    state.draft.category = Category::PestDisease;
    state.draft.crop = "水稻";
    state.draft.symptoms = {"叶子上有病斑"};
    state.draft.description = "稻叶上有褐色的斑";
    state.consent_given = true;
    state.draft.farmer_name = "王大伯";
    state.draft.farmer_phone = "13812345678";
    state.draft.preferred_time = "上午";
    return state;
}

std::vector<const char*> names(const std::vector<const core::CropEntry*>& crops) {
    std::vector<const char*> out;
    for (const auto* crop : crops) {
        out.push_back(crop->name.c_str());
    }
    return out;
}

bool has(const std::vector<const core::CropEntry*>& crops, const std::string& name) {
    for (const auto* crop : crops) {
        if (crop->name == name) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST(RegistrationSteps, CropCategoriesAskForTheCropThenTheProblem) {
    RegistrationDraft draft;
    draft.category = Category::Planting;
    EXPECT_EQ(next_step(draft, WizardStep::Category), WizardStep::Crop);
    EXPECT_EQ(next_step(draft, WizardStep::Crop), WizardStep::Problem);
    EXPECT_EQ(next_step(draft, WizardStep::Problem), WizardStep::Consent);
    EXPECT_EQ(next_step(draft, WizardStep::Consent), WizardStep::Contact);
    EXPECT_EQ(next_step(draft, WizardStep::Contact), WizardStep::Review);
    EXPECT_EQ(previous_step(draft, WizardStep::Problem), WizardStep::Crop);
    EXPECT_EQ(previous_step(draft, WizardStep::Crop), WizardStep::Category);
    EXPECT_EQ(previous_step(draft, WizardStep::Category), std::nullopt);
}

TEST(RegistrationSteps, HealthAndDisasterShowTheEmergencyNumbersFirst) {
    for (Category category : {Category::Health, Category::Disaster}) {
        RegistrationDraft draft;
        draft.category = category;
        EXPECT_EQ(next_step(draft, WizardStep::Category), WizardStep::Emergency);
        // Neither asks for a crop.
        EXPECT_EQ(next_step(draft, WizardStep::Emergency), WizardStep::Problem);
        EXPECT_EQ(previous_step(draft, WizardStep::Problem), WizardStep::Emergency);
    }
    RegistrationDraft machinery;
    machinery.category = Category::Machinery;
    EXPECT_EQ(next_step(machinery, WizardStep::Category), WizardStep::Problem);
    EXPECT_EQ(previous_step(machinery, WizardStep::Problem), WizardStep::Category);
}

TEST(RegistrationSteps, NoWayBackOnceSubmitted) {
    RegistrationDraft draft;
    EXPECT_EQ(previous_step(draft, WizardStep::Submitting), std::nullopt);
    EXPECT_EQ(previous_step(draft, WizardStep::Confirmation), std::nullopt);
    EXPECT_EQ(progress_part(WizardStep::Category), 0);
    EXPECT_EQ(progress_part(WizardStep::Review), kProgressParts - 1);
}

TEST(RegistrationChecks, EachStepNamesWhatIsMissing) {
    RegistrationState state;
    EXPECT_EQ(check_step(state, WizardStep::Category).problem, RegistrationProblem::ChooseCategory);
    state.category_chosen = true;
    EXPECT_TRUE(check_step(state, WizardStep::Category).ok());

    StepCheck crop = check_step(state, WizardStep::Crop);
    EXPECT_EQ(crop.problem, RegistrationProblem::ChooseCrop);
    EXPECT_EQ(crop.field, DraftField::CropSearch);

    EXPECT_EQ(check_step(state, WizardStep::Problem).problem, RegistrationProblem::DescribeProblem);
    state.draft.voice_note = VoiceNoteDraft{std::vector<uint8_t>(1000, 1), 5'000};
    EXPECT_TRUE(check_step(state, WizardStep::Problem).ok()) << "a voice note alone describes the problem";

    EXPECT_EQ(check_step(state, WizardStep::Consent).problem, RegistrationProblem::ConsentNeeded);

    EXPECT_EQ(check_step(state, WizardStep::Contact).problem, RegistrationProblem::EnterName);
    state.draft.farmer_name = "李阿姨";
    EXPECT_EQ(check_step(state, WizardStep::Contact).problem, RegistrationProblem::EnterPhone);
    state.draft.farmer_phone = "1381234";
    StepCheck phone = check_step(state, WizardStep::Contact);
    EXPECT_EQ(phone.problem, RegistrationProblem::PhoneInvalid);
    EXPECT_EQ(phone.field, DraftField::FarmerPhone);
    state.draft.farmer_phone = "057487654321";  // a landline with its area code
    EXPECT_EQ(check_step(state, WizardStep::Contact).problem, RegistrationProblem::ChooseTime);
    state.draft.preferred_time = "随时";
    EXPECT_TRUE(check_step(state, WizardStep::Contact).ok());
}

TEST(RegistrationChecks, ThePerPhoneCapBlocksOnlyTheNumberItWasAbout) {
    RegistrationState state = complete_state();
    state.phone_check = PhoneCheckStatus::TooManyOpenRequests;
    state.phone_checked = "13812345678";
    EXPECT_EQ(check_step(state, WizardStep::Contact).problem, RegistrationProblem::TooManyOpenRequests);
    state.phone_checked = "13900000000";
    EXPECT_TRUE(check_step(state, WizardStep::Contact).ok());
}

TEST(RegistrationChecks, VoiceNotesOverTheLimitsAreRefused) {
    RegistrationState state = complete_state();
    state.draft.voice_note = VoiceNoteDraft{std::vector<uint8_t>(100, 1), core::protocol::limits::kVoiceNoteMaxMs + 1};
    EXPECT_EQ(check_step(state, WizardStep::Problem).problem, RegistrationProblem::VoiceNoteTooLong);
    state.draft.voice_note = VoiceNoteDraft{std::vector<uint8_t>(core::protocol::limits::kVoiceNoteBase64, 1), 30'000};
    EXPECT_EQ(check_step(state, WizardStep::Problem).problem, RegistrationProblem::VoiceNoteTooLong);
}

TEST(RegistrationChecks, ACompleteDraftPassesTheBackendsDecoder) {
    RegistrationState state = complete_state();
    state.draft.farmer_phone = "13812345678";
    EXPECT_TRUE(check_all(state).ok());

    core::protocol::RequestCreate request = to_request_create(state.draft);
    request.request_id = "01HZX3K6Q7V8W9X0Y1Z2A3B4C5";
    request.code = "4827193";
    request.village_code = "330281001001";
    auto decoded = core::protocol::decode_request_create(core::protocol::to_json(request));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->farmer_phone, "13812345678");
    EXPECT_EQ(decoded->crop, "水稻");
    EXPECT_EQ(decoded->category, Category::PestDisease);
}

TEST(RegistrationChecks, TooLongATextIsCaughtWithTheFieldAtFault) {
    RegistrationState state = complete_state();
    state.draft.description.clear();
    for (size_t i = 0; i <= core::protocol::limits::kDescription; ++i) {
        state.draft.description += "稻";
    }
    StepCheck check = check_all(state);
    EXPECT_EQ(check.problem, RegistrationProblem::DescriptionTooLong);
    EXPECT_EQ(check.field, DraftField::Description);
}

TEST(RegistrationFields, TextStopsAtTheLimitAndNothingTypedIsLost) {
    RegistrationState state;
    std::string name;
    for (size_t i = 0; i < core::protocol::limits::kFarmerName; ++i) {
        ASSERT_TRUE(append_to_field(state, DraftField::FarmerName, "王"));
        name += "王";
    }
    EXPECT_FALSE(append_to_field(state, DraftField::FarmerName, "王"));
    EXPECT_EQ(state.draft.farmer_name, name);
    EXPECT_EQ(utf8_length(state.draft.farmer_name), core::protocol::limits::kFarmerName);
}

TEST(RegistrationFields, ThePhoneTakesDigitsOnly) {
    RegistrationState state;
    EXPECT_TRUE(append_to_field(state, DraftField::FarmerPhone, "138"));
    EXPECT_FALSE(append_to_field(state, DraftField::FarmerPhone, "a"));
    EXPECT_FALSE(append_to_field(state, DraftField::FarmerPhone, "一"));
    EXPECT_EQ(state.draft.farmer_phone, "138");
    EXPECT_FALSE(append_to_field(state, DraftField::None, "x"));
}

TEST(RegistrationFields, BackspaceRemovesAWholeCharacter) {
    RegistrationState state;
    append_to_field(state, DraftField::Description, "稻a瘟");
    backspace_field(state, DraftField::Description);
    EXPECT_EQ(state.draft.description, "稻a");
    backspace_field(state, DraftField::Description);
    backspace_field(state, DraftField::Description);
    EXPECT_EQ(state.draft.description, "");
    backspace_field(state, DraftField::Description);  // nothing left: no harm
    EXPECT_EQ(state.draft.description, "");
    append_to_field(state, DraftField::CropSearch, "水稻");
    clear_field(state, DraftField::CropSearch);
    EXPECT_EQ(field_text(state, DraftField::CropSearch), "");
}

TEST(CropSearch, PinyinInitialsOfTheVocabulary) {
    EXPECT_EQ(pinyin_initials("shuidao"), "sd");
    EXPECT_EQ(pinyin_initials("huanggua"), "hg");
    EXPECT_EQ(pinyin_initials("fanqie"), "fq");
    EXPECT_EQ(pinyin_initials("qingcai"), "qc");
    EXPECT_EQ(pinyin_initials("nanmeibaiduixia"), "nmbdx");
    EXPECT_EQ(pinyin_initials("shanyang"), "sy");
    EXPECT_EQ(pinyin_initials("e"), "e");
}

TEST(CropSearch, ChineseAliasesPinyinAndInitialsFindTheirCrop) {
    const auto& vocab = vocabulary();
    auto all = crop_choices(vocab, Category::Planting, "", "");
    EXPECT_EQ(all.size(), vocab.crops_for(Category::Planting).size());

    auto by_initials = crop_choices(vocab, Category::Planting, "", "sd");
    EXPECT_TRUE(has(by_initials, "水稻")) << testing::PrintToString(names(by_initials));
    auto by_prefix = crop_choices(vocab, Category::Planting, "", "shui");
    EXPECT_TRUE(has(by_prefix, "水稻"));
    EXPECT_TRUE(has(by_prefix, "水蜜桃"));
    EXPECT_FALSE(has(by_prefix, "小麦"));
    auto by_alias = crop_choices(vocab, Category::Planting, "西红柿", "");
    ASSERT_EQ(by_alias.size(), 1u);
    EXPECT_EQ(by_alias[0]->name, "番茄");
    // Animals are not offered under planting, and crops not under livestock.
    EXPECT_TRUE(crop_choices(vocab, Category::Livestock, "水稻", "").empty());
    EXPECT_TRUE(has(crop_choices(vocab, Category::Livestock, "", "sz"), "生猪"));
}

TEST(RegistrationText, CodesAreSpokenDigitByDigit) {
    EXPECT_EQ(digits_for_speech("4827193"), "4 8 2 7 1 9 3");
    EXPECT_NE(vocabulary_text(vocabulary()).find("水稻"), std::string::npos);
}
