#include "input/handwriting.h"

#include <zinnia.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string_view>
#include <system_error>

namespace xiangke::kiosk::input {
namespace {

// Zinnia takes integer coordinates. The ink is mapped onto a square grid this fine so that
// rounding loses nothing a finger can draw, whatever unit the pad uses.
constexpr int kGrid = 1000;
constexpr int kMaxCandidates = 50;
// Radicals are mapped or moved down after classification, so a few more results are asked for
// than are returned; classification scores all 6,763 classes anyway, so this costs nothing.
constexpr int kExtraForReordering = 8;

// Bare radicals the model often prefers for a rough stroke, and the character a villager writing
// free text means by them. 囗→口 is the common one (issue 5).
struct RadicalMapping {
    std::string_view radical;
    std::string_view character;
};
constexpr RadicalMapping kRadicalToCharacter[] = {
    {"囗", "口"}, {"亻", "人"}, {"氵", "水"}, {"扌", "手"}, {"忄", "心"}, {"讠", "言"}, {"钅", "金"}, {"饣", "食"},
    {"纟", "丝"}, {"艹", "草"}, {"刂", "刀"}, {"犭", "犬"}, {"礻", "示"}, {"衤", "衣"}, {"灬", "火"}, {"牜", "牛"},
};

// Components that are never written as a word on their own: placed after every real character, so
// they show only when the model has fewer real candidates than were asked for.
constexpr std::string_view kBareComponents[] = {
    "丶", "丿", "乚", "亅", "亠", "冖", "冫", "凵", "勹", "匚", "卩", "厶", "廴",
    "廾", "彳", "宀", "彡", "夂", "辶", "阝", "疒", "癶", "罒", "虍", "攵", "彐",
};

std::string_view mapped_text(std::string_view text) {
    for (const auto& mapping : kRadicalToCharacter) {
        if (mapping.radical == text) {
            return mapping.character;
        }
    }
    return text;
}

bool is_bare_component(std::string_view text) {
    return std::find(std::begin(kBareComponents), std::end(kBareComponents), text) != std::end(kBareComponents);
}

}  // namespace

struct HandwritingRecognizer::Impl {
    std::unique_ptr<zinnia::Recognizer> recognizer;
    // zinnia's classify() is const and appears reentrant, but the library does not promise it:
    // serialise, at no real cost (one pad, a few milliseconds per call).
    mutable std::mutex mutex;
};

HandwritingRecognizer::HandwritingRecognizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HandwritingRecognizer::~HandwritingRecognizer() = default;

core::Result<std::unique_ptr<HandwritingRecognizer>> HandwritingRecognizer::open(
    const std::filesystem::path& model_path) {
    // Checked here rather than left to zinnia, whose message for an empty file is "no such file".
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model_path, ec)) {
        return core::Error{
            "model_missing",
            "handwriting model not found: " + model_path.string() + " (install tegaki-zinnia-simplified-chinese)", ""};
    }
    auto size = std::filesystem::file_size(model_path, ec);
    if (ec || size == 0) {
        return core::Error{"model_invalid", "handwriting model is empty or unreadable: " + model_path.string(), ""};
    }
    auto impl = std::make_unique<Impl>();
    impl->recognizer.reset(zinnia::Recognizer::create());
    if (!impl->recognizer) {
        return core::Error{"model_invalid", "zinnia could not create a recogniser", ""};
    }
    // zinnia checks the magic number against the file size, so a truncated copy fails here.
    if (!impl->recognizer->open(model_path.c_str())) {
        return core::Error{"model_invalid",
                           "not a usable zinnia model: " + model_path.string() + " (" + impl->recognizer->what() + ")",
                           ""};
    }
    if (impl->recognizer->size() == 0) {
        return core::Error{"model_invalid", "handwriting model has no characters: " + model_path.string(), ""};
    }
    return std::unique_ptr<HandwritingRecognizer>(new HandwritingRecognizer(std::move(impl)));
}

std::size_t HandwritingRecognizer::character_count() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->recognizer->size();
}

core::Result<std::vector<HandwritingCandidate>> HandwritingRecognizer::recognize(const Ink& ink,
                                                                                 int max_candidates) const {
    if (!(ink.pad_width > 0.0f) || !(ink.pad_height > 0.0f) || !std::isfinite(ink.pad_width) ||
        !std::isfinite(ink.pad_height)) {
        return core::field_error("pad_size", "the pad size must be positive", "invalid_ink");
    }
    if (max_candidates < 1 || max_candidates > kMaxCandidates) {
        return core::field_error("max_candidates", "between 1 and 50 candidates can be asked for", "invalid_ink");
    }

    // zinnia's features depend on where the strokes lie in the box and how much of it they fill,
    // as in the square boxes the tegaki model was trained on. So the square at the centre of the
    // pad is what maps onto the grid, with one scale for both axes: a character written in the
    // middle of a wide pad is recognised as on a square one, and nothing is stretched. Strokes
    // reaching past that square map outside the grid, which zinnia accepts.
    float side = std::min(ink.pad_width, ink.pad_height);
    float scale = static_cast<float>(kGrid) / side;
    float offset_x = (side - ink.pad_width) * 0.5f * scale;
    float offset_y = (side - ink.pad_height) * 0.5f * scale;

    std::unique_ptr<zinnia::Character> character(zinnia::Character::create());
    character->set_width(kGrid);
    character->set_height(kGrid);
    std::size_t stroke_id = 0;
    for (const auto& stroke : ink.strokes) {
        bool added = false;
        int last_x = -1;
        int last_y = -1;
        for (const auto& point : stroke) {
            if (!std::isfinite(point.x) || !std::isfinite(point.y)) {
                continue;
            }
            float x = std::clamp(point.x, 0.0f, ink.pad_width) * scale + offset_x;
            float y = std::clamp(point.y, 0.0f, ink.pad_height) * scale + offset_y;
            int ix = static_cast<int>(std::lround(x));
            int iy = static_cast<int>(std::lround(y));
            // A finger resting still reports the same point many times; repeats add nothing.
            if (added && ix == last_x && iy == last_y) {
                continue;
            }
            character->add(stroke_id, ix, iy);
            added = true;
            last_x = ix;
            last_y = iy;
        }
        if (added) {
            ++stroke_id;  // zinnia needs consecutive stroke ids: skip strokes that had no usable point
        }
    }
    std::vector<HandwritingCandidate> candidates;
    if (stroke_id == 0) {
        return candidates;
    }

    std::unique_ptr<zinnia::Result> result;
    {
        std::lock_guard lock(m_impl->mutex);
        result.reset(
            m_impl->recognizer->classify(*character, static_cast<std::size_t>(max_candidates + kExtraForReordering)));
    }
    if (!result) {
        return candidates;
    }

    std::vector<HandwritingCandidate> components;
    for (std::size_t i = 0; i < result->size(); ++i) {
        std::string_view text = mapped_text(result->value(i));
        auto same = [&](const HandwritingCandidate& c) { return c.text == text; };
        if (std::any_of(candidates.begin(), candidates.end(), same) ||
            std::any_of(components.begin(), components.end(), same)) {
            continue;  // a mapped radical already stands for this character, with a better score
        }
        auto& target = is_bare_component(text) ? components : candidates;
        target.push_back(HandwritingCandidate{std::string(text), result->score(i)});
    }
    candidates.insert(candidates.end(), components.begin(), components.end());
    if (candidates.size() > static_cast<std::size_t>(max_candidates)) {
        candidates.resize(static_cast<std::size_t>(max_candidates));
    }
    return candidates;
}

}  // namespace xiangke::kiosk::input
