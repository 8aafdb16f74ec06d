// The voice note's part of the reducer: pure, no devices. What the farmer does on the panel and
// what the recorder and player report, turned into state and effects.
#include <gtest/gtest.h>

#include "app/reducer.h"

using namespace xiangke::kiosk;

namespace {

class VoiceNoteReducer : public ::testing::Test {
protected:
    void SetUp() override {
        state.screen = Screen::Registration;
        state.registration.step = WizardStep::Problem;
        state.now_ms = state.last_interaction_ms = 1'000'000;
    }

    std::vector<Effect> apply(const Action& action) { return reduce(state, action); }

    template <class E>
    static const E* find(const std::vector<Effect>& effects) {
        for (const auto& effect : effects) {
            if (const auto* found = std::get_if<E>(&effect)) {
                return found;
            }
        }
        return nullptr;
    }

    static VoiceNoteDraft note(int64_t ms, uint8_t fill = 1) { return {std::vector<uint8_t>(100, fill), ms}; }

    // 录音, the microphone answers, and `ms` of speech are reported.
    uint64_t record(int64_t ms) {
        auto effects = apply(action::VoiceRecord{});
        const auto* start = find<effect::StartVoiceRecording>(effects);
        EXPECT_NE(start, nullptr);
        uint64_t session = start ? start->session : 0;
        apply(action::VoiceRecordingStarted{session});
        apply(action::VoiceRecordingProgress{session, ms, 0.5f});
        return session;
    }

    AppState state;
};

}  // namespace

TEST_F(VoiceNoteReducer, RecordStopAndTheNoteLandsInTheDraft) {
    auto effects = apply(action::VoiceRecord{});
    ASSERT_NE(find<effect::StartVoiceRecording>(effects), nullptr);
    uint64_t session = find<effect::StartVoiceRecording>(effects)->session;
    EXPECT_EQ(state.voice.phase, VoicePhase::Starting);

    apply(action::VoiceRecordingStarted{session});
    EXPECT_EQ(state.voice.phase, VoicePhase::Recording);
    apply(action::VoiceRecordingProgress{session, 4'200, 0.7f});
    EXPECT_EQ(state.voice.elapsed_ms, 4'200);
    EXPECT_FLOAT_EQ(state.voice.level, 0.7f);

    effects = apply(action::VoiceStop{});
    EXPECT_NE(find<effect::StopVoiceRecording>(effects), nullptr);
    EXPECT_EQ(state.voice.phase, VoicePhase::Stopping);
    apply(action::VoiceRecordingFinished{session, note(4'250), false});
    EXPECT_EQ(state.voice.phase, VoicePhase::Idle);
    ASSERT_TRUE(state.registration.draft.voice_note.has_value());
    EXPECT_EQ(state.registration.draft.voice_note->duration_ms, 4'250);
    EXPECT_EQ(state.voice.notice, VoiceNotice::None);
}

TEST_F(VoiceNoteReducer, TheMicrophoneOnlyOpensOnTheProblemStep) {
    state.registration.step = WizardStep::Contact;
    EXPECT_TRUE(apply(action::VoiceRecord{}).empty());
    state.screen = Screen::Home;
    EXPECT_TRUE(apply(action::VoiceRecord{}).empty());
    EXPECT_EQ(state.voice.phase, VoicePhase::Idle);
}

TEST_F(VoiceNoteReducer, ReachingTheLimitKeepsTheNoteAndSaysSo) {
    uint64_t session = record(59'900);
    apply(action::VoiceRecordingFinished{session, note(60'000), true});
    ASSERT_TRUE(state.registration.draft.voice_note.has_value());
    EXPECT_EQ(state.registration.draft.voice_note->duration_ms, 60'000);
    EXPECT_EQ(state.voice.notice, VoiceNotice::LimitReached);
}

TEST_F(VoiceNoteReducer, ReRecordReplacesOnlyOnceTheNewNoteIsFinished) {
    uint64_t first = record(3'000);
    apply(action::VoiceStop{});
    apply(action::VoiceRecordingFinished{first, note(3'000, 1), false});

    uint64_t second = record(1'000);  // 重录
    EXPECT_NE(second, first);
    EXPECT_EQ(state.registration.draft.voice_note->duration_ms, 3'000) << "kept while the new one is recorded";
    apply(action::VoiceStop{});
    apply(action::VoiceRecordingFinished{second, note(5'000, 2), false});
    EXPECT_EQ(state.registration.draft.voice_note->duration_ms, 5'000);
    EXPECT_EQ(state.registration.draft.voice_note->ogg_opus[0], 2);
}

TEST_F(VoiceNoteReducer, ATooShortAttemptKeepsTheOldNote) {
    state.registration.draft.voice_note = note(7'000);
    uint64_t session = record(300);
    apply(action::VoiceStop{});
    apply(action::VoiceRecordingFinished{session, note(300, 9), false});
    EXPECT_EQ(state.voice.notice, VoiceNotice::TooShort);
    EXPECT_EQ(state.registration.draft.voice_note->duration_ms, 7'000);
}

TEST_F(VoiceNoteReducer, DeleteClearsTheNote) {
    state.registration.draft.voice_note = note(7'000);
    apply(action::VoiceDelete{});
    EXPECT_FALSE(state.registration.draft.voice_note.has_value());
}

TEST_F(VoiceNoteReducer, DeleteWaitsWhileRecording) {
    state.registration.draft.voice_note = note(7'000);
    record(1'000);
    apply(action::VoiceDelete{});
    EXPECT_TRUE(state.registration.draft.voice_note.has_value());
}

TEST_F(VoiceNoteReducer, PlayHandsTheNoteToThePlayerAndStopEndsIt) {
    state.registration.draft.voice_note = note(7'000, 5);
    auto effects = apply(action::VoicePlay{});
    const auto* play = find<effect::PlayVoiceNote>(effects);
    ASSERT_NE(play, nullptr);
    ASSERT_TRUE(play->ogg_opus);
    EXPECT_EQ(*play->ogg_opus, state.registration.draft.voice_note->ogg_opus);
    EXPECT_EQ(state.voice.phase, VoicePhase::Playing);
    apply(action::VoicePlaybackProgress{play->session, 2'500});
    EXPECT_EQ(state.voice.elapsed_ms, 2'500);

    uint64_t played = play->session;
    effects = apply(action::VoiceStop{});
    EXPECT_NE(find<effect::StopVoicePlayback>(effects), nullptr);
    EXPECT_EQ(state.voice.phase, VoicePhase::Idle);
    // The player's late reports of the stopped playback change nothing.
    apply(action::VoicePlaybackProgress{played, 2'600});
    EXPECT_EQ(state.voice.elapsed_ms, 0);
}

TEST_F(VoiceNoteReducer, PlaybackRunsToTheEnd) {
    state.registration.draft.voice_note = note(2'000);
    auto effects = apply(action::VoicePlay{});
    uint64_t session = find<effect::PlayVoiceNote>(effects)->session;
    apply(action::VoicePlaybackFinished{session});
    EXPECT_EQ(state.voice.phase, VoicePhase::Idle);
}

TEST_F(VoiceNoteReducer, RecordingDuringPlaybackStopsThePlayerFirst) {
    state.registration.draft.voice_note = note(2'000);
    apply(action::VoicePlay{});
    auto effects = apply(action::VoiceRecord{});
    EXPECT_NE(find<effect::StopVoicePlayback>(effects), nullptr);
    EXPECT_NE(find<effect::StartVoiceRecording>(effects), nullptr);
    EXPECT_EQ(state.voice.phase, VoicePhase::Starting);
}

TEST_F(VoiceNoteReducer, NoMicrophoneIsExplainedAndNothingIsLost) {
    state.registration.draft.voice_note = note(7'000);
    auto effects = apply(action::VoiceRecord{});
    uint64_t session = find<effect::StartVoiceRecording>(effects)->session;
    apply(action::VoiceRecordingFailed{session});
    EXPECT_EQ(state.voice.phase, VoicePhase::Idle);
    EXPECT_EQ(state.voice.notice, VoiceNotice::NoMicrophone);
    EXPECT_TRUE(state.registration.draft.voice_note.has_value());
}

TEST_F(VoiceNoteReducer, LeavingTheStepKeepsWhatWasRecorded) {
    uint64_t session = record(5'000);
    state.registration.step = WizardStep::Contact;  // 下一步 while recording
    auto effects = apply(action::Tick{state.now_ms + 16});
    EXPECT_NE(find<effect::StopVoiceRecording>(effects), nullptr);
    EXPECT_EQ(state.voice.phase, VoicePhase::Stopping);
    EXPECT_EQ(find<effect::StopVoiceRecording>(apply(action::Tick{state.now_ms + 32})), nullptr) << "asked once";
    apply(action::VoiceRecordingFinished{session, note(5'000), false});
    EXPECT_TRUE(state.registration.draft.voice_note.has_value());
}

TEST_F(VoiceNoteReducer, GoingHomeThrowsAHalfRecordedNoteAway) {
    uint64_t session = record(5'000);
    auto effects = apply(action::GoHome{});
    EXPECT_NE(find<effect::CancelVoiceRecording>(effects), nullptr);
    EXPECT_EQ(state.voice.phase, VoicePhase::Idle);
    apply(action::VoiceRecordingFinished{session, note(5'000), false});
    EXPECT_FALSE(state.registration.draft.voice_note.has_value());
}

TEST_F(VoiceNoteReducer, IdleTimeoutStopsPlaybackAndWipesTheNote) {
    state.registration.draft.voice_note = note(7'000);
    apply(action::VoicePlay{});
    auto effects = apply(action::Tick{state.last_interaction_ms + state.idle_timeout_ms + 1});
    EXPECT_EQ(state.screen, Screen::Home);
    EXPECT_NE(find<effect::StopVoicePlayback>(effects), nullptr);
    EXPECT_EQ(state.voice.phase, VoicePhase::Idle);
    EXPECT_FALSE(state.registration.draft.voice_note.has_value());
}
