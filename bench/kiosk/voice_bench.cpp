// Voice notes (issue 5): encoder CPU per second of audio, bytes for 60 s, decoding a 60 s note
// and its first second (what 播放 waits for), and how long after 录音 the first samples arrive.
// Run (medians of 5):
//   build/bench/kiosk/kiosk_voice_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// The start latency runs on SDL's disk audio driver (no microphone on a build machine): it counts
// the recorder's own path (thread wake-up, SDL audio init and open, the first 20 ms buffer).
#include <benchmark/benchmark.h>

#include <SDL.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>

#include "audio/ogg_opus_decoder.h"
#include "audio/ogg_opus_encoder.h"
#include "audio/voice_recorder.h"

namespace audio = xiangke::kiosk::audio;

namespace {

// A voice-like test signal: a gliding fundamental with harmonics, syllable-shaped loudness and a
// little breath noise, at 16 kHz.
std::vector<int16_t> voice_like(int seconds) {
    std::mt19937 random(1);
    std::normal_distribution<double> breath(0.0, 300.0);
    std::vector<int16_t> out(static_cast<size_t>(audio::kVoiceSampleRate) * seconds);
    double phase = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        double t = static_cast<double>(i) / audio::kVoiceSampleRate;
        double f0 = 140 + 40 * std::sin(2 * M_PI * 0.7 * t);
        phase += 2 * M_PI * f0 / audio::kVoiceSampleRate;
        double syllable = std::max(0.0, std::sin(2 * M_PI * 3.0 * t));
        double v = 0;
        for (int h = 1; h <= 12; ++h) {
            v += std::sin(h * phase) / h;
        }
        out[i] = static_cast<int16_t>(std::clamp(6000 * syllable * v + breath(random), -32767.0, 32767.0));
    }
    return out;
}

std::vector<int16_t> white_noise(int seconds) {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> sample(-24000, 24000);
    std::vector<int16_t> out(static_cast<size_t>(audio::kVoiceSampleRate) * seconds);
    for (auto& s : out) {
        s = static_cast<int16_t>(sample(random));
    }
    return out;
}

std::vector<uint8_t> encode(const std::vector<int16_t>& pcm) {
    auto encoder = audio::OggOpusEncoder::create();
    // As the recorder feeds it: 100 ms at a time.
    for (size_t at = 0; at < pcm.size(); at += 1600) {
        (*encoder)->append(pcm.data() + at, std::min<size_t>(1600, pcm.size() - at));
    }
    return (*encoder)->finish();
}

void report_size(benchmark::State& state, size_t bytes) {
    state.counters["bytes_60s"] = static_cast<double>(bytes);
    state.counters["base64_60s"] = static_cast<double>((bytes + 2) / 3 * 4);
}

// CPU time per iteration is the encoder's cost for 60 s of audio; divide by 60 for one second.
void BM_EncodeSixtySecondsVoiceLike(benchmark::State& state) {
    auto pcm = voice_like(60);
    size_t bytes = 0;
    for (auto _ : state) {
        bytes = encode(pcm).size();
        benchmark::DoNotOptimize(bytes);
    }
    report_size(state, bytes);
}
BENCHMARK(BM_EncodeSixtySecondsVoiceLike)->Unit(benchmark::kMillisecond);

void BM_EncodeSixtySecondsWhiteNoise(benchmark::State& state) {
    auto pcm = white_noise(60);
    size_t bytes = 0;
    for (auto _ : state) {
        bytes = encode(pcm).size();
        benchmark::DoNotOptimize(bytes);
    }
    report_size(state, bytes);
}
BENCHMARK(BM_EncodeSixtySecondsWhiteNoise)->Unit(benchmark::kMillisecond);

// 播放 decodes the whole note before the first sound.
void BM_DecodeSixtySeconds(benchmark::State& state) {
    auto file = encode(voice_like(60));
    for (auto _ : state) {
        auto decoded = audio::decode_ogg_opus(file);
        benchmark::DoNotOptimize(decoded.ok());
    }
}
BENCHMARK(BM_DecodeSixtySeconds)->Unit(benchmark::kMillisecond);

// What 播放 actually waits for: the player decodes one second ahead of the device, then plays.
void BM_PlaybackFirstSecondDecoded(benchmark::State& state) {
    auto file = std::make_shared<const std::vector<uint8_t>>(encode(voice_like(60)));
    for (auto _ : state) {
        auto reader = audio::OggOpusReader::open(file);
        std::vector<int16_t> pcm;
        while (pcm.size() < static_cast<size_t>(audio::kDecodedSampleRate) && (*reader)->read(pcm)) {
        }
        benchmark::DoNotOptimize(pcm.data());
    }
}
BENCHMARK(BM_PlaybackFirstSecondDecoded)->Unit(benchmark::kMillisecond);

// From start() to the first captured samples, on a recorder whose audio is already initialised
// (the second and later recordings) and on a fresh one (the first recording after start-up).
void recording_start_latency(benchmark::State& state, bool fresh) {
    auto dir = std::filesystem::temp_directory_path() / "xiangke-voice-bench";
    std::filesystem::create_directories(dir);
    {
        std::ofstream silence(dir / "microphone.raw", std::ios::binary);
        std::vector<char> zeros(32000, 0);
        silence.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILEIN", (dir / "microphone.raw").string().c_str(), 1);
    setenv("SDL_DISKAUDIOFILE", (dir / "speaker.raw").string().c_str(), 1);
    std::mutex mutex;
    std::condition_variable changed;
    bool started = false;
    bool finished = false;
    audio::RecorderEvents events;
    events.started = [&] {
        std::lock_guard lock(mutex);
        started = true;
        changed.notify_all();
    };
    events.progress = [](int64_t, float) {};
    events.finished = [&](audio::Recording) {
        std::lock_guard lock(mutex);
        finished = true;
        changed.notify_all();
    };
    events.failed = [&](const std::string&) {
        std::lock_guard lock(mutex);
        started = finished = true;
        changed.notify_all();
    };
    auto recorder = std::make_unique<audio::VoiceRecorder>();
    for (auto _ : state) {
        if (fresh) {
            recorder = std::make_unique<audio::VoiceRecorder>();
        }
        started = finished = false;
        auto begin = std::chrono::steady_clock::now();
        recorder->start(events);
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return started; });
        }
        state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
        recorder->stop();
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return finished; });
    }
    recorder.reset();
    std::filesystem::remove_all(dir);
}

void BM_RecordingStartLatency(benchmark::State& state) {
    recording_start_latency(state, false);
}
BENCHMARK(BM_RecordingStartLatency)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_RecordingStartLatencyFirstUse(benchmark::State& state) {
    recording_start_latency(state, true);
}
BENCHMARK(BM_RecordingStartLatencyFirstUse)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace

BENCHMARK_MAIN();
