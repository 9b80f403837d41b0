#include "store/species_repository.h"

#include <map>
#include <set>
#include <utility>

#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelectList =
    "SELECT code, title, source, kind, origin, checksum, row_count, loaded_at, loaded_by FROM "
    "species_lists";

SpeciesList list_from_row(const soci::row& r) {
  return SpeciesList{row_text(r, 0), row_text(r, 1), row_text(r, 2), row_text(r, 3), row_text(r, 4),
                     row_text(r, 5), row_int(r, 6),  row_int(r, 7),  row_text(r, 8)};
}

// Creates or updates the list's own row.
void upsert_list(soci::session& s, const SpeciesList& l) {
  long long rows = l.row_count, at = l.loaded_at, found = 0;
  s << "SELECT COUNT(*) FROM species_lists WHERE code = :c", soci::use(l.code), soci::into(found);
  if (found == 0) {
    s << "INSERT INTO species_lists (code, title, source, kind, origin, checksum, row_count, "
         "loaded_at, loaded_by) VALUES (:c, :t, :s, :k, :o, :h, :n, :a, :b)",
        soci::use(l.code), soci::use(l.title), soci::use(l.source), soci::use(l.kind),
        soci::use(l.origin), soci::use(l.checksum), soci::use(rows), soci::use(at),
        soci::use(l.loaded_by);
  } else {
    s << "UPDATE species_lists SET title = :t, source = :s, kind = :k, origin = :o, checksum = :h, "
         "row_count = :n, loaded_at = :a, loaded_by = :b WHERE code = :c",
        soci::use(l.title), soci::use(l.source), soci::use(l.kind), soci::use(l.origin),
        soci::use(l.checksum), soci::use(rows), soci::use(at), soci::use(l.loaded_by),
        soci::use(l.code);
  }
  s << "UPDATE species_catalog_revision SET revision = revision + 1 WHERE id = 1";
}

}  // namespace

Result<std::vector<SpeciesList>> SpeciesRepository::lists(soci::session& s) {
  std::vector<SpeciesList> out;
  soci::rowset<soci::row> rows = (s.prepare << std::string(kSelectList) + " ORDER BY code");
  for (const auto& r : rows) out.push_back(list_from_row(r));
  return out;
}

Result<std::optional<SpeciesList>> SpeciesRepository::find_list(soci::session& s,
                                                                const std::string& code) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelectList) + " WHERE code = :c", soci::use(code));
  for (const auto& r : rows) return std::optional<SpeciesList>(list_from_row(r));
  return std::optional<SpeciesList>();
}

Result<ReplaceCounts> SpeciesRepository::replace_species(soci::session& s, const SpeciesList& list,
                                                         const law::ParsedSpeciesList& parsed) {
  upsert_list(s, list);
  std::map<std::pair<std::string, std::string>, long long> existing;  // (rank, latin) → id
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, rank, latin_name FROM species WHERE list_code = :c",
         soci::use(list.code));
    for (const auto& r : rows) existing[{row_text(r, 1), row_text(r, 2)}] = row_int(r, 0);
  }

  // One prepared statement each, bound to these variables, for the ~2,000
  // rows of a national list.
  std::string rank, chinese, latin, level, habitat, cls, cls_l, ord, ord_l, fam, fam_l, remark,
      correction, source;
  int appendix = 0;
  soci::indicator appendix_ind = soci::i_null;
  long long id = 0;
  soci::statement update =
      (s.prepare << "UPDATE species SET chinese_name = :zh, level = :lv, habitat = :h, "
                    "class_name = :c, class_latin = :cl, order_name = :o, order_latin = :ol, "
                    "family_name = :f, family_latin = :fl, cites_appendix = :ap, remark = :re, "
                    "correction = :co, source = :so, retired = 0 WHERE id = :id",
       soci::use(chinese), soci::use(level), soci::use(habitat), soci::use(cls), soci::use(cls_l),
       soci::use(ord), soci::use(ord_l), soci::use(fam), soci::use(fam_l),
       soci::use(appendix, appendix_ind), soci::use(remark), soci::use(correction),
       soci::use(source), soci::use(id));
  soci::statement insert =
      (s.prepare << "INSERT INTO species (list_code, rank, chinese_name, latin_name, level, "
                    "habitat, class_name, class_latin, order_name, order_latin, family_name, "
                    "family_latin, cites_appendix, remark, correction, source) VALUES (:l, :r, "
                    ":zh, :la, :lv, :h, :c, :cl, :o, :ol, :f, :fl, :ap, :re, :co, :so)",
       soci::use(list.code), soci::use(rank), soci::use(chinese), soci::use(latin),
       soci::use(level), soci::use(habitat), soci::use(cls), soci::use(cls_l), soci::use(ord),
       soci::use(ord_l), soci::use(fam), soci::use(fam_l), soci::use(appendix, appendix_ind),
       soci::use(remark), soci::use(correction), soci::use(source));

  ReplaceCounts counts;
  std::set<std::pair<std::string, std::string>> present;
  auto write = [&] {
    auto it = existing.find({rank, latin});
    present.insert({rank, latin});
    if (it != existing.end()) {
      id = it->second;
      update.execute(true);
      ++counts.updated;
    } else {
      insert.execute(true);
      ++counts.inserted;
    }
  };
  for (const auto& r : parsed.records) {
    rank = std::string(law::taxon_rank_code(r.rank));
    chinese = r.chinese_name;
    latin = r.latin_name;
    level = std::string(law::list_level_code(r.protection));
    habitat = std::string(law::habitat_code(r.habitat));
    cls = r.taxonomy.class_name;
    cls_l = r.taxonomy.class_latin;
    ord = r.taxonomy.order_name;
    ord_l = r.taxonomy.order_latin;
    fam = r.taxonomy.family_name;
    fam_l = r.taxonomy.family_latin;
    appendix = r.cites_appendix.value_or(0);
    appendix_ind = r.cites_appendix ? soci::i_ok : soci::i_null;
    remark = r.remark;
    correction = r.correction;
    source = r.source;
    write();
  }
  // Annotation rows keep their level empty: they only add an appendix.
  for (const auto& a : parsed.annotations) {
    rank = "species";
    chinese = "";
    latin = a.latin_name;
    level = "";
    habitat = "";
    cls = cls_l = ord = ord_l = fam = fam_l = remark = correction = "";
    source = list.source;
    appendix = a.appendix;
    appendix_ind = soci::i_ok;
    write();
  }
  for (const auto& [key, row_id] : existing) {
    if (present.count(key)) continue;
    long long retire = row_id;
    s << "UPDATE species SET retired = 1 WHERE id = :id", soci::use(retire);
    ++counts.retired;
  }
  return counts;
}

Result<ReplaceCounts> SpeciesRepository::replace_aliases(soci::session& s, const SpeciesList& list,
                                                         const std::vector<law::SpeciesAlias>& rows) {
  upsert_list(s, list);
  ReplaceCounts counts;
  long long before = 0;
  s << "SELECT COUNT(*) FROM species_aliases WHERE list_code = :c", soci::use(list.code),
      soci::into(before);
  s << "DELETE FROM species_aliases WHERE list_code = :c", soci::use(list.code);
  std::string alias, rank, target, kind, remark;
  soci::statement insert =
      (s.prepare << "INSERT INTO species_aliases (list_code, alias, target_rank, target, kind, "
                    "remark) VALUES (:l, :a, :r, :t, :k, :re)",
       soci::use(list.code), soci::use(alias), soci::use(rank), soci::use(target), soci::use(kind),
       soci::use(remark));
  for (const auto& a : rows) {
    alias = a.alias;
    rank = std::string(law::taxon_rank_code(a.target_rank));
    target = a.target_latin;
    kind = a.kind;
    remark = a.remark;
    insert.execute(true);
  }
  counts.inserted = static_cast<std::int64_t>(rows.size());
  counts.retired = before;
  return counts;
}

Result<ReplaceCounts> SpeciesRepository::replace_base_values(
    soci::session& s, const SpeciesList& list, const std::vector<law::BaseValue>& rows) {
  upsert_list(s, list);
  ReplaceCounts counts;
  long long before = 0;
  s << "SELECT COUNT(*) FROM species_base_values WHERE list_code = :c", soci::use(list.code),
      soci::into(before);
  s << "DELETE FROM species_base_values WHERE list_code = :c", soci::use(list.code);
  std::string rank, latin, unit, source;
  long long value = 0;
  soci::statement insert =
      (s.prepare << "INSERT INTO species_base_values (list_code, rank, latin_name, value_fen, "
                    "unit, source) VALUES (:l, :r, :la, :v, :u, :s)",
       soci::use(list.code), soci::use(rank), soci::use(latin), soci::use(value), soci::use(unit),
       soci::use(source));
  for (const auto& b : rows) {
    rank = std::string(law::taxon_rank_code(b.rank));
    latin = b.latin_name;
    value = b.value;
    unit = b.unit;
    source = b.source;
    insert.execute(true);
  }
  counts.inserted = static_cast<std::int64_t>(rows.size());
  counts.retired = before;
  return counts;
}

Result<std::int64_t> SpeciesRepository::revision(soci::session& s) {
  long long rev = 0;
  s << "SELECT revision FROM species_catalog_revision WHERE id = 1", soci::into(rev);
  return static_cast<std::int64_t>(rev);
}

Result<SpeciesCatalogRows> SpeciesRepository::load(soci::session& s) {
  SpeciesCatalogRows out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, list_code, rank, chinese_name, latin_name, level, habitat, "
                      "class_name, class_latin, order_name, order_latin, family_name, "
                      "family_latin, cites_appendix, remark, correction, source FROM species "
                      "WHERE retired = 0 ORDER BY id");
    for (const auto& r : rows) {
      const std::string level = row_text(r, 5);
      if (level.empty()) {
        if (!row_is_null(r, 13))
          out.annotations.push_back({row_text(r, 4), static_cast<int>(row_int(r, 13))});
        continue;
      }
      law::SpeciesRecord rec;
      rec.id = row_int(r, 0);
      rec.list = row_text(r, 1);
      rec.rank = law::parse_taxon_rank(row_text(r, 2)).value_or(law::TaxonRank::kSpecies);
      rec.chinese_name = row_text(r, 3);
      rec.latin_name = row_text(r, 4);
      rec.protection = law::parse_list_level(level).value_or(law::ProtectionClass::kNone);
      rec.habitat = law::parse_habitat(row_text(r, 6)).value_or(law::Habitat::kTerrestrial);
      rec.taxonomy = {row_text(r, 7),  row_text(r, 8),  row_text(r, 9),
                      row_text(r, 10), row_text(r, 11), row_text(r, 12)};
      if (!row_is_null(r, 13)) rec.cites_appendix = static_cast<int>(row_int(r, 13));
      rec.remark = row_text(r, 14);
      rec.correction = row_text(r, 15);
      rec.source = row_text(r, 16);
      out.records.push_back(std::move(rec));
    }
  }
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT alias, target_rank, target, kind, remark FROM species_aliases "
                      "ORDER BY id");
    for (const auto& r : rows)
      out.aliases.push_back({row_text(r, 0),
                             law::parse_taxon_rank(row_text(r, 1)).value_or(law::TaxonRank::kSpecies),
                             row_text(r, 2), row_text(r, 3), row_text(r, 4)});
  }
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT rank, latin_name, value_fen, unit, source FROM species_base_values "
                      "ORDER BY id");
    for (const auto& r : rows)
      out.base_values.push_back(
          {law::parse_taxon_rank(row_text(r, 0)).value_or(law::TaxonRank::kSpecies),
           row_text(r, 1), row_int(r, 2), row_text(r, 3), row_text(r, 4)});
  }
  return out;
}

Result<bool> SpeciesRepository::exists(soci::session& s, std::int64_t id) {
  long long key = id, n = 0;
  s << "SELECT COUNT(*) FROM species WHERE id = :id", soci::use(key), soci::into(n);
  return n > 0;
}

}  // namespace qf::store
