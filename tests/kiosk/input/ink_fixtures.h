#pragma once
// Hand-made ink for a few characters, drawn on a 300x300 pad the way a finger draws them: strokes
// in the standard order and direction, sampled about every 6 px as a touch screen reports them at
// 60 Hz, with a small deterministic wobble and uneven stroke ends so the shapes are not ruler
// straight. Shared by the tests and bench/kiosk/input_bench.cpp.
#include <algorithm>
#include <cmath>
#include <ostream>
#include <string>
#include <vector>

#include "input/handwriting.h"

namespace xiangke::test::ink {

using kiosk::input::Ink;
using kiosk::input::InkPoint;
using kiosk::input::InkStroke;

inline constexpr float kPad = 300.0f;

// A stroke through `corners` (a polyline, e.g. 横折 has three), sampled every `step` px. `seed`
// varies the wobble between strokes.
inline InkStroke stroke(std::vector<InkPoint> corners, int seed, float step = 6.0f) {
    InkStroke points;
    float travelled = 0.0f;
    for (size_t i = 0; i + 1 < corners.size(); ++i) {
        InkPoint a = corners[i];
        InkPoint b = corners[i + 1];
        float length = std::hypot(b.x - a.x, b.y - a.y);
        int samples = std::max(1, static_cast<int>(length / step));
        for (int s = (i == 0 ? 0 : 1); s <= samples; ++s) {
            float t = static_cast<float>(s) / static_cast<float>(samples);
            float along = travelled + t * length;
            // Perpendicular wobble of up to 2 px: a hand, not a ruler.
            float wobble = 2.0f * std::sin(along * 0.07f + static_cast<float>(seed) * 1.7f);
            float nx = length > 0 ? -(b.y - a.y) / length : 0.0f;
            float ny = length > 0 ? (b.x - a.x) / length : 0.0f;
            points.push_back({a.x + t * (b.x - a.x) + wobble * nx, a.y + t * (b.y - a.y) + wobble * ny});
        }
        travelled += length;
    }
    return points;
}

inline Ink on_pad(std::vector<InkStroke> strokes) {
    return Ink{kPad, kPad, std::move(strokes)};
}

// 口: 丨, 𠃍 (across the top, down the right), 一 closing the bottom.
inline Ink kou() {
    return on_pad({
        stroke({{82, 88}, {86, 160}, {88, 222}}, 1),
        stroke({{84, 86}, {160, 82}, {218, 84}, {214, 150}, {212, 218}}, 2),
        stroke({{90, 218}, {150, 216}, {210, 214}}, 3),
    });
}

// 十: 一 then 丨.
inline Ink shi() {
    return on_pad({
        stroke({{48, 148}, {150, 144}, {252, 140}}, 1),
        stroke({{148, 40}, {150, 150}, {152, 268}}, 2),
    });
}

// 人: 丿 from the top sweeping down-left, 乀 from its middle down-right.
inline Ink ren() {
    return on_pad({
        stroke({{150, 48}, {142, 130}, {112, 200}, {62, 258}}, 1),
        stroke({{144, 128}, {182, 190}, {250, 258}}, 2),
    });
}

// 大: 一, 丿 crossing it, 乀.
inline Ink da() {
    return on_pad({
        stroke({{52, 112}, {150, 108}, {248, 104}}, 1),
        stroke({{150, 40}, {146, 110}, {118, 190}, {56, 262}}, 2),
        stroke({{152, 140}, {196, 200}, {256, 262}}, 3),
    });
}

// 田: 丨, 𠃍, 一 (middle), 丨 (middle), 一 (bottom).
inline Ink tian() {
    return on_pad({
        stroke({{66, 62}, {68, 150}, {70, 238}}, 1),
        stroke({{68, 60}, {150, 58}, {234, 60}, {233, 150}, {232, 236}}, 2),
        stroke({{72, 148}, {150, 147}, {230, 146}}, 3),
        stroke({{150, 62}, {151, 150}, {151, 234}}, 4),
        stroke({{72, 236}, {150, 235}, {230, 234}}, 5),
    });
}

// 木: 一, 丨, 丿, 乀.
inline Ink mu() {
    return on_pad({
        stroke({{50, 104}, {150, 100}, {250, 96}}, 1),
        stroke({{150, 36}, {151, 150}, {152, 272}}, 2),
        stroke({{148, 106}, {110, 170}, {52, 222}}, 3),
        stroke({{154, 108}, {196, 168}, {254, 218}}, 4),
    });
}

struct Fixture {
    const char* name;
    std::string expected;
    Ink ink;
};

// Test names and failure messages show the character, not the bytes of the struct.
inline void PrintTo(const Fixture& fixture, std::ostream* os) {
    *os << fixture.name << " (" << fixture.expected << ")";
}

inline std::vector<Fixture> all() {
    return {
        {"kou", "口", kou()}, {"shi", "十", shi()},   {"ren", "人", ren()},
        {"da", "大", da()},   {"tian", "田", tian()}, {"mu", "木", mu()},
    };
}

}  // namespace xiangke::test::ink
