// The reducer's wizard and keyboard part: pure, no window.
#include <gtest/gtest.h>

#include "app/reducer.h"
#include "app/wizard_reducer.h"

using namespace xiangke;
using namespace xiangke::kiosk;

namespace {

template <class E>
const E* find_effect(const std::vector<Effect>& effects) {
    for (const auto& effect : effects) {
        if (const auto* found = std::get_if<E>(&effect)) {
            return found;
        }
    }
    return nullptr;
}

class Wizard : public ::testing::Test {
protected:
    void SetUp() override { reduce(state, action::StartRegistration{}); }

    std::vector<Effect> type(const std::string& text) { return reduce(state, action::InputText{text}); }

    // Category → crop → problem → consent → contact → review, for 病虫害 on 水稻.
    void fill_to_review() {
        reduce(state, action::ChooseCategory{core::Category::PestDisease});
        reduce(state, action::ChooseCrop{"水稻"});
        reduce(state, action::ToggleSymptom{"叶子上有病斑"});
        reduce(state, action::WizardNext{});
        reduce(state, action::GiveConsent{});
        reduce(state, action::FocusField{DraftField::FarmerName});
        type("王大伯");
        reduce(state, action::FocusField{DraftField::FarmerPhone});
        type("13812345678");
        reduce(state, action::ChoosePreferredTime{"上午"});
        reduce(state, action::WizardNext{});
    }

    AppState state;
};

}  // namespace

TEST_F(Wizard, StartsAtTheCategoryWithAnEmptyDraft) {
    EXPECT_EQ(state.screen, Screen::Registration);
    EXPECT_EQ(state.registration.step, WizardStep::Category);
    EXPECT_FALSE(state.registration.category_chosen);
    EXPECT_EQ(state.history, std::vector<Screen>{Screen::Home});
}

TEST_F(Wizard, HealthShowsTheEmergencyNumbersBeforeGoingOn) {
    reduce(state, action::ChooseCategory{core::Category::Health});
    EXPECT_EQ(state.registration.step, WizardStep::Emergency);
    reduce(state, action::WizardNext{});
    EXPECT_EQ(state.registration.step, WizardStep::Problem);
    reduce(state, action::Back{});  // 返回 in the top bar is one step back too
    EXPECT_EQ(state.registration.step, WizardStep::Emergency);
}

TEST_F(Wizard, AValidationErrorKeepsWhatWasTypedAndPointsAtTheField) {
    reduce(state, action::ChooseCategory{core::Category::Machinery});
    ASSERT_EQ(state.registration.step, WizardStep::Problem);
    reduce(state, action::WizardNext{});
    EXPECT_EQ(state.registration.step, WizardStep::Problem);
    EXPECT_EQ(state.registration.problem, RegistrationProblem::DescribeProblem);
    EXPECT_EQ(state.registration.focused, DraftField::Description);
    type("拖拉机打不着火");
    EXPECT_EQ(state.registration.problem, RegistrationProblem::None) << "typing in the field clears its message";
    reduce(state, action::WizardNext{});
    EXPECT_EQ(state.registration.step, WizardStep::Consent);
    EXPECT_EQ(state.registration.draft.description, "拖拉机打不着火");
}

TEST_F(Wizard, ACompletePhoneIsCheckedOnceAndTheCapIsExplained) {
    fill_to_review();
    reduce(state, action::EditPart{WizardStep::Contact});
    reduce(state, action::FocusField{DraftField::FarmerPhone});
    reduce(state, action::InputClear{});
    std::vector<Effect> effects;
    for (char digit : std::string("1391234567")) {
        effects = type(std::string(1, digit));
        EXPECT_EQ(find_effect<effect::CheckPhone>(effects), nullptr) << "not complete yet";
    }
    effects = type("8");
    const auto* check = find_effect<effect::CheckPhone>(effects);
    ASSERT_NE(check, nullptr);
    EXPECT_EQ(check->phone, "13912345678");
    EXPECT_EQ(state.registration.phone_check, PhoneCheckStatus::Asking);

    reduce(state, action::PhoneChecked{"13912345678", PhoneCheckStatus::TooManyOpenRequests, 3});
    EXPECT_EQ(state.registration.problem, RegistrationProblem::TooManyOpenRequests);
    reduce(state, action::WizardNext{});
    EXPECT_EQ(state.registration.step, WizardStep::Contact) << "the cap stops the farmer here";

    // Another number: the answer no longer applies.
    reduce(state, action::InputBackspace{});
    EXPECT_EQ(state.registration.problem, RegistrationProblem::None);
    EXPECT_EQ(state.registration.phone_check, PhoneCheckStatus::NotAsked);
    // An answer that arrives late for the old number is ignored.
    reduce(state, action::PhoneChecked{"13912345678", PhoneCheckStatus::TooManyOpenRequests, 3});
    EXPECT_EQ(state.registration.problem, RegistrationProblem::None);
}

TEST_F(Wizard, OfflinePhoneCheckLetsTheFarmerGoOn) {
    fill_to_review();
    EXPECT_EQ(state.registration.step, WizardStep::Review);
    reduce(state, action::PhoneChecked{"13812345678", PhoneCheckStatus::Unavailable, 0});
    EXPECT_EQ(state.registration.problem, RegistrationProblem::None);
}

TEST_F(Wizard, EditFromTheReviewReturnsToTheReview) {
    fill_to_review();
    ASSERT_EQ(state.registration.step, WizardStep::Review);
    reduce(state, action::EditPart{WizardStep::Contact});
    EXPECT_EQ(state.registration.step, WizardStep::Contact);
    reduce(state, action::FocusField{DraftField::FarmerName});
    reduce(state, action::InputClear{});
    type("王二");
    reduce(state, action::WizardNext{});
    EXPECT_EQ(state.registration.step, WizardStep::Review);
    EXPECT_EQ(state.registration.draft.farmer_name, "王二");
}

TEST_F(Wizard, SubmitSendsTheDraftAndTheConfirmationForgetsIt) {
    fill_to_review();
    auto effects = reduce(state, action::SubmitRegistration{});
    const auto* submit = find_effect<effect::SubmitRequest>(effects);
    ASSERT_NE(submit, nullptr);
    EXPECT_EQ(submit->draft.crop, "水稻");
    EXPECT_EQ(submit->draft.farmer_phone, "13812345678");
    EXPECT_EQ(state.registration.step, WizardStep::Submitting);
    EXPECT_TRUE(reduce(state, action::SubmitRegistration{}).empty()) << "a second tap submits nothing";

    effects = reduce(state, action::RequestSubmitted{{"01HZX3K6Q7V8W9X0Y1Z2A3B4C5", "4827193", "tok", "138****5678"}});
    EXPECT_EQ(state.registration.step, WizardStep::Confirmation);
    ASSERT_TRUE(state.registration.submitted);
    EXPECT_EQ(state.registration.submitted->code, "4827193");
    EXPECT_TRUE(state.registration.draft.farmer_phone.empty()) << "the full number leaves the screen state";
    EXPECT_TRUE(state.registration.draft.farmer_name.empty());
    const auto* speak = find_effect<effect::Speak>(effects);
    ASSERT_NE(speak, nullptr);
    EXPECT_NE(speak->text.find("4 8 2 7 1 9 3"), std::string::npos) << speak->text;
}

TEST_F(Wizard, AFailedSubmitKeepsEverything) {
    fill_to_review();
    reduce(state, action::SubmitRegistration{});
    reduce(state, action::SubmitFailed{"disk full"});
    EXPECT_EQ(state.registration.step, WizardStep::Review);
    EXPECT_EQ(state.registration.problem, RegistrationProblem::SubmitFailed);
    EXPECT_EQ(state.registration.draft.farmer_name, "王大伯");
    EXPECT_EQ(state.registration.submit_error, "disk full");
}

TEST_F(Wizard, IdleTimeoutWipesTheHalfEnteredDraft) {
    fill_to_review();
    reduce(state, action::SetKeyboardMode{KeyboardMode::Pinyin});
    input::PinyinState composing;
    composing.input = "nong";
    composing.revision = 5;
    reduce(state, action::PinyinUpdated{input::PinyinKeyKind::Letter, composing});
    auto effects = reduce(state, action::Tick{state.last_interaction_ms + state.idle_timeout_ms});
    EXPECT_EQ(state.screen, Screen::Home);
    EXPECT_TRUE(state.registration.draft.farmer_phone.empty());
    EXPECT_TRUE(state.registration.draft.farmer_name.empty());
    EXPECT_FALSE(state.registration.category_chosen);
    EXPECT_FALSE(state.keyboard.pinyin.composing());
    EXPECT_NE(find_effect<effect::ResetPinyin>(effects), nullptr) << "the engine forgets the composition too";
}

TEST_F(Wizard, LeavingWithBackFromTheFirstStepWipesTheDraft) {
    reduce(state, action::ChooseCategory{core::Category::Planting});
    reduce(state, action::FocusField{DraftField::CropSearch});
    type("水");
    reduce(state, action::Back{});  // Crop → Category
    EXPECT_EQ(state.registration.step, WizardStep::Category);
    reduce(state, action::Back{});  // leaves the wizard
    EXPECT_EQ(state.screen, Screen::Home);
    EXPECT_TRUE(state.registration.crop_query.empty());
}

TEST_F(Wizard, AnotherCategoryDropsTheCropAndSymptomsOfTheFirst) {
    reduce(state, action::ChooseCategory{core::Category::Planting});
    reduce(state, action::ChooseCrop{"水稻"});
    reduce(state, action::ToggleSymptom{"倒伏"});
    reduce(state, action::WizardPrevious{});
    reduce(state, action::WizardPrevious{});
    ASSERT_EQ(state.registration.step, WizardStep::Category);
    reduce(state, action::ChooseCategory{core::Category::Livestock});
    EXPECT_TRUE(state.registration.draft.crop.empty());
    EXPECT_TRUE(state.registration.draft.symptoms.empty());
}

TEST_F(Wizard, SymptomsToggle) {
    reduce(state, action::ChooseCategory{core::Category::Machinery});
    reduce(state, action::ToggleSymptom{"打不着火"});
    reduce(state, action::ToggleSymptom{"漏油"});
    reduce(state, action::ToggleSymptom{"打不着火"});
    EXPECT_EQ(state.registration.draft.symptoms, std::vector<std::string>{"漏油"});
}

TEST_F(Wizard, FocusingATextFieldOpensTheEnginesOnce) {
    auto effects = reduce(state, action::FocusField{DraftField::FarmerName});
    EXPECT_NE(find_effect<effect::PrepareKeyboard>(effects), nullptr);
    reduce(state, action::HandwritingRecognized{0, {}});
    input::PinyinState ready;
    reduce(state, action::PinyinUpdated{input::PinyinKeyKind::Clear, ready});
    effects = reduce(state, action::FocusField{DraftField::Description});
    EXPECT_EQ(find_effect<effect::PrepareKeyboard>(effects), nullptr);
    effects = reduce(state, action::FocusField{DraftField::FarmerPhone});
    EXPECT_EQ(find_effect<effect::PrepareKeyboard>(effects), nullptr) << "the phone has its own keypad";
}

TEST(Keyboard, StrokesAreRecognisedAndStaleAnswersDropped) {
    AppState state;
    reduce(state, action::StartRegistration{});
    reduce(state, action::ChooseCategory{core::Category::Other});
    reduce(state, action::FocusField{DraftField::Description});
    auto effects = reduce(state, action::InkStrokeEnded{{{10, 10}, {10, 90}}, 300.0f});
    const auto* first = find_effect<effect::RecognizeInk>(effects);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->ink.strokes.size(), 1u);
    EXPECT_FLOAT_EQ(first->ink.pad_width, 300.0f);
    effects = reduce(state, action::InkStrokeEnded{{{5, 50}, {95, 50}}, 300.0f});
    const auto* second = find_effect<effect::RecognizeInk>(effects);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->ink.strokes.size(), 2u);

    reduce(state, action::HandwritingRecognized{first->ink_revision, {"丨"}});
    EXPECT_TRUE(state.keyboard.handwriting_candidates.empty()) << "an answer for older ink";
    reduce(state, action::HandwritingRecognized{second->ink_revision, {"十", "寸", "才"}});
    EXPECT_EQ(state.keyboard.handwriting_candidates.size(), 3u);

    reduce(state, action::ChooseHandwritingCandidate{"十"});
    EXPECT_EQ(state.registration.draft.description, "十");
    EXPECT_TRUE(state.keyboard.ink.strokes.empty()) << "the pad clears for the next character";
    EXPECT_TRUE(state.keyboard.handwriting_candidates.empty());
}

TEST(Keyboard, PinyinCommitsIntoTheFocusedFieldAndBackspaceEditsItWhenIdle) {
    AppState state;
    reduce(state, action::StartRegistration{});
    reduce(state, action::ChooseCategory{core::Category::Other});
    reduce(state, action::FocusField{DraftField::Description});
    auto effects = reduce(state, action::PinyinKeyPressed{input::PinyinKey::letter_key('n')});
    ASSERT_NE(find_effect<effect::ApplyPinyinKey>(effects), nullptr);

    input::PinyinState committed;
    committed.committed = "农业";
    committed.revision = 7;
    reduce(state, action::PinyinUpdated{input::PinyinKeyKind::Select, committed});
    EXPECT_EQ(state.registration.draft.description, "农业");

    input::PinyinState stale;
    stale.committed = "旧";
    stale.revision = 6;
    reduce(state, action::PinyinUpdated{input::PinyinKeyKind::Select, stale});
    EXPECT_EQ(state.registration.draft.description, "农业") << "an older snapshot is dropped";

    input::PinyinState idle;
    idle.outcome = input::KeyOutcome::NotComposing;
    idle.revision = 8;
    reduce(state, action::PinyinUpdated{input::PinyinKeyKind::Backspace, idle});
    EXPECT_EQ(state.registration.draft.description, "农");
}

TEST(Keyboard, AFingerRestingOnThePadCannotGrowTheInkWithoutEnd) {
    AppState state;
    input::InkStroke long_stroke(10'000, input::InkPoint{1, 1});
    reduce(state, action::InkStrokeEnded{long_stroke, 300.0f});
    ASSERT_EQ(state.keyboard.ink.strokes.size(), 1u);
    EXPECT_EQ(state.keyboard.ink.strokes[0].size(), wizard::kMaxPointsPerStroke);
    for (int i = 0; i < 100; ++i) {
        reduce(state, action::InkStrokeEnded{{{1, 1}}, 300.0f});
    }
    EXPECT_EQ(state.keyboard.ink.strokes.size(), wizard::kMaxStrokes);
}
