#include "audio/voice_recorder.h"

#include <chrono>
#include <memory>

#include "audio/audio_level.h"
#include "audio/ogg_opus_encoder.h"

namespace xiangke::kiosk::audio {
namespace {

// How often the thread collects captured audio: short enough that Stop feels immediate.
constexpr auto kPollInterval = std::chrono::milliseconds(10);
// At most this much audio per collection, so a device that delivers faster than real time (the
// disk driver in tests) still lets commands through.
constexpr size_t kMaxChunkSamples = kVoiceSampleRate;

}  // namespace

VoiceRecorder::VoiceRecorder(RecorderOptions options) : m_options(options), m_thread([this] { run(); }) {}

VoiceRecorder::~VoiceRecorder() {
    m_commands.post({Command::Quit, {}});
    m_thread.join();
}

void VoiceRecorder::start(RecorderEvents events) {
    m_commands.post({Command::Start, std::move(events)});
}
void VoiceRecorder::stop() {
    m_commands.post({Command::Stop, {}});
}
void VoiceRecorder::cancel() {
    m_commands.post({Command::Cancel, {}});
}

void VoiceRecorder::run() {
    AudioSubsystem audio;
    while (true) {
        Queued next = m_commands.take();
        if (next.command == Command::Quit) {
            break;
        }
        if (next.command != Command::Start) {
            continue;  // Stop or Cancel with nothing being recorded
        }
        if (auto problem = audio.start(); !problem.empty()) {
            next.events.failed(problem);
            continue;
        }
        record(next.events);
    }
}

void VoiceRecorder::record(const RecorderEvents& events) {
    auto encoder = OggOpusEncoder::create();
    if (!encoder.ok()) {
        events.failed(encoder.error().message);
        return;
    }
    SDL_AudioSpec want{};
    want.freq = kVoiceSampleRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = kVoiceFrameSamples;
    SDL_AudioSpec have{};
    AudioDevice device;
    device.id = SDL_OpenAudioDevice(m_options.device_name, 1, &want, &have, 0);  // SDL converts to `want`
    if (device.id == 0) {
        events.failed(std::string("microphone: ") + SDL_GetError());
        return;
    }
    SDL_PauseAudioDevice(device.id, 0);

    const int64_t max_samples = m_options.max_duration_ms * kVoiceSampleRate / 1000;
    const int64_t interval_samples = std::max<int64_t>(1, m_options.progress_interval_ms * kVoiceSampleRate / 1000);
    std::vector<int16_t> chunk(kMaxChunkSamples);
    std::vector<int16_t> interval;  // samples since the last progress report, for the level
    interval.reserve(static_cast<size_t>(interval_samples));
    int64_t captured = 0;
    // Takes what the device has captured so far into the encoder, reporting each full interval.
    auto collect = [&] {
        auto bytes = SDL_DequeueAudio(device.id, chunk.data(), static_cast<Uint32>(chunk.size() * sizeof(int16_t)));
        auto count = std::min(static_cast<int64_t>(bytes / sizeof(int16_t)), max_samples - captured);
        if (count > 0 && captured == 0) {
            events.started();
        }
        captured += count;
        for (int64_t at = 0; at < count;) {
            // Cut at report boundaries so every report covers exactly one interval.
            int64_t take = std::min(interval_samples - static_cast<int64_t>(interval.size()), count - at);
            interval.insert(interval.end(), chunk.begin() + at, chunk.begin() + at + take);
            at += take;
            if (static_cast<int64_t>(interval.size()) == interval_samples) {
                (*encoder)->append(interval.data(), interval.size());
                events.progress((*encoder)->duration_ms(), level_from_samples(interval.data(), interval.size()));
                interval.clear();
            }
        }
    };
    RecordingEnd end = RecordingEnd::Stopped;
    while (true) {
        if (auto command = m_commands.next_command_within(kPollInterval)) {
            if (*command != Command::Stop) {
                if (*command == Command::Cancel) {
                    m_commands.drop_next();
                }
                return;  // cancelled, replaced by a new recording, or quitting: nothing is reported
            }
            m_commands.drop_next();
            collect();  // the last words before 停止 was tapped
            break;
        }
        if (SDL_GetAudioDeviceStatus(device.id) == SDL_AUDIO_STOPPED) {
            end = RecordingEnd::DeviceLost;  // unplugged: keep what was heard
            break;
        }
        collect();
        if (captured >= max_samples) {
            end = RecordingEnd::LimitReached;
            break;
        }
    }
    SDL_PauseAudioDevice(device.id, 1);
    (*encoder)->append(interval.data(), interval.size());
    Recording recording;
    recording.duration_ms = (*encoder)->duration_ms();
    recording.end = end;
    recording.ogg_opus = (*encoder)->finish();
    events.finished(std::move(recording));
}

}  // namespace xiangke::kiosk::audio
