// 农房抗震构造: a two-storey brick house with its ring beams (圈梁) and tie columns (构造柱), and a
// close-up of where wall and column meet: toothed brickwork (马牙槎) and tie bars (拉结筋).
#include <algorithm>

#include "drawing.h"

namespace xiangke::content {

using namespace draw;

namespace {

constexpr Color kConcrete{0.55, 0.57, 0.60};
constexpr Color kMortar{0.93, 0.88, 0.82};
constexpr Color kRoof{0.45, 0.22, 0.18};
constexpr Color kGlass{0.75, 0.87, 0.96};
constexpr Color kSoil{0.66, 0.52, 0.36};

// Brick courses in a rectangle: running bond with light mortar joints.
void bricks(Canvas& c, double x, double y, double w, double h, double course) {
    c.fill_rect(x, y, w, h, kBrick);
    cairo_t* cr = c.cr();
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    int row = 0;
    for (double yy = y; yy < y + h; yy += course, ++row) {
        c.line(x, yy, x + w, yy, kMortar, 2);
        double shift = (row % 2 == 0) ? 0 : course * 1.2;
        for (double xx = x + shift; xx < x + w; xx += course * 2.4) {
            c.line(xx, yy, xx, yy + course, kMortar, 2);
        }
    }
    cairo_restore(cr);
}

void house(Canvas& c) {
    const double x0 = 170, x1 = 570, mid = 370;
    const double eave_top = 240, beam = 16;
    const double floor_beam = 380, ground_beam = 510, ground = 526;

    c.fill_rect(40, ground, 560, 40, kSoil);
    c.fill_rect(x0 - 14, ground, x1 - x0 + 28, 34, kConcrete);  // foundation

    bricks(c, x0, eave_top, x1 - x0, ground_beam - eave_top, 14);

    // Windows and a door, set back from the columns.
    c.fill_rect(215, 282, 95, 70, kGlass);
    c.fill_rect(430, 282, 95, 70, kGlass);
    c.fill_rect(215, 420, 95, 65, kGlass);
    c.fill_rect(430, 415, 70, 95, kBrown);
    for (double wx : {215.0, 430.0}) {
        c.stroke_rect(wx, 282, 95, 70, kInk, 3);
    }
    c.stroke_rect(215, 420, 95, 65, kInk, 3);

    // Ring beams at the eaves, at the floor and on the foundation.
    for (double y : {eave_top, floor_beam, ground_beam}) {
        c.fill_rect(x0 - 6, y, x1 - x0 + 12, beam, kConcrete);
        c.stroke_rect(x0 - 6, y, x1 - x0 + 12, beam, kInk, 1.5);
    }
    // Tie columns at the corners and where the inner wall meets the outer wall.
    for (double x : {x0, mid - 10, x1 - 20}) {
        c.fill_rect(x, eave_top, 20, ground_beam + beam - eave_top, kConcrete);
        c.stroke_rect(x, eave_top, 20, ground_beam + beam - eave_top, kInk, 1.5);
    }
    double roof[] = {x0 - 30, eave_top, (x0 + x1) / 2, 160, x1 + 30, eave_top};
    c.polygon(roof, 3, kRoof);

    c.label(x0 + 4, eave_top + 8, 112, eave_top + 18, "圈梁", 28, kRed, Align::Right);
    c.label(x0 + 4, floor_beam + 8, 112, floor_beam + 18, "圈梁", 28, kRed, Align::Right);
    c.label(x0 + 10, 455, 112, 465, "构造柱", 28, kBlue, Align::Right);
    c.label(x0 + 4, ground_beam + 8, 112, ground_beam + 22, "地圈梁", 28, kRed, Align::Right);
}

// Close-up: a tie column between two brick walls, the wall stepping in and out (马牙槎), tie
// bars in pairs every few courses reaching into the wall.
void close_up(Canvas& c) {
    const double left = 630, right = 920, top = 150, bottom = 470;
    const double col_l = 745, col_r = 805, step = 20, course = 14;
    c.fill_rect(left - 20, 90, right - left + 40, 520, {0.97, 0.97, 0.97});
    c.stroke_rect(left - 20, 90, right - left + 40, 520, kGrey, 2);
    c.text((left + right) / 2, 130, "局部放大", 28, kInk, Align::Center, true);

    bricks(c, left, top, right - left, bottom - top, course);
    // The column: concrete poured after the wall, filling the toothed gap.
    const double tooth = course * 4;  // four courses out, four courses in
    int k = 0;
    for (double y = top; y < bottom; y += tooth, ++k) {
        double h = std::min(tooth, bottom - y);
        double widen = (k % 2 == 0) ? step : 0;
        c.fill_rect(col_l - widen, y, col_r - col_l + 2 * widen, h, kConcrete);
    }
    // Tie bars: two bars every 8 courses (about 50 cm of wall height).
    double last_bar = top;
    for (double y = top + course * 3; y < bottom - course; y += course * 8) {
        for (double dy : {-4.0, 4.0}) {
            c.line(left + 25, y + dy, right - 25, y + dy, kRed, 3.5);
        }
        last_bar = y;
    }
    c.label(col_l + 30, bottom - 30, 700, 510, "构造柱", 28, kBlue, Align::Left);
    c.label(col_l - step + 4, top + tooth * 2 + 28, 690, top + tooth * 2 + 8, "马牙槎", 28, kInk, Align::Right);
    c.label(860, last_bar + 4, 850, 552, "拉结筋", 28, kRed, Align::Center);
    c.text((left + right) / 2, 592, "约每50厘米高放2根", 24, kRed, Align::Center);
}

}  // namespace

void draw_quake_house(Canvas& c) {
    c.text(480, 52, "农房抗震：圈梁、构造柱、拉结筋", 36, kInk, Align::Center, true);
    house(c);
    close_up(c);
    c.text(300, 598, "墙、柱、楼板连成一个整体", 26, kInk, Align::Center);
    c.text(300, 640 - 6, "地震时房子不容易一下子塌", 26, kInk, Align::Center);
}

}  // namespace xiangke::content
