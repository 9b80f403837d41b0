// The listing classifier (fastText, characters as tokens): tokens, training
// on a small hand-written set and its deterministic split, predictions on
// obvious listings it never saw, the re-scoring rule, and model files that
// are not models — refused, never a crash.
#include "scan/listing_classifier.h"

#include <gtest/gtest.h>

#include <memory>

#include "support/listing_examples.h"

namespace qf::scan {
namespace {

std::vector<ClassifierExample> examples() {
  std::vector<ClassifierExample> out;
  for (const auto& l : testing::labelled_listings())
    out.push_back({listing_document(l.title, l.text).text, *parse_label(l.label)});
  return out;
}

TrainingOptions quick() {
  TrainingOptions o;
  o.epoch = 50;
  o.buckets = 1 << 14;
  return o;
}

// One training for the whole suite: it takes a fraction of a second, but
// every test needs the same model.
class ListingClassifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto t = ListingClassifier::train(examples(), quick());
    ASSERT_TRUE(t) << t.error().message;
    training_ = std::make_unique<ClassifierTraining>(std::move(*t));
    auto m = ListingClassifier::load(training_->model_bytes);
    ASSERT_TRUE(m) << m.error().message;
    model_ = *m;
  }
  static void TearDownTestSuite() {
    model_.reset();
    training_.reset();
  }

  int predict(const std::string& title, const std::string& text) {
    const std::string normalized =
        ListingNormalizer().normalize_text(listing_document(title, text).text);
    return model_->predict(normalized).best();
  }

  static std::unique_ptr<ClassifierTraining> training_;
  static std::shared_ptr<const ListingClassifier> model_;
};

std::unique_ptr<ClassifierTraining> ListingClassifierTest::training_;
std::shared_ptr<const ListingClassifier> ListingClassifierTest::model_;

TEST(ClassifierTokens, HanCharactersAndAsciiRuns) {
  EXPECT_EQ(classifier_tokens("出售象牙加vx13812345678"), "出 售 象 牙 加 vx #11");
  EXPECT_EQ(classifier_tokens("abc12def"), "abc #1 def");
  EXPECT_EQ(classifier_tokens(""), "");
}

TEST_F(ListingClassifierTest, SplitsCountsAndMeasures) {
  const auto& t = *training_;
  EXPECT_EQ(t.examples, testing::labelled_listings().size());
  EXPECT_EQ(t.training_examples + t.holdout_examples, t.examples);
  EXPECT_GT(t.holdout_examples, 0u);
  EXPECT_GT(t.training_examples, t.holdout_examples * 2);
  EXPECT_EQ(t.examples_by_label[1], 14u);
  std::size_t support = 0;
  for (const auto& m : t.holdout) support += m.tp + m.fn;
  EXPECT_EQ(support, t.holdout_examples);
  EXPECT_EQ(t.version.rfind("ft-", 0), 0u);
  EXPECT_EQ(model_->version(), t.version);
}

TEST_F(ListingClassifierTest, TrainingIsDeterministic) {
  auto again = ListingClassifier::train(examples(), quick());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->version, training_->version);
  EXPECT_EQ(again->model_bytes, training_->model_bytes);
}

TEST_F(ListingClassifierTest, PredictsObviousListingsItNeverSaw) {
  EXPECT_EQ(predict("象牙手串 低价出", "老象牙手串，私聊价格，可验货"), 1);
  EXPECT_EQ(predict("捕鸟网 批发", "隐形捕鸟网，加密粘网，二十米"), 2);
  EXPECT_EQ(predict("长江野生鱼", "长江野生鲫鱼，渔民直供饭店"), 3);
  EXPECT_EQ(predict("手机壳 象牙白", "象牙白手机壳，全新包邮"), 0);
  const auto p = model_->predict(ListingNormalizer().normalize_text("电鱼机 逆变器 下水就有货"));
  double sum = 0;
  for (double x : p.p) sum += x;
  EXPECT_NEAR(sum, 1.0, 0.01);
}

TEST_F(ListingClassifierTest, RescoresOneStepWithAReason) {
  // A medium wildlife verdict that the model reads as benign: medium → low.
  ScanVerdict v;
  v.risk = Risk::kMedium;
  v.category = VerdictCategory::kWildlife;
  const std::string benign =
      ListingNormalizer().normalize_text("象牙白色硅胶手机壳，防摔，全新包邮");
  auto o = rescore(*model_, benign, v);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->label, 0);
  if (o->probability >= kModelConfidence) {
    EXPECT_EQ(v.risk, Risk::kLow);
    ASSERT_FALSE(v.reasons.empty());
    EXPECT_NE(v.reasons.back().find("模型判断为正常信息"), std::string::npos) << v.reasons.back();
    EXPECT_NE(v.reasons.back().find("风险由 medium 降为 low"), std::string::npos);
  } else {
    EXPECT_EQ(v.risk, Risk::kMedium);
  }

  // Not a candidate (no hit, risk none): the model is not asked.
  ScanVerdict none;
  EXPECT_FALSE(rescore(*model_, benign, none));
  EXPECT_TRUE(none.reasons.empty());

  // A low candidate the model is sure about: raised to medium, one step only.
  ScanVerdict low;
  low.risk = Risk::kLow;
  const std::string net =
      ListingNormalizer().normalize_text("粘网捕鸟网 隐形细丝 加密 批发零售 捕雀网");
  auto raised = rescore(*model_, net, low);
  ASSERT_TRUE(raised);
  if (raised->label == 2 && raised->probability >= kModelConfidence) {
    EXPECT_EQ(low.risk, Risk::kMedium);
    EXPECT_EQ(low.category, VerdictCategory::kTool);
  } else {
    EXPECT_EQ(low.risk, Risk::kLow);
  }
}

TEST_F(ListingClassifierTest, RefusesFilesThatAreNotModels) {
  EXPECT_FALSE(ListingClassifier::load(""));
  EXPECT_FALSE(ListingClassifier::load("not a model at all, just text"));
  const std::string& good = training_->model_bytes;
  // Truncated anywhere: refused before libfasttext reads it.
  for (std::size_t cut :
       {std::size_t{8}, std::size_t{60}, std::size_t{200}, good.size() / 2, good.size() - 1}) {
    auto r = ListingClassifier::load(std::string_view(good).substr(0, cut));
    ASSERT_FALSE(r) << cut;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  }
  // Trailing bytes and an absurd dictionary size.
  EXPECT_FALSE(ListingClassifier::load(good + "x"));
  std::string huge = good;
  huge[8 + 56] = '\x7f';  // the dictionary's size, low byte
  huge[8 + 56 + 3] = '\x7f';
  EXPECT_FALSE(ListingClassifier::load(huge));
  // The bytes themselves still load.
  EXPECT_TRUE(ListingClassifier::load(good));
}

TEST(ListingClassifierTraining, NeedsTwoLabels) {
  std::vector<ClassifierExample> one = {{"出售象牙手镯", 1}, {"犀牛角出售", 1}, {"穿山甲片", 1}};
  auto r = ListingClassifier::train(one);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace qf::scan
