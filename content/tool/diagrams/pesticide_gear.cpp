// 打药时的防护: a person ready to spray, each piece of protective equipment named.
#include "drawing.h"

namespace xiangke::content {

using namespace draw;

namespace {

constexpr Color kShirt{0.20, 0.45, 0.75};
constexpr Color kTrousers{0.20, 0.24, 0.36};
constexpr Color kGlove{0.98, 0.62, 0.10};
constexpr Color kBoot{0.12, 0.30, 0.18};
constexpr Color kHat{0.93, 0.85, 0.55};
constexpr Color kTank{0.95, 0.78, 0.15};
constexpr Color kMask{0.97, 0.97, 0.97};

void person(Canvas& c) {
    const double cx = 480;
    // Sprayer tank on the back, showing past the right shoulder.
    c.fill_rect(cx + 55, 215, 70, 170, kTank);
    c.stroke_rect(cx + 55, 215, 70, 170, kInk, 2.5);
    // Trousers and boots.
    c.line(cx - 30, 400, cx - 38, 540, kTrousers, 40);
    c.line(cx + 30, 400, cx + 38, 540, kTrousers, 40);
    c.fill_rect(cx - 66, 520, 56, 64, kBoot);
    c.fill_rect(cx + 10, 520, 56, 64, kBoot);
    // Long-sleeved shirt.
    double torso[] = {cx - 70, 240, cx + 70, 240, cx + 60, 410, cx - 60, 410};
    c.polygon(torso, 4, kShirt);
    c.line(cx - 68, 250, cx - 110, 400, kShirt, 30);  // left sleeve
    c.line(cx + 68, 250, cx + 112, 380, kShirt, 30);  // right sleeve
    // Shoulder straps of the sprayer.
    c.line(cx + 30, 242, cx + 42, 400, kInk, 6);
    // Gloves over the cuffs.
    c.ellipse(cx - 112, 420, 20, 28, kGlove);
    c.ellipse(cx + 116, 398, 20, 28, kGlove);
    // Hose from the tank to the lance in the right hand, lance pointing down and forward.
    double hose[] = {cx + 118, 385, cx + 150, 440, cx + 130, 410};
    c.polyline(hose, 3, kInk, 5);
    c.line(cx + 120, 400, cx + 250, 520, {0.35, 0.35, 0.38}, 7);
    c.circle(cx + 252, 522, 8, kInk);
    // Head: face, mask, goggles, hat.
    c.circle(cx, 190, 44, kSkin);
    c.ring(cx, 190, 44, kInk, 2.5);
    c.fill_rect(cx - 32, 198, 64, 34, kMask);
    c.stroke_rect(cx - 32, 198, 64, 34, kGrey, 2);
    c.line(cx - 32, 205, cx - 44, 188, kGrey, 3);
    c.line(cx + 32, 205, cx + 44, 188, kGrey, 3);
    c.fill_rect(cx - 40, 168, 80, 22, {0.55, 0.75, 0.90});
    c.stroke_rect(cx - 40, 168, 80, 22, kInk, 3);
    c.ellipse(cx, 152, 78, 14, kHat);
    c.ellipse(cx, 138, 46, 24, kHat);
}

}  // namespace

void draw_pesticide_gear(Canvas& c) {
    c.text(480, 56, "打药前穿戴好防护用品", 38, kInk, Align::Center, true);
    person(c);
    const double size = 28;
    c.label(452, 134, 240, 130, "帽子", size, kInk, Align::Right);
    c.label(448, 178, 240, 190, "防护眼镜", size, kInk, Align::Right);
    c.label(452, 220, 240, 250, "口罩", size, kInk, Align::Right);
    c.label(400, 330, 240, 340, "长袖衣服", size, kInk, Align::Right);
    c.label(452, 470, 240, 480, "长裤", size, kInk, Align::Right);
    c.label(596, 396, 720, 330, "手套", size, kInk, Align::Left);
    c.label(590, 300, 720, 250, "背负式喷雾器", size, kInk, Align::Left);
    c.label(530, 560, 720, 570, "胶鞋", size, kInk, Align::Left);
    c.text(480, 622, "打药时不吃不喝不抽烟；打完洗手洗澡、换衣服", 26, kRed, Align::Center);
}

}  // namespace xiangke::content
