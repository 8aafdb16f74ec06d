// The pinyin keyboard in the real app: letter keys go to librime on the keyboard worker, the
// candidate bar shows its answer, a tapped candidate lands in the focused field.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "kiosk/support/wizard_app_fixture.h"

using namespace xiangke;
using namespace xiangke::kiosk;

using PinyinKeyboard = test::WizardApp;

TEST_F(PinyinKeyboard, NongyeGivesNongyeInTheField) {
    open_description_keyboard();
    ASSERT_TRUE(tap("拼音", true));
    ASSERT_EQ(app->state().keyboard.mode, KeyboardMode::Pinyin);
    std::vector<double> per_key_ms;
    for (char letter : std::string("nongye")) {
        auto started = std::chrono::steady_clock::now();
        ASSERT_TRUE(tap(std::string(1, letter), true));
        per_key_ms.push_back(ms_since(started));
    }
    EXPECT_EQ(app->state().keyboard.pinyin.input, "nongye");
    ASSERT_NE(find("农业", true), nullptr) << "the candidate bar shows 农业";
    EXPECT_TRUE(app->state().registration.draft.description.empty()) << "nothing committed before a tap";
    ASSERT_TRUE(tap("农业", true));
    EXPECT_EQ(app->state().registration.draft.description, "农业");
    EXPECT_FALSE(app->state().keyboard.pinyin.composing());
    std::sort(per_key_ms.begin(), per_key_ms.end());
    // A figure, not a limit: tap to redrawn candidates, frames included.
    std::printf("pinyin: tap to candidates, median %.1f ms, max %.1f ms over %zu keys\n",
                per_key_ms[per_key_ms.size() / 2], per_key_ms.back(), per_key_ms.size());
    RecordProperty("pinyin_key_median_ms", static_cast<int>(per_key_ms[per_key_ms.size() / 2]));
}

TEST_F(PinyinKeyboard, BackspaceEditsTheCompositionThenTheField) {
    open_description_keyboard();
    ASSERT_TRUE(tap("拼音", true));
    app->dispatch(action::InputText{"稻"});
    app->settle();
    ASSERT_TRUE(tap("b", true));
    EXPECT_EQ(app->state().keyboard.pinyin.input, "b");
    ASSERT_TRUE(tap("删除", true));
    EXPECT_EQ(app->state().keyboard.pinyin.input, "");
    EXPECT_EQ(app->state().registration.draft.description, "稻") << "the first 删除 only undid the letter";
    ASSERT_TRUE(tap("删除", true));
    EXPECT_EQ(app->state().registration.draft.description, "");
}

TEST_F(PinyinKeyboard, LeavingTheStepDropsAHalfTypedComposition) {
    open_description_keyboard();
    ASSERT_TRUE(tap("拼音", true));
    ASSERT_TRUE(tap("n", true));
    ASSERT_TRUE(app->state().keyboard.pinyin.composing());
    ASSERT_TRUE(tap("上一步", true));
    EXPECT_FALSE(app->state().keyboard.pinyin.composing()) << "rime was reset on the worker";
}

TEST_F(PinyinKeyboard, DigitsTabTypesDigitsAndPunctuation) {
    open_description_keyboard();
    ASSERT_TRUE(tap("数字", true));
    ASSERT_TRUE(tap("3", true));
    ASSERT_TRUE(tap("亩", true));
    ASSERT_TRUE(tap("，", true));
    EXPECT_EQ(app->state().registration.draft.description, "3亩，");
    ASSERT_TRUE(tap("清空", true));
    EXPECT_EQ(app->state().registration.draft.description, "");
}
