#pragma once
// AppState: the whole state of the kiosk UI in one place. Screens draw from a const AppState and
// emit actions; the reducer (reducer.h) is the only code that changes it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/content_library.h"
#include "app/keyboard_state.h"
#include "app/registration.h"
#include "app/request_tracking.h"
#include "app/voice_note.h"
#include "xiangke/core/vocabulary.h"

namespace xiangke::kiosk {

enum class Screen {
    Home,
    Topics,
    ArticleList,
    Article,
    Search,
    ComingSoon,
    MaintainerPin,
    Maintainer,
    Registration,
    Status,
    Rating
};
// "home", "topics", ... for logs.
const char* screen_name(Screen screen);

enum class Connectivity { Unknown, Online, Offline, NotEnrolled };

struct Notice {
    std::string title;
    std::string body;
    int64_t until = 0;
};

struct SearchState {
    std::string query;
    std::vector<SearchHit> hits;
    bool searching = false;
    bool typing = false;  // the on-screen keyboard is open under the query (hidden: the results get the room)
};

// What the maintainer screen shows; gathered by a worker.
struct MaintenanceInfo {
    std::string kiosk_id;
    std::string village;
    std::string backend_url;
    std::string app_version;
    int64_t content_version = 0;
    int64_t outbox_size = 0;
    int64_t dead_letters = 0;
    std::vector<std::string> log_tail;
};

// The hidden maintainer entrance: five taps on the screen title within four seconds, then a PIN.
struct MaintainerState {
    std::vector<int64_t> secret_taps;
    std::string pin_entry;
    int wrong_attempts = 0;
    std::string message;
    MaintenanceInfo info;
};

struct AppState {
    Screen screen = Screen::Home;
    std::vector<Screen> history;  // for 返回

    // App clock (UTC ms). Real time in the app; advanced by `wait` in scenarios.
    int64_t now_ms = 0;
    int64_t last_interaction_ms = 0;
    int64_t idle_timeout_ms = 120'000;
    int64_t attract_interval_ms = 20'000;
    bool attract_enabled = true;
    size_t attract_index = 0;

    bool large_text = false;
    Connectivity connectivity = Connectivity::Unknown;
    std::optional<int64_t> last_sync_ms;
    std::string village_name;
    std::vector<Notice> notices;

    std::shared_ptr<const ContentLibrary> library;
    std::string topic_id;
    std::string article_id;
    SearchState search;
    std::string coming_soon_title;

    std::string maintainer_pin;
    MaintainerState maintainer;
    VoiceNoteState voice;  // 语音留言 being recorded or played (the note itself is in the draft)

    std::string status_page_base;  // "<backend url>/s/": the QR code on the confirmation screen adds the token
    std::shared_ptr<const core::Vocabulary> vocabulary;  // crops and symptoms for the wizard's tiles
    RegistrationState registration;                      // 我要求助: the wizard's step and the draft
    KeyboardState keyboard;          // the on-screen keyboard shared by every text field
    TrackingState tracking;          // 查询进度 and 服务评价: the lookup, the request shown, the answers
};

}  // namespace xiangke::kiosk
