#pragma once
// The on-screen keyboard's state (屏幕键盘): which tab is shown, the ink on the handwriting pad and
// its candidates, the last pinyin snapshot. The engines run on a worker (input/); their answers
// come back as actions carrying plain values, and the keyboard draws only from this state.
#include <cstdint>
#include <string>
#include <vector>

#include "input/handwriting.h"
#include "input/pinyin.h"

namespace xiangke::kiosk {

enum class KeyboardMode { Handwriting, Pinyin, Digits };

// Where typed text goes (keyboard_reducer.h decides it, in one place): a field of the wizard's
// draft, the article search's query, or the digits of 查询进度 / 服务评价's lookup.
enum class TextTarget { None, DraftField, SearchQuery, LookupDigits };

// An engine that could not open (model or rime data missing): the keyboard says so on its tab.
enum class EngineStatus { NotOpened, Ready, Unavailable };

struct KeyboardState {
    KeyboardMode mode = KeyboardMode::Handwriting;

    input::Ink ink;                                   // the character being written
    uint64_t ink_revision = 0;                        // grows with every stroke and clear
    std::vector<std::string> handwriting_candidates;  // for ink_revision, best first
    EngineStatus handwriting = EngineStatus::NotOpened;

    input::PinyinState pinyin;  // the last snapshot from the engine
    EngineStatus pinyin_engine = EngineStatus::NotOpened;
};

}  // namespace xiangke::kiosk
