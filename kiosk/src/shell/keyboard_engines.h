#pragma once
// The on-screen keyboard's engines (handwriting and pinyin) on a worker thread of their own, so a
// slow first open (rime deploys its data, zinnia maps its model) never delays the UI or the
// content worker. Engines open lazily on the first keyboard effect; answers return as actions.
#include <filesystem>
#include <memory>

#include "app/actions.h"
#include "input/handwriting.h"
#include "input/pinyin.h"
#include "app/action_queue.h"
#include "shell/worker.h"

namespace xiangke::kiosk {

class KeyboardEngines {
public:
    // `pinyin_user_dir`: where rime keeps its compiled data (input::default_pinyin_user_dir).
    KeyboardEngines(ActionQueue& queue, std::filesystem::path pinyin_user_dir,
                    std::filesystem::path handwriting_model = input::kDefaultHandwritingModel);
    ~KeyboardEngines();

    // PrepareKeyboard, RecognizeInk, ApplyPinyinKey, ResetPinyin.
    static bool handles(const Effect& effect);
    void run(const Effect& effect);

    bool idle() const { return m_worker.idle(); }
    void wait_idle() const { m_worker.wait_idle(); }

private:
    // Worker thread only.
    input::HandwritingRecognizer* recognizer();
    input::PinyinEngine* pinyin();

    ActionQueue& m_queue;
    std::filesystem::path m_pinyin_user_dir;
    std::filesystem::path m_handwriting_model;
    std::unique_ptr<input::HandwritingRecognizer> m_recognizer;
    std::unique_ptr<input::PinyinEngine> m_pinyin;
    bool m_recognizer_failed = false;
    bool m_pinyin_failed = false;
    Worker m_worker;  // last: joined first, while the engines still exist
};

}  // namespace xiangke::kiosk
