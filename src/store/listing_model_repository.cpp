#include "store/listing_model_repository.h"

#include <sodium.h>

#include "store/database.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT m.id, m.version, m.source, m.examples, m.training_examples, m.holdout_examples, "
    "m.examples_by_label, m.metrics, m.training_seconds, m.model_size, m.activation, "
    "m.activated_at, COALESCE(m.created_by, 0), "
    "COALESCE(NULLIF(u.display_name, ''), u.username, ''), m.created_at, m.deactivated_at "
    "FROM listing_models m LEFT JOIN users u ON u.id = m.created_by";

ListingModel from_row(const soci::row& r) {
  ListingModel m;
  m.id = row_int(r, 0);
  m.version = row_text(r, 1);
  m.source = row_text(r, 2);
  m.examples = row_int(r, 3);
  m.training_examples = row_int(r, 4);
  m.holdout_examples = row_int(r, 5);
  m.examples_by_label_json = row_text(r, 6);
  m.metrics_json = row_text(r, 7);
  m.training_seconds = row_double(r, 8);
  m.model_size = row_int(r, 9);
  m.activation = row_int(r, 10);
  m.activated_at = row_int(r, 11);
  m.created_by = row_int(r, 12);
  m.created_by_name = row_text(r, 13);
  m.created_at = row_int(r, 14);
  m.deactivated_at = row_int(r, 15);
  return m;
}

std::string to_base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> from_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

}  // namespace

Result<std::optional<ListingModel>> ListingModelRepository::last_activated(soci::session& s) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) +
                        " WHERE m.activation > 0 ORDER BY m.activation DESC LIMIT 1");
  for (const auto& r : rows) return std::optional<ListingModel>(from_row(r));
  return std::optional<ListingModel>();
}

Result<std::optional<ListingModel>> ListingModelRepository::active(soci::session& s) {
  auto last = last_activated(s);
  if (!last || !*last || (*last)->deactivated_at == 0) return last;
  return std::optional<ListingModel>();  // withdrawn: the rules alone
}

Result<std::optional<ListingModel>> ListingModelRepository::find_summary(
    soci::session& s, const std::string& version) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE m.version = :v", soci::use(version));
  for (const auto& r : rows) return std::optional<ListingModel>(from_row(r));
  return std::optional<ListingModel>();
}

Result<std::optional<ListingModel>> ListingModelRepository::find(soci::session& s,
                                                                 const std::string& version) {
  auto found = find_summary(s, version);
  if (!found) return found;
  std::optional<ListingModel> out = std::move(*found);
  if (!out) return out;
  std::string text;
  s << "SELECT model FROM listing_models WHERE version = :v", soci::use(version), soci::into(text);
  auto bytes = from_base64(text);
  // Damaged bytes read as none: the classifier refuses them as not a model.
  if (bytes && static_cast<std::int64_t>(bytes->size()) == out->model_size)
    out->model_bytes = std::move(*bytes);
  return out;
}

Result<std::vector<ListingModel>> ListingModelRepository::list(soci::session& s, std::int64_t limit,
                                                               std::int64_t offset) {
  long long l = limit, o = offset;
  std::vector<ListingModel> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " ORDER BY m.id DESC LIMIT :l OFFSET :o", soci::use(l),
       soci::use(o));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::int64_t> ListingModelRepository::count(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM listing_models", soci::into(n);
  return n;
}

Result<ListingModel> ListingModelRepository::insert(soci::session& s, ListingModel m) {
  long long existing = 0;
  s << "SELECT COUNT(*) FROM listing_models WHERE version = :v", soci::use(m.version),
      soci::into(existing);
  if (existing) return fail(ErrorCode::kConflict, "相同的分类模型已保存（" + m.version + "）");
  m.model_size = static_cast<std::int64_t>(m.model_bytes.size());
  const std::string model = to_base64(m.model_bytes);
  long long examples = m.examples, training = m.training_examples, holdout = m.holdout_examples,
            size = m.model_size, at = m.created_at, by = m.created_by, id = 0;
  soci::indicator by_ind = m.created_by > 0 ? soci::i_ok : soci::i_null;
  double seconds = m.training_seconds;
  s << "INSERT INTO listing_models (version, source, examples, training_examples, "
       "holdout_examples, examples_by_label, metrics, training_seconds, model_size, model, "
       "created_by, created_at) VALUES (:v, :src, :e, :t, :h, :ebl, :m, :sec, :size, :model, "
       ":by, :at) RETURNING id",
      soci::use(m.version), soci::use(m.source), soci::use(examples), soci::use(training),
      soci::use(holdout), soci::use(m.examples_by_label_json), soci::use(m.metrics_json),
      soci::use(seconds), soci::use(size), soci::use(model), soci::use(by, by_ind), soci::use(at),
      soci::into(id);
  m.id = id;
  return m;
}

Result<ListingModel> ListingModelRepository::activate(soci::session& s, const std::string& version,
                                                      std::int64_t at) {
  long long next = 0, when = at;
  s << "SELECT COALESCE(MAX(activation), 0) + 1 FROM listing_models", soci::into(next);
  try {
    s << "UPDATE listing_models SET activation = :a, activated_at = :at, deactivated_at = 0 "
         "WHERE version = :v",
        soci::use(next), soci::use(when), soci::use(version);
  } catch (const std::exception& e) {
    // Another activation took the same number first (PostgreSQL, several
    // nodes: both read the same maximum); the unique index of migration
    // 0022 stops the second. The caller's transaction is rolled back.
    Error err = Database::error_from_exception(e);
    if (err.code == ErrorCode::kConflict)
      err.message = "同时有另一项复核模型启用操作，本次未作更改，请刷新后重试";
    return tl::unexpected(err);
  }
  auto out = find_summary(s, version);
  if (!out) return tl::unexpected(out.error());
  if (!*out) return not_found();
  return **out;
}

Result<ListingModel> ListingModelRepository::deactivate(soci::session& s,
                                                        const std::string& version,
                                                        std::int64_t at) {
  long long when = at;
  s << "UPDATE listing_models SET deactivated_at = :at WHERE version = :v AND activation > 0 "
       "AND deactivated_at = 0",
      soci::use(when), soci::use(version);
  auto out = find_summary(s, version);
  if (!out) return tl::unexpected(out.error());
  if (!*out) return not_found();
  return **out;
}

Result<std::vector<ListingDecision>> ListingModelRepository::decisions(soci::session& s,
                                                                       std::int64_t limit) {
  long long l = limit;
  std::vector<ListingDecision> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, title, body, review_state, category FROM listings "
                    "WHERE review_state IN ('confirmed', 'dismissed') "
                    "ORDER BY reviewed_at, id LIMIT :l",
       soci::use(l));
  for (const auto& r : rows)
    out.push_back({row_int(r, 0), row_text(r, 1), row_text(r, 2), row_text(r, 3), row_text(r, 4)});
  return out;
}

Result<std::int64_t> ListingModelRepository::count_decisions(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM listings WHERE review_state IN ('confirmed', 'dismissed')",
      soci::into(n);
  return n;
}

}  // namespace qf::store
