#include "scan/listing_scanner.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/utf8.h"
#include "scan_test_support.h"

namespace qf::scan {
namespace {

using testing::any_hit;
using testing::builtin_matcher;
using testing::counted;
using testing::explain;
using testing::has_match;
using testing::match_builtin;
using testing::scan_builtin;

// Character boundaries as the normaliser reads the text: after each valid
// UTF-8 character and after each invalid byte (a stray continuation byte is
// a character of its own). boundaries[i] for 0 <= i <= size.
std::vector<bool> char_boundaries(std::string_view s) {
  std::vector<bool> b(s.size() + 1, false);
  std::size_t i = 0;
  while (i < s.size()) {
    b[i] = true;
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80             ? 1
                      : (c & 0xE0) == 0xC0 ? 2
                      : (c & 0xF0) == 0xE0 ? 3
                      : (c & 0xF8) == 0xF0 ? 4
                                           : 1;
    if (len > 1 && (i + len > s.size() || !qf::is_valid_utf8(s.substr(i, len)))) len = 1;
    i += len;
  }
  b[s.size()] = true;
  return b;
}

std::string slice(std::string_view s, ByteSpan span) {
  return std::string(s.substr(span.begin, span.end - span.begin));
}

TEST(ListingScanner, PlainSaleIsHighRiskWildlifeWithExplainedHits) {
  std::string text = "出售象牙手镯，加V：ivory888，价格面议";
  auto v = scan_builtin(text);
  EXPECT_EQ(v.risk, Risk::kHigh) << explain(v);
  EXPECT_EQ(v.category, VerdictCategory::kWildlife);
  const ExplainedHit* ivory = counted(v, "象牙");
  ASSERT_NE(ivory, nullptr) << explain(v);
  EXPECT_EQ(slice(text, ivory->original), "象牙");
  EXPECT_EQ(ivory->via, MatchVia::kExact);
  EXPECT_EQ(ivory->species, "象");
  EXPECT_NE(counted(v, "出售"), nullptr);
  EXPECT_FALSE(v.contacts.empty());
  EXPECT_EQ(v.species, std::vector<std::string>{"象"});
  EXPECT_FALSE(v.reasons.empty());
}

// Each evasion still finds 象牙 and reports the span where the seller wrote it.
TEST(ListingScanner, EvasionsStillFindTheTerm) {
  struct Case {
    std::string text, written;
    MatchVia via;
  };
  const std::vector<Case> cases = {
      {"出售象*牙手镯 私聊", "象*牙", MatchVia::kNormalized},
      {"出售象 牙手镯 私聊", "象 牙", MatchVia::kNormalized},
      {"出售象\xE2\x80\x8D牙手镯 私聊", "象\xE2\x80\x8D牙", MatchVia::kNormalized},
      {"出售象😊牙手镯 私聊", "象😊牙", MatchVia::kNormalized},
      {"出售🐘牙手镯 私聊", "🐘牙", MatchVia::kNormalized},  // 🐘 stands for 象
      {"出售橡牙手镯 私聊", "橡牙", MatchVia::kPinyin},
      {"出售象芽手镯 私聊", "象芽", MatchVia::kPinyin},
      {"出售xiang牙手镯 私聊", "xiang牙", MatchVia::kPinyin},
      {"出售XIANG牙手镯 私聊", "XIANG牙", MatchVia::kPinyin},
  };
  for (const auto& c : cases) {
    auto v = scan_builtin(c.text);
    const ExplainedHit* h = counted(v, "象牙");
    ASSERT_NE(h, nullptr) << c.text << "\n" << explain(v);
    EXPECT_EQ(slice(c.text, h->original), c.written) << c.text;
    EXPECT_EQ(h->via, c.via) << c.text;
    EXPECT_NE(v.risk, Risk::kNone) << c.text;
    EXPECT_EQ(v.category, VerdictCategory::kWildlife) << c.text;
  }
}

TEST(ListingScanner, TraditionalAndFullWidthSpellings) {
  auto v = scan_builtin("出售熊膽 加ＶＸ");
  EXPECT_NE(counted(v, "熊胆"), nullptr) << explain(v);
  // 加Ｖ is glued to Ｘ, so the cue is vx alone.
  EXPECT_NE(counted(v, "vx"), nullptr) << explain(v);
  EXPECT_EQ(any_hit(v, "加v"), nullptr) << explain(v);
  EXPECT_EQ(v.risk, Risk::kHigh) << explain(v);  // 熊胆 4 + 出售 2 + contact 1
  auto t = scan_builtin("現貨 獵夾 批發");
  EXPECT_EQ(t.category, VerdictCategory::kTool) << explain(t);
  EXPECT_EQ(t.risk, Risk::kHigh) << explain(t);
  auto m = scan_builtin("正宗長江野生魚，順豐包郵");
  EXPECT_EQ(m.category, VerdictCategory::kMarketing) << explain(m);
  EXPECT_EQ(m.risk, Risk::kMedium) << explain(m);
}

TEST(ListingScanner, PinyinHomophonesNeedThreeSyllablesOrAnAnchor) {
  // 川山甲: three homophone syllables of 穿山甲.
  auto v = scan_builtin("川-山-甲片有货");
  EXPECT_TRUE(any_hit(v, "穿山甲") || any_hit(v, "川山甲")) << explain(v);
  EXPECT_EQ(v.category, VerdictCategory::kWildlife) << explain(v);
  // 传山夹 (chuan shan jia, no character in common) reaches 穿山甲 only
  // through pinyin, and counts less than the word.
  auto py = scan_builtin("传山夹");
  const ExplainedHit* h = any_hit(py, "穿山甲");
  ASSERT_NE(h, nullptr) << explain(py);
  EXPECT_EQ(h->via, MatchVia::kPinyin);
  EXPECT_LT(h->weight, 3.0);
  // 湘雅 (xiang ya) shares no character with 象牙: two pure homophones do not count.
  auto hospital = scan_builtin("湘雅医院 专家门诊");
  EXPECT_EQ(any_hit(hospital, "象牙"), nullptr) << explain(hospital);
  // 想要 is "xiang yao": the syllable boundary keeps " xiang ya " from matching.
  auto want = scan_builtin("我想要一个手镯");
  EXPECT_EQ(any_hit(want, "象牙"), nullptr) << explain(want);
}

TEST(ListingScanner, ContactCuesAndPhoneNumbers) {
  auto v = scan_builtin("穿山甲鳞片 出售 电话①③⑧ 1234 5678");
  ASSERT_FALSE(v.contacts.empty()) << explain(v);
  bool phone = false;
  for (const auto& h : v.hits)
    if (h.category == TermCategory::kContact && h.term == "13812345678") phone = true;
  EXPECT_TRUE(phone) << explain(v);
  EXPECT_EQ(v.risk, Risk::kHigh) << explain(v);
  // A number embedded in a longer one is not a phone number.
  for (const auto& m : match_builtin("订单号 9138123456789"))
    EXPECT_NE(m.category, TermCategory::kContact) << m.term;
  EXPECT_TRUE(has_match(match_builtin("订单号 913812345678 或 13812345678"), "13812345678"));
  // Latin cues glued to other letters are not cues.
  EXPECT_FALSE(has_match(match_builtin("加VIP会员"), "加v"));
  EXPECT_TRUE(has_match(match_builtin("加V 会员"), "加v"));
  EXPECT_TRUE(has_match(match_builtin("薇信：tiger_2024"), "薇信"));
}

// Context words alone (包邮, a price, a phone number, 出售) are no finding:
// the verdict is empty. With a species term the same words are explained.
TEST(ListingScanner, ContextWithoutAnAnchorGivesTheEmptyVerdict) {
  const std::string context = "出售 包邮 ¥25 加微信 13812345678";
  EXPECT_GE(match_builtin(context).size(), 4u);
  auto v = scan_builtin(context);
  EXPECT_EQ(v.risk, Risk::kNone);
  EXPECT_TRUE(v.hits.empty()) << explain(v);
  EXPECT_TRUE(v.reasons.empty()) << explain(v);
  EXPECT_FALSE(v.lexicon_version.empty());
  auto with_species = scan_builtin("穿山甲片 " + context);
  EXPECT_EQ(with_species.risk, Risk::kHigh) << explain(with_species);
  EXPECT_NE(any_hit(with_species, "13812345678"), nullptr) << explain(with_species);
  EXPECT_NE(any_hit(with_species, "包邮"), nullptr) << explain(with_species);
  // A suppressed anchor is still explained.
  auto white = scan_builtin("象牙白 " + context);
  EXPECT_EQ(white.risk, Risk::kNone);
  EXPECT_NE(any_hit(white, "象牙"), nullptr) << explain(white);
  EXPECT_NE(any_hit(white, "包邮"), nullptr) << explain(white);
}

TEST(ListingScanner, BenignContextsAreNotFlagged) {
  for (std::string text :
       {"象牙白手机壳 包邮", "虎皮鹦鹉幼鸟出售", "老虎钳 家用 五金工具 现货",
        "仿真象牙 树脂摆件 包邮", "熊猫血 献血 互助群", "象牙塔里的青春", "虎皮青椒 家常菜",
        "大熊猫毛绒玩偶 现货", "海关查获象牙制品 12 公斤", "美甲甲片 现货 包邮",
        "我想要一个手镯 加微信", "牙膏 牙刷 套装 包邮", "逆变器维修", "湘雅医院"}) {
    auto v = scan_builtin(text);
    EXPECT_TRUE(v.risk == Risk::kNone || v.risk == Risk::kLow) << text << "\n" << explain(v);
  }
}

TEST(ListingScanner, ExclusionsExplainWhatTheySuppressed) {
  auto v = scan_builtin("象牙白手机壳 出售");
  const ExplainedHit* ivory = any_hit(v, "象牙");
  ASSERT_NE(ivory, nullptr) << explain(v);
  ASSERT_TRUE(ivory->suppressed_by.has_value());
  EXPECT_EQ(v.hits[*ivory->suppressed_by].term, "象牙白");
  EXPECT_FALSE(ivory->counted);
  EXPECT_EQ(v.risk, Risk::kNone);
  // The same word without the context is flagged.
  EXPECT_EQ(scan_builtin("象牙手机壳 出售").risk, Risk::kHigh);
}

TEST(ListingScanner, LicenceNeededForCaptiveBreedingExclusion) {
  auto without = scan_builtin("人工养殖 梅花鹿 黑熊 熊胆 出售");
  EXPECT_NE(without.risk, Risk::kNone) << explain(without);
  auto with = scan_builtin("人工养殖 黑熊 熊胆 出售 驯养繁殖许可证号：(国)林驯字2019001号");
  EXPECT_EQ(with.risk, Risk::kNone) << explain(with);
}

TEST(ListingScanner, InvalidUtf8IsReportedNotFatal) {
  std::string text = "出售象\xFF牙\xE8 加v";
  auto v = scan_builtin(text);
  ASSERT_EQ(v.invalid_utf8.size(), 2u);
  EXPECT_EQ(v.invalid_utf8[0], (ByteSpan{9, 10}));
  const ExplainedHit* ivory = counted(v, "象牙");
  ASSERT_NE(ivory, nullptr) << explain(v);
  EXPECT_EQ(slice(text, ivory->original), "象\xFF牙");
}

// Found by fuzz_scan: a phone number interrupted by a stray continuation
// byte ends right before another stray byte — still a character boundary.
TEST(ListingScanner, SpanBesideAStrayContinuationByteIsABoundary) {
  std::string text = "猎夹 现货 ①③⑧①②③④⑲\xA8 ①③\xA7";
  auto v = scan_builtin(text);
  const std::vector<bool> boundary = char_boundaries(text);
  bool phone = false;
  for (const auto& h : v.hits) {
    EXPECT_TRUE(boundary[h.original.begin] && boundary[h.original.end]) << explain(v);
    phone = phone || h.category == TermCategory::kContact;
  }
  EXPECT_TRUE(phone) << explain(v);
  EXPECT_EQ(v.invalid_utf8.size(), 2u);
}

// Property: for random mixes of lexicon terms, noise and bad bytes, every hit
// span lies inside the original and on UTF-8 character boundaries.
TEST(ListingScanner, EveryHitSpanIsInsideTheOriginalOnBoundaries) {
  const std::vector<std::string> pieces = {
      "象",   "牙",       "橡",         "xiang", "出售",         "加V",
      "ＶＸ", "①",        "3",          "8",     "熊膽",         "穿",
      "山",   "川",       "甲",         " ",     "\xE2\x80\x8D", "*",
      "\xFF", "\xE8\xB1", "长江野生鱼", "猎夹",  "白",           "虎皮",
      "鹦鹉", "元",       "¥"};
  std::mt19937 rng(42);
  ListingScanner scanner(builtin_matcher());
  int hits = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 20);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    auto v = scanner.scan(text);
    ASSERT_TRUE(v);
    const std::vector<bool> boundary = char_boundaries(text);
    for (const auto& h : v->hits) {
      ++hits;
      ASSERT_LT(h.original.begin, h.original.end) << text;
      ASSERT_LE(h.original.end, text.size()) << text;
      ASSERT_TRUE(boundary[h.original.begin] && boundary[h.original.end]) << text;
    }
  }
  EXPECT_GT(hits, 1000);  // the property was exercised, not vacuous
}

TEST(LexiconMatcher, SwapsLexiconVersionsWhileScanning) {
  auto compile = [](const std::string& body) {
    auto lex = Lexicon::parse({{"t.txt", "@category species\n@weight 3\n@source 测试\n" + body}});
    EXPECT_TRUE(lex);
    auto compiled = CompiledLexicon::compile(std::move(*lex));
    EXPECT_TRUE(compiled);
    return *compiled;
  };
  auto a = compile("穿山甲\n");
  auto b = compile("黑熊\n");
  LexiconMatcher matcher(a);
  std::atomic<bool> stop{false};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      ListingScanner scanner(matcher);  // one scanner (and scratch) per thread
      while (!stop) {
        auto v = scanner.scan("穿山甲 黑熊");
        // Whichever version it ran on, it saw exactly that version's term.
        if (!v || v->hits.size() != 1) ++errors;
      }
    });
  }
  for (int i = 0; i < 200; ++i) matcher.replace(i % 2 ? a : b);
  stop = true;
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors, 0);
  matcher.replace(b);
  ListingScanner scanner(matcher);
  auto v = scanner.scan("穿山甲 黑熊");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->hits.size(), 1u);
  EXPECT_EQ(v->hits[0].term, "黑熊");
  EXPECT_EQ(v->lexicon_version, b->lexicon().version());
  EXPECT_GT(a->database_bytes(), 0u);
}

// vectorscan 5.4.9 missed "$5" after Chinese text with the pattern
// [¥$][0-9]+ in UTF-8 mode; the lexicon's bounded form finds it.
TEST(ListingScanner, DollarPriceAfterChineseTextIsFound) {
  for (std::string text : {"hhhhhhhhhhh象ng$5", "hh象ng$5", "$5", "象牙手镯，只要$1200", "¥88"}) {
    bool price = false;
    for (const auto& m : match_builtin(text)) price |= m.category == TermCategory::kPrice;
    EXPECT_TRUE(price) << text;
  }
}

// The development set's listings as documents (title, line break, text).
std::vector<std::string> dev_set_documents() {
  std::vector<std::string> texts;
  std::ifstream in(testing::tests_path("data/scan/dev.jsonl"));
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object()) texts.push_back(j.value("title", "") + "\n" + j.value("text", ""));
  }
  return texts;
}

// A verdict reused listing after listing (its hits keep their buffers)
// ends exactly like a fresh one: nothing of the last listing stays behind —
// a suppression, a counted mark, a reason, a species, a contact.
TEST(ListingScanner, AReusedVerdictEqualsAFreshOne) {
  std::vector<std::string> texts = dev_set_documents();
  ASSERT_GT(texts.size(), 400u);
  texts.push_back("象牙\xFF手镯");  // invalid UTF-8 reported
  texts.push_back("");
  std::mt19937 rng(11);
  std::shuffle(texts.begin(), texts.end(), rng);
  ListingScanner reused_scanner(builtin_matcher()), fresh_scanner(builtin_matcher());
  ScanVerdict reused;
  for (const std::string& text : texts) {
    ASSERT_TRUE(reused_scanner.scan(text, reused));
    auto fresh = fresh_scanner.scan(text);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(explain(reused), explain(*fresh)) << text;
    EXPECT_EQ(reused.species, fresh->species) << text;
    EXPECT_EQ(reused.contacts, fresh->contacts) << text;
    EXPECT_EQ(reused.invalid_utf8, fresh->invalid_utf8) << text;
    EXPECT_EQ(reused.lexicon_version, fresh->lexicon_version);
    for (std::size_t k = 0; k < reused.hits.size() && k < fresh->hits.size(); ++k) {
      EXPECT_EQ(reused.hits[k].species, fresh->hits[k].species) << text;
      EXPECT_EQ(reused.hits[k].source, fresh->hits[k].source) << text;
      EXPECT_EQ(reused.hits[k].weight, fresh->hits[k].weight) << text;
    }
  }
}

// The matcher finds where a regex match begins by walking back from its
// end (regex_start_finder.h); vectorscan tracking the start itself must
// give the same hits, on the dev set and on texts full of prices, phones
// and licence numbers.
TEST(LexiconMatcher, WalkedBackRegexStartsEqualVectorscans) {
  auto lexicon = Lexicon::builtin();
  ASSERT_TRUE(lexicon);
  auto tracked = CompiledLexicon::compile(std::move(*lexicon), RegexStarts::kVectorscan);
  ASSERT_TRUE(tracked);
  LexiconMatcher by_vectorscan(*tracked);
  std::vector<std::string> texts = dev_set_documents();
  ASSERT_GT(texts.size(), 400u);
  std::mt19937 rng(5);
  const std::vector<std::string> pieces = {"象牙", "12",   "3",    "元",       "块",   "万", "rmb",
                                           "¥",    "$",    "价格", "许可证号", "qq",   "vx", "a",
                                           "138",  "0000", "1克",  "拨打",     "举报", " ",  "，"};
  for (int i = 0; i < 300; ++i) {
    std::string text;
    for (int k = 0; k < 30; ++k) text += pieces[rng() % pieces.size()];
    texts.push_back(text);
  }
  ListingScanner walking(builtin_matcher(), {.prefilter = false, .explain_without_anchor = true});
  ListingScanner tracking(by_vectorscan, {.prefilter = false, .explain_without_anchor = true});
  std::size_t regex_hits = 0;
  for (const std::string& text : texts) {
    auto a = walking.scan(text);
    auto b = tracking.scan(text);
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->hits.size(), b->hits.size()) << text;
    for (std::size_t k = 0; k < a->hits.size(); ++k) {
      EXPECT_EQ(a->hits[k].term, b->hits[k].term) << text;
      EXPECT_EQ(a->hits[k].original, b->hits[k].original) << text;
      regex_hits += a->hits[k].category == TermCategory::kPrice ||
                    a->hits[k].category == TermCategory::kContact;
    }
    EXPECT_EQ(explain(*a), explain(*b)) << text;
  }
  EXPECT_GT(regex_hits, 1000u);
}

// A pattern that walks back over a long stretch for every match (x[^x]*元
// in x元元元…) runs out of its budget; the forward pass then answers, the
// same: per x, the longest match that starts there.
TEST(LexiconMatcher, RegexStartsPastTheWalkBudgetAreStillRight) {
  const std::string body = "@category price\n@weight 1\n@source 测试\nre:x[^x]*元\n";
  std::string text;
  for (int i = 0; i < 2000; ++i) text += i % 500 ? "元" : "x";
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> spans;
  for (RegexStarts starts : {RegexStarts::kWalkBack, RegexStarts::kVectorscan}) {
    auto lex = Lexicon::parse({{"t.txt", body}});
    ASSERT_TRUE(lex);
    auto compiled = CompiledLexicon::compile(std::move(*lex), starts);
    ASSERT_TRUE(compiled);
    NormalizedListing listing;
    ListingNormalizer().normalize(text, listing);
    MatchScratch scratch;
    std::vector<TermHit> hits;
    ASSERT_TRUE((*compiled)->match(text, listing, scratch, hits));
    spans.emplace_back();
    for (const TermHit& h : hits) spans.back().push_back({h.original.begin, h.original.end});
  }
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {
      {0, 1498}, {1498, 2996}, {2996, 4494}, {4494, 5992}};
  EXPECT_EQ(spans[0], expected);
  EXPECT_EQ(spans[1], expected);
}

}  // namespace
}  // namespace qf::scan
