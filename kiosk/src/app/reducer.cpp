#include "app/reducer.h"

#include <algorithm>

#include "app/keyboard_reducer.h"
#include "app/search_reducer.h"
#include "app/voice_note_reducer.h"
#include "app/wizard_reducer.h"

namespace xiangke::kiosk {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

void go_to(AppState& state, Screen screen) {
    if (state.screen != screen) {
        state.history.push_back(state.screen);
    }
    state.screen = screen;
}

// Back to the idle home screen, forgetting everything a visitor did or typed.
void reset_to_home(AppState& state) {
    state.screen = Screen::Home;
    state.history.clear();
    state.topic_id.clear();
    state.article_id.clear();
    state.search = SearchState{};
    state.large_text = false;
    state.coming_soon_title.clear();
    state.tracking = TrackingState{};  // a phone number typed to find a request goes with it
    MaintenanceInfo info = std::move(state.maintainer.info);
    state.maintainer = MaintainerState{};
    state.maintainer.info = std::move(info);
}

constexpr int64_t kSecretTapWindowMs = 4'000;
constexpr size_t kSecretTapsNeeded = 5;
constexpr int kMaxPinAttempts = 3;
constexpr size_t kMaxPinLength = 8;
constexpr const char* kWrongPinMessage = "密码不对，请重试";  // Str::WrongPin

}  // namespace

const char* screen_name(Screen screen) {
    static constexpr const char* kNames[] = {"home",         "topics",      "article_list",   "article",
                                             "search",       "coming_soon", "maintainer_pin", "maintainer",
                                             "registration", "status",      "rating"};
    return kNames[static_cast<int>(screen)];
}

std::vector<Effect> reduce(AppState& state, const Action& action) {
    std::vector<Effect> effects;
    std::visit(
        Overloaded{
            [&](const action::Navigate& a) {
                state.coming_soon_title = a.title;
                if (a.screen == Screen::Status || a.screen == Screen::Rating) {
                    state.tracking = TrackingState{};
                }
                go_to(state, a.screen);
            },
            [&](const action::Back&) {
                if (state.screen == Screen::Registration) {
                    if (wizard::step_back(state, effects)) {
                        return;
                    }
                    wizard::wipe(state, effects);
                }
                if (state.screen == Screen::Search) {
                    search::leave(state, effects);
                }
                if (state.history.empty()) {
                    reset_to_home(state);
                    return;
                }
                state.screen = state.history.back();
                state.history.pop_back();
                effects.push_back(effect::StopSpeech{});
            },
            [&](const action::GoHome&) {
                wizard::wipe(state, effects);
                reset_to_home(state);
                effects.push_back(effect::StopSpeech{});
            },
            [&](const action::OpenTopic& a) {
                state.topic_id = a.topic_id;
                go_to(state, Screen::ArticleList);
            },
            [&](const action::OpenArticle& a) {
                search::close_keyboard(state);  // back from the article, the results get the room
                state.article_id = a.article_id;
                go_to(state, Screen::Article);
                effects.push_back(effect::RecordArticleView{a.article_id});
            },
            [&](const action::ToggleLargeText&) { state.large_text = !state.large_text; },
            [&](const action::SetSearchQuery& a) { search::set_query(state, a.query, effects); },
            [&](const action::OpenSearchKeyboard&) { search::open_keyboard(state, effects); },
            [&](const action::SearchFinished& a) {
                if (a.query != state.search.query) {
                    return;  // an answer to a query the visitor has already changed
                }
                state.search.hits = a.hits;
                state.search.searching = false;
            },
            [&](const action::ConnectivityChanged& a) { state.connectivity = a.connectivity; },
            [&](const action::SyncFinished& a) {
                state.last_sync_ms = a.at_ms;
                for (auto& effect : reduce_tracking(state.tracking, tracking::Refresh{})) {
                    effects.push_back(effect::Tracking{std::move(effect)});  // newer statuses on screen
                }
            },
            [&](const action::LibraryLoaded& a) {
                state.library = a.library;
                if (state.library && !state.article_id.empty() && !state.library->find_article(state.article_id)) {
                    reset_to_home(state);  // the article on screen was removed by the update
                }
            },
            [&](const action::Tick& a) {
                state.now_ms = a.now_ms;
                bool idle = a.now_ms - state.last_interaction_ms >= state.idle_timeout_ms;
                if (idle && state.screen != Screen::Home) {
                    wizard::wipe(state, effects);
                    reset_to_home(state);
                    effects.push_back(effect::StopSpeech{});
                }
                if (state.screen == Screen::Home && state.attract_enabled && state.attract_interval_ms > 0) {
                    state.attract_index = static_cast<size_t>(a.now_ms / state.attract_interval_ms);
                }
            },
            [&](const action::UserActivity& a) {
                state.now_ms = a.now_ms;
                state.last_interaction_ms = a.now_ms;
            },
            [&](const action::InputText& a) { keyboard::type_text(state, a.text, effects); },
            [&](const action::InputBackspace&) { keyboard::type_backspace(state, effects); },
            [&](const action::InputClear&) { keyboard::type_clear(state, effects); },
            [&](const action::SecretTap& a) {
                auto& taps = state.maintainer.secret_taps;
                taps.push_back(a.now_ms);
                taps.erase(std::remove_if(taps.begin(), taps.end(),
                                          [&](int64_t t) { return a.now_ms - t > kSecretTapWindowMs; }),
                           taps.end());
                if (taps.size() >= kSecretTapsNeeded && state.screen != Screen::Maintainer) {
                    taps.clear();
                    state.maintainer.pin_entry.clear();
                    state.maintainer.message.clear();
                    go_to(state, Screen::MaintainerPin);
                }
            },
            [&](const action::PinDigit& a) {
                if (state.screen == Screen::MaintainerPin && state.maintainer.pin_entry.size() < kMaxPinLength &&
                    a.digit >= '0' && a.digit <= '9') {
                    state.maintainer.pin_entry.push_back(a.digit);
                }
            },
            [&](const action::PinBackspace&) {
                if (!state.maintainer.pin_entry.empty()) {
                    state.maintainer.pin_entry.pop_back();
                }
            },
            [&](const action::PinSubmit&) {
                if (state.screen != Screen::MaintainerPin) {
                    return;
                }
                bool correct = !state.maintainer_pin.empty() && state.maintainer.pin_entry == state.maintainer_pin;
                state.maintainer.pin_entry.clear();
                if (correct) {
                    state.maintainer.wrong_attempts = 0;
                    state.maintainer.message.clear();
                    state.screen = Screen::Maintainer;  // replaces the PIN screen: 返回 skips it
                    effects.push_back(effect::LoadMaintenance{});
                } else if (++state.maintainer.wrong_attempts >= kMaxPinAttempts) {
                    reset_to_home(state);
                } else {
                    state.maintainer.message = kWrongPinMessage;
                }
            },
            [&](const action::MaintenanceLoaded& a) { state.maintainer.info = a.info; },
            [&](const action::MaintenanceMessage& a) { state.maintainer.message = a.text; },
            [&](const action::ExportLogs&) {
                if (state.screen == Screen::Maintainer) {
                    effects.push_back(effect::ExportLogs{});
                }
            },
            [&](const action::SyncNow&) {
                if (state.screen == Screen::Maintainer) {
                    effects.push_back(effect::SyncNow{});
                }
            },
            [&](const action::ReadAloud& a) { effects.push_back(effect::Speak{a.text}); },
            [&](const action::StopReading&) { effects.push_back(effect::StopSpeech{}); },
            [&](const VoiceNoteAction& a) { voice_note::reduce(state, a, effects); },
            [&](const WizardAction& a) { wizard::reduce(state, a, effects); },
            [&](const KeyboardAction& a) { keyboard::reduce(state, a, effects); },
            [&](const action::Tracking& a) {
                for (auto& effect : reduce_tracking(state.tracking, a.action)) {
                    effects.push_back(effect::Tracking{std::move(effect)});
                }
            },
            [&](const action::NoticesLoaded& a) { state.notices = a.notices; },
        },
        action);
    voice_note::follow_screen(state, effects);
    return effects;
}

bool wants_attract_frames(const AppState& state) {
    return state.screen == Screen::Home && state.attract_enabled && state.library && !state.library->articles().empty();
}

}  // namespace xiangke::kiosk
