#include "shell/display.h"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <malloc.h>

#include <vector>

namespace xiangke::kiosk {

Display::~Display() {
    if (m_imgui_ready) {
        ImGui_ImplSDLRenderer_DestroyFontsTexture();
        ImGui::GetIO().Fonts = &m_bootstrap_atlas;  // the real atlas may already be gone
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_renderer != nullptr) {
        SDL_DestroyRenderer(m_renderer);
    }
    if (m_window != nullptr) {
        SDL_DestroyWindow(m_window);
    }
    SDL_Quit();
}

core::Result<bool> Display::open(const DisplayOptions& options) {
    m_headless = options.mode == DisplayMode::Headless;
    if (m_headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        if (SDL_getenv("SDL_AUDIODRIVER") == nullptr) {
            SDL_SetHint(SDL_HINT_AUDIODRIVER, "dummy");  // read-aloud still synthesises, plays nowhere
        }
    }
    // Touches must not also arrive as synthetic mouse events: TouchController handles both.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
        return core::Error{"no_display", std::string("cannot start the display: ") + SDL_GetError(), ""};
    }
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    int width = options.width;
    int height = options.height;
    if (options.mode == DisplayMode::Fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    } else if (options.mode == DisplayMode::Windowed) {
        flags |= SDL_WINDOW_RESIZABLE;
    }
    m_window = SDL_CreateWindow("乡村科技服务站", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height, flags);
    if (m_window == nullptr) {
        return core::Error{"no_display", std::string("cannot open a window: ") + SDL_GetError(), ""};
    }
    // Software rendering is what village hardware and CI have; it is also pixel-identical across
    // runs, which keeps golden screenshots stable.
    m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_SOFTWARE);
    if (m_renderer == nullptr) {
        return core::Error{"no_display", std::string("cannot create a renderer: ") + SDL_GetError(), ""};
    }
    SDL_GetRendererOutputSize(m_renderer, &m_width, &m_height);

    IMGUI_CHECKVERSION();
    // The context does not own its font atlas: atlases are built elsewhere and swapped in.
    ImGui::CreateContext(&m_bootstrap_atlas);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing about a visitor's session is written to disk
    io.LogFilename = nullptr;
    ImGui_ImplSDL2_InitForSDLRenderer(m_window);
    ImGui_ImplSDLRenderer_Init(m_renderer);
    m_imgui_ready = true;
    return true;
}

void Display::begin_frame() {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    SDL_GetRendererOutputSize(m_renderer, &m_width, &m_height);
    ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(m_width), static_cast<float>(m_height));
}

void Display::end_frame(Present present) {
    ImGui::Render();
    if (present == Present::No) {
        return;
    }
    SDL_SetRenderDrawColor(m_renderer, 247, 243, 234, 255);
    SDL_RenderClear(m_renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_RenderPresent(m_renderer);
}

void Display::use_font_atlas(ImFontAtlas* atlas) {
    ImGui_ImplSDLRenderer_DestroyFontsTexture();  // the old atlas' texture
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts = atlas;
    io.FontDefault = nullptr;
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    // The texture holds the glyphs now: drop the atlas' own 8-bit and 32-bit copies (tens of MB).
    atlas->ClearTexData();
    // The atlas was built on a worker thread, whose malloc arena keeps freed build buffers.
    malloc_trim(0);
}

core::Result<bool> Display::save_png(const std::string& path) const {
    std::vector<unsigned char> pixels(static_cast<size_t>(m_width) * static_cast<size_t>(m_height) * 4);
    if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), m_width * 4) != 0) {
        return core::Error{"screenshot_failed", std::string("cannot read pixels: ") + SDL_GetError(), ""};
    }
    if (stbi_write_png(path.c_str(), m_width, m_height, 4, pixels.data(), m_width * 4) == 0) {
        return core::Error{"screenshot_failed", "cannot write " + path, ""};
    }
    return true;
}

}  // namespace xiangke::kiosk
