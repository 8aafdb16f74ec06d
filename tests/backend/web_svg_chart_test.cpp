// The server-drawn charts: a nice axis, one bar or dot per value with its value as a tooltip,
// Chinese labels escaped, a legend for several series, and a drawing that scales to its box.
#include <gtest/gtest.h>

#include <iterator>
#include <regex>

#include "web/svg_chart.h"

using namespace xiangke::backend::web;

namespace {

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

Chart weekly() {
    Chart chart;
    chart.title = "每周收到的求助";
    chart.x_label = "周";
    chart.y_label = "求助数";
    chart.categories = {"11-02", "11-09", "11-16"};
    chart.series = {{"求助", {3, 0, 17}}};
    return chart;
}

}  // namespace

TEST(SvgChart, NiceAxisCoversTheMaximumWithRoundSteps) {
    EXPECT_DOUBLE_EQ(nice_axis(17).max, 20);
    EXPECT_DOUBLE_EQ(nice_axis(17).step, 5);
    EXPECT_DOUBLE_EQ(nice_axis(100).max, 100);
    EXPECT_DOUBLE_EQ(nice_axis(101).max, 150);
    EXPECT_DOUBLE_EQ(nice_axis(3).step, 1);
    EXPECT_DOUBLE_EQ(nice_axis(0).max, 1);  // nothing to show still draws an axis
    EXPECT_DOUBLE_EQ(nice_axis(0.4).max, 0.4);
    for (double max : {1.0, 7.0, 49.0, 1234.0, 98765.0}) {
        AxisScale scale = nice_axis(max);
        EXPECT_GE(scale.max, max);
        EXPECT_LE(scale.max / scale.step, 10.0) << max;
    }
}

TEST(SvgChart, BarChartDrawsOneBarPerValueWithItsValueAndLabels) {
    std::string svg = svg_bar_chart(weekly());
    EXPECT_EQ(count_of(svg, "<rect "), 3u);
    EXPECT_NE(svg.find("<title>11-16 求助：17</title>"), std::string::npos);
    EXPECT_NE(svg.find(">求助数</text>"), std::string::npos);
    EXPECT_NE(svg.find(">11-09</text>"), std::string::npos);
    EXPECT_NE(svg.find("viewBox=\"0 0 720.0 300.0\""), std::string::npos);
    EXPECT_NE(svg.find("aria-label=\"每周收到的求助\""), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("figcaption"), std::string::npos);  // one series: no legend
    // The tallest bar reaches 17/20 of the plot height (220 units): 187.
    EXPECT_NE(svg.find("height=\"187.0\""), std::string::npos);
}

TEST(SvgChart, LineChartHasALegendAndEscapesNames) {
    Chart chart = weekly();
    chart.series = {{"水稻<病虫害>", {1, 2, 3}}, {"茶叶 & 果树", {3, 2, 1}}};
    std::string svg = svg_line_chart(chart);
    EXPECT_EQ(count_of(svg, "<polyline "), 2u);
    EXPECT_EQ(count_of(svg, "<circle "), 6u);
    EXPECT_NE(svg.find("水稻&lt;病虫害&gt;"), std::string::npos);
    EXPECT_NE(svg.find("茶叶 &amp; 果树"), std::string::npos);
    EXPECT_EQ(svg.find("<病虫害>"), std::string::npos);
    EXPECT_NE(svg.find("<figcaption class=\"legend\">"), std::string::npos);
}

TEST(SvgChart, ManyCategoriesLabelEveryFewSoLabelsNeverOverlap) {
    Chart chart;
    chart.title = "t";
    for (int i = 0; i < 52; ++i) {
        chart.categories.push_back("w" + std::to_string(i));
    }
    chart.series = {{"s", std::vector<double>(52, 1)}};
    std::string svg = svg_bar_chart(chart);
    EXPECT_EQ(count_of(svg, "<rect "), 52u);
    const std::regex label(">w[0-9]+</text>");
    const auto labels =
        static_cast<size_t>(std::distance(std::sregex_iterator(svg.begin(), svg.end(), label), std::sregex_iterator()));
    EXPECT_LE(labels, 13u);
    EXPECT_GE(labels, 10u);
    // Empty data draws an empty frame, not a crash.
    EXPECT_NE(svg_line_chart(Chart{}).find("<svg"), std::string::npos);
}
