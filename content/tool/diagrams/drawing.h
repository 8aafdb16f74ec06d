#pragma once
// A small drawing surface over cairo for the diagrams: white RGB canvas, shapes, and labels set
// in the kiosk font (WenQuanYi Micro Hei) loaded from its file through FreeType, never through
// fontconfig, so the result does not depend on the machine's font configuration.
#include <cairo.h>

#include <string>

#include "xiangke/core/result.h"

namespace xiangke::content::draw {

struct Color {
    double r, g, b;
};

inline constexpr Color kInk{0.15, 0.15, 0.18};
inline constexpr Color kRed{0.80, 0.16, 0.14};
inline constexpr Color kGreen{0.20, 0.55, 0.25};
inline constexpr Color kBlue{0.18, 0.40, 0.72};
inline constexpr Color kGrey{0.62, 0.63, 0.65};
inline constexpr Color kLightGrey{0.86, 0.87, 0.88};
inline constexpr Color kBrick{0.80, 0.45, 0.32};
inline constexpr Color kSkin{0.96, 0.80, 0.66};
inline constexpr Color kWater{0.72, 0.85, 0.95};
inline constexpr Color kBrown{0.50, 0.32, 0.16};
inline constexpr Color kYellow{0.98, 0.82, 0.20};
inline constexpr Color kWhite{1.0, 1.0, 1.0};

enum class Align { Left, Center, Right };

class Canvas {
public:
    Canvas(int width, int height);
    ~Canvas();
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;

    // Loads the label font; without it no text can be drawn.
    core::Result<bool> load_font(const std::string& font_path);

    cairo_t* cr() { return m_cr; }
    int width() const { return m_width; }
    int height() const { return m_height; }

    void set(Color c) { cairo_set_source_rgb(m_cr, c.r, c.g, c.b); }
    void fill_rect(double x, double y, double w, double h, Color c);
    void stroke_rect(double x, double y, double w, double h, Color c, double line_width);
    void line(double x1, double y1, double x2, double y2, Color c, double line_width);
    void circle(double x, double y, double radius, Color fill);
    void ring(double x, double y, double radius, Color c, double line_width);
    void ellipse(double x, double y, double rx, double ry, Color fill);
    // A closed polygon from `count` (x, y) pairs.
    void polygon(const double* xy, int count, Color fill);
    void polyline(const double* xy, int count, Color c, double line_width);
    void arrow(double x1, double y1, double x2, double y2, Color c, double line_width);
    // Text with its baseline at y.
    void text(double x, double y, const std::string& text, double size, Color c, Align align = Align::Left,
              bool bold = false, bool halo = false);
    // A label at (tx, ty) with a line to the point it names.
    void label(double px, double py, double tx, double ty, const std::string& text, double size, Color c,
               Align align = Align::Left);
    // A numbered disc, e.g. step 1.
    void badge(double x, double y, int number, double radius, Color c);

    core::Result<std::string> png();

private:
    int m_width;
    int m_height;
    cairo_surface_t* m_surface = nullptr;
    cairo_t* m_cr = nullptr;
    cairo_font_face_t* m_font = nullptr;
};

}  // namespace xiangke::content::draw
