#pragma once
// The real kiosk app rendered headless (SDL dummy driver, software renderer) with the real
// handwriting and pinyin engines, driven the way a finger drives it; shared by the wizard's and
// keyboards' UI tests.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "shell/app_runner.h"
#include "support/backend_process.h"
#include "support/eventually.h"

namespace xiangke::test {

class WizardApp : public ::testing::Test {
protected:
    void SetUp() override {
        kiosk::KioskConfig config;
        config.data_dir = dir.path();
        config.attract_loop = false;
        app = std::make_unique<kiosk::AppRunner>(config, kiosk::DisplayOptions{kiosk::DisplayMode::Headless, 1280, 800},
                                                 kiosk::ClockMode::Manual);
        auto started = app->start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        app->settle();
    }

    // The first visible item whose text contains `text`, touch targets first (like `tap` in scenarios).
    const kiosk::ui::DrawnItem* find(const std::string& text, bool exact = false) const {
        const kiosk::ui::DrawnItem* fallback = nullptr;
        for (const auto& item : app->recorder().items()) {
            bool matches = exact ? item.text == text : item.text.find(text) != std::string::npos;
            if (matches && item.touch_target) {
                return &item;
            }
            if (matches && fallback == nullptr) {
                fallback = &item;
            }
        }
        return fallback;
    }

    void tap_at(float x, float y) {
        app->inject({kiosk::PointerEvent::Kind::Down, x, y, app->now_ms()});
        app->frame();
        app->advance_clock(64);
        app->inject({kiosk::PointerEvent::Kind::Up, x, y, app->now_ms()});
        app->settle();
    }

    // Taps the item labelled `text`; false when none is visible.
    bool tap(const std::string& text, bool exact = false) {
        const kiosk::ui::DrawnItem* item = find(text, exact);
        if (item == nullptr || !item->touch_target) {
            ADD_FAILURE() << "no touch target labelled " << text;
            return false;
        }
        tap_at((item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f);
        return true;
    }

    // Into the wizard's problem step (category 其他: no crop) with the description focused.
    void open_description_keyboard() {
        ASSERT_TRUE(tap("我要求助"));
        ASSERT_TRUE(tap("其他"));
        ASSERT_EQ(app->state().registration.step, kiosk::WizardStep::Problem);
        ASSERT_TRUE(tap("问题描述"));
        ASSERT_EQ(app->state().registration.focused, kiosk::DraftField::Description);
    }

    // Frames as the event loop would draw them (workers answer in real time), until `done` holds
    // or 15 s have passed.
    template <class Predicate>
    bool run_until(Predicate done) {
        bool done_in_time = test::eventually(
            [&] {
                if (done(app->state())) {
                    return true;
                }
                app->frame();
                return false;
            },
            std::chrono::seconds(15), std::chrono::milliseconds(10));
        if (done_in_time) {
            app->frame();
        }
        return done_in_time;
    }

    static double ms_since(std::chrono::steady_clock::time_point start) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    }

    TempDir dir;
    std::unique_ptr<kiosk::AppRunner> app;
};

}  // namespace xiangke::test
