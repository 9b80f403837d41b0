#include "service/customs_service.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "core/clock.h"
#include "core/utf8.h"
#include "law/law_types.h"
#include "scan/listing_scanner.h"
#include "service/audit_writer.h"
#include "service/shared_listing_scanner.h"
#include "store/case_repository.h"
#include "store/evidence_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;

// ---- the default rules ----------------------------------------------------

// Sources named by kind, as each entry's reason: the lists are starting
// points the customs office is expected to keep current from its own
// intelligence (情报经营), not statistics.
constexpr const char* kNiap =
    "CITES 国家象牙行动计划（NIAP）进程：依据大象贸易信息系统（ETIS）向缔约方大会提交的分析，"
    "CITES 常委会要求其制定象牙行动计划的缔约方（来源、过境或目的地）";
constexpr const char* kPangolin =
    "联合国毒品和犯罪问题办公室（UNODC）《世界野生动物犯罪报告》关于穿山甲鳞片贩运的章节所述"
    "来源或出境国";
constexpr const char* kRhino =
    "IUCN 物种存续委员会与 TRAFFIC 向 CITES 缔约方大会提交的犀牛保护与贸易状况报告所述犀牛角"
    "来源或过境国";

CustomsCountryRule country(const char* code, const char* name, int origin, int transit,
                           std::vector<std::string> commodities, std::string source) {
  return {code, name, origin, transit, std::move(commodities), std::move(source)};
}

CustomsRules build_defaults() {
  CustomsRules r;
  const std::string niap_pangolin = std::string(kNiap) + "；" + kPangolin;
  const std::string niap_rhino = std::string(kNiap) + "；" + kRhino;
  r.countries = {
      country("KE", "肯尼亚", 25, 15, {"象牙"}, kNiap),
      country("TZ", "坦桑尼亚", 25, 15, {"象牙"}, kNiap),
      country("UG", "乌干达", 25, 15, {"象牙"}, kNiap),
      country("MZ", "莫桑比克", 25, 15, {"象牙", "犀牛角"}, niap_rhino),
      country("NG", "尼日利亚", 25, 15, {"象牙", "穿山甲鳞片"}, niap_pangolin),
      country("CM", "喀麦隆", 25, 15, {"象牙", "穿山甲鳞片"}, niap_pangolin),
      country("CG", "刚果（布）", 25, 15, {"象牙", "穿山甲鳞片"}, niap_pangolin),
      country("CD", "刚果（金）", 25, 15, {"象牙", "穿山甲鳞片"}, niap_pangolin),
      country("GA", "加蓬", 25, 15, {"象牙", "穿山甲鳞片"}, niap_pangolin),
      country("AO", "安哥拉", 20, 15, {"象牙"}, kNiap),
      country("TG", "多哥", 20, 15, {"象牙"}, kNiap),
      country("ET", "埃塞俄比亚", 15, 15, {"象牙"}, kNiap),
      country("EG", "埃及", 15, 15, {"象牙"}, kNiap),
      country("ZA", "南非", 25, 15, {"犀牛角"}, kRhino),
      country("MY", "马来西亚", 15, 15, {"象牙", "穿山甲鳞片"}, kNiap),
      country("VN", "越南", 15, 15, {"象牙", "穿山甲鳞片", "犀牛角"}, kNiap),
      country("LA", "老挝", 15, 15, {"象牙"}, kNiap),
      country("KH", "柬埔寨", 15, 15, {"象牙"}, kNiap),
      country("PH", "菲律宾", 15, 15, {"象牙"}, kNiap),
      country("TH", "泰国", 10, 15, {"象牙"}, kNiap),
      country("SG", "新加坡", 10, 15, {"象牙", "穿山甲鳞片"}, kNiap),
      country("QA", "卡塔尔", 10, 15, {"象牙"}, kNiap),
  };
  r.hs_codes = {
      {"0106", "其他活动物", 25, "活体野生动物（含 CITES 附录物种）按此品目申报"},
      {"0208", "其他肉及食用杂碎", 10, "野生动物肉及杂碎按此品目申报"},
      {"0506", "骨及角柱", 15, "动物骨、角柱可能为象、犀、虎等保护物种"},
      {"0507", "象牙、龟壳、鲸须、角、鹿角、蹄、甲、爪及喙", 35,
       "未加工象牙、犀牛角、玳瑁等归入此品目"},
      {"0508", "珊瑚及类似品；软体、甲壳或棘皮动物壳", 20,
       "红珊瑚、砗磲、大珠母贝等保护物种的壳与骨骼归入此品目"},
      {"0510", "龙涎香、海狸香、灵猫香及麝香；斑蝥；胆汁", 25, "麝香、熊胆等归入此品目"},
      {"4103", "其他生皮（含爬行动物皮）", 15, "蟒、鳄、巨蜥等爬行动物皮归入此品目"},
      {"4301", "生毛皮", 20, "野生猫科、貂类等毛皮归入此品目"},
      {"4302", "已鞣或已整理的毛皮", 20, "已加工的野生动物毛皮归入此品目"},
      {"9601", "已加工的象牙、骨、龟壳、角、珊瑚及其制品", 35,
       "象牙雕刻品、手镯、犀角制品、玳瑁制品归入此品目"},
      {"9705", "具有动物学意义的收藏品", 15, "动物标本可能涉及保护物种"},
  };
  return r;
}

// ---- reading a rules document ---------------------------------------------

class RulesReader {
 public:
  int integer(const json& obj, const std::string& key, const std::string& path, int def, int min,
              int max) {
    if (!obj.contains(key)) return def;
    const auto& v = obj[key];
    if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max) {
      error(path, "应为 " + std::to_string(min) + "–" + std::to_string(max) + " 的整数");
      return def;
    }
    return v.get<int>();
  }
  double number(const json& obj, const std::string& key, const std::string& path, double def,
                double min, double max) {
    if (!obj.contains(key)) return def;
    const auto& v = obj[key];
    if (!v.is_number() || v.get<double>() < min || v.get<double>() > max) {
      error(path, "应为 " + std::to_string(min) + "–" + std::to_string(max) + " 的数");
      return def;
    }
    return v.get<double>();
  }
  std::string text(const json& obj, const std::string& key, const std::string& path, bool required,
                   std::size_t max = 1000) {
    if (!obj.contains(key)) {
      if (required) error(path, "必填");
      return {};
    }
    const auto& v = obj[key];
    if (!v.is_string() || v.get<std::string>().size() > max ||
        !is_valid_utf8(v.get<std::string>())) {
      error(path, "应为不超过 " + std::to_string(max) + " 字节的文本");
      return {};
    }
    return v.get<std::string>();
  }
  const json* object(const json& obj, const std::string& key, const std::string& path) {
    if (!obj.contains(key)) return nullptr;
    if (!obj[key].is_object()) {
      error(path, "应为对象");
      return nullptr;
    }
    return &obj[key];
  }
  void unknown(const json& obj, std::initializer_list<const char*> known, const std::string& at) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* k : known) ok = ok || it.key() == k;
      if (!ok) error(at + it.key(), "未知字段");
    }
  }
  void error(const std::string& field, std::string message) {
    errors_.push_back({"rules/" + field, std::move(message)});
  }
  std::vector<FieldError>& errors() { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

bool country_code(const std::string& c) {
  return c.size() == 2 && std::isupper(static_cast<unsigned char>(c[0])) &&
         std::isupper(static_cast<unsigned char>(c[1]));
}

bool hs_prefix(const std::string& p) {
  return p.size() >= 2 && p.size() <= 10 &&
         std::all_of(p.begin(), p.end(), [](unsigned char c) { return std::isdigit(c); });
}

// ---- assessment helpers -----------------------------------------------------

const CustomsCountryRule* find_country(const CustomsRules& r, const std::string& code) {
  for (const auto& c : r.countries)
    if (c.code == code) return &c;
  return nullptr;
}

std::string country_label(const CustomsRules& r, const std::string& code) {
  const auto* c = find_country(r, code);
  return c ? c->name + "（" + code + "）" : code;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string hs_digits(const std::string& hs) {
  std::string d;
  for (unsigned char c : hs)
    if (std::isdigit(c)) d.push_back(static_cast<char>(c));
  return d;
}

const char* level_label(const std::string& level) {
  if (level == "high") return "高风险";
  if (level == "medium") return "中风险";
  return "低风险";
}

const char* kind_label(const std::string& kind) {
  if (kind == "cargo") return "货物";
  if (kind == "postal") return "邮递物品";
  if (kind == "passenger") return "旅客行李物品";
  return "";
}

constexpr std::pair<std::string_view, std::string_view> kProducts[] = {
    {"raw_ivory", "原牙"}, {"worked_ivory", "象牙制品"},
    {"scales", "鳞片"},    {"horn", "角"},
    {"skin", "皮张"},      {"bone", "骨"},
    {"live", "活体"},      {"meat", "肉类"},
    {"other", "其他"}};

bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kIntegration && a.role != Role::kAdmin);
}

json optional_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json parsed(const std::string& text, json fallback) {
  auto j = json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

Result<CustomsRuleSetView> load_rules(soci::session& s) {
  auto stored = store::CustomsRepository::current_rules(s);
  if (!stored) return tl::unexpected(stored.error());
  CustomsRuleSetView v;
  if (!*stored) {
    v.rules = default_customs_rules();
    return v;
  }
  auto doc = json::parse((*stored)->rules_json, nullptr, false);
  auto rules = parse_customs_rules(doc);
  if (!rules)
    return fail(ErrorCode::kInternal,
                "海关风险规则（版本 " + std::to_string((*stored)->version) + "）无法读取");
  v.version = (*stored)->version;
  v.builtin = false;
  v.note = (*stored)->note;
  v.updated_by = (*stored)->created_by;
  v.updated_at = (*stored)->created_at;
  v.rules = std::move(*rules);
  return v;
}

Result<std::int64_t> owner_department(const CallContext& call, soci::session& s) {
  if (call.actor.department_id != 0) return call.actor.department_id;
  long long id = 0;
  s << "SELECT id FROM departments WHERE code = 'OFFICE'", soci::into(id);
  if (id == 0) return invalid("department", "缺少协调机制办公室");
  return static_cast<std::int64_t>(id);
}

// Who reads stored assessments: whoever assesses (海关, the office) and
// those who see every record (the inspector), as for the rules.
bool reads_assessments(const Actor& a) {
  return AccessPolicy::allows(a, Action::kRecordCustoms) || AccessPolicy::sees_all(a);
}

struct Reason {
  std::string rule;
  int points = 0;
  std::string text;
};

}  // namespace

// ---- rules ------------------------------------------------------------------

const CustomsRules& default_customs_rules() {
  static const CustomsRules rules = build_defaults();
  return rules;
}

json customs_rules_json(const CustomsRules& r) {
  json countries = json::array(), hs = json::array();
  for (const auto& c : r.countries)
    countries.push_back({{"code", c.code},
                         {"name", c.name},
                         {"origin_points", c.origin_points},
                         {"transit_points", c.transit_points},
                         {"commodities", c.commodities},
                         {"source", c.source}});
  for (const auto& h : r.hs_codes)
    hs.push_back(
        {{"prefix", h.prefix}, {"label", h.label}, {"points", h.points}, {"reason", h.reason}});
  return {
      {"levels", {{"high", r.high_level}, {"medium", r.medium_level}}},
      {"countries", countries},
      {"hs_codes", hs},
      {"description",
       {{"high", r.description_high},
        {"medium", r.description_medium},
        {"low", r.description_low}}},
      {"history", {{"seizure", r.party_seizure_points}, {"high_assessment", r.party_high_points}}},
      {"value",
       {{"ratio_below", r.value_ratio_below},
        {"points", r.value_points},
        {"min_history", r.value_min_history},
        {"zero_value_points", r.zero_value_points}}}};
}

Result<CustomsRules> parse_customs_rules(const json& j) {
  if (!j.is_object()) return invalid("rules", "应为 JSON 对象");
  RulesReader in;
  CustomsRules r;
  in.unknown(j, {"levels", "countries", "hs_codes", "description", "history", "value"}, "");
  if (const auto* levels = in.object(j, "levels", "levels")) {
    in.unknown(*levels, {"high", "medium"}, "levels/");
    r.high_level = in.integer(*levels, "high", "levels/high", r.high_level, 1, 100);
    r.medium_level = in.integer(*levels, "medium", "levels/medium", r.medium_level, 1, 100);
    if (r.medium_level >= r.high_level) in.error("levels/medium", "中风险分数线应低于高风险分数线");
  }
  if (j.contains("countries")) {
    if (!j["countries"].is_array() || j["countries"].size() > 300) {
      in.error("countries", "应为数组（最多 300 项）");
    } else {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < j["countries"].size(); ++i) {
        const auto& c = j["countries"][i];
        const std::string at = "countries/" + std::to_string(i) + "/";
        if (!c.is_object()) {
          in.error(at, "应为对象");
          continue;
        }
        in.unknown(c, {"code", "name", "origin_points", "transit_points", "commodities", "source"},
                   at);
        CustomsCountryRule rule;
        rule.code = in.text(c, "code", at + "code", true, 2);
        if (!rule.code.empty() && !country_code(rule.code))
          in.error(at + "code", "应为两位大写字母国家代码（ISO 3166-1）");
        if (!rule.code.empty() && !seen.insert(rule.code).second)
          in.error(at + "code", "重复的国家");
        rule.name = in.text(c, "name", at + "name", false, 100);
        rule.origin_points = in.integer(c, "origin_points", at + "origin_points", 0, 0, 100);
        rule.transit_points = in.integer(c, "transit_points", at + "transit_points", 0, 0, 100);
        if (c.contains("commodities")) {
          if (!c["commodities"].is_array()) {
            in.error(at + "commodities", "应为文本数组");
          } else {
            for (const auto& m : c["commodities"])
              if (m.is_string() && m.get<std::string>().size() <= 100)
                rule.commodities.push_back(m.get<std::string>());
              else
                in.error(at + "commodities", "应为文本数组");
          }
        }
        rule.source = in.text(c, "source", at + "source", true, 2000);
        r.countries.push_back(std::move(rule));
      }
    }
  }
  if (j.contains("hs_codes")) {
    if (!j["hs_codes"].is_array() || j["hs_codes"].size() > 500) {
      in.error("hs_codes", "应为数组（最多 500 项）");
    } else {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < j["hs_codes"].size(); ++i) {
        const auto& h = j["hs_codes"][i];
        const std::string at = "hs_codes/" + std::to_string(i) + "/";
        if (!h.is_object()) {
          in.error(at, "应为对象");
          continue;
        }
        in.unknown(h, {"prefix", "label", "points", "reason"}, at);
        CustomsHsRule rule;
        rule.prefix = in.text(h, "prefix", at + "prefix", true, 10);
        if (!rule.prefix.empty() && !hs_prefix(rule.prefix))
          in.error(at + "prefix", "应为 2–10 位数字的商品编码前缀");
        if (!rule.prefix.empty() && !seen.insert(rule.prefix).second)
          in.error(at + "prefix", "重复的商品编码前缀");
        rule.label = in.text(h, "label", at + "label", false, 200);
        rule.points = in.integer(h, "points", at + "points", 0, 0, 100);
        rule.reason = in.text(h, "reason", at + "reason", true, 2000);
        r.hs_codes.push_back(std::move(rule));
      }
    }
  }
  if (const auto* d = in.object(j, "description", "description")) {
    in.unknown(*d, {"high", "medium", "low"}, "description/");
    r.description_high = in.integer(*d, "high", "description/high", r.description_high, 0, 100);
    r.description_medium =
        in.integer(*d, "medium", "description/medium", r.description_medium, 0, 100);
    r.description_low = in.integer(*d, "low", "description/low", r.description_low, 0, 100);
  }
  if (const auto* h = in.object(j, "history", "history")) {
    in.unknown(*h, {"seizure", "high_assessment"}, "history/");
    r.party_seizure_points =
        in.integer(*h, "seizure", "history/seizure", r.party_seizure_points, 0, 100);
    r.party_high_points =
        in.integer(*h, "high_assessment", "history/high_assessment", r.party_high_points, 0, 100);
  }
  if (const auto* v = in.object(j, "value", "value")) {
    in.unknown(*v, {"ratio_below", "points", "min_history", "zero_value_points"}, "value/");
    r.value_ratio_below =
        in.number(*v, "ratio_below", "value/ratio_below", r.value_ratio_below, 0, 1);
    r.value_points = in.integer(*v, "points", "value/points", r.value_points, 0, 100);
    r.value_min_history =
        in.integer(*v, "min_history", "value/min_history", r.value_min_history, 1, 1000);
    r.zero_value_points =
        in.integer(*v, "zero_value_points", "value/zero_value_points", r.zero_value_points, 0, 100);
  }
  if (!in.errors().empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "风险规则有误", in.errors(), 0});
  return r;
}

std::optional<std::string_view> seizure_product_label(std::string_view code) {
  for (const auto& [c, l] : kProducts)
    if (c == code) return l;
  return std::nullopt;
}

std::string customs_party_key(const std::string& name) {
  std::string out;
  bool space = false;
  for (unsigned char c : name) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c < 0x80 ? std::tolower(c) : c));
  }
  return out;
}

// ---- JSON -------------------------------------------------------------------

json to_json(const store::CustomsAssessment& a) {
  return {{"id", a.id},
          {"declaration_no", a.declaration_no},
          {"kind", a.kind},
          {"kind_label", kind_label(a.kind)},
          {"hs_code", a.hs_code},
          {"description", a.description},
          {"origin_country", a.origin_country},
          {"transit_countries", parsed(a.transit_countries_json, json::array())},
          {"consignor", a.consignor},
          {"consignee", a.consignee},
          {"declared_value",
           a.declared_value_fen ? json(law::format_yuan(*a.declared_value_fen)) : json(nullptr)},
          {"declared_value_fen", optional_json(a.declared_value_fen)},
          {"weight_kg", optional_json(a.weight_kg)},
          {"quantity", optional_json(a.quantity)},
          {"score", a.score},
          {"level", a.level},
          {"level_label", level_label(a.level)},
          {"recommendation", a.recommendation},
          {"reasons", parsed(a.reasons_json, json::array())},
          {"scan", parsed(a.scan_json, json::object())},
          {"rules_version", a.rules_version},
          {"created_by", a.created_by},
          {"version", a.version},
          {"created_at", format_iso8601(a.created_at)}};
}

json to_json(const store::Seizure& z) {
  return {{"id", z.id},
          {"reference_no", z.reference_no},
          {"seized_at", format_iso8601(z.seized_at)},
          {"discovery_place", z.discovery_place},
          {"discovery_country", z.discovery_country},
          {"lon", optional_json(z.lon)},
          {"lat", optional_json(z.lat)},
          {"species_text", z.species_text},
          {"product_type", z.product_type},
          {"product_label", seizure_product_label(z.product_type).value_or("")},
          {"quantity_pieces", optional_json(z.quantity_pieces)},
          {"weight_kg", optional_json(z.weight_kg)},
          {"origins", parsed(z.origins_json, json::array())},
          {"export_country", z.export_country},
          {"transit", parsed(z.transit_json, json::array())},
          {"destination_country", z.destination_country},
          {"consignor", z.consignor},
          {"consignee", z.consignee},
          {"note", z.note},
          {"assessment_id", optional_json(z.assessment_id)},
          {"case_id", optional_json(z.case_id)},
          {"owner_department", z.owner_department_code},
          {"created_by", z.created_by},
          {"version", z.version},
          {"created_at", format_iso8601(z.created_at)},
          {"updated_at", format_iso8601(z.updated_at)}};
}

json to_json(const CustomsRuleSetView& v) {
  return {{"version", v.version},
          {"source", v.builtin ? "builtin" : "stored"},
          {"note", v.note},
          {"updated_by", v.updated_by},
          {"updated_at", format_iso8601(v.updated_at)},
          {"rules", customs_rules_json(v.rules)}};
}

// ---- the service ------------------------------------------------------------

Result<store::CustomsAssessment> CustomsService::assess(const CallContext& call,
                                                        const CustomsDeclaration& d) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordCustoms))
    return forbidden("只有海关或协调机制办公室可以进行风险评估");
  std::vector<FieldError> errors;
  if (d.kind != "cargo" && d.kind != "postal" && d.kind != "passenger")
    errors.push_back(
        {"kind", "应为 cargo（货物）、postal（邮递物品）或 passenger（旅客行李物品）"});
  const std::string hs = hs_digits(d.hs_code);
  if (!d.hs_code.empty() && (hs.size() < 4 || hs.size() > 10 || hs.size() != d.hs_code.size()))
    errors.push_back({"hs_code", "商品编码应为 4–10 位数字"});
  if (!d.origin_country.empty() && !country_code(d.origin_country))
    errors.push_back({"origin_country", "应为两位大写字母国家代码（ISO 3166-1）"});
  for (std::size_t i = 0; i < d.transit_countries.size(); ++i)
    if (!country_code(d.transit_countries[i]))
      errors.push_back({"transit_countries/" + std::to_string(i), "应为两位大写字母国家代码"});
  if (d.description.empty() && d.hs_code.empty())
    errors.push_back({"description", "请填写申报品名或商品编码"});
  if (d.description.size() > 4000 || !is_valid_utf8(d.description))
    errors.push_back({"description", "品名过长或含无效的 UTF-8 字节"});
  if (d.declared_value_fen && *d.declared_value_fen < 0)
    errors.push_back({"declared_value", "申报价值不能为负"});
  if (d.weight_kg && (*d.weight_kg < 0 || !std::isfinite(*d.weight_kg)))
    errors.push_back({"weight_kg", "重量不能为负"});
  if (d.quantity && *d.quantity < 0) errors.push_back({"quantity", "数量不能为负"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});

  // The description is scanned before the transaction, as listings are.
  std::optional<scan::ScanVerdict> verdict;
  if (!d.description.empty()) {
    auto scanner = ctx_.db.read([](soci::session& s) { return thread_listing_scanner(s); });
    if (!scanner) return tl::unexpected(scanner.error());
    auto v = (*scanner)->scan(d.description);
    if (!v) return tl::unexpected(v.error());
    verdict = std::move(*v);
  }

  return ctx_.db.transact([&](soci::session& s) -> Result<store::CustomsAssessment> {
    auto rs = load_rules(s);
    if (!rs) return tl::unexpected(rs.error());
    const CustomsRules& rules = rs->rules;
    std::vector<Reason> reasons;

    if (const auto* c = find_country(rules, d.origin_country); c && c->origin_points > 0)
      reasons.push_back({"origin_country", c->origin_points,
                         "原产/启运国 " + country_label(rules, c->code) + " 列入高风险国家（" +
                             joined(c->commodities, "、") + "）：" + c->source});
    {
      const CustomsCountryRule* worst = nullptr;
      std::vector<std::string> named;
      for (const auto& code : d.transit_countries)
        if (const auto* c = find_country(rules, code); c && c->transit_points > 0) {
          named.push_back(country_label(rules, code));
          if (!worst || c->transit_points > worst->transit_points) worst = c;
        }
      if (worst)
        reasons.push_back(
            {"transit_country", worst->transit_points,
             "经停/转运 " + joined(named, "、") + "，列入高风险国家：" + worst->source});
    }
    if (!hs.empty()) {
      const CustomsHsRule* best = nullptr;
      for (const auto& h : rules.hs_codes)
        if (hs.rfind(h.prefix, 0) == 0 && (!best || h.prefix.size() > best->prefix.size()))
          best = &h;
      if (best && best->points > 0)
        reasons.push_back({"hs_code", best->points,
                           "商品编码 " + d.hs_code + " 属关注品目 " + best->prefix + "（" +
                               best->label + "）：" + best->reason});
    }
    json scan_json = json::object();
    if (verdict) {
      json hits = json::array();
      for (const auto& h : verdict->hits)
        if (h.counted)
          hits.push_back(
              {{"term", h.term},
               {"category", scan::category_name(h.category)},
               {"text", d.description.substr(h.original.begin, h.original.end - h.original.begin)},
               {"species", h.species}});
      scan_json = {{"risk", scan::risk_name(verdict->risk)},
                   {"category", scan::verdict_name(verdict->category)},
                   {"score", verdict->score},
                   {"species", verdict->species},
                   {"reasons", verdict->reasons},
                   {"hits", hits},
                   {"lexicon", verdict->lexicon_version}};
      const bool wildlife =
          verdict->category == scan::VerdictCategory::kWildlife || !verdict->species.empty();
      if (wildlife) {
        const int points = verdict->risk == scan::Risk::kHigh     ? rules.description_high
                           : verdict->risk == scan::Risk::kMedium ? rules.description_medium
                                                                  : rules.description_low;
        std::string what = verdict->species.empty() ? std::string("野生动物及其制品相关用语")
                                                    : "物种 " + joined(verdict->species, "、");
        if (points > 0)
          reasons.push_back({"description", points,
                             "申报品名经网上巡查词库识别出" + what + "（扫描结论 " +
                                 std::string(scan::risk_name(verdict->risk)) + "）"});
      }
    }
    auto party = [&](const std::string& name, const char* role) -> Status {
      const std::string key = customs_party_key(name);
      if (key.empty()) return {};
      auto h = store::CustomsRepository::party_history(s, key);
      if (!h) return tl::unexpected(h.error());
      if (h->seizures > 0 && rules.party_seizure_points > 0)
        reasons.push_back({std::string(role), rules.party_seizure_points,
                           std::string(role == std::string("consignor") ? "发货人" : "收货人") +
                               "“" + name + "”有 " + std::to_string(h->seizures) + " 起查获记录"});
      else if (h->high_assessments > 0 && rules.party_high_points > 0)
        reasons.push_back({std::string(role), rules.party_high_points,
                           std::string(role == std::string("consignor") ? "发货人" : "收货人") +
                               "“" + name + "”曾有 " + std::to_string(h->high_assessments) +
                               " 次高风险评估"});
      return {};
    };
    if (auto ok = party(d.consignor, "consignor"); !ok) return tl::unexpected(ok.error());
    if (customs_party_key(d.consignee) != customs_party_key(d.consignor))
      if (auto ok = party(d.consignee, "consignee"); !ok) return tl::unexpected(ok.error());
    if (d.declared_value_fen && d.weight_kg && *d.weight_kg > 0) {
      if (*d.declared_value_fen == 0) {
        if (rules.zero_value_points > 0)
          reasons.push_back({"value", rules.zero_value_points, "申报价值为零"});
      } else if (hs.size() >= 4) {
        auto history = store::CustomsRepository::value_per_kg_history(s, hs.substr(0, 4), 200);
        if (!history) return tl::unexpected(history.error());
        if (static_cast<int>(history->size()) >= rules.value_min_history) {
          std::vector<double> v = *history;
          std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
          const double median = v[v.size() / 2];
          const double per_kg = static_cast<double>(*d.declared_value_fen) / *d.weight_kg;
          if (median > 0 && per_kg < rules.value_ratio_below * median && rules.value_points > 0) {
            char buf[200];
            std::snprintf(buf, sizeof buf,
                          "%.2f 元/千克，不足同品目此前 %zu 票申报中位数 %.2f 元/千克的 %.0f%%",
                          per_kg / 100.0, v.size(), median / 100.0, rules.value_ratio_below * 100);
            reasons.push_back({"value", rules.value_points, std::string("申报价值偏低：") + buf});
          }
        }
      }
    } else if (d.declared_value_fen && *d.declared_value_fen == 0 && d.quantity &&
               *d.quantity > 0 && rules.zero_value_points > 0) {
      reasons.push_back({"value", rules.zero_value_points, "申报价值为零"});
    }

    int score = 0;
    json reasons_json = json::array();
    for (const auto& r : reasons) {
      score += r.points;
      reasons_json.push_back({{"rule", r.rule}, {"points", r.points}, {"reason", r.text}});
    }
    score = std::min(score, 100);
    store::CustomsAssessment a;
    a.declaration_no = d.declaration_no;
    a.kind = d.kind;
    a.hs_code = d.hs_code;
    a.description = d.description;
    a.origin_country = d.origin_country;
    a.transit_countries_json = json(d.transit_countries).dump();
    a.consignor = d.consignor;
    a.consignee = d.consignee;
    a.consignor_key = customs_party_key(d.consignor);
    a.consignee_key = customs_party_key(d.consignee);
    a.declared_value_fen = d.declared_value_fen;
    a.weight_kg = d.weight_kg;
    a.quantity = d.quantity;
    a.score = score;
    a.level = score >= rules.high_level ? "high" : score >= rules.medium_level ? "medium" : "low";
    a.recommendation = a.level == "high" ? "重点查验" : a.level == "medium" ? "查验" : "放行";
    a.reasons_json = reasons_json.dump(-1, ' ', false, json::error_handler_t::replace);
    a.scan_json = scan_json.dump(-1, ' ', false, json::error_handler_t::replace);
    a.rules_version = rs->version;
    auto owner = owner_department(call, s);
    if (!owner) return tl::unexpected(owner.error());
    a.owner_department_id = *owner;
    a.created_by = call.actor.user_id;
    auto stored = store::CustomsRepository::insert_assessment(s, std::move(a));
    if (!stored) return tl::unexpected(stored.error());
    json snapshot = to_json(*stored);
    snapshot.erase("scan");
    if (auto au = audit(s, call, "customs.assess", "customs_assessment", std::to_string(stored->id),
                        nullptr, snapshot);
        !au)
      return tl::unexpected(au.error());
    return stored;
  });
}

Result<Page<store::CustomsAssessment>> CustomsService::assessments(const CallContext& call,
                                                                   store::AssessmentQuery q) {
  if (!reads_assessments(call.actor))
    return forbidden("只有海关或协调机制办公室可以查看风险评估记录");
  std::vector<FieldError> errors;
  if (q.level && *q.level != "high" && *q.level != "medium" && *q.level != "low")
    errors.push_back({"level", "应为 high（高）、medium（中）或 low（低）"});
  if (q.recommendation && *q.recommendation != "重点查验" && *q.recommendation != "查验" &&
      *q.recommendation != "放行")
    errors.push_back({"recommendation", "应为 重点查验、查验 或 放行"});
  if (q.hs_code && (q.hs_code->empty() || q.hs_code->size() > 10 ||
                    hs_digits(*q.hs_code).size() != q.hs_code->size()))
    errors.push_back({"hs_code", "商品编码应为 1–10 位数字（按前缀查找）"});
  for (const auto& [field, value] :
       {std::pair<const char*, const std::optional<std::string>*>{"consignor", &q.consignor},
        {"consignee", &q.consignee},
        {"q", &q.text}})
    if (*value && (value->value().size() > 200 || !is_valid_utf8(value->value())))
      errors.push_back({field, "查询词过长或含无效字节"});
  if (q.created_from && q.created_to && *q.created_from >= *q.created_to)
    errors.push_back({"to", "结束时间应晚于开始时间"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  q.visible_to_department.reset();
  if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::CustomsAssessment>> {
    Page<store::CustomsAssessment> page;
    auto rows = store::CustomsRepository::list_assessments(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

Result<store::CustomsAssessment> CustomsService::assessment(const CallContext& call,
                                                            std::int64_t id) {
  if (!reads_assessments(call.actor)) return not_found("风险评估记录不存在");
  return ctx_.db.read([&](soci::session& s) -> Result<store::CustomsAssessment> {
    auto a = store::CustomsRepository::find_assessment(s, id);
    if (!a) return tl::unexpected(a.error());
    if (!*a || !AccessPolicy::can_see(call.actor, RecordScope{(*a)->owner_department_id, {}}))
      return not_found("风险评估记录不存在");
    return **a;
  });
}

Result<CustomsRuleSetView> CustomsService::rules(const CallContext& call) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordCustoms) &&
      !AccessPolicy::sees_all(call.actor))
    return forbidden("只有海关或协调机制办公室可以查看风险规则");
  return ctx_.db.read([&](soci::session& s) { return load_rules(s); });
}

Result<CustomsRuleSetView> CustomsService::update_rules(const CallContext& call, const json& rules,
                                                        const std::string& note,
                                                        int expected_version) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordCustoms) ||
      !(call.actor.is_cli || call.actor.role == Role::kOffice || call.actor.role == Role::kLeader))
    return forbidden("风险规则须由海关负责人或协调机制办公室修改");
  if (note.size() > 2000) return invalid("note", "说明过长");
  auto parsed_rules = parse_customs_rules(rules);
  if (!parsed_rules) return tl::unexpected(parsed_rules.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<CustomsRuleSetView> {
    auto before = load_rules(s);
    if (!before) return tl::unexpected(before.error());
    if (before->version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "风险规则已被他人修改，请刷新后重试");
    store::CustomsRuleSet rs;
    rs.version = before->version + 1;
    rs.rules_json = customs_rules_json(*parsed_rules).dump();
    rs.note = note;
    rs.created_by = call.actor.user_id;
    auto inserted = store::CustomsRepository::insert_rules(s, std::move(rs));
    if (!inserted) return tl::unexpected(inserted.error());
    CustomsRuleSetView after;
    after.version = inserted->version;
    after.builtin = false;
    after.note = inserted->note;
    after.updated_by = inserted->created_by;
    after.updated_at = inserted->created_at;
    after.rules = std::move(*parsed_rules);
    if (auto a = audit(s, call, "customs.rules", "customs_rules", std::to_string(after.version),
                       to_json(*before), to_json(after));
        !a)
      return tl::unexpected(a.error());
    return after;
  });
}

Result<store::Seizure> CustomsService::record_seizure(const CallContext& call,
                                                      const NewSeizure& in) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordCustoms))
    return forbidden("只有海关或协调机制办公室可以登记查获");
  std::vector<FieldError> errors;
  auto need = [&](bool ok, const std::string& field, std::string message) {
    if (!ok) errors.push_back({field, std::move(message)});
  };
  auto code_ok = [&](const std::string& c, const std::string& field) {
    need(c.empty() || country_code(c), field, "应为两位大写字母国家代码（ISO 3166-1）");
  };
  need(in.seized_at > 0 && in.seized_at <= now_ms() + 3600 * 1000, "seized_at",
       "请填写查获时间（不能晚于现在）");
  need(seizure_product_label(in.product_type).has_value(), "product_type",
       "应为 raw_ivory、worked_ivory、scales、horn、skin、bone、live、meat 或 other");
  need(!in.species_text.empty(), "species_text", "请填写物种");
  need(in.quantity_pieces || in.weight_kg, "quantity_pieces", "请填写件数或重量");
  need(!in.quantity_pieces || *in.quantity_pieces >= 0, "quantity_pieces", "件数不能为负");
  need(!in.weight_kg || (*in.weight_kg >= 0 && std::isfinite(*in.weight_kg)), "weight_kg",
       "重量不能为负");
  need(in.origins.size() <= 20, "origins", "最多 20 个原产国");
  need(in.transit.size() <= 20, "transit", "最多 20 个过境国");
  double shares = 0;
  for (std::size_t i = 0; i < in.origins.size(); ++i) {
    const std::string at = "origins/" + std::to_string(i) + "/";
    need(country_code(in.origins[i].country), at + "country", "应为两位大写字母国家代码");
    if (const auto& p = in.origins[i].share_pct) {
      need(*p >= 0 && *p <= 100, at + "share_pct", "占比应在 0–100 之间");
      shares += *p;
    }
  }
  need(shares <= 100.0001, "origins", "原产国占比之和不能超过 100%");
  for (std::size_t i = 0; i < in.transit.size(); ++i)
    need(country_code(in.transit[i].country), "transit/" + std::to_string(i) + "/country",
         "应为两位大写字母国家代码");
  need(in.lon.has_value() == in.lat.has_value(), "lon", "经纬度应同时填写");
  if (in.lon)
    need(std::isfinite(*in.lon) && *in.lon >= -180 && *in.lon <= 180, "lon",
         "经度应在 -180 到 180 之间");
  if (in.lat)
    need(std::isfinite(*in.lat) && *in.lat >= -90 && *in.lat <= 90, "lat",
         "纬度应在 -90 到 90 之间");
  code_ok(in.export_country, "export_country");
  code_ok(in.destination_country, "destination_country");
  code_ok(in.discovery_country, "discovery_country");
  for (const auto* t :
       {&in.reference_no, &in.discovery_place, &in.species_text, &in.consignor, &in.consignee})
    need(t->size() <= 500 && is_valid_utf8(*t), "species_text", "文本过长或含无效字节");
  need(in.note.size() <= 4000 && is_valid_utf8(in.note), "note", "说明过长或含无效字节");
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});

  return ctx_.db.transact([&](soci::session& s) -> Result<store::Seizure> {
    if (in.assessment_id) {
      auto a = store::CustomsRepository::find_assessment(s, *in.assessment_id);
      if (!a) return tl::unexpected(a.error());
      if (!*a || !AccessPolicy::can_see(call.actor, RecordScope{(*a)->owner_department_id, {}}))
        return invalid("assessment_id", "风险评估记录不存在");
    }
    if (in.case_id) {
      auto c = store::CaseRepository::find_by_id(s, *in.case_id);
      if (!c) return tl::unexpected(c.error());
      auto shares_of = store::RecordShareRepository::departments(s, "case", *in.case_id);
      if (!shares_of) return tl::unexpected(shares_of.error());
      if (!*c ||
          !AccessPolicy::can_see(call.actor, RecordScope{(*c)->owner_department_id, *shares_of}))
        return invalid("case_id", "案件不存在");
    }
    store::Seizure z;
    z.reference_no = in.reference_no;
    z.seized_at = in.seized_at;
    z.discovery_place = in.discovery_place;
    z.discovery_country = in.discovery_country.empty() ? "CN" : in.discovery_country;
    z.lon = in.lon;
    z.lat = in.lat;
    z.species_text = in.species_text;
    z.product_type = in.product_type;
    z.quantity_pieces = in.quantity_pieces;
    z.weight_kg = in.weight_kg;
    json origins = json::array(), transit = json::array();
    for (const auto& o : in.origins)
      origins.push_back({{"country", o.country},
                         {"share_pct", o.share_pct ? json(*o.share_pct) : json(nullptr)}});
    for (const auto& t : in.transit)
      transit.push_back({{"country", t.country}, {"chain_of_custody", t.chain_of_custody}});
    z.origins_json = origins.dump();
    z.transit_json = transit.dump();
    z.export_country = in.export_country;
    z.destination_country = in.destination_country;
    z.consignor = in.consignor;
    z.consignee = in.consignee;
    z.consignor_key = customs_party_key(in.consignor);
    z.consignee_key = customs_party_key(in.consignee);
    z.note = in.note;
    z.assessment_id = in.assessment_id;
    z.case_id = in.case_id;
    auto owner = owner_department(call, s);
    if (!owner) return tl::unexpected(owner.error());
    z.owner_department_id = *owner;
    z.created_by = call.actor.user_id;
    auto stored = store::CustomsRepository::insert_seizure(s, std::move(z));
    if (!stored) return tl::unexpected(stored.error());
    if (auto a = audit(s, call, "seizure.create", "seizure", std::to_string(stored->id), nullptr,
                       to_json(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<Page<store::Seizure>> CustomsService::seizures(const CallContext& call, int limit,
                                                      int offset) {
  store::SeizureQuery q;
  q.limit = limit;
  q.offset = offset;
  return seizures(call, std::move(q));
}

Result<Page<store::Seizure>> CustomsService::seizures(const CallContext& call,
                                                      store::SeizureQuery q) {
  if (!is_staff(call.actor)) return forbidden();
  q.visible_to_department.reset();
  if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::Seizure>> {
    Page<store::Seizure> page;
    auto rows = store::CustomsRepository::list_seizures(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

Result<store::Seizure> CustomsService::seizure(const CallContext& call, std::int64_t id) {
  if (!is_staff(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<store::Seizure> {
    auto z = store::CustomsRepository::find_seizure(s, id);
    if (!z) return tl::unexpected(z.error());
    if (!*z) return not_found("查获记录不存在");
    auto shares = store::RecordShareRepository::departments(s, "seizure", id);
    if (!shares) return tl::unexpected(shares.error());
    if (!AccessPolicy::can_see(call.actor, RecordScope{(*z)->owner_department_id, *shares}))
      return not_found("查获记录不存在");
    return **z;
  });
}

}  // namespace qf::service
