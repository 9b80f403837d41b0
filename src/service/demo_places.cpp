#include "service/demo_places.h"

#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "service/auth_service.h"
#include "service/inspection_service.h"
#include "service/place_service.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

constexpr std::int64_t kDay = 86'400'000LL;

struct DemoPlace {
  const char* key;
  const char* registrar;  // demo account that registers it
  const char* type;
  const char* name;
  const char* parent;  // key of the market, for a shop
  const char* address;
  const char* township;
  double lon, lat;
  const char* operator_name;
  const char* phone;
  const char* business_licence;
};

// Around 中卫 (沙坡头区); names, people and numbers invented.
const std::vector<DemoPlace>& demo_places() {
  static const std::vector<DemoPlace> places = {
      {"market", "sj.officer", "farmers_market", "滨河农贸市场（演示）", nullptr,
       "沙坡头区滨河镇应理南街 18 号", "滨河镇", 105.1902, 37.5131, "中卫市滨河市场服务有限公司",
       "0955-7000001", "91640502MA7DEMO001"},
      {"bird_market", "sj.officer", "flower_bird_market", "鼓楼花鸟市场（演示）", nullptr,
       "沙坡头区文昌镇鼓楼西街 6 号", "文昌镇", 105.1968, 37.5158, "中卫市鼓楼市场管理处",
       "0955-7000002", "91640502MA7DEMO002"},
      {"bird_shop", "sj.officer", "market_shop", "老马鸟店（演示）", "bird_market",
       "鼓楼花鸟市场 B 区 12 号", "文昌镇", 105.1970, 37.5160, "马某某", "139-0000-0003",
       "92640502MA7DEMO003"},
      {"hotel", "sj.officer", "restaurant", "黄河宴宾馆（演示）", nullptr,
       "沙坡头区迎水桥镇沙坡头大道 66 号", "迎水桥镇", 105.0112, 37.4711, "黄河宴餐饮管理有限公司",
       "0955-7000004", "91640502MA7DEMO004"},
      {"farmhouse", "sj.officer", "restaurant", "香山土鸡农家乐（演示）", nullptr,
       "沙坡头区香山乡红泉村", "香山乡", 105.1013, 37.2034, "李某某", "139-0000-0005",
       "92640502MA7DEMO005"},
      {"deer_farm", "lc.officer", "breeding_farm", "宣和梅花鹿养殖场（演示）", nullptr,
       "沙坡头区宣和镇宣和村六组", "宣和镇", 105.3187, 37.4452, "宁夏某某鹿业有限公司",
       "0955-7000006", "91640502MA7DEMO006"},
      {"pheasant_farm", "lc.officer", "breeding_farm", "永康雉鸡养殖户（演示）", nullptr,
       "沙坡头区永康镇彩达村", "永康镇", 105.1355, 37.4406, "王某某", "139-0000-0007",
       "92640502MA7DEMO007"},
      {"tool_shop", "sj.officer", "tool_shop", "东园渔具猎具店（演示）", nullptr,
       "沙坡头区东园镇东园街 3 号", "东园镇", 105.2301, 37.5279, "赵某某", "139-0000-0008",
       "92640502MA7DEMO008"},
      {"workshop", "ny.officer", "processing_plant", "镇罗地笼网加工作坊（演示）", nullptr,
       "沙坡头区镇罗镇观音村", "镇罗镇", 105.0874, 37.5312, "孙某某", "139-0000-0009", ""},
  };
  return places;
}

Result<CallContext> demo_call(ServiceContext& ctx, const char* username) {
  auto u = ctx.db.read(
      [&](soci::session& s) { return store::UserRepository::find_by_username(s, username); });
  if (!u) return tl::unexpected(u.error());
  if (!*u) return not_found(std::string("缺少演示账户 ") + username);
  return CallContext{actor_for(**u), "demo-places", "127.0.0.1"};
}

}  // namespace

Result<DemoPlaceReport> seed_demo_places(ServiceContext& ctx) {
  DemoPlaceReport report;
  PlaceService places(ctx);
  auto existing = places.list(cli_call_context(), {}, 1, 0);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->total > 0) {
    report.skipped = true;
    return report;
  }
  std::map<std::string, CallContext> calls;
  for (const char* name : {"sj.officer", "lc.officer", "ny.officer", "ga.officer"}) {
    auto call = demo_call(ctx, name);
    if (!call) {
      if (call.error().code == ErrorCode::kNotFound) {
        report.skipped = true;
        return report;
      }
      return tl::unexpected(call.error());
    }
    calls.emplace(name, *call);
  }
  const std::int64_t now = now_ms();
  std::map<std::string, std::int64_t> ids;
  for (const auto& d : demo_places()) {
    PlaceInput in;
    in.place_type = d.type;
    in.name = d.name;
    in.address = d.address;
    in.township = d.township;
    in.lon = d.lon;
    in.lat = d.lat;
    in.operator_name = d.operator_name;
    in.contact_phone = d.phone;
    in.business_licence_no = d.business_licence;
    in.demo = true;
    if (d.parent) in.parent_id = ids.at(d.parent);
    const std::string key = d.key;
    if (key == "deer_farm")
      in.licences = std::vector<LicenceInput>{{"宁林繁字〔2024〕第017号（演示）",
                                               "宁夏回族自治区林业和草原局",
                                               now - 600 * kDay,
                                               now + 495 * kDay,
                                               {{"梅花鹿", std::nullopt, 20}}}};
    if (key == "pheasant_farm")
      in.licences = std::vector<LicenceInput>{{"中林繁字〔2021〕第009号（演示）",
                                               "中卫市林业和草原局",
                                               now - 1900 * kDay,
                                               now - 75 * kDay,
                                               {{"环颈雉", std::nullopt, 500}}}};
    if (key == "workshop") {
      in.status = "closed";
      in.closed_at = now - 20 * kDay;
      in.closure_basis =
          "沙坡头区农业农村局取缔决定书 沙农（渔）取字〔2026〕2号（演示）："
          "非法制造禁用渔具（密眼地笼网）";
    }
    auto p = places.create(calls.at(d.registrar), in);
    if (!p) return tl::unexpected(p.error());
    ids[key] = p->id;
    ++report.places;
  }

  InspectionService inspections(ctx);
  auto member = [&](const char* name) { return calls.at(name).actor.user_id; };
  GroupInput group;
  group.name = "沙坡头区清风行动联合检查一组（演示）";
  group.lead_department_code = "SJ";
  group.note = "市场监管牵头，林草、农业农村、公安参加";
  group.members = {{member("sj.officer"), true},
                   {member("lc.officer"), false},
                   {member("ny.officer"), false},
                   {member("ga.officer"), false}};
  auto g = inspections.create_group(calls.at("sj.officer"), group);
  if (!g) return tl::unexpected(g.error());

  auto inspect = [&](const char* recorder, const char* place, std::int64_t days_ago,
                     std::vector<AnswerInput> answers, std::vector<HoldingInput> holdings,
                     std::vector<FindingInput> findings,
                     const char* conclusion) -> Result<store::Inspection> {
    InspectionInput in;
    in.place_id = ids.at(place);
    in.group_id = g->id;
    in.inspected_at = now - days_ago * kDay;
    in.inspector_ids = {member("sj.officer"), member("lc.officer"), member("ga.officer")};
    in.answers = std::move(answers);
    in.holdings = std::move(holdings);
    in.findings = std::move(findings);
    in.conclusion = conclusion;
    in.demo = true;
    auto i = inspections.create(calls.at(recorder), in);
    if (i) ++report.inspections;
    return i;
  };

  auto market = inspect("sj.officer", "market", 12,
                        {{"source_proof", "pass", ""},
                         {"key_protected_sale", "pass", ""},
                         {"wild_sale", "pass", ""},
                         {"banned_tools", "pass", ""},
                         {"market_duty", "pass", "市场已张贴禁止野生动物交易公告"}},
                        {}, {}, "未发现违法经营野生动物行为（演示）");
  if (!market) return tl::unexpected(market.error());

  auto deer = inspect("lc.officer", "deer_farm", 6,
                      {{"licence_valid", "pass", ""},
                       {"stock_matches", "fail", "现场清点存栏与许可不符"},
                       {"ledger", "fail", "出售台账缺 2025 年下半年记录"}},
                      {{"梅花鹿", std::nullopt, 32}}, {},
                      "存栏梅花鹿超出许可数量，责令限期整改并依法调查处理（演示）");
  if (!deer) return tl::unexpected(deer.error());
  auto deer_order = inspections.order_rectification(
      calls.at("lc.officer"), deer->id,
      {"30 日内将梅花鹿存栏调减至许可数量以内，或依法申请变更人工繁育许可证；补齐出售台账（演示）",
       now + 24 * kDay});
  if (!deer_order) return tl::unexpected(deer_order.error());

  auto pheasant = inspect("lc.officer", "pheasant_farm", 40,
                          {{"licence_valid", "fail", "许可证已过期，未申请延续"}},
                          {{"环颈雉", std::nullopt, 420}}, {}, "许可证过期后继续繁育（演示）");
  if (!pheasant) return tl::unexpected(pheasant.error());
  auto pheasant_order = inspections.order_rectification(
      calls.at("lc.officer"), pheasant->id,
      {"限期办理人工繁育许可证延续手续，期间不得出售（演示）", now - 10 * kDay});
  if (!pheasant_order) return tl::unexpected(pheasant_order.error());

  auto hotel = inspect("sj.officer", "hotel", 9,
                       {{"wild_game_menu", "fail", "菜单列有“野兔”“斑鸠”"},
                        {"source_proof", "fail", "无法提供来源证明"}},
                       {}, {{"wild_game_menu", "菜单列有“野兔”“斑鸠”两道野味（演示）", {}}},
                       "责令撤下野味菜品，移交调查（演示）");
  if (!hotel) return tl::unexpected(hotel.error());

  auto tools = inspect("sj.officer", "tool_shop", 3,
                       {{"banned_tools", "fail", "店内出售猎夹、地笼网"},
                        {"online_tools", "na", ""},
                        {"purchase_ledger", "fail", "无进货记录"}},
                       {}, {{"banned_tools", "店内出售猎夹 12 个、密眼地笼网 5 条（演示）", {}}},
                       "当场扣押禁用工具（演示）");
  if (!tools) return tl::unexpected(tools.error());
  auto tools_order = inspections.order_rectification(
      calls.at("sj.officer"), tools->id,
      {"立即停止销售禁用猎捕工具和渔具，清理库存并登记进货来源（演示）", now + 4 * kDay});
  if (!tools_order) return tl::unexpected(tools_order.error());
  return report;
}

}  // namespace qf::service
