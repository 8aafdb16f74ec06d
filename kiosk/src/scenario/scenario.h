#pragma once
// UI scenarios (CONTRACT.md, docs/kiosk-scenarios.md): one step per line, parsed into steps the
// runner plays against the real app.
#include <cstdint>
#include <string>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::kiosk {

struct Point {
    float x = 0;
    float y = 0;
};

struct Step {
    enum class Kind { TapText, TapPoint, Drag, Type, Keys, Stroke, Wait, Sync, Expect, ExpectNot, Screenshot } kind;
    int line = 0;
    std::string text;           // TapText, Type, Keys, Expect, ExpectNot, Screenshot
    std::vector<Point> points;  // TapPoint (1), Drag (2), Stroke (2+)
    int64_t duration_ms = 0;    // Wait
    std::string source;         // the line as written, for error messages
};

// Parses a whole scenario; the error names the line ("LINE: reason").
core::Result<std::vector<Step>> parse_scenario(const std::string& text);

}  // namespace xiangke::kiosk
