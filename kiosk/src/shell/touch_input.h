#pragma once
// Touch and mouse input, translated by the app itself: ImGui 1.86's SDL backend ignores finger
// events and polls the OS pointer, so every pointer event (finger, mouse, scenario) goes through
// this controller, which feeds ImGui once per frame and turns drags into kinetic scrolling.
#include <imgui.h>
#include <imgui_internal.h>  // ImRect

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

struct ImGuiWindow;

namespace xiangke::kiosk {

struct PointerEvent {
    enum class Kind { Down, Move, Up } kind;
    float x = 0;
    float y = 0;
    int64_t time_ms = 0;
};

class TouchController {
public:
    // `tap_slop_px`: movement beyond this turns a touch into a drag (no tap).
    explicit TouchController(float tap_slop_px) : m_tap_slop(tap_slop_px) {}
    void set_tap_slop(float px) { m_tap_slop = px; }

    void push(const PointerEvent& event) { m_pending.push_back(event); }
    // Between the platform backend's NewFrame and ImGui::NewFrame: consumes at most one state
    // change per frame (so a quick tap is seen as press, then release) and writes io.MousePos
    // and io.MouseDown[0]. Applies drag and inertia scrolling to the window under the finger.
    void apply(ImGuiIO& io, int64_t now_ms);
    // True while something still moves (inertia) or input waits: the loop must keep drawing.
    bool needs_frames() const;

    // A drawing surface for the next touches (the handwriting pad, as drawn in the last frame):
    // a touch that starts inside it draws a stroke, never taps or scrolls. nullopt: none shown.
    void set_ink_surface(std::optional<ImRect> surface) { m_ink_surface = surface; }
    // The stroke being drawn, in window pixels (empty when none).
    const std::vector<ImVec2>& live_stroke() const { return m_stroke; }
    // A stroke the finger has just finished, in pixels relative to the surface's top-left corner,
    // with the surface's width; returned once.
    struct FinishedStroke {
        std::vector<ImVec2> points;
        float surface_width = 0;
    };
    std::optional<FinishedStroke> take_finished_stroke();

private:
    enum class Phase { Idle, Pressed, Dragging, Inking };
    void begin_drag_target();
    void scroll_by(float dy);

    float m_tap_slop;
    std::deque<PointerEvent> m_pending;
    Phase m_phase = Phase::Idle;
    ImVec2 m_press_pos{0, 0};
    ImVec2 m_last_pos{0, 0};
    int64_t m_last_time = 0;
    float m_velocity = 0;  // px per ms, positive = content moves down
    int64_t m_inertia_time = 0;
    ImGuiWindow* m_target = nullptr;
    std::optional<ImRect> m_ink_surface;
    ImRect m_stroke_surface;
    std::vector<ImVec2> m_stroke;
    std::optional<FinishedStroke> m_finished;
};

}  // namespace xiangke::kiosk
