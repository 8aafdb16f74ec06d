#pragma once
// Playing a voice note back (播放): decoded and fed to its own SDL audio device on the player's
// thread, so it never competes with read-aloud for a device and the UI thread never waits.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "audio/audio_thread.h"

namespace xiangke::kiosk::audio {

struct PlayerEvents {
    // Throttled (every PlayerOptions::progress_interval_ms): how far playback has got.
    std::function<void(int64_t position_ms, int64_t duration_ms)> progress;
    // Played to the end, or stopped.
    std::function<void()> finished;
    // Undecodable note or no audio device; a reason for the log.
    std::function<void(std::string reason)> failed;
};

struct PlayerOptions {
    int64_t progress_interval_ms = 100;
    const char* device_name = nullptr;  // nullptr: the system's default output
};

class VoicePlayer {
public:
    explicit VoicePlayer(PlayerOptions options = {});
    // Stops playback (nothing more is reported) and joins the thread.
    ~VoicePlayer();
    VoicePlayer(const VoicePlayer&) = delete;
    VoicePlayer& operator=(const VoicePlayer&) = delete;

    // Plays an Ogg Opus file from the start; whatever was playing stops first.
    void play(std::shared_ptr<const std::vector<uint8_t>> ogg_opus, PlayerEvents events);
    void stop();

private:
    enum class Command { Play, Stop, Quit };
    struct Queued {
        Command command;
        std::shared_ptr<const std::vector<uint8_t>> ogg_opus;
        PlayerEvents events;
    };
    void run();
    void play_now(const Queued& request);

    PlayerOptions m_options;
    CommandQueue<Queued> m_commands;
    std::thread m_thread;  // last: starts after every member above exists
};

}  // namespace xiangke::kiosk::audio
