#include "shell/touch_input.h"

#include <imgui_internal.h>

#include <cfloat>
#include <cmath>

namespace xiangke::kiosk {
namespace {
constexpr float kFriction = 0.004f;        // velocity decays by e^(-kFriction·ms)
constexpr float kStopVelocity = 0.02f;     // px/ms
constexpr float kMaxVelocity = 6.0f;       // px/ms
const ImVec2 kNowhere(-FLT_MAX, -FLT_MAX);
}  // namespace

void TouchController::begin_drag_target() {
    // The innermost window under the finger that can scroll.
    ImGuiContext& g = *GImGui;
    ImGuiWindow* window = g.HoveredWindow;
    while (window != nullptr && window->ScrollMax.y <= 0.0f) {
        window = window->ParentWindow;
    }
    m_target = window;
}

void TouchController::scroll_by(float dy) {
    if (m_target == nullptr) {
        return;
    }
    float y = m_target->Scroll.y - dy;
    y = std::fmax(0.0f, std::fmin(y, m_target->ScrollMax.y));
    ImGui::SetScrollY(m_target, y);
}

void TouchController::apply(ImGuiIO& io, int64_t now_ms) {
    // Inertia after a drag ended.
    if (m_phase == Phase::Idle && std::fabs(m_velocity) > kStopVelocity) {
        auto dt = static_cast<float>(std::max<int64_t>(1, now_ms - m_inertia_time));
        scroll_by(m_velocity * dt);
        m_velocity *= std::exp(-kFriction * dt);
        m_inertia_time = now_ms;
        if (std::fabs(m_velocity) <= kStopVelocity || m_target == nullptr) {
            m_velocity = 0;
        }
    }

    bool changed_press_state = false;
    while (!m_pending.empty() && !changed_press_state) {
        PointerEvent e = m_pending.front();
        m_pending.pop_front();
        ImVec2 pos(e.x, e.y);
        switch (e.kind) {
            case PointerEvent::Kind::Down:
                if (m_ink_surface && m_ink_surface->Contains(pos)) {
                    m_phase = Phase::Inking;
                    m_stroke_surface = *m_ink_surface;
                    m_stroke.assign(1, pos);
                    m_velocity = 0;
                    changed_press_state = true;
                    break;
                }
                m_phase = Phase::Pressed;
                m_press_pos = m_last_pos = pos;
                m_last_time = e.time_ms;
                m_velocity = 0;  // a touch stops a fling
                m_target = nullptr;
                changed_press_state = true;
                break;
            case PointerEvent::Kind::Move: {
                if (m_phase == Phase::Idle) {
                    m_last_pos = pos;
                    break;
                }
                if (m_phase == Phase::Inking) {
                    m_stroke.push_back(pos);
                    break;
                }
                float dx = pos.x - m_press_pos.x;
                float dy_total = pos.y - m_press_pos.y;
                if (m_phase == Phase::Pressed && std::sqrt(dx * dx + dy_total * dy_total) > m_tap_slop) {
                    m_phase = Phase::Dragging;  // from now on this touch scrolls and never taps
                    // ImGui has seen the press position by now, so it knows the window under it.
                    begin_drag_target();
                }
                if (m_phase == Phase::Dragging) {
                    float dy = pos.y - m_last_pos.y;
                    scroll_by(dy);
                    auto dt = static_cast<float>(std::max<int64_t>(1, e.time_ms - m_last_time));
                    float instant = dy / dt;
                    m_velocity = 0.6f * instant + 0.4f * m_velocity;
                    m_velocity = std::fmax(-kMaxVelocity, std::fmin(kMaxVelocity, m_velocity));
                }
                m_last_pos = pos;
                m_last_time = e.time_ms;
                break;
            }
            case PointerEvent::Kind::Up:
                if (m_phase == Phase::Inking) {
                    m_stroke.push_back(pos);
                    FinishedStroke finished{{}, m_stroke_surface.GetWidth()};
                    for (const ImVec2& p : m_stroke) {
                        finished.points.emplace_back(p.x - m_stroke_surface.Min.x, p.y - m_stroke_surface.Min.y);
                    }
                    m_finished = std::move(finished);
                    m_stroke.clear();
                }
                if (m_phase == Phase::Dragging) {
                    m_inertia_time = e.time_ms;
                    if (e.time_ms - m_last_time > 100) {
                        m_velocity = 0;  // the finger rested before lifting: no fling
                    }
                }
                m_last_pos = pos;
                m_phase = Phase::Idle;
                changed_press_state = true;
                break;
        }
    }

    switch (m_phase) {
        case Phase::Pressed:
            io.MousePos = m_press_pos;
            io.MouseDown[0] = true;
            break;
        case Phase::Inking:  // the pad has the finger: nothing else sees it
        case Phase::Dragging:
            // Moving the pointer away cancels the press on whatever button the drag began on.
            io.MousePos = kNowhere;
            io.MouseDown[0] = false;
            break;
        case Phase::Idle:
            io.MousePos = m_last_pos;
            io.MouseDown[0] = false;
            break;
    }
}

std::optional<TouchController::FinishedStroke> TouchController::take_finished_stroke() {
    std::optional<FinishedStroke> out = std::move(m_finished);
    m_finished.reset();
    return out;
}

bool TouchController::needs_frames() const {
    return !m_pending.empty() || std::fabs(m_velocity) > kStopVelocity;
}

}  // namespace xiangke::kiosk
