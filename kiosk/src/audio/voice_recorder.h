#pragma once
// The microphone side of a voice note: SDL audio capture at 16 kHz mono on the recorder's own
// thread, encoded to Ogg Opus while the farmer speaks, stopped by the farmer or by the length
// limit. Reports come back through callbacks on the recorder thread; the UI thread only posts
// commands and never waits for the device.
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "audio/audio_thread.h"

namespace xiangke::kiosk::audio {

enum class RecordingEnd { Stopped, LimitReached, DeviceLost };

struct Recording {
    std::vector<uint8_t> ogg_opus;
    int64_t duration_ms = 0;
    RecordingEnd end = RecordingEnd::Stopped;
};

struct RecorderEvents {
    // The first samples arrived: the farmer is being heard.
    std::function<void()> started;
    // Throttled (RecorderOptions::progress_interval_ms of audio): length so far and the level
    // (0..1) of the last interval.
    std::function<void(int64_t elapsed_ms, float level)> progress;
    std::function<void(Recording recording)> finished;
    // No microphone, or it could not be opened; a reason for the log.
    std::function<void(std::string reason)> failed;
};

struct RecorderOptions {
    int64_t max_duration_ms = 60'000;
    int64_t progress_interval_ms = 100;
    const char* device_name = nullptr;  // nullptr: the system's default microphone
};

class VoiceRecorder {
public:
    explicit VoiceRecorder(RecorderOptions options = {});
    // Cancels a recording in progress (nothing is reported) and joins the thread.
    ~VoiceRecorder();
    VoiceRecorder(const VoiceRecorder&) = delete;
    VoiceRecorder& operator=(const VoiceRecorder&) = delete;

    // Starts a new recording; one in progress is cancelled first.
    void start(RecorderEvents events);
    // Ends the recording: what was heard is encoded and reported through `finished`.
    void stop();
    // Ends the recording without reporting it (the visitor left).
    void cancel();

private:
    enum class Command { Start, Stop, Cancel, Quit };
    struct Queued {
        Command command;
        RecorderEvents events;  // for Start
    };
    void run();
    void record(const RecorderEvents& events);

    RecorderOptions m_options;
    CommandQueue<Queued> m_commands;
    std::thread m_thread;  // last: starts after every member above exists
};

}  // namespace xiangke::kiosk::audio
