// PlaceRepository: the places registry (markets, shops, restaurants,
// breeding farms with their 人工繁育许可证, exhibition units, tool shops,
// processing plants) of the plan's 五(四). Rules — who may register or close
// a place, which values are valid — live in service/place_service.h; this
// layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct LicensedSpecies {
  std::int64_t id = 0;
  std::string species_text;
  std::optional<std::int64_t> species_id;  // catalog record, when the name resolved
  std::int64_t quantity = 0;               // licensed head count
};

// 人工繁育许可证.
struct BreedingLicence {
  std::int64_t id = 0;
  std::int64_t place_id = 0;
  std::string licence_no;
  std::string issuer;
  std::int64_t valid_from = 0;  // epoch ms, 0 = not stated
  std::int64_t valid_to = 0;    // epoch ms, last moment of validity
  std::vector<LicensedSpecies> species;

  bool valid_at(std::int64_t t) const { return valid_from <= t && t <= valid_to; }
};

struct Place {
  std::int64_t id = 0;
  std::string place_type;
  std::string name;
  std::optional<std::int64_t> parent_id;
  std::string parent_name;  // read-only, joined
  std::string address;
  std::string township;
  std::optional<double> lon, lat;
  std::string operator_name;
  std::string contact_phone;
  std::string business_licence_no;
  std::int64_t owner_department_id = 0;
  std::string owner_department_code;  // read-only, joined
  std::string status = "active";
  std::int64_t closed_at = 0;
  std::string closure_basis;
  std::string note;
  bool demo = false;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::vector<BreedingLicence> licences;
};

struct PlaceQuery {
  std::optional<std::string> place_type;
  std::optional<std::string> township;
  std::optional<std::string> status;
  std::optional<std::string> text;  // substring of name or address
  std::optional<std::int64_t> parent_id;
  // Places holding a licence whose validity ends before this (epoch ms);
  // expired licences included.
  std::optional<std::int64_t> licence_expiring_before;
  int limit = 20;
  int offset = 0;
};

class PlaceRepository {
 public:
  // Inserts the place and its licences; sets ids, times and version 1.
  static Result<Place> insert(soci::session& s, Place p);
  // Writes every mutable field and replaces the licences if the stored
  // version is still expected_version (else kPreconditionFailed); version + 1.
  static Result<Place> update(soci::session& s, const Place& p, int expected_version);
  static Result<std::optional<Place>> find_by_id(soci::session& s, std::int64_t id);
  // Newest first, licences loaded.
  static Result<std::vector<Place>> list(soci::session& s, const PlaceQuery& q,
                                         std::int64_t* total);
};

}  // namespace qf::store
