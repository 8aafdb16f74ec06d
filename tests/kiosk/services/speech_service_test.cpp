#include "services/speech_service.h"

#include <gtest/gtest.h>

using xiangke::kiosk::SpeechService;

namespace {
struct AudioDummy {
    AudioDummy() { SDL_setenv("SDL_AUDIODRIVER", "dummy", 1); }
};
}  // namespace

TEST(SpeechService, SynthesisesMandarinIntoTheAudioQueue) {
    AudioDummy dummy;
    SpeechService speech;
    speech.speak("稻瘟病要早发现、早防治。");
    speech.wait_synthesized();
    ASSERT_TRUE(speech.available()) << "espeak-ng with the cmn voice and an SDL audio device are needed";
    // Over a second of 22 kHz speech for a dozen characters.
    EXPECT_GT(speech.samples_synthesized(), 22050u);
}

TEST(SpeechService, StopAbortsALongText) {
    AudioDummy dummy;
    SpeechService speech;
    std::string sentence = "农药要按标签用量使用，不要加大剂量。";
    speech.speak(sentence);
    speech.wait_synthesized();
    uint64_t one = speech.samples_synthesized();
    std::string long_text;
    for (int i = 0; i < 40; ++i) {
        long_text += sentence;
    }
    speech.speak(long_text);
    speech.stop();
    speech.wait_synthesized();
    uint64_t after = speech.samples_synthesized() - one;
    EXPECT_LT(after, one * 40 / 2);  // far less than the whole text was produced
}
