#include "audio/voice_player.h"

#include <chrono>

#include "audio/ogg_opus_decoder.h"

namespace xiangke::kiosk::audio {
VoicePlayer::VoicePlayer(PlayerOptions options) : m_options(options), m_thread([this] { run(); }) {}

VoicePlayer::~VoicePlayer() {
    m_commands.post({Command::Quit, nullptr, {}});
    m_thread.join();
}

void VoicePlayer::play(std::shared_ptr<const std::vector<uint8_t>> ogg_opus, PlayerEvents events) {
    m_commands.post({Command::Play, std::move(ogg_opus), std::move(events)});
}

void VoicePlayer::stop() {
    m_commands.post({Command::Stop, nullptr, {}});
}

void VoicePlayer::run() {
    AudioSubsystem audio;
    while (true) {
        Queued next = m_commands.take();
        if (next.command == Command::Quit) {
            break;
        }
        if (next.command != Command::Play || !next.ogg_opus) {
            continue;
        }
        if (auto problem = audio.start(); !problem.empty()) {
            next.events.failed(problem);
            continue;
        }
        play_now(next);
    }
}

void VoicePlayer::play_now(const Queued& request) {
    const PlayerEvents& events = request.events;
    auto reader = OggOpusReader::open(request.ogg_opus);
    if (!reader.ok()) {
        events.failed(reader.error().message);
        return;
    }
    SDL_AudioSpec want{};
    want.freq = kDecodedSampleRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    SDL_AudioSpec have{};
    AudioDevice device;
    device.id = SDL_OpenAudioDevice(m_options.device_name, 0, &want, &have, 0);  // SDL converts from `want`
    if (device.id == 0) {
        events.failed(std::string("speaker: ") + SDL_GetError());
        return;
    }
    // Decoded a little ahead of the device, so the first sound comes at once even for a long note.
    const int64_t duration_ms = (*reader)->total_samples() * 1000 / kDecodedSampleRate;
    constexpr Uint32 kAheadBytes = kDecodedSampleRate * sizeof(int16_t);  // one second
    std::vector<int16_t> pcm;
    int64_t queued_samples = 0;
    bool decoding = true;
    auto decode_ahead = [&] {
        while (decoding && SDL_GetQueuedAudioSize(device.id) < kAheadBytes) {
            pcm.clear();
            decoding = (*reader)->read(pcm);
            if (!pcm.empty()) {
                SDL_QueueAudio(device.id, pcm.data(), static_cast<Uint32>(pcm.size() * sizeof(int16_t)));
                queued_samples += static_cast<int64_t>(pcm.size());
            }
        }
    };
    decode_ahead();
    if ((*reader)->error()) {
        events.failed((*reader)->error()->message);
        return;
    }
    SDL_PauseAudioDevice(device.id, 0);

    const auto interval = std::chrono::milliseconds(std::max<int64_t>(m_options.progress_interval_ms, 10));
    while (true) {
        if (auto command = m_commands.next_command_within(interval)) {
            if (*command == Command::Stop) {
                m_commands.drop_next();
                events.finished();
            }
            return;  // stopped, replaced by another note, or quitting
        }
        decode_ahead();
        Uint32 queued = SDL_GetQueuedAudioSize(device.id);
        int64_t played_samples = queued_samples - static_cast<int64_t>(queued / sizeof(int16_t));
        events.progress(played_samples * 1000 / kDecodedSampleRate, duration_ms);
        if (!decoding && queued == 0) {
            break;  // a damaged tail plays what came before it
        }
    }
    // The device still holds its last buffer: let it sound before closing.
    SDL_Delay(static_cast<Uint32>(have.samples * 1000 / std::max(have.freq, 1)) + 10);
    events.finished();
}

}  // namespace xiangke::kiosk::audio
