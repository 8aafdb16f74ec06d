// The real app rendered headless (SDL dummy driver, software renderer): what a visitor sees.
#include <gtest/gtest.h>

#include <filesystem>

#include "shell/app_runner.h"
#include "support/backend_process.h"
#include "ui/fonts.h"
#include "app/strings.h"

using namespace xiangke;
using namespace xiangke::kiosk;

namespace {

class HeadlessApp : public ::testing::Test {
protected:
    void SetUp() override {
        KioskConfig config;
        config.data_dir = dir.path();
        config.attract_loop = false;
        app = std::make_unique<AppRunner>(config, DisplayOptions{DisplayMode::Headless, 1280, 800}, ClockMode::Manual);
        auto started = app->start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        app->settle();
    }

    const ui::DrawnItem* item_containing(const std::string& text) {
        for (const auto& item : app->recorder().items()) {
            if (item.text.find(text) != std::string::npos) {
                return &item;
            }
        }
        return nullptr;
    }

    test::TempDir dir;
    std::unique_ptr<AppRunner> app;
};

}  // namespace

TEST_F(HeadlessApp, HomeShowsFourLargeTilesInAGrid) {
    const char* labels[] = {"科普知识", "我要求助", "查询进度", "服务评价"};
    const ui::DrawnItem* tiles[4];
    for (int i = 0; i < 4; ++i) {
        tiles[i] = item_containing(labels[i]);
        ASSERT_NE(tiles[i], nullptr) << labels[i];
        EXPECT_TRUE(tiles[i]->touch_target);
        float w = tiles[i]->max.x - tiles[i]->min.x;
        float h = tiles[i]->max.y - tiles[i]->min.y;
        // Each tile is far above 15 mm and takes a real share of the 1280x800 screen.
        EXPECT_GE(w, 500.0f) << labels[i];
        EXPECT_GE(h, 200.0f) << labels[i];
        EXPECT_GE(tiles[i]->min.x, 0.0f);
        EXPECT_LE(tiles[i]->max.x, 1280.0f);
        EXPECT_LE(tiles[i]->max.y, 800.0f);
    }
    // 2 x 2: 科普知识 | 我要求助 over 查询进度 | 服务评价.
    EXPECT_LT(tiles[0]->max.x, tiles[1]->min.x);
    EXPECT_FLOAT_EQ(tiles[0]->min.y, tiles[1]->min.y);
    EXPECT_LT(tiles[0]->max.y, tiles[2]->min.y);
    EXPECT_FLOAT_EQ(tiles[2]->min.x, tiles[0]->min.x);
    EXPECT_FLOAT_EQ(tiles[3]->min.y, tiles[2]->min.y);
}

TEST_F(HeadlessApp, NotEnrolledIsShownAndNothingPersonal) {
    EXPECT_NE(item_containing("本机尚未登记"), nullptr);
    for (const auto& item : app->recorder().items()) {
        EXPECT_EQ(item.text.find("****"), std::string::npos);
    }
}

TEST_F(HeadlessApp, EveryTouchTargetIsAtLeast15mm) {
    const float min_px = app->theme().mm(15.0f) - 0.5f;
    app->dispatch(action::Navigate{Screen::Search, ""});
    app->settle();
    for (Screen screen : {Screen::Home, Screen::Topics, Screen::Search, Screen::ComingSoon}) {
        app->dispatch(action::GoHome{});
        if (screen != Screen::Home) {
            app->dispatch(action::Navigate{screen, "我要求助"});
        }
        app->settle();
        int targets = 0;
        for (const auto& item : app->recorder().items()) {
            if (!item.touch_target) {
                continue;
            }
            ++targets;
            EXPECT_GE(item.max.x - item.min.x, min_px) << item.text;
            EXPECT_GE(item.max.y - item.min.y, min_px) << item.text;
        }
        EXPECT_GT(targets, 0);
    }
}

TEST_F(HeadlessApp, TappingATileOpensItsScreenAndBackReturns) {
    const ui::DrawnItem* learn = item_containing("科普知识");
    ASSERT_NE(learn, nullptr);
    ImVec2 centre((learn->min.x + learn->max.x) / 2, (learn->min.y + learn->max.y) / 2);
    app->inject({PointerEvent::Kind::Down, centre.x, centre.y, app->now_ms()});
    app->frame();
    app->inject({PointerEvent::Kind::Up, centre.x, centre.y, app->now_ms()});
    app->settle();
    EXPECT_EQ(app->state().screen, Screen::Topics);
    EXPECT_NE(item_containing("返回"), nullptr);
    EXPECT_NE(item_containing("首页"), nullptr);
}

TEST_F(HeadlessApp, DragOnATileDoesNotTapIt) {
    const ui::DrawnItem* learn = item_containing("科普知识");
    ASSERT_NE(learn, nullptr);
    float x = (learn->min.x + learn->max.x) / 2;
    float y = (learn->min.y + learn->max.y) / 2;
    app->inject({PointerEvent::Kind::Down, x, y, app->now_ms()});
    app->frame();
    for (int i = 1; i <= 10; ++i) {
        app->inject({PointerEvent::Kind::Move, x, y - static_cast<float>(i) * 12.0f, app->now_ms() + i * 16});
        app->frame();
    }
    app->inject({PointerEvent::Kind::Up, x, y - 120.0f, app->now_ms() + 200});
    app->settle();
    EXPECT_EQ(app->state().screen, Screen::Home);
}

TEST_F(HeadlessApp, ScreenshotIsTheRenderedFrame) {
    auto path = (dir.path() / "home.png").string();
    ASSERT_TRUE(app->display().save_png(path).ok());
    // A PNG of a 1280x800 frame: signature and IHDR size.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    ASSERT_NE(f, nullptr);
    unsigned char header[24];
    ASSERT_EQ(std::fread(header, 1, sizeof header, f), sizeof header);
    std::fclose(f);
    EXPECT_EQ(header[1], 'P');
    EXPECT_EQ((header[16] << 24) | (header[17] << 16) | (header[18] << 8) | header[19], 1280);
    EXPECT_EQ((header[20] << 24) | (header[21] << 16) | (header[22] << 8) | header[23], 800);
}

TEST(HeadlessEnrolledApp, VillageNameFromEnrollmentRendersWithoutMissingGlyphs) {
    test::TempDir dir;
    KioskConfig config;
    config.data_dir = dir.path();
    // 渚 is outside the catalogue and any content: the atlas must grow to include it.
    ASSERT_TRUE(save_identity(dir.path(), {"http://127.0.0.1:9", "k1", "token", "330281106201", "渚山村委会"}).ok());
    AppRunner app(config, DisplayOptions{DisplayMode::Headless, 1280, 800}, ClockMode::Manual);
    ASSERT_TRUE(app.start().ok());
    app.settle();
    bool shown = false;
    for (const auto& item : app.recorder().items()) {
        shown = shown || item.text.find("渚山村委会") != std::string::npos;
    }
    EXPECT_TRUE(shown);
    EXPECT_TRUE(ui::missing_glyphs(app.theme().large, "渚山村委会").empty());
}

TEST_F(HeadlessApp, MaintainerScreenBehindSecretTapsAndPinExportsLogs) {
    test::TempDir usb;
    setenv("XIANGKE_USB_DIR", usb.path().c_str(), 1);
    const ui::DrawnItem* title = item_containing("乡村科技服务站");
    ASSERT_NE(title, nullptr);
    for (int i = 0; i < 5; ++i) {
        float x = title->min.x + 10, y = (title->min.y + title->max.y) / 2;
        app->inject({PointerEvent::Kind::Down, x, y, app->now_ms()});
        app->frame();
        app->inject({PointerEvent::Kind::Up, x, y, app->now_ms()});
        app->settle();
    }
    ASSERT_EQ(app->state().screen, Screen::MaintainerPin);
    for (char c : std::string("2580")) {
        app->dispatch(action::PinDigit{c});
    }
    app->dispatch(action::PinSubmit{});
    app->settle();
    ASSERT_EQ(app->state().screen, Screen::Maintainer);
    EXPECT_NE(item_containing("软件版本"), nullptr);
    EXPECT_NE(item_containing("start version="), nullptr);  // the log tail
    app->dispatch(action::ExportLogs{});
    app->settle();
    EXPECT_NE(item_containing("日志已导出到"), nullptr);
    bool exported = false;
    for (const auto& entry : std::filesystem::directory_iterator(usb.path())) {
        exported = exported || entry.path().filename().string().rfind("xiangke-kiosk-log-", 0) == 0;
    }
    EXPECT_TRUE(exported);
    unsetenv("XIANGKE_USB_DIR");
}

TEST_F(HeadlessApp, EveryCatalogueStringHasGlyphs) {
    for (int i = 0; i < kStringCount; ++i) {
        std::string s(text_at(i));
        for (ImFont* font : {app->theme().body, app->theme().large, app->theme().huge}) {
            EXPECT_TRUE(ui::missing_glyphs(font, s).empty()) << s;
        }
    }
}
