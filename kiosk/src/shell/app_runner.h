#pragma once
// AppRunner: the kiosk's event loop. Owns the one AppState and applies actions to it through the
// reducer; renders only after an event, a worker result, or while something animates (idle CPU
// near zero); runs effects on worker threads. Interactive runs, headless screenshots and scenario
// tests all drive this same object.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/action_queue.h"
#include "app/app_state.h"
#include "services/content_service.h"
#include "services/kiosk_config.h"
#include "services/speech_service.h"
#include "services/voice_service.h"
#include "shell/display.h"
#include "shell/font_loader.h"
#include "shell/image_cache.h"
#include "shell/keyboard_engines.h"
#include "shell/touch_input.h"
#include "shell/worker.h"
#include "store/outbox_store.h"
#include "sync/sync_cycle.h"
#include "sync/sync_worker.h"
#include "ui/theme.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk {

enum class ClockMode { Real, Manual };

class AppRunner {
public:
    AppRunner(KioskConfig config, DisplayOptions display_options, ClockMode clock_mode);
    ~AppRunner();

    core::Result<bool> start();
    // Runs until the window is closed (or SIGTERM); returns the exit status. With
    // `exit_after_first_frame`, returns once the first frame is on screen (start-up benchmark).
    int run_interactive(bool exit_after_first_frame = false);

    // One frame: drain results, apply the clock, draw, apply what the visitor did.
    void frame() { frame(0); }
    // Frames until input, workers and animations are quiet (scenarios and tests).
    void settle(int max_frames = 200);
    void inject(const PointerEvent& event);
    void advance_clock(int64_t ms);
    int64_t now_ms() const;
    // One sync cycle with the backend, waiting for it to finish (scenario step `sync`).
    void sync_now();
    // Applies an action as if the UI had emitted it (keyboards commit text this way).
    void dispatch(const Action& action) { apply(action); }

    const AppState& state() const { return m_state; }
    const ui::FrameRecorder& recorder() const { return m_recorder; }
    const ui::Theme& theme() const { return m_theme; }
    Display& display() { return m_display; }
    SpeechService* speech() { return m_speech.get(); }
    uint64_t frames_drawn() const { return m_frames; }
    // True once the atlas covers all installed content (the first frame uses a smaller one).
    bool fonts_complete() const { return m_fonts.complete(); }

private:
    void frame(int depth);
    void apply(const Action& action);
    // Every effect type has its case (std::visit): a new one that is not handled does not compile.
    void run_effect(const Effect& effect);
    // The wizard's vocabulary (crops, symptoms) from the installed pack, else the source tree's.
    void load_vocabulary();
    // After the visitor's input this frame: a stroke finished on the handwriting pad.
    void apply_finished_stroke();
    // The backend's per-phone cap (worker thread); no answer counts as Unavailable.
    action::PhoneChecked check_phone(const std::string& phone);
    // A full atlas for new content and texts; new content is shown once its glyphs are in.
    void install_ready_fonts();
    std::string outside_text() const;
    void start_connectivity_monitor();
    MaintenanceInfo gather_maintenance_info();
    // One sync cycle (sync/sync_cycle.h) on the calling worker thread; true when it completed.
    bool sync_cycle() { return m_sync->run(); }
    // Writes the request and its outbox op (on the worker), then triggers a sync.
    void submit_request(const RegistrationDraft& draft);
    // 查询进度 / 服务评价 effects, on the worker.
    void run_tracking_effect(const TrackingEffect& effect);
    std::string export_logs_to_usb();
    int64_t next_timer_delay_ms() const;

    KioskConfig m_config;
    DisplayOptions m_display_options;
    ClockMode m_clock_mode;
    int64_t m_manual_clock_ms = 0;

    // Declared before the display: an atlas must outlive the ImGui context that points at it.
    FontLoader m_fonts;
    // New content waits here until an atlas covering it is ready, so it never shows gaps.
    std::shared_ptr<const ContentLibrary> m_pending_library;

    Display m_display;
    ui::Theme m_theme;
    TouchController m_touch{10.0f};
    AppState m_state;
    ui::FrameRecorder m_recorder;
    ActionQueue m_queue;
    std::optional<KioskIdentity> m_identity;
    std::unique_ptr<ContentService> m_content;
    uint64_t m_frames = 0;

    Worker m_worker;  // content queries
    std::unique_ptr<SpeechService> m_speech;
    std::unique_ptr<KeyboardEngines> m_keyboard;  // handwriting and pinyin, on their own worker
    std::unique_ptr<VoiceService> m_voice;        // voice notes: recorder and player threads
    std::unique_ptr<ImageCache> m_images;
    std::thread m_monitor;
    std::atomic<bool> m_stopping{false};

    // Requests and the outbox: m_outbox is used by m_worker only (submit, lookups, cancel,
    // rating); m_sync_store by sync cycles only, one at a time (SyncCycle). Two connections, so a
    // submit never waits for a slow network exchange.
    std::unique_ptr<OutboxStore> m_outbox;
    std::unique_ptr<OutboxStore> m_sync_store;
    std::unique_ptr<SyncCycle> m_sync;
    // Background sync (interactive runs only); declared last so it stops first.
    std::unique_ptr<SyncWorker> m_sync_worker;
};

}  // namespace xiangke::kiosk
