#include "law/jurisdiction.h"

#include <algorithm>

#include "core/case_vocabulary.h"

namespace qf::law {
namespace {

// Section 六 of the plan, quoted where each department's part comes from.
constexpr std::string_view kLcDuty =
    "林业和草原：按职责分工依法查处非法猎捕、杀害、人工繁育、出售、收购、运输、食用、利用野生动物案"
    "件（六）";
constexpr std::string_view kNyDuty =
    "农业农村：按职责分工依法查处非法猎捕、杀害、人工繁育、出售、收购、运输、食用、利用水生野生动物"
    "案件（六）";
constexpr std::string_view kWildlifeValuation =
    "野生动物主管部门：协调鉴定罚没标本、网络非法交易信息和核定涉案标本价值（六）";
constexpr std::string_view kSjDuty =
    "市场监管：督促和指导市场开办单位、网络交易平台落实野生动物交易管控责任，清理整顿野生动物交易、"
    "食用、经营利用场所和单位，"
    "查处非法出售、收购、运输、食用、经营利用野生动物行为（六）";
constexpr std::string_view kWxDuty =
    "网信：配合做好网上相关内容清理，依法查处属地相关违法违规网站平台、账号（六）";
constexpr std::string_view kJtDuty =
    "交通运输：监督检查承运企业落实货物抽检抽查等制度，配合查处非法捕捞、运输野生动物及其制品行为（"
    "六）";
constexpr std::string_view kGaTransport =
    "公安：依法严厉打击非法收购、运输、出售珍贵、濒危野生动物及其制品的犯罪行为（六）";
constexpr std::string_view kGaCrime =
    "公安：依法严厉打击非法猎捕、杀害珍贵、濒危野生动物，非法狩猎，非法捕捞，非法收购、运输、出售珍"
    "贵、濒危野生动物及其制品的犯罪行为（六）";
constexpr std::string_view kHgDuty =
    "海关：查验进出口货物，依法查处非法进出口野生动物及其制品案件（六）";
constexpr std::string_view kHgPort = "海关：口岸、邮件中的进出境物品由海关查验（六）";

bool is_trade_place(std::string_view place) {
  // 四(二) places where wildlife is traded, served or processed: 市场监管's
  // "市场开办单位、网络交易平台…交易、食用、经营利用场所和单位".
  return place == "market" || place == "restaurant" || place == "internet" ||
         place == "processing_plant" || place == "tool_shop";
}

class Builder {
 public:
  void lead(std::string code, std::string_view reason) {
    j_.lead = std::move(code);
    j_.reasons.emplace_back(reason);
  }
  void co(const std::string& code, std::string_view reason) {
    if (code == j_.lead) return;
    if (std::find(j_.co.begin(), j_.co.end(), code) != j_.co.end()) return;
    j_.co.push_back(code);
    j_.reasons.emplace_back(reason);
  }
  Jurisdiction take() { return std::move(j_); }

 private:
  Jurisdiction j_;
};

}  // namespace

Result<Jurisdiction> decide_jurisdiction(Habitat habitat, Behaviour behaviour,
                                         std::string_view place_type, bool suspected_crime) {
  if (!place_type.empty() && !term_label(place_types(), place_type))
    return invalid("place_type", "未知场所类型: " + std::string(place_type));
  // Fishing is aquatic whatever the caller says: 渔业 is 农业农村's.
  const bool aquatic = habitat == Habitat::kAquatic || behaviour == Behaviour::kFishing;
  const std::string wildlife = aquatic ? "NY" : "LC";
  const std::string_view wildlife_duty = aquatic ? kNyDuty : kLcDuty;
  Builder b;

  if (behaviour == Behaviour::kSmuggling) {
    b.lead("HG", kHgDuty);
    b.co(wildlife, kWildlifeValuation);
  } else if (is_trade_place(place_type) &&
             (behaviour == Behaviour::kSale || behaviour == Behaviour::kPurchase ||
              behaviour == Behaviour::kEating)) {
    b.lead("SJ", kSjDuty);
    b.co(wildlife, wildlife_duty);
  } else if (behaviour == Behaviour::kTransport || place_type == "road_transport") {
    b.lead(wildlife, wildlife_duty);
    b.co("JT", kJtDuty);
    b.co("GA", kGaTransport);
  } else if (behaviour == Behaviour::kFishing) {
    b.lead("NY", kNyDuty);
    b.co("JT", kJtDuty);  // 六: 交通运输 配合查处非法捕捞
  } else {
    b.lead(wildlife, wildlife_duty);
    // 市场监管 also handles 出售、收购、食用 outside the places above.
    if (behaviour == Behaviour::kSale || behaviour == Behaviour::kPurchase ||
        behaviour == Behaviour::kEating)
      b.co("SJ", kSjDuty);
  }
  if (place_type == "internet") b.co("WX", kWxDuty);
  if (place_type == "port_mail" && behaviour != Behaviour::kSmuggling) b.co("HG", kHgPort);
  if (suspected_crime) b.co("GA", kGaCrime);
  return b.take();
}

}  // namespace qf::law
