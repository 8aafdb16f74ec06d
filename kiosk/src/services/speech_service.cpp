#include "services/speech_service.h"

#include <espeak-ng/speak_lib.h>

namespace xiangke::kiosk {
namespace {

// espeak-ng keeps global state and calls back without a user pointer: the one service per
// process that talks to it is remembered here. The callback runs on the speech thread.
SpeechService* g_self = nullptr;

}  // namespace

SpeechService::SpeechService() : m_thread([this] { run(); }) {}

SpeechService::~SpeechService() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        ++m_generation;
    }
    m_changed.notify_all();
    m_thread.join();
}

void SpeechService::speak(const std::string& text) {
    {
        std::lock_guard lock(m_mutex);
        ++m_generation;  // aborts the text being synthesised now
        m_pending = text;
    }
    if (m_device != 0) {
        SDL_ClearQueuedAudio(m_device);
    }
    m_changed.notify_all();
}

void SpeechService::stop() {
    {
        std::lock_guard lock(m_mutex);
        ++m_generation;
        m_pending.reset();
    }
    if (m_device != 0) {
        SDL_ClearQueuedAudio(m_device);
    }
    m_changed.notify_all();
}

void SpeechService::wait_synthesized() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_pending && !m_busy; });
}

bool SpeechService::open_audio(int sample_rate) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        return false;
    }
    SDL_AudioSpec want{};
    want.freq = sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    SDL_AudioSpec have{};
    m_device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (m_device == 0) {
        return false;
    }
    SDL_PauseAudioDevice(m_device, 0);
    return true;
}

int SpeechService::on_samples(short* samples, int count, espeak_EVENT* /*events*/) {
    SpeechService& self = *g_self;
    if (self.m_generation.load() != self.m_synth_generation) {
        return 1;  // stop or a newer text: abort synthesis
    }
    if (samples != nullptr && count > 0) {
        SDL_QueueAudio(self.m_device, samples, static_cast<Uint32>(count) * sizeof(short));
        self.m_samples += static_cast<uint64_t>(count);
    }
    return 0;
}

void SpeechService::run() {
    // Initialise espeak-ng on this thread, which is the only one that ever calls it.
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, nullptr, 0);
    bool ready = rate > 0 && espeak_SetVoiceByName("cmn") == EE_OK && open_audio(rate);
    m_available = ready;
    if (ready) {
        g_self = this;
        espeak_SetSynthCallback(on_samples);
        espeak_SetParameter(espeakRATE, 150, 0);  // slower than the default 175 words/min: older listeners
    }
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [this] { return m_stopping || m_pending.has_value(); });
        if (m_stopping) {
            break;
        }
        std::string text = std::move(*m_pending);
        m_pending.reset();
        if (!ready) {
            m_changed.notify_all();
            continue;
        }
        m_synth_generation = m_generation.load();
        m_busy = true;
        lock.unlock();
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
        lock.lock();
        m_busy = false;
        m_changed.notify_all();
    }
    if (ready) {
        espeak_Terminate();
        SDL_CloseAudioDevice(m_device);
        g_self = nullptr;
    }
}

}  // namespace xiangke::kiosk
