// 稻飞虱躲在哪里: a rice hill standing in water, the planthoppers clustered on the stems just above
// the water, an enlarged planthopper, and the white-basin check.
#include <cmath>

#include "drawing.h"

namespace xiangke::content {

using namespace draw;

namespace {

constexpr Color kStem{0.30, 0.58, 0.22};
constexpr Color kLeaf{0.42, 0.70, 0.30};
constexpr Color kGrain{0.88, 0.76, 0.32};
constexpr Color kMud{0.52, 0.40, 0.28};
constexpr Color kHopper{0.45, 0.28, 0.12};
constexpr Color kWing{0.80, 0.76, 0.66};

constexpr double kWaterLeft = 60;
constexpr double kWaterRight = 640;
constexpr double kWaterTop = 470;
constexpr double kBaseX = 360;
constexpr double kBaseY = 520;

// A planthopper seen from the side, about `s` pixels long, head to the left.
void hopper(Canvas& c, double x, double y, double s, bool detailed = false) {
    if (detailed) {
        for (double lx : {-0.15, 0.05, 0.25}) {
            c.line(x + s * lx, y + s * 0.1, x + s * (lx - 0.08), y + s * 0.3, kInk, s * 0.025);
        }
        c.line(x - s * 0.45, y - s * 0.05, x - s * 0.62, y - s * 0.2, kInk, s * 0.02);
    }
    c.ellipse(x, y, s * 0.42, s * 0.16, kHopper);
    double wing[] = {x - s * 0.15, y - s * 0.14, x + s * 0.72, y - s * 0.08,
                     x + s * 0.75, y + s * 0.02, x + s * 0.05, y + s * 0.02};
    c.polygon(wing, 4, kWing);
    if (detailed) {
        c.polyline(wing, 4, kBrown, s * 0.015);
    }
    c.circle(x - s * 0.36, y - s * 0.02, s * 0.12, kHopper);
    if (detailed) {
        c.circle(x - s * 0.40, y - s * 0.05, s * 0.04, kInk);
    }
}

void leaf(Canvas& c, double x, double y, double direction, double length) {
    cairo_t* cr = c.cr();
    c.set(kLeaf);
    cairo_set_line_width(cr, 6);
    cairo_move_to(cr, x, y);
    cairo_curve_to(cr, x + direction * length * 0.4, y - length * 0.5, x + direction * length * 0.8, y - length * 0.45,
                   x + direction * length, y - length * 0.1);
    cairo_stroke(cr);
}

void rice_hill(Canvas& c) {
    c.fill_rect(kWaterLeft, kWaterTop, kWaterRight - kWaterLeft, kBaseY - kWaterTop, kWater);
    c.fill_rect(kWaterLeft, kBaseY, kWaterRight - kWaterLeft, 60, kMud);
    c.line(kWaterLeft, kWaterTop, kWaterRight, kWaterTop, kBlue, 3);
    // Tillers fanning out from the base; every other one carries a drooping panicle.
    for (int i = 0; i < 9; ++i) {
        double t = (i - 4) / 4.0;
        double foot_x = kBaseX + t * 18;
        double top_x = kBaseX + t * 160;
        double top_y = 150 + std::fabs(t) * 60;
        c.line(foot_x, kBaseY, top_x, top_y, kStem, 6);
        double side = t >= 0 ? 1 : -1;
        leaf(c, foot_x + (top_x - foot_x) * 0.5, kBaseY + (top_y - kBaseY) * 0.5, side, 90 + std::fabs(t) * 30);
        if (i % 2 == 0) {
            for (int g = 0; g < 6; ++g) {
                c.ellipse(top_x + side * (8 + g * 9), top_y + 10 + g * 12, 6, 9, kGrain);
            }
        }
    }
    // The planthoppers: on the lower stems, just above the water.
    const double spots[][2] = {{338, 455}, {372, 445}, {392, 462}, {330, 428}, {360, 420},
                               {388, 428}, {350, 465}, {405, 442}, {342, 400}, {378, 398}};
    for (const auto& spot : spots) {
        hopper(c, spot[0], spot[1], 28);
    }
}

void basin(Canvas& c) {
    // A white basin tilted against the base of the hill.
    double bowl[] = {150, 380, 250, 400, 232, 500, 145, 485};
    c.polygon(bowl, 4, kWhite);
    c.polyline(bowl, 4, kInk, 3);
    c.line(145, 485, 150, 380, kInk, 3);
    hopper(c, 195, 455, 22);
    hopper(c, 210, 432, 22);
}

void magnifier(Canvas& c) {
    const double x = 800, y = 260, r = 110;
    c.line(410, 430, x - r * 0.9, y + r * 0.45, kGrey, 3);
    c.circle(x, y, r, {0.98, 0.98, 0.95});
    c.line(x - 100, y + 42, x + 100, y + 42, kStem, 16);
    hopper(c, x - 5, y + 8, 130, true);
    c.ring(x, y, r, kInk, 6);
    c.line(x + r * 0.72, y + r * 0.72, x + r * 1.1, y + r * 1.1, kInk, 14);
    c.text(x, y - r - 18, "成虫只有几毫米长", 26, kInk, Align::Center);
}

}  // namespace

void draw_rice_planthopper(Canvas& c) {
    c.text(480, 56, "稻飞虱躲在稻丛基部，靠近水面", 36, kInk, Align::Center, true);
    rice_hill(c);
    basin(c);
    magnifier(c);
    c.label(410, 448, 660, 460, "稻飞虱在这里吸汁", 28, kRed, Align::Left);
    c.label(630, kWaterTop, 660, 512, "水面", 28, kBlue, Align::Left);
    c.label(190, 390, 80, 350, "白脸盆接虫", 28, kInk, Align::Left);
    c.text(480, 622, "拨开稻丛看基部，拍打稻株，数一数掉下来的虫", 28, kInk, Align::Center);
}

}  // namespace xiangke::content
