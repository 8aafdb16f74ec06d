// The wizard's screens in the real app, rendered headless: every step's touch targets are at
// least 15 mm, the emergency numbers show for 健康, the review masks the phone, and every text the
// wizard draws has its glyphs in the atlas.
#include <set>

#include "ui/fonts.h"
#include "wizard_app_fixture.h"

using namespace xiangke;
using namespace xiangke::kiosk;

using WizardScreens = test::WizardApp;

namespace {

void expect_full_size_targets(const AppRunner& app, const char* where) {
    const float min_px = app.theme().mm(15.0f) - 0.5f;
    int targets = 0;
    for (const auto& item : app.recorder().items()) {
        if (!item.touch_target) {
            continue;
        }
        ++targets;
        EXPECT_GE(item.max.x - item.min.x, min_px) << where << ": " << item.text;
        EXPECT_GE(item.max.y - item.min.y, min_px) << where << ": " << item.text;
        EXPECT_LE(item.max.y, 800.5f) << where << ": " << item.text << " is below the screen";
    }
    EXPECT_GT(targets, 0) << where;
}

void expect_no_missing_glyphs(const AppRunner& app, const char* where) {
    for (const auto& item : app.recorder().items()) {
        auto missing = ui::missing_glyphs(app.theme().body, item.text);
        EXPECT_TRUE(missing.empty()) << where << ": " << item.text;
    }
}

}  // namespace

TEST_F(WizardScreens, EveryStepAndKeyboardHasFullSizeTouchTargets) {
    ASSERT_TRUE(tap("我要求助"));
    expect_full_size_targets(*app, "category");
    ASSERT_TRUE(tap("病虫害"));
    expect_full_size_targets(*app, "crop");
    ASSERT_TRUE(tap("点这里输入名称"));
    for (const char* tab : {"手写", "拼音", "数字"}) {
        ASSERT_TRUE(tap(tab, true));
        expect_full_size_targets(*app, tab);
    }
    ASSERT_TRUE(tap("写好了", true));
    ASSERT_TRUE(tap("水稻", true));
    expect_full_size_targets(*app, "problem");
    ASSERT_TRUE(tap("叶子上有病斑"));
    ASSERT_TRUE(tap("下一步", true));
    expect_full_size_targets(*app, "consent");
    ASSERT_TRUE(tap("同意", true));
    ASSERT_TRUE(tap("联系电话"));
    expect_full_size_targets(*app, "contact with keypad");
}

TEST_F(WizardScreens, HealthShowsTheEmergencyNumbersLarge) {
    ASSERT_TRUE(tap("我要求助"));
    ASSERT_TRUE(tap("健康"));
    for (const char* number : {"120", "119", "110"}) {
        const ui::DrawnItem* panel = find(number);
        ASSERT_NE(panel, nullptr) << number;
        EXPECT_GE(panel->max.y - panel->min.y, app->theme().mm(40.0f)) << number << " is shown large";
    }
    ASSERT_TRUE(tap("继续求助"));
    EXPECT_EQ(app->state().registration.step, WizardStep::Problem);
}

TEST_F(WizardScreens, TheReviewMasksThePhoneAndOffersEditPerPart) {
    ASSERT_TRUE(tap("我要求助"));
    ASSERT_TRUE(tap("农机"));
    ASSERT_TRUE(tap("问题描述"));
    app->dispatch(action::InputText{"收割机链条断了"});
    app->settle();
    ASSERT_TRUE(tap("写好了", true));
    ASSERT_TRUE(tap("下一步", true));
    ASSERT_TRUE(tap("同意", true));
    ASSERT_TRUE(tap("您的称呼"));
    app->dispatch(action::InputText{"瘟螟蚜"});  // characters the common CJK range lacks
    app->settle();
    ASSERT_TRUE(tap("写好了", true));
    ASSERT_TRUE(tap("联系电话"));
    for (char digit : std::string("13812345678")) {
        ASSERT_TRUE(tap(std::string(1, digit), true));
    }
    ASSERT_TRUE(tap("下午", true));
    ASSERT_TRUE(tap("下一步", true));
    ASSERT_EQ(app->state().registration.step, WizardStep::Review);
    EXPECT_NE(find("138****5678"), nullptr);
    EXPECT_EQ(find("13812345678"), nullptr) << "the full number is not shown on the review";
    EXPECT_NE(find("收割机链条断了"), nullptr);
    int edits = 0;
    for (const auto& item : app->recorder().items()) {
        edits += item.text == "修改" ? 1 : 0;
    }
    EXPECT_EQ(edits, 3) << "one 修改 per part: category, problem, contact";
    EXPECT_NE(find("提交", true), nullptr);
    // Waits for the full atlas, then checks every text drawn has its glyphs.
    app->settle();
    ASSERT_TRUE(app->fonts_complete());
    expect_no_missing_glyphs(*app, "review");
}
