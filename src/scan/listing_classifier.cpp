#include "scan/listing_classifier.h"

#include <fasttext/fasttext.h>
#include <stdlib.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/utf8.h"

namespace qf::scan {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kLabelPrefix = "__label__";
// fastText's model file (fasttext.cc: FASTTEXT_FILEFORMAT_MAGIC_INT32, FASTTEXT_VERSION).
constexpr std::int32_t kFastTextMagic = 793712314;
constexpr std::int32_t kFastTextVersion = 12;

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string digit_class(std::size_t n) {
  if (n <= 2) return "#1";
  if (n <= 4) return "#3";
  if (n <= 8) return "#5";
  if (n == 11) return "#11";  // a mobile number
  return n < 11 ? "#9" : "#12";
}

// ---- fastText's file format, checked before libfasttext reads it ----------

class ByteReader {
 public:
  explicit ByteReader(std::string_view b) : b_(b) {}
  template <class T>
  bool read(T& out) {
    if (b_.size() - at_ < sizeof(T)) return false;
    std::memcpy(&out, b_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  // A NUL-terminated word of at most `max` bytes.
  bool word(std::string& out, std::size_t max) {
    const std::size_t end = b_.find('\0', at_);
    if (end == std::string_view::npos || end - at_ > max) return false;
    out.assign(b_.substr(at_, end - at_));
    at_ = end + 1;
    return true;
  }
  bool skip(std::uint64_t n) {
    if (b_.size() - at_ < n) return false;
    at_ += n;
    return true;
  }
  bool at_end() const { return at_ == b_.size(); }

 private:
  std::string_view b_;
  std::size_t at_ = 0;
};

// The labels of a valid supervised model, or an error naming what is wrong.
Result<std::vector<std::string>> check_model_file(std::string_view bytes) {
  auto bad = [](const std::string& why) -> Result<std::vector<std::string>> {
    return invalid("model", "不是有效的 fastText 分类模型：" + why);
  };
  if (bytes.size() > kMaxModelBytes)
    return fail(ErrorCode::kTooLarge,
                "模型文件过大（最多 " + std::to_string(kMaxModelBytes >> 20) + " MiB）");
  ByteReader r(bytes);
  std::int32_t magic = 0, version = 0;
  if (!r.read(magic) || !r.read(version)) return bad("文件过短");
  if (magic != kFastTextMagic) return bad("文件头不符");
  if (version != kFastTextVersion) return bad("版本 " + std::to_string(version) + " 不受支持");
  // Args::save: dim ws epoch minCount neg wordNgrams loss model bucket minn
  // maxn lrUpdateRate (int each), t (double).
  std::int32_t a[12];
  for (auto& x : a)
    if (!r.read(x)) return bad("参数不完整");
  double t = 0;
  if (!r.read(t)) return bad("参数不完整");
  const std::int32_t dim = a[0], word_ngrams = a[5], loss = a[6], model = a[7], bucket = a[8],
                     minn = a[9], maxn = a[10];
  if (model != static_cast<int>(fasttext::model_name::sup)) return bad("不是监督分类模型");
  if (loss < 1 || loss > 4) return bad("损失函数未知");
  if (dim < 1 || dim > 1024) return bad("向量维数不合理");
  if (word_ngrams < 1 || word_ngrams > 16 || bucket < 0 || bucket > (1 << 24) || minn < 0 ||
      maxn < 0 || maxn > 32 || minn > maxn)
    return bad("参数不合理");
  // Dictionary::save: size nwords nlabels (int32), ntokens pruneidx_size
  // (int64), then per entry: word NUL, count (int64), type (int8).
  std::int32_t size = 0, nwords = 0, nlabels = 0;
  std::int64_t ntokens = 0, pruneidx_size = 0;
  if (!r.read(size) || !r.read(nwords) || !r.read(nlabels) || !r.read(ntokens) ||
      !r.read(pruneidx_size))
    return bad("词典不完整");
  if (size < 0 || nwords < 0 || nlabels < 1 || nlabels > 64 || size != nwords + nlabels ||
      size > (1 << 24))
    return bad("词典大小不合理");
  if (pruneidx_size > 0) return bad("不支持裁剪过的模型");
  std::vector<std::string> labels;
  std::string word;
  for (std::int32_t i = 0; i < size; ++i) {
    std::int64_t count = 0;
    std::int8_t type = 0;
    if (!r.word(word, 4096) || !r.read(count) || !r.read(type)) return bad("词典不完整");
    if (type != 0 && type != 1) return bad("词典条目类型未知");
    if (type == 1) labels.push_back(word);
  }
  if (labels.size() != static_cast<std::size_t>(nlabels)) return bad("标签数不符");
  // quant (bool), the input matrix (m, n int64, then m·n floats), qout
  // (bool), the output matrix.
  auto matrix = [&](std::int64_t rows) -> bool {
    std::int64_t m = 0, n = 0;
    if (!r.read(m) || !r.read(n) || m != rows || n != dim) return false;
    return r.skip(static_cast<std::uint64_t>(m) * static_cast<std::uint64_t>(n) * sizeof(float));
  };
  bool quant = true, qout = true;
  if (!r.read(quant) || quant) return bad("不支持量化模型");
  if (!matrix(std::int64_t{nwords} + bucket)) return bad("输入矩阵与参数不符或不完整");
  if (!r.read(qout) || qout) return bad("不支持量化模型");
  if (!matrix(nlabels)) return bad("输出矩阵与参数不符或不完整");
  if (!r.at_end()) return bad("文件末尾有多余数据");
  int known = 0;
  for (const auto& l : labels)
    if (l.rfind(kLabelPrefix, 0) == 0 && parse_label(l.substr(kLabelPrefix.size()))) ++known;
  if (known == 0) return bad("没有 benign、wildlife、tool、marketing 标签");
  return labels;
}

// A private temporary directory, removed with everything in it.
class PrivateTempDir {
 public:
  static Result<PrivateTempDir> create() {
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "qingfeng-model-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)  // mkdtemp makes it 0700
      return fail(ErrorCode::kInternal, "无法创建临时目录以训练模型");
    return PrivateTempDir(pattern);
  }
  PrivateTempDir(PrivateTempDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  PrivateTempDir(const PrivateTempDir&) = delete;
  ~PrivateTempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const char* name) const { return (fs::path(path_) / name).string(); }

 private:
  explicit PrivateTempDir(std::string p) : path_(std::move(p)) {}
  std::string path_;
};

// libfasttext's loadModel(istream) reads the file format version that
// checkModel() stored; both are protected, so a subclass reads from memory.
class MemoryFastText : public fasttext::FastText {
 public:
  // Throws what libfasttext throws.
  bool load_from(std::istream& in) {
    if (!checkModel(in)) return false;
    loadModel(in);
    return true;
  }
};

}  // namespace

std::string classifier_tokens(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 2);
  std::size_t tokens = 0, i = 0;
  auto emit = [&](std::string_view token) {
    if (!out.empty()) out += ' ';
    out += token;
    ++tokens;
  };
  while (i < s.size() && tokens < kMaxClassifierTokens) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      std::size_t j = i;
      while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
      std::string run(s.substr(i, j - i));
      for (char& ch : run) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      emit(run);
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      std::size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      emit(digit_class(j - i));
      i = j;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) {
      ++i;  // not expected in normalised text; never a token
      continue;
    }
    // Whitespace and controls separate fastText's words: never part of one.
    if (cp > 0x20 && cp != 0x7F && cp != 0x85 && cp != 0xA0) emit(s.substr(i, len));
    i += len;
  }
  return out;
}

int LabelProbabilities::best() const {
  int b = 0;
  for (int i = 1; i < 4; ++i)
    if (p[i] > p[b]) b = i;
  return b;
}

bool held_out(std::string_view normalized) { return fnv1a(normalized) % 5 == 0; }

bool held_out_document(std::string_view text) {
  return held_out(ListingNormalizer().normalize_text(text));
}

std::string model_version_of(std::string_view bytes) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "ft-%016llx", static_cast<unsigned long long>(fnv1a(bytes)));
  return buf;
}

std::string_view label_description(int label) {
  constexpr std::string_view kNames[] = {"正常信息", "野生动物交易", "禁用猎捕工具", "违规营销"};
  return label >= 0 && label < 4 ? kNames[label] : "";
}

struct ListingClassifier::Model {
  MemoryFastText fasttext;
  std::vector<int> labels;  // fastText label index → kLabels index (-1: unknown)
};

ListingClassifier::ListingClassifier(std::unique_ptr<Model> model, std::string version)
    : model_(std::move(model)), version_(std::move(version)) {}

ListingClassifier::~ListingClassifier() = default;

Result<std::shared_ptr<const ListingClassifier>> ListingClassifier::load(std::string_view bytes,
                                                                         std::string version) {
  auto labels = check_model_file(bytes);
  if (!labels) return tl::unexpected(labels.error());
  auto model = std::make_unique<Model>();
  try {
    std::istringstream in{std::string(bytes)};
    if (!model->fasttext.load_from(in))
      return invalid("model", "不是有效的 fastText 分类模型：文件头不符");
  } catch (const std::exception& e) {
    return invalid("model", std::string("fastText 无法读取模型：") + e.what());
  }
  for (const auto& l : *labels) {
    auto known = parse_label(std::string_view(l).substr(kLabelPrefix.size()));
    model->labels.push_back(known ? *known : -1);
  }
  if (version.empty()) version = model_version_of(bytes);
  return std::shared_ptr<const ListingClassifier>(
      new ListingClassifier(std::move(model), std::move(version)));
}

LabelProbabilities ListingClassifier::predict(std::string_view normalized) const {
  LabelProbabilities out;
  std::string line = classifier_tokens(normalized);
  if (line.empty()) {
    out.p[0] = 1;  // nothing to read: no opinion but benign
    return out;
  }
  line += '\n';
  std::istringstream in(line);
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  try {
    model_->fasttext.predictLine(in, predictions, -1, 0.0);
  } catch (const std::exception&) {
    out.p[0] = 1;
    return out;
  }
  for (const auto& [p, label] : predictions) {
    if (label.rfind(kLabelPrefix, 0) != 0) continue;
    if (auto k = parse_label(std::string_view(label).substr(kLabelPrefix.size())))
      out.p[*k] = static_cast<double>(p);
  }
  return out;
}

Result<ClassifierTraining> ListingClassifier::train(const std::vector<ClassifierExample>& examples,
                                                    const TrainingOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ClassifierTraining t;
  ListingNormalizer normalizer;
  struct Prepared {
    std::string tokens;
    std::string normalized;
    int label;
  };
  std::vector<Prepared> training, holdout;
  std::array<bool, 4> trained_labels{};
  for (const auto& e : examples) {
    if (e.label < 0 || e.label > 3) return invalid("label", "标签须为 0–3");
    Prepared p{"", normalizer.normalize_text(e.text), e.label};
    p.tokens = classifier_tokens(p.normalized);
    if (p.tokens.empty()) continue;  // nothing for the model to read
    ++t.examples;
    ++t.examples_by_label[e.label];
    if (held_out(p.normalized)) {
      holdout.push_back(std::move(p));
    } else {
      trained_labels[p.label] = true;
      training.push_back(std::move(p));
    }
  }
  t.training_examples = training.size();
  t.holdout_examples = holdout.size();
  int labels = 0;
  for (bool b : trained_labels) labels += b;
  if (training.empty() || labels < 2)
    return invalid("examples", "训练样本不足：至少需要两类标签的样本");

  auto dir = PrivateTempDir::create();
  if (!dir) return tl::unexpected(dir.error());
  const std::string input = dir->file("train.txt"), output = dir->file("model.bin");
  {
    std::ofstream out(input, std::ios::binary | std::ios::trunc);
    for (const auto& p : training)
      out << kLabelPrefix << kLabels[p.label] << ' ' << p.tokens << '\n';
    out.close();
    if (!out) return fail(ErrorCode::kInternal, "无法写入训练文件");
  }
  fasttext::Args args;
  args.input = input;
  args.output = output;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.minCount = 1;
  args.minCountLabel = 0;
  args.minn = 0;
  args.maxn = 0;
  args.wordNgrams = options.word_ngrams;
  args.bucket = options.buckets;
  args.dim = options.dim;
  args.epoch = options.epoch;
  args.lr = options.learning_rate;
  args.thread = 1;  // one thread: the same examples give the same model
  args.seed = options.seed;
  args.verbose = 0;
  std::string bytes;
  try {
    fasttext::FastText ft;
    ft.train(args);
    ft.saveModel(output);
    std::ifstream in(output, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return fail(ErrorCode::kInternal, "无法读取训练好的模型");
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, std::string("fastText 训练失败：") + e.what());
  }
  t.version = model_version_of(bytes);
  auto model = load(bytes, t.version);
  if (!model) return tl::unexpected(model.error());
  for (const auto& p : holdout) {
    const int predicted = (*model)->predict(p.normalized).best();
    if (predicted == p.label) {
      ++t.holdout_correct;
      ++t.holdout[p.label].tp;
    } else {
      ++t.holdout[predicted].fp;
      ++t.holdout[p.label].fn;
    }
  }
  t.model_bytes = std::move(bytes);
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return t;
}

bool is_model_candidate(const ScanVerdict& v) { return v.risk != Risk::kNone || !v.hits.empty(); }

std::optional<ModelOpinion> rescore(const ListingClassifier& model, std::string_view text,
                                    ScanVerdict& v) {
  if (!is_model_candidate(v)) return std::nullopt;
  const LabelProbabilities probabilities = model.predict(ListingNormalizer().normalize_text(text));
  ModelOpinion o;
  o.label = probabilities.best();
  o.probability = probabilities.p[o.label];
  o.model_version = model.version();
  o.risk_before = o.risk_after = v.risk;
  if (o.probability >= kModelConfidence) {
    if (o.label == 0) {
      if (v.risk == Risk::kHigh) o.risk_after = Risk::kMedium;
      if (v.risk == Risk::kMedium) o.risk_after = Risk::kLow;
    } else if (v.risk == Risk::kLow &&
               (v.category == VerdictCategory::kNone || static_cast<int>(v.category) == o.label)) {
      o.risk_after = Risk::kMedium;
      v.category = static_cast<VerdictCategory>(o.label);
    }
  }
  if (o.changed()) {
    char p[16];
    std::snprintf(p, sizeof p, "%.2f", o.probability);
    v.reasons.push_back("模型判断为" + std::string(label_description(o.label)) + "（概率 " + p +
                        "），风险由 " + std::string(risk_name(o.risk_before)) +
                        (o.risk_after < o.risk_before ? " 降为 " : " 升为 ") +
                        std::string(risk_name(o.risk_after)));
    v.risk = o.risk_after;
  }
  return o;
}

}  // namespace qf::scan
