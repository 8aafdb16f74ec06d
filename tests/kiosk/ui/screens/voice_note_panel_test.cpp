// The voice note panel rendered headless (SDL dummy video, software renderer) with the kiosk's
// real theme and fonts: which buttons a farmer sees in each phase, what tapping them does, the
// times shown, and the level bar's pixels.
#include <gtest/gtest.h>

#include <imgui.h>

#include "app/strings.h"
#include "shell/display.h"
#include "ui/fonts.h"
#include "ui/screens/voice_note_panel.h"

using namespace xiangke::kiosk;

namespace {

class VoiceNotePanel : public ::testing::Test {
protected:
    void SetUp() override {
        SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
        auto opened = display.open({DisplayMode::Headless, 1280, 800});
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        theme = ui::Theme::for_display(1280, 800, 476.0f);
        ui::apply_style(theme);
        auto built = ui::build_font_set(theme, ui::catalogue_glyphs(), ui::kDefaultFontPath);
        ASSERT_TRUE(built.ok()) << built.error().message;
        fonts = std::move(built).value();
        display.use_font_atlas(fonts->atlas.get());
        ui::use_fonts(theme, *fonts);
        state.screen = Screen::Registration;
        state.registration.step = WizardStep::Problem;
    }

    // One frame of the panel in a full-window ImGui window; the pointer at `pointer` (pressed or
    // not). Returns the actions the panel emitted.
    std::vector<Action> draw(ImVec2 pointer = ImVec2(-1, -1), bool pressed = false) {
        display.begin_frame();
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = pointer;
        io.MouseDown[0] = pressed;
        ImGui::NewFrame();
        recorder.clear();
        std::vector<Action> emitted;
        ui::UiContext ctx{theme, recorder, emitted, false, nullptr, true, std::nullopt, nullptr};
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(1280, 800));
        ImGui::Begin("panel", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
        ui::draw_voice_note_panel(state, ctx);
        ImGui::End();
        display.end_frame();
        return emitted;
    }

    const ui::DrawnItem* item(const std::string& text) const {
        for (const auto& item : recorder.items()) {
            if (item.text.find(text) != std::string::npos) {
                return &item;
            }
        }
        return nullptr;
    }

    std::vector<std::string> buttons() const {
        std::vector<std::string> out;
        for (const auto& item : recorder.items()) {
            if (item.touch_target) {
                out.push_back(item.text);
            }
        }
        return out;
    }

    // Taps the button labelled exactly `label` (press, then release on it) and returns what was
    // emitted.
    std::vector<Action> tap(const std::string& label) {
        draw();
        const ui::DrawnItem* target = nullptr;
        for (const auto& drawn : recorder.items()) {
            if (drawn.touch_target && drawn.text == label) {
                target = &drawn;
            }
        }
        EXPECT_NE(target, nullptr) << label;
        if (target == nullptr) {
            return {};
        }
        ImVec2 centre((target->min.x + target->max.x) / 2, (target->min.y + target->max.y) / 2);
        draw(centre, true);
        return draw(centre, false);
    }

    // Pixels of the last frame in the theme's primary green (the level and position bars).
    int primary_pixels() const {
        std::vector<uint32_t> pixels(1280 * 800);
        SDL_RenderReadPixels(display.renderer(), nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), 1280 * 4);
        int count = 0;
        for (uint32_t p : pixels) {
            count += (p & 0x00ffffffu) == (theme.primary & 0x00ffffffu) ? 1 : 0;  // ImU32 is ABGR too
        }
        return count;
    }

    Display display;
    ui::Theme theme;
    std::unique_ptr<ui::FontSet> fonts;
    ui::FrameRecorder recorder;
    AppState state;
};

std::string str(Str id) {
    return std::string(text(id));
}

}  // namespace

TEST_F(VoiceNotePanel, WithoutANoteOnlyRecordIsOffered) {
    draw();
    EXPECT_NE(item(str(Str::VoiceNoteTitle)), nullptr);
    EXPECT_NE(item(str(Str::VoiceNoteHint)), nullptr);
    EXPECT_EQ(buttons(), std::vector<std::string>{str(Str::VoiceRecord)});
    auto emitted = tap(str(Str::VoiceRecord));
    ASSERT_EQ(emitted.size(), 1u);
    EXPECT_TRUE(holds_action<action::VoiceRecord>(emitted[0]));
}

TEST_F(VoiceNotePanel, WithANotePlayRerecordAndDeleteAreOffered) {
    state.registration.draft.voice_note = VoiceNoteDraft{std::vector<uint8_t>(10, 1), 12'400};
    draw();
    EXPECT_EQ(buttons(), (std::vector<std::string>{str(Str::VoicePlay), str(Str::VoiceRerecord), str(Str::Delete)}));
    EXPECT_NE(item(str(Str::VoiceRecorded) + " 12 " + str(Str::VoiceSeconds)), nullptr);
    auto play = tap(str(Str::VoicePlay));
    ASSERT_EQ(play.size(), 1u);
    EXPECT_TRUE(holds_action<action::VoicePlay>(play[0]));
    auto rerecord = tap(str(Str::VoiceRerecord));
    ASSERT_EQ(rerecord.size(), 1u);
    EXPECT_TRUE(holds_action<action::VoiceRecord>(rerecord[0]));
    auto erase = tap(str(Str::Delete));
    ASSERT_EQ(erase.size(), 1u);
    EXPECT_TRUE(holds_action<action::VoiceDelete>(erase[0]));
}

TEST_F(VoiceNotePanel, RecordingShowsTimeUsedTimeLeftAndStop) {
    state.voice.phase = VoicePhase::Recording;
    state.voice.elapsed_ms = 12'300;
    draw();
    EXPECT_EQ(buttons(), std::vector<std::string>{str(Str::VoiceStop)});
    const std::string s = " " + str(Str::VoiceSeconds);
    EXPECT_NE(item(str(Str::VoiceRecording) + " 12" + s), nullptr);
    EXPECT_NE(item(str(Str::VoiceRemaining) + " 48" + s), nullptr);  // 47.7 s left, shown rounded up
    auto stop = tap(str(Str::VoiceStop));
    ASSERT_EQ(stop.size(), 1u);
    EXPECT_TRUE(holds_action<action::VoiceStop>(stop[0]));

    state.voice.elapsed_ms = 60'000;
    draw();
    EXPECT_NE(item(str(Str::VoiceRemaining) + " 0" + s), nullptr);
}

TEST_F(VoiceNotePanel, LevelBarFollowsTheLevel) {
    state.voice.phase = VoicePhase::Recording;
    state.voice.elapsed_ms = 1'000;
    state.voice.level = 0.0f;
    draw();
    int silent = primary_pixels();
    state.voice.level = 0.5f;
    draw();
    int half = primary_pixels();
    state.voice.level = 1.0f;
    draw();
    int full = primary_pixels();
    EXPECT_GT(half, silent + 1000);
    EXPECT_GT(full, half + 1000);
}

TEST_F(VoiceNotePanel, EveryButtonIsABigTouchTarget) {
    const float min_px = theme.mm(15.0f) - 0.5f;
    state.registration.draft.voice_note = VoiceNoteDraft{std::vector<uint8_t>(10, 1), 5'000};
    for (VoicePhase phase : {VoicePhase::Idle, VoicePhase::Recording, VoicePhase::Playing}) {
        state.voice.phase = phase;
        draw();
        ASSERT_FALSE(buttons().empty());
        for (const auto& drawn : recorder.items()) {
            if (drawn.touch_target) {
                EXPECT_GE(drawn.max.x - drawn.min.x, min_px) << drawn.text;
                EXPECT_GE(drawn.max.y - drawn.min.y, min_px) << drawn.text;
            }
        }
    }
}

TEST_F(VoiceNotePanel, StartingSavingAndPlayingSayWhatIsHappening) {
    state.voice.phase = VoicePhase::Starting;
    draw();
    EXPECT_NE(item(str(Str::VoiceStarting)), nullptr);
    EXPECT_EQ(buttons(), std::vector<std::string>{str(Str::VoiceStop)});

    state.voice.phase = VoicePhase::Stopping;
    draw();
    EXPECT_NE(item(str(Str::VoiceSaving)), nullptr);
    EXPECT_TRUE(buttons().empty());

    state.registration.draft.voice_note = VoiceNoteDraft{std::vector<uint8_t>(10, 1), 12'000};
    state.voice.phase = VoicePhase::Playing;
    state.voice.elapsed_ms = 3'000;
    draw();
    const std::string s = " " + str(Str::VoiceSeconds);
    EXPECT_NE(item(str(Str::VoicePlaying) + " 3" + s + " / 12" + s), nullptr);
    auto stop = tap(str(Str::VoiceStop));
    ASSERT_EQ(stop.size(), 1u);
    EXPECT_TRUE(holds_action<action::VoiceStop>(stop[0]));
}

TEST_F(VoiceNotePanel, NoticesReplaceTheHint) {
    for (auto [notice, message] : {std::pair{VoiceNotice::TooShort, Str::VoiceTooShort},
                                   std::pair{VoiceNotice::NoMicrophone, Str::VoiceNoMicrophone},
                                   std::pair{VoiceNotice::LimitReached, Str::VoiceLimitReached},
                                   std::pair{VoiceNotice::CannotPlay, Str::VoiceCannotPlay}}) {
        state.voice.notice = notice;
        draw();
        EXPECT_NE(item(str(message)), nullptr) << str(message);
        EXPECT_EQ(item(str(Str::VoiceNoteHint)), nullptr);
    }
}

TEST_F(VoiceNotePanel, EveryPanelStringHasItsGlyphs) {
    for (int i = static_cast<int>(Str::VoiceNoteTitle); i <= static_cast<int>(Str::VoiceCannotPlay); ++i) {
        std::string text(text_at(i));
        EXPECT_TRUE(ui::missing_glyphs(theme.body, text).empty()) << text;
        EXPECT_TRUE(ui::missing_glyphs(theme.large, text).empty()) << text;
    }
}
