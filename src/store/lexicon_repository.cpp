#include "store/lexicon_repository.h"

#include <nlohmann/json.hpp>

#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT r.id, r.number, r.lexicon_version, r.terms, r.note, r.restored_from, "
    "COALESCE(r.created_by, 0), COALESCE(NULLIF(u.display_name, ''), u.username, ''), "
    "r.created_at FROM lexicon_revisions r LEFT JOIN users u ON u.id = r.created_by";

LexiconRevision from_row(const soci::row& r) {
  LexiconRevision out;
  out.id = row_int(r, 0);
  out.number = row_int(r, 1);
  out.lexicon_version = row_text(r, 2);
  out.terms = row_int(r, 3);
  out.note = row_text(r, 4);
  out.restored_from = row_int(r, 5);
  out.created_by = row_int(r, 6);
  out.created_by_name = row_text(r, 7);
  out.created_at = row_int(r, 8);
  return out;
}

std::string files_json(const std::vector<LexiconFileText>& files) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& f : files) a.push_back({{"name", f.name}, {"content", f.content}});
  return a.dump();
}

Result<std::vector<LexiconFileText>> parse_files(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return fail(ErrorCode::kInternal, "词库修订的文件内容已损坏");
  std::vector<LexiconFileText> files;
  for (const auto& f : j) {
    if (!f.is_object() || !f.contains("name") || !f.contains("content") || !f["name"].is_string() ||
        !f["content"].is_string())
      return fail(ErrorCode::kInternal, "词库修订的文件内容已损坏");
    files.push_back({f["name"].get<std::string>(), f["content"].get<std::string>()});
  }
  return files;
}

}  // namespace

Result<std::optional<LexiconRepository::Head>> LexiconRepository::head(soci::session& s) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT number, lexicon_version FROM lexicon_revisions "
                    "ORDER BY number DESC LIMIT 1");
  for (const auto& r : rows) return std::optional<Head>(Head{row_int(r, 0), row_text(r, 1)});
  return std::optional<Head>();
}

Result<std::optional<LexiconRevision>> LexiconRepository::find(soci::session& s,
                                                               std::int64_t number) {
  long long key = number;
  std::optional<LexiconRevision> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE r.number = :n", soci::use(key));
  for (const auto& r : rows) out = from_row(r);
  if (!out) return out;
  std::string files;
  s << "SELECT files FROM lexicon_revisions WHERE number = :n", soci::use(key), soci::into(files);
  auto parsed = parse_files(files);
  if (!parsed) return tl::unexpected(parsed.error());
  out->files = std::move(*parsed);
  return out;
}

Result<std::vector<LexiconRevision>> LexiconRepository::history(soci::session& s,
                                                                std::int64_t limit,
                                                                std::int64_t offset) {
  long long l = limit, o = offset;
  std::vector<LexiconRevision> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " ORDER BY r.number DESC LIMIT :l OFFSET :o",
       soci::use(l), soci::use(o));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::int64_t> LexiconRepository::count(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM lexicon_revisions", soci::into(n);
  return n;
}

Result<LexiconRevision> LexiconRepository::append(soci::session& s, LexiconRevision r) {
  long long next = 0;
  s << "SELECT COALESCE(MAX(number), 0) + 1 FROM lexicon_revisions", soci::into(next);
  r.number = next;
  const std::string files = files_json(r.files);
  long long terms = r.terms, restored = r.restored_from, at = r.created_at, id = 0;
  // 0 = the local console operator (no account): stored as NULL.
  soci::indicator by_ind = r.created_by > 0 ? soci::i_ok : soci::i_null;
  long long by = r.created_by;
  s << "INSERT INTO lexicon_revisions (number, lexicon_version, files, terms, note, "
       "restored_from, created_by, created_at) VALUES (:n, :v, :f, :t, :note, :rf, :by, :at) "
       "RETURNING id",
      soci::use(next), soci::use(r.lexicon_version), soci::use(files), soci::use(terms),
      soci::use(r.note), soci::use(restored), soci::use(by, by_ind), soci::use(at), soci::into(id);
  r.id = id;
  return r;
}

}  // namespace qf::store
