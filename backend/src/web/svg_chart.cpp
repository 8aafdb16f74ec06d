#include "web/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "web/admin_shell.h"
#include "web/html.h"

namespace xiangke::backend::web {
namespace {

// Drawing area in viewBox units; the SVG scales to the width of its box.
constexpr double kWidth = 720;
constexpr double kHeight = 300;
constexpr double kLeft = 56;
constexpr double kRight = 12;
constexpr double kTop = 28;
constexpr double kBottom = 52;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;

// Colours told apart also by lightness, so a grey printout still separates the series.
constexpr const char* kColours[] = {"#24552a", "#d08a1e", "#3a6ea5", "#9b3b3b",
                                    "#6b5ca5", "#5b8f7a", "#8a7350", "#b05c8a"};

std::string num(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

std::string colour(size_t series) {
    return kColours[series % (sizeof kColours / sizeof kColours[0])];
}

double max_value(const Chart& chart) {
    double max = 0;
    for (const auto& s : chart.series) {
        for (double v : s.values) {
            if (std::isfinite(v)) {
                max = std::max(max, v);
            }
        }
    }
    return max;
}

double y_of(double value, const AxisScale& scale) {
    return kTop + kPlotHeight - (std::max(0.0, value) / scale.max) * kPlotHeight;
}

// Every n-th category label, so labels never overlap (about 12 fit across).
size_t label_stride(size_t categories) {
    return std::max<size_t>(1, (categories + 11) / 12);
}

std::string open_svg(const Chart& chart, const AxisScale& scale) {
    std::string svg = "<figure class=\"chart\"><svg viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
                      "\" role=\"img\" aria-label=\"" + escape(chart.title) +
                      "\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\" "
                      "font-family=\"Noto Sans CJK SC,WenQuanYi Micro Hei,sans-serif\">";
    svg += "<title>" + escape(chart.title) + "</title>";
    // Grid lines and y tick labels.
    for (double tick = 0; tick <= scale.max + scale.step / 2; tick += scale.step) {
        const double y = y_of(tick, scale);
        svg += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) + "\" y1=\"" + num(y) + "\" y2=\"" +
               num(y) + "\" stroke=\"#dde0d8\"/>";
        svg += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\" fill=\"#444\">" +
               format_number(tick, 2) + "</text>";
    }
    // Axes and their titles.
    svg += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft) + "\" y1=\"" + num(kTop) + "\" y2=\"" +
           num(kTop + kPlotHeight) + "\" stroke=\"#555\"/>";
    svg += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) + "\" y1=\"" + num(kTop + kPlotHeight) +
           "\" y2=\"" + num(kTop + kPlotHeight) + "\" stroke=\"#555\"/>";
    svg += "<text x=\"" + num(kLeft) + "\" y=\"16\" fill=\"#333\">" + escape(chart.y_label) + "</text>";
    svg += "<text x=\"" + num(kLeft + kPlotWidth / 2) + "\" y=\"" + num(kHeight - 6) +
           "\" text-anchor=\"middle\" fill=\"#333\">" + escape(chart.x_label) + "</text>";
    return svg;
}

std::string category_labels(const Chart& chart, double slot) {
    std::string svg;
    const size_t stride = label_stride(chart.categories.size());
    for (size_t i = 0; i < chart.categories.size(); i += stride) {
        const double x = kLeft + slot * (static_cast<double>(i) + 0.5);
        svg += "<text x=\"" + num(x) + "\" y=\"" + num(kTop + kPlotHeight + 16) +
               "\" text-anchor=\"middle\" fill=\"#444\">" + escape(chart.categories[i]) + "</text>";
    }
    return svg;
}

// Legend under the SVG as HTML, so long topic names wrap instead of running off the drawing.
std::string close_svg(const Chart& chart) {
    std::string html = "</svg>";
    if (chart.series.size() > 1) {
        html += "<figcaption class=\"legend\">";
        for (size_t s = 0; s < chart.series.size(); ++s) {
            html +=
                "<span><svg viewBox=\"0 0 10 10\" width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" "
                "height=\"10\" fill=\"" +
                colour(s) + "\"/></svg> " + escape(chart.series[s].name) + "</span>";
        }
        html += "</figcaption>";
    }
    return html + "</figure>";
}

}  // namespace

AxisScale nice_axis(double max) {
    if (!(max > 0) || !std::isfinite(max)) {
        return {1, 1};
    }
    // About five ticks: a step of 1, 2 or 5 × 10^n.
    const double raw = max / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= raw) {
            break;
        }
    }
    if (step < 1 && max >= 1) {
        step = 1;
    }
    return {std::ceil(max / step - 1e-9) * step, step};
}

std::string svg_bar_chart(const Chart& chart) {
    const AxisScale scale = nice_axis(max_value(chart));
    std::string svg = open_svg(chart, scale);
    const size_t n = chart.categories.size();
    const size_t series = std::max<size_t>(1, chart.series.size());
    if (n > 0) {
        const double slot = kPlotWidth / static_cast<double>(n);
        const double bar = slot * 0.8 / static_cast<double>(series);
        for (size_t s = 0; s < chart.series.size(); ++s) {
            const auto& values = chart.series[s].values;
            for (size_t i = 0; i < n && i < values.size(); ++i) {
                const double y = y_of(values[i], scale);
                const double x = kLeft + slot * static_cast<double>(i) + slot * 0.1 + bar * static_cast<double>(s);
                svg += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(bar - 1, 1.0)) +
                       "\" height=\"" + num(kTop + kPlotHeight - y) + "\" fill=\"" + colour(s) + "\"><title>" +
                       escape(chart.categories[i]) + " " + escape(chart.series[s].name) + "：" +
                       format_number(values[i], 2) + "</title></rect>";
            }
        }
        svg += category_labels(chart, slot);
    }
    return svg + close_svg(chart);
}

std::string svg_line_chart(const Chart& chart) {
    const AxisScale scale = nice_axis(max_value(chart));
    std::string svg = open_svg(chart, scale);
    const size_t n = chart.categories.size();
    if (n > 0) {
        const double slot = kPlotWidth / static_cast<double>(n);
        for (size_t s = 0; s < chart.series.size(); ++s) {
            const auto& values = chart.series[s].values;
            std::string points;
            std::string dots;
            for (size_t i = 0; i < n && i < values.size(); ++i) {
                const double x = kLeft + slot * (static_cast<double>(i) + 0.5);
                const double y = y_of(values[i], scale);
                points += (points.empty() ? "" : " ") + num(x) + "," + num(y);
                dots += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"2.5\" fill=\"" + colour(s) +
                        "\"><title>" + escape(chart.categories[i]) + " " + escape(chart.series[s].name) + "：" +
                        format_number(values[i], 2) + "</title></circle>";
            }
            svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + colour(s) +
                   "\" stroke-width=\"2\"/>" + dots;
        }
        svg += category_labels(chart, slot);
    }
    return svg + close_svg(chart);
}

}  // namespace xiangke::backend::web
