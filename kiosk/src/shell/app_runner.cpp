#include "shell/app_runner.h"

#include <imgui.h>
#include <imgui_impl_sdl.h>

#include <unistd.h>
#include <algorithm>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/reducer.h"
#include "app/strings.h"
#include "services/backend_client.h"
#include "services/kiosk_log.h"
#include "services/pack_installer.h"
#include "ui/fonts.h"
#include "ui/screens/request_lookup.h"
#include "ui/screens/screens.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/base64.h"
#include "xiangke/platform/data_paths.h"

namespace xiangke::kiosk {
namespace {

// Milliseconds since the kernel started this process (exec and dynamic loading included).
int64_t ms_since_process_start() {
    std::ifstream stat("/proc/self/stat");
    std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    size_t paren = content.rfind(')');
    if (paren == std::string::npos) {
        return -1;
    }
    std::istringstream fields(content.substr(paren + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
    }
    long long start_ticks = std::atoll(field.c_str());  // field 22: starttime, in clock ticks since boot
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    double boot_ms = static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
    return static_cast<int64_t>(boot_ms - static_cast<double>(start_ticks) * 1000.0 / sysconf(_SC_CLK_TCK));
}

// Every 5 minutes (BRIEF.md's figure for a province's load); at once after a submit.
constexpr int64_t kSyncIntervalMs = 5 * 60'000;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Uint32 wake_event_type() {
    static const Uint32 type = SDL_RegisterEvents(1);
    return type;
}

}  // namespace

AppRunner::AppRunner(KioskConfig config, DisplayOptions display_options, ClockMode clock_mode)
    : m_config(std::move(config)),
      m_display_options(display_options),
      m_clock_mode(clock_mode),
      m_fonts(m_config.font_path) {
    m_manual_clock_ms = core::system_now_ms();
}

AppRunner::~AppRunner() {
    m_sync_worker.reset();  // joins: no cycle runs while the rest is torn down
    m_stopping = true;
    m_speech.reset();
    m_images.reset();
    if (m_monitor.joinable()) {
        m_monitor.join();
    }
    m_worker.wait_idle();
}

int64_t AppRunner::now_ms() const {
    return m_clock_mode == ClockMode::Manual ? m_manual_clock_ms : core::system_now_ms();
}

core::Result<bool> AppRunner::start() {
    auto opened = m_display.open(m_display_options);
    if (!opened.ok()) {
        return opened;
    }
    m_theme = ui::Theme::for_display(m_display.width(), m_display.height(), m_config.screen_width_mm);
    m_touch.set_tap_slop(m_theme.mm(4.0f));
    ui::apply_style(m_theme);
    kiosk_log::open(m_config.data_dir);
    kiosk_log::write("start", std::string("version=") + XIANGKE_VERSION);
    m_identity = load_identity(m_config.data_dir);
    m_state.maintainer_pin = m_config.maintainer_pin;
    m_state.now_ms = m_state.last_interaction_ms = now_ms();
    m_state.idle_timeout_ms = m_config.idle_timeout_ms;
    m_state.attract_interval_ms = m_config.attract_interval_ms;
    m_state.attract_enabled = m_config.attract_loop;
    m_state.connectivity = m_identity ? Connectivity::Unknown : Connectivity::NotEnrolled;
    if (m_identity) {
        m_state.village_name = m_identity->village_name;
    }

    auto content = ContentService::open(m_config.data_dir / "kiosk.db");
    if (!content.ok()) {
        return content.error();
    }
    m_content = std::move(content).value();
    // First boot: the kiosk works offline from the start with the pack it ships with.
    auto shipped = install_shipped_pack_if_empty(*m_content, m_config.data_dir, m_config.content_public_key, now_ms());
    if (!shipped.ok()) {
        kiosk_log::write("shipped_pack_refused", shipped.error().message);
    }
    m_state.library = m_content->load_library();
    m_keyboard = std::make_unique<KeyboardEngines>(m_queue, input::default_pinyin_user_dir(m_config.data_dir));
    if (m_identity) {
        m_state.status_page_base = backend_url(m_config, *m_identity) + "/s/";
    }
    load_vocabulary();
    auto outbox = OutboxStore::open(m_config.data_dir / "kiosk.db");
    auto sync_store = OutboxStore::open(m_config.data_dir / "kiosk.db");
    if (!outbox.ok() || !sync_store.ok()) {
        return outbox.ok() ? sync_store.error() : outbox.error();
    }
    m_outbox = std::move(outbox).value();
    m_sync_store = std::move(sync_store).value();
    m_sync = std::make_unique<SyncCycle>(m_config, m_identity, *m_sync_store, *m_content, m_queue,
                                         [this] { return now_ms(); });
    for (const auto& notice : m_outbox->live_notices(now_ms())) {
        m_state.notices.push_back(Notice{notice.title, notice.body, notice.until});
    }

    if (auto fonts = m_fonts.load_first(m_theme, m_display, outside_text()); !fonts.ok()) {
        return fonts.error();
    }

    m_queue.set_waker([] {
        SDL_Event event{};
        event.type = wake_event_type();
        SDL_PushEvent(&event);  // thread-safe: wakes SDL_WaitEventTimeout
    });
    m_images = std::make_unique<ImageCache>(m_display.renderer(), m_worker, [this] { m_queue.wake(); });
    if (m_identity && m_clock_mode == ClockMode::Real) {
        start_connectivity_monitor();
        m_sync_worker = std::make_unique<SyncWorker>([this] { return sync_cycle(); }, kSyncIntervalMs);
    }
    return true;
}

std::string AppRunner::outside_text() const {
    // Text that arrives from enrollment and sync rather than the catalogue or the content pack.
    std::string text = m_state.village_name;
    for (const auto& notice : m_state.notices) {
        text += notice.title + notice.body;
    }
    for (const auto& request : m_state.tracking.lookup.found) {
        text += request.crop + request.agent_name.value_or("");  // names from the backend
        for (const auto& step : request.timeline) {
            text += step.agent_name.value_or("");
        }
    }
    return text;
}

void AppRunner::install_ready_fonts() {
    const ContentLibrary* library = m_pending_library ? m_pending_library.get() : m_state.library.get();
    bool installed =
        m_fonts.update(m_theme, m_display, m_worker, m_queue, outside_text(), library, m_state.vocabulary.get());
    if (installed && m_pending_library) {
        reduce(m_state, action::LibraryLoaded{std::move(m_pending_library)});
        m_pending_library = nullptr;
    }
}

void AppRunner::start_connectivity_monitor() {
    m_monitor = std::thread([this] {
        Connectivity last = Connectivity::Unknown;
        while (!m_stopping) {
            Connectivity now = probe_backend(m_config, m_identity);
            if (now != last) {
                kiosk_log::write("connectivity", now == Connectivity::Online ? "online" : "offline");
                last = now;
            }
            m_queue.push(action::ConnectivityChanged{now});
            // Sleep in small steps so shutdown is prompt.
            for (int64_t waited = 0; waited < m_config.connectivity_check_ms && !m_stopping; waited += 100) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    });
}

void AppRunner::sync_now() {
    if (m_identity) {
        m_worker.post([this] { sync_cycle(); });
    } else {
        m_queue.push(action::ConnectivityChanged{Connectivity::NotEnrolled});
    }
    settle();
}

void AppRunner::apply(const Action& action) {
    if (const auto* loaded = std::get_if<action::LibraryLoaded>(&action)) {
        // Shown once its glyphs are in the atlas. The startup load and a sync's update can arrive
        // in either order: never let an older pack replace a newer one.
        const ContentLibrary* newest = m_pending_library ? m_pending_library.get() : m_state.library.get();
        if (newest == nullptr || loaded->library == nullptr || loaded->library->version() >= newest->version()) {
            m_pending_library = loaded->library;
        }
        return;
    }
    Screen before = m_state.screen;
    for (const auto& effect : reduce(m_state, action)) {
        run_effect(effect);
    }
    if (m_state.screen != before) {
        kiosk_log::write("screen", screen_name(m_state.screen));
    }
}

void AppRunner::run_effect(const Effect& effect) {
    auto keyboard = [&](const auto&) { m_keyboard->run(effect); };
    auto voice = [&](const auto&) {
        if (!m_voice) {
            m_voice = std::make_unique<VoiceService>(m_queue);  // the audio threads start on first use
        }
        m_voice->run(effect);
    };
    std::visit(Overloaded{
                   [&](const effect::PrepareKeyboard& e) { keyboard(e); },
                   [&](const effect::RecognizeInk& e) { keyboard(e); },
                   [&](const effect::ApplyPinyinKey& e) { keyboard(e); },
                   [&](const effect::ResetPinyin& e) { keyboard(e); },
                   [&](const effect::StartVoiceRecording& e) { voice(e); },
                   [&](const effect::StopVoiceRecording& e) { voice(e); },
                   [&](const effect::CancelVoiceRecording& e) { voice(e); },
                   [&](const effect::PlayVoiceNote& e) { voice(e); },
                   [&](const effect::StopVoicePlayback& e) { voice(e); },
                   [&](const effect::CheckPhone& e) {
                       m_worker.post([this, phone = e.phone] { m_queue.push(check_phone(phone)); });
                   },
                   [&](const effect::RunSearch& e) {
                       m_worker.post([this, query = e.query] {
                           m_queue.push(action::SearchFinished{query, m_content->search(query)});
                       });
                   },
                   [&](const effect::RecordArticleView& e) {
                       m_worker.post([this, id = e.article_id, at = now_ms()] { m_content->record_view(id, at); });
                   },
                   [&](const effect::Speak& e) {
                       if (!m_speech) {
                           m_speech = std::make_unique<SpeechService>();  // espeak-ng loads on first use
                       }
                       m_speech->speak(e.text);
                   },
                   [&](const effect::StopSpeech&) {
                       if (m_speech) {
                           m_speech->stop();
                       }
                   },
                   [&](const effect::LoadMaintenance&) {
                       m_worker.post([this] { m_queue.push(action::MaintenanceLoaded{gather_maintenance_info()}); });
                   },
                   [&](const effect::ExportLogs&) {
                       m_worker.post([this] { m_queue.push(action::MaintenanceMessage{export_logs_to_usb()}); });
                   },
                   [&](const effect::SyncNow&) {
                       m_worker.post([this] {
                           sync_cycle();
                           m_queue.push(action::MaintenanceLoaded{gather_maintenance_info()});
                       });
                   },
                   [&](const effect::SubmitRequest& e) { submit_request(e.draft); },
                   [&](const effect::Tracking& e) { run_tracking_effect(e.effect); },
               },
               effect);
}

void AppRunner::submit_request(const RegistrationDraft& draft) {
    m_worker.post([this, draft] {
        auto started = std::chrono::steady_clock::now();
        if (!m_identity) {
            kiosk_log::write("submit_failed", "not_enrolled");
            m_queue.push(action::SubmitFailed{"not_enrolled"});
            return;
        }
        auto request = to_request_create(draft);
        if (draft.voice_note) {
            const auto& ogg = draft.voice_note->ogg_opus;
            request.voice_note = core::protocol::VoiceNote{
                "ogg-opus", draft.voice_note->duration_ms,
                platform::base64_encode(std::string_view(reinterpret_cast<const char*>(ogg.data()), ogg.size()))};
        }
        auto stored = m_outbox->submit_request(std::move(request), m_identity->village_code, now_ms());
        auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
        if (!stored.ok()) {
            kiosk_log::write("submit_failed", stored.error().code + " " + stored.error().field);
            m_queue.push(action::SubmitFailed{stored.error().message});
            return;
        }
        kiosk_log::write("submitted", "code=" + stored->code + " store_us=" + std::to_string(took.count()));
        m_queue.push(action::RequestSubmitted{
            SubmittedRequest{stored->request_id, stored->code, stored->status_token, stored->masked_phone}});
        if (m_sync_worker) {
            m_sync_worker->trigger();  // the farmer's request leaves at once when there is a network
        }
    });
}

void AppRunner::run_tracking_effect(const TrackingEffect& effect) {
    std::visit(Overloaded{
                   [&](const FindRequestsEffect& query) {
                       m_worker.post([this, query] {
                           std::vector<TrackedRequest> found;
                           if (query.mode == LookupMode::Code) {
                               if (auto request = m_outbox->find_by_code(query.entry)) {
                                   found.push_back(std::move(*request));
                               }
                           } else {
                               found = m_outbox->find_by_phone(query.entry);
                           }
                           m_queue.push(action::Tracking{tracking::Found{query.entry, std::move(found)}});
                       });
                   },
                   [&](const RefreshRequestsEffect& refresh) {
                       m_worker.post([this, ids = refresh.request_ids] {
                           std::vector<TrackedRequest> fresh;
                           for (const auto& id : ids) {
                               if (auto request = m_outbox->find_by_id(id)) {
                                   fresh.push_back(std::move(*request));
                               }
                           }
                           m_queue.push(action::Tracking{tracking::Refreshed{std::move(fresh)}});
                       });
                   },
                   [&](const CancelRequestEffect& request) {
                       m_worker.post([this, request] {
                           auto queued = m_outbox->enqueue_cancel(
                               request.request_id, std::string(cancel_reason_code(request.reason)), now_ms());
                           if (!queued.ok()) {
                               kiosk_log::write("cancel_failed", queued.error().code);
                           } else if (m_sync_worker) {
                               m_sync_worker->trigger();
                           }
                           m_queue.push(action::Tracking{tracking::Recorded{queued.ok()}});
                       });
                   },
                   [&](const SubmitFeedbackEffect& rating) {
                       core::protocol::FeedbackCreate feedback{
                           rating.request_id, rating.outcome, rating.rating,
                           rating.comment ? std::string(ui::rating_comment_text(*rating.comment)) : std::string()};
                       m_worker.post([this, feedback] {
                           auto queued = m_outbox->enqueue_feedback(feedback, now_ms());
                           if (!queued.ok()) {
                               kiosk_log::write("feedback_failed", queued.error().code);
                           } else if (m_sync_worker) {
                               m_sync_worker->trigger();
                           }
                           m_queue.push(action::Tracking{tracking::Recorded{queued.ok()}});
                       });
                   },
               },
               effect);
}

MaintenanceInfo AppRunner::gather_maintenance_info() {
    MaintenanceInfo info;
    if (m_identity) {
        info.kiosk_id = m_identity->kiosk_id;
        info.village = m_identity->village_name + " (" + m_identity->village_code + ")";
        info.backend_url = backend_url(m_config, *m_identity);
    }
    info.app_version = XIANGKE_VERSION;
    info.content_version = m_content->active_version();
    OutboxCounts counts = m_outbox->counts();
    info.outbox_size = counts.pending;
    info.dead_letters = counts.dead_letters;
    info.log_tail = kiosk_log::tail(12);
    return info;
}

std::string AppRunner::export_logs_to_usb() {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* dir = std::getenv("XIANGKE_USB_DIR"); dir != nullptr && *dir != '\0') {
        candidates.emplace_back(dir);
    }
    // Desktop automounters put removable drives under /media/USER/LABEL or /run/media/USER/LABEL.
    for (const char* root : {"/media", "/run/media"}) {
        std::error_code ec;
        for (const auto& user : fs::directory_iterator(root, ec)) {
            for (const auto& drive : fs::directory_iterator(user.path(), ec)) {
                candidates.push_back(drive.path());
            }
        }
    }
    for (const auto& dir : candidates) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            continue;
        }
        std::string date = core::format_shanghai_date(now_ms());
        fs::path target = dir / ("xiangke-kiosk-log-" + date + ".txt");
        fs::copy_file(kiosk_log::current_file(), target, fs::copy_options::overwrite_existing, ec);
        if (!ec) {
            kiosk_log::write("logs_exported", target.string());
            return std::string(text(Str::LogsExported)) + " " + target.string();
        }
    }
    return std::string(text(Str::NoUsbDrive));
}

void AppRunner::load_vocabulary() {
    std::vector<std::filesystem::path> dirs;
    if (m_state.library && !m_state.library->files_root().empty()) {
        dirs.push_back(std::filesystem::path(m_state.library->files_root()) / "vocab");
    }
    dirs.push_back(platform::content_dir() / "vocab");
    for (const auto& dir : dirs) {
        auto vocabulary = platform::load_vocabulary(dir);
        if (vocabulary.ok()) {
            m_state.vocabulary = std::make_shared<const core::Vocabulary>(std::move(vocabulary).value());
            return;
        }
        kiosk_log::write("vocabulary_unreadable", dir.string() + ": " + vocabulary.error().message);
    }
}

void AppRunner::apply_finished_stroke() {
    auto stroke = m_touch.take_finished_stroke();
    if (!stroke) {
        return;
    }
    input::InkStroke ink;
    ink.reserve(stroke->points.size());
    for (const ImVec2& point : stroke->points) {
        ink.push_back({point.x, point.y});
    }
    apply(action::InkStrokeEnded{std::move(ink), stroke->surface_width});
}

action::PhoneChecked AppRunner::check_phone(const std::string& phone) {
    action::PhoneChecked answer{phone, PhoneCheckStatus::Unavailable, 0};
    if (!m_identity) {
        return answer;
    }
    BackendClient client(backend_url(m_config, *m_identity), m_identity->token);
    // The number goes in the body, never the URL, and is not logged.
    HttpAnswer reply = client.post_json(
        "/api/v1/sync/phone-check", {{"protocol_version", core::protocol::kProtocolVersion}, {"farmer_phone", phone}});
    if (reply.status != 200) {
        return answer;  // offline or refused: the wizard goes on; the push will apply the cap
    }
    auto body = nlohmann::json::parse(reply.body, nullptr, false);
    if (!body.is_object() || !body.contains("allowed") || !body["allowed"].is_boolean()) {
        return answer;
    }
    answer.status = body["allowed"].get<bool>() ? PhoneCheckStatus::Allowed : PhoneCheckStatus::TooManyOpenRequests;
    answer.max_open_requests = body.value("max_open_requests_per_phone", 0);
    return answer;
}

void AppRunner::inject(const PointerEvent& event) {
    m_touch.push(event);
    apply(action::UserActivity{now_ms()});
}

void AppRunner::advance_clock(int64_t ms) {
    if (m_clock_mode == ClockMode::Manual) {
        m_manual_clock_ms += ms;
    }
}

void AppRunner::frame(int depth) {
    for (auto& action : m_queue.drain()) {
        apply(action);
    }
    apply(action::Tick{now_ms()});
    install_ready_fonts();
    m_images->upload_ready();

    m_display.begin_frame();
    ImGuiIO& io = ImGui::GetIO();
    m_touch.apply(io, now_ms());
    apply_finished_stroke();
    ImGui::NewFrame();

    m_recorder.clear();
    std::vector<Action> emitted;
    ui::UiContext ctx{m_theme,        m_recorder,       emitted,      m_state.large_text,
                      m_images.get(), fonts_complete(), std::nullopt, &m_touch.live_stroke()};
    ui::draw_app(m_state, ctx);
    std::optional<ImRect> ink_surface;
    if (ctx.ink_surface) {
        ink_surface = ImRect(ctx.ink_surface->min, ctx.ink_surface->max);
    }
    m_touch.set_ink_surface(ink_surface);
    // A frame in which the visitor did something is out of date as soon as it is drawn: apply
    // the actions and lay out the next frame at once, rasterising only that one (software
    // rendering is the expensive part), so a tap shows its result one frame sooner.
    bool stale = !emitted.empty() && depth == 0;
    m_display.end_frame(stale ? Display::Present::No : Display::Present::Yes);
    ++m_frames;

    for (const auto& action : emitted) {
        apply(action);
    }
    if (stale) {
        frame(depth + 1);
    }
}

void AppRunner::settle(int max_frames) {
    // ImGui needs a few frames to turn a press and release into a click and to lay out the
    // screen that click opened; workers may answer in between.
    int quiet_frames = 0;
    for (int i = 0; i < max_frames && quiet_frames < 3; ++i) {
        bool busy = m_touch.needs_frames() || !m_worker.idle() || !m_keyboard->idle() || m_images->loading() ||
                    !fonts_complete();
        advance_clock(16);  // a manual clock moves one frame per frame, so animations end
        frame();
        m_worker.wait_idle();
        m_keyboard->wait_idle();
        quiet_frames = busy ? 0 : quiet_frames + 1;
    }
}

int64_t AppRunner::next_timer_delay_ms() const {
    int64_t now = now_ms();
    int64_t delay = 60'000;
    if (m_state.screen != Screen::Home) {
        delay = std::min(delay, m_state.last_interaction_ms + m_state.idle_timeout_ms - now);
    } else if (wants_attract_frames(m_state)) {
        delay = std::min(delay, m_state.attract_interval_ms - now % m_state.attract_interval_ms);
    }
    return std::max<int64_t>(delay, 1);
}

int AppRunner::run_interactive(bool exit_after_first_frame) {
    bool quit = false;
    int extra_frames = 3;
    while (!quit) {
        SDL_Event event;
        bool have_event = false;
        if (extra_frames > 0 || m_touch.needs_frames()) {
            have_event = SDL_PollEvent(&event) != 0;
            if (!have_event && m_touch.needs_frames()) {
                SDL_Delay(8);  // inertia animation: about 60 frames per second at most
            }
        } else {
            // Nothing moves: sleep until an event or the next timer (idle timeout, attract loop).
            have_event = SDL_WaitEventTimeout(&event, static_cast<int>(next_timer_delay_ms())) != 0;
        }
        while (have_event) {
            const float w = static_cast<float>(m_display.width());
            const float h = static_cast<float>(m_display.height());
            switch (event.type) {
                case SDL_QUIT:
                    quit = true;
                    break;
                case SDL_MOUSEBUTTONDOWN:
                    if (event.button.button == SDL_BUTTON_LEFT) {
                        inject({PointerEvent::Kind::Down, static_cast<float>(event.button.x),
                                static_cast<float>(event.button.y), now_ms()});
                    }
                    break;
                case SDL_MOUSEBUTTONUP:
                    if (event.button.button == SDL_BUTTON_LEFT) {
                        inject({PointerEvent::Kind::Up, static_cast<float>(event.button.x),
                                static_cast<float>(event.button.y), now_ms()});
                    }
                    break;
                case SDL_MOUSEMOTION:
                    if ((event.motion.state & SDL_BUTTON_LMASK) != 0) {
                        inject({PointerEvent::Kind::Move, static_cast<float>(event.motion.x),
                                static_cast<float>(event.motion.y), now_ms()});
                    }
                    break;
                case SDL_FINGERDOWN:
                    inject({PointerEvent::Kind::Down, event.tfinger.x * w, event.tfinger.y * h, now_ms()});
                    break;
                case SDL_FINGERMOTION:
                    inject({PointerEvent::Kind::Move, event.tfinger.x * w, event.tfinger.y * h, now_ms()});
                    break;
                case SDL_FINGERUP:
                    inject({PointerEvent::Kind::Up, event.tfinger.x * w, event.tfinger.y * h, now_ms()});
                    break;
                case SDL_KEYDOWN:
                    if (event.key.keysym.sym == SDLK_ESCAPE && m_display_options.mode == DisplayMode::Windowed) {
                        quit = true;
                    }
                    ImGui_ImplSDL2_ProcessEvent(&event);
                    break;
                default:
                    ImGui_ImplSDL2_ProcessEvent(&event);
                    break;
            }
            extra_frames = 3;
            have_event = SDL_PollEvent(&event) != 0;
        }
        frame();
        if (exit_after_first_frame) {
            std::fprintf(stderr, "first frame %lld ms after process start\n",
                         static_cast<long long>(ms_since_process_start()));
            return 0;
        }
        if (extra_frames > 0) {
            --extra_frames;
        }
    }
    return 0;
}

}  // namespace xiangke::kiosk
