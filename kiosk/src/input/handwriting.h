#pragma once
// Handwriting recognition (手写识别) for the on-screen keyboard: zinnia with the tegaki Simplified
// Chinese model (the 6,763 GB2312 hanzi). The UI keeps the ink (the strokes drawn so far) in its
// state; after each stroke it sends a copy here and shows the candidates that come back.
//
// Top-1 is often wrong on rough finger strokes (人 comes out as 入 or 亻), so recognize() returns
// up to 10 candidates, best first, with bare radicals mapped to the character a writer means
// (囗→口, 亻→人, 氵→水 …) and components that are never words on their own (廾, 厶 …) placed
// after every real character.
//
// Threads: open() reads and maps a 26 MB model (about 21 ms): call it on a worker thread, never
// on the UI thread. recognize() takes a few milliseconds and may be called from any thread,
// also concurrently (calls are serialised inside); keep it off the UI thread too, on the same
// worker that opened the recogniser, and post the candidates back as an action.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::kiosk::input {

inline constexpr const char* kDefaultHandwritingModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";
inline constexpr int kDefaultHandwritingCandidates = 10;

// A point in pad coordinates: origin at the pad's top-left corner, y growing downwards, in any
// unit (pixels are fine) as long as the pad size uses the same one.
struct InkPoint {
    float x = 0.0f;
    float y = 0.0f;
};

// One stroke: the points from finger down to finger up, in order.
using InkStroke = std::vector<InkPoint>;

// Everything drawn on the pad for one character (笔迹).
struct Ink {
    float pad_width = 0.0f;
    float pad_height = 0.0f;
    std::vector<InkStroke> strokes;
};

struct HandwritingCandidate {
    std::string text;    // one character, UTF-8
    float score = 0.0f;  // zinnia's score, higher is better; compare only within one result
};

class HandwritingRecognizer {
public:
    // Opens the model. Errors: "model_missing" (the file does not exist: install
    // tegaki-zinnia-simplified-chinese), "model_invalid" (empty, truncated or not a zinnia model).
    static core::Result<std::unique_ptr<HandwritingRecognizer>> open(
        const std::filesystem::path& model_path = kDefaultHandwritingModel);

    ~HandwritingRecognizer();
    HandwritingRecognizer(const HandwritingRecognizer&) = delete;
    HandwritingRecognizer& operator=(const HandwritingRecognizer&) = delete;

    // Candidates for the ink, best first, at most `max_candidates` (1..50). Ink without strokes
    // gives no candidates (a cleared pad is not an error). Points outside the pad are clamped to
    // its edge. Errors: "invalid_ink" (pad size not positive, max_candidates out of range).
    core::Result<std::vector<HandwritingCandidate>> recognize(const Ink& ink,
                                                              int max_candidates = kDefaultHandwritingCandidates) const;

    // Characters the model knows (6,763 for zh_CN).
    std::size_t character_count() const;

private:
    struct Impl;
    explicit HandwritingRecognizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace xiangke::kiosk::input
