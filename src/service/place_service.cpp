#include "service/place_service.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "core/clock.h"
#include "core/csv_reader.h"
#include "core/excel_cells.h"
#include "core/text.h"
#include "core/utf8.h"
#include "law/species_catalog.h"
#include "service/audit_writer.h"
#include "service/species_catalog_service.h"
#include "store/crypto.h"
#include "store/department_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kEntity = "place";
constexpr int kMaxImportRows = 5000;

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
  });
}

bool is_market(std::string_view type) {
  return type == "farmers_market" || type == "flower_bird_market";
}

json optional_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string_view licence_state(const store::BreedingLicence& l, std::int64_t now) {
  if (l.valid_to < now) return "expired";
  if (l.valid_from > now) return "not_yet_valid";
  if (l.valid_to - now <= kLicenceExpiringDays * kDayMs) return "expiring";
  return "valid";
}

std::string_view licence_state_label(std::string_view state) {
  if (state == "expired") return "已过期";
  if (state == "not_yet_valid") return "尚未生效";
  if (state == "expiring") return "即将到期";
  if (state == "valid") return "有效";
  if (state == "none") return "无许可证";
  return "";
}

// The farm's overall licence state: the best of its licences.
std::string_view place_licence_state(const store::Place& p, std::int64_t now) {
  if (p.place_type != "breeding_farm") return "";
  bool valid = false, expiring = false, expired = false;
  for (const auto& l : p.licences) {
    const auto st = licence_state(l, now);
    valid = valid || st == "valid";
    expiring = expiring || st == "expiring";
    expired = expired || st == "expired";
  }
  if (valid) return "valid";
  if (expiring) return "expiring";
  if (expired) return "expired";
  return "none";
}

// ---- validation -------------------------------------------------------------

void text_field(const std::optional<std::string>& v, const char* field, std::size_t max,
                std::vector<FieldError>& errors) {
  if (!v) return;
  if (v->size() > max)
    errors.push_back({field, "过长（最多 " + std::to_string(max) + " 字节）"});
  else if (!is_valid_utf8(*v))
    errors.push_back({field, "含无效的 UTF-8 字节"});
  else if (has_control(*v))
    errors.push_back({field, "包含不允许的控制字符"});
}

void check_input_texts(const PlaceInput& in, std::vector<FieldError>& errors) {
  text_field(in.name, "name", 200, errors);
  text_field(in.address, "address", kMaxPlaceTextBytes, errors);
  text_field(in.township, "township", 100, errors);
  text_field(in.operator_name, "operator", 200, errors);
  text_field(in.contact_phone, "contact_phone", 50, errors);
  text_field(in.business_licence_no, "business_licence_no", 64, errors);
  text_field(in.note, "note", kMaxPlaceNoteBytes, errors);
  text_field(in.closure_basis, "closure_basis", kMaxPlaceTextBytes, errors);
}

// The whole place after a create or an edit; parent and licences checked
// against the store by the caller.
void check_place(const store::Place& p, std::vector<FieldError>& errors) {
  if (!term_label(place_registry_types(), p.place_type))
    errors.push_back({"place_type",
                      "应为 farmers_market、flower_bird_market、market_shop、restaurant、"
                      "breeding_farm、exhibition、tool_shop、processing_plant 或 other"});
  if (is_blank(p.name)) errors.push_back({"name", "请填写场所名称"});
  if (!term_label(place_statuses(), p.status))
    errors.push_back({"status", "应为 active（正常经营）、rectifying（整改中）或 closed（取缔）"});
  if (p.lon.has_value() != p.lat.has_value())
    errors.push_back({p.lon ? "lat" : "lon", "经度和纬度须同时填写"});
  if (p.lon && (!std::isfinite(*p.lon) || *p.lon < -180 || *p.lon > 180))
    errors.push_back({"lon", "经度应在 -180 到 180 之间"});
  if (p.lat && (!std::isfinite(*p.lat) || *p.lat < -90 || *p.lat > 90))
    errors.push_back({"lat", "纬度应在 -90 到 90 之间"});
  if (p.place_type == "market_shop" && !p.parent_id)
    errors.push_back({"parent_id", "市场商户须指明所在的市场（parent_id）"});
  if (p.place_type != "market_shop" && p.parent_id)
    errors.push_back({"parent_id", "只有市场商户（market_shop）可以指明所在市场"});
  if (p.status == "closed" && is_blank(p.closure_basis))
    errors.push_back({"closure_basis", "取缔须填写依据（决定书文号或法律条款）"});
  if (p.status == "closed" && p.closed_at <= 0) errors.push_back({"closed_at", "请填写取缔日期"});
  if (p.closed_at > now_ms() + 3600 * 1000) errors.push_back({"closed_at", "取缔日期不能晚于现在"});
  if (!p.licences.empty() && p.place_type != "breeding_farm")
    errors.push_back({"licences", "只有养殖场(户)登记人工繁育许可证"});
  if (p.licences.size() > kMaxLicences)
    errors.push_back({"licences", "最多 " + std::to_string(kMaxLicences) + " 张许可证"});
  for (std::size_t i = 0; i < p.licences.size(); ++i) {
    const auto& l = p.licences[i];
    const std::string at = "licences/" + std::to_string(i) + "/";
    if (is_blank(l.licence_no)) errors.push_back({at + "licence_no", "请填写许可证编号"});
    if (l.licence_no.size() > 100 || has_control(l.licence_no))
      errors.push_back({at + "licence_no", "许可证编号过长或含控制字符"});
    if (l.issuer.size() > 200 || has_control(l.issuer))
      errors.push_back({at + "issuer", "发证机关过长或含控制字符"});
    if (l.valid_to <= 0) errors.push_back({at + "valid_to", "请填写有效期至"});
    if (l.valid_from < 0) errors.push_back({at + "valid_from", "有效期起不能为负"});
    if (l.valid_to > 0 && l.valid_from > l.valid_to)
      errors.push_back({at + "valid_to", "有效期至不能早于有效期起"});
    if (l.species.empty()) errors.push_back({at + "species", "请填写许可繁育的物种及数量"});
    if (l.species.size() > kMaxLicensedSpecies)
      errors.push_back(
          {at + "species", "物种过多（最多 " + std::to_string(kMaxLicensedSpecies) + " 种）"});
    for (std::size_t k = 0; k < l.species.size(); ++k) {
      const auto& sp = l.species[k];
      const std::string sat = at + "species/" + std::to_string(k) + "/";
      if (is_blank(sp.species_text)) errors.push_back({sat + "species", "请填写物种名称"});
      if (sp.species_text.size() > 200 || has_control(sp.species_text))
        errors.push_back({sat + "species", "物种名称过长或含控制字符"});
      if (sp.quantity < 0 || sp.quantity > kMaxHeadCount)
        errors.push_back({sat + "quantity", "许可数量应为 0 到 1000 万之间的整数"});
    }
  }
}

Result<store::Place> load(soci::session& s, std::int64_t id) {
  auto found = store::PlaceRepository::find_by_id(s, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return not_found("场所不存在");
  return **found;
}

// Licence inputs → stored licences, species names resolved in the catalog.
Result<std::vector<store::BreedingLicence>> licences_of(const std::vector<LicenceInput>& in,
                                                        const law::SpeciesCatalog& catalog) {
  std::vector<store::BreedingLicence> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < in.size(); ++i) {
    store::BreedingLicence l;
    l.licence_no = in[i].licence_no;
    l.issuer = in[i].issuer;
    l.valid_from = in[i].valid_from;
    l.valid_to = in[i].valid_to;
    for (std::size_t k = 0; k < in[i].species.size(); ++k) {
      const auto& sp = in[i].species[k];
      store::LicensedSpecies ls;
      ls.species_text = sp.species;
      ls.quantity = sp.quantity;
      if (sp.species_id) {
        if (!catalog.find(*sp.species_id))
          errors.push_back(
              {"licences/" + std::to_string(i) + "/species/" + std::to_string(k) + "/species_id",
               "物种名录中没有该编号"});
        ls.species_id = sp.species_id;
      } else {
        ls.species_id = catalog_species_id(catalog, sp.species);
      }
      l.species.push_back(std::move(ls));
    }
    out.push_back(std::move(l));
  }
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return out;
}

// Applies the given fields of `in` onto `p`.
void apply(const PlaceInput& in, store::Place& p) {
  if (in.place_type) p.place_type = *in.place_type;
  if (in.name) p.name = *in.name;
  if (in.address) p.address = *in.address;
  if (in.township) p.township = *in.township;
  if (in.operator_name) p.operator_name = *in.operator_name;
  if (in.contact_phone) p.contact_phone = *in.contact_phone;
  if (in.business_licence_no) p.business_licence_no = *in.business_licence_no;
  if (in.note) p.note = *in.note;
  if (in.closure_basis) p.closure_basis = *in.closure_basis;
  if (in.parent_id) p.parent_id = *in.parent_id;
  if (in.lon) p.lon = *in.lon;
  if (in.lat) p.lat = *in.lat;
  if (in.closed_at) p.closed_at = *in.closed_at;
  if (in.status) p.status = *in.status;
}

Status check_parent(soci::session& s, const store::Place& p) {
  if (!p.parent_id) return {};
  if (p.id && *p.parent_id == p.id) return invalid("parent_id", "场所不能以自己为所在市场");
  auto parent = store::PlaceRepository::find_by_id(s, *p.parent_id);
  if (!parent) return tl::unexpected(parent.error());
  if (!*parent) return invalid("parent_id", "所在市场不存在");
  if (!is_market((*parent)->place_type))
    return invalid("parent_id", "所在场所应为农贸市场或花鸟市场");
  return {};
}

Result<std::int64_t> owner_department(soci::session& s, const CallContext& call,
                                      const std::optional<std::string>& code) {
  if (!code) {
    if (call.actor.department_id != 0) return call.actor.department_id;
    return invalid("owner_department", "请指明登记部门");
  }
  if (!AccessPolicy::sees_all(call.actor) && *code != call.actor.department_code)
    return forbidden("只有协调机制办公室可以为其他部门登记场所");
  auto d = store::DepartmentRepository::find_by_code(s, *code);
  if (!d) return tl::unexpected(d.error());
  if (!*d || !(*d)->active)
    return invalid("owner_department", "部门「" + *code + "」不存在或已停用");
  return (*d)->id;
}

// ---- CSV import ---------------------------------------------------------------

// Licence dates before 1970 are typing errors, not old licences.
std::optional<std::int64_t> parse_date(const std::string& v) { return parse_china_date(v, 1970); }

std::optional<double> parse_number(const std::string& v) {
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d, std::chars_format::fixed);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<std::int64_t> parse_count(const std::string& v) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < 0 || n > kMaxHeadCount)
    return std::nullopt;
  return n;
}

std::optional<std::string> term_code(const std::vector<Term>& vocabulary, const std::string& v) {
  for (const auto& t : vocabulary)
    if (t.code == v || t.label == v) return std::string(t.code);
  return std::nullopt;
}

// Splits at any of the separators (ASCII or full-width).
std::vector<std::string> split_any(const std::string& s,
                                   std::initializer_list<std::string_view> separators) {
  std::vector<std::string> out;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    std::size_t matched = 0;
    for (auto sep : separators)
      if (s.compare(i, sep.size(), sep) == 0) {
        matched = sep.size();
        break;
      }
    if (matched) {
      out.push_back(trim_cell(std::string_view(s).substr(start, i - start)));
      i += matched;
      start = i;
    } else {
      ++i;
    }
  }
  out.push_back(trim_cell(std::string_view(s).substr(start)));
  return out;
}

struct ImportRow {
  int row = 0;
  PlaceInput input;
  std::string parent_name;
};

struct RowCells {
  const std::vector<std::string>& record;
  const std::map<std::string, std::size_t>& index;
  int row;
  std::vector<PlaceImportProblem>& problems;
  // An Excel workbook's date columns: a number is a date serial (a date
  // typed into a General cell), a date-time is taken for its day.
  bool excel_dates = false;

  std::string get(const char* name) const {
    auto it = index.find(name);
    if (it == index.end() || it->second >= record.size()) return {};
    return trim_cell(record[it->second]);
  }
  void problem(const char* column, std::string message) const {
    problems.push_back({row, column, std::move(message)});
  }
  std::optional<std::string> text(const char* name, std::size_t max) const {
    std::string v = get(name);
    if (v.empty()) return std::nullopt;
    if (v.size() > max)
      problem(name, "内容过长（" + std::to_string(max) + " 字节以内）");
    else if (has_control(v))
      problem(name, "包含不允许的控制字符");
    return v;
  }
  std::int64_t date(const char* name, bool end_of_day) const {
    std::string v = get(name);
    if (v.empty()) return 0;
    auto d = parse_date(v);
    if (!d && excel_dates) {
      std::string day = v;
      if (auto serial = excel_serial_date(v)) day = *serial;
      if (day.size() == 19 && day[10] == ' ') day.resize(10);
      d = parse_date(day);
    }
    if (!d) {
      problem(name, "日期「" + v + "」格式不正确，应为 YYYY-MM-DD，如 2026-12-31");
      return 0;
    }
    return end_of_day ? *d + kDayMs - 1 : *d;
  }
};

ImportRow read_row(const RowCells& in) {
  ImportRow r;
  r.row = in.row;
  PlaceInput& p = r.input;
  const std::string type = in.get("place_type");
  if (type.empty()) {
    in.problem("place_type", "请填写场所类型");
  } else if (auto code = term_code(place_registry_types(), type)) {
    p.place_type = *code;
  } else {
    in.problem("place_type", "未知的场所类型「" + type +
                                 "」，应填代码或名称，如 farmers_market（农贸市场）、"
                                 "restaurant（宾馆饭店）、breeding_farm（养殖场(户)）");
  }
  p.name = in.text("name", 200);
  if (!p.name) in.problem("name", "请填写场所名称");
  p.address = in.text("address", kMaxPlaceTextBytes);
  p.township = in.text("township", 100);
  p.operator_name = in.text("operator", 200);
  p.contact_phone = in.text("contact_phone", 50);
  p.business_licence_no = in.text("business_licence_no", 64);
  p.note = in.text("note", kMaxPlaceNoteBytes);
  r.parent_name = in.get("parent");
  for (const char* axis : {"lon", "lat"}) {
    std::string v = in.get(axis);
    if (v.empty()) continue;
    auto d = parse_number(v);
    if (!d) {
      in.problem(axis, "应为十进制度数，如 105.19");
      continue;
    }
    (axis[1] == 'o' ? p.lon : p.lat) = *d;
  }
  if (auto owner = in.text("owner_department", 32)) p.owner_department_code = *owner;

  const std::string licence_no = in.get("licence_no");
  const std::string species = in.get("licensed_species");
  if (!licence_no.empty() || !species.empty()) {
    LicenceInput l;
    l.licence_no = licence_no;
    l.issuer = in.text("licence_issuer", 200).value_or("");
    l.valid_from = in.date("licence_valid_from", false);
    l.valid_to = in.date("licence_valid_to", true);
    if (licence_no.empty()) in.problem("licence_no", "填写了许可物种，但没有填写许可证编号");
    if (in.get("licence_valid_to").empty()) in.problem("licence_valid_to", "请填写许可证有效期至");
    if (species.empty())
      in.problem("licensed_species", "请填写许可物种及数量，如 梅花鹿:20;马鹿:5");
    for (const auto& part : split_any(species, {";", "；", "、", "，"})) {
      if (part.empty()) continue;
      auto pair = split_any(part, {":", "："});
      std::optional<std::int64_t> n;
      if (pair.size() == 2 && !pair[0].empty()) n = parse_count(pair[1]);
      if (!n) {
        in.problem("licensed_species",
                   "「" + part + "」应写作 物种:数量，如 梅花鹿:20（多个物种用分号隔开）");
        continue;
      }
      l.species.push_back({pair[0], std::nullopt, *n});
    }
    p.licences = std::vector<LicenceInput>{std::move(l)};
  }
  return r;
}

std::string column_label(std::string_view name) {
  for (const auto& c : place_import_columns())
    if (c.name == name) return std::string(c.label);
  return std::string(name);
}

// A service field name → the import column it came from.
std::string column_of_field(const std::string& field) {
  if (field.rfind("licences/0/species", 0) == 0) return "licensed_species";
  if (field.rfind("licences/0/", 0) == 0) {
    const std::string rest = field.substr(11);
    if (rest == "licence_no") return "licence_no";
    if (rest == "issuer") return "licence_issuer";
    return "licence_" + rest;
  }
  if (field == "parent_id") return "parent";
  return field;
}

}  // namespace

// ---- vocabularies -------------------------------------------------------------

const std::vector<Term>& place_registry_types() {
  static const std::vector<Term> v = {
      {"farmers_market", "农贸市场"},
      {"flower_bird_market", "花鸟市场"},
      {"market_shop", "市场商户"},
      {"restaurant", "宾馆饭店"},
      {"breeding_farm", "养殖场(户)"},
      {"exhibition", "展演展示单位"},
      {"tool_shop", "猎具渔具店"},
      {"processing_plant", "加工厂"},
      {"other", "其他"},
  };
  return v;
}

const std::vector<Term>& place_statuses() {
  static const std::vector<Term> v = {
      {"active", "正常经营"}, {"rectifying", "整改中"}, {"closed", "取缔"}};
  return v;
}

std::string_view place_type_label(std::string_view code) {
  return term_label(place_registry_types(), code).value_or("");
}

std::string_view place_status_label(std::string_view code) {
  return term_label(place_statuses(), code).value_or("");
}

std::string_view place_case_type(std::string_view t) {
  if (t == "farmers_market" || t == "flower_bird_market" || t == "market_shop") return "market";
  if (t == "breeding_farm") return "farm";
  if (t == "restaurant") return "restaurant";
  if (t == "tool_shop") return "tool_shop";
  if (t == "processing_plant") return "processing_plant";
  return "";
}

bool reads_place_records(const Actor& actor) {
  return actor.is_cli || (actor.role != Role::kIntegration && actor.role != Role::kAdmin);
}

std::optional<std::int64_t> catalog_species_id(const law::SpeciesCatalog& catalog,
                                               std::string_view name) {
  auto found = catalog.resolve(name);
  if (found.size() != 1) return std::nullopt;
  return found.front()->id;
}

const std::vector<PlaceImportColumn>& place_import_columns() {
  static const std::vector<PlaceImportColumn> columns = {
      {"place_type", "场所类型", true,
       "必填，代码（如 farmers_market）或名称（如 农贸市场、宾馆饭店、养殖场(户)）"},
      {"name", "场所名称", true, "必填，200 字节以内"},
      {"parent", "所在市场", false,
       "市场商户所在的农贸市场或花鸟市场的名称（已登记或在本文件前面的行）"},
      {"address", "地址", false, "500 字节以内"},
      {"township", "乡镇街道", false, "如 滨河镇"},
      {"lon", "经度", false, "WGS-84 十进制度数，如 105.19"},
      {"lat", "纬度", false, "WGS-84 十进制度数，如 37.51"},
      {"operator", "经营者", false, "经营者或负责人"},
      {"contact_phone", "联系电话", false, ""},
      {"business_licence_no", "营业执照号", false, "营业执照号或统一社会信用代码"},
      {"note", "备注", false, ""},
      {"licence_no", "许可证编号", false, "养殖场(户)的人工繁育许可证编号"},
      {"licence_issuer", "发证机关", false, ""},
      {"licence_valid_from", "有效期起", false, "YYYY-MM-DD"},
      {"licence_valid_to", "有效期至", false, "YYYY-MM-DD，填写许可证时必填"},
      {"licensed_species", "许可物种", false, "物种:数量，多个用分号隔开，如 梅花鹿:20;马鹿:5"},
      {"owner_department", "登记部门", false,
       "部门代码（如 SJ）；仅协调机制办公室可为其他部门导入"},
  };
  return columns;
}

json to_json(const store::Place& p, std::int64_t now) {
  json licences = json::array();
  for (const auto& l : p.licences) {
    json species = json::array();
    for (const auto& sp : l.species)
      species.push_back({{"species", sp.species_text},
                         {"species_id", optional_json(sp.species_id)},
                         {"quantity", sp.quantity}});
    const auto state = licence_state(l, now);
    licences.push_back({{"id", l.id},
                        {"licence_no", l.licence_no},
                        {"issuer", l.issuer},
                        {"valid_from", format_iso8601(l.valid_from)},
                        {"valid_to", format_iso8601(l.valid_to)},
                        {"state", state},
                        {"state_label", licence_state_label(state)},
                        {"species", species}});
  }
  const auto overall = place_licence_state(p, now);
  return {{"id", p.id},
          {"place_type", p.place_type},
          {"place_type_label", place_type_label(p.place_type)},
          {"name", p.name},
          {"parent_id", optional_json(p.parent_id)},
          {"parent_name", p.parent_name},
          {"address", p.address},
          {"township", p.township},
          {"lon", optional_json(p.lon)},
          {"lat", optional_json(p.lat)},
          {"operator", p.operator_name},
          {"contact_phone", p.contact_phone},
          {"business_licence_no", p.business_licence_no},
          {"department_code", p.owner_department_code},
          {"status", p.status},
          {"status_label", place_status_label(p.status)},
          {"closed_at", format_iso8601(p.closed_at)},
          {"closure_basis", p.closure_basis},
          {"note", p.note},
          {"demo", p.demo},
          {"licences", licences},
          {"licence_state", overall},
          {"licence_state_label", licence_state_label(overall)},
          {"version", p.version},
          {"created_at", format_iso8601(p.created_at)},
          {"updated_at", format_iso8601(p.updated_at)}};
}

// ---- PlaceService -------------------------------------------------------------

Result<store::Place> PlaceService::create(const CallContext& call, const PlaceInput& in) {
  if (!AccessPolicy::allows(call.actor, Action::kManagePlaces))
    return forbidden("只有市场监管、林草、农业农村部门或协调机制办公室可以登记场所");
  return ctx_.db.transact(
      [&](soci::session& s) -> Result<store::Place> { return create(s, call, in); });
}

Result<store::Place> PlaceService::create(soci::session& s, const CallContext& call,
                                          const PlaceInput& in) {
  if (!AccessPolicy::allows(call.actor, Action::kManagePlaces))
    return forbidden("只有市场监管、林草、农业农村部门或协调机制办公室可以登记场所");
  std::vector<FieldError> errors;
  check_input_texts(in, errors);
  if (!in.place_type) errors.push_back({"place_type", "请填写场所类型"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  store::Place p;
  apply(in, p);
  if (p.status == "closed" && !in.closed_at) p.closed_at = now_ms();
  p.demo = in.demo;
  p.created_by = call.actor.user_id;
  auto catalog = SpeciesCatalogService(ctx_).catalog(s);
  if (!catalog) return tl::unexpected(catalog.error());
  if (in.licences) {
    auto licences = licences_of(*in.licences, **catalog);
    if (!licences) return tl::unexpected(licences.error());
    p.licences = std::move(*licences);
  }
  check_place(p, errors);
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  if (auto ok = check_parent(s, p); !ok) return tl::unexpected(ok.error());
  auto owner = owner_department(s, call, in.owner_department_code);
  if (!owner) return tl::unexpected(owner.error());
  p.owner_department_id = *owner;
  auto stored = store::PlaceRepository::insert(s, std::move(p));
  if (!stored) return tl::unexpected(stored.error());
  if (auto a = audit(s, call, "place.create", kEntity, std::to_string(stored->id), nullptr,
                     to_json(*stored, now_ms()));
      !a)
    return tl::unexpected(a.error());
  return stored;
}

Result<store::Place> PlaceService::update(const CallContext& call, std::int64_t id,
                                          const PlaceInput& in, int expected_version) {
  if (!reads_place_records(call.actor)) return not_found("场所不存在");
  if (!AccessPolicy::allows(call.actor, Action::kManagePlaces))
    return forbidden("只有市场监管、林草、农业农村部门或协调机制办公室可以修改场所");
  std::vector<FieldError> errors;
  check_input_texts(in, errors);
  if (in.owner_department_code) errors.push_back({"owner_department", "登记部门不能修改"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Place> {
    auto before = load(s, id);
    if (!before) return tl::unexpected(before.error());
    if (before->version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "该场所已被他人修改，请刷新后重试");
    store::Place p = *before;
    apply(in, p);
    const bool closing = p.status == "closed" && before->status != "closed";
    if (closing && !in.closed_at) p.closed_at = now_ms();
    if (p.status != "closed" && before->status == "closed") {
      // Reopened (a closure set aside): the closure no longer describes it.
      if (!in.closed_at) p.closed_at = 0;
      if (!in.closure_basis) p.closure_basis.clear();
    }
    if (in.licences) {
      auto catalog = SpeciesCatalogService(ctx_).catalog(s);
      if (!catalog) return tl::unexpected(catalog.error());
      auto licences = licences_of(*in.licences, **catalog);
      if (!licences) return tl::unexpected(licences.error());
      p.licences = std::move(*licences);
    }
    std::vector<FieldError> problems;
    check_place(p, problems);
    if (!problems.empty())
      return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", problems, 0});
    if (auto ok = check_parent(s, p); !ok) return tl::unexpected(ok.error());
    if (p.place_type != before->place_type && is_market(before->place_type) &&
        !is_market(p.place_type)) {
      store::PlaceQuery shops;
      shops.parent_id = id;
      shops.limit = 1;
      std::int64_t n = 0;
      if (auto r = store::PlaceRepository::list(s, shops, &n); !r) return tl::unexpected(r.error());
      if (n > 0) return invalid("place_type", "该市场内登记有商户，不能改为其他类型");
    }
    auto after = store::PlaceRepository::update(s, p, expected_version);
    if (!after) return tl::unexpected(after.error());
    const std::int64_t now = now_ms();
    if (auto a = audit(s, call, closing ? "place.close" : "place.update", kEntity,
                       std::to_string(id), to_json(*before, now), to_json(*after, now));
        !a)
      return tl::unexpected(a.error());
    return *after;
  });
}

Result<store::Place> PlaceService::get(const CallContext& call, std::int64_t id) {
  if (!reads_place_records(call.actor)) return not_found("场所不存在");
  return ctx_.db.read([&](soci::session& s) { return load(s, id); });
}

Result<Page<store::Place>> PlaceService::list(const CallContext& call, const PlaceListFilters& f,
                                              int limit, int offset) {
  if (!reads_place_records(call.actor)) return forbidden("无权查看场所名录");
  std::vector<FieldError> errors;
  if (f.place_type && !term_label(place_registry_types(), *f.place_type))
    errors.push_back({"type", "未知的场所类型"});
  if (f.status && !term_label(place_statuses(), *f.status))
    errors.push_back({"status", "应为 active、rectifying 或 closed"});
  if (f.text && f.text->size() > 200) errors.push_back({"q", "查询词过长"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  store::PlaceQuery q;
  q.place_type = f.place_type;
  q.township = f.township;
  q.status = f.status;
  q.text = f.text;
  q.parent_id = f.parent_id;
  q.licence_expiring_before = f.licence_expiring_before;
  q.limit = limit;
  q.offset = offset;
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::Place>> {
    Page<store::Place> page;
    auto rows = store::PlaceRepository::list(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

Result<PlaceImportReport> PlaceService::import_csv(const CallContext& call, std::string_view csv,
                                                   bool dry_run) {
  if (!AccessPolicy::allows(call.actor, Action::kManagePlaces))
    return forbidden("只有市场监管、林草、农业农村部门或协调机制办公室可以导入场所");
  PlaceImportReport report;
  report.dry_run = dry_run;
  if (!is_valid_utf8(csv)) {
    report.problems.push_back(
        {1, "", "文件不是 UTF-8 编码。在 Excel 中请“另存为” → “CSV UTF-8（逗号分隔）”后再导入"});
    return report;
  }
  return import_table(call, read_csv(csv), csv, false, dry_run);
}

Result<PlaceImportReport> PlaceService::import_xlsx(const CallContext& call, std::string_view xlsx,
                                                    const WorkbookReader& read_workbook,
                                                    bool dry_run) {
  if (!AccessPolicy::allows(call.actor, Action::kManagePlaces))
    return forbidden("只有市场监管、林草、农业农村部门或协调机制办公室可以导入场所");
  return import_table(call, read_workbook(xlsx), xlsx, true, dry_run);
}

Result<PlaceImportReport> PlaceService::import_table(const CallContext& call,
                                                     const CsvTable& parsed, std::string_view file,
                                                     bool excel, bool dry_run) {
  PlaceImportReport report;
  report.dry_run = dry_run;
  if (parsed.problem) {
    report.problems.push_back({parsed.problem->row, "", parsed.problem->message});
    return report;
  }
  if (parsed.records.empty()) {
    report.problems.push_back({1, "",
                               excel ? "工作表为空：第一行应为列名，如 场所类型、场所名称、地址"
                                     : "文件为空：第一行应为列名，如 place_type,name,address"});
    return report;
  }
  const auto index = map_csv_header(parsed.records[0], place_import_columns(), report.problems);
  if (!report.problems.empty()) return report;

  std::vector<ImportRow> rows;
  for (std::size_t r = 1; r < parsed.records.size(); ++r) {
    const auto& record = parsed.records[r];
    if (std::all_of(record.begin(), record.end(),
                    [](const std::string& v) { return trim_cell(v).empty(); }))
      continue;
    ++report.rows;
    if (report.rows > kMaxImportRows) {
      report.problems.push_back(
          {parsed.record_rows[r], "",
           "一次最多导入 " + std::to_string(kMaxImportRows) + " 个场所，请分批导入"});
      return report;
    }
    RowCells in{record, index, parsed.record_rows[r], report.problems, excel};
    rows.push_back(read_row(in));
  }
  if (report.rows == 0) {
    report.problems.push_back({1, "", "文件中没有场所数据（只有表头）"});
    return report;
  }
  if (!report.problems.empty()) return report;

  // Every row goes through create() in one transaction: the same checks as
  // a place registered by hand. A dry run rolls the transaction back.
  int failed_row = 0;
  std::vector<ImportedPlace> created;
  const std::string file_hash = store::sha256_hex(file);
  auto outcome = ctx_.db.transact([&](soci::session& s) -> Result<bool> {
    std::map<std::string, std::int64_t> names;  // markets of this file, by name
    for (auto& row : rows) {
      failed_row = row.row;
      if (!row.parent_name.empty()) {
        auto it = names.find(row.parent_name);
        if (it != names.end()) {
          row.input.parent_id = it->second;
        } else {
          store::PlaceQuery q;
          q.text = row.parent_name;
          q.limit = 50;
          auto found = store::PlaceRepository::list(s, q, nullptr);
          if (!found) return tl::unexpected(found.error());
          for (const auto& p : *found)
            if (p.name == row.parent_name && is_market(p.place_type)) row.input.parent_id = p.id;
          if (!row.input.parent_id)
            return invalid("parent_id", "所在市场「" + row.parent_name + "」未登记");
        }
      }
      auto p = create(s, call, row.input);
      if (!p) return tl::unexpected(p.error());
      if (is_market(p->place_type)) names[p->name] = p->id;
      created.push_back({row.row, p->id, p->name});
    }
    failed_row = 0;
    if (auto a = audit(s, call, "place.import", kEntity, "", nullptr,
                       {{"rows", created.size()},
                        {"file_sha256", file_hash},
                        {"format", excel ? "xlsx" : "csv"}});
        !a)
      return tl::unexpected(a.error());
    // A dry run leaves nothing behind: the error rolls back, and is then
    // recognised below as the planned outcome.
    if (dry_run) return fail(ErrorCode::kConflict, "dry-run");
    return true;
  });
  if (!outcome) {
    const Error& e = outcome.error();
    if (dry_run && failed_row == 0 && e.code == ErrorCode::kConflict && e.message == "dry-run")
      return report;
    if (failed_row && (e.code == ErrorCode::kInvalidInput || e.code == ErrorCode::kForbidden)) {
      for (const auto& f : e.fields)
        report.problems.push_back({failed_row, column_of_field(f.field), f.message});
      if (e.fields.empty()) report.problems.push_back({failed_row, "", e.message});
      return report;
    }
    Error shown = e;
    if (failed_row)
      shown.message =
          "第 " + std::to_string(failed_row) + " 行导入失败，未导入任何场所：" + e.message;
    return tl::unexpected(shown);
  }
  report.created = std::move(created);
  return report;
}

std::string describe(const PlaceImportProblem& p) {
  std::string out = p.row > 0 ? "第 " + std::to_string(p.row) + " 行" : "文件";
  if (!p.column.empty()) out += "「" + column_label(p.column) + "」(" + p.column + ")";
  return out + "：" + p.message;
}

}  // namespace qf::service
