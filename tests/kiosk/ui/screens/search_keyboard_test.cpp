// 搜索 typed on the on-screen keyboard in the real app (headless, real pinyin and handwriting
// engines, a small signed pack installed): the keyboard types into the query, not the wizard's
// draft; results arrive as characters are committed and stay above the keyboard; 收起键盘 gives
// them the room.
#include <algorithm>

#include "kiosk/input/ink_fixtures.h"
#include "services/pack_installer.h"
#include "support/pack_fixture.h"
#include "kiosk/support/wizard_app_fixture.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::kiosk;

namespace {

class SearchKeyboard : public test::WizardApp {
protected:
    void SetUp() override {
        platform::SecretKey key = platform::SecretKey::generate();
        test::write_pack(pack.path(), test::sample_pack_spec(1), key);
        {
            auto content = ContentService::open(dir.path() / "kiosk.db");
            ASSERT_TRUE(content.ok());
            auto installed = install_pack(**content, pack.path(), dir.path(), key.public_key(), core::system_now_ms(),
                                          ExpiryCheck::Enforce);
            ASSERT_TRUE(installed.ok()) << installed.error().message;
        }
        test::WizardApp::SetUp();
        ASSERT_TRUE(tap("科普知识"));
        ASSERT_TRUE(tap("搜索", true));
        ASSERT_EQ(app->state().screen, Screen::Search);
    }

    // Taps the query field: the keyboard opens under it.
    void open_keyboard() {
        ASSERT_FALSE(app->state().search.typing);
        ASSERT_TRUE(tap("点这里输入要找的内容"));
        ASSERT_TRUE(app->state().search.typing);
        ASSERT_NE(find("写好了", true), nullptr) << "the keyboard is drawn";
    }

    // The top of the keyboard: its first tab.
    float keyboard_top() const {
        const ui::DrawnItem* tab = find("手写", true);
        return tab != nullptr ? tab->min.y : 0.0f;
    }

    const ui::DrawnItem* hit_titled(const std::string& title) const {
        for (const auto& item : app->recorder().items()) {
            if (item.touch_target && item.text == title) {
                return &item;
            }
        }
        return nullptr;
    }

    // Draws `ink` (on the fixtures' 300 px pad) on the pad on screen with finger events.
    void write(const input::Ink& ink) {
        const ui::DrawnItem* pad = find("在框里写一个字");
        ASSERT_NE(pad, nullptr);
        const float scale = (pad->max.x - pad->min.x) / test::ink::kPad;
        const ImVec2 origin = pad->min;
        for (const auto& stroke : ink.strokes) {
            auto at = [&](size_t i) { return ImVec2(origin.x + stroke[i].x * scale, origin.y + stroke[i].y * scale); };
            app->inject({PointerEvent::Kind::Down, at(0).x, at(0).y, app->now_ms()});
            app->frame();
            for (size_t i = 1; i < stroke.size(); ++i) {
                app->advance_clock(16);
                app->inject({PointerEvent::Kind::Move, at(i).x, at(i).y, app->now_ms()});
                app->frame();
            }
            app->inject({PointerEvent::Kind::Up, at(stroke.size() - 1).x, at(stroke.size() - 1).y, app->now_ms()});
            app->settle();
        }
    }

    // Taps the pinyin candidate `text`, turning pages (下一页) until it shows.
    bool pick_candidate(const std::string& text) {
        for (int page = 0; page < 10; ++page) {
            if (find(text, true) != nullptr) {
                return tap(text, true);
            }
            if (!app->state().keyboard.pinyin.has_next_page || !tap("下一页", true)) {
                break;
            }
        }
        ADD_FAILURE() << "no candidate " << text;
        return false;
    }

    test::TempDir pack;
};

}  // namespace

TEST_F(SearchKeyboard, PinyinDaowenPicksTheCandidateAndFindsRiceBlast) {
    open_keyboard();
    ASSERT_TRUE(tap("拼音", true));
    for (char letter : std::string("daowen")) {
        ASSERT_TRUE(tap(std::string(1, letter), true));
    }
    EXPECT_TRUE(app->state().search.query.empty()) << "nothing committed before a candidate is tapped";
    const std::string composition = app->state().keyboard.pinyin.composition;
    ASSERT_FALSE(composition.empty());
    EXPECT_NE(find(composition, true), nullptr) << "the field shows the letters being composed";
    // The dictionary has no word 稻瘟: 稻 for "dao", then 瘟 for the "wen" left composing.
    ASSERT_TRUE(pick_candidate("稻"));
    EXPECT_TRUE(app->state().search.query.empty()) << "稻 is a partial selection; wen is still being typed";
    ASSERT_TRUE(pick_candidate("瘟"));
    EXPECT_EQ(app->state().search.query, "稻瘟");
    EXPECT_TRUE(app->state().registration.draft.description.empty()) << "the keyboard typed into the query only";
    EXPECT_TRUE(app->state().registration.draft.farmer_name.empty());
    ASSERT_FALSE(app->state().search.hits.empty()) << "the search ran as soon as the characters were committed";
    EXPECT_EQ(app->state().search.hits.front().article_id, "rice-blast");
    const ui::DrawnItem* hit = hit_titled("稻瘟病：认识和防治");
    ASSERT_NE(hit, nullptr) << "the hit is on screen while the keyboard is open";
    EXPECT_LE(hit->max.y, keyboard_top()) << "results stay above the keyboard";
    EXPECT_TRUE(app->state().search.typing);

    // 删除 on the pinyin keys edits the query when nothing is being composed; the results follow.
    ASSERT_TRUE(tap("删除", true));
    EXPECT_EQ(app->state().search.query, "稻");
    ASSERT_FALSE(app->state().search.hits.empty());
}

TEST_F(SearchKeyboard, AHandwrittenCharacterSearchesAtOnce) {
    open_keyboard();
    ASSERT_EQ(app->state().keyboard.mode, KeyboardMode::Handwriting);
    write(test::ink::kou());
    ASSERT_NE(find("口", true), nullptr) << "口 is offered";
    ASSERT_TRUE(tap("口", true));
    EXPECT_EQ(app->state().search.query, "口");
    EXPECT_TRUE(app->state().keyboard.ink.strokes.empty()) << "the pad clears for the next character";
    ASSERT_FALSE(app->state().search.hits.empty()) << "破口期 is in the rice blast article";
    EXPECT_EQ(app->state().search.hits.front().article_id, "rice-blast");
}

TEST_F(SearchKeyboard, HidingTheKeyboardGivesTheResultsTheScreen) {
    open_keyboard();
    app->dispatch(action::InputText{"要点"});  // in all three articles
    app->settle();
    ASSERT_EQ(app->state().search.hits.size(), 3u);
    // With the keyboard open the list ends at the keyboard: the third result is cut off there.
    const float top = keyboard_top();
    const ui::DrawnItem* last = hit_titled(app->state().search.hits.back().title);
    ASSERT_NE(last, nullptr);
    EXPECT_GT(last->max.y, top) << "the last result runs under the keyboard, clipped";

    ASSERT_TRUE(tap("收起键盘", true));
    EXPECT_FALSE(app->state().search.typing);
    EXPECT_EQ(find("写好了", true), nullptr) << "the keyboard is gone";
    EXPECT_EQ(app->state().search.query, "要点") << "the query stays";
    for (const auto& hit : app->state().search.hits) {
        const ui::DrawnItem* item = hit_titled(hit.title);
        ASSERT_NE(item, nullptr) << hit.title;
        EXPECT_LE(item->max.y, 800.0f) << hit.title << " is whole on screen";
    }

    // 打字 brings it back, and 写好了 on the keyboard closes it too.
    ASSERT_TRUE(tap("打字", true));
    EXPECT_TRUE(app->state().search.typing);
    ASSERT_TRUE(tap("写好了", true));
    EXPECT_FALSE(app->state().search.typing);
}

TEST_F(SearchKeyboard, TouchTargetsAreFullSizeAndOnScreenInBothTextSizes) {
    for (bool large : {false, true}) {
        if (large != app->state().large_text) {
            app->dispatch(action::ToggleLargeText{});
            app->settle();
        }
        if (!app->state().search.typing) {
            ASSERT_TRUE(tap(app->state().search.query.empty() ? "点这里输入要找的内容" : "打字"));
        }
        for (const char* tab : {"手写", "拼音", "数字"}) {
            ASSERT_TRUE(tap(tab, true));
            const float min_px = app->theme().mm(15.0f) - 0.5f;
            for (const auto& item : app->recorder().items()) {
                if (!item.touch_target) {
                    continue;
                }
                EXPECT_GE(item.max.x - item.min.x, min_px) << tab << (large ? " large: " : ": ") << item.text;
                EXPECT_GE(item.max.y - item.min.y, min_px) << tab << (large ? " large: " : ": ") << item.text;
                EXPECT_LE(item.max.y, 800.5f) << tab << (large ? " large: " : ": ") << item.text;
            }
        }
    }
}

TEST_F(SearchKeyboard, TheQueryIsDrawnLargerInLargeTextMode) {
    app->dispatch(action::InputText{"稻瘟"});
    app->settle();
    auto query_height = [&]() {
        for (const auto& item : app->recorder().items()) {
            if (!item.touch_target && item.text == "稻瘟") {
                return item.max.y - item.min.y;
            }
        }
        return 0.0f;
    };
    const float normal = query_height();
    EXPECT_NEAR(normal, app->theme().large_px, 0.5f);
    app->dispatch(action::ToggleLargeText{});
    app->settle();
    EXPECT_NEAR(query_height(), app->theme().huge_px, 0.5f);
}
