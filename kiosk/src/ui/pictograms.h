#pragma once
// Pictograms (图标): flat, colourful pictures of the request categories and of the crops and
// animals, for visitors who read little. They are vector drawings on ImGui's draw list (no image
// files to ship or load), keyed by the `icon` names of content/vocab/categories.json and crops.json.
#include <imgui.h>

#include <string_view>
#include <vector>

namespace xiangke::kiosk::ui {

// Draws the pictogram called `name` filling the square [min, min + size], on a light rounded
// plate so it reads on any tile colour. Returns false and draws nothing for an unknown name: the
// caller then shows its label alone.
bool draw_pictogram(ImDrawList* draw, std::string_view name, ImVec2 min, float size);

bool has_pictogram(std::string_view name);

// Every name draw_pictogram knows, in table order.
std::vector<std::string_view> pictogram_names();

}  // namespace xiangke::kiosk::ui
