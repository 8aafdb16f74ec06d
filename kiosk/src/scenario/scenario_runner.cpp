#include "scenario/scenario_runner.h"

namespace xiangke::kiosk {
namespace {

constexpr int64_t kFrameMs = 16;

const ui::DrawnItem* find_item(const AppRunner& app, const std::string& text, bool exact) {
    const ui::DrawnItem* fallback = nullptr;
    for (const auto& item : app.recorder().items()) {
        bool matches = exact ? item.text == text : item.text.find(text) != std::string::npos;
        if (!matches) {
            continue;
        }
        if (item.touch_target) {
            return &item;
        }
        if (fallback == nullptr) {
            fallback = &item;
        }
    }
    return fallback;
}

void tap_at(AppRunner& app, Point p) {
    app.inject({PointerEvent::Kind::Down, p.x, p.y, app.now_ms()});
    app.frame();
    app.advance_clock(kFrameMs * 4);
    app.inject({PointerEvent::Kind::Up, p.x, p.y, app.now_ms()});
    app.settle();
}

void drag_through(AppRunner& app, const std::vector<Point>& points, int steps_per_segment) {
    app.inject({PointerEvent::Kind::Down, points[0].x, points[0].y, app.now_ms()});
    app.frame();
    for (size_t i = 1; i < points.size(); ++i) {
        for (int s = 1; s <= steps_per_segment; ++s) {
            float f = static_cast<float>(s) / static_cast<float>(steps_per_segment);
            float x = points[i - 1].x + (points[i].x - points[i - 1].x) * f;
            float y = points[i - 1].y + (points[i].y - points[i - 1].y) * f;
            app.advance_clock(kFrameMs);
            app.inject({PointerEvent::Kind::Move, x, y, app.now_ms()});
            app.frame();
        }
    }
    app.advance_clock(kFrameMs);
    app.inject({PointerEvent::Kind::Up, points.back().x, points.back().y, app.now_ms()});
    app.settle();
}

std::string visible_summary(const AppRunner& app) {
    std::string out;
    for (const auto& item : app.recorder().items()) {
        if (out.size() > 300) {
            out += " …";
            break;
        }
        out += (out.empty() ? "" : " | ") + item.text.substr(0, 60);
    }
    return out;
}

}  // namespace

core::Result<bool> run_scenario(AppRunner& app, const std::vector<Step>& steps, const ScenarioOptions& options) {
    app.settle();
    for (const auto& step : steps) {
        auto fail = [&](const std::string& why) {
            return core::Error{"scenario_failed",
                               options.script_name + ":" + std::to_string(step.line) + ": " + step.source + ": " + why,
                               ""};
        };
        switch (step.kind) {
            case Step::Kind::TapText: {
                const ui::DrawnItem* item = find_item(app, step.text, false);
                if (item == nullptr) {
                    return fail("nothing visible contains this text (visible: " + visible_summary(app) + ")");
                }
                tap_at(app, {(item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f});
                break;
            }
            case Step::Kind::TapPoint:
                tap_at(app, step.points[0]);
                break;
            case Step::Kind::Drag:
                drag_through(app, step.points, 12);
                break;
            case Step::Kind::Stroke:
                drag_through(app, step.points, 4);
                break;
            case Step::Kind::Type:
                app.dispatch(action::InputText{step.text});
                app.settle();
                break;
            case Step::Kind::Keys: {
                // Each character is a tap on the on-screen keyboard key with that label.
                for (char c : step.text) {
                    std::string key(1, c);
                    const ui::DrawnItem* item = find_item(app, key, true);
                    if (item == nullptr || !item->touch_target) {
                        return fail("no on-screen key '" + key + "' is visible (is the keyboard open?)");
                    }
                    tap_at(app, {(item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f});
                }
                break;
            }
            case Step::Kind::Wait:
                app.advance_clock(step.duration_ms);
                app.settle();
                break;
            case Step::Kind::Sync:
                app.sync_now();
                break;
            case Step::Kind::Expect:
                if (find_item(app, step.text, false) == nullptr) {
                    return fail("no visible text contains it (visible: " + visible_summary(app) + ")");
                }
                break;
            case Step::Kind::ExpectNot:
                if (find_item(app, step.text, false) != nullptr) {
                    return fail("a visible text contains it");
                }
                break;
            case Step::Kind::Screenshot:
                if (!options.screenshots_dir.empty()) {
                    std::filesystem::create_directories(options.screenshots_dir);
                    auto saved = app.display().save_png((options.screenshots_dir / (step.text + ".png")).string());
                    if (!saved.ok()) {
                        return fail(saved.error().message);
                    }
                }
                break;
        }
    }
    return true;
}

}  // namespace xiangke::kiosk
