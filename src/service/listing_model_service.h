// ListingModelService: the listing classifier (scan/listing_classifier.h)
// trained from the reviewers' decisions, stored, and put in force (issue 4:
// "every decision is training data for the model").
//
//  - Training data: listings a reviewer confirmed (label: the verdict's
//    category; a confirmed listing whose category is none says nothing about
//    its kind and is skipped) or dismissed (benign); optionally labelled
//    examples handed in beside them (the CLI's --labels file). Training
//    refuses with kInvalidInput while fewer than min_decisions decisions
//    exist (the rules are better than a model of a handful of decisions).
//  - The model is trained on a deterministic 80 % and measured on the other
//    20 % (precision, recall, F1 per label); both are stored with it
//    (listing_models, store/listing_model_repository.h). Training the same
//    data twice gives the same model: the second is refused kConflict.
//  - Activating a model puts it in force on every node from the next ingest
//    batch (listing_model_in_force); the newest activation wins.
//  - Deactivating withdraws the model in force: from the next batch every
//    node scans with the rules alone, until a model (the same or another) is
//    activated again. Naming a model that is not in force is refused
//    kConflict, saying which one is; naming the model whose activation was
//    already withdrawn answers it unchanged (a repeated click); naming none
//    withdraws whichever is in force, kConflict when none is.
//  - Permissions (core/access_policy.h): training, activating and
//    deactivating need kManageReferenceData (administrators and the office,
//    as the lexicon); the list needs that or kReadListings. Training,
//    activation and deactivation are audited (listing_model.train,
//    listing_model.activate, listing_model.deactivate) with the model's
//    version, counts and measures. Training takes seconds; it runs outside
//    any transaction, and the model is stored in one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "scan/listing_classifier.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/listing_model_repository.h"

namespace qf::service {

inline constexpr std::int64_t kDefaultMinDecisions = 200;
inline constexpr std::int64_t kMaxTrainingDecisions = 200000;

struct ModelTrainingRequest {
  bool use_decisions = true;
  std::int64_t min_decisions = kDefaultMinDecisions;
  std::vector<scan::ClassifierExample> examples;  // labelled examples besides the decisions
  bool store = true;                              // keep it in listing_models
  bool activate = false;                          // and put it in force (implies store)
  scan::TrainingOptions options;
};

struct ModelTrainingReport {
  store::ListingModel model;  // with its bytes; id 0 when not stored
  scan::ClassifierTraining training;
  std::int64_t decisions = 0;          // decisions read
  std::int64_t skipped_decisions = 0;  // confirmed without a category
  bool stored = false, activated = false;
};

struct ListingModelList {
  std::vector<store::ListingModel> items;  // newest first, without bytes
  std::int64_t total = 0;
  std::string active_version;  // the model in force; "" when none
};

class ListingModelService {
 public:
  explicit ListingModelService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<ListingModelList> list(const CallContext& call, std::int64_t limit, std::int64_t offset);
  Result<ModelTrainingReport> train(const CallContext& call, const ModelTrainingRequest& request);
  Result<store::ListingModel> activate(const CallContext& call, const std::string& version);
  // Withdraws the model in force; `version` "" = whichever it is. Returns
  // the model as withdrawn (deactivated_at set).
  Result<store::ListingModel> deactivate(const CallContext& call, const std::string& version);

 private:
  ServiceContext& ctx_;
};

// The model in force for this process, loaded once per version and shared
// by every thread; nullptr when none is active. A stored model that does not
// load is logged once and skipped (the rules alone scan), so a damaged row
// never stops ingestion.
Result<std::shared_ptr<const scan::ListingClassifier>> listing_model_in_force(soci::session& s);

// {"label","p","version"} and, when the model moved the risk,
// "risk_before" and "risk_after".
nlohmann::json to_json(const scan::ModelOpinion& opinion);
// {"version","source","examples","training_examples","holdout_examples",
//  "examples_by_label","metrics","training_seconds","model_size","active",
//  "activated_at","deactivated_at","created_by","created_at"}; the times
//  are null when it never happened.
nlohmann::json to_json(const store::ListingModel& model, bool in_force);
// The held-out measures as stored: {"accuracy", "labels":{label:{precision,
// recall,f1,support}}}.
nlohmann::json holdout_metrics_json(const scan::ClassifierTraining& t);

}  // namespace qf::service
