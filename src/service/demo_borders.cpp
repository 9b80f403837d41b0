#include "service/demo_borders.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/clock.h"
#include "service/auth_service.h"
#include "service/customs_service.h"
#include "service/directory_service.h"
#include "service/intake_service.h"
#include "service/transport_check_service.h"
#include "store/crypto.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;

// The demo account's CallContext, or none when DemoSeeder has not made it.
Result<std::optional<CallContext>> demo_account(ServiceContext& ctx, const std::string& username) {
  auto user = ctx.db.read(
      [&](soci::session& s) { return store::UserRepository::find_by_username(s, username); });
  if (!user) return tl::unexpected(user.error());
  if (!*user) return std::optional<CallContext>();
  return std::optional<CallContext>(CallContext{actor_for(**user), "demo", "console"});
}

NewTransportCheck check(const char* kind, const char* place, double lon, double lat,
                        std::int64_t at, const char* company, const char* goods) {
  NewTransportCheck c;
  c.kind = kind;
  c.place_text = place;
  c.lon = lon;
  c.lat = lat;
  c.checked_at = at;
  c.company = company;
  c.goods = goods;
  return c;
}

}  // namespace

Result<DemoBordersReport> seed_demo_borders(ServiceContext& ctx) {
  DemoBordersReport report;
  const CallContext cli = cli_call_context();
  TransportCheckService checks(ctx);
  TransportCheckFilters any;
  any.limit = 1;
  auto existing = checks.list(cli, any);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->total > 0) {
    report.skipped = true;
    return report;
  }
  auto ga = demo_account(ctx, "ga.officer");
  if (!ga) return tl::unexpected(ga.error());
  auto jt = demo_account(ctx, "jt.officer");
  if (!jt) return tl::unexpected(jt.error());
  auto hg = demo_account(ctx, "hg.officer");
  if (!hg) return tl::unexpected(hg.error());
  const CallContext police = ga->value_or(cli), transport = jt->value_or(cli),
                    customs = hg->value_or(cli);
  const std::int64_t now = now_ms();

  // ---- transport checks (五(五)) -------------------------------------------
  std::vector<std::pair<CallContext, NewTransportCheck>> plan;
  {
    auto c = check("checkpoint", "G6 京藏高速中卫东公路检查站（演示）", 105.2531, 37.5432,
                   now - 9 * kDay, "", "冷链货车 冻品 3 吨");
    c.vehicle_plate = "宁E·D1234（演示）";
    c.route_origin = "兰州";
    c.route_destination = "银川";
    c.sender_name = "马某（演示）";
    c.sender_phone = "13900000001";
    plan.emplace_back(police, c);
  }
  {
    auto c = check("express", "沙坡头速递中卫城区网点（演示）", 105.1897, 37.5149, now - 7 * kDay,
                   "沙坡头速递（演示）", "包裹 中药材 2 件");
    c.waybill_no = "SPT2026110001（演示）";
    c.sender_name = "王某（演示）";
    c.sender_phone = "13900000002";
    c.receiver_name = "李某（演示）";
    c.receiver_phone = "13900000003";
    c.route_origin = "广西南宁";
    c.route_destination = "宁夏中卫";
    c.spot_check = true;
    c.finding = "wildlife_product";
    c.species_text = "穿山甲";
    c.finding_note = "开箱抽检发现疑似穿山甲鳞片，申报品名为“中药材”（演示）";
    c.quantity = 2;
    c.weight_kg = 1.2;
    plan.emplace_back(police, c);
  }
  {
    auto c = check("express", "沙坡头速递中卫城区网点（演示）", 105.1897, 37.5149, now - 6 * kDay,
                   "沙坡头速递（演示）", "服装 1 件");
    c.spot_check = true;
    c.waybill_no = "SPT2026110002（演示）";
    plan.emplace_back(transport, c);
  }
  {
    auto c = check("logistics", "黄河物流中卫营业部（演示）", 105.2105, 37.4987, now - 5 * kDay,
                   "黄河物流（演示）", "五金配件 12 箱");
    c.spot_check = true;
    c.waybill_no = "HH-88120（演示）";
    plan.emplace_back(transport, c);
  }
  {
    auto c = check("logistics", "黄河物流中卫营业部（演示）", 105.2105, 37.4987, now - 4 * kDay,
                   "黄河物流（演示）", "渔具 4 箱");
    c.spot_check = true;
    c.waybill_no = "HH-88177（演示）";
    c.finding = "banned_tool";
    c.finding_note = "发现电鱼器具（逆变器、电瓶）2 套（演示）";
    c.quantity = 2;
    plan.emplace_back(transport, c);
  }
  {
    auto c = check("express", "腾格里快递迎水桥网点（演示）", 105.0552, 37.4761, now - 3 * kDay,
                   "腾格里快递（演示）", "活体 鸟笼 1 个");
    c.waybill_no = "TGL-5521（演示）";
    c.finding = "wildlife";
    c.species_text = "画眉";
    c.finding_note = "鸟笼内活体画眉 3 只，无合法来源证明（演示）";
    c.quantity = 3;
    plan.emplace_back(police, c);
  }
  {
    auto c = check("bus_station", "中卫汽车站行包房（演示）", 105.1962, 37.5071, now - 2 * kDay, "",
                   "旅客行包 5 件");
    c.spot_check = true;
    plan.emplace_back(transport, c);
  }
  std::optional<std::int64_t> pangolin_check;
  for (const auto& [call, c] : plan) {
    auto v = checks.record(call, c);
    if (!v) return tl::unexpected(v.error());
    ++report.checks;
    if (c.species_text == "穿山甲") pangolin_check = v->check.id;
  }
  // The pangolin scales go to 林草 (terrestrial species, 六); the console
  // cannot request a transfer, so only with the demo police account.
  if (pangolin_check && ga->has_value()) {
    HandoverRequest r;
    r.note = "快递抽检发现，请林草局依法查处（演示）";
    auto done = checks.handover(police, *pangolin_check, r);
    if (!done) return tl::unexpected(done.error());
    ++report.handed_over;
  }

  // ---- customs (五(六)) ------------------------------------------------------
  CustomsService customs_service(ctx);
  std::vector<CustomsDeclaration> declarations;
  {
    CustomsDeclaration d;
    d.declaration_no = "YJ-2026-000118（演示）";
    d.kind = "postal";
    d.hs_code = "9601";
    d.description = "象牙手镯 2 只（礼品）";
    d.origin_country = "NG";
    d.transit_countries = {"ET"};
    d.consignor = "Lagos Gift Trading（演示）";
    d.consignee = "中卫某工艺品店（演示）";
    d.declared_value_fen = 20000;
    d.weight_kg = 0.4;
    d.quantity = 2;
    declarations.push_back(d);
  }
  {
    CustomsDeclaration d;
    d.declaration_no = "BG-2026-004521（演示）";
    d.kind = "cargo";
    d.hs_code = "0507";
    d.description = "穿山甲片 中药原料";
    d.origin_country = "CM";
    d.transit_countries = {"MY"};
    d.consignor = "Douala Herbs Export（演示）";
    d.consignee = "宁夏某药材公司（演示）";
    d.declared_value_fen = 150000;
    d.weight_kg = 25;
    declarations.push_back(d);
  }
  {
    CustomsDeclaration d;
    d.declaration_no = "BG-2026-004600（演示）";
    d.kind = "cargo";
    d.hs_code = "6117";
    d.description = "羊毛围巾";
    d.origin_country = "MN";
    d.consignor = "Ulaanbaatar Textile（演示）";
    d.consignee = "中卫某商贸公司（演示）";
    d.declared_value_fen = 1200000;
    d.weight_kg = 80;
    d.quantity = 400;
    declarations.push_back(d);
  }
  {
    CustomsDeclaration d;
    d.declaration_no = "YJ-2026-000131（演示）";
    d.kind = "postal";
    d.hs_code = "0508";
    d.description = "红珊瑚原枝 摆件";
    d.origin_country = "TH";
    d.consignor = "Bangkok Souvenir（演示）";
    d.consignee = "个人（演示）";
    d.declared_value_fen = 5000;
    d.weight_kg = 0.3;
    declarations.push_back(d);
  }
  std::vector<std::int64_t> assessment_ids;
  for (const auto& d : declarations) {
    auto a = customs_service.assess(customs, d);
    if (!a) return tl::unexpected(a.error());
    assessment_ids.push_back(a->id);
    ++report.assessments;
  }
  {
    NewSeizure z;
    z.reference_no = "ZW-HG-2026-001（演示）";
    z.seized_at = now - 8 * kDay;
    z.discovery_place = "中卫邮件处理中心（演示）";
    z.lon = 105.1968;  // the point of discovery, for the map (migration 0018)
    z.lat = 37.5149;
    z.species_text = "非洲象";
    z.product_type = "worked_ivory";
    z.quantity_pieces = 2;
    z.weight_kg = 0.38;
    z.origins = {{"NG", 100.0}};
    z.export_country = "NG";
    z.transit = {{"ET", true}};
    z.destination_country = "CN";
    z.consignor = "Lagos Gift Trading（演示）";
    z.consignee = "中卫某工艺品店（演示）";
    z.note = "邮递物品查验发现象牙手镯 2 只（演示）";
    z.assessment_id = assessment_ids.at(0);
    auto s = customs_service.record_seizure(customs, z);
    if (!s) return tl::unexpected(s.error());
    ++report.seizures;
  }
  {
    NewSeizure z;
    z.reference_no = "ZW-HG-2026-002（演示）";
    z.seized_at = now - 6 * kDay;
    z.discovery_place = "中卫海关监管作业场所（演示）";
    z.lon = 105.2371;
    z.lat = 37.5402;
    z.species_text = "穿山甲";
    z.product_type = "scales";
    z.weight_kg = 24.6;
    z.origins = {{"CM", 60.0}, {"CD", 40.0}};
    z.export_country = "CM";
    z.transit = {{"MY", true}, {"VN", false}};
    z.destination_country = "CN";
    z.consignor = "Douala Herbs Export（演示）";
    z.consignee = "宁夏某药材公司（演示）";
    z.note = "以“中药原料”申报，查验发现穿山甲鳞片（演示）";
    z.assessment_id = assessment_ids.at(1);
    auto s = customs_service.record_seizure(customs, z);
    if (!s) return tl::unexpected(s.error());
    ++report.seizures;
  }

  // ---- event intake (七(二)), through the signed webhook path ---------------
  DirectoryService directory(ctx);
  auto sender = ctx.db.read([&](soci::session& s) {
    return store::UserRepository::find_by_username(s, "xueliang.demo");
  });
  if (!sender) return tl::unexpected(sender.error());
  store::User sender_user;
  if (*sender) {
    sender_user = **sender;
  } else {
    auto created =
        directory.create_user(cli, {"xueliang.demo", "网格化与雪亮工程对接（演示）",
                                    Role::kIntegration, "OFFICE", "Qf-" + store::random_token(12)});
    if (!created) return tl::unexpected(created.error());
    sender_user = *created;
  }
  auto key =
      AuthService(ctx).issue_api_key(cli, sender_user.id, "事件接入（演示）", {"events:write"});
  if (!key) return tl::unexpected(key.error());
  CallContext sender_call{actor_for(sender_user), "demo", "console"};
  sender_call.actor.scopes = {"events:write"};
  struct DemoEvent {
    const char* id;
    const char* source;
    std::int64_t ago;
    const char* description;
    const char* place;
    double lon, lat;
    const char* species;
    const char* camera;
  };
  const DemoEvent events[] = {
      {"GW-20261120-001", "grid_worker", 5 * kDay,
       "网格员巡查发现河滩芦苇地架设粘网 3 张，网上挂有死鸟（演示）",
       "沙坡头区迎水桥镇黄河湿地（演示）", 105.0641, 37.4873, "", ""},
      {"XL-CAM-0457-20261122", "xueliang_video", 3 * kDay,
       "夜间视频告警：保护区入口有车辆停留，人员携带疑似猎具进入（演示）",
       "腾格里湖保护区东门卡口（演示）", 105.0216, 37.5398, "", "ZW-XL-0457"},
      {"GW-20261124-002", "grid_worker", 1 * kDay,
       "群众反映镇上饭馆私下供应“野味”，疑似野兔、斑鸠（演示）", "中卫市城区某饭馆（演示）",
       105.1931, 37.5122, "斑鸠", ""},
  };
  for (const auto& e : events) {
    const nlohmann::json body = {{"event_id", e.id},
                                 {"source", e.source},
                                 {"occurred_at", now - e.ago},
                                 {"description", e.description},
                                 {"place_text", e.place},
                                 {"lon", e.lon},
                                 {"lat", e.lat},
                                 {"species_text", e.species},
                                 {"camera_id", e.camera}};
    IntakeEventInput in;
    in.event_id = e.id;
    in.source = e.source;
    in.occurred_at = now - e.ago;
    in.description = e.description;
    in.place_text = e.place;
    in.lon = e.lon;
    in.lat = e.lat;
    in.species_text = e.species;
    in.camera_id = e.camera;
    const std::string raw = body.dump();
    const std::string timestamp = std::to_string(now_ms());
    SignedDelivery d{key->key, timestamp, intake_signature(key->key, timestamp, raw), raw, in};
    auto received = IntakeService(ctx).receive(sender_call, d);
    if (!received) return tl::unexpected(received.error());
    ++report.events;
  }
  // The demo key has served; nobody holds it, so it is revoked.
  if (auto revoked = AuthService(ctx).revoke_api_key(cli, key->record.id); !revoked)
    return tl::unexpected(revoked.error());
  return report;
}

}  // namespace qf::service
