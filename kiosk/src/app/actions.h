#pragma once
// Actions: everything that can happen to the kiosk UI — a tap, a tick of the clock, a result
// from a worker. Effects: work the reducer asks the outside world to do (search, speech, sync).
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "app/app_state.h"

namespace xiangke::kiosk {

namespace action {
struct Navigate { Screen screen; std::string title; };  // title for ComingSoon
struct Back {};
struct GoHome {};
struct OpenTopic { std::string topic_id; };
struct OpenArticle { std::string article_id; };
struct ToggleLargeText {};
struct SetSearchQuery { std::string query; };
struct SearchFinished { std::string query; std::vector<SearchHit> hits; };
struct ConnectivityChanged { Connectivity connectivity; };
struct SyncFinished { int64_t at_ms; };
struct LibraryLoaded { std::shared_ptr<const ContentLibrary> library; };
struct Tick { int64_t now_ms; };
struct UserActivity { int64_t now_ms; };
struct InputText { std::string text; };  // committed by a keyboard into the focused field
struct InputBackspace {};
struct InputClear {};
struct SecretTap { int64_t now_ms; };
struct PinDigit { char digit; };
struct PinBackspace {};
struct PinSubmit {};
struct MaintenanceLoaded { MaintenanceInfo info; };
struct MaintenanceMessage { std::string text; };
struct ExportLogs {};
struct SyncNow {};
struct ReadAloud { std::string text; };
struct StopReading {};
}  // namespace action

using Action = std::variant<action::Navigate, action::Back, action::GoHome, action::OpenTopic, action::OpenArticle,
                            action::ToggleLargeText, action::SetSearchQuery, action::SearchFinished,
                            action::ConnectivityChanged, action::SyncFinished, action::LibraryLoaded, action::Tick,
                            action::UserActivity, action::InputText, action::InputBackspace, action::InputClear,
                            action::SecretTap, action::PinDigit, action::PinBackspace, action::PinSubmit,
                            action::MaintenanceLoaded, action::MaintenanceMessage, action::ExportLogs, action::SyncNow,
                            action::ReadAloud, action::StopReading>;

namespace effect {
struct RunSearch { std::string query; };
struct Speak { std::string text; };
struct StopSpeech {};
struct LoadMaintenance {};
struct ExportLogs {};
struct SyncNow {};
}  // namespace effect

using Effect = std::variant<effect::RunSearch, effect::Speak, effect::StopSpeech, effect::LoadMaintenance,
                            effect::ExportLogs, effect::SyncNow>;

}  // namespace xiangke::kiosk
