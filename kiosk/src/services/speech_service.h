#pragma once
// Read-aloud (朗读): Mandarin speech from espeak-ng (voice "cmn") played through SDL audio.
// Synthesis runs on its own thread and streams into the audio queue, so speech starts quickly
// and the UI thread never waits. Without an audio device the kiosk works on, silently.
#include <SDL.h>
#include <espeak-ng/speak_lib.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace xiangke::kiosk {

class SpeechService {
public:
    SpeechService();
    ~SpeechService();
    SpeechService(const SpeechService&) = delete;
    SpeechService& operator=(const SpeechService&) = delete;

    // Stops whatever is being read and reads `text` instead.
    void speak(const std::string& text);
    void stop();
    bool available() const { return m_available; }
    // Samples synthesised since start (tests and the maintainer screen).
    uint64_t samples_synthesized() const { return m_samples; }
    // Blocks until the current text is fully synthesised (tests).
    void wait_synthesized();

private:
    void run();
    bool open_audio(int sample_rate);
    static int on_samples(short* samples, int count, espeak_EVENT* events);

    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<std::string> m_pending;
    bool m_busy = false;
    bool m_stopping = false;
    std::atomic<uint64_t> m_generation{0};
    uint64_t m_synth_generation = 0;  // the generation being synthesised (speech thread only)
    std::atomic<uint64_t> m_samples{0};
    std::atomic<bool> m_available{false};
    SDL_AudioDeviceID m_device = 0;
};

}  // namespace xiangke::kiosk
