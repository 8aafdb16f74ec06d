// The handwriting pad in the real app: strokes drawn with a finger on the pad are recognised by
// zinnia on the keyboard worker after each stroke; a tapped candidate lands in the field.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "kiosk/input/ink_fixtures.h"
#include "kiosk/support/wizard_app_fixture.h"

using namespace xiangke;
using namespace xiangke::kiosk;

namespace {

class HandwritingPad : public test::WizardApp {
protected:
    // Draws `ink` (on the fixtures' 300 px pad) onto the pad on screen with finger events, one
    // frame per reported point as a touch screen would; returns the ms from each finger-up to
    // the candidates being on screen.
    std::vector<double> write(const input::Ink& ink) {
        std::vector<double> latencies;
        const ui::DrawnItem* pad = find("在框里写一个字");
        EXPECT_NE(pad, nullptr);
        if (pad == nullptr) {
            return latencies;
        }
        float scale = (pad->max.x - pad->min.x) / test::ink::kPad;
        ImVec2 origin = pad->min;
        for (const auto& stroke : ink.strokes) {
            auto at = [&](size_t i) { return ImVec2(origin.x + stroke[i].x * scale, origin.y + stroke[i].y * scale); };
            app->inject({PointerEvent::Kind::Down, at(0).x, at(0).y, app->now_ms()});
            app->frame();
            for (size_t i = 1; i < stroke.size(); ++i) {
                app->advance_clock(16);
                app->inject({PointerEvent::Kind::Move, at(i).x, at(i).y, app->now_ms()});
                app->frame();
            }
            uint64_t before = app->state().keyboard.ink_revision;
            app->inject({PointerEvent::Kind::Up, at(stroke.size() - 1).x, at(stroke.size() - 1).y, app->now_ms()});
            auto lifted = std::chrono::steady_clock::now();
            app->settle();
            EXPECT_GT(app->state().keyboard.ink_revision, before) << "the stroke reached the reducer";
            latencies.push_back(ms_since(lifted));
        }
        return latencies;
    }
};

}  // namespace

TEST_F(HandwritingPad, KouWrittenWithAFingerIsOfferedAndCommitted) {
    open_description_keyboard();
    ASSERT_EQ(app->state().keyboard.mode, KeyboardMode::Handwriting) << "handwriting is the first tab";
    auto latencies = write(test::ink::kou());
    ASSERT_EQ(app->state().keyboard.ink.strokes.size(), 3u);
    const auto& candidates = app->state().keyboard.handwriting_candidates;
    ASSERT_GE(candidates.size(), 8u) << "8 to 10 candidates";
    EXPECT_LE(candidates.size(), 10u);
    EXPECT_NE(std::find(candidates.begin(), candidates.end(), "口"), candidates.end());
    ASSERT_TRUE(tap("口", true));
    EXPECT_EQ(app->state().registration.draft.description, "口");
    EXPECT_TRUE(app->state().keyboard.ink.strokes.empty());
    std::sort(latencies.begin(), latencies.end());
    // A figure, not a limit: finger up to candidates on screen (recognition + frames).
    std::printf("handwriting: stroke end to candidates, median %.1f ms, max %.1f ms over %zu strokes\n",
                latencies[latencies.size() / 2], latencies.back(), latencies.size());
}

TEST_F(HandwritingPad, StrokesOnThePadNeitherTapNorScroll) {
    open_description_keyboard();
    write(test::ink::shi());
    EXPECT_EQ(app->state().registration.step, WizardStep::Problem);
    EXPECT_EQ(app->state().keyboard.ink.strokes.size(), 2u);
    ASSERT_TRUE(tap("重写", true));
    EXPECT_TRUE(app->state().keyboard.ink.strokes.empty());
    EXPECT_TRUE(app->state().keyboard.handwriting_candidates.empty());
}
