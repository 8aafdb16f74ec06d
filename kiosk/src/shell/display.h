#pragma once
// The window, the SDL renderer and ImGui's platform/renderer backends. Headless runs use SDL's
// dummy video driver with the software renderer: the same UI code, pixels readable for tests.
#include <SDL.h>
#include <imgui.h>

#include <string>

#include "xiangke/core/result.h"

namespace xiangke::kiosk {

enum class DisplayMode { Fullscreen, Windowed, Headless };

struct DisplayOptions {
    DisplayMode mode = DisplayMode::Fullscreen;
    int width = 1280;
    int height = 800;
};

class Display {
public:
    Display() = default;
    ~Display();
    Display(const Display&) = delete;
    Display& operator=(const Display&) = delete;

    core::Result<bool> open(const DisplayOptions& options);
    SDL_Window* window() const { return m_window; }
    SDL_Renderer* renderer() const { return m_renderer; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    bool headless() const { return m_headless; }

    void begin_frame();  // backends' NewFrame (call ImGui::NewFrame after input is applied)
    // Ends ImGui's frame; with Present::Yes also rasterises it and shows it.
    enum class Present { Yes, No };
    void end_frame(Present present = Present::Yes);
    // Makes `atlas` the context's font atlas and uploads its texture (UI thread, between frames).
    // The caller owns the atlas and keeps it alive while it is in use.
    void use_font_atlas(ImFontAtlas* atlas);
    // The last rendered frame as a PNG file.
    core::Result<bool> save_png(const std::string& path) const;

private:
    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    bool m_headless = false;
    bool m_imgui_ready = false;
    ImFontAtlas m_bootstrap_atlas;  // until the first real atlas; never owned by the context
    int m_width = 0;
    int m_height = 0;
};

}  // namespace xiangke::kiosk
