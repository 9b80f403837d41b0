// ListingModelRepository: the listing classifier's trained models
// (listing_models, migrations/0019) and the reviewers' decisions they are
// trained from (listings confirmed or dismissed, migrations/0009). Models
// are only ever added, activated and deactivated; the one activated last is
// in force unless that activation was withdrawn (migrations/0021).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct ListingModel {
  std::int64_t id = 0;
  std::string version;  // "ft-…"
  std::string source;   // decisions | labels | decisions+labels
  std::int64_t examples = 0, training_examples = 0, holdout_examples = 0;
  std::string examples_by_label_json = "{}";
  std::string metrics_json = "{}";
  double training_seconds = 0;
  std::int64_t model_size = 0;
  std::string model_bytes;      // the fastText file; empty in list()
  std::int64_t activation = 0;  // 0: never activated
  std::int64_t activated_at = 0;
  std::int64_t deactivated_at = 0;  // > 0: this activation was withdrawn then
  std::int64_t created_by = 0;      // 0: the local console operator
  std::string created_by_name;
  std::int64_t created_at = 0;
};

// A reviewer's decision on a listing: the training example it makes.
struct ListingDecision {
  std::int64_t listing_id = 0;
  std::string title, body;
  std::string review_state;  // confirmed | dismissed
  std::string category;      // the verdict's category: wildlife | tool | marketing | none
};

class ListingModelRepository {
 public:
  // The model in force (highest activation, not withdrawn), without its
  // bytes; nullopt when none was activated or the last activation was
  // withdrawn. One indexed row: cheap enough per batch.
  static Result<std::optional<ListingModel>> active(soci::session& s);
  // The model activated last, withdrawn or not; nullopt when none was.
  static Result<std::optional<ListingModel>> last_activated(soci::session& s);
  // A model with its bytes; nullopt for an unknown version. Bytes that do
  // not decode to model_size bytes (a damaged row) are left empty.
  static Result<std::optional<ListingModel>> find(soci::session& s, const std::string& version);
  // The same without its bytes (a model is megabytes).
  static Result<std::optional<ListingModel>> find_summary(soci::session& s,
                                                          const std::string& version);
  // Newest first, without bytes.
  static Result<std::vector<ListingModel>> list(soci::session& s, std::int64_t limit,
                                                std::int64_t offset);
  static Result<std::int64_t> count(soci::session& s);
  // Stores a new model (kConflict when its version is stored already); sets id.
  static Result<ListingModel> insert(soci::session& s, ListingModel m);
  // Makes the model in force: activation = highest + 1, deactivated_at 0.
  // kConflict (and a rolled-back transaction) when a concurrent activation
  // took that number first (migrations/0022).
  // kNotFound for an unknown version.
  static Result<ListingModel> activate(soci::session& s, const std::string& version,
                                       std::int64_t at);
  // Withdraws the model's activation at `at` (nothing is in force then if
  // it was the last activated). kNotFound for an unknown version; a model
  // never activated or already withdrawn is returned unchanged.
  static Result<ListingModel> deactivate(soci::session& s, const std::string& version,
                                         std::int64_t at);

  // Listings a reviewer confirmed or dismissed, oldest decision first, at
  // most `limit`; and how many there are.
  static Result<std::vector<ListingDecision>> decisions(soci::session& s, std::int64_t limit);
  static Result<std::int64_t> count_decisions(soci::session& s);
};

}  // namespace qf::store
