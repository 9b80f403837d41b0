// ListingClassifier: a fastText model (Debian's libfasttext) that re-scores
// the rules' candidates once reviewers have decided enough listings. The
// rules (listing_scorer.h) stay primary and must be strong on their own; the
// model moves a candidate's risk by at most one step, and says so.
//
// Input: a listing's NORMALISED text (ListingNormalizer: noise dropped,
// traditional → simplified, full-width → half-width …) as characters-as-
// tokens — each Han (or other non-ASCII) character a token, each run of
// ASCII letters a token, each run of ASCII digits a token of its length
// class ("#11" for a phone number, "#3" for 3–4 digits …) — with word
// n-grams (2–3) so that pairs and triples of characters (象牙, 穿山甲) count.
// Labels: benign, wildlife, tool, marketing (the indices of kLabels in
// listing_document.h).
//
// The re-scoring rule (rescore(), explainable, one step at most):
//   candidates   listings the rules scored low or above, or with any hit
//                (also suppressed ones); other listings are not shown to the
//                model at all.
//   confident    the model's top label has probability ≥ kModelConfidence.
//   benign       a confident benign prediction lowers high → medium and
//                medium → low (a low candidate stays low).
//   positive     a confident wildlife/tool/marketing prediction raises
//                low → medium when the rules' category is none or the same
//                label; the verdict then takes that category.
//   otherwise    nothing changes.
// A change adds one reason line (模型判断为…（概率 0.97），风险由 high 降为 medium)
// to the verdict; the score stays the rules' score. Every candidate's
// ModelOpinion (label, probability, model version) is reported beside the
// verdict, changed or not.
//
// Training (train()): examples are split deterministically — by a hash of
// each example's normalised text, so duplicates land on the same side —
// into 80 % for training and 20 % held out; the model is trained on the
// 80 % and measured on the 20 % (precision, recall, F1 per label), so the
// stored measures are exactly those of the stored model. Training is
// deterministic (one thread, a fixed seed): the same examples give the same
// bytes and version. fastText trains from a file and saves to one, so train()
// is the scan layer's one use of the file system: a private temporary
// directory (0700) removed before it returns, whatever happens.
//
// Loading (load()): the bytes are checked against fastText's file format
// (magic, version, a supervised model, sizes of the dictionary and both
// matrices matching the bytes there are, no quantised parts) before
// libfasttext sees them, because libfasttext trusts its input: a damaged or
// hostile file is an Error, never a crash or a huge allocation. fastText's
// exceptions are caught here and become Errors.
//
// Thread safety: a loaded ListingClassifier is immutable; predict() is const
// and keeps its state on the caller's stack (libfasttext's predictLine and
// Model::predict are const and use a per-call Model::State), so one loaded
// model is shared by every thread (std::shared_ptr<const ListingClassifier>).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "scan/listing_document.h"
#include "scan/listing_scorer.h"

namespace qf::scan {

constexpr double kModelConfidence = 0.9;
constexpr std::size_t kMaxModelBytes = 64u << 20;
constexpr std::size_t kMaxClassifierTokens = 4096;  // tokens of one listing looked at

// The listing's normalised text as the model reads it: tokens separated by
// single spaces (no label).
std::string classifier_tokens(std::string_view normalized);

// Probabilities of benign, wildlife, tool, marketing (kLabels order); a label
// the model was not trained on has 0.
struct LabelProbabilities {
  std::array<double, 4> p{};
  int best() const;
};

struct ModelOpinion {
  int label = 0;  // kLabels index
  double probability = 0;
  std::string model_version;
  // The risk before and after the model; equal when nothing changed.
  Risk risk_before = Risk::kNone;
  Risk risk_after = Risk::kNone;
  bool changed() const { return risk_before != risk_after; }
};

struct ClassifierExample {
  std::string text;  // the listing's document ("title\ntext", listing_document())
  int label = 0;     // kLabels index
};

struct TrainingOptions {
  int dim = 16;
  int epoch = 25;
  double learning_rate = 0.5;
  int word_ngrams = 3;
  int buckets = 1 << 16;
  int seed = 7;
};

struct ClassifierTraining {
  std::string model_bytes;  // fastText's model file
  std::string version;      // "ft-" + 16 hex digits of a hash of the bytes
  std::size_t examples = 0, training_examples = 0, holdout_examples = 0;
  std::array<std::size_t, 4> examples_by_label{};  // all examples, kLabels order
  std::array<Measures, 4> holdout{};               // per label, on the held-out 20 %
  std::size_t holdout_correct = 0;                 // top label == label
  double seconds = 0;                              // training and measuring
  double holdout_accuracy() const {
    return holdout_examples ? double(holdout_correct) / double(holdout_examples) : 0.0;
  }
};

// True when the example goes to the held-out 20 % (deterministic): by the
// normalised text, or by the listing document as given to train().
bool held_out(std::string_view normalized);
bool held_out_document(std::string_view text);

class ListingClassifier {
 public:
  ~ListingClassifier();
  ListingClassifier(const ListingClassifier&) = delete;
  ListingClassifier& operator=(const ListingClassifier&) = delete;

  // kInvalidInput for bytes that are not a supervised fastText model with
  // at least one of the four labels; kTooLarge over kMaxModelBytes.
  // `version` names the model in opinions; empty: computed from the bytes.
  static Result<std::shared_ptr<const ListingClassifier>> load(std::string_view bytes,
                                                               std::string version = {});

  // kInvalidInput when fewer than 2 labels or no training example remain
  // (the split is done first); kInternal when fastText or the temporary
  // directory fails.
  static Result<ClassifierTraining> train(const std::vector<ClassifierExample>& examples,
                                          const TrainingOptions& options = {});

  // `normalized`: ListingNormalizer's normalised text of the listing.
  LabelProbabilities predict(std::string_view normalized) const;

  const std::string& version() const { return version_; }

 private:
  struct Model;
  explicit ListingClassifier(std::unique_ptr<Model> model, std::string version);
  std::unique_ptr<Model> model_;
  std::string version_;
};

// "ft-" + 16 hex digits of FNV-1a 64 of the bytes.
std::string model_version_of(std::string_view bytes);

bool is_model_candidate(const ScanVerdict& v);

// Applies the re-scoring rule above to `v`, the rules' verdict on the
// listing document `text` (listing_document(): what the scanner scanned).
// Candidates only are normalised (ListingNormalizer) and shown to the model;
// nullopt for a listing that is not a candidate (the model was not asked).
std::optional<ModelOpinion> rescore(const ListingClassifier& model, std::string_view text,
                                    ScanVerdict& v);

// Chinese name of a label: 正常信息, 野生动物交易, 禁用猎捕工具, 违规营销.
std::string_view label_description(int label);

}  // namespace qf::scan
