#pragma once
// Voice notes between the reducer and the audio devices: runs the voice effects on the recorder's
// and player's own threads and sends their reports back as actions (the queue wakes the event
// loop, so the UI redraws only while something is recorded or played).
#include <memory>

#include "app/actions.h"
#include "audio/voice_player.h"
#include "audio/voice_recorder.h"
#include "app/action_queue.h"

namespace xiangke::kiosk {

class VoiceService {
public:
    explicit VoiceService(ActionQueue& queue, audio::RecorderOptions recorder_options = {});

    // True for the effects this service runs.
    static bool handles(const Effect& effect);
    void run(const Effect& effect);

private:
    void start_recording(uint64_t session);
    void play(uint64_t session, std::shared_ptr<const std::vector<uint8_t>> ogg_opus);

    ActionQueue& m_queue;
    audio::VoiceRecorder m_recorder;
    audio::VoicePlayer m_player;
};

}  // namespace xiangke::kiosk
