#include "service/listing_model_service.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <deque>
#include <mutex>
#include <set>

#include "core/clock.h"
#include "service/audit_writer.h"

namespace qf::service {
namespace {

using json = nlohmann::json;

bool may_read(const Actor& a) {
  return AccessPolicy::allows(a, Action::kManageReferenceData) ||
         AccessPolicy::allows(a, Action::kReadListings);
}

double round3(double x) { return std::round(x * 1000) / 1000; }

json audit_summary(const store::ListingModel& m) {
  return {{"version", m.version},
          {"source", m.source},
          {"examples", m.examples},
          {"holdout_examples", m.holdout_examples},
          {"metrics", json::parse(m.metrics_json, nullptr, false)},
          {"activation", m.activation},
          {"deactivated_at", m.deactivated_at}};
}

// ---- the model in force, per process --------------------------------------

constexpr std::size_t kKeptModels = 3;

struct SharedModels {
  std::mutex mu;  // held while loading: one load of a version at a time
  std::deque<std::shared_ptr<const scan::ListingClassifier>> kept;
  std::set<std::string> broken;  // versions that failed to load (logged once)
};

SharedModels& shared() {
  static SharedModels s;
  return s;
}

}  // namespace

Result<std::shared_ptr<const scan::ListingClassifier>> listing_model_in_force(soci::session& s) {
  using Model = std::shared_ptr<const scan::ListingClassifier>;
  auto active = store::ListingModelRepository::active(s);
  if (!active) return tl::unexpected(active.error());
  if (!*active) return Model();
  const std::string& version = (*active)->version;
  auto& sh = shared();
  std::lock_guard lock(sh.mu);
  for (const auto& m : sh.kept)
    if (m->version() == version) return m;
  if (sh.broken.count(version)) return Model();
  auto found = store::ListingModelRepository::find(s, version);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Model();
  auto loaded = scan::ListingClassifier::load((*found)->model_bytes, version);
  if (!loaded) {
    const Error& e = loaded.error();
    spdlog::error("listing model {} cannot be loaded, scanning with the rules alone: {}", version,
                  e.fields.empty() ? e.message : e.fields[0].message);
    sh.broken.insert(version);
    return Model();
  }
  sh.kept.push_front(*loaded);
  if (sh.kept.size() > kKeptModels) sh.kept.pop_back();
  return *loaded;
}

json to_json(const scan::ModelOpinion& o) {
  json j = {{"label", scan::kLabels[o.label]},
            {"p", round3(o.probability)},
            {"version", o.model_version}};
  if (o.changed()) {
    j["risk_before"] = scan::risk_name(o.risk_before);
    j["risk_after"] = scan::risk_name(o.risk_after);
  }
  return j;
}

json holdout_metrics_json(const scan::ClassifierTraining& t) {
  json labels = json::object();
  for (int l = 0; l < 4; ++l) {
    const auto& m = t.holdout[l];
    labels[std::string(scan::kLabels[l])] = {{"precision", round3(m.precision())},
                                             {"recall", round3(m.recall())},
                                             {"f1", round3(m.f1())},
                                             {"support", m.tp + m.fn}};
  }
  return {{"accuracy", round3(t.holdout_accuracy())}, {"labels", std::move(labels)}};
}

json to_json(const store::ListingModel& m, bool in_force) {
  json by_label = json::parse(m.examples_by_label_json, nullptr, false);
  json metrics = json::parse(m.metrics_json, nullptr, false);
  return {{"version", m.version},
          {"source", m.source},
          {"examples", m.examples},
          {"training_examples", m.training_examples},
          {"holdout_examples", m.holdout_examples},
          {"examples_by_label", by_label.is_discarded() ? json::object() : by_label},
          {"metrics", metrics.is_discarded() ? json::object() : metrics},
          {"training_seconds", round3(m.training_seconds)},
          {"model_size", m.model_size},
          {"active", in_force},
          {"activated_at", m.activated_at ? json(format_iso8601(m.activated_at)) : json()},
          {"deactivated_at", m.deactivated_at ? json(format_iso8601(m.deactivated_at)) : json()},
          {"created_by", m.created_by_name},
          {"created_at", format_iso8601(m.created_at)}};
}

Result<ListingModelList> ListingModelService::list(const CallContext& call, std::int64_t limit,
                                                   std::int64_t offset) {
  if (!may_read(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<ListingModelList> {
    ListingModelList page;
    auto active = store::ListingModelRepository::active(s);
    if (!active) return tl::unexpected(active.error());
    if (*active) page.active_version = (*active)->version;
    auto items = store::ListingModelRepository::list(s, limit, offset);
    if (!items) return tl::unexpected(items.error());
    auto total = store::ListingModelRepository::count(s);
    if (!total) return tl::unexpected(total.error());
    page.items = std::move(*items);
    page.total = *total;
    return page;
  });
}

Result<ModelTrainingReport> ListingModelService::train(const CallContext& call,
                                                       const ModelTrainingRequest& request) {
  if (!AccessPolicy::allows(call.actor, Action::kManageReferenceData)) return forbidden();
  if (request.min_decisions < 0) return invalid("min_decisions", "不能为负数");
  ModelTrainingReport report;
  std::vector<scan::ClassifierExample> examples = request.examples;
  if (request.use_decisions) {
    auto decisions = ctx_.db.read([&](soci::session& s) {
      return store::ListingModelRepository::decisions(s, kMaxTrainingDecisions);
    });
    if (!decisions) return tl::unexpected(decisions.error());
    report.decisions = static_cast<std::int64_t>(decisions->size());
    if (report.decisions < request.min_decisions)
      return invalid("decisions", "审核决定不足：已有 " + std::to_string(report.decisions) +
                                      " 条确认或排除的网络信息，训练至少需要 " +
                                      std::to_string(request.min_decisions) + " 条");
    for (const auto& d : *decisions) {
      int label = 0;
      if (d.review_state == "confirmed") {
        auto category = scan::parse_label(d.category);
        if (!category || *category == 0) {
          ++report.skipped_decisions;
          continue;
        }
        label = *category;
      }
      examples.push_back({scan::listing_document(d.title, d.body).text, label});
    }
  }
  auto trained = scan::ListingClassifier::train(examples, request.options);
  if (!trained) return tl::unexpected(trained.error());
  report.training = std::move(*trained);

  store::ListingModel& m = report.model;
  m.version = report.training.version;
  m.source = request.use_decisions ? (request.examples.empty() ? "decisions" : "decisions+labels")
                                   : "labels";
  m.examples = static_cast<std::int64_t>(report.training.examples);
  m.training_examples = static_cast<std::int64_t>(report.training.training_examples);
  m.holdout_examples = static_cast<std::int64_t>(report.training.holdout_examples);
  json by_label = json::object();
  for (int l = 0; l < 4; ++l)
    by_label[std::string(scan::kLabels[l])] = report.training.examples_by_label[l];
  m.examples_by_label_json = by_label.dump();
  m.metrics_json = holdout_metrics_json(report.training).dump();
  m.training_seconds = report.training.seconds;
  m.model_bytes = report.training.model_bytes;
  m.model_size = static_cast<std::int64_t>(m.model_bytes.size());
  m.created_by = call.actor.user_id;
  m.created_at = now_ms();
  if (!request.store && !request.activate) return report;

  auto stored = ctx_.db.transact([&](soci::session& s) -> Result<store::ListingModel> {
    auto saved = store::ListingModelRepository::insert(s, m);
    if (!saved) return tl::unexpected(saved.error());
    if (auto a = audit(s, call, "listing_model.train", "listing_model", saved->version, nullptr,
                       audit_summary(*saved));
        !a)
      return tl::unexpected(a.error());
    if (!request.activate) return saved;
    auto activated = store::ListingModelRepository::activate(s, saved->version, now_ms());
    if (!activated) return tl::unexpected(activated.error());
    if (auto a = audit(s, call, "listing_model.activate", "listing_model", saved->version, nullptr,
                       audit_summary(*activated));
        !a)
      return tl::unexpected(a.error());
    return activated;
  });
  if (!stored) return tl::unexpected(stored.error());
  const std::string bytes = std::move(m.model_bytes);
  m = std::move(*stored);
  m.model_bytes = bytes;
  report.stored = true;
  report.activated = request.activate;
  return report;
}

Result<store::ListingModel> ListingModelService::activate(const CallContext& call,
                                                          const std::string& version) {
  if (!AccessPolicy::allows(call.actor, Action::kManageReferenceData)) return forbidden();
  return ctx_.db.transact([&](soci::session& s) -> Result<store::ListingModel> {
    auto before = store::ListingModelRepository::active(s);
    if (!before) return tl::unexpected(before.error());
    auto activated = store::ListingModelRepository::activate(s, version, now_ms());
    if (!activated) return tl::unexpected(activated.error());
    if (auto a = audit(s, call, "listing_model.activate", "listing_model", version,
                       *before ? audit_summary(**before) : json(), audit_summary(*activated));
        !a)
      return tl::unexpected(a.error());
    return activated;
  });
}

Result<store::ListingModel> ListingModelService::deactivate(const CallContext& call,
                                                            const std::string& version) {
  if (!AccessPolicy::allows(call.actor, Action::kManageReferenceData)) return forbidden();
  return ctx_.db.transact([&](soci::session& s) -> Result<store::ListingModel> {
    auto last = store::ListingModelRepository::last_activated(s);
    if (!last) return tl::unexpected(last.error());
    const bool in_force = *last && (*last)->deactivated_at == 0;
    if (!version.empty() && !(*last && (*last)->version == version)) {
      auto named = store::ListingModelRepository::find_summary(s, version);
      if (!named) return tl::unexpected(named.error());
      if (!*named) return not_found("复核模型不存在");
      return fail(ErrorCode::kConflict,
                  "复核模型 " + version + " 未在生效中，无需停用（" +
                      (in_force ? "生效中的是 " + (*last)->version
                                : std::string("当前没有生效中的模型，判定只依据规则")) +
                      "）");
    }
    if (!in_force) {
      // The same model named again: already withdrawn, answered unchanged.
      if (!version.empty()) return **last;
      return fail(ErrorCode::kConflict, "当前没有生效中的复核模型，判定已只依据规则，无需停用");
    }
    const std::int64_t at = now_ms();
    auto withdrawn = store::ListingModelRepository::deactivate(s, (*last)->version, at);
    if (!withdrawn) return tl::unexpected(withdrawn.error());
    // Withdrawn by a concurrent call first (PostgreSQL): that one audited it.
    if (withdrawn->deactivated_at != at) return withdrawn;
    if (auto a = audit(s, call, "listing_model.deactivate", "listing_model", withdrawn->version,
                       audit_summary(**last), audit_summary(*withdrawn));
        !a)
      return tl::unexpected(a.error());
    return withdrawn;
  });
}

}  // namespace qf::service
