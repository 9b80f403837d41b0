// Charts as PNG images for the joint-action report (report/docx_writer.h
// embeds them): drawn with cairo, labels in a CJK font fontconfig finds for
// zh-CN (Noto Sans/Serif CJK SC, WenQuanYi …), so Chinese never shows as
// boxes. The same input gives the same bytes (no timestamps in the PNG,
// no randomness) on one machine.
//
//  - Bar chart: one bar per category (a department's figure), the value
//    above each bar, categories under the axis.
//  - Trend chart: bars per period (the first series) with a line (the
//    second series, optional) over the same axis, a legend naming both.
// Failures (cairo could not draw or encode) are kInternal.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace qf::report {

struct ChartBar {
  std::string label;
  double value = 0;
};

struct BarChart {
  std::string title;
  std::string unit;  // shown beside the title: "（件）"
  std::vector<ChartBar> bars;
};

struct TrendChart {
  std::string title;
  std::string unit;
  std::vector<std::string> labels;  // one per period, e.g. "3月"
  std::string bar_name;             // legend of the bars
  std::vector<double> bars;
  std::string line_name;  // legend of the line; empty: no line
  std::vector<double> line;
};

// The family fontconfig picks for Chinese text ("Noto Sans CJK SC" here).
std::string chart_font_family();

Result<std::string> render_bar_chart(const BarChart& chart, int width = 1200, int height = 700);
Result<std::string> render_trend_chart(const TrendChart& chart, int width = 1200, int height = 700);

}  // namespace qf::report
