#pragma once
// The voice note panel's state (语音留言, on the wizard's problem step). The note itself lives in
// the registration draft (RegistrationDraft::voice_note); this is what the panel shows while a
// note is being recorded or played.
#include <cstdint>

namespace xiangke::kiosk {

// Starting: the microphone is being opened. Stopping: the last audio is being encoded.
enum class VoicePhase { Idle, Starting, Recording, Stopping, Playing };

// What the panel tells the farmer after a recording or playback (each has a catalogue string).
enum class VoiceNotice { None, TooShort, NoMicrophone, LimitReached, CannotPlay };

struct VoiceNoteState {
    VoicePhase phase = VoicePhase::Idle;
    // The recording or playback under way. Reports from older ones (the farmer already started
    // another, or left) carry an older session and are ignored.
    uint64_t session = 0;
    int64_t elapsed_ms = 0;  // recording: length so far; playing: position
    float level = 0.0f;      // 0..1, the level meter while recording
    VoiceNotice notice = VoiceNotice::None;
};

// Shorter recordings are taken for a slip of the finger and not kept.
inline constexpr int64_t kVoiceNoteMinMs = 800;

}  // namespace xiangke::kiosk
