// Tracks from GPX 1.1 and KML: points, times, length and duration, and the
// refusals of broken files.
#include "geo/track.h"

#include <gtest/gtest.h>

namespace qf::geo {
namespace {

const char* kGpx = R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>巡护</name>
    <trkseg>
      <trkpt lat="37.50" lon="105.00"><ele>1230</ele><time>2026-11-20T08:00:00Z</time></trkpt>
      <trkpt lat="37.51" lon="105.00"><time>2026-11-20T08:30:00.500Z</time></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="37.51" lon="105.01"><time>2026-11-20T17:30:00+08:00</time></trkpt>
    </trkseg>
  </trk>
</gpx>)";

TEST(Track, GpxSegmentsJoinWithTimes) {
  auto t = track_from_gpx(kGpx);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->points.size(), 3u);
  EXPECT_DOUBLE_EQ(t->points[1].at.lat, 37.51);
  ASSERT_TRUE(t->points[0].time_ms);
  EXPECT_EQ(*t->points[0].time_ms, 1795161600000LL);  // 2026-11-20T08:00:00Z
  EXPECT_EQ(*t->points[1].time_ms - *t->points[0].time_ms, 30 * 60 * 1000 + 500);
  // 17:30 at +08:00 is 09:30 UTC: one and a half hours after the first.
  ASSERT_TRUE(track_hours(*t));
  EXPECT_NEAR(*track_hours(*t), 1.5, 1e-9);
  const double expected = (distance_metres({105.0, 37.5}, {105.0, 37.51}) +
                           distance_metres({105.0, 37.51}, {105.01, 37.51})) /
                          1000;
  EXPECT_NEAR(track_km(*t), expected, 1e-9);
  EXPECT_NEAR(track_km(*t), 1.11 + 0.88, 0.02);
  const auto line = track_geojson(*t);
  EXPECT_EQ(line["type"], "LineString");
  EXPECT_EQ(line["coordinates"].size(), 3u);
  EXPECT_EQ(path_from_geojson(line).size(), 3u);
}

TEST(Track, GpxRefusals) {
  auto broken = track_from_gpx("<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\">");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kMalformedRequest);
  EXPECT_NE(broken.error().message.find("GPX 文件格式错误"), std::string::npos);

  auto not_gpx = track_from_gpx("<kml/>");
  ASSERT_FALSE(not_gpx);
  EXPECT_NE(not_gpx.error().message.find("<gpx>"), std::string::npos);

  auto empty = track_from_gpx("<gpx version=\"1.1\"><wpt lat=\"37\" lon=\"105\"/></gpx>");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("没有轨迹点"), std::string::npos);

  auto range =
      track_from_gpx("<gpx><trk><trkseg><trkpt lat=\"137.5\" lon=\"105\"/></trkseg></trk></gpx>");
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().message.find("超出范围"), std::string::npos);

  auto no_lon = track_from_gpx("<gpx><trk><trkseg><trkpt lat=\"37.5\"/></trkseg></trk></gpx>");
  ASSERT_FALSE(no_lon);

  auto bad_time = track_from_gpx(
      "<gpx><trk><trkseg><trkpt lat=\"37.5\" lon=\"105\"><time>yesterday</time></trkpt>"
      "</trkseg></trk></gpx>");
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().message.find("ISO 8601"), std::string::npos);
}

TEST(Track, KmlLineStringAndGxTrack) {
  const std::string kml = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document>
  <Placemark><LineString><coordinates>105.0,37.5,0 105.0,37.51,0</coordinates></LineString></Placemark>
  <Placemark><gx:Track>
    <when>2026-11-20T08:00:00Z</when><when>2026-11-20T10:00:00Z</when>
    <gx:coord>105.01 37.51 1200</gx:coord><gx:coord>105.02 37.51 1201</gx:coord>
  </gx:Track></Placemark>
</Document></kml>)";
  auto t = track_from_kml(kml);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->points.size(), 4u);
  EXPECT_FALSE(t->points[0].time_ms);
  EXPECT_DOUBLE_EQ(t->points[2].at.lon, 105.01);
  ASSERT_TRUE(track_hours(*t));
  EXPECT_NEAR(*track_hours(*t), 2.0, 1e-9);
  EXPECT_GT(track_km(*t), 2.5);
}

TEST(Track, KmlRefusals) {
  auto nothing = track_from_kml("<kml><Document/></kml>");
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message.find("没有轨迹"), std::string::npos);
  auto mismatch =
      track_from_kml("<kml><gx:Track><when>2026-11-20T08:00:00Z</when></gx:Track></kml>");
  ASSERT_FALSE(mismatch);
  auto range = track_from_kml(
      "<kml><LineString><coordinates>205,37 105,37</coordinates></LineString></kml>");
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().message.find("超出范围"), std::string::npos);
}

}  // namespace
}  // namespace qf::geo
