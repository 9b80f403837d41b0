#include "report/chart_png.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace qf::report {
namespace {

struct Rgb {
  double r, g, b;
};
constexpr Rgb kBar{0.16, 0.45, 0.70};
constexpr Rgb kLine{0.85, 0.33, 0.10};
constexpr Rgb kGrid{0.85, 0.85, 0.85};
constexpr Rgb kText{0.15, 0.15, 0.15};

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// "1,234" / "12.5": whole numbers without decimals, others with one.
std::string number(double v) {
  char buf[64];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A round axis maximum at or above `v` (1, 2, 5 × 10^n).
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double exp = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * exp >= v) return m * exp;
  return 10 * exp;
}

void text_at(cairo_t* cr, const std::string& s, double x, double y, double size,
             double align = 0.5) {
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  cairo_move_to(cr, x - e.x_advance * align, y);
  cairo_show_text(cr, s.c_str());
}

// Shortens a label to fit `width` pixels, ending it with "…".
std::string fit(cairo_t* cr, std::string s, double width) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  if (e.x_advance <= width) return s;
  while (!s.empty()) {
    // Drop one UTF-8 character.
    std::size_t cut = s.size() - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
    const std::string candidate = s + "…";
    cairo_text_extents(cr, candidate.c_str(), &e);
    if (e.x_advance <= width) return candidate;
  }
  return s;
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Canvas {
  Surface surface{nullptr, &cairo_surface_destroy};
  Context cr{nullptr, &cairo_destroy};
};

Result<Canvas> canvas(int width, int height) {
  Canvas c;
  c.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  if (cairo_surface_status(c.surface.get()) != CAIRO_STATUS_SUCCESS)
    return fail(ErrorCode::kInternal, "无法创建图表画布");
  c.cr.reset(cairo_create(c.surface.get()));
  cairo_t* cr = c.cr.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, chart_font_family().c_str(), CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_NORMAL);
  // Grey-scale antialiasing: the same pixels whatever the display settings.
  auto options = cairo_font_options_create();
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
  return c;
}

Result<std::string> encode(Canvas& c) {
  cairo_surface_flush(c.surface.get());
  std::string png;
  if (cairo_surface_write_to_png_stream(c.surface.get(), append_png, &png) != CAIRO_STATUS_SUCCESS)
    return fail(ErrorCode::kInternal, "无法生成图表图片");
  return png;
}

struct Plot {
  double left, top, right, bottom, max;
  double y(double v) const { return bottom - (bottom - top) * v / max; }
};

// Title, y grid with its values, the axis; returns the plot area.
Plot frame(cairo_t* cr, int width, int height, const std::string& title, const std::string& unit,
           double max_value, double legend_space) {
  colour(cr, kText);
  text_at(cr, title + (unit.empty() ? "" : "（" + unit + "）"), width / 2.0, 52, 34);
  Plot p{110, 90 + legend_space, width - 40.0, height - 110.0, nice_ceiling(max_value)};
  cairo_set_line_width(cr, 1);
  for (int i = 0; i <= 5; ++i) {
    const double v = p.max * i / 5;
    const double y = std::round(p.y(v)) + 0.5;
    colour(cr, kGrid);
    cairo_move_to(cr, p.left, y);
    cairo_line_to(cr, p.right, y);
    cairo_stroke(cr);
    colour(cr, kText);
    text_at(cr, number(v), p.left - 12, y + 8, 22, 1.0);
  }
  colour(cr, kText);
  cairo_set_line_width(cr, 2);
  cairo_move_to(cr, p.left, p.bottom);
  cairo_line_to(cr, p.right, p.bottom);
  cairo_stroke(cr);
  return p;
}

void category_labels(cairo_t* cr, const Plot& p, const std::vector<std::string>& labels) {
  const double slot = (p.right - p.left) / std::max<std::size_t>(labels.size(), 1);
  cairo_set_font_size(cr, 24);
  colour(cr, kText);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string label = fit(cr, labels[i], slot - 6);
    text_at(cr, label, p.left + slot * (i + 0.5), p.bottom + 36, 24);
  }
}

void legend(cairo_t* cr, double x, double y, Rgb c, const std::string& name, bool line) {
  colour(cr, c);
  if (line) {
    cairo_set_line_width(cr, 4);
    cairo_move_to(cr, x, y - 8);
    cairo_line_to(cr, x + 36, y - 8);
    cairo_stroke(cr);
  } else {
    cairo_rectangle(cr, x, y - 18, 36, 20);
    cairo_fill(cr);
  }
  colour(cr, kText);
  text_at(cr, name, x + 46, y, 24, 0);
}

}  // namespace

std::string chart_font_family() {
  static const std::string family = [] {
    std::string out = "Noto Sans CJK SC";
    FcConfig* config = FcInitLoadConfigAndFonts();
    if (config == nullptr) return out;
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(":lang=zh-cn"));
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(config, pattern, &result);
    FcChar8* name = nullptr;
    if (match != nullptr && FcPatternGetString(match, FC_FAMILY, 0, &name) == FcResultMatch)
      out = reinterpret_cast<const char*>(name);
    if (match != nullptr) FcPatternDestroy(match);
    FcPatternDestroy(pattern);
    FcConfigDestroy(config);
    return out;
  }();
  return family;
}

Result<std::string> render_bar_chart(const BarChart& chart, int width, int height) {
  auto c = canvas(width, height);
  if (!c) return tl::unexpected(c.error());
  cairo_t* cr = c->cr.get();
  double max_value = 0;
  for (const auto& b : chart.bars) max_value = std::max(max_value, b.value);
  const Plot p = frame(cr, width, height, chart.title, chart.unit, max_value, 0);
  const double slot = (p.right - p.left) / std::max<std::size_t>(chart.bars.size(), 1);
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const auto& b = chart.bars[i];
    const double x = p.left + slot * i + slot * 0.2;
    const double top = p.y(std::max(b.value, 0.0));
    colour(cr, kBar);
    cairo_rectangle(cr, x, top, slot * 0.6, p.bottom - top);
    cairo_fill(cr);
    colour(cr, kText);
    text_at(cr, number(b.value), x + slot * 0.3, top - 8, 22);
    labels.push_back(b.label);
  }
  category_labels(cr, p, labels);
  return encode(*c);
}

Result<std::string> render_trend_chart(const TrendChart& chart, int width, int height) {
  auto c = canvas(width, height);
  if (!c) return tl::unexpected(c.error());
  cairo_t* cr = c->cr.get();
  double max_value = 0;
  for (double v : chart.bars) max_value = std::max(max_value, v);
  for (double v : chart.line) max_value = std::max(max_value, v);
  const Plot p = frame(cr, width, height, chart.title, chart.unit, max_value, 40);
  legend(cr, p.left + 10, 112, kBar, chart.bar_name, false);
  if (!chart.line_name.empty()) legend(cr, p.left + 330, 112, kLine, chart.line_name, true);

  const std::size_t n = chart.labels.size();
  const double slot = (p.right - p.left) / std::max<std::size_t>(n, 1);
  for (std::size_t i = 0; i < n && i < chart.bars.size(); ++i) {
    const double x = p.left + slot * i + slot * 0.25;
    const double top = p.y(std::max(chart.bars[i], 0.0));
    colour(cr, kBar);
    cairo_rectangle(cr, x, top, slot * 0.5, p.bottom - top);
    cairo_fill(cr);
    colour(cr, kText);
    text_at(cr, number(chart.bars[i]), x + slot * 0.25, top - 8, 20);
  }
  if (!chart.line_name.empty() && !chart.line.empty()) {
    colour(cr, kLine);
    cairo_set_line_width(cr, 4);
    for (std::size_t i = 0; i < n && i < chart.line.size(); ++i) {
      const double x = p.left + slot * (i + 0.5);
      const double y = p.y(std::max(chart.line[i], 0.0));
      if (i == 0)
        cairo_move_to(cr, x, y);
      else
        cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
    for (std::size_t i = 0; i < n && i < chart.line.size(); ++i) {
      cairo_arc(cr, p.left + slot * (i + 0.5), p.y(std::max(chart.line[i], 0.0)), 6, 0, 2 * M_PI);
      cairo_fill(cr);
    }
  }
  category_labels(cr, p, chart.labels);
  return encode(*c);
}

}  // namespace qf::report
