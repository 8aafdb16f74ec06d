// The wizard's screens in the real app, rendered headless: every step's touch targets are at
// least 15 mm, the emergency numbers show for 健康, the review masks the phone, and every text the
// wizard draws has its glyphs in the atlas.
#include <algorithm>
#include <set>

#include "ui/fonts.h"
#include "ui/pictograms.h"
#include "kiosk/support/wizard_app_fixture.h"

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

// The last frame drew the pictogram `icon` inside the tile `item`: every colour the picture is
// made of is there, and the picture is at least 40% of the tile's height.
void expect_pictogram_in(const ui::DrawnItem& item, const std::string& icon) {
    ImDrawList alone(ImGui::GetDrawListSharedData());
    alone._ResetForNewFrame();
    alone.PushClipRectFullScreen();
    ASSERT_TRUE(ui::draw_pictogram(&alone, icon, ImVec2(0, 0), 100.0f)) << item.text << ": " << icon;
    std::set<ImU32> picture;
    for (const ImDrawVert& v : alone.VtxBuffer) {
        if ((v.col & IM_COL32_A_MASK) != 0) {
            picture.insert(v.col);
        }
    }
    const ImDrawData* data = ImGui::GetDrawData();
    ASSERT_NE(data, nullptr);
    std::set<ImU32> in_tile;
    float top = FLT_MAX, bottom = -FLT_MAX;
    for (int l = 0; l < data->CmdListsCount; ++l) {
        for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer) {
            bool inside = v.pos.x >= item.min.x - 1 && v.pos.x <= item.max.x + 1 && v.pos.y >= item.min.y - 1 &&
                          v.pos.y <= item.max.y + 1;
            if (!inside || picture.count(v.col) == 0) {
                continue;
            }
            in_tile.insert(v.col);
            top = std::min(top, v.pos.y);
            bottom = std::max(bottom, v.pos.y);
        }
    }
    EXPECT_EQ(in_tile.size(), picture.size()) << item.text << " shows the " << icon << " picture";
    EXPECT_GE(bottom - top, (item.max.y - item.min.y) * 0.4f) << item.text << ": the picture is big";
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

TEST_F(WizardScreens, CategoryAndCropTilesShowTheirPictograms) {
    ASSERT_TRUE(tap("我要求助"));
    ASSERT_NE(app->state().vocabulary, nullptr);
    const core::Vocabulary& vocabulary = *app->state().vocabulary;
    for (const core::CategoryEntry& category : vocabulary.categories()) {
        const ui::DrawnItem* tile = find(category.label + " " + category.hint, true);
        ASSERT_NE(tile, nullptr) << category.label;
        expect_pictogram_in(*tile, category.icon);
    }
    expect_full_size_targets(*app, "category with pictures");
    ASSERT_TRUE(tap("病虫害"));
    for (bool large_text : {false, true}) {
        if (large_text) {
            app->dispatch(action::ToggleLargeText{});
            app->settle();
            ASSERT_TRUE(app->state().large_text);
        }
        int shown = 0;
        for (const core::CropEntry* crop : vocabulary.crops_for(core::Category::PestDisease)) {
            const ui::DrawnItem* tile = find(crop->name, true);
            if (tile == nullptr || !tile->touch_target) {
                continue;  // scrolled out of view
            }
            ++shown;
            expect_pictogram_in(*tile, crop->icon);
        }
        EXPECT_GE(shown, 6) << "a page of crop tiles, large text " << large_text;
        expect_full_size_targets(*app, large_text ? "crop with pictures, large text" : "crop with pictures");
    }
    ASSERT_TRUE(tap("水稻", true));
    EXPECT_EQ(app->state().registration.draft.crop, "水稻");
}

TEST_F(WizardScreens, TypedTextFollowsLargeTextModeAndFieldsStayAboveTheKeyboard) {
    // The typed text's own box (recorded apart from the field, not a touch target) is as tall as
    // the size it was drawn at.
    auto typed_height = [&](const std::string& typed) {
        for (const auto& item : app->recorder().items()) {
            if (!item.touch_target && item.text == typed) {
                return item.max.y - item.min.y;
            }
        }
        return 0.0f;
    };
    auto field_of = [&](const std::string& typed) { return find(typed, true); };
    auto keyboard_top = [&]() {
        const ui::DrawnItem* tab = find("手写", true);
        return tab != nullptr ? tab->min.y : 0.0f;
    };
    const ui::Theme& theme = app->theme();
    ASSERT_GT(theme.large_px, theme.body_px);

    open_description_keyboard();
    app->dispatch(action::InputText{"稻瘟螟"});  // GB2312 characters the large size's atlas lacks here
    app->settle();
    EXPECT_NEAR(typed_height("稻瘟螟"), theme.body_px, 0.5f) << "body size in normal mode";
    app->dispatch(action::ToggleLargeText{});
    app->settle();
    ASSERT_TRUE(app->state().large_text);
    EXPECT_NEAR(typed_height("稻瘟螟"), theme.large_px, 0.5f) << "large size in large-text mode";
    const ui::DrawnItem* description = field_of("稻瘟螟");
    ASSERT_NE(description, nullptr);
    EXPECT_TRUE(description->touch_target);
    EXPECT_GE(description->max.y - description->min.y, theme.large_px * 1.8f - 0.5f) << "the field grows with its text";
    EXPECT_LE(description->max.y, keyboard_top()) << "the field is not covered by the keyboard";
    expect_full_size_targets(*app, "problem, typing, large text");

    ASSERT_TRUE(tap("写好了", true));
    ASSERT_TRUE(tap("下一步", true));
    ASSERT_TRUE(tap("同意", true));
    ASSERT_EQ(app->state().registration.step, WizardStep::Contact);
    expect_full_size_targets(*app, "contact, large text");
    ASSERT_TRUE(tap("您的称呼"));
    app->dispatch(action::InputText{"王大伯"});
    app->settle();
    EXPECT_NEAR(typed_height("王大伯"), theme.large_px, 0.5f);
    const ui::DrawnItem* name = field_of("王大伯");
    ASSERT_NE(name, nullptr);
    EXPECT_LE(name->max.y, keyboard_top());
    expect_full_size_targets(*app, "contact, typing the name, large text");

    ASSERT_TRUE(tap("写好了", true));
    ASSERT_TRUE(tap("联系电话"));
    for (char digit : std::string("13812345678")) {
        ASSERT_TRUE(tap(std::string(1, digit), true));
    }
    EXPECT_NEAR(typed_height("13812345678"), theme.large_px, 0.5f);
    expect_full_size_targets(*app, "contact with keypad, large text");
    // Nothing of the contact step runs into the bottom bar.
    const ui::DrawnItem* next = find("下一步", true);
    ASSERT_NE(next, nullptr);
    for (const char* chip : {"上午", "下午", "晚上"}) {
        const ui::DrawnItem* item = find(chip, true);
        ASSERT_NE(item, nullptr) << chip;
        EXPECT_LE(item->max.y, next->min.y) << chip << " overlaps the bottom bar";
    }
}
