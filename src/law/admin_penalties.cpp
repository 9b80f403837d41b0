#include "law/admin_penalties.h"

namespace qf::law {
namespace {

constexpr std::string_view kLaw = "野生动物保护法";

std::string article(std::string_view a) { return std::string(kLaw) + " " + std::string(a); }

// "并处…价值 lo 倍以上 hi 倍以下罚款；没有…或者…价值不足 below 元的，并处 min 元以上
// max 元以下罚款": the floor clause, when the article has one.
struct Floor {
  Fen below;
  Fen min;
  Fen max;
};

void value_fine(AdminPenalty& p, std::optional<Fen> base, bool none, int lo, int hi,
                std::optional<Floor> floor, std::string_view what) {
  if (floor && (none || (base && *base < floor->below))) {
    p.fine_min = floor->min;
    p.fine_max = floor->max;
    p.notes.push_back((none ? "没有" + std::string(what)
                            : std::string(what) + " " + format_yuan(*base) + " 元，不足 " +
                                  format_yuan(floor->below) + " 元") +
                      "，按固定幅度罚款");
    return;
  }
  if (base) {
    p.fine_min = *base * lo;
    p.fine_max = *base * hi;
    p.notes.push_back(std::string(what) + " " + format_yuan(*base) + " 元 × " + std::to_string(lo) +
                      "～" + std::to_string(hi) + " 倍");
    return;
  }
  p.notes.push_back(std::string(what) + "待鉴定，罚款幅度暂不能计算");
}

bool trade_service_place(std::string_view place) {
  // 第三十三条: 网络平台、商品交易市场、餐饮场所.
  return place == "internet" || place == "market" || place == "restaurant";
}

// "本法规定保护的野生动物" (第二条第二款): 珍贵、濒危的陆生、水生野生动物 (the
// national key list) and 三有. 地方重点 is not named there; it is treated as
// "其他陆生野生动物" for 第五十三条, with a note.
bool protected_by_this_law(ProtectionClass c) {
  return is_national_key(c) || c == ProtectionClass::kSanyou;
}

void hunting(const PenaltyFacts& f, std::vector<AdminPenalty>& out) {
  const bool national = is_national_key(f.protection);
  const bool eat_wild = f.for_eating && f.origin == Origin::kWild;
  if (national) {
    std::vector<std::string> items;
    if (f.protected_or_closed) items.push_back("第（一）项");
    if (!f.has_permit) items.push_back("第（二）项");
    if (f.banned_tools) items.push_back("第（三）项");
    if (items.empty()) return;
    AdminPenalty p;
    p.article = article("第四十八条第一款");
    for (std::size_t i = 0; i < items.size(); ++i) p.article += (i ? "、" : "") + items[i];
    p.violation =
        "在自然保护地、禁猎（渔）区、禁猎（渔）期猎捕，未取得或者未按照特许猎捕证规定猎捕、杀害，或"
        "者使用禁用的工具、方法猎捕国家重点保护野生动物";
    p.target = "行为人";
    p.authority =
        "县级以上人民政府野生动物保护主管部门、海警机构和有关自然保护地管理机构按照职责分工";
    p.measures = {"没收猎获物、猎捕工具和违法所得", "吊销特许猎捕证"};
    p.fine_basis =
        "并处猎获物价值二倍以上二十倍以下罚款；没有猎获物或者猎获物价值不足五千元的，并处一万元以上"
        "十万元以下罚款";
    value_fine(p, f.value, f.no_catch, 2, 20, Floor{yuan(5000), yuan(10000), yuan(100000)},
               "猎获物价值");
    if (eat_wild)
      p.notes.push_back("以食用为目的猎捕在野外环境自然生长繁殖的国家重点保护野生动物，从重处罚（" +
                        article("第五十条第一款") + "）");
    p.notes.push_back("构成犯罪的，依法追究刑事责任");
    out.push_back(std::move(p));
    return;
  }
  if (f.habitat != Habitat::kTerrestrial) return;  // 其他水生野生动物: 渔业法 (第二条第四款)
  if (is_sanyou_or_provincial(f.protection)) {
    std::vector<std::string> items;
    if (f.protected_or_closed) items.push_back("第（一）项");
    if (!f.has_permit) items.push_back("第（二）项");
    if (f.banned_tools) items.push_back("第（三）项");
    if (items.empty()) return;
    AdminPenalty p;
    p.article = article("第四十九条第一款");
    for (std::size_t i = 0; i < items.size(); ++i) p.article += (i ? "、" : "") + items[i];
    p.violation =
        "在自然保护地、禁猎（渔）区、禁猎（渔）期猎捕，未取得或者未按照狩猎证规定猎捕，或者使用禁用"
        "的工具、方法猎捕三有或者地方重点保护野生动物";
    p.target = "行为人";
    p.authority = "县级以上地方人民政府野生动物保护主管部门和有关自然保护地管理机构按照职责分工";
    p.measures = {"没收猎获物、猎捕工具和违法所得", "吊销狩猎证"};
    p.fine_basis =
        "并处猎获物价值一倍以上十倍以下罚款；没有猎获物或者猎获物价值不足二千元的，并处二千元以上二"
        "万元以下罚款";
    value_fine(p, f.value, f.no_catch, 1, 10, Floor{yuan(2000), yuan(2000), yuan(20000)},
               "猎获物价值");
    if (eat_wild && f.protection == ProtectionClass::kSanyou)
      p.notes.push_back("以食用为目的猎捕在野外环境自然生长繁殖的三有野生动物，从重处罚（" +
                        article("第五十条第一款") + "）");
    p.notes.push_back("构成犯罪的，依法追究刑事责任");
    out.push_back(std::move(p));
    return;
  }
  // 其他陆生野生动物 (including unapproved CITES species).
  if (f.protected_or_closed || f.banned_tools) {
    AdminPenalty p;
    p.article = article("第四十九条第二款");
    p.violation =
        "在自然保护地、禁猎区、禁猎期或者使用禁用的工具、方法猎捕其他陆生野生动物，破坏生态";
    p.target = "行为人";
    p.authority = "县级以上地方人民政府野生动物保护主管部门和有关自然保护地管理机构按照职责分工";
    p.measures = {"没收猎获物、猎捕工具和违法所得"};
    p.fine_basis =
        "并处猎获物价值一倍以上三倍以下罚款；没有猎获物或者猎获物价值不足一千元的，并处一千元以上三"
        "千元以下罚款";
    value_fine(p, f.value, f.no_catch, 1, 3, Floor{yuan(1000), yuan(1000), yuan(3000)},
               "猎获物价值");
    p.notes.push_back("以“破坏生态”为要件");
    out.push_back(std::move(p));
  }
  if (eat_wild) {
    AdminPenalty p;
    p.article = article("第五十条第二款");
    p.violation = "以食用为目的猎捕在野外环境自然生长繁殖的其他陆生野生动物";
    p.target = "行为人";
    p.authority = "县级以上地方人民政府野生动物保护主管部门和有关自然保护地管理机构按照职责分工";
    p.measures = {"没收猎获物、猎捕工具和违法所得"};
    p.fine_basis =
        "情节严重的，并处猎获物价值一倍以上五倍以下罚款，没有猎获物或者猎获物价值不足二千元的，并处"
        "二千元以上一万元以下罚款";
    if (f.serious)
      value_fine(p, f.value, f.no_catch, 1, 5, Floor{yuan(2000), yuan(2000), yuan(10000)},
                 "猎获物价值");
    else
      p.notes.push_back("罚款以情节严重为条件；未认定情节严重的，只没收");
    out.push_back(std::move(p));
  }
}

void trade(const PenaltyFacts& f, std::vector<AdminPenalty>& out) {
  const bool national = is_national_key(f.protection);
  const bool eat_wild = f.for_eating && f.origin == Origin::kWild;
  const bool buying = f.behaviour == Behaviour::kPurchase;
  if (national && !f.has_permit) {
    AdminPenalty p;
    p.article = article("第五十二条第一款");
    p.violation =
        "未经批准、未取得或者未按照规定使用专用标识，或者未持有、未附有人工繁育许可证、批准文件的副"
        "本或者专用标识出售、购买、利用、运输、携带、寄递国家重点保护野生动物及其制品";
    p.target = "行为人";
    p.authority = "县级以上人民政府野生动物保护主管部门和市场监督管理部门按照职责分工";
    p.measures = {"没收野生动物及其制品和违法所得", "责令关闭违法经营场所",
                  "情节严重的，吊销人工繁育许可证、撤销批准文件、收回专用标识"};
    p.fine_basis = "并处野生动物及其制品价值二倍以上二十倍以下罚款";
    value_fine(p, f.value, false, 2, 20, std::nullopt, "野生动物及其制品价值");
    if (eat_wild && !buying)
      p.notes.push_back(
          "以食用为目的交易、运输在野外环境自然生长繁殖的国家重点保护野生动物，从重处罚（" +
          article("第五十条第一款") + "）");
    p.notes.push_back("构成犯罪的，依法追究刑事责任");
    out.push_back(std::move(p));
  } else if (is_sanyou_or_provincial(f.protection) && f.habitat == Habitat::kTerrestrial &&
             !buying && !f.has_permit) {
    AdminPenalty p;
    p.article = article("第五十二条第二款");
    p.violation =
        "未持有合法来源证明或者专用标识出售、利用、运输、携带、寄递三有或者地方重点保护野生动物及其"
        "制品";
    p.target = "行为人";
    p.authority = "县级以上地方人民政府野生动物保护主管部门和市场监督管理部门按照职责分工";
    p.measures = {"没收野生动物"};
    p.fine_basis = "并处野生动物价值一倍以上十倍以下罚款";
    value_fine(p, f.value, false, 1, 10, std::nullopt, "野生动物价值");
    if (eat_wild && f.protection == ProtectionClass::kSanyou)
      p.notes.push_back("以食用为目的交易、运输在野外环境自然生长繁殖的三有野生动物，从重处罚（" +
                        article("第五十条第一款") + "）");
    p.notes.push_back("构成犯罪的，依法追究刑事责任");
    out.push_back(std::move(p));
  }
  if (eat_wild && !buying && f.habitat == Habitat::kTerrestrial && !national &&
      f.protection != ProtectionClass::kSanyou) {
    AdminPenalty p;
    p.article = article("第五十条第三款");
    p.violation = "以食用为目的交易、运输在野外环境自然生长繁殖的其他陆生野生动物";
    p.target = "行为人";
    p.authority = "县级以上地方人民政府野生动物保护主管部门和市场监督管理部门按照职责分工";
    p.measures = {"没收野生动物"};
    p.fine_basis = "情节严重的，并处野生动物价值一倍以上五倍以下罚款";
    if (f.serious)
      value_fine(p, f.value, false, 1, 5, std::nullopt, "野生动物价值");
    else
      p.notes.push_back("罚款以情节严重为条件；未认定情节严重的，只没收");
    if (f.protection == ProtectionClass::kProvincial)
      p.notes.push_back("地方重点保护野生动物另适用" + article("第五十二条第二款") +
                        "（未持合法来源证明）");
    out.push_back(std::move(p));
  }
  // Buying 三有/地方重点 animals: 第五十二条第二款 does not name 购买, and no
  // other article of 第四章 does; buying to eat is 第五十三条第一款 (eating()).
  if (f.behaviour == Behaviour::kTransport) {
    AdminPenalty p;
    p.article = article("第五十二条第三款");
    p.violation =
        "铁路、道路、水运、民航、邮政、快递等企业未按照规定查验或者承运、寄递野生动物及其制品";
    p.target = "承运、寄递企业";
    p.authority = "交通运输、铁路监督管理、民用航空、邮政管理等相关主管部门按照职责分工";
    p.measures = {"没收违法所得", "情节严重的，吊销经营许可证"};
    p.fine_basis = "并处违法所得一倍以上五倍以下罚款";
    if (f.illegal_gains)
      value_fine(p, f.illegal_gains, false, 1, 5, std::nullopt, "违法所得");
    else
      p.notes.push_back("罚款按承运企业的违法所得计算，未提供");
    p.notes.push_back("适用于未履行查验义务的承运、寄递企业，而非托运人");
    out.push_back(std::move(p));
  }
}

void eating(const PenaltyFacts& f, std::vector<AdminPenalty>& out) {
  const bool is_eating = f.behaviour == Behaviour::kEating;
  const bool buying_to_eat = f.behaviour == Behaviour::kPurchase && f.for_eating;
  if (is_eating || buying_to_eat) {
    AdminPenalty p;
    p.article = article("第五十三条第一款");
    p.target = "行为人";
    p.authority = "县级以上人民政府野生动物保护主管部门和市场监督管理部门按照职责分工";
    if (protected_by_this_law(f.protection)) {
      p.violation = "食用或者为食用非法购买本法规定保护的野生动物及其制品";
      p.measures = {"责令停止违法行为", "没收野生动物及其制品"};
      p.fine_basis = "并处野生动物及其制品价值二倍以上二十倍以下罚款";
      value_fine(p, f.value, false, 2, 20, std::nullopt, "野生动物及其制品价值");
    } else if (f.habitat == Habitat::kTerrestrial) {
      p.violation = "食用或者为食用非法购买其他陆生野生动物及其制品";
      p.measures = {"责令停止违法行为", "给予批评教育", "没收野生动物及其制品"};
      p.fine_basis = "情节严重的，并处野生动物及其制品价值一倍以上五倍以下罚款";
      if (f.serious)
        value_fine(p, f.value, false, 1, 5, std::nullopt, "野生动物及其制品价值");
      else
        p.notes.push_back("罚款以情节严重为条件；未认定情节严重的，不罚款");
      if (f.protection == ProtectionClass::kProvincial)
        p.notes.push_back(
            "“本法规定保护的野生动物”（第二条第二款）未列地方重点保护野生动物，暂按其他陆生野生动物"
            "处理，请核实");
    } else {
      return;  // 其他水生野生动物: 渔业法等 (第二条第四款)
    }
    p.notes.push_back("构成犯罪的，依法追究刑事责任");
    out.push_back(std::move(p));
  }
  // Serving wildlife as food: 第五十三条第二款, against the food business.
  const bool food_business = f.place_type == "restaurant" &&
                             (is_eating || (f.behaviour == Behaviour::kSale && f.for_eating));
  if (food_business &&
      (protected_by_this_law(f.protection) || f.habitat == Habitat::kTerrestrial)) {
    AdminPenalty p;
    p.article = article("第五十三条第二款");
    p.target = "食品生产经营者";
    p.authority = "县级以上人民政府野生动物保护主管部门和市场监督管理部门按照职责分工";
    if (protected_by_this_law(f.protection)) {
      p.violation = "生产、经营使用本法规定保护的野生动物及其制品制作的食品";
      p.measures = {"责令停止违法行为", "没收野生动物及其制品和违法所得", "责令关闭违法经营场所"};
      p.fine_basis = "并处违法所得十五倍以上三十倍以下罚款";
      if (f.illegal_gains)
        value_fine(p, f.illegal_gains, false, 15, 30, std::nullopt, "违法所得");
      else
        p.notes.push_back("罚款按违法所得计算，未提供");
    } else {
      p.violation = "生产、经营使用其他陆生野生动物及其制品制作的食品";
      p.measures = {"给予批评教育", "没收野生动物及其制品和违法所得"};
      p.fine_basis = "情节严重的，并处违法所得一倍以上十倍以下罚款";
      if (f.serious && f.illegal_gains)
        value_fine(p, f.illegal_gains, false, 1, 10, std::nullopt, "违法所得");
      else
        p.notes.push_back("罚款以情节严重为条件，按违法所得计算");
    }
    out.push_back(std::move(p));
  }
}

void breeding(const PenaltyFacts& f, std::vector<AdminPenalty>& out) {
  if (f.has_permit) return;
  if (is_national_key(f.protection)) {
    AdminPenalty p;
    p.article = article("第五十一条第一款");
    p.violation =
        "未取得人工繁育许可证，繁育国家重点保护野生动物或者依法调出国家重点保护野生动物名录的野生动"
        "物";
    p.target = "行为人";
    p.authority = "县级以上人民政府野生动物保护主管部门";
    p.measures = {"没收野生动物及其制品"};
    p.fine_basis = "并处野生动物及其制品价值一倍以上十倍以下罚款";
    value_fine(p, f.value, false, 1, 10, std::nullopt, "野生动物及其制品价值");
    out.push_back(std::move(p));
  } else if (f.protection == ProtectionClass::kSanyou) {
    AdminPenalty p;
    p.article = article("第五十一条第二款");
    p.violation =
        "人工繁育有重要生态、科学、社会价值的陆生野生动物或者依法调出三有名录的野生动物未备案";
    p.target = "行为人";
    p.authority = "县级人民政府野生动物保护主管部门";
    p.measures = {"责令限期改正"};
    p.fine_basis = "逾期不改正的，处五百元以上二千元以下罚款";
    p.fine_min = yuan(500);
    p.fine_max = yuan(2000);
    p.notes.push_back("罚款以逾期不改正为条件");
    out.push_back(std::move(p));
  }
}

void fishing(const PenaltyFacts& f, std::vector<AdminPenalty>& out) {
  if (is_national_key(f.protection)) {
    hunting(f, out);  // 猎捕国家重点保护水生野生动物: 第四十八条
    return;
  }
  if (!(f.protected_or_closed || f.banned_tools)) return;
  AdminPenalty p;
  p.article = "渔业法 第三十八条第一款";
  p.violation =
      "使用炸鱼、毒鱼、电鱼等破坏渔业资源方法进行捕捞，违反关于禁渔区、禁渔期的规定进行捕捞，或者使"
      "用禁用的渔具、捕捞方法和小于最小网目尺寸的网具进行捕捞";
  p.target = "行为人";
  p.authority = "县级以上人民政府渔业行政主管部门或者其所属的渔政监督管理机构（渔业法 第四十八条）";
  p.measures = {"没收渔获物和违法所得", "情节严重的，没收渔具，吊销捕捞许可证",
                "情节特别严重的，可以没收渔船"};
  p.fine_basis = "处五万元以下的罚款";
  p.fine_min = 0;
  p.fine_max = yuan(50000);
  p.notes.push_back(
      "珍贵、濒危水生野生动物以外的其他水生野生动物的保护适用渔业法（野生动物保护法 "
      "第二条第四款）");
  p.notes.push_back("构成犯罪的，依法追究刑事责任");
  out.push_back(std::move(p));
}

void trade_services(const PenaltyFacts& f, std::vector<AdminPenalty>& out) {
  if (!trade_service_place(f.place_type)) return;
  if (!(f.behaviour == Behaviour::kSale || f.behaviour == Behaviour::kPurchase ||
        f.behaviour == Behaviour::kEating))
    return;
  AdminPenalty p;
  p.article = article("第五十五条");
  p.violation =
      "网络平台、商品交易市场、餐饮场所等为违法出售、购买、食用及利用野生动物及其制品提供展示、交易"
      "、消费服务";
  p.target = "网络平台、商品交易市场、餐饮场所";
  p.authority = "县级以上人民政府市场监督管理部门";
  p.measures = {"责令停止违法行为，限期改正", "没收违法所得"};
  p.fine_basis =
      "并处违法所得二倍以上十倍以下罚款；没有违法所得或者违法所得不足五千元的，处一万元以上十万元以"
      "下罚款";
  if (f.illegal_gains)
    value_fine(p, f.illegal_gains, false, 2, 10, Floor{yuan(5000), yuan(10000), yuan(100000)},
               "违法所得");
  else
    p.notes.push_back(
        "罚款按场所经营者的违法所得计算，未提供（没有违法所得或不足五千元的，处一万元以上十万元以下"
        "）");
  out.push_back(std::move(p));
  if (f.place_type == "internet" && f.behaviour == Behaviour::kSale) {
    AdminPenalty ad;
    ad.article = article("第五十四条");
    ad.violation = "为出售、购买、利用野生动物及其制品或者禁止使用的猎捕工具发布广告";
    ad.target = "广告发布者";
    ad.authority = "依照《中华人民共和国广告法》的规定";
    ad.fine_basis = "依照《中华人民共和国广告法》的规定处罚";
    out.push_back(std::move(ad));
  }
}

}  // namespace

std::vector<AdminPenalty> applicable_admin_penalties(const PenaltyFacts& f) {
  std::vector<AdminPenalty> out;
  switch (f.behaviour) {
    case Behaviour::kHunting:
    case Behaviour::kKilling:
      hunting(f, out);
      break;
    case Behaviour::kFishing:
      fishing(f, out);
      break;
    case Behaviour::kPurchase:
    case Behaviour::kSale:
    case Behaviour::kTransport:
      trade(f, out);
      eating(f, out);
      break;
    case Behaviour::kEating:
      eating(f, out);
      break;
    case Behaviour::kBreeding:
      breeding(f, out);
      break;
    case Behaviour::kSmuggling: {
      AdminPenalty p;
      p.article = article("第五十六条");
      p.violation = "违反本法第三十七条规定，进出口野生动物及其制品";
      p.target = "行为人";
      p.authority = "海关、公安机关、海警机构";
      p.fine_basis = "依照法律、行政法规和国家有关规定处罚";
      p.notes.push_back("本法未规定罚款幅度；构成犯罪的，依法追究刑事责任");
      out.push_back(std::move(p));
      break;
    }
  }
  trade_services(f, out);
  return out;
}

}  // namespace qf::law
