#include "core/case_vocabulary.h"

namespace qf {

const std::vector<Term>& offence_types() {
  static const std::vector<Term> v = {
      {"illegal_hunting", "非法猎捕/杀害"},
      {"illegal_eating", "非法食用"},
      {"illegal_trade", "非法出售/收购/利用"},
      {"illegal_transport", "非法运输"},
      {"smuggling", "非法进出口/走私"},
      {"illegal_breeding", "非法人工繁育"},
      {"illegal_fishing", "非法捕捞"},
      {"online_trade", "网络违法交易/信息"},
      {"banned_tools", "禁用猎捕工具/渔具（制售/使用）"},
      {"false_marketing", "违规宣传（“长江野生鱼”等）"},
  };
  return v;
}

const std::vector<Term>& case_sources() {
  static const std::vector<Term> v = {
      {"tip", "举报"},          {"patrol", "巡护"},          {"market_inspection", "市场检查"},
      {"online_scan", "网络巡查"}, {"transport_check", "运输检查"}, {"customs", "海关查验"},
      {"department_transfer", "部门移送"}, {"assigned_by_superior", "上级交办"},
  };
  return v;
}

const std::vector<Term>& place_types() {
  static const std::vector<Term> v = {
      {"protected_area", "自然保护地"},     {"state_forest", "国有林区林场"},
      {"bird_wintering", "候鸟越冬地"},     {"no_fishing_water", "河湖禁捕水域"},
      {"internet", "互联网平台"},           {"market", "农贸/花鸟市场"},
      {"farm", "养殖场(户)"},               {"restaurant", "宾馆饭店"},
      {"processing_plant", "加工厂"},       {"tool_shop", "猎具渔具店"},
      {"port_mail", "口岸/邮件"},           {"road_transport", "道路运输"},
  };
  return v;
}

const std::vector<Term>& case_states() {
  static const std::vector<Term> v = {
      {"registered", "登记"},
      {"filed", "立案"},
      {"not_filed", "不予立案"},
      {"investigating", "调查取证"},
      {"penalty_decided", "处罚决定"},
      {"executing", "执行"},
      {"closed", "结案"},
      {"transferred_to_police", "移送公安"},
      {"police_accepted", "公安受理"},
      {"police_filed", "公安立案"},
      {"police_rejected", "公安不立案（退回）"},
      {"prosecuted", "移送起诉"},
      {"revoked", "撤销"},
  };
  return v;
}

const std::vector<Term>& item_parts() {
  static const std::vector<Term> v = {
      {"whole_live", "整体（活体）"}, {"whole_dead", "整体（死体）"}, {"product", "制品"},
      {"part", "部分（牙、角、骨、皮、胆、鳞片等）"}, {"egg", "卵"},
  };
  return v;
}

const std::vector<Term>& item_origins() {
  static const std::vector<Term> v = {{"wild", "野外"}, {"captive", "人工繁育"}, {"unknown", "不明"}};
  return v;
}

const std::vector<Term>& item_dispositions() {
  static const std::vector<Term> v = {
      {"pending", "待处置"}, {"rescued", "救护"},  {"released", "放生"}, {"handed_over", "移交"},
      {"confiscated", "罚没"}, {"destroyed", "销毁"}, {"returned", "返还"},
  };
  return v;
}

std::optional<std::string_view> term_label(const std::vector<Term>& vocabulary,
                                           std::string_view code) {
  for (const auto& t : vocabulary)
    if (t.code == code) return t.label;
  return std::nullopt;
}

}  // namespace qf
