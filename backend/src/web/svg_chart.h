#pragma once
// Charts drawn on the server as inline SVG: no JavaScript (the pages' Content-Security-Policy
// forbids scripts), nothing to install or serve, readable without colour, printable, and each
// chart is followed by the table of its numbers (docs/admin-web.md). Labels are Chinese text
// in <text> elements; the SVG scales to its box (viewBox) so it never widens a phone's page.
#include <cstdint>
#include <string>
#include <vector>

namespace xiangke::backend::web {

struct ChartSeries {
    std::string name;            // legend text, e.g. 水稻病虫害
    std::vector<double> values;  // one per category (x label)
};

struct Chart {
    std::string title;    // the chart's accessible name and caption
    std::string x_label;  // axis titles, e.g. 周, 求助数
    std::string y_label;
    std::vector<std::string> categories;  // x labels, e.g. 12-01
    std::vector<ChartSeries> series;
};

// Bars side by side per category (one series: plain bars). Empty data draws an empty frame.
std::string svg_bar_chart(const Chart& chart);
// One line with dots per series.
std::string svg_line_chart(const Chart& chart);

// A "nice" axis maximum at or above `max` (1, 2, 5 × 10^n), and its tick step.
struct AxisScale {
    double max = 1;
    double step = 1;
};
AxisScale nice_axis(double max);

}  // namespace xiangke::backend::web
