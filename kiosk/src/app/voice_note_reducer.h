#pragma once
// The reducer's part for voice notes: record, stop, play, re-record, delete, and the reports the
// recorder and player send back. Pure like reduce() that calls it.
#include <vector>

#include "app/actions.h"
#include "app/app_state.h"

namespace xiangke::kiosk::voice_note {

// Every VoiceNoteAction, each to its overload below.
void reduce(AppState& state, const VoiceNoteAction& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoiceRecord& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoiceStop& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoicePlay& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoiceDelete& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoiceRecordingStarted& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoiceRecordingProgress& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoiceRecordingFinished& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoiceRecordingFailed& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoicePlaybackProgress& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoicePlaybackFinished& a, std::vector<Effect>& effects);
void reduce(AppState& state, const action::VoicePlaybackFailed& a, std::vector<Effect>& effects);

// Called after every action: the microphone and the speaker stay on only while the farmer is on
// the problem step. Leaving it forwards or backwards keeps what was recorded so far; leaving the
// wizard (home, idle timeout) throws a recording in progress away with the rest of the draft.
void follow_screen(AppState& state, std::vector<Effect>& effects);

}  // namespace xiangke::kiosk::voice_note
