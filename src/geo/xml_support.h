// pugixml helpers shared by the KML and GPX readers, internal to src/geo.
//
// Files come from many tools (Google Earth, 奥维, 两步路, GPS loggers), which
// write the same elements with or without a namespace prefix (kml:Polygon,
// gx:Track), so elements are matched by their local name.
#pragma once

#include <pugixml.hpp>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace qf::geo::xml {

// The element name without its namespace prefix.
std::string_view local_name(const pugi::xml_node& n);
// First child element with this local name (an empty node if none).
pugi::xml_node child(const pugi::xml_node& parent, std::string_view name);
std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view name);
// Every element below `root` with this local name, in document order.
std::vector<pugi::xml_node> descendants(const pugi::xml_node& root, std::string_view name);

// Parses text as XML (no DTDs, no entities beyond XML's own); what = "KML"
// or "GPX" for the message. kMalformedRequest with the byte offset on error.
Status load(pugi::xml_document& doc, std::string_view text, const char* what);

// KML coordinates: whitespace-separated "lon,lat[,alt]" tuples.
Result<std::vector<std::array<double, 2>>> coordinate_tuples(std::string_view text);

// ISO 8601 date-time as GPX and KML write it ("2026-11-20T08:30:00Z",
// fractions of a second, "+08:00" offsets; no zone = UTC) → epoch ms.
Result<std::int64_t> parse_iso8601_ms(std::string_view text);

}  // namespace qf::geo::xml
