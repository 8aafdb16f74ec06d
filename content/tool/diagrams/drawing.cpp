#include "drawing.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <cmath>

namespace xiangke::content::draw {
namespace {

FT_Library freetype() {
    static FT_Library library = [] {
        FT_Library lib = nullptr;
        return FT_Init_FreeType(&lib) == 0 ? lib : nullptr;
    }();
    return library;
}

cairo_user_data_key_t kFaceKey;

void done_face(void* face) {
    FT_Done_Face(static_cast<FT_Face>(face));
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Canvas::Canvas(int width, int height) : m_width(width), m_height(height) {
    m_surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    m_cr = cairo_create(m_surface);
    cairo_set_antialias(m_cr, CAIRO_ANTIALIAS_GRAY);
    cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
    fill_rect(0, 0, width, height, kWhite);
}

Canvas::~Canvas() {
    cairo_destroy(m_cr);
    cairo_surface_destroy(m_surface);
    if (m_font != nullptr) {
        cairo_font_face_destroy(m_font);
    }
}

core::Result<bool> Canvas::load_font(const std::string& font_path) {
    FT_Library library = freetype();
    FT_Face face = nullptr;
    if (library == nullptr || FT_New_Face(library, font_path.c_str(), 0, &face) != 0) {
        return core::Error{"font_error", "cannot open the diagram font " + font_path + " (install fonts-wqy-microhei)",
                           ""};
    }
    m_font = cairo_ft_font_face_create_for_ft_face(face, 0);
    // cairo may keep the face in its caches after we let go: it closes the FreeType face itself.
    if (cairo_font_face_set_user_data(m_font, &kFaceKey, face, done_face) != CAIRO_STATUS_SUCCESS) {
        FT_Done_Face(face);
        return core::Error{"font_error", "cairo could not take the font", ""};
    }
    cairo_set_font_face(m_cr, m_font);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_subpixel_order(options, CAIRO_SUBPIXEL_ORDER_DEFAULT);
    cairo_set_font_options(m_cr, options);
    cairo_font_options_destroy(options);
    return true;
}

void Canvas::fill_rect(double x, double y, double w, double h, Color c) {
    set(c);
    cairo_rectangle(m_cr, x, y, w, h);
    cairo_fill(m_cr);
}

void Canvas::stroke_rect(double x, double y, double w, double h, Color c, double line_width) {
    set(c);
    cairo_set_line_width(m_cr, line_width);
    cairo_rectangle(m_cr, x, y, w, h);
    cairo_stroke(m_cr);
}

void Canvas::line(double x1, double y1, double x2, double y2, Color c, double line_width) {
    set(c);
    cairo_set_line_width(m_cr, line_width);
    cairo_move_to(m_cr, x1, y1);
    cairo_line_to(m_cr, x2, y2);
    cairo_stroke(m_cr);
}

void Canvas::circle(double x, double y, double radius, Color fill) {
    set(fill);
    cairo_new_sub_path(m_cr);
    cairo_arc(m_cr, x, y, radius, 0, 2 * M_PI);
    cairo_fill(m_cr);
}

void Canvas::ring(double x, double y, double radius, Color c, double line_width) {
    set(c);
    cairo_set_line_width(m_cr, line_width);
    cairo_new_sub_path(m_cr);
    cairo_arc(m_cr, x, y, radius, 0, 2 * M_PI);
    cairo_stroke(m_cr);
}

void Canvas::ellipse(double x, double y, double rx, double ry, Color fill) {
    cairo_save(m_cr);
    cairo_translate(m_cr, x, y);
    cairo_scale(m_cr, rx, ry);
    cairo_new_sub_path(m_cr);
    cairo_arc(m_cr, 0, 0, 1, 0, 2 * M_PI);
    cairo_restore(m_cr);
    set(fill);
    cairo_fill(m_cr);
}

void Canvas::polygon(const double* xy, int count, Color fill) {
    set(fill);
    cairo_move_to(m_cr, xy[0], xy[1]);
    for (int i = 1; i < count; ++i) {
        cairo_line_to(m_cr, xy[2 * i], xy[2 * i + 1]);
    }
    cairo_close_path(m_cr);
    cairo_fill(m_cr);
}

void Canvas::polyline(const double* xy, int count, Color c, double line_width) {
    set(c);
    cairo_set_line_width(m_cr, line_width);
    cairo_move_to(m_cr, xy[0], xy[1]);
    for (int i = 1; i < count; ++i) {
        cairo_line_to(m_cr, xy[2 * i], xy[2 * i + 1]);
    }
    cairo_stroke(m_cr);
}

void Canvas::arrow(double x1, double y1, double x2, double y2, Color c, double line_width) {
    line(x1, y1, x2, y2, c, line_width);
    double angle = std::atan2(y2 - y1, x2 - x1);
    double head = line_width * 4;
    double xy[] = {x2,
                   y2,
                   x2 - head * std::cos(angle - 0.45),
                   y2 - head * std::sin(angle - 0.45),
                   x2 - head * std::cos(angle + 0.45),
                   y2 - head * std::sin(angle + 0.45)};
    polygon(xy, 3, c);
}

void Canvas::text(double x, double y, const std::string& text, double size, Color c, Align align, bool bold,
                  bool halo) {
    if (m_font == nullptr) {
        return;
    }
    cairo_set_font_size(m_cr, size);
    cairo_text_extents_t extents;
    cairo_text_extents(m_cr, text.c_str(), &extents);
    double start = x;
    if (align == Align::Center) {
        start = x - extents.x_advance / 2;
    } else if (align == Align::Right) {
        start = x - extents.x_advance;
    }
    cairo_move_to(m_cr, start, y);
    cairo_text_path(m_cr, text.c_str());
    if (halo) {
        // A white rim keeps labels readable over bricks, leaves and water.
        set(kWhite);
        cairo_set_line_width(m_cr, size / 5);
        cairo_stroke_preserve(m_cr);
    }
    set(c);
    cairo_fill_preserve(m_cr);
    // The font has no bold face: a thin outline of the same colour thickens the strokes.
    cairo_set_line_width(m_cr, bold ? size / 28 : 0.01);
    if (bold) {
        cairo_stroke(m_cr);
    } else {
        cairo_new_path(m_cr);
    }
}

void Canvas::label(double px, double py, double tx, double ty, const std::string& text, double size, Color c,
                   Align align) {
    line(px, py, tx, ty - size * 0.35, c, 2);
    circle(px, py, 4, c);
    double offset = align == Align::Left ? 6 : (align == Align::Right ? -6 : 0);
    this->text(tx + offset, ty, text, size, c, align, false, true);
}

void Canvas::badge(double x, double y, int number, double radius, Color c) {
    circle(x, y, radius, c);
    text(x, y + radius * 0.5, std::to_string(number), radius * 1.4, kWhite, Align::Center, true);
}

core::Result<std::string> Canvas::png() {
    cairo_surface_flush(m_surface);
    std::string bytes;
    if (cairo_surface_write_to_png_stream(m_surface, append_png, &bytes) != CAIRO_STATUS_SUCCESS) {
        return core::Error{"draw_error", "cairo could not encode the PNG", ""};
    }
    return bytes;
}

}  // namespace xiangke::content::draw
