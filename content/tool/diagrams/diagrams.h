#pragma once
// Illustrations made for this project, drawn by code with cairo at pack build time. Each one
// lands in the pack as media/<name>; articles reference it as ![说明](../../media/<name>).
// Drawing is deterministic: the same cairo, FreeType and font give the same PNG bytes.
#include <string>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::content {

struct DiagramInfo {
    std::string name;     // file name in media/, e.g. "quake-house-structure.png"
    std::string caption;  // what it shows, in Chinese (a good alt text)
};

const std::vector<DiagramInfo>& diagram_catalogue();
bool is_diagram(const std::string& name);

// The PNG bytes of one diagram; labels use the kiosk font at `font_path`.
core::Result<std::string> render_diagram(const std::string& name, const std::string& font_path);

}  // namespace xiangke::content
