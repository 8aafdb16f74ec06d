// 伏地、遮挡、手抓牢: what to do indoors when the shaking starts, in three panels.
#include "drawing.h"

namespace xiangke::content {

using namespace draw;

namespace {

constexpr Color kShirt{0.20, 0.45, 0.75};
constexpr Color kTrousers{0.22, 0.25, 0.35};
constexpr Color kWood{0.62, 0.40, 0.20};
constexpr Color kFloor{0.80, 0.78, 0.74};

constexpr double kLimb = 16;

void head(Canvas& c, double x, double y) {
    c.circle(x, y, 24, kSkin);
    c.ring(x, y, 24, kInk, 2.5);
}

void table(Canvas& c, double x, double y, double w, double h) {
    c.fill_rect(x, y, w, 16, kWood);
    c.fill_rect(x + 8, y + 16, 14, h - 16, kWood);
    c.fill_rect(x + w - 22, y + 16, 14, h - 16, kWood);
}

void panel(Canvas& c, double x, int number, const char* title, const char* line1, const char* line2) {
    c.fill_rect(x, 90, 300, 400, {0.96, 0.97, 0.99});
    c.stroke_rect(x, 90, 300, 400, kGrey, 2);
    c.fill_rect(x, 440, 300, 50, kFloor);
    c.badge(x + 34, 124, number, 22, kRed);
    c.text(x + 150, 540, title, 40, kRed, Align::Center, true);
    c.text(x + 150, 580, line1, 22, kInk, Align::Center);
    c.text(x + 150, 610, line2, 22, kInk, Align::Center);
}

enum class Arms { HandsOnFloor, CoverHead, CoverHeadAndHold };

// A person kneeling low, bent forward: shin on the floor, hips over the knees.
void kneel(Canvas& c, double x, Arms arms) {
    const double floor = 440;
    const double knee_x = x + 170, hip_x = x + 185, hip_y = floor - 62;
    const double shoulder_x = x + 115, shoulder_y = floor - 78;
    c.line(knee_x, floor - 8, x + 240, floor - 8, kTrousers, kLimb);  // shin
    c.line(knee_x, floor - 8, hip_x, hip_y, kTrousers, kLimb);        // thigh
    c.line(hip_x, hip_y, shoulder_x, shoulder_y, kShirt, kLimb + 8);  // back
    const double head_x = x + 88, head_y = floor - 92;
    if (arms == Arms::HandsOnFloor) {
        c.line(shoulder_x, shoulder_y, x + 105, floor - 8, kShirt, kLimb);
        head(c, head_x, head_y);
        return;
    }
    if (arms == Arms::CoverHeadAndHold) {
        // The lower arm reaches forward and grips the table leg.
        c.line(shoulder_x, shoulder_y + 6, x + 72, floor - 40, kShirt, kLimb);
        c.circle(x + 62, floor - 40, 10, kSkin);
        c.ring(x + 62, floor - 40, 22, kYellow, 6);
    }
    head(c, head_x, head_y);
    // The upper forearm lies across the back of the head and neck.
    c.line(shoulder_x, shoulder_y - 4, x + 100, floor - 118, kShirt, kLimb);
    c.line(x + 100, floor - 118, x + 70, floor - 110, kSkin, kLimb - 4);
}

}  // namespace

void draw_quake_drop_cover(Canvas& c) {
    c.text(480, 58, "地震时：伏地、遮挡、手抓牢", 38, kInk, Align::Center, true);
    panel(c, 20, 1, "伏地", "马上蹲下或趴下", "别等被晃倒");
    kneel(c, 20, Arms::HandsOnFloor);
    panel(c, 330, 2, "遮挡", "躲到结实的桌子下面", "用胳膊护住头和脖子");
    table(c, 370, 290, 220, 150);
    kneel(c, 330, Arms::CoverHead);
    panel(c, 640, 3, "手抓牢", "抓住桌腿，人跟着桌子动", "直到摇晃停止");
    table(c, 680, 290, 220, 150);
    kneel(c, 640, Arms::CoverHeadAndHold);
}

}  // namespace xiangke::content
