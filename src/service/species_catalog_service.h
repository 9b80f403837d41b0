// SpeciesCatalogService: the species catalog as every node sees it — the
// lists Qingfeng ships plus those an administrator imported — and the
// imports themselves.
//
//  - sync_shipped() loads each compiled-in file of data/species whose
//    checksum differs from the one last loaded (migrate and serve run it),
//    so an upgrade that corrects a row reaches every database once.
//  - catalog() answers an immutable law::SpeciesCatalog, cached per process
//    and rebuilt when the catalog revision in the database moved (another
//    node, or a CLI import, changed a list).
//  - import() loads a provincial key list, CITES statuses, aliases or base
//    values (基准价值) from CSV: administrators and the office only; all or
//    nothing; audited with the list's before/after summary. Shipped lists
//    cannot be overwritten by an import (a correction belongs in the file).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "law/species_catalog.h"
#include "service/service_context.h"
#include "store/species_repository.h"

namespace qf::service {

// Per-process cache of the built catalog (one per ServiceContext).
class SpeciesCatalogCache {
 public:
  std::shared_ptr<const law::SpeciesCatalog> get(std::int64_t revision) const;
  void put(std::int64_t revision, std::shared_ptr<const law::SpeciesCatalog> catalog);

 private:
  mutable std::mutex mu_;
  std::int64_t revision_ = -1;
  std::shared_ptr<const law::SpeciesCatalog> catalog_;
};

struct SpeciesImport {
  std::string code;    // [a-z0-9_-]{2,40}, e.g. ningxia2024
  std::string title;   // e.g. 宁夏回族自治区重点保护野生动物名录
  std::string source;  // the document, e.g. 宁夏回族自治区人民政府公告…
  std::string kind = "species";  // species | aliases | base_values
  std::string csv;
  bool dry_run = false;
};

struct SpeciesImportResult {
  std::string code;
  std::string kind;
  bool dry_run = false;
  std::int64_t rows = 0;
  store::ReplaceCounts counts;  // zero for a dry run
};

// A list with its size as the catalog counts it and, for shipped lists,
// the official totals and declared gaps of data/species/lists.toml.
struct SpeciesListInfo {
  store::SpeciesList list;
  law::ListCounts counts;
  nlohmann::json official;  // null when the manifest states none
  nlohmann::json gaps;      // array
};

class SpeciesCatalogService {
 public:
  explicit SpeciesCatalogService(ServiceContext& ctx) : ctx_(ctx) {}

  // Number of shipped files loaded (0 when all were current).
  Result<int> sync_shipped(const CallContext& call);
  Result<std::shared_ptr<const law::SpeciesCatalog>> catalog();
  // The same, reading through the caller's session (inside its transaction).
  Result<std::shared_ptr<const law::SpeciesCatalog>> catalog(soci::session& s);
  Result<SpeciesImportResult> import(const CallContext& call, const SpeciesImport& in);
  Result<std::vector<SpeciesListInfo>> lists();

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
