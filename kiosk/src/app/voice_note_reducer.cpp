#include "app/voice_note_reducer.h"

#include <memory>

namespace xiangke::kiosk::voice_note {
namespace {

bool on_problem_step(const AppState& state) {
    return state.screen == Screen::Registration && state.registration.step == WizardStep::Problem;
}

bool recording(const VoiceNoteState& voice) {
    return voice.phase == VoicePhase::Starting || voice.phase == VoicePhase::Recording;
}

bool current(const AppState& state, uint64_t session) {
    return session == state.voice.session;
}

}  // namespace

void reduce(AppState& state, const action::VoiceRecord&, std::vector<Effect>& effects) {
    VoiceNoteState& voice = state.voice;
    if (!on_problem_step(state) || recording(voice) || voice.phase == VoicePhase::Stopping) {
        return;
    }
    if (voice.phase == VoicePhase::Playing) {
        effects.push_back(effect::StopVoicePlayback{});
    }
    // 重录 keeps the old note until the new one is finished: a failed or too short attempt
    // loses nothing.
    voice.session += 1;
    voice.phase = VoicePhase::Starting;
    voice.elapsed_ms = 0;
    voice.level = 0.0f;
    voice.notice = VoiceNotice::None;
    effects.push_back(effect::StartVoiceRecording{voice.session});
}

void reduce(AppState& state, const action::VoiceStop&, std::vector<Effect>& effects) {
    VoiceNoteState& voice = state.voice;
    if (recording(voice)) {
        voice.phase = VoicePhase::Stopping;
        voice.level = 0.0f;
        effects.push_back(effect::StopVoiceRecording{});
    } else if (voice.phase == VoicePhase::Playing) {
        voice.session += 1;
        voice.phase = VoicePhase::Idle;
        voice.elapsed_ms = 0;
        effects.push_back(effect::StopVoicePlayback{});
    }
}

void reduce(AppState& state, const action::VoicePlay&, std::vector<Effect>& effects) {
    VoiceNoteState& voice = state.voice;
    const auto& note = state.registration.draft.voice_note;
    if (!on_problem_step(state) || !note || voice.phase != VoicePhase::Idle) {
        return;
    }
    voice.session += 1;
    voice.phase = VoicePhase::Playing;
    voice.elapsed_ms = 0;
    voice.notice = VoiceNotice::None;
    effects.push_back(
        effect::PlayVoiceNote{voice.session, std::make_shared<const std::vector<uint8_t>>(note->ogg_opus)});
}

void reduce(AppState& state, const action::VoiceDelete&, std::vector<Effect>&) {
    if (state.voice.phase != VoicePhase::Idle) {
        return;
    }
    state.registration.draft.voice_note.reset();
    state.voice.notice = VoiceNotice::None;
    state.voice.elapsed_ms = 0;
}

void reduce(AppState& state, const action::VoiceRecordingStarted& a, std::vector<Effect>&) {
    if (current(state, a.session) && state.voice.phase == VoicePhase::Starting) {
        state.voice.phase = VoicePhase::Recording;
    }
}

void reduce(AppState& state, const action::VoiceRecordingProgress& a, std::vector<Effect>&) {
    if (!current(state, a.session) || !recording(state.voice)) {
        return;
    }
    state.voice.phase = VoicePhase::Recording;
    state.voice.elapsed_ms = a.elapsed_ms;
    state.voice.level = a.level;
}

void reduce(AppState& state, const action::VoiceRecordingFinished& a, std::vector<Effect>&) {
    VoiceNoteState& voice = state.voice;
    if (!current(state, a.session) || (!recording(voice) && voice.phase != VoicePhase::Stopping)) {
        return;
    }
    voice.phase = VoicePhase::Idle;
    voice.level = 0.0f;
    voice.elapsed_ms = a.note.duration_ms;
    if (a.note.duration_ms < kVoiceNoteMinMs || a.note.ogg_opus.empty()) {
        voice.notice = VoiceNotice::TooShort;
        return;
    }
    state.registration.draft.voice_note = a.note;
    voice.notice = a.limit_reached ? VoiceNotice::LimitReached : VoiceNotice::None;
}

void reduce(AppState& state, const action::VoiceRecordingFailed& a, std::vector<Effect>&) {
    if (!current(state, a.session) || state.voice.phase == VoicePhase::Idle) {
        return;
    }
    state.voice.phase = VoicePhase::Idle;
    state.voice.level = 0.0f;
    state.voice.notice = VoiceNotice::NoMicrophone;
}

void reduce(AppState& state, const action::VoicePlaybackProgress& a, std::vector<Effect>&) {
    if (current(state, a.session) && state.voice.phase == VoicePhase::Playing) {
        state.voice.elapsed_ms = a.position_ms;
    }
}

void reduce(AppState& state, const action::VoicePlaybackFinished& a, std::vector<Effect>&) {
    if (current(state, a.session) && state.voice.phase == VoicePhase::Playing) {
        state.voice.phase = VoicePhase::Idle;
        state.voice.elapsed_ms = 0;
    }
}

void reduce(AppState& state, const action::VoicePlaybackFailed& a, std::vector<Effect>&) {
    if (current(state, a.session) && state.voice.phase == VoicePhase::Playing) {
        state.voice.phase = VoicePhase::Idle;
        state.voice.elapsed_ms = 0;
        state.voice.notice = VoiceNotice::CannotPlay;
    }
}

void follow_screen(AppState& state, std::vector<Effect>& effects) {
    VoiceNoteState& voice = state.voice;
    if (voice.phase == VoicePhase::Idle || on_problem_step(state)) {
        return;
    }
    const bool in_wizard = state.screen == Screen::Registration;
    if (voice.phase == VoicePhase::Playing) {
        voice.session += 1;
        voice.phase = VoicePhase::Idle;
        voice.elapsed_ms = 0;
        effects.push_back(effect::StopVoicePlayback{});
    } else if (recording(voice) && in_wizard) {
        voice.phase = VoicePhase::Stopping;  // kept: the finished note lands in the draft
        voice.level = 0.0f;
        effects.push_back(effect::StopVoiceRecording{});
    } else if (!in_wizard) {
        uint64_t next_session = voice.session + 1;
        voice = VoiceNoteState{};  // the draft is gone; so is anything half-recorded
        voice.session = next_session;
        effects.push_back(effect::CancelVoiceRecording{});
    }
}

void reduce(AppState& state, const VoiceNoteAction& a, std::vector<Effect>& effects) {
    std::visit([&](const auto& one) { reduce(state, one, effects); }, a);
}

}  // namespace xiangke::kiosk::voice_note
