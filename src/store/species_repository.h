// SpeciesRepository: the species catalog's tables (species_lists, species,
// species_aliases, species_base_values, species_catalog_revision).
//
// A list is replaced as a whole, inside the caller's transaction: rows are
// upserted by (list, rank, Latin name) so that their ids — which case items
// keep — survive a reload; rows the new version no longer has are retired
// (kept, hidden from the catalog). Every replacement bumps the catalog
// revision, which each node compares to rebuild its in-memory catalog.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"
#include "law/species_catalog.h"

namespace qf::store {

struct SpeciesList {
  std::string code;
  std::string title;
  std::string source;
  std::string kind;    // species | aliases | base_values
  std::string origin;  // shipped | imported
  std::string checksum;
  std::int64_t row_count = 0;
  std::int64_t loaded_at = 0;
  std::string loaded_by;
};

struct SpeciesCatalogRows {
  std::vector<law::SpeciesRecord> records;  // not retired; ids from the table
  std::vector<law::CitesAnnotation> annotations;
  std::vector<law::SpeciesAlias> aliases;
  std::vector<law::BaseValue> base_values;
};

struct ReplaceCounts {
  std::int64_t inserted = 0, updated = 0, retired = 0;
};

class SpeciesRepository {
 public:
  static Result<std::vector<SpeciesList>> lists(soci::session& s);
  static Result<std::optional<SpeciesList>> find_list(soci::session& s, const std::string& code);

  // `list.kind` must be "species".
  static Result<ReplaceCounts> replace_species(soci::session& s, const SpeciesList& list,
                                               const law::ParsedSpeciesList& rows);
  static Result<ReplaceCounts> replace_aliases(soci::session& s, const SpeciesList& list,
                                               const std::vector<law::SpeciesAlias>& rows);
  static Result<ReplaceCounts> replace_base_values(soci::session& s, const SpeciesList& list,
                                                   const std::vector<law::BaseValue>& rows);

  static Result<std::int64_t> revision(soci::session& s);
  static Result<SpeciesCatalogRows> load(soci::session& s);
  // Whether a species row with this id exists (retired rows included).
  static Result<bool> exists(soci::session& s, std::int64_t id);
};

}  // namespace qf::store
