#pragma once
// What the voice recorder and the voice player share: each owns one SDL audio device on its own
// thread, takes commands the UI thread posts (the UI never waits for a device), and starts SDL's
// audio subsystem on that thread only when a command first needs it.
#include <SDL.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace xiangke::kiosk::audio {

// Commands from the UI thread to an audio thread, in order. `Queued` has a `command` member.
template <typename Queued>
class CommandQueue {
public:
    void post(Queued queued) {
        {
            std::lock_guard lock(m_mutex);
            m_commands.push_back(std::move(queued));
        }
        m_changed.notify_all();
    }

    // Waits for the next command and takes it.
    Queued take() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_commands.empty(); });
        Queued next = std::move(m_commands.front());
        m_commands.pop_front();
        return next;
    }

    // While a device is busy: waits up to `timeout` for a command and says which one is next,
    // leaving it queued; nullopt when none came.
    auto next_command_within(std::chrono::milliseconds timeout) -> std::optional<decltype(Queued::command)> {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait_for(lock, timeout, [this] { return !m_commands.empty(); })) {
            return std::nullopt;
        }
        return m_commands.front().command;
    }

    // Drops the next command (after next_command_within said what it is).
    void drop_next() {
        std::lock_guard lock(m_mutex);
        m_commands.pop_front();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Queued> m_commands;
};

// SDL's audio subsystem, started on first use by the thread that owns it (opening audio can take
// tens of milliseconds) and stopped when that thread ends.
class AudioSubsystem {
public:
    AudioSubsystem() = default;
    ~AudioSubsystem() {
        if (m_started) {
            SDL_QuitSubSystem(SDL_INIT_AUDIO);
        }
    }
    AudioSubsystem(const AudioSubsystem&) = delete;
    AudioSubsystem& operator=(const AudioSubsystem&) = delete;

    // Empty when audio is ready, else the reason for the log.
    std::string start() {
        if (!m_started) {
            if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
                return std::string("audio: ") + SDL_GetError();
            }
            m_started = true;
        }
        return "";
    }

private:
    bool m_started = false;
};

// An opened SDL audio device, closed when it goes out of scope.
struct AudioDevice {
    SDL_AudioDeviceID id = 0;
    AudioDevice() = default;
    ~AudioDevice() {
        if (id != 0) {
            SDL_CloseAudioDevice(id);
        }
    }
    AudioDevice(const AudioDevice&) = delete;
    AudioDevice& operator=(const AudioDevice&) = delete;
};

}  // namespace xiangke::kiosk::audio
