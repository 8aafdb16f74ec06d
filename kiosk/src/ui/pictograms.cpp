#include "ui/pictograms.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace xiangke::kiosk::ui {

namespace {

constexpr float kPi = 3.14159265f;

// The pictures' own colours: they depict things, so they do not follow the theme.
constexpr ImU32 kPlate = IM_COL32(255, 250, 235, 255);
constexpr ImU32 kInk = IM_COL32(33, 33, 33, 255);
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kOutline = IM_COL32(150, 150, 150, 255);
constexpr ImU32 kLeaf = IM_COL32(67, 160, 71, 255);
constexpr ImU32 kLeafDark = IM_COL32(46, 125, 50, 255);
constexpr ImU32 kLeafLight = IM_COL32(124, 179, 66, 255);
constexpr ImU32 kLeafPale = IM_COL32(197, 225, 165, 255);
constexpr ImU32 kStalk = IM_COL32(85, 139, 47, 255);
constexpr ImU32 kSoil = IM_COL32(141, 110, 99, 255);
constexpr ImU32 kBrown = IM_COL32(121, 85, 72, 255);
constexpr ImU32 kBrownDark = IM_COL32(78, 52, 46, 255);
constexpr ImU32 kGold = IM_COL32(249, 168, 37, 255);
constexpr ImU32 kGoldDark = IM_COL32(214, 137, 16, 255);
constexpr ImU32 kYellow = IM_COL32(253, 216, 53, 255);
constexpr ImU32 kOrange = IM_COL32(251, 140, 0, 255);
constexpr ImU32 kOrangeDark = IM_COL32(230, 81, 0, 255);
constexpr ImU32 kRed = IM_COL32(229, 57, 53, 255);
constexpr ImU32 kRedDark = IM_COL32(183, 28, 28, 255);
constexpr ImU32 kPink = IM_COL32(244, 143, 177, 255);
constexpr ImU32 kPinkDark = IM_COL32(236, 64, 122, 255);
constexpr ImU32 kPurple = IM_COL32(106, 27, 154, 255);
constexpr ImU32 kBlue = IM_COL32(30, 136, 229, 255);
constexpr ImU32 kBlueDark = IM_COL32(21, 101, 192, 255);
constexpr ImU32 kBlueLight = IM_COL32(144, 202, 249, 255);
constexpr ImU32 kWater = IM_COL32(79, 195, 247, 255);
constexpr ImU32 kGrey = IM_COL32(189, 189, 189, 255);
constexpr ImU32 kSlate = IM_COL32(84, 110, 122, 255);

// A cubic Bézier in the unit square.
struct Cubic {
    ImVec2 p0, p1, p2, p3;

    ImVec2 at(float t) const {
        float u = 1.0f - t;
        float a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        return ImVec2(a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y);
    }
    float angle(float t) const {
        ImVec2 a = at(std::max(0.0f, t - 0.01f));
        ImVec2 b = at(std::min(1.0f, t + 0.01f));
        return std::atan2(b.y - a.y, b.x - a.x);
    }
};

// Draws in unit coordinates: (0, 0) is the square's top left, (1, 1) its bottom right.
class Pen {
public:
    Pen(ImDrawList* draw, ImVec2 origin, float size) : m_draw(draw), m_origin(origin), m_size(size) {}

    ImVec2 at(float x, float y) const { return ImVec2(m_origin.x + x * m_size, m_origin.y + y * m_size); }
    ImVec2 at(ImVec2 p) const { return at(p.x, p.y); }
    float len(float v) const { return v * m_size; }
    // A smaller pen for a picture inside this one, its top left at (x, y).
    Pen sub(float x, float y, float scale) const { return Pen(m_draw, at(x, y), m_size * scale); }

    void circle(float x, float y, float r, ImU32 c) const { m_draw->AddCircleFilled(at(x, y), len(r), c); }
    void ring(float x, float y, float r, ImU32 c, float w) const { m_draw->AddCircle(at(x, y), len(r), c, 0, len(w)); }
    void ellipse(float x, float y, float rx, float ry, float angle, ImU32 c) const {
        auto points = ellipse_points(x, y, rx, ry, angle);
        m_draw->AddConvexPolyFilled(points.data(), static_cast<int>(points.size()), c);
    }
    void ellipse_outline(float x, float y, float rx, float ry, float angle, ImU32 c, float w) const {
        auto points = ellipse_points(x, y, rx, ry, angle);
        m_draw->AddPolyline(points.data(), static_cast<int>(points.size()), c, ImDrawFlags_Closed, len(w));
    }
    void rect(float x0, float y0, float x1, float y1, ImU32 c, float rounding = 0.0f) const {
        m_draw->AddRectFilled(at(x0, y0), at(x1, y1), c, len(rounding));
    }
    void triangle(float x0, float y0, float x1, float y1, float x2, float y2, ImU32 c) const {
        m_draw->AddTriangleFilled(at(x0, y0), at(x1, y1), at(x2, y2), c);
    }
    void quad(float x0, float y0, float x1, float y1, float x2, float y2, float x3, float y3, ImU32 c) const {
        m_draw->AddQuadFilled(at(x0, y0), at(x1, y1), at(x2, y2), at(x3, y3), c);
    }
    void line(float x0, float y0, float x1, float y1, ImU32 c, float w) const {
        m_draw->AddLine(at(x0, y0), at(x1, y1), c, len(w));
    }
    void curve(const Cubic& k, ImU32 c, float w) const {
        m_draw->AddBezierCubic(at(k.p0), at(k.p1), at(k.p2), at(k.p3), c, len(w), 24);
    }
    void arc(float x, float y, float r, float a0, float a1, ImU32 c, float w) const {
        m_draw->PathArcTo(at(x, y), len(r), a0, a1, 24);
        m_draw->PathStroke(c, 0, len(w));
    }
    // A filled circular sector; convex while a1 - a0 <= pi.
    void pie(float x, float y, float r, float a0, float a1, ImU32 c) const {
        m_draw->PathLineTo(at(x, y));
        m_draw->PathArcTo(at(x, y), len(r), a0, a1, 32);
        m_draw->PathFillConvex(c);
    }
    // A lens-shaped leaf from (x0, y0) to its tip (x1, y1), `width` across at the middle.
    void leaf(float x0, float y0, float x1, float y1, float width, ImU32 c) const {
        constexpr int kSteps = 10;
        float dx = x1 - x0, dy = y1 - y0;
        float length = std::sqrt(dx * dx + dy * dy);
        float nx = -dy / length, ny = dx / length;
        std::array<ImVec2, 2 * kSteps> points;
        for (int i = 0; i < kSteps; ++i) {
            float t = static_cast<float>(i) / kSteps;
            float bulge = std::sin(t * kPi) * width * 0.5f;
            points[i] = at(x0 + dx * t + nx * bulge, y0 + dy * t + ny * bulge);
            float s = 1.0f - t;
            float back = std::sin(s * kPi) * width * 0.5f;
            points[kSteps + i] = at(x0 + dx * s - nx * back, y0 + dy * s - ny * back);
        }
        m_draw->AddConvexPolyFilled(points.data(), static_cast<int>(points.size()), c);
    }
    // A circle of radius r drawn out to a point: drops, strawberries, peaches.
    void teardrop(float x, float y, float r, float tip_x, float tip_y, ImU32 c) const {
        float dx = tip_x - x, dy = tip_y - y;
        float d = std::sqrt(dx * dx + dy * dy);
        float towards = std::atan2(dy, dx);
        float spread = std::acos(std::min(1.0f, r / d));
        m_draw->PathLineTo(at(tip_x, tip_y));
        m_draw->PathArcTo(at(x, y), len(r), towards + spread, towards + 2 * kPi - spread, 32);
        m_draw->PathFillConvex(c);
    }
    // Circles along a curve, radius from r0 to r1: a chili, a cucumber, a pod, a shrimp.
    void beads(const Cubic& k, int count, float r0, float r1, ImU32 c) const {
        for (int i = 0; i < count; ++i) {
            float t = static_cast<float>(i) / static_cast<float>(count - 1);
            ImVec2 p = k.at(t);
            circle(p.x, p.y, r0 + (r1 - r0) * t, c);
        }
    }

private:
    std::array<ImVec2, 32> ellipse_points(float x, float y, float rx, float ry, float angle) const {
        std::array<ImVec2, 32> points;
        float ca = std::cos(angle), sa = std::sin(angle);
        for (size_t i = 0; i < points.size(); ++i) {
            float a = static_cast<float>(i) * 2.0f * kPi / static_cast<float>(points.size());
            float px = std::cos(a) * rx, py = std::sin(a) * ry;
            points[i] = at(x + px * ca - py * sa, y + px * sa + py * ca);
        }
        return points;
    }

    ImDrawList* m_draw;
    ImVec2 m_origin;
    float m_size;
};

// ---- categories -------------------------------------------------------------------------

void sprout(const Pen& p) {
    p.ellipse(0.5f, 0.85f, 0.38f, 0.1f, 0, kSoil);
    p.line(0.5f, 0.84f, 0.5f, 0.4f, kStalk, 0.05f);
    p.leaf(0.5f, 0.6f, 0.14f, 0.4f, 0.16f, kLeaf);
    p.leaf(0.5f, 0.44f, 0.88f, 0.2f, 0.2f, kLeafLight);
}

void pig(const Pen& p);
void chicken(const Pen& p);

void livestock(const Pen& p) {
    chicken(p.sub(0.4f, 0.02f, 0.58f));
    pig(p.sub(0.0f, 0.3f, 0.68f));
}

void bug(const Pen& p) {
    p.leaf(0.06f, 0.94f, 0.94f, 0.1f, 0.34f, kLeafLight);
    p.line(0.1f, 0.9f, 0.9f, 0.14f, kLeafDark, 0.015f);
    for (float side : {-1.0f, 1.0f}) {
        for (int i = 0; i < 3; ++i) {
            float y = 0.48f + static_cast<float>(i) * 0.12f;
            float kx = 0.5f + side * 0.26f, fx = 0.5f + side * 0.34f;
            p.line(0.5f, y, kx, y - 0.04f, kInk, 0.03f);
            p.line(kx, y - 0.04f, fx, y + 0.06f, kInk, 0.03f);
        }
    }
    p.line(0.47f, 0.3f, 0.36f, 0.12f, kInk, 0.025f);
    p.line(0.53f, 0.3f, 0.64f, 0.12f, kInk, 0.025f);
    p.ellipse(0.5f, 0.6f, 0.17f, 0.23f, 0, kBrownDark);
    p.ellipse(0.44f, 0.54f, 0.05f, 0.1f, 0, kBrown);
    p.line(0.5f, 0.42f, 0.5f, 0.82f, kInk, 0.02f);
    p.circle(0.5f, 0.34f, 0.08f, kInk);
}

void tractor(const Pen& p) {
    p.rect(0.72f, 0.2f, 0.77f, 0.44f, kSlate);
    p.rect(0.4f, 0.42f, 0.9f, 0.68f, kRed, 0.03f);
    p.rect(0.16f, 0.18f, 0.5f, 0.62f, kRed, 0.02f);
    p.rect(0.12f, 0.12f, 0.54f, 0.19f, kRedDark, 0.02f);
    p.rect(0.23f, 0.24f, 0.44f, 0.44f, IM_COL32(179, 229, 252, 255));
    p.circle(0.32f, 0.7f, 0.24f, IM_COL32(38, 50, 56, 255));
    p.circle(0.32f, 0.7f, 0.11f, kYellow);
    p.circle(0.78f, 0.8f, 0.14f, IM_COL32(38, 50, 56, 255));
    p.circle(0.78f, 0.8f, 0.06f, kYellow);
}

void factory(const Pen& p) {
    p.circle(0.76f, 0.1f, 0.05f, kGrey);
    p.circle(0.88f, 0.08f, 0.06f, kGrey);
    p.rect(0.72f, 0.14f, 0.83f, 0.5f, IM_COL32(191, 54, 12, 255));
    for (int i = 0; i < 3; ++i) {
        float x = 0.08f + static_cast<float>(i) * 0.28f;
        p.triangle(x, 0.49f, x, 0.3f, x + 0.28f, 0.49f, kSlate);
    }
    p.rect(0.08f, 0.48f, 0.92f, 0.92f, IM_COL32(120, 144, 156, 255));
    for (int i = 0; i < 3; ++i) {
        float x = 0.15f + static_cast<float>(i) * 0.27f;
        p.rect(x, 0.57f, x + 0.16f, 0.7f, IM_COL32(255, 213, 79, 255));
    }
    p.rect(0.42f, 0.76f, 0.58f, 0.92f, kSlate);
}

void house(const Pen& p) {
    p.teardrop(0.14f, 0.2f, 0.045f, 0.14f, 0.08f, kBlue);
    p.teardrop(0.86f, 0.2f, 0.045f, 0.86f, 0.08f, kBlue);
    p.teardrop(0.26f, 0.1f, 0.035f, 0.26f, 0.02f, kBlue);
    p.teardrop(0.74f, 0.1f, 0.035f, 0.74f, 0.02f, kBlue);
    p.rect(0.16f, 0.46f, 0.84f, 0.92f, IM_COL32(255, 183, 77, 255));
    p.triangle(0.5f, 0.12f, 0.94f, 0.52f, 0.06f, 0.52f, kRedDark);
    p.rect(0.42f, 0.64f, 0.58f, 0.92f, kBrown);
    p.rect(0.22f, 0.6f, 0.36f, 0.74f, kBlueLight);
    p.rect(0.64f, 0.6f, 0.78f, 0.74f, kBlueLight);
}

// A green cross, as on village clinics and pharmacies (卫生室, 药店).
void health(const Pen& p) {
    p.circle(0.5f, 0.5f, 0.44f, kWhite);
    p.ring(0.5f, 0.5f, 0.42f, kLeafDark, 0.05f);
    p.rect(0.39f, 0.2f, 0.61f, 0.8f, kLeaf, 0.02f);
    p.rect(0.2f, 0.39f, 0.8f, 0.61f, kLeaf, 0.02f);
}

void question(const Pen& p) {
    p.circle(0.5f, 0.5f, 0.44f, kBlue);
    p.arc(0.5f, 0.38f, 0.13f, kPi, 2.0f * kPi + 0.75f, kWhite, 0.08f);
    p.line(0.6f, 0.46f, 0.5f, 0.54f, kWhite, 0.08f);
    p.line(0.5f, 0.52f, 0.5f, 0.64f, kWhite, 0.08f);
    p.circle(0.5f, 0.76f, 0.055f, kWhite);
}

// ---- crops ------------------------------------------------------------------------------

// Golden grains hanging from the top of each stalk.
void rice(const Pen& p) {
    p.leaf(0.48f, 0.92f, 0.16f, 0.6f, 0.05f, kLeaf);
    p.leaf(0.52f, 0.92f, 0.86f, 0.62f, 0.05f, kLeaf);
    const Cubic stalks[] = {{{0.44f, 0.94f}, {0.44f, 0.6f}, {0.42f, 0.4f}, {0.38f, 0.2f}},
                            {{0.52f, 0.94f}, {0.54f, 0.6f}, {0.56f, 0.3f}, {0.58f, 0.12f}},
                            {{0.48f, 0.94f}, {0.5f, 0.7f}, {0.5f, 0.45f}, {0.5f, 0.34f}}};
    const Cubic panicles[] = {{{0.38f, 0.2f}, {0.26f, 0.14f}, {0.16f, 0.26f}, {0.13f, 0.5f}},
                              {{0.58f, 0.12f}, {0.74f, 0.08f}, {0.84f, 0.22f}, {0.87f, 0.44f}},
                              {{0.5f, 0.34f}, {0.6f, 0.32f}, {0.66f, 0.44f}, {0.68f, 0.6f}}};
    for (int s = 0; s < 3; ++s) {
        p.curve(stalks[s], kStalk, 0.025f);
        p.curve(panicles[s], kGoldDark, 0.02f);
        for (int i = 1; i <= 10; ++i) {
            float t = static_cast<float>(i) / 10.5f;
            ImVec2 c = panicles[s].at(t);
            float a = panicles[s].angle(t);
            float side = (i % 2 == 0) ? 1.0f : -1.0f;
            float ox = -std::sin(a) * 0.025f * side, oy = std::cos(a) * 0.025f * side;
            p.ellipse(c.x + ox, c.y + oy, 0.045f, 0.026f, a + side * 0.5f, kGold);
        }
    }
}

// An upright ear with whiskers (awns).
void wheat(const Pen& p) {
    p.line(0.5f, 0.95f, 0.5f, 0.45f, kGoldDark, 0.03f);
    p.leaf(0.5f, 0.86f, 0.8f, 0.6f, 0.06f, kLeaf);
    for (int i = 0; i < 5; ++i) {
        float y = 0.5f - static_cast<float>(i) * 0.075f;
        p.line(0.44f, y - 0.04f, 0.3f, y - 0.2f, kGoldDark, 0.008f);
        p.line(0.56f, y - 0.04f, 0.7f, y - 0.2f, kGoldDark, 0.008f);
        p.ellipse(0.45f, y, 0.065f, 0.03f, 0.93f, kGold);
        p.ellipse(0.55f, y, 0.065f, 0.03f, -0.93f, kGold);
    }
    p.line(0.5f, 0.1f, 0.5f, 0.04f, kGoldDark, 0.008f);
    p.ellipse(0.5f, 0.16f, 0.03f, 0.06f, 0, kGold);
}

void rape_flower(const Pen& p, float x, float y, float r) {
    p.circle(x - r * 0.5f, y, r * 0.5f, kYellow);
    p.circle(x + r * 0.5f, y, r * 0.5f, kYellow);
    p.circle(x, y - r * 0.5f, r * 0.5f, kYellow);
    p.circle(x, y + r * 0.5f, r * 0.5f, kYellow);
    p.circle(x, y, r * 0.25f, kOrange);
}

// Rapeseed (油菜): yellow four-petalled flowers on green stalks.
void rape(const Pen& p) {
    p.line(0.5f, 0.95f, 0.5f, 0.32f, kStalk, 0.03f);
    p.line(0.5f, 0.72f, 0.26f, 0.42f, kStalk, 0.025f);
    p.line(0.5f, 0.66f, 0.74f, 0.38f, kStalk, 0.025f);
    p.leaf(0.5f, 0.9f, 0.18f, 0.74f, 0.12f, kLeaf);
    p.leaf(0.5f, 0.88f, 0.84f, 0.72f, 0.12f, kLeaf);
    const float clusters[3][2] = {{0.26f, 0.36f}, {0.74f, 0.32f}, {0.5f, 0.22f}};
    for (const auto& c : clusters) {
        rape_flower(p, c[0] - 0.07f, c[1] + 0.04f, 0.09f);
        rape_flower(p, c[0] + 0.07f, c[1] + 0.05f, 0.09f);
        rape_flower(p, c[0], c[1] - 0.05f, 0.09f);
    }
}

// A yellow cob with rows of kernels in a green husk.
void corn(const Pen& p) {
    p.line(0.5f, 0.12f, 0.42f, 0.04f, kSoil, 0.015f);
    p.line(0.5f, 0.12f, 0.58f, 0.04f, kSoil, 0.015f);
    p.ellipse(0.5f, 0.45f, 0.17f, 0.34f, 0, kYellow);
    for (float y = 0.2f; y < 0.74f; y += 0.07f) {
        for (float x = -0.09f; x < 0.1f; x += 0.06f) {
            float dy = y - 0.45f;
            if ((x / 0.15f) * (x / 0.15f) + (dy / 0.31f) * (dy / 0.31f) < 1.0f) {
                p.circle(0.5f + x, y, 0.022f, kGold);
            }
        }
    }
    p.rect(0.46f, 0.84f, 0.54f, 0.96f, kLeafDark);
    p.leaf(0.5f, 0.94f, 0.2f, 0.36f, 0.16f, kLeaf);
    p.leaf(0.5f, 0.94f, 0.82f, 0.4f, 0.16f, kLeafLight);
}

// A broad bean pod (蚕豆) open to show its beans.
void bean(const Pen& p) {
    const Cubic pod{{0.14f, 0.74f}, {0.3f, 0.94f}, {0.74f, 0.86f}, {0.88f, 0.28f}};
    p.line(0.88f, 0.28f, 0.9f, 0.12f, kStalk, 0.03f);
    p.beads(pod, 24, 0.08f, 0.1f, kLeafDark);
    p.beads(pod, 24, 0.055f, 0.07f, IM_COL32(241, 248, 233, 255));
    for (float t : {0.22f, 0.5f, 0.78f}) {
        ImVec2 c = pod.at(t);
        p.ellipse(c.x, c.y, 0.075f, 0.06f, pod.angle(t), kLeafLight);
    }
}

void tomato(const Pen& p) {
    p.ellipse(0.5f, 0.58f, 0.4f, 0.35f, 0, kRed);
    p.ellipse(0.33f, 0.48f, 0.08f, 0.045f, -0.7f, IM_COL32(255, 138, 128, 255));
    for (int i = 0; i < 5; ++i) {
        float a = -kPi / 2 + static_cast<float>(i) * 2 * kPi / 5;
        p.leaf(0.5f, 0.27f, 0.5f + std::cos(a) * 0.2f, 0.27f + std::sin(a) * 0.09f, 0.06f, kLeafDark);
    }
    p.rect(0.48f, 0.12f, 0.53f, 0.28f, kLeafDark, 0.02f);
}

void cucumber(const Pen& p) {
    p.line(0.18f, 0.82f, 0.08f, 0.92f, kStalk, 0.03f);
    p.ellipse(0.48f, 0.52f, 0.42f, 0.13f, -kPi / 4, kLeafDark);
    p.ellipse(0.46f, 0.5f, 0.34f, 0.04f, -kPi / 4, kLeaf);
    for (int i = 0; i < 6; ++i) {
        float t = -0.3f + static_cast<float>(i) * 0.12f;
        float side = (i % 2 == 0) ? 0.07f : -0.07f;
        p.circle(0.48f + t * 0.707f + side * 0.707f, 0.52f - t * 0.707f + side * 0.707f, 0.015f, kLeafPale);
    }
    rape_flower(p, 0.82f, 0.18f, 0.12f);
}

void eggplant(const Pen& p) {
    const Cubic body{{0.38f, 0.3f}, {0.34f, 0.55f}, {0.48f, 0.72f}, {0.66f, 0.74f}};
    p.beads(body, 16, 0.1f, 0.2f, kPurple);
    p.ellipse(0.42f, 0.5f, 0.035f, 0.1f, -0.3f, IM_COL32(156, 77, 204, 255));
    p.line(0.36f, 0.22f, 0.28f, 0.06f, kLeafDark, 0.04f);
    p.leaf(0.38f, 0.22f, 0.2f, 0.36f, 0.1f, kLeafDark);
    p.leaf(0.38f, 0.22f, 0.58f, 0.36f, 0.1f, kLeafDark);
    p.ellipse(0.38f, 0.24f, 0.1f, 0.05f, 0.2f, kLeaf);
}

// A red chili (辣椒).
void pepper(const Pen& p) {
    const Cubic body{{0.32f, 0.3f}, {0.3f, 0.62f}, {0.56f, 0.86f}, {0.84f, 0.9f}};
    p.beads(body, 24, 0.12f, 0.02f, kRed);
    p.ellipse(0.36f, 0.38f, 0.03f, 0.08f, -0.2f, IM_COL32(255, 138, 128, 255));
    p.curve({{0.3f, 0.22f}, {0.28f, 0.12f}, {0.2f, 0.08f}, {0.14f, 0.1f}}, kLeafDark, 0.04f);
    p.ellipse(0.31f, 0.23f, 0.12f, 0.06f, -0.1f, kLeaf);
}

// Bok choy (青菜): pale stems fanning out into dark leaves.
void greens(const Pen& p) {
    for (float a : {-0.55f, 0.55f, -0.27f, 0.27f, 0.0f}) {
        float dx = std::sin(a), dy = -std::cos(a);
        float bx = 0.5f, by = 0.92f;
        p.leaf(bx + dx * 0.3f, by + dy * 0.3f, bx + dx * 0.8f, by + dy * 0.8f, 0.2f, a == 0.0f ? kLeaf : kLeafDark);
        p.leaf(bx, by, bx + dx * 0.45f, by + dy * 0.45f, 0.1f, IM_COL32(220, 237, 200, 255));
    }
}

// Napa cabbage (大白菜): a tall head, white ribs, crinkled green top.
void cabbage(const Pen& p) {
    p.ellipse(0.5f, 0.52f, 0.3f, 0.42f, 0, kLeafLight);
    for (float x : {0.3f, 0.42f, 0.58f, 0.7f}) {
        p.circle(x, 0.2f, 0.09f, IM_COL32(156, 204, 101, 255));
    }
    p.ellipse(0.5f, 0.64f, 0.18f, 0.3f, 0, IM_COL32(241, 248, 233, 255));
    p.ellipse(0.36f, 0.66f, 0.1f, 0.25f, 0.15f, IM_COL32(220, 237, 200, 255));
    p.ellipse(0.64f, 0.66f, 0.1f, 0.25f, -0.15f, IM_COL32(220, 237, 200, 255));
    p.line(0.5f, 0.9f, 0.5f, 0.42f, kLeafPale, 0.02f);
}

void broccoli(const Pen& p) {
    p.quad(0.42f, 0.52f, 0.58f, 0.52f, 0.64f, 0.92f, 0.36f, 0.92f, kLeafPale);
    const float florets[5][3] = {
        {0.3f, 0.38f, 0.17f}, {0.7f, 0.38f, 0.17f}, {0.5f, 0.27f, 0.18f}, {0.4f, 0.5f, 0.14f}, {0.6f, 0.5f, 0.14f}};
    for (const auto& f : florets) {
        p.circle(f[0], f[1], f[2], kLeafDark);
    }
    const float bumps[7][2] = {{0.26f, 0.34f}, {0.4f, 0.24f},  {0.56f, 0.2f}, {0.7f, 0.32f},
                               {0.5f, 0.4f},   {0.34f, 0.46f}, {0.64f, 0.46f}};
    for (const auto& b : bumps) {
        p.circle(b[0], b[1], 0.035f, kLeaf);
    }
}

void bamboo(const Pen& p) {
    const float stalks[3][2] = {{0.2f, 0.06f}, {0.45f, 0.12f}, {0.7f, 0.04f}};
    for (const auto& s : stalks) {
        p.rect(s[0], s[1], s[0] + 0.1f, 0.95f, kLeaf, 0.02f);
        for (float y = s[1] + 0.2f; y < 0.9f; y += 0.22f) {
            p.rect(s[0] - 0.01f, y, s[0] + 0.11f, y + 0.025f, kLeafDark);
        }
    }
    p.leaf(0.25f, 0.3f, 0.05f, 0.2f, 0.06f, kLeafLight);
    p.leaf(0.3f, 0.52f, 0.1f, 0.6f, 0.06f, kLeafLight);
    p.leaf(0.5f, 0.36f, 0.68f, 0.22f, 0.06f, kLeafLight);
    p.leaf(0.8f, 0.48f, 0.96f, 0.4f, 0.06f, kLeafLight);
    p.leaf(0.56f, 0.62f, 0.72f, 0.74f, 0.06f, kLeafLight);
}

// Chinese bayberry (杨梅): a dark red, knobbly round fruit.
void bayberry(const Pen& p) {
    p.line(0.5f, 0.28f, 0.48f, 0.14f, kBrown, 0.025f);
    p.leaf(0.48f, 0.16f, 0.84f, 0.08f, 0.1f, kLeafDark);
    p.leaf(0.48f, 0.16f, 0.16f, 0.1f, 0.08f, kLeaf);
    constexpr ImU32 kBerry = IM_COL32(173, 20, 87, 255);
    p.circle(0.5f, 0.58f, 0.31f, kBerry);
    for (int i = 0; i < 18; ++i) {
        float a = static_cast<float>(i) * 2 * kPi / 18;
        p.circle(0.5f + std::cos(a) * 0.31f, 0.58f + std::sin(a) * 0.31f, 0.045f, kBerry);
    }
    for (int row = 0; row < 5; ++row) {
        for (int col = 0; col < 5; ++col) {
            float x = 0.3f + static_cast<float>(col) * 0.1f + (row % 2 ? 0.05f : 0.0f);
            float y = 0.4f + static_cast<float>(row) * 0.09f;
            if ((x - 0.5f) * (x - 0.5f) + (y - 0.58f) * (y - 0.58f) < 0.24f * 0.24f) {
                p.circle(x, y, 0.022f, IM_COL32(216, 27, 96, 255));
            }
        }
    }
}

void orange(const Pen& p) {
    p.line(0.5f, 0.24f, 0.5f, 0.14f, kBrown, 0.03f);
    p.leaf(0.5f, 0.18f, 0.8f, 0.08f, 0.1f, kLeaf);
    p.circle(0.5f, 0.58f, 0.36f, kOrange);
    p.ellipse(0.36f, 0.46f, 0.07f, 0.045f, -0.7f, IM_COL32(255, 183, 77, 255));
    for (const auto& d : {ImVec2(0.6f, 0.66f), ImVec2(0.66f, 0.52f), ImVec2(0.46f, 0.74f), ImVec2(0.7f, 0.74f)}) {
        p.circle(d.x, d.y, 0.015f, kOrangeDark);
    }
    p.circle(0.5f, 0.24f, 0.03f, kLeafDark);
}

// A peach (桃) with its pointed tip and crease, leaves at the stem.
void peach(const Pen& p) {
    p.teardrop(0.5f, 0.6f, 0.33f, 0.58f, 0.14f, IM_COL32(255, 171, 145, 255));
    p.teardrop(0.58f, 0.58f, 0.24f, 0.6f, 0.2f, IM_COL32(255, 112, 100, 255));
    p.curve({{0.58f, 0.16f}, {0.44f, 0.36f}, {0.44f, 0.62f}, {0.5f, 0.9f}}, IM_COL32(229, 115, 115, 255), 0.02f);
    p.leaf(0.44f, 0.82f, 0.12f, 0.94f, 0.12f, kLeaf);
    p.leaf(0.44f, 0.84f, 0.1f, 0.72f, 0.1f, kLeafDark);
}

void strawberry(const Pen& p) {
    p.teardrop(0.5f, 0.46f, 0.3f, 0.5f, 0.95f, kRed);
    for (int row = 0; row < 5; ++row) {
        int n = 4 - row / 2;
        for (int i = 0; i < n; ++i) {
            float y = 0.36f + static_cast<float>(row) * 0.1f;
            float spread = 0.42f - static_cast<float>(row) * 0.07f;
            float x = 0.5f - spread * 0.5f + spread * (static_cast<float>(i) + 0.5f) / static_cast<float>(n);
            p.ellipse(x, y, 0.012f, 0.022f, 0, kYellow);
        }
    }
    for (float a : {-2.6f, -2.0f, -1.1f, -0.5f}) {
        p.leaf(0.5f, 0.2f, 0.5f + std::cos(a) * 0.26f, 0.2f + std::sin(a) * 0.1f + 0.04f, 0.08f, kLeafDark);
    }
    p.line(0.5f, 0.2f, 0.52f, 0.05f, kLeafDark, 0.035f);
}

void grape(const Pen& p) {
    p.line(0.53f, 0.26f, 0.56f, 0.08f, kBrown, 0.03f);
    p.leaf(0.55f, 0.14f, 0.88f, 0.16f, 0.14f, kLeaf);
    const float berries[10][2] = {{0.3f, 0.32f},  {0.45f, 0.3f},  {0.6f, 0.3f},  {0.75f, 0.32f}, {0.37f, 0.46f},
                                  {0.52f, 0.45f}, {0.67f, 0.46f}, {0.44f, 0.6f}, {0.6f, 0.6f},   {0.52f, 0.75f}};
    for (const auto& b : berries) {
        p.circle(b[0], b[1], 0.085f, kPurple);
        p.circle(b[0] - 0.03f, b[1] - 0.03f, 0.02f, IM_COL32(186, 104, 200, 255));
    }
}

// Half a kiwi fruit: brown skin, green flesh, black seeds round a pale core.
void kiwi(const Pen& p) {
    p.circle(0.5f, 0.5f, 0.42f, kSoil);
    p.circle(0.5f, 0.5f, 0.37f, kLeafLight);
    p.circle(0.5f, 0.5f, 0.3f, IM_COL32(156, 204, 101, 255));
    p.ellipse(0.5f, 0.5f, 0.12f, 0.1f, 0, IM_COL32(241, 248, 233, 255));
    for (int i = 0; i < 14; ++i) {
        float a = static_cast<float>(i) * 2 * kPi / 14;
        p.ellipse(0.5f + std::cos(a) * 0.17f, 0.5f + std::sin(a) * 0.17f, 0.028f, 0.013f, a, kInk);
    }
}

// A slice of watermelon: green rind, pale band, red flesh, black seeds.
void watermelon(const Pen& p) {
    p.pie(0.5f, 0.3f, 0.46f, 0.0f, kPi, kLeafDark);
    p.pie(0.5f, 0.3f, 0.41f, 0.0f, kPi, IM_COL32(220, 237, 200, 255));
    p.pie(0.5f, 0.3f, 0.37f, 0.0f, kPi, IM_COL32(239, 83, 80, 255));
    p.rect(0.04f, 0.27f, 0.96f, 0.31f, IM_COL32(255, 138, 128, 255));
    for (const auto& s :
         {ImVec2(0.3f, 0.42f), ImVec2(0.5f, 0.46f), ImVec2(0.7f, 0.42f), ImVec2(0.4f, 0.56f), ImVec2(0.6f, 0.56f)}) {
        p.teardrop(s.x, s.y + 0.02f, 0.018f, s.x, s.y - 0.02f, kInk);
    }
}

// Tea (茶): a bud and two leaves over a celadon bowl of tea.
void tea(const Pen& p) {
    p.line(0.5f, 0.7f, 0.5f, 0.26f, kStalk, 0.03f);
    p.leaf(0.5f, 0.36f, 0.56f, 0.04f, 0.08f, kLeafLight);
    p.leaf(0.5f, 0.46f, 0.14f, 0.26f, 0.15f, kLeaf);
    p.leaf(0.5f, 0.58f, 0.88f, 0.34f, 0.17f, kLeafDark);
    p.line(0.5f, 0.46f, 0.26f, 0.33f, kLeafPale, 0.01f);
    p.line(0.5f, 0.58f, 0.76f, 0.42f, kLeafPale, 0.01f);
    p.pie(0.5f, 0.64f, 0.32f, 0.0f, kPi, IM_COL32(77, 182, 172, 255));
    p.ellipse(0.5f, 0.64f, 0.32f, 0.06f, 0, IM_COL32(0, 137, 123, 255));
    p.ellipse(0.5f, 0.645f, 0.27f, 0.04f, 0, IM_COL32(205, 160, 60, 255));
    p.rect(0.4f, 0.93f, 0.6f, 0.96f, IM_COL32(0, 137, 123, 255), 0.01f);
}

void bee(const Pen& p) {
    p.line(0.16f, 0.48f, 0.1f, 0.3f, kInk, 0.02f);
    p.line(0.22f, 0.47f, 0.26f, 0.3f, kInk, 0.02f);
    p.triangle(0.8f, 0.53f, 0.96f, 0.58f, 0.8f, 0.63f, kInk);
    p.ellipse(0.52f, 0.6f, 0.31f, 0.2f, 0, kYellow);
    p.ellipse(0.45f, 0.6f, 0.045f, 0.19f, 0, kInk);
    p.ellipse(0.62f, 0.6f, 0.045f, 0.17f, 0, kInk);
    p.circle(0.2f, 0.58f, 0.11f, kInk);
    p.circle(0.17f, 0.55f, 0.025f, kWhite);
    p.ellipse(0.46f, 0.3f, 0.12f, 0.18f, -0.3f, IM_COL32(179, 229, 252, 230));
    p.ellipse(0.64f, 0.32f, 0.1f, 0.16f, 0.3f, IM_COL32(179, 229, 252, 230));
    p.ellipse_outline(0.46f, 0.3f, 0.12f, 0.18f, -0.3f, kBlue, 0.012f);
    p.ellipse_outline(0.64f, 0.32f, 0.1f, 0.16f, 0.3f, kBlue, 0.012f);
}

void pig(const Pen& p) {
    p.triangle(0.16f, 0.4f, 0.2f, 0.08f, 0.46f, 0.24f, kPinkDark);
    p.triangle(0.84f, 0.4f, 0.8f, 0.08f, 0.54f, 0.24f, kPinkDark);
    p.circle(0.5f, 0.56f, 0.36f, kPink);
    p.ellipse(0.5f, 0.67f, 0.17f, 0.12f, 0, kPinkDark);
    p.ellipse(0.44f, 0.67f, 0.03f, 0.05f, 0, IM_COL32(136, 14, 79, 255));
    p.ellipse(0.56f, 0.67f, 0.03f, 0.05f, 0, IM_COL32(136, 14, 79, 255));
    p.circle(0.36f, 0.46f, 0.04f, kInk);
    p.circle(0.64f, 0.46f, 0.04f, kInk);
}

// A farmyard hen facing left: red comb and wattle, yellow beak.
void chicken(const Pen& p) {
    p.triangle(0.6f, 0.45f, 0.9f, 0.16f, 0.95f, 0.5f, kBrownDark);
    p.triangle(0.62f, 0.52f, 0.88f, 0.3f, 0.9f, 0.64f, kBrown);
    p.line(0.48f, 0.76f, 0.46f, 0.94f, kOrange, 0.035f);
    p.line(0.62f, 0.76f, 0.62f, 0.94f, kOrange, 0.035f);
    p.line(0.38f, 0.94f, 0.54f, 0.94f, kOrange, 0.025f);
    p.line(0.54f, 0.94f, 0.7f, 0.94f, kOrange, 0.025f);
    constexpr ImU32 kHen = IM_COL32(216, 113, 45, 255);
    p.ellipse(0.56f, 0.6f, 0.3f, 0.21f, 0, kHen);
    p.ellipse(0.37f, 0.44f, 0.12f, 0.15f, 0, kHen);
    p.circle(0.32f, 0.3f, 0.13f, kHen);
    p.ellipse(0.62f, 0.6f, 0.16f, 0.09f, 0.3f, IM_COL32(170, 80, 30, 255));
    p.circle(0.25f, 0.17f, 0.05f, kRed);
    p.circle(0.32f, 0.15f, 0.055f, kRed);
    p.circle(0.39f, 0.18f, 0.05f, kRed);
    p.triangle(0.2f, 0.28f, 0.07f, 0.33f, 0.2f, 0.37f, IM_COL32(255, 179, 0, 255));
    p.ellipse(0.23f, 0.43f, 0.035f, 0.06f, 0, kRed);
    p.circle(0.28f, 0.28f, 0.025f, kInk);
}

// A cow's face: horns, ears, a pale muzzle with nostrils.
void cow(const Pen& p) {
    constexpr ImU32 kHide = IM_COL32(188, 130, 70, 255);
    p.curve({{0.36f, 0.26f}, {0.24f, 0.24f}, {0.14f, 0.18f}, {0.12f, 0.06f}}, IM_COL32(215, 204, 200, 255), 0.06f);
    p.curve({{0.64f, 0.26f}, {0.76f, 0.24f}, {0.86f, 0.18f}, {0.88f, 0.06f}}, IM_COL32(215, 204, 200, 255), 0.06f);
    p.ellipse(0.17f, 0.38f, 0.13f, 0.06f, 0.35f, IM_COL32(141, 90, 45, 255));
    p.ellipse(0.83f, 0.38f, 0.13f, 0.06f, -0.35f, IM_COL32(141, 90, 45, 255));
    p.ellipse(0.5f, 0.48f, 0.25f, 0.3f, 0, kHide);
    p.teardrop(0.5f, 0.34f, 0.06f, 0.5f, 0.2f, IM_COL32(255, 236, 210, 255));
    p.ellipse(0.5f, 0.74f, 0.21f, 0.14f, 0, IM_COL32(255, 204, 188, 255));
    p.ellipse(0.43f, 0.74f, 0.03f, 0.045f, 0, kBrownDark);
    p.ellipse(0.57f, 0.74f, 0.03f, 0.045f, 0, kBrownDark);
    p.circle(0.39f, 0.46f, 0.035f, kInk);
    p.circle(0.61f, 0.46f, 0.035f, kInk);
}

// A goat's face: swept horns, long ears, a beard.
void goat(const Pen& p) {
    constexpr ImU32 kHorn = IM_COL32(141, 110, 99, 255);
    p.curve({{0.42f, 0.26f}, {0.38f, 0.08f}, {0.26f, 0.04f}, {0.18f, 0.14f}}, kHorn, 0.05f);
    p.curve({{0.58f, 0.26f}, {0.62f, 0.08f}, {0.74f, 0.04f}, {0.82f, 0.14f}}, kHorn, 0.05f);
    p.ellipse(0.2f, 0.38f, 0.14f, 0.05f, 0.4f, kGrey);
    p.ellipse(0.8f, 0.38f, 0.14f, 0.05f, -0.4f, kGrey);
    p.triangle(0.42f, 0.7f, 0.58f, 0.7f, 0.5f, 0.96f, kGrey);
    p.ellipse(0.5f, 0.46f, 0.19f, 0.29f, 0, IM_COL32(238, 238, 238, 255));
    p.ellipse_outline(0.5f, 0.46f, 0.19f, 0.29f, 0, kOutline, 0.015f);
    p.ellipse(0.5f, 0.66f, 0.12f, 0.08f, 0, IM_COL32(215, 204, 200, 255));
    p.circle(0.45f, 0.66f, 0.018f, kBrownDark);
    p.circle(0.55f, 0.66f, 0.018f, kBrownDark);
    p.ellipse(0.41f, 0.42f, 0.04f, 0.03f, 0, kGold);
    p.ellipse(0.59f, 0.42f, 0.04f, 0.03f, 0, kGold);
    p.rect(0.38f, 0.41f, 0.44f, 0.43f, kInk);
    p.rect(0.56f, 0.41f, 0.62f, 0.43f, kInk);
}

// A woolly sheep standing, facing left.
void sheep(const Pen& p) {
    p.rect(0.4f, 0.62f, 0.46f, 0.9f, IM_COL32(66, 66, 66, 255));
    p.rect(0.64f, 0.62f, 0.7f, 0.9f, IM_COL32(66, 66, 66, 255));
    const float wool[8][3] = {{0.4f, 0.44f, 0.14f}, {0.54f, 0.38f, 0.14f}, {0.7f, 0.42f, 0.14f},
                              {0.8f, 0.54f, 0.12f}, {0.68f, 0.64f, 0.14f}, {0.52f, 0.66f, 0.14f},
                              {0.38f, 0.6f, 0.12f}, {0.56f, 0.52f, 0.16f}};
    for (const auto& w : wool) {
        p.circle(w[0], w[1], w[2] + 0.015f, kOutline);
    }
    for (const auto& w : wool) {
        p.circle(w[0], w[1], w[2], kWhite);
    }
    p.ellipse(0.22f, 0.48f, 0.1f, 0.14f, 0.4f, IM_COL32(66, 66, 66, 255));
    p.ellipse(0.3f, 0.38f, 0.08f, 0.035f, 0.5f, IM_COL32(66, 66, 66, 255));
    p.circle(0.26f, 0.34f, 0.06f, kWhite);
    p.circle(0.2f, 0.45f, 0.022f, kWhite);
}

void fish(const Pen& p) {
    p.triangle(0.68f, 0.52f, 0.94f, 0.28f, 0.94f, 0.76f, kBlueDark);
    p.triangle(0.3f, 0.38f, 0.6f, 0.36f, 0.44f, 0.2f, kBlueDark);
    p.ellipse(0.42f, 0.52f, 0.34f, 0.2f, 0, kBlue);
    p.ellipse(0.42f, 0.6f, 0.24f, 0.08f, 0, kBlueLight);
    p.arc(0.22f, 0.52f, 0.13f, -0.9f, 0.9f, kBlueDark, 0.02f);
    p.circle(0.2f, 0.46f, 0.05f, kWhite);
    p.circle(0.19f, 0.46f, 0.025f, kInk);
}

// A curled shrimp: a tapering ringed body, fan tail, long feelers.
void shrimp(const Pen& p) {
    constexpr ImU32 kShell = IM_COL32(255, 112, 67, 255);
    constexpr ImU32 kShellDark = IM_COL32(216, 67, 21, 255);
    const float cx = 0.52f, cy = 0.55f, bend = 0.26f;
    const float head = -0.7f, tail = 3.3f;
    p.curve({{0.56f, 0.26f}, {0.4f, 0.06f}, {0.2f, 0.06f}, {0.06f, 0.2f}}, kShellDark, 0.014f);
    p.curve({{0.58f, 0.28f}, {0.5f, 0.14f}, {0.36f, 0.14f}, {0.22f, 0.24f}}, kShellDark, 0.014f);
    for (int i = 1; i <= 5; ++i) {
        float a = head + (tail - head) * static_cast<float>(i) / 7.0f;
        float x = cx + std::cos(a) * (bend - 0.08f), y = cy + std::sin(a) * (bend - 0.08f);
        p.line(x, y, cx + std::cos(a + 0.15f) * 0.08f, cy + std::sin(a + 0.15f) * 0.08f, kShellDark, 0.015f);
    }
    float tx = cx + std::cos(tail) * bend, ty = cy + std::sin(tail) * bend;
    p.triangle(tx, ty + 0.02f, tx - 0.14f, ty - 0.12f, tx - 0.02f, ty - 0.16f, kShellDark);
    p.triangle(tx, ty + 0.02f, tx + 0.02f, ty - 0.16f, tx + 0.13f, ty - 0.1f, kShell);
    constexpr int kBeads = 24;
    for (int i = kBeads - 1; i >= 0; --i) {
        float t = static_cast<float>(i) / (kBeads - 1);
        float a = head + (tail - head) * t;
        p.circle(cx + std::cos(a) * bend, cy + std::sin(a) * bend, 0.12f - t * 0.075f, kShell);
    }
    for (int i = 1; i <= 6; ++i) {
        float t = static_cast<float>(i) / 7.0f;
        float a = head + (tail - head) * t;
        float r = 0.12f - t * 0.075f;
        p.line(cx + std::cos(a) * (bend - r), cy + std::sin(a) * (bend - r), cx + std::cos(a) * (bend + r),
               cy + std::sin(a) * (bend + r), kShellDark, 0.014f);
    }
    float hx = cx + std::cos(head) * bend, hy = cy + std::sin(head) * bend;
    p.teardrop(hx, hy, 0.12f, hx - 0.2f, hy - 0.14f, kShell);
    p.circle(hx - 0.04f, hy - 0.05f, 0.03f, kInk);
}

void crab(const Pen& p) {
    constexpr ImU32 kCrab = IM_COL32(244, 81, 30, 255);
    for (float side : {-1.0f, 1.0f}) {
        for (int i = 0; i < 3; ++i) {
            float y = 0.58f + static_cast<float>(i) * 0.07f;
            p.line(0.5f + side * 0.22f, y, 0.5f + side * 0.38f, y - 0.02f, kOrangeDark, 0.03f);
            p.line(0.5f + side * 0.38f, y - 0.02f, 0.5f + side * 0.44f, y + 0.12f, kOrangeDark, 0.03f);
        }
        p.line(0.5f + side * 0.16f, 0.5f, 0.5f + side * 0.3f, 0.32f, kOrangeDark, 0.045f);
        p.circle(0.5f + side * 0.32f, 0.24f, 0.1f, kCrab);
        p.triangle(0.5f + side * 0.32f, 0.24f, 0.5f + side * 0.28f, 0.1f, 0.5f + side * 0.4f, 0.12f, kPlate);
        p.line(0.5f + side * 0.06f, 0.46f, 0.5f + side * 0.08f, 0.34f, kOrangeDark, 0.02f);
        p.circle(0.5f + side * 0.08f, 0.33f, 0.035f, kInk);
        p.circle(0.5f + side * 0.08f - 0.01f, 0.32f, 0.012f, kWhite);
    }
    p.ellipse(0.5f, 0.58f, 0.28f, 0.17f, 0, kCrab);
}

void waves(const Pen& p, float y) {
    for (int i = 0; i < 4; ++i) {
        float x = 0.06f + static_cast<float>(i) * 0.22f;
        p.arc(x + 0.11f, y + 0.04f, 0.11f, kPi + 0.5f, 2 * kPi - 0.5f, kWater, 0.03f);
    }
}

void duck(const Pen& p) {
    waves(p, 0.86f);
    p.triangle(0.78f, 0.56f, 0.94f, 0.42f, 0.86f, 0.68f, kOutline);
    p.ellipse(0.55f, 0.64f, 0.33f, 0.17f, 0, kWhite);
    p.ellipse_outline(0.55f, 0.64f, 0.33f, 0.17f, 0, kOutline, 0.015f);
    p.ellipse(0.6f, 0.62f, 0.16f, 0.07f, 0.1f, IM_COL32(224, 224, 224, 255));
    p.ellipse(0.14f, 0.38f, 0.1f, 0.04f, 0.1f, kOrange);
    p.circle(0.32f, 0.34f, 0.14f, kOutline);
    p.circle(0.32f, 0.34f, 0.125f, kWhite);
    p.ellipse(0.35f, 0.5f, 0.09f, 0.1f, 0, kWhite);
    p.circle(0.3f, 0.3f, 0.025f, kInk);
}

// A goose: long curved neck and the knob on its bill, on water.
void goose(const Pen& p) {
    waves(p, 0.86f);
    const Cubic neck{{0.44f, 0.62f}, {0.3f, 0.44f}, {0.44f, 0.28f}, {0.36f, 0.18f}};
    p.curve(neck, kOutline, 0.13f);
    p.ellipse(0.6f, 0.66f, 0.32f, 0.16f, 0, kOutline);
    p.ellipse(0.6f, 0.66f, 0.305f, 0.145f, 0, kWhite);
    p.curve(neck, kWhite, 0.1f);
    p.triangle(0.86f, 0.6f, 0.96f, 0.5f, 0.9f, 0.7f, kOutline);
    p.triangle(0.27f, 0.14f, 0.08f, 0.2f, 0.27f, 0.24f, kOrange);
    p.circle(0.26f, 0.13f, 0.04f, kOrangeDark);
    p.circle(0.34f, 0.18f, 0.09f, kOutline);
    p.circle(0.34f, 0.18f, 0.075f, kWhite);
    p.circle(0.34f, 0.16f, 0.02f, kInk);
    p.ellipse(0.64f, 0.64f, 0.16f, 0.06f, 0.1f, IM_COL32(224, 224, 224, 255));
}

// A scallop-like shellfish (贝): a ribbed fan on a hinge.
void shell(const Pen& p) {
    constexpr ImU32 kShell = IM_COL32(255, 171, 145, 255);
    constexpr ImU32 kRib = IM_COL32(216, 110, 90, 255);
    const float a0 = -kPi + 0.45f, a1 = -0.45f;
    p.pie(0.5f, 0.76f, 0.46f, a0, a1, kShell);
    for (int i = 0; i <= 8; ++i) {
        float a = a0 + (a1 - a0) * static_cast<float>(i) / 8.0f;
        p.circle(0.5f + std::cos(a) * 0.44f, 0.76f + std::sin(a) * 0.44f, 0.055f, kShell);
        if (i > 0 && i < 8) {
            p.line(0.5f, 0.76f, 0.5f + std::cos(a) * 0.42f, 0.76f + std::sin(a) * 0.42f, kRib, 0.02f);
        }
    }
    p.quad(0.36f, 0.76f, 0.64f, 0.76f, 0.58f, 0.9f, 0.42f, 0.9f, kRib);
}

using DrawFn = void (*)(const Pen&);

struct Entry {
    std::string_view name;
    DrawFn draw;
};

constexpr Entry kPictograms[] = {
    // categories.json
    {"sprout", sprout},
    {"livestock", livestock},
    {"bug", bug},
    {"tractor", tractor},
    {"factory", factory},
    {"house", house},
    {"health", health},
    {"question", question},
    // crops.json
    {"bamboo", bamboo},
    {"bayberry", bayberry},
    {"bean", bean},
    {"bee", bee},
    {"broccoli", broccoli},
    {"cabbage", cabbage},
    {"chicken", chicken},
    {"corn", corn},
    {"cow", cow},
    {"crab", crab},
    {"cucumber", cucumber},
    {"duck", duck},
    {"eggplant", eggplant},
    {"fish", fish},
    {"goat", goat},
    {"goose", goose},
    {"grape", grape},
    {"greens", greens},
    {"kiwi", kiwi},
    {"orange", orange},
    {"peach", peach},
    {"pepper", pepper},
    {"pig", pig},
    {"rape", rape},
    {"rice", rice},
    {"sheep", sheep},
    {"shell", shell},
    {"shrimp", shrimp},
    {"strawberry", strawberry},
    {"tea", tea},
    {"tomato", tomato},
    {"watermelon", watermelon},
    {"wheat", wheat},
};

const Entry* find(std::string_view name) {
    for (const Entry& entry : kPictograms) {
        if (entry.name == name) {
            return &entry;
        }
    }
    return nullptr;
}

}  // namespace

bool draw_pictogram(ImDrawList* draw, std::string_view name, ImVec2 min, float size) {
    const Entry* entry = find(name);
    if (entry == nullptr || size <= 0.0f) {
        return false;
    }
    Pen pen(draw, min, size);
    pen.rect(0, 0, 1, 1, kPlate, 0.18f);
    // Art stays inside a margin so strokes and anti-aliasing never leave the square.
    entry->draw(pen.sub(0.04f, 0.04f, 0.92f));
    return true;
}

bool has_pictogram(std::string_view name) {
    return find(name) != nullptr;
}

std::vector<std::string_view> pictogram_names() {
    std::vector<std::string_view> names;
    for (const Entry& entry : kPictograms) {
        names.push_back(entry.name);
    }
    return names;
}

}  // namespace xiangke::kiosk::ui
