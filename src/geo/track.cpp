#include "geo/track.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "geo/xml_support.h"

namespace qf::geo {
namespace {

tl::unexpected<Error> track_error(std::string message) {
  return tl::unexpected<Error>(
      Error{ErrorCode::kMalformedRequest, "轨迹文件无效：" + message, {{"track", message}}, 0});
}

Status check_point(const LonLat& p, std::size_t index) {
  if (p.lon >= -180 && p.lon <= 180 && p.lat >= -90 && p.lat <= 90) return {};
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f", p.lon, p.lat);
  return track_error("第 " + std::to_string(index + 1) + " 个轨迹点坐标超出范围（" + buf +
                     "）：经度应在 -180～180、纬度应在 -90～90");
}

bool attribute_double(const pugi::xml_node& n, const char* name, double& out) {
  const auto a = n.attribute(name);
  if (!a) return false;
  std::string_view v = a.value();
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size() && !v.empty();
}

Status add_point(Track& t, TrackPoint p) {
  if (t.points.size() >= kMaxTrackPoints)
    return track_error("轨迹点过多（最多 " + std::to_string(kMaxTrackPoints) + " 个）");
  if (auto ok = check_point(p.at, t.points.size()); !ok) return ok;
  t.points.push_back(p);
  return {};
}

Result<std::optional<std::int64_t>> time_of(const pugi::xml_node& when, std::size_t index) {
  if (!when) return std::optional<std::int64_t>();
  auto ms = xml::parse_iso8601_ms(when.text().get());
  if (!ms)
    return track_error("第 " + std::to_string(index + 1) + " 个轨迹点的" + ms.error().message);
  return std::optional<std::int64_t>(*ms);
}

Result<Track> checked(Track t, const char* what) {
  if (t.points.empty()) return track_error(std::string(what) + " 文件中没有轨迹点");
  return t;
}

double rounded(double v) { return std::round(v * 1e6) / 1e6; }

}  // namespace

Result<Track> track_from_gpx(std::string_view text) {
  pugi::xml_document doc;
  if (auto ok = xml::load(doc, text, "GPX"); !ok) return track_error(ok.error().message);
  const auto gpx = xml::child(doc, "gpx");
  if (!gpx) return track_error("不是 GPX 文件（根元素应为 <gpx>）");
  Track t;
  for (const auto& trk : xml::children(gpx, "trk")) {
    for (const auto& seg : xml::children(trk, "trkseg")) {
      for (const auto& pt : xml::children(seg, "trkpt")) {
        TrackPoint p;
        if (!attribute_double(pt, "lon", p.at.lon) || !attribute_double(pt, "lat", p.at.lat))
          return track_error("第 " + std::to_string(t.points.size() + 1) +
                             " 个轨迹点缺少 lat/lon 属性或其值不是数字");
        auto when = time_of(xml::child(pt, "time"), t.points.size());
        if (!when) return tl::unexpected(when.error());
        p.time_ms = *when;
        if (auto ok = add_point(t, p); !ok) return tl::unexpected(ok.error());
      }
    }
  }
  if (t.points.empty()) return track_error("GPX 文件中没有轨迹点（trk/trkseg/trkpt）");
  return t;
}

Result<Track> track_from_kml(std::string_view text) {
  pugi::xml_document doc;
  if (auto ok = xml::load(doc, text, "KML"); !ok) return track_error(ok.error().message);
  if (!xml::child(doc, "kml")) return track_error("不是 KML 文件（根元素应为 <kml>）");
  Track t;
  // LineStrings and gx:Tracks in document order: walk every element once.
  struct Walker : pugi::xml_tree_walker {
    std::vector<pugi::xml_node> found;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() != pugi::node_element) return true;
      const auto name = xml::local_name(n);
      if (name == "LineString" || name == "Track") found.push_back(n);
      return true;
    }
  } walker;
  doc.traverse(walker);
  for (const auto& node : walker.found) {
    if (xml::local_name(node) == "LineString") {
      auto tuples = xml::coordinate_tuples(xml::child(node, "coordinates").text().get());
      if (!tuples) return track_error(tuples.error().message);
      for (const auto& c : *tuples)
        if (auto ok = add_point(t, {{c[0], c[1]}, std::nullopt}); !ok)
          return tl::unexpected(ok.error());
      continue;
    }
    // gx:Track: <when> and <gx:coord> ("lon lat alt") pair up in order.
    const auto whens = xml::children(node, "when");
    const auto coords = xml::children(node, "coord");
    if (!whens.empty() && whens.size() != coords.size())
      return track_error("gx:Track 中 when 与 gx:coord 的个数不一致");
    for (std::size_t i = 0; i < coords.size(); ++i) {
      std::string tuple = coords[i].text().get();
      // "lon lat alt" → "lon,lat,alt" for the shared tuple reader.
      std::string joined;
      bool in_space = false;
      for (char c : tuple) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
          in_space = !joined.empty();
        } else {
          if (in_space) joined += ',';
          in_space = false;
          joined += c;
        }
      }
      auto parsed = xml::coordinate_tuples(joined);
      if (!parsed || parsed->size() != 1)
        return track_error("gx:coord 格式错误：“" + tuple.substr(0, 60) +
                           "”，应为“经度 纬度 高程”");
      TrackPoint p{{(*parsed)[0][0], (*parsed)[0][1]}, std::nullopt};
      if (!whens.empty()) {
        auto when = time_of(whens[i], t.points.size());
        if (!when) return tl::unexpected(when.error());
        p.time_ms = *when;
      }
      if (auto ok = add_point(t, p); !ok) return tl::unexpected(ok.error());
    }
  }
  if (t.points.empty()) return track_error("KML 文件中没有轨迹（LineString 或 gx:Track）");
  return checked(std::move(t), "KML");
}

double track_km(const Track& t) {
  std::vector<LonLat> path;
  path.reserve(t.points.size());
  for (const auto& p : t.points) path.push_back(p.at);
  return path_length_metres(path) / 1000.0;
}

std::optional<double> track_hours(const Track& t) {
  // Earliest to latest: a logger that wrote its points out of order still
  // spans the same time.
  std::optional<std::int64_t> first, last;
  for (const auto& p : t.points) {
    if (!p.time_ms) continue;
    if (!first || *p.time_ms < *first) first = p.time_ms;
    if (!last || *p.time_ms > *last) last = p.time_ms;
  }
  if (!first || *last == *first) return std::nullopt;
  return static_cast<double>(*last - *first) / 3'600'000.0;
}

nlohmann::json track_geojson(const Track& t) {
  nlohmann::json coords = nlohmann::json::array();
  for (const auto& p : t.points) coords.push_back({rounded(p.at.lon), rounded(p.at.lat)});
  return {{"type", "LineString"}, {"coordinates", std::move(coords)}};
}

std::vector<LonLat> path_from_geojson(const nlohmann::json& line) {
  std::vector<LonLat> path;
  if (!line.is_object() || line.value("type", "") != "LineString") return path;
  auto coords = line.find("coordinates");
  if (coords == line.end() || !coords->is_array()) return path;
  for (const auto& p : *coords)
    if (p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number())
      path.push_back({p[0].get<double>(), p[1].get<double>()});
  return path;
}

}  // namespace qf::geo
