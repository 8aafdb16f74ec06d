// The recorder against SDL's disk audio driver: the "microphone" reads the WAV fixture's samples
// from a file, at real-time pace or (SDL_DISKAUDIODELAY=0) as fast as the recorder takes them.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "audio/ogg_opus_decoder.h"
#include "audio/voice_recorder.h"
#include "support/backend_process.h"
#include "kiosk/support/voice_test_support.h"
#include "xiangke/core/protocol.h"

using namespace xiangke;
using namespace xiangke::kiosk::audio;
using namespace std::chrono_literals;

namespace {

// What a recorder reported, collected from its thread.
class Reports {
public:
    RecorderEvents events() {
        RecorderEvents e;
        e.started = [this] { update([&] { ++started; }); };
        e.progress = [this](int64_t ms, float level) { update([&] { progress.emplace_back(ms, level); }); };
        e.finished = [this](Recording r) { update([&] { recording = std::move(r); }); };
        e.failed = [this](const std::string& reason) { update([&] { failure = reason; }); };
        return e;
    }
    template <class Predicate>
    bool wait(Predicate done, std::chrono::milliseconds timeout = 30s) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return done(*this); });
    }
    int64_t recorded_ms() const { return progress.empty() ? 0 : progress.back().first; }

    int started = 0;
    std::vector<std::pair<int64_t, float>> progress;
    std::optional<Recording> recording;
    std::optional<std::string> failure;

private:
    template <class F>
    void update(F change) {
        {
            std::lock_guard lock(m_mutex);
            change();
        }
        m_changed.notify_all();
    }
    std::mutex m_mutex;
    std::condition_variable m_changed;
};

class VoiceRecorderTest : public ::testing::Test {
protected:
    // The disk driver's microphone plays the fixture once, then silence.
    void use_disk_microphone(bool real_time) {
        test::write_raw(dir.path() / "microphone.raw", test::tone_fixture().samples);
        env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_AUDIODRIVER", "disk"));
        env.emplace_back(
            std::make_unique<test::ScopedEnv>("SDL_DISKAUDIOFILEIN", (dir.path() / "microphone.raw").string()));
        env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_DISKAUDIOFILE", (dir.path() / "speaker.raw").string()));
        if (!real_time) {
            env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_DISKAUDIODELAY", "0"));
        }
    }

    test::TempDir dir;
    std::vector<std::unique_ptr<test::ScopedEnv>> env;
};

}  // namespace

TEST_F(VoiceRecorderTest, StopsItselfAtSixtySecondsWithTheWholeRecording) {
    use_disk_microphone(false);
    Reports reports;
    {
        VoiceRecorder recorder;
        recorder.start(reports.events());
        ASSERT_TRUE(reports.wait([](const Reports& r) { return r.recording || r.failure; }));
    }
    ASSERT_FALSE(reports.failure) << *reports.failure;
    const Recording& recording = *reports.recording;
    EXPECT_EQ(reports.started, 1);
    EXPECT_EQ(recording.end, RecordingEnd::LimitReached);
    EXPECT_EQ(recording.duration_ms, 60'000);

    auto decoded = decode_ogg_opus(recording.ogg_opus);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->duration_ms(), 60'000);
    EXPECT_NEAR(test::dominant_frequency(decoded->samples.data() + 12'000, 24'000, 48'000), 440, 5);
    EXPECT_LT((recording.ogg_opus.size() + 2) / 3 * 4, core::protocol::limits::kVoiceNoteBase64);

    // One report per 100 ms of audio; the level shows the tone, then the silence after it.
    ASSERT_EQ(reports.progress.size(), 600u);
    for (size_t i = 0; i < reports.progress.size(); ++i) {
        EXPECT_EQ(reports.progress[i].first, static_cast<int64_t>(i + 1) * 100);
    }
    EXPECT_GT(reports.progress[5].second, 0.5f);
    EXPECT_EQ(reports.progress[20].second, 0.0f);
}

TEST_F(VoiceRecorderTest, StopKeepsWhatWasHeard) {
    use_disk_microphone(true);
    Reports reports;
    VoiceRecorder recorder;
    recorder.start(reports.events());
    ASSERT_TRUE(reports.wait([](const Reports& r) { return r.recorded_ms() >= 600 || r.failure; }));
    recorder.stop();
    ASSERT_TRUE(reports.wait([](const Reports& r) { return r.recording.has_value(); }));
    EXPECT_EQ(reports.recording->end, RecordingEnd::Stopped);
    EXPECT_GE(reports.recording->duration_ms, 600);
    EXPECT_LT(reports.recording->duration_ms, 3'000);
    auto decoded = decode_ogg_opus(reports.recording->ogg_opus);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->duration_ms(), reports.recording->duration_ms);
    EXPECT_NEAR(test::dominant_frequency(decoded->samples.data() + 4'800, 19'200, 48'000), 440, 5);
}

TEST_F(VoiceRecorderTest, CancelReportsNothingAndTheRecorderRecordsAgain) {
    use_disk_microphone(true);
    VoiceRecorder recorder;
    Reports cancelled;
    recorder.start(cancelled.events());
    ASSERT_TRUE(cancelled.wait([](const Reports& r) { return r.recorded_ms() >= 200 || r.failure; }));
    recorder.cancel();

    Reports again;
    recorder.start(again.events());
    ASSERT_TRUE(again.wait([](const Reports& r) { return r.recorded_ms() >= 200; }));
    recorder.stop();
    ASSERT_TRUE(again.wait([](const Reports& r) { return r.recording.has_value(); }));
    EXPECT_FALSE(cancelled.wait([](const Reports& r) { return r.recording || r.failure; }, 200ms));
}

TEST_F(VoiceRecorderTest, StartingAgainReplacesTheRecordingInProgress) {
    use_disk_microphone(true);
    VoiceRecorder recorder;
    Reports first;
    Reports second;
    recorder.start(first.events());
    ASSERT_TRUE(first.wait([](const Reports& r) { return r.started > 0 || r.failure; }));
    recorder.start(second.events());
    ASSERT_TRUE(second.wait([](const Reports& r) { return r.recorded_ms() >= 300; }));
    recorder.stop();
    ASSERT_TRUE(second.wait([](const Reports& r) { return r.recording.has_value(); }));
    EXPECT_GE(second.recording->duration_ms, 300);
    EXPECT_FALSE(first.recording.has_value());
    EXPECT_FALSE(first.failure.has_value());
}

TEST_F(VoiceRecorderTest, MissingMicrophoneIsReportedAsAFailure) {
    use_disk_microphone(false);
    RecorderOptions options;
    options.device_name = "no such microphone";
    VoiceRecorder recorder(options);
    Reports reports;
    recorder.start(reports.events());
    ASSERT_TRUE(reports.wait([](const Reports& r) { return r.recording || r.failure; }));
    EXPECT_TRUE(reports.failure.has_value());
    EXPECT_EQ(reports.started, 0);
}
