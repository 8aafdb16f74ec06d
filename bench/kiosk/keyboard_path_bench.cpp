// The on-screen keyboard's app path (issue 5 targets: handwriting candidates at most 30 ms after
// the stroke ends, pinyin candidates at most 10 ms per key): the reducer turns the finger-up or
// the key tap into an effect, KeyboardEngines runs it on its worker, the answer comes back
// through the ActionQueue and the reducer applies it. The next frame then draws it (one frame of
// software rendering: kiosk_frame_bench). Run (medians of 5):
//   build-bench/bench/kiosk/kiosk_keyboard_path_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/reducer.h"
#include "ink_fixtures.h"
#include "shell/action_queue.h"
#include "shell/keyboard_engines.h"

namespace fs = std::filesystem;
using namespace xiangke::kiosk;

namespace {

struct KeyboardPath {
    KeyboardPath() : dir(make_dir()), engines(queue, dir / "rime") {
        reduce(state, action::StartRegistration{});
        reduce(state, action::ChooseCategory{xiangke::core::Category::Other});
        dispatch(action::FocusField{DraftField::Description});
        engines.wait_idle();
        drain();
    }
    ~KeyboardPath() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    static fs::path make_dir() {
        std::string pattern = (fs::temp_directory_path() / "xiangke-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::abort();
        }
        return pattern;
    }
    // Applies an action as the UI thread does and hands its effects to the engines.
    void dispatch(const Action& action) {
        for (const auto& effect : reduce(state, action)) {
            if (KeyboardEngines::handles(effect)) {
                engines.run(effect);
            }
        }
    }
    // Waits for the worker's answer and applies it (the frame's drain).
    void drain() {
        engines.wait_idle();
        for (const auto& action : queue.drain()) {
            dispatch(action);
        }
    }

    fs::path dir;
    AppState state;
    ActionQueue queue;
    KeyboardEngines engines;
};

// Finger up after the last stroke of 口 → candidates in the state.
void BM_StrokeEndToCandidates(benchmark::State& bench) {
    KeyboardPath path;
    const auto ink = xiangke::test::ink::kou();
    for (auto _ : bench) {
        bench.PauseTiming();
        path.dispatch(action::ClearInk{});
        for (size_t i = 0; i + 1 < ink.strokes.size(); ++i) {
            path.dispatch(action::InkStrokeEnded{ink.strokes[i], ink.pad_width});
            path.drain();
        }
        bench.ResumeTiming();
        path.dispatch(action::InkStrokeEnded{ink.strokes.back(), ink.pad_width});
        path.drain();
        if (path.state.keyboard.handwriting_candidates.empty()) {
            bench.SkipWithError("no candidates");
            break;
        }
    }
}
BENCHMARK(BM_StrokeEndToCandidates)->Unit(benchmark::kMillisecond)->UseRealTime();

// One key of "nongye" → the new candidate page in the state.
void BM_PinyinKeyToCandidates(benchmark::State& bench) {
    KeyboardPath path;
    const std::string letters = "nongye";
    size_t next = 0;
    for (auto _ : bench) {
        if (next == letters.size()) {
            bench.PauseTiming();
            path.dispatch(action::PinyinKeyPressed{input::PinyinKey::of(input::PinyinKeyKind::Clear)});
            path.drain();
            next = 0;
            bench.ResumeTiming();
        }
        path.dispatch(action::PinyinKeyPressed{input::PinyinKey::letter_key(letters[next++])});
        path.drain();
        if (path.state.keyboard.pinyin.candidates.empty()) {
            bench.SkipWithError("no candidates");
            break;
        }
    }
}
BENCHMARK(BM_PinyinKeyToCandidates)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
