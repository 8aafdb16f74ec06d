// The keyboard's target (keyboard_reducer.h): one on-screen keyboard types into the wizard's
// focused field or the search query, whichever screen is shown; its engines' answers follow.
#include <gtest/gtest.h>

#include "app/keyboard_reducer.h"
#include "app/reducer.h"

using namespace xiangke::kiosk;

namespace {

template <class T>
bool has_effect(const std::vector<Effect>& effects) {
    for (const auto& effect : effects) {
        if (std::holds_alternative<T>(effect)) {
            return true;
        }
    }
    return false;
}

input::PinyinState committed(const std::string& text, uint64_t revision) {
    input::PinyinState pinyin;
    pinyin.committed = text;
    pinyin.revision = revision;
    pinyin.outcome = input::KeyOutcome::Consumed;
    return pinyin;
}

}  // namespace

TEST(KeyboardTarget, FollowsTheScreenAndTheFocusedField) {
    AppState s;
    EXPECT_EQ(keyboard::text_target(s), TextTarget::None);
    reduce(s, action::Navigate{Screen::Search, ""});
    EXPECT_EQ(keyboard::text_target(s), TextTarget::SearchQuery);
    reduce(s, action::StartRegistration{});
    EXPECT_EQ(keyboard::text_target(s), TextTarget::None) << "no field focused yet";
    reduce(s, action::ChooseCategory{xiangke::core::Category::Other});
    reduce(s, action::FocusField{DraftField::Description});
    EXPECT_EQ(keyboard::text_target(s), TextTarget::DraftField);
    reduce(s, action::GoHome{});
    reduce(s, action::Navigate{Screen::Status, ""});
    EXPECT_EQ(keyboard::text_target(s), TextTarget::LookupDigits);
}

TEST(KeyboardTarget, OpeningTheSearchKeyboardPreparesTheEnginesOnce) {
    AppState s;
    reduce(s, action::Navigate{Screen::Search, ""});
    auto effects = reduce(s, action::OpenSearchKeyboard{});
    EXPECT_TRUE(s.search.typing);
    EXPECT_TRUE(has_effect<effect::PrepareKeyboard>(effects));
    reduce(s, action::HandwritingRecognized{0, {}});
    reduce(s, action::PinyinUpdated{input::PinyinKeyKind::Clear, input::PinyinState{}});
    reduce(s, action::CloseKeyboard{});
    EXPECT_FALSE(s.search.typing);
    EXPECT_FALSE(has_effect<effect::PrepareKeyboard>(reduce(s, action::OpenSearchKeyboard{})));
}

TEST(KeyboardTarget, CandidatesOnTheSearchScreenGoToTheQueryNotTheDraft) {
    AppState s;
    reduce(s, action::Navigate{Screen::Search, ""});
    reduce(s, action::OpenSearchKeyboard{});
    auto effects = reduce(s, action::PinyinUpdated{input::PinyinKeyKind::Select, committed("稻瘟", 5)});
    EXPECT_EQ(s.search.query, "稻瘟");
    ASSERT_TRUE(has_effect<effect::RunSearch>(effects)) << "the search runs as soon as text is committed";
    effects = reduce(s, action::ChooseHandwritingCandidate{"病"});
    EXPECT_EQ(s.search.query, "稻瘟病");
    EXPECT_TRUE(has_effect<effect::RunSearch>(effects));
    EXPECT_TRUE(s.registration.draft.description.empty());
    EXPECT_TRUE(s.registration.draft.farmer_name.empty());
}

TEST(KeyboardTarget, WizardTypingIsUnchanged) {
    AppState s;
    reduce(s, action::StartRegistration{});
    reduce(s, action::ChooseCategory{xiangke::core::Category::Other});
    reduce(s, action::FocusField{DraftField::Description});
    reduce(s, action::PinyinUpdated{input::PinyinKeyKind::Select, committed("农业", 3)});
    EXPECT_EQ(s.registration.draft.description, "农业");
    EXPECT_TRUE(s.search.query.empty());
    reduce(s, action::CloseKeyboard{});
    EXPECT_EQ(s.registration.focused, DraftField::None);
}

TEST(KeyboardTarget, LeavingSearchClosesTheKeyboardAndDropsHalfTypedInput) {
    AppState s;
    reduce(s, action::Navigate{Screen::Topics, ""});
    reduce(s, action::Navigate{Screen::Search, ""});
    reduce(s, action::OpenSearchKeyboard{});
    input::PinyinState composing;
    composing.input = "dao";
    composing.composition = "dao";
    composing.revision = 2;
    reduce(s, action::PinyinUpdated{input::PinyinKeyKind::Letter, composing});
    ASSERT_TRUE(s.keyboard.pinyin.composing());
    auto effects = reduce(s, action::Back{});
    EXPECT_EQ(s.screen, Screen::Topics);
    EXPECT_FALSE(s.search.typing);
    EXPECT_TRUE(has_effect<effect::ResetPinyin>(effects));
}

TEST(KeyboardTarget, OpeningAResultCountsAViewAndGivesTheResultsTheRoomOnReturn) {
    AppState s;
    reduce(s, action::Navigate{Screen::Search, ""});
    reduce(s, action::OpenSearchKeyboard{});
    auto effects = reduce(s, action::OpenArticle{"rice-blast"});
    ASSERT_TRUE(has_effect<effect::RecordArticleView>(effects));
    for (const auto& effect : effects) {
        if (const auto* view = std::get_if<effect::RecordArticleView>(&effect)) {
            EXPECT_EQ(view->article_id, "rice-blast");
        }
    }
    reduce(s, action::Back{});
    EXPECT_EQ(s.screen, Screen::Search);
    EXPECT_FALSE(s.search.typing);
}
