// On-screen keyboard engines (issue 5 targets: handwriting candidates at most 30 ms after the
// stroke ends, pinyin candidates at most 10 ms per key), rime deployment, and the GB2312 set.
// Run (medians of 5):
//   build-input-bench/bench/kiosk/kiosk_input_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <string>

#include "ink_fixtures.h"
#include "input/gb2312.h"
#include "input/handwriting.h"
#include "input/pinyin.h"

namespace input = xiangke::kiosk::input;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed afterwards.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "xiangke-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::abort();
        }
        m_path = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

void fail(benchmark::State& state, const xiangke::core::Error& error) {
    state.SkipWithError((error.code + ": " + error.message).c_str());
}

// --- Handwriting ---------------------------------------------------------------------------------

void BM_HandwritingOpen(benchmark::State& state) {
    for (auto _ : state) {
        auto recognizer = input::HandwritingRecognizer::open();
        if (!recognizer.ok()) {
            fail(state, recognizer.error());
            return;
        }
        benchmark::DoNotOptimize(recognizer.value().get());
    }
}
BENCHMARK(BM_HandwritingOpen)->Unit(benchmark::kMillisecond);

// The whole character recognised at once: what happens after its last stroke ends (the costliest
// call, since earlier strokes are recognised with less ink).
void BM_HandwritingRecognize(benchmark::State& state) {
    auto fixtures = xiangke::test::ink::all();
    const auto& fixture = fixtures[static_cast<size_t>(state.range(0))];
    state.SetLabel(fixture.expected + " (" + std::to_string(fixture.ink.strokes.size()) + " strokes)");
    auto recognizer = input::HandwritingRecognizer::open();
    if (!recognizer.ok()) {
        fail(state, recognizer.error());
        return;
    }
    for (auto _ : state) {
        auto candidates = recognizer.value()->recognize(fixture.ink);
        benchmark::DoNotOptimize(candidates);
    }
}
BENCHMARK(BM_HandwritingRecognize)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

// --- Pinyin --------------------------------------------------------------------------------------

// One letter per iteration, cycling through three words; the composition is cleared before each
// word (outside the timing), so every iteration is a real keystroke with its page of candidates.
void BM_PinyinKey(benchmark::State& state) {
    ScratchDir dir;
    input::PinyinConfig config;
    config.user_data_dir = dir.path() / "rime";
    auto engine = input::PinyinEngine::open(config);
    if (!engine.ok()) {
        fail(state, engine.error());
        return;
    }
    const std::string words[] = {"nongye", "bingchonghai", "daowenbing"};
    size_t word = 0;
    size_t letter = 0;
    for (auto _ : state) {
        if (letter == words[word].size()) {
            state.PauseTiming();
            engine.value()->reset();
            word = (word + 1) % std::size(words);
            letter = 0;
            state.ResumeTiming();
        }
        auto snapshot = engine.value()->apply(input::PinyinKey::letter_key(words[word][letter++]));
        benchmark::DoNotOptimize(snapshot);
    }
    state.SetLabel("letters of nongye, bingchonghai, daowenbing");
}
BENCHMARK(BM_PinyinKey)->Unit(benchmark::kMicrosecond);

// A whole word typed and committed with the first candidate: the per-key figure without the
// pause/resume overhead, as items per second.
void BM_PinyinWord(benchmark::State& state) {
    ScratchDir dir;
    input::PinyinConfig config;
    config.user_data_dir = dir.path() / "rime";
    auto engine = input::PinyinEngine::open(config);
    if (!engine.ok()) {
        fail(state, engine.error());
        return;
    }
    const std::string word = "bingchonghai";
    for (auto _ : state) {
        for (char c : word) {
            benchmark::DoNotOptimize(engine.value()->apply(input::PinyinKey::letter_key(c)));
        }
        benchmark::DoNotOptimize(engine.value()->apply(input::PinyinKey::of(input::PinyinKeyKind::Space)));
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(word.size() + 1));
    state.SetLabel("bingchonghai + space: 13 keys");
}
BENCHMARK(BM_PinyinWord)->Unit(benchmark::kMillisecond);

// First deployment into an empty user data dir (what the installer or the first keyboard open pays).
void BM_PinyinDeployFirst(benchmark::State& state) {
    for (auto _ : state) {
        state.PauseTiming();
        auto dir = std::make_unique<ScratchDir>();
        input::PinyinConfig config;
        config.user_data_dir = dir->path() / "rime";
        state.ResumeTiming();
        auto report = input::deploy_pinyin_data(config);
        if (!report.ok()) {
            fail(state, report.error());
            return;
        }
        state.PauseTiming();
        dir.reset();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_PinyinDeployFirst)->Unit(benchmark::kMillisecond)->Iterations(5);

// Every later start: the deployment is verified and found up to date, a session is opened and
// probed (what PinyinEngine::open costs on a deployed kiosk).
void BM_PinyinOpenDeployed(benchmark::State& state) {
    ScratchDir dir;
    input::PinyinConfig config;
    config.user_data_dir = dir.path() / "rime";
    auto first = input::deploy_pinyin_data(config);
    if (!first.ok()) {
        fail(state, first.error());
        return;
    }
    for (auto _ : state) {
        auto engine = input::PinyinEngine::open(config);
        if (!engine.ok()) {
            fail(state, engine.error());
            return;
        }
        benchmark::DoNotOptimize(engine.value().get());
    }
}
BENCHMARK(BM_PinyinOpenDeployed)->Unit(benchmark::kMillisecond);

// --- GB2312 --------------------------------------------------------------------------------------

void BM_Gb2312Decode(benchmark::State& state) {
    for (auto _ : state) {
        auto set = input::decode_gb2312();
        benchmark::DoNotOptimize(set);
    }
}
BENCHMARK(BM_Gb2312Decode)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
