#pragma once
// Actions: everything that can happen to the kiosk UI — a tap, a tick of the clock, a result
// from a worker. Effects: work the reducer asks the outside world to do (search, speech, sync).
#include <memory>
#include <string>
#include <type_traits>
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
struct OpenSearchKeyboard {};  // a tap on the query field (or 打字)
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
// 查询进度 and 服务评价 (app/request_tracking.h).
struct Tracking { TrackingAction action; };
// Live notices from the backend, read from the store after a sync.
struct NoticesLoaded { std::vector<Notice> notices; };
// Registration wizard (我要求助).
struct VocabularyLoaded { std::shared_ptr<const core::Vocabulary> vocabulary; };
struct StartRegistration {};
struct ChooseCategory { core::Category category; };
struct ChooseCrop { std::string crop; };
struct ToggleSymptom { std::string symptom; };
struct ChoosePreferredTime { std::string time; };
struct FocusField { DraftField field; };
struct GiveConsent {};
struct WizardNext {};
struct WizardPrevious {};
struct EditPart { WizardStep step; };  // 修改 on the review
struct SubmitRegistration {};
struct PhoneChecked { std::string phone; PhoneCheckStatus status; int max_open_requests = 0; };
struct RequestSubmitted { SubmittedRequest request; };
struct SubmitFailed { std::string message; };
// On-screen keyboard.
struct CloseKeyboard {};  // 写好了: the field stays as typed, the keyboard goes
struct SetKeyboardMode { KeyboardMode mode; };
struct InkStrokeEnded { input::InkStroke stroke; float pad_size = 0.0f; };
struct ClearInk {};
struct HandwritingRecognized { uint64_t ink_revision = 0; std::vector<std::string> candidates; };
struct ChooseHandwritingCandidate { std::string text; };
struct PinyinKeyPressed { input::PinyinKey key; };
struct PinyinUpdated { input::PinyinKeyKind key = input::PinyinKeyKind::Letter; input::PinyinState state; };
struct KeyboardEngineFailed { KeyboardMode mode; };
// Voice note (语音留言) on the problem step; the recorder and player answer with their session.
struct VoiceRecord {};  // 录音, and 重录: the new recording replaces the old one once it is finished
struct VoiceStop {};    // 停止: ends the recording (kept) or the playback
struct VoicePlay {};
struct VoiceDelete {};
struct VoiceRecordingStarted { uint64_t session = 0; };
struct VoiceRecordingProgress { uint64_t session = 0; int64_t elapsed_ms = 0; float level = 0.0f; };
struct VoiceRecordingFinished { uint64_t session = 0; VoiceNoteDraft note; bool limit_reached = false; };
struct VoiceRecordingFailed { uint64_t session = 0; };
struct VoicePlaybackProgress { uint64_t session = 0; int64_t position_ms = 0; };
struct VoicePlaybackFinished { uint64_t session = 0; };
struct VoicePlaybackFailed { uint64_t session = 0; };
}  // namespace action

// Actions that belong to one part of the state, each reduced by that part's own reducer
// (app/wizard_reducer.h, app/keyboard_reducer.h, app/voice_note_reducer.h): reduce() hands each
// group over in one line. An action::X still converts to Action directly.
using WizardAction = std::variant<action::VocabularyLoaded, action::StartRegistration, action::ChooseCategory,
                                  action::ChooseCrop, action::ToggleSymptom, action::ChoosePreferredTime,
                                  action::FocusField, action::GiveConsent, action::WizardNext, action::WizardPrevious,
                                  action::EditPart, action::SubmitRegistration, action::PhoneChecked,
                                  action::RequestSubmitted, action::SubmitFailed>;
using KeyboardAction =
    std::variant<action::CloseKeyboard, action::SetKeyboardMode, action::InkStrokeEnded, action::ClearInk,
                 action::HandwritingRecognized, action::ChooseHandwritingCandidate, action::PinyinKeyPressed,
                 action::PinyinUpdated, action::KeyboardEngineFailed>;
using VoiceNoteAction =
    std::variant<action::VoiceRecord, action::VoiceStop, action::VoicePlay, action::VoiceDelete,
                 action::VoiceRecordingStarted, action::VoiceRecordingProgress, action::VoiceRecordingFinished,
                 action::VoiceRecordingFailed, action::VoicePlaybackProgress, action::VoicePlaybackFinished,
                 action::VoicePlaybackFailed>;

using Action = std::variant<action::Navigate, action::Back, action::GoHome, action::OpenTopic, action::OpenArticle,
                            action::ToggleLargeText, action::SetSearchQuery, action::OpenSearchKeyboard,
                            action::SearchFinished, action::ConnectivityChanged, action::SyncFinished,
                            action::LibraryLoaded, action::Tick, action::UserActivity, action::InputText,
                            action::InputBackspace, action::InputClear, action::SecretTap, action::PinDigit,
                            action::PinBackspace, action::PinSubmit, action::MaintenanceLoaded,
                            action::MaintenanceMessage, action::ExportLogs, action::SyncNow, action::ReadAloud,
                            action::StopReading, action::Tracking, action::NoticesLoaded, WizardAction,
                            KeyboardAction, VoiceNoteAction>;

namespace detail {
template <typename T>
struct IsVariant : std::false_type {};
template <typename... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type {};
}  // namespace detail

// True when `action` is a T, directly or inside one of the groups above.
template <typename T, typename Variant>
bool holds_action(const Variant& action) {
    return std::visit(
        [](const auto& held) {
            using Held = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<Held, T>) {
                return true;
            } else if constexpr (detail::IsVariant<Held>::value) {
                return holds_action<T>(held);
            } else {
                return false;
            }
        },
        action);
}

namespace effect {
struct RunSearch { std::string query; };
// Counts one view of an article for today's usage.report (store/outbox_store.h); nothing personal.
struct RecordArticleView { std::string article_id; };
struct Speak { std::string text; };
struct StopSpeech {};
struct LoadMaintenance {};
struct ExportLogs {};
struct SyncNow {};
// Writes the request and its outbox op in one transaction; answers RequestSubmitted or SubmitFailed.
struct SubmitRequest { RegistrationDraft draft; };
// POST /api/v1/sync/phone-check; answers PhoneChecked (Unavailable when offline).
struct CheckPhone { std::string phone; };
// Opens the handwriting and pinyin engines on the keyboard worker if they are not open yet.
struct PrepareKeyboard {};
struct RecognizeInk { input::Ink ink; uint64_t ink_revision = 0; };
struct ApplyPinyinKey { input::PinyinKey key; };
struct ResetPinyin {};  // drops a half-typed composition (leaving the wizard, idle timeout)
// Finds requests, records a cancel or a rating (app/request_tracking.h); answered with action::Tracking.
struct Tracking { TrackingEffect effect; };
// Voice notes, run by VoiceService on the recorder's and player's threads.
struct StartVoiceRecording { uint64_t session = 0; };
struct StopVoiceRecording {};    // keeps what was heard: VoiceRecordingFinished follows
struct CancelVoiceRecording {};  // throws it away: nothing follows
struct PlayVoiceNote { uint64_t session = 0; std::shared_ptr<const std::vector<uint8_t>> ogg_opus; };
struct StopVoicePlayback {};
}  // namespace effect

using Effect = std::variant<effect::RunSearch, effect::RecordArticleView, effect::Speak, effect::StopSpeech, effect::LoadMaintenance,
                            effect::ExportLogs, effect::SyncNow,
                            effect::StartVoiceRecording, effect::StopVoiceRecording, effect::CancelVoiceRecording,
                            effect::PlayVoiceNote, effect::StopVoicePlayback,
                            effect::SubmitRequest, effect::CheckPhone,
                            effect::PrepareKeyboard, effect::RecognizeInk, effect::ApplyPinyinKey, effect::ResetPinyin,
                            effect::Tracking>;

}  // namespace xiangke::kiosk
