// Charts: valid PNGs of the asked size, with drawn (non-white) pixels, the
// same bytes for the same input, and a CJK font for the labels.
#include "report/chart_png.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <string>

#include "report/docx_writer.h"

namespace qf::report {
namespace {

struct Reader {
  const std::string* data;
  std::size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* out, unsigned int length) {
  auto* r = static_cast<Reader*>(closure);
  if (r->at + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(r->data->data() + r->at, length, out);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// Share of pixels that are not white, and of pixels in the bar colour.
void pixels(const std::string& png, double& ink, double& blue) {
  Reader r{&png};
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(read_png, &r);
  ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* d = cairo_image_surface_get_data(s);
  long inked = 0, blued = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const auto* p = d + y * stride + x * 4;  // B G R x
      if (p[0] < 250 || p[1] < 250 || p[2] < 250) ++inked;
      if (p[0] > 150 && p[2] < 80) ++blued;
    }
  ink = static_cast<double>(inked) / (w * h);
  blue = static_cast<double>(blued) / (w * h);
  cairo_surface_destroy(s);
}

TEST(ChartPngTest, BarChartIsADrawnPngOfTheAskedSize) {
  BarChart chart{"各部门立案数",
                 "件",
                 {{"林草局", 12}, {"农业农村局", 5}, {"公安局", 0}, {"市场监管局", 7.5}}};
  auto png = render_bar_chart(chart, 800, 450);
  ASSERT_TRUE(png.has_value()) << png.error().message;
  int w = 0, h = 0;
  ASSERT_TRUE(png_size(*png, w, h));
  EXPECT_EQ(w, 800);
  EXPECT_EQ(h, 450);
  double ink = 0, blue = 0;
  pixels(*png, ink, blue);
  EXPECT_GT(ink, 0.05);
  EXPECT_GT(blue, 0.02);  // the bars
  EXPECT_LT(ink, 0.9);
  // Deterministic.
  auto again = render_bar_chart(chart, 800, 450);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*png, *again);
}

TEST(ChartPngTest, TrendChartWithLineAndAnEmptyChart) {
  TrendChart t{"案件与线索趋势", "件",     {"1月", "2月", "3月"}, "立案", {3, 5, 2},
               "举报线索",       {6, 4, 9}};
  auto png = render_trend_chart(t);
  ASSERT_TRUE(png.has_value());
  int w = 0, h = 0;
  ASSERT_TRUE(png_size(*png, w, h));
  EXPECT_EQ(w, 1200);
  EXPECT_EQ(h, 700);
  double ink = 0, blue = 0;
  pixels(*png, ink, blue);
  EXPECT_GT(ink, 0.03);

  BarChart empty{"无数据", "", {}};
  auto e = render_bar_chart(empty, 400, 300);
  ASSERT_TRUE(e.has_value());
  ASSERT_TRUE(png_size(*e, w, h));
  EXPECT_EQ(w, 400);
}

TEST(ChartPngTest, PicksACjkFont) {
  const std::string family = chart_font_family();
  EXPECT_FALSE(family.empty());
  // fonts-noto-cjk (or another CJK family) must be installed.
  EXPECT_TRUE(family.find("CJK") != std::string::npos ||
              family.find("WenQuanYi") != std::string::npos ||
              family.find("Hei") != std::string::npos || family.find("Song") != std::string::npos)
      << family;
}

}  // namespace
}  // namespace qf::report
