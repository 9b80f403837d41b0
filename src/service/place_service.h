// PlaceService: the places registry of the joint clean-up (集中清理整顿
// 非法经营市场和商户, the plan's 五(四)) — 农贸市场, 花鸟市场 and the shops in
// them, 宾馆饭店, 养殖场(户) with their 人工繁育许可证, 展演展示单位, 猎具渔具店
// and 加工厂.
//
//  - A place has a type (place_registry_types()), a name, address, township,
//    position, operator, phone and business licence number, and a status:
//    active (正常经营) → rectifying (整改中, set while a rectification order
//    is open) → closed (取缔: the date and the basis — decision number, law —
//    are required; closing is audited as place.close).
//  - A shop (market_shop) lies in a market (farmers_market or
//    flower_bird_market) named as its parent; no other type has a parent.
//  - Breeding farms carry their licences: number, issuer, validity and the
//    licensed species with head counts. A species name resolves to the
//    species catalog when it names exactly one record (species_id), else it
//    stays text. Editing a place's licences replaces them as a whole.
//  - Import: CSV (UTF-8, header row; columns place_import_columns()) or an
//    Excel workbook (.xlsx, the first worksheet, same header row and
//    columns), all or nothing with every row's problems reported; a dry run
//    checks only.
//
// Permissions: every staff member reads the registry (it belongs to no one
// department: it is what the joint groups inspect); registering, editing,
// closing and importing need kManagePlaces (市场监管, 林草, 农业农村 and the
// office). owner_department records who registered a place: the actor's
// department, or — for the office — the one it names. Every write is audited
// in its own transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/case_vocabulary.h"
#include "core/csv_reader.h"
#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/place_repository.h"

namespace qf::law {
class SpeciesCatalog;
}

namespace qf::service {

constexpr std::size_t kMaxPlaceTextBytes = 500;  // name, address, basis …
constexpr std::size_t kMaxPlaceNoteBytes = 4000;
constexpr std::size_t kMaxLicences = 20;
constexpr std::size_t kMaxLicensedSpecies = 100;
constexpr std::int64_t kMaxHeadCount = 10'000'000;
// A licence ending within this many days is reported as expiring.
constexpr std::int64_t kLicenceExpiringDays = 30;

// Place types of the registry (codes and Chinese labels).
const std::vector<Term>& place_registry_types();
// Statuses: active 正常经营 | rectifying 整改中 | closed 取缔.
const std::vector<Term>& place_statuses();
std::string_view place_type_label(std::string_view code);
std::string_view place_status_label(std::string_view code);
// The case vocabulary's place type for a registry type ("" when none fits).
std::string_view place_case_type(std::string_view registry_type);
// Whether a person may read field records at all: staff, not system
// administrators or integration keys.
bool reads_place_records(const Actor& actor);
// The catalog record a species name names, when it names exactly one
// (a name naming several — 象牙 — or none stays text only).
std::optional<std::int64_t> catalog_species_id(const law::SpeciesCatalog& catalog,
                                               std::string_view name);

struct LicensedSpeciesInput {
  std::string species;
  std::optional<std::int64_t> species_id;  // catalog record; else resolved from the name
  std::int64_t quantity = 0;
};

struct LicenceInput {
  std::string licence_no;
  std::string issuer;
  std::int64_t valid_from = 0;  // epoch ms, 0 = not stated
  std::int64_t valid_to = 0;    // epoch ms, required
  std::vector<LicensedSpeciesInput> species;
};

// Create: place_type and name are required. Update (PATCH): only the fields
// given change; licences, when given, replace the place's licences.
struct PlaceInput {
  std::optional<std::string> place_type, name, address, township, operator_name, contact_phone,
      business_licence_no, note, status, closure_basis;
  std::optional<std::int64_t> parent_id;
  std::optional<double> lon, lat;
  std::optional<std::int64_t> closed_at;  // 取缔 date; default now when closing
  std::optional<std::vector<LicenceInput>> licences;
  std::optional<std::string> owner_department_code;  // create only; office only
  bool demo = false;                                 // demo seeding only
};

struct PlaceListFilters {
  std::optional<std::string> place_type, township, status, text;
  std::optional<std::int64_t> parent_id;
  std::optional<std::int64_t> licence_expiring_before;  // epoch ms
};

struct PlaceImportColumn {
  std::string_view name;
  std::string_view label;  // accepted as a header too
  bool required;
  std::string_view help;
};
const std::vector<PlaceImportColumn>& place_import_columns();

struct PlaceImportProblem {
  int row = 0;  // spreadsheet row: 1 is the header
  std::string column;
  std::string message;
};

struct ImportedPlace {
  int row = 0;
  std::int64_t id = 0;
  std::string name;
};

struct PlaceImportReport {
  bool dry_run = true;
  int rows = 0;
  std::vector<PlaceImportProblem> problems;  // non-empty: nothing was imported
  std::vector<ImportedPlace> created;        // empty for a dry run
  bool ok() const { return problems.empty(); }
};

// "第 3 行「场所类型」(place_type)：…" — the text a person reads.
std::string describe(const PlaceImportProblem& p);

// API and audit shape; licence states are judged at `now` (epoch ms).
nlohmann::json to_json(const store::Place& p, std::int64_t now);

class PlaceService {
 public:
  explicit PlaceService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<store::Place> create(const CallContext& call, const PlaceInput& in);
  // Joins the caller's transaction (import, demo data).
  Result<store::Place> create(soci::session& s, const CallContext& call, const PlaceInput& in);
  Result<store::Place> update(const CallContext& call, std::int64_t id, const PlaceInput& in,
                              int expected_version);
  Result<store::Place> get(const CallContext& call, std::int64_t id);
  Result<Page<store::Place>> list(const CallContext& call, const PlaceListFilters& f, int limit,
                                  int offset);
  // Bad content is a report with problems, not an Error.
  Result<PlaceImportReport> import_csv(const CallContext& call, std::string_view csv, bool dry_run);
  // The same from an Excel workbook, read into rows by `read_workbook`
  // (the API passes report::read_xlsx: the first worksheet; a file it cannot
  // read is a problem of row 0 or of the row it names) once the caller may
  // import. The licence dates may also be date serials (a date in a General
  // cell) or date-times (their day).
  using WorkbookReader = std::function<CsvTable(std::string_view)>;
  Result<PlaceImportReport> import_xlsx(const CallContext& call, std::string_view xlsx,
                                        const WorkbookReader& read_workbook, bool dry_run);

 private:
  Result<PlaceImportReport> import_table(const CallContext& call, const CsvTable& table,
                                         std::string_view file, bool excel, bool dry_run);
  ServiceContext& ctx_;
};

}  // namespace qf::service
