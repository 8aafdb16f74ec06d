// The whole kiosk app headless with SDL's disk audio driver as microphone and speaker: a farmer
// on the problem step records the WAV fixture, stops, plays it back, and a voice note alone lets
// the wizard go on; deleting it brings 录音 back.
#include <gtest/gtest.h>

#include <thread>

#include "audio/ogg_opus_decoder.h"
#include "kiosk/support/voice_test_support.h"
#include "kiosk/support/wizard_app_fixture.h"

using namespace xiangke;
using namespace std::chrono_literals;

namespace {

class VoiceNoteApp : public test::WizardApp {
protected:
    void SetUp() override {
        test::write_raw(audio_dir.path() / "microphone.raw", test::tone_fixture().samples);
        env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_AUDIODRIVER", "disk"));
        env.emplace_back(
            std::make_unique<test::ScopedEnv>("SDL_DISKAUDIOFILEIN", (audio_dir.path() / "microphone.raw").string()));
        env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_DISKAUDIOFILE", speaker().string()));
        WizardApp::SetUp();
    }
    void TearDown() override { app.reset(); }  // closes the audio devices before the files go

    std::filesystem::path speaker() const { return audio_dir.path() / "speaker.raw"; }

    test::TempDir audio_dir;
    std::vector<std::unique_ptr<test::ScopedEnv>> env;
};

}  // namespace

TEST_F(VoiceNoteApp, RecordStopPlayAndGoOnWithTheNoteAlone) {
    ASSERT_TRUE(tap("我要求助"));
    ASSERT_TRUE(tap("其他"));
    ASSERT_EQ(app->state().registration.step, kiosk::WizardStep::Problem);
    ASSERT_NE(find("语音留言"), nullptr);

    ASSERT_TRUE(tap("录音", true));
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.voice.elapsed_ms >= 1'200; }))
        << "the recording did not progress";
    EXPECT_NE(find("正在录音"), nullptr);
    EXPECT_NE(find("还能录"), nullptr);
    ASSERT_TRUE(tap("停止", true));
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.voice.phase == kiosk::VoicePhase::Idle; }));

    const auto& note = app->state().registration.draft.voice_note;
    ASSERT_TRUE(note.has_value());
    EXPECT_GE(note->duration_ms, 1'200);
    auto decoded = kiosk::audio::decode_ogg_opus(note->ogg_opus);
    ASSERT_TRUE(decoded.ok());
    EXPECT_NEAR(test::dominant_frequency(decoded->samples.data() + 4'800, 24'000, 48'000), 440, 5);
    EXPECT_NE(find("已录好"), nullptr);

    ASSERT_TRUE(tap("播放", true));
    EXPECT_EQ(app->state().voice.phase, kiosk::VoicePhase::Playing);
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.voice.phase == kiosk::VoicePhase::Idle; }));
    auto played = test::read_raw(speaker());
    ASSERT_GE(played.size(), 48'000u);
    EXPECT_NEAR(test::dominant_frequency(played.data() + 4'800, 24'000, 48'000), 440, 5);

    // A voice note alone describes the problem: 下一步 goes on.
    ASSERT_TRUE(tap("下一步"));
    EXPECT_NE(app->state().registration.step, kiosk::WizardStep::Problem);
}

TEST_F(VoiceNoteApp, DeleteBringsRecordBack) {
    ASSERT_TRUE(tap("我要求助"));
    ASSERT_TRUE(tap("其他"));
    ASSERT_TRUE(tap("录音", true));
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.voice.elapsed_ms >= 1'000; }));
    ASSERT_TRUE(tap("停止", true));
    ASSERT_TRUE(run_until([](const kiosk::AppState& s) { return s.registration.draft.voice_note.has_value(); }));
    ASSERT_TRUE(tap("删除", true));
    EXPECT_FALSE(app->state().registration.draft.voice_note.has_value());
    EXPECT_NE(find("录音", true), nullptr);
    EXPECT_EQ(find("播放", true), nullptr);
}
