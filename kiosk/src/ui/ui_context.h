#pragma once
// What a screen needs while it draws: the theme, a place to emit actions, and the recorder that
// remembers every text and touch target drawn this frame (scenario steps `tap "文字"` and
// `expect "文字"`, and the 15 mm touch-target test, read it).
#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "app/actions.h"
#include "ui/theme.h"

namespace xiangke::kiosk::ui {

struct DrawnItem {
    std::string text;
    ImVec2 min;
    ImVec2 max;
    bool touch_target = false;
};

class FrameRecorder {
public:
    void clear() { m_items.clear(); }
    // Records an item if any part of it is visible (inside the current clip rectangle).
    void record(std::string text, ImVec2 min, ImVec2 max, bool touch_target);
    const std::vector<DrawnItem>& items() const { return m_items; }

private:
    std::vector<DrawnItem> m_items;
};

struct LoadedImage {
    void* texture = nullptr;  // ImTextureID of the SDL renderer backend (an SDL_Texture*)
    float width = 0;
    float height = 0;
};

// Images by file path; nullptr until loaded (the loop is woken when one is ready).
class ImageSource {
public:
    virtual ~ImageSource() = default;
    virtual const LoadedImage* image(const std::string& path) = 0;
};

// A drawing surface (the handwriting pad): a touch that starts inside it draws a stroke instead
// of tapping or scrolling (shell/touch_input.h).
struct InkSurface {
    ImVec2 min;
    ImVec2 max;
};

struct UiContext {
    const Theme& theme;
    FrameRecorder& recorder;
    std::vector<Action>& actions;
    bool large_text = false;
    ImageSource* images = nullptr;
    bool fonts_complete = true;  // false for the moments after start-up while the full atlas is built
    std::optional<InkSurface> ink_surface;             // set by the handwriting pad when it is drawn
    const std::vector<ImVec2>* live_stroke = nullptr;  // the stroke a finger is drawing now (window pixels)

    void emit(Action action) { actions.push_back(std::move(action)); }
    ImFont* text_font() const { return large_text ? theme.large : theme.body; }
    ImFont* heading_font() const { return large_text ? theme.huge : theme.large; }
};

}  // namespace xiangke::kiosk::ui
