#include "core/tip_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <numbers>

#include "core/case_rules.h"

namespace qf {

const std::vector<Term>& tip_channels() {
  static const std::vector<Term> v = {
      {"public_web", "网上举报"},
      {"hotline", "举报电话 0955-8812769"},  // 二(五) 设立举报电话
      {"letter_visit", "来信来访"},
      {"12345", "12345 热线转办"},
      {"grid_worker", "网格员上报"},           // 七(二) 网格员
      {"xueliang_video", "雪亮工程视频发现"},  // 七(二) “雪亮工程”
      {"patrol", "巡护发现"},                  // 五(二) 野外巡护值守
      {"department", "部门移交"},
      {"other", "其他"},
  };
  return v;
}

const std::vector<Term>& tip_reporter_categories() {
  // 二(五): 鼓励村民、居民、护林员、渔政人员、志愿者、观鸟爱好者举报; 网格员 from 七(二).
  static const std::vector<Term> v = {
      {"villager", "村民"},      {"resident", "居民"},
      {"ranger", "护林员"},      {"fishery_officer", "渔政人员"},
      {"volunteer", "志愿者"},   {"birdwatcher", "观鸟爱好者"},
      {"grid_worker", "网格员"}, {"other", "其他"},
  };
  return v;
}

const std::vector<Term>& tip_states() {
  static const std::vector<Term> v = {
      {tip_state::kPending, "待分派"},   {tip_state::kAssigned, "已分派"},
      {tip_state::kVerifying, "核查中"}, {tip_state::kCaseOpened, "已立案"},
      {tip_state::kUnfounded, "不属实"}, {tip_state::kReferred, "已转办"},
      {tip_state::kConcluded, "已办结"},
  };
  return v;
}

bool is_final_tip_state(std::string_view state) {
  return state == tip_state::kCaseOpened || state == tip_state::kUnfounded ||
         state == tip_state::kReferred || state == tip_state::kConcluded;
}

namespace {

std::string label_of(std::string_view state) {
  return std::string(term_label(tip_states(), state).value_or(state));
}

tl::unexpected<Error> not_from(std::string_view from, const std::string& what) {
  return fail(ErrorCode::kConflict, "线索当前为“" + label_of(from) + "”，不能" + what);
}

}  // namespace

Status check_tip_step(std::string_view from, std::string_view to, TipStep step) {
  if (!term_label(tip_states(), to)) return invalid("to", "未知状态: " + std::string(to));
  if (is_final_tip_state(from))
    return fail(ErrorCode::kConflict, "线索已" + label_of(from) + "，不能再变更状态");
  switch (step) {
    case TipStep::kAssign:
      if (to != tip_state::kAssigned) return invalid("to", "分派只能进入“已分派”");
      // Reassigning before verification starts is the office correcting
      // its own triage; once a department verifies, it transfers instead.
      if (from != tip_state::kPending && from != tip_state::kAssigned)
        return not_from(from, "分派");
      return {};
    case TipStep::kTransition:
      if (to == tip_state::kCaseOpened) return invalid("to", "立案请使用“转为案件”（convert）");
      if (to == tip_state::kPending || to == tip_state::kAssigned)
        return invalid("to", "分派请使用“分派”（assign）");
      if (to == tip_state::kVerifying) {
        if (from != tip_state::kAssigned) return not_from(from, "开始核查");
        return {};
      }
      if (from != tip_state::kVerifying)
        return not_from(from, "直接改为“" + label_of(to) + "”（须先核查）");
      return {};
    case TipStep::kConvert:
      if (to != tip_state::kCaseOpened) return invalid("to", "转为案件只能进入“已立案”");
      if (from != tip_state::kVerifying) return not_from(from, "转为案件（须先核查）");
      return {};
    case TipStep::kMerge:
      if (to != tip_state::kConcluded) return invalid("to", "合并只能进入“已办结”");
      return {};
  }
  return invalid("to", "未知操作");
}

std::int64_t tip_due_at(std::string_view state, std::int64_t entered_at_ms,
                        const TipDeadlines& deadlines) {
  if (state == tip_state::kPending) return add_working_days(entered_at_ms, deadlines.pending_days);
  if (state == tip_state::kAssigned)
    return add_working_days(entered_at_ms, deadlines.assigned_days);
  if (state == tip_state::kVerifying)
    return add_working_days(entered_at_ms, deadlines.verifying_days);
  return 0;
}

bool tip_overdue(std::string_view state, std::int64_t due_at_ms, std::int64_t now_ms) {
  return !is_final_tip_state(state) && due_at_ms > 0 && now_ms > due_at_ms;
}

// ---- department suggestion ----------------------------------------------

namespace {

struct Keyword {
  std::string_view word;
  std::vector<std::string_view> codes;
};

// Section 六, read as "who handles a tip that says this":
//  林草 陆生野生动物, 栖息地巡护, 自然保护区;
//  农业农村 水生野生动物 (and the 禁捕 of 长江“十年禁渔”);
//  公安 the crimes: guns, gangs, violence;
//  交通运输 (with 公安, 五(五)) goods in transport;
//  网信 online content and accounts;
//  市场监管 markets, restaurants, online trading platforms;
//  海关 import and export, smuggling.
// A word may point at several departments (野味: 陆生 animals eaten in a
// restaurant). Longer words win over the short ones inside them, so 地枪 (a
// banned trap) is 林草, not a gun, and 闲鱼 (a trading app) is not fish.
const std::vector<Keyword>& keywords() {
  static const std::vector<Keyword> v = [] {
    std::vector<Keyword> k;
    auto add = [&](std::vector<std::string_view> codes, std::vector<std::string_view> words) {
      for (auto w : words) k.push_back({w, codes});
    };
    add({"LC"}, {"鸟",     "候鸟", "鸟类",   "捕鸟", "掏鸟",   "鸟网", "粘网", "雾网", "猎",
                 "捕猎",   "狩猎", "偷猎",   "盗猎", "猎套",   "猎夹", "兽夹", "套子", "地枪",
                 "排铳",   "弓弩", "诱捕",   "野兔", "野鸡",   "雉鸡", "石鸡", "斑鸠", "刺猬",
                 "獾",     "狐狸", "黄鼠狼", "蛇",   "鹿",     "麝",   "熊",   "豹",   "虎",
                 "狼",     "岩羊", "盘羊",   "黄羊", "羚羊",   "鹰",   "隼",   "雕",   "鸮",
                 "猫头鹰", "天鹅", "大雁",   "鸳鸯", "穿山甲", "象牙", "犀角", "蝙蝠", "猴",
                 "保护区", "林场", "林区",   "山林", "森林",   "草原", "陆生"});
    add({"NY"},
        {"鱼",     "捕鱼", "电鱼",   "毒鱼", "炸鱼", "捕捞",   "禁渔",   "禁捕", "休渔", "渔网",
         "绝户网", "地笼", "迷魂阵", "拖网", "渔具", "渔船",   "瞄鱼器", "水生", "黄河", "水库",
         "河道",   "河湖", "甲鱼",   "鳖",   "大鲵", "娃娃鱼", "龟",     "江鲜", "河鲜"});
    add({"GA"}, {"枪", "枪支", "气枪", "持枪", "火药", "炸药", "雷管", "团伙", "窝点", "持刀",
                 "暴力", "威胁", "恐吓", "犯罪", "报警"});
    add({"GA", "LC"}, {"猎枪"});
    add({"JT", "GA"}, {"货车", "快递", "物流", "运输", "托运", "货运", "客车", "大巴", "长途车",
                       "冷藏车", "冷链", "车辆", "后备箱", "车牌", "服务区", "收费站", "列车"});
    add({"WX"}, {"直播", "短视频", "朋友圈", "抖音", "快手", "微信", "微信群", "qq", "网站", "网上",
                 "网络", "帖子", "论坛", "贴吧", "微博", "小红书", "公众号", "视频号"});
    add({"SJ"},
        {"市场", "农贸市场", "花鸟市场", "菜市场", "集市", "早市",   "夜市", "饭店", "餐馆",
         "饭馆", "餐厅",     "酒店",     "酒楼",   "宾馆", "农家乐", "烧烤", "食堂", "商店",
         "商户", "摊位",     "摊贩",     "网店",   "网购", "电商",   "淘宝", "闲鱼", "拼多多",
         "出售", "售卖",     "兜售",     "叫卖",   "收购", "宠物店", "水族", "标本"});
    add({"LC", "SJ"}, {"野味"});
    add({"SJ", "NY"}, {"长江野生鱼"});  // 违规宣传, 五(三)
    add({"HG"}, {"走私", "口岸", "海关", "进口", "出口", "进出口", "境外", "入境", "出境", "邮包",
                 "跨境", "边境", "国外"});
    add({"HG", "JT", "GA"}, {"国际快递"});
    // Longest first, so the scan below takes the longest word at a position.
    std::stable_sort(k.begin(), k.end(), [](const Keyword& a, const Keyword& b) {
      return a.word.size() > b.word.size();
    });
    return k;
  }();
  return v;
}

std::size_t utf8_char_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a stray continuation byte: step over it
}

}  // namespace

std::vector<DepartmentSuggestion> suggest_departments(std::string_view content,
                                                      std::string_view species_text,
                                                      std::string_view place_text) {
  std::string text;
  text.reserve(content.size() + species_text.size() + place_text.size() + 2);
  for (auto part : {content, species_text, place_text}) {
    for (char c : part) text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    text += '\n';  // no keyword spans two fields
  }
  std::vector<DepartmentSuggestion> out;  // in order of first mention
  auto record = [&](std::string_view code, std::string_view word) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& s) { return s.code == code; });
    if (it == out.end()) it = out.insert(out.end(), DepartmentSuggestion{std::string(code), {}});
    if (std::find(it->matched.begin(), it->matched.end(), word) == it->matched.end())
      it->matched.emplace_back(word);
  };
  const auto& words = keywords();
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t step = utf8_char_length(static_cast<unsigned char>(text[i]));
    for (const auto& k : words) {
      if (text.compare(i, k.word.size(), k.word) == 0) {
        for (auto code : k.codes) record(code, k.word);
        step = k.word.size();
        break;
      }
    }
    i += step;
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.matched.size() > b.matched.size();
  });
  return out;
}

std::string suggestion_codes(const std::vector<DepartmentSuggestion>& suggestions) {
  std::string codes;
  for (const auto& s : suggestions) {
    if (!codes.empty()) codes += ',';
    codes += s.code;
  }
  return codes;
}

// ---- confidential reporter fields ---------------------------------------

std::string mask_name(std::string_view name) {
  if (name.empty()) return {};
  std::size_t n = std::min(name.size(), utf8_char_length(static_cast<unsigned char>(name[0])));
  return std::string(name.substr(0, n)) + "*";
}

std::string mask_phone(std::string_view phone) {
  bool ascii = std::all_of(phone.begin(), phone.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii || phone.size() < 8) return phone.empty() ? "" : "****";
  return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(phone.size() - 4));
}

std::string normalize_phone(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits += c;
  if (digits.size() == 15 && digits.compare(0, 4, "0086") == 0) digits.erase(0, 4);
  if (digits.size() == 13 && digits.compare(0, 2, "86") == 0) digits.erase(0, 2);
  return digits;
}

// ---- duplicates ---------------------------------------------------------

double distance_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kEarthRadiusM = 6371008.8;
  constexpr double kRad = std::numbers::pi / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(lat1 * kRad) *
                                                           std::cos(lat2 * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

std::vector<std::string> species_words(std::string_view text) {
  static const std::vector<std::string_view> kSeparators = {" ",  "\t", "\n", ",",  ";",  "/",
                                                            "|",  "、", "，", "；", "。", "／",
                                                            "　", "（", "）", "(",  ")"};
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    // "雀鹰2只" → "雀鹰": a count says nothing about the species.
    auto digit = current.find_first_of("0123456789");
    if (digit != std::string::npos) current.erase(digit);
    if (!current.empty() && std::find(words.begin(), words.end(), current) == words.end())
      words.push_back(current);
    current.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    bool separated = false;
    for (auto sep : kSeparators) {
      if (text.compare(i, sep.size(), sep) == 0) {
        flush();
        i += sep.size();
        separated = true;
        break;
      }
    }
    if (separated) continue;
    std::size_t n = utf8_char_length(static_cast<unsigned char>(text[i]));
    current.append(text.substr(i, n));
    i += n;
  }
  flush();
  return words;
}

namespace {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8_char_length(static_cast<unsigned char>(s[i])))
    ++n;
  return n;
}

// Equal words, or one inside the other when the shorter is at least two
// characters ("雀鹰" in "雀鹰幼鸟"; a lone "鸟" would match every bird).
bool same_species(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  return utf8_length(shorter) >= 2 && longer.find(shorter) != std::string::npos;
}

}  // namespace

std::vector<std::string> duplicate_reasons(const TipFingerprint& tip, const TipFingerprint& other,
                                           const DuplicateRule& rule) {
  std::vector<std::string> reasons;
  const bool same_phone = !tip.phone_hash.empty() && tip.phone_hash == other.phone_hash;
  if (same_phone) reasons.push_back("同一举报电话");

  const std::int64_t apart = std::llabs(tip.when_ms - other.when_ms);
  const bool close_in_time =
      tip.when_ms > 0 && other.when_ms > 0 && apart <= rule.max_time_apart_ms;

  bool close_in_place = false;
  std::string place_reason;
  const bool both_points = tip.lon && tip.lat && other.lon && other.lat;
  if (both_points) {
    double d = distance_m(*tip.lon, *tip.lat, *other.lon, *other.lat);
    if (d <= rule.max_distance_m) {
      close_in_place = true;
      place_reason =
          "地点相距约 " + std::to_string(static_cast<long long>(std::llround(d))) + " 米";
    }
  }
  // Place text only stands in when a point is missing: two points far
  // apart are different places whatever the village is called.
  if (!both_points && !tip.place_text.empty() && tip.place_text == other.place_text) {
    close_in_place = true;
    place_reason = "地点相同";
  }

  std::vector<std::string> common;
  for (const auto& a : species_words(tip.species_text))
    for (const auto& b : species_words(other.species_text))
      if (same_species(a, b) && std::find(common.begin(), common.end(), a) == common.end())
        common.push_back(a);

  const bool similar = close_in_time && close_in_place && !common.empty();
  if (!same_phone && !similar) return {};
  if (close_in_time) {
    long long hours = apart / (3600 * 1000);
    reasons.push_back(hours < 24 ? "时间相近（相差 " + std::to_string(hours) + " 小时）"
                                 : "时间相近（相差 " + std::to_string(hours / 24) + " 天）");
  }
  if (close_in_place) reasons.push_back(place_reason);
  if (!common.empty()) {
    std::string list;
    for (const auto& w : common) list += (list.empty() ? "" : "、") + w;
    reasons.push_back("涉及相同物种：" + list);
  }
  return reasons;
}

}  // namespace qf
