#include "service/species_catalog_service.h"

#include <toml++/toml.h>

#include <algorithm>

#include "core/access_policy.h"
#include "core/clock.h"
#include "core/embedded_files.h"
#include "law/legal_request.h"
#include "scan/chinese_romanizer.h"
#include "service/audit_writer.h"
#include "store/crypto.h"

namespace qf::service {
namespace {

constexpr std::string_view kManifest = "data/species/lists.toml";
constexpr std::string_view kAliasesFile = "data/species/aliases.csv";
constexpr std::string_view kAliasesCode = "aliases";

struct ShippedFile {
  std::string code, title, source, kind, path;
  const toml::table* entry = nullptr;  // the manifest's [[list]] (species lists only)
};

Result<toml::table> manifest() {
  auto text = embedded_file(kManifest);
  if (!text) return fail(ErrorCode::kInternal, "物种名录清单未编入程序");
  try {
    return toml::parse(*text);
  } catch (const toml::parse_error& e) {
    return fail(ErrorCode::kInternal, std::string("物种名录清单格式错误: ") + e.what());
  }
}

std::vector<ShippedFile> shipped_files(const toml::table& m) {
  std::vector<ShippedFile> out;
  if (const auto* lists = m["list"].as_array())
    for (const auto& node : *lists)
      if (const auto* t = node.as_table())
        out.push_back({(*t)["code"].value_or(std::string()), (*t)["title"].value_or(std::string()),
                       (*t)["source"].value_or(std::string()), "species",
                       "data/species/" + (*t)["file"].value_or(std::string()), t});
  out.push_back({std::string(kAliasesCode), "物种别名、商品名与俗名",
                 "常见用法（data/species/aliases.csv 各行备注）", "aliases",
                 std::string(kAliasesFile), nullptr});
  return out;
}

bool shipped_code(std::string_view code) {
  auto m = manifest();
  if (!m) return true;  // refuse rather than risk overwriting one
  for (const auto& f : shipped_files(*m))
    if (f.code == code) return true;
  return false;
}

bool valid_code(std::string_view code) {
  if (code.size() < 2 || code.size() > 40) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

nlohmann::json summary(const store::SpeciesList& l) {
  return {{"code", l.code},          {"title", l.title},   {"source", l.source},
          {"kind", l.kind},          {"origin", l.origin}, {"checksum", l.checksum},
          {"row_count", l.row_count}};
}

// A list file of any kind, parsed once: checked before the transaction,
// written inside it.
struct ParsedFile {
  std::string kind;  // species | aliases | base_values
  law::ParsedSpeciesList species;
  std::vector<law::SpeciesAlias> aliases;
  std::vector<law::BaseValue> base_values;
  std::int64_t rows() const {
    if (kind == "species")
      return static_cast<std::int64_t>(species.records.size() + species.annotations.size());
    return static_cast<std::int64_t>(kind == "aliases" ? aliases.size() : base_values.size());
  }
};

Result<ParsedFile> parse_file(std::string_view kind, std::string_view csv, std::string_view code,
                              std::string_view source) {
  ParsedFile f;
  f.kind = std::string(kind);
  if (kind == "species") {
    auto parsed = law::parse_species_csv(csv, code, source);
    if (!parsed) return tl::unexpected(parsed.error());
    f.species = std::move(*parsed);
  } else if (kind == "aliases") {
    auto parsed = law::parse_alias_csv(csv);
    if (!parsed) return tl::unexpected(parsed.error());
    f.aliases = std::move(*parsed);
  } else {
    auto parsed = law::parse_base_value_csv(csv);
    if (!parsed) return tl::unexpected(parsed.error());
    f.base_values = std::move(*parsed);
  }
  return f;
}

// The caller's transaction.
Result<store::ReplaceCounts> write_file(soci::session& s, const store::SpeciesList& list,
                                        const ParsedFile& f) {
  if (f.kind == "species") return store::SpeciesRepository::replace_species(s, list, f.species);
  if (f.kind == "aliases") return store::SpeciesRepository::replace_aliases(s, list, f.aliases);
  return store::SpeciesRepository::replace_base_values(s, list, f.base_values);
}

}  // namespace

const law::ValueAssessor& value_assessor(const ServiceContext& ctx) {
  return ctx.assessor ? *ctx.assessor : law::builtin_assessor();
}

std::shared_ptr<SpeciesCatalogCache> new_species_catalog_cache() {
  return std::make_shared<SpeciesCatalogCache>();
}

std::shared_ptr<const law::SpeciesCatalog> SpeciesCatalogCache::get(std::int64_t revision) const {
  std::lock_guard lock(mu_);
  return revision == revision_ ? catalog_ : nullptr;
}

void SpeciesCatalogCache::put(std::int64_t revision,
                              std::shared_ptr<const law::SpeciesCatalog> catalog) {
  std::lock_guard lock(mu_);
  if (revision >= revision_) {
    revision_ = revision;
    catalog_ = std::move(catalog);
  }
}

Result<int> SpeciesCatalogService::sync_shipped(const CallContext& call) {
  auto m = manifest();
  if (!m) return tl::unexpected(m.error());
  int loaded = 0;
  for (const auto& f : shipped_files(*m)) {
    auto csv = embedded_file(f.path);
    if (!csv) return fail(ErrorCode::kInternal, "物种名录文件未编入程序: " + f.path);
    const std::string checksum = store::sha256_hex(*csv);
    auto current = ctx_.db.read(
        [&](soci::session& s) { return store::SpeciesRepository::find_list(s, f.code); });
    if (!current) return tl::unexpected(current.error());
    if (*current && (*current)->checksum == checksum) continue;
    auto parsed = parse_file(f.kind, *csv, f.code, f.source);
    if (!parsed) return tl::unexpected(parsed.error());
    store::SpeciesList list{f.code,   f.title,        f.source, f.kind,    "shipped",
                            checksum, parsed->rows(), now_ms(), "qingfeng"};
    auto written = ctx_.db.transact([&](soci::session& s) -> Status {
      // Another node may have loaded it meanwhile: check again under the lock.
      auto again = store::SpeciesRepository::find_list(s, f.code);
      if (!again) return tl::unexpected(again.error());
      if (*again && (*again)->checksum == checksum) return {};
      auto counts = write_file(s, list, *parsed);
      if (!counts) return tl::unexpected(counts.error());
      nlohmann::json after = summary(list);
      after["inserted"] = counts->inserted;
      after["updated"] = counts->updated;
      after["retired"] = counts->retired;
      return audit(s, call, "species_list.load", "species_list", f.code,
                   *again ? summary(**again) : nlohmann::json(nullptr), after);
    });
    if (!written) return tl::unexpected(written.error());
    ++loaded;
  }
  return loaded;
}

Result<std::shared_ptr<const law::SpeciesCatalog>> SpeciesCatalogService::catalog() {
  return ctx_.db.read([&](soci::session& s) { return catalog(s); });
}

Result<std::shared_ptr<const law::SpeciesCatalog>> SpeciesCatalogService::catalog(
    soci::session& s) {
  auto revision = store::SpeciesRepository::revision(s);
  if (!revision) return tl::unexpected(revision.error());
  if (auto cached = ctx_.species_cache->get(*revision)) return cached;
  auto rows = store::SpeciesRepository::load(s);
  if (!rows) return tl::unexpected(rows.error());
  auto built = std::make_shared<const law::SpeciesCatalog>(
      std::move(rows->records), std::move(rows->annotations), std::move(rows->aliases),
      std::move(rows->base_values), &scan::romanize_chinese);
  ctx_.species_cache->put(*revision, built);
  return std::shared_ptr<const law::SpeciesCatalog>(built);
}

Result<SpeciesImportResult> SpeciesCatalogService::import(const CallContext& call,
                                                          const SpeciesImport& in) {
  if (!AccessPolicy::allows(call.actor, Action::kManageReferenceData))
    return forbidden("无权导入物种名录或基准价值");
  if (!valid_code(in.code))
    return invalid("code", "名录代码应为 2–40 个小写字母、数字、下划线或连字符，如 ningxia2024");
  if (in.kind != "species" && in.kind != "aliases" && in.kind != "base_values")
    return invalid("kind", "应为 species、aliases 或 base_values");
  if (in.title.empty()) return invalid("title", "请填写名录名称");
  if (in.source.empty()) return invalid("source", "请填写出处（发布机关与文号）");
  if (shipped_code(in.code))
    return fail(
        ErrorCode::kConflict,
        "「" + in.code + "」是随系统发布的名录，不能用导入覆盖；更正请修改 data/species 中的文件");
  auto existing = ctx_.db.read(
      [&](soci::session& s) { return store::SpeciesRepository::find_list(s, in.code); });
  if (!existing) return tl::unexpected(existing.error());
  if (*existing && (*existing)->kind != in.kind)
    return fail(ErrorCode::kConflict, "名录「" + in.code + "」已存在且类型为 " + (*existing)->kind);
  auto parsed = parse_file(in.kind, in.csv, in.code, in.source);
  if (!parsed) return tl::unexpected(parsed.error());

  SpeciesImportResult out{in.code, in.kind, in.dry_run, parsed->rows(), {}};
  if (in.dry_run) return out;
  store::SpeciesList list{
      in.code,        in.title,   in.source,
      in.kind,        "imported", store::sha256_hex(in.csv),
      parsed->rows(), now_ms(),   call.actor.username.empty() ? "cli" : call.actor.username};
  auto written = ctx_.db.transact([&](soci::session& s) -> Status {
    auto before = store::SpeciesRepository::find_list(s, in.code);
    if (!before) return tl::unexpected(before.error());
    auto counts = write_file(s, list, *parsed);
    if (!counts) return tl::unexpected(counts.error());
    out.counts = *counts;
    nlohmann::json after = summary(list);
    after["inserted"] = counts->inserted;
    after["updated"] = counts->updated;
    after["retired"] = counts->retired;
    return audit(s, call, "species_list.import", "species_list", in.code,
                 *before ? summary(**before) : nlohmann::json(nullptr), after);
  });
  if (!written) return tl::unexpected(written.error());
  return out;
}

Result<std::vector<SpeciesListInfo>> SpeciesCatalogService::lists() {
  auto rows = ctx_.db.read([](soci::session& s) { return store::SpeciesRepository::lists(s); });
  if (!rows) return tl::unexpected(rows.error());
  auto cat = catalog();
  if (!cat) return tl::unexpected(cat.error());
  auto m = manifest();
  if (!m) return tl::unexpected(m.error());
  const auto files = shipped_files(*m);
  std::vector<SpeciesListInfo> out;
  for (auto& l : *rows) {
    SpeciesListInfo info{l, (*cat)->count(l.code), nullptr, nlohmann::json::array()};
    for (const auto& f : files) {
      if (f.code != l.code || !f.entry) continue;
      const toml::table& t = *f.entry;
      if (t.contains("official_species"))
        info.official = {{"species", t["official_species"].value_or(0)},
                         {"level1", t["official_level1"].value_or(0)},
                         {"level2", t["official_level2"].value_or(0)},
                         {"classes", t["official_classes"].value_or(0)},
                         {"terrestrial", t["official_terrestrial"].value_or(0)},
                         {"aquatic", t["official_aquatic"].value_or(0)}};
      if (const auto* gaps = t["gap"].as_array())
        for (const auto& g : *gaps)
          if (const auto* gt = g.as_table())
            info.gaps.push_back({{"level", (*gt)["level"].value_or(std::string())},
                                 {"terrestrial", (*gt)["terrestrial"].value_or(0)},
                                 {"aquatic", (*gt)["aquatic"].value_or(0)},
                                 {"reason", (*gt)["reason"].value_or(std::string())}});
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace qf::service
