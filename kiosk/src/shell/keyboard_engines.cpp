#include "shell/keyboard_engines.h"

#include "services/kiosk_log.h"

namespace xiangke::kiosk {
KeyboardEngines::KeyboardEngines(ActionQueue& queue, std::filesystem::path pinyin_user_dir,
                                 std::filesystem::path handwriting_model)
    : m_queue(queue), m_pinyin_user_dir(std::move(pinyin_user_dir)), m_handwriting_model(std::move(handwriting_model)) {}

KeyboardEngines::~KeyboardEngines() { m_worker.wait_idle(); }

bool KeyboardEngines::handles(const Effect& effect) {
    return std::holds_alternative<effect::PrepareKeyboard>(effect) ||
           std::holds_alternative<effect::RecognizeInk>(effect) ||
           std::holds_alternative<effect::ApplyPinyinKey>(effect) || std::holds_alternative<effect::ResetPinyin>(effect);
}

input::HandwritingRecognizer* KeyboardEngines::recognizer() {
    if (!m_recognizer && !m_recognizer_failed) {
        auto opened = input::HandwritingRecognizer::open(m_handwriting_model);
        if (opened.ok()) {
            m_recognizer = std::move(opened).value();
        } else {
            m_recognizer_failed = true;
            kiosk_log::write("handwriting_unavailable", opened.error().code + " " + opened.error().message);
            m_queue.push(action::KeyboardEngineFailed{KeyboardMode::Handwriting});
        }
    }
    return m_recognizer.get();
}

input::PinyinEngine* KeyboardEngines::pinyin() {
    if (!m_pinyin && !m_pinyin_failed) {
        input::PinyinConfig config;
        config.user_data_dir = m_pinyin_user_dir;
        auto opened = input::PinyinEngine::open(config);
        if (opened.ok()) {
            m_pinyin = std::move(opened).value();
        } else {
            m_pinyin_failed = true;
            kiosk_log::write("pinyin_unavailable", opened.error().code + " " + opened.error().message);
            m_queue.push(action::KeyboardEngineFailed{KeyboardMode::Pinyin});
        }
    }
    return m_pinyin.get();
}

void KeyboardEngines::run(const Effect& effect) {
    if (std::holds_alternative<effect::PrepareKeyboard>(effect)) {
        m_worker.post([this] {
            if (recognizer() != nullptr) {
                m_queue.push(action::HandwritingRecognized{0, {}});  // ready; answers no ink
            }
            if (input::PinyinEngine* engine = pinyin()) {
                m_queue.push(action::PinyinUpdated{input::PinyinKeyKind::Clear, engine->state()});
            }
        });
    } else if (const auto* recognize = std::get_if<effect::RecognizeInk>(&effect)) {
        effect::RecognizeInk request = *recognize;
        m_worker.post([this, request] {
            input::HandwritingRecognizer* engine = recognizer();
            if (engine == nullptr) {
                return;
            }
            auto candidates = engine->recognize(request.ink);
            std::vector<std::string> texts;
            if (candidates.ok()) {
                for (const auto& candidate : *candidates) {
                    texts.push_back(candidate.text);
                }
            }
            m_queue.push(action::HandwritingRecognized{request.ink_revision, std::move(texts)});
        });
    } else if (const auto* key = std::get_if<effect::ApplyPinyinKey>(&effect)) {
        input::PinyinKey pressed = key->key;
        m_worker.post([this, pressed] {
            input::PinyinEngine* engine = pinyin();
            if (engine == nullptr) {
                return;
            }
            auto state = engine->apply(pressed);
            if (state.ok()) {
                m_queue.push(action::PinyinUpdated{pressed.kind, std::move(state).value()});
            }
        });
    } else if (std::holds_alternative<effect::ResetPinyin>(effect)) {
        m_worker.post([this] {
            if (m_pinyin) {
                m_queue.push(action::PinyinUpdated{input::PinyinKeyKind::Clear, m_pinyin->reset()});
            }
        });
    }
}

}  // namespace xiangke::kiosk
