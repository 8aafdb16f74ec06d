#include "services/voice_service.h"

#include <string>

#include "services/kiosk_log.h"

namespace xiangke::kiosk {
namespace {

const char* end_name(audio::RecordingEnd end) {
    switch (end) {
        case audio::RecordingEnd::Stopped:
            return "stopped";
        case audio::RecordingEnd::LimitReached:
            return "limit";
        case audio::RecordingEnd::DeviceLost:
            return "device_lost";
    }
    return "";
}

}  // namespace

VoiceService::VoiceService(ActionQueue& queue, audio::RecorderOptions recorder_options)
    : m_queue(queue), m_recorder(recorder_options) {}

bool VoiceService::handles(const Effect& effect) {
    return std::holds_alternative<effect::StartVoiceRecording>(effect) ||
           std::holds_alternative<effect::StopVoiceRecording>(effect) ||
           std::holds_alternative<effect::CancelVoiceRecording>(effect) ||
           std::holds_alternative<effect::PlayVoiceNote>(effect) ||
           std::holds_alternative<effect::StopVoicePlayback>(effect);
}

void VoiceService::run(const Effect& effect) {
    if (const auto* start = std::get_if<effect::StartVoiceRecording>(&effect)) {
        m_player.stop();
        start_recording(start->session);
    } else if (std::holds_alternative<effect::StopVoiceRecording>(effect)) {
        m_recorder.stop();
    } else if (std::holds_alternative<effect::CancelVoiceRecording>(effect)) {
        m_recorder.cancel();
    } else if (const auto* playback = std::get_if<effect::PlayVoiceNote>(&effect)) {
        play(playback->session, playback->ogg_opus);
    } else if (std::holds_alternative<effect::StopVoicePlayback>(effect)) {
        m_player.stop();
    }
}

void VoiceService::start_recording(uint64_t session) {
    audio::RecorderEvents events;
    events.started = [this, session] { m_queue.push(action::VoiceRecordingStarted{session}); };
    events.progress = [this, session](int64_t elapsed_ms, float level) {
        m_queue.push(action::VoiceRecordingProgress{session, elapsed_ms, level});
    };
    events.finished = [this, session](audio::Recording recording) {
        kiosk_log::write("voice_note_recorded", "ms=" + std::to_string(recording.duration_ms) +
                                                    " bytes=" + std::to_string(recording.ogg_opus.size()) +
                                                    " end=" + end_name(recording.end));
        action::VoiceRecordingFinished finished;
        finished.session = session;
        finished.note.ogg_opus = std::move(recording.ogg_opus);
        finished.note.duration_ms = recording.duration_ms;
        finished.limit_reached = recording.end == audio::RecordingEnd::LimitReached;
        m_queue.push(std::move(finished));
    };
    events.failed = [this, session](const std::string& reason) {
        kiosk_log::write("voice_note_failed", reason);
        m_queue.push(action::VoiceRecordingFailed{session});
    };
    m_recorder.start(std::move(events));
}

void VoiceService::play(uint64_t session, std::shared_ptr<const std::vector<uint8_t>> ogg_opus) {
    m_recorder.cancel();
    audio::PlayerEvents events;
    events.progress = [this, session](int64_t position_ms, int64_t) {
        m_queue.push(action::VoicePlaybackProgress{session, position_ms});
    };
    events.finished = [this, session] { m_queue.push(action::VoicePlaybackFinished{session}); };
    events.failed = [this, session](const std::string& reason) {
        kiosk_log::write("voice_note_playback_failed", reason);
        m_queue.push(action::VoicePlaybackFailed{session});
    };
    m_player.play(std::move(ogg_opus), std::move(events));
}

}  // namespace xiangke::kiosk
