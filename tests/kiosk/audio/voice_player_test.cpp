// Playback against SDL's disk audio driver: what the "speaker" receives is written to a file and
// checked like a recording.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "audio/ogg_opus_encoder.h"
#include "audio/voice_player.h"
#include "support/backend_process.h"
#include "kiosk/support/voice_test_support.h"

using namespace xiangke;
using namespace xiangke::kiosk::audio;
using namespace std::chrono_literals;

namespace {

class Reports {
public:
    PlayerEvents events() {
        PlayerEvents e;
        e.progress = [this](int64_t position, int64_t duration) {
            update([&] {
                positions.push_back(position);
                duration_ms = duration;
            });
        };
        e.finished = [this] { update([&] { ++finished; }); };
        e.failed = [this](const std::string& reason) { update([&] { failure = reason; }); };
        return e;
    }
    template <class Predicate>
    bool wait(Predicate done, std::chrono::milliseconds timeout = 20s) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return done(*this); });
    }

    std::vector<int64_t> positions;
    int64_t duration_ms = 0;
    int finished = 0;
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

std::shared_ptr<const std::vector<uint8_t>> tone_note(int seconds) {
    auto encoder = OggOpusEncoder::create();
    auto tone = test::tone_fixture();
    for (int i = 0; i < seconds; ++i) {
        (*encoder)->append(tone.samples.data(), tone.samples.size());
    }
    return std::make_shared<const std::vector<uint8_t>>((*encoder)->finish());
}

class VoicePlayerTest : public ::testing::Test {
protected:
    void use_disk_speaker(bool real_time) {
        env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_AUDIODRIVER", "disk"));
        env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_DISKAUDIOFILE", speaker().string()));
        if (!real_time) {
            env.emplace_back(std::make_unique<test::ScopedEnv>("SDL_DISKAUDIODELAY", "0"));
        }
    }
    std::filesystem::path speaker() const { return dir.path() / "speaker.raw"; }

    test::TempDir dir;
    std::vector<std::unique_ptr<test::ScopedEnv>> env;
};

}  // namespace

TEST_F(VoicePlayerTest, PlaysTheWholeNoteToTheSpeaker) {
    // At real-time pace, like a sound card: the player decodes one second ahead of the device.
    use_disk_speaker(true);
    Reports reports;
    {
        VoicePlayer player;
        player.play(tone_note(2), reports.events());
        ASSERT_TRUE(reports.wait([](const Reports& r) { return r.finished > 0 || r.failure; }));
    }  // the device is closed: the speaker file is complete
    ASSERT_FALSE(reports.failure) << *reports.failure;
    EXPECT_EQ(reports.finished, 1);
    EXPECT_EQ(reports.duration_ms, 2'000);
    ASSERT_FALSE(reports.positions.empty());
    EXPECT_EQ(reports.positions.back(), 2'000);

    auto played = test::read_raw(speaker());
    ASSERT_GE(played.size(), 96'000u);  // 2 s at 48 kHz, then the device's last buffer of silence
    EXPECT_NEAR(test::dominant_frequency(played.data() + 24'000, 48'000, 48'000), 440, 5);
}

TEST_F(VoicePlayerTest, StopEndsPlaybackEarly) {
    use_disk_speaker(true);
    Reports reports;
    VoicePlayer player;
    player.play(tone_note(5), reports.events());
    ASSERT_TRUE(reports.wait(
        [](const Reports& r) { return (!r.positions.empty() && r.positions.back() >= 300) || r.failure; }));
    player.stop();
    ASSERT_TRUE(reports.wait([](const Reports& r) { return r.finished > 0; }));
    EXPECT_LT(reports.positions.back(), 3'000);
    EXPECT_LT(test::read_raw(speaker()).size(), 48'000u * 3);
}

TEST_F(VoicePlayerTest, DamagedNoteIsReportedAsAFailure) {
    use_disk_speaker(false);
    auto note = tone_note(1);
    auto damaged = std::make_shared<std::vector<uint8_t>>(note->begin(), note->begin() + 30);
    Reports reports;
    VoicePlayer player;
    player.play(damaged, reports.events());
    ASSERT_TRUE(reports.wait([](const Reports& r) { return r.finished > 0 || r.failure; }));
    EXPECT_TRUE(reports.failure.has_value());
    EXPECT_EQ(reports.finished, 0);
}
