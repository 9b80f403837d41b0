// A patrol's track: GPS points with optional times, read from GPX 1.1
// (trk/trkseg/trkpt with <time>) or KML (LineString coordinates, gx:Track
// with <when> and <gx:coord>), and measured. No I/O.
//
// Segments (trkseg, several LineStrings) are joined in file order into one
// path: a patrol is one walk, a gap where the GPS lost its fix is walked
// too, and the API shows the track as one GeoJSON LineString. Kilometres are
// great-circle lengths (geodesy.h); hours run from the first to the last
// timed point.
//
// Refusals are kMalformedRequest errors naming what is wrong (XML that does
// not parse, a point out of range, a time that is not ISO 8601, no points).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "geo/geodesy.h"

namespace qf::geo {

struct TrackPoint {
  LonLat at;
  std::optional<std::int64_t> time_ms;  // epoch ms, when the file gives one
};

struct Track {
  std::vector<TrackPoint> points;
};

// A day of 1-second fixes is 86 400 points; a week-long expedition fits.
inline constexpr std::size_t kMaxTrackPoints = 500000;

Result<Track> track_from_gpx(std::string_view xml);
Result<Track> track_from_kml(std::string_view xml);

// Kilometres along the track.
double track_km(const Track& t);
// Hours from the first to the last timed point; nullopt with fewer than two.
std::optional<double> track_hours(const Track& t);

// {"type":"LineString","coordinates":[[lon,lat],…]} (6 decimals, ~0.1 m).
nlohmann::json track_geojson(const Track& t);
// The path of a stored LineString (no times); empty for anything else.
std::vector<LonLat> path_from_geojson(const nlohmann::json& line_string);

}  // namespace qf::geo
