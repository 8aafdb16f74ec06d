// Software-rendered frames of the real kiosk (SDL dummy driver, 1280x800) with the real corpus:
// one idle frame, and a tap until the screen it opens is drawn (target: tap to updated frame at
// most 50 ms). Run: build-bench/bench/kiosk/kiosk_frame_bench CONTENT_PACK_DIR PUBKEY_HEX
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "services/pack_installer.h"
#include "shell/app_runner.h"

using namespace xiangke::kiosk;
namespace fs = std::filesystem;

namespace {

const char* g_pack = nullptr;
const char* g_pubkey = nullptr;

std::unique_ptr<AppRunner> make_app(const fs::path& dir) {
    KioskConfig config;
    config.data_dir = dir;
    config.attract_loop = false;
    config.content_public_key = g_pubkey;
    fs::create_directories(dir);
    {
        auto content = ContentService::open(dir / "kiosk.db").value();
        auto key = xiangke::platform::parse_public_key(g_pubkey).value();
        if (!install_pack(*content, g_pack, dir, key, 0, ExpiryCheck::SkipForShippedPack).ok()) {
            std::abort();
        }
    }
    auto app = std::make_unique<AppRunner>(config, DisplayOptions{DisplayMode::Headless, 1280, 800}, ClockMode::Manual);
    if (!app->start().ok()) {
        std::abort();
    }
    app->settle();
    return app;
}

void idle_frame(benchmark::State& state) {
    auto dir = fs::temp_directory_path() / "xiangke-frame-bench-idle";
    fs::remove_all(dir);
    auto app = make_app(dir);
    for (auto _ : state) {
        app->frame();
    }
}

void tap_to_updated_frame(benchmark::State& state) {
    auto dir = fs::temp_directory_path() / "xiangke-frame-bench-tap";
    fs::remove_all(dir);
    auto app = make_app(dir);
    for (auto _ : state) {
        // The finger touches the 科普知识 tile (the pressed tile is drawn) ...
        state.PauseTiming();
        app->inject({PointerEvent::Kind::Down, 320, 250, app->now_ms()});
        app->frame();
        state.ResumeTiming();
        // ... and lifts: timed from here to the frame that shows the topics screen.
        app->inject({PointerEvent::Kind::Up, 320, 250, app->now_ms()});
        app->frame();
        if (app->state().screen != Screen::Topics) {
            state.SkipWithError("the tap did not open the topics screen");
            break;
        }
        state.PauseTiming();
        app->dispatch(action::GoHome{});
        app->settle();
        state.ResumeTiming();
    }
}

}  // namespace

BENCHMARK(idle_frame)->Unit(benchmark::kMillisecond);
BENCHMARK(tap_to_updated_frame)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: kiosk_frame_bench PACKDIR PUBKEY_HEX [benchmark flags]\n");
        return 2;
    }
    g_pack = argv[1];
    g_pubkey = argv[2];
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
