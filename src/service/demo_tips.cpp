#include "service/demo_tips.h"

#include <array>
#include <random>

#include "core/clock.h"
#include "core/tip_rules.h"
#include "service/auth_service.h"
#include "service/tip_service.h"
#include "store/tip_repository.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

struct TipTemplate {
  const char* department;  // where the office sends it
  const char* content;     // %s = place
  const char* species;
  const char* offence;     // if it becomes a case
  const char* place_type;
};

constexpr TipTemplate kTips[] = {
    {"LC", "%s附近有人在沙丘上下猎套，早上看到套住了野兔和石鸡", "石鸡、蒙古兔", "illegal_hunting", "protected_area"},
    {"LC", "%s湿地边上有人用鸟网捕鸟，网上挂着好几只小鸟", "百灵、红隼", "illegal_hunting", "bird_wintering"},
    {"LC", "%s一家农家乐菜单上有“野鸡”“野兔”，说是山里打的", "环颈雉、野兔", "illegal_eating", "restaurant"},
    {"LC", "晚上在%s听到枪声，怀疑有人打猎", "", "illegal_hunting", "state_forest"},
    {"NY", "%s黄河边有人背着电瓶电鱼，水面上漂着死鱼", "黄河鲤、鲇鱼", "illegal_fishing", "no_fishing_water"},
    {"NY", "%s饭店门口挂牌子“正宗黄河野生鱼”", "黄河鲤", "false_marketing", "restaurant"},
    {"SJ", "%s花鸟市场有摊位卖画眉、百灵，说是山上抓的", "画眉、百灵", "illegal_trade", "market"},
    {"SJ", "有人在朋友圈和闲鱼上卖“象牙手串”，发货地在%s", "象牙", "online_trade", "internet"},
    {"SJ", "%s一家渔具店偷偷卖电鱼机和“绝户网”", "", "banned_tools", "tool_shop"},
    {"WX", "有个短视频账号直播在%s抓野鸟卖，评论区有人下单", "野鸟", "online_trade", "internet"},
    {"JT", "%s物流点有箱子里有鸟叫声，寄件人说是鹦鹉", "鹦鹉、画眉", "illegal_transport", "road_transport"},
    {"HG", "收到国外寄来的包裹，里面可能是穿山甲片，收件地址在%s", "穿山甲", "smuggling", "port_mail"},
};

constexpr const char* kPlaces[] = {"迎水桥镇", "东园镇", "柔远镇", "镇罗镇", "宣和镇", "永康镇",
                                   "常乐镇", "香山乡", "兴仁镇", "沙坡头景区", "腾格里沙漠南缘", "滨河镇"};
constexpr std::array<double, 2> kCentre = {105.15, 37.45};

constexpr const char* kChannels[] = {"hotline", "hotline", "letter_visit", "12345", "grid_worker",
                                     "xueliang_video", "department", "public_web"};
constexpr const char* kCategories[] = {"villager", "resident", "ranger", "fishery_officer",
                                       "volunteer", "birdwatcher", "grid_worker", "other"};
constexpr const char* kNames[] = {"马", "王", "李", "张", "刘", "杨", "赵", "周"};

}  // namespace

Result<DemoTipReport> seed_demo_tips(ServiceContext& ctx, unsigned seed, int count) {
  DemoTipReport report;
  TipService tips(ctx);
  TipQueryParams any;
  any.limit = 1;
  auto existing = tips.list(cli_call_context(), any);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->total > 0) {
    report.skipped = true;
    return report;
  }
  auto as = [&](const std::string& name) -> Result<CallContext> {
    auto u = ctx.db.read([&](soci::session& s) { return store::UserRepository::find_by_username(s, name); });
    if (!u) return tl::unexpected(u.error());
    if (!*u) return fail(ErrorCode::kInternal, "演示账户缺失: " + name);
    return CallContext{actor_for(**u), "demo", "demo"};
  };
  auto office = as("office");
  if (!office) return tl::unexpected(office.error());

  std::mt19937 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::int64_t now = now_ms();
  for (int n = 0; n < count; ++n) {
    const auto& t = kTips[pick(std::size(kTips))];
    const char* place = kPlaces[pick(std::size(kPlaces))];
    NewTip tip;
    tip.channel = kChannels[pick(std::size(kChannels))];
    tip.reporter_category = kCategories[pick(std::size(kCategories))];
    tip.anonymous = pick(5) == 0;
    if (!tip.anonymous) {
      tip.reporter_name = std::string(kNames[pick(std::size(kNames))]) + (pick(2) ? "先生" : "女士");
      char phone[16];
      std::snprintf(phone, sizeof phone, "13%09u", static_cast<unsigned>(rng() % 1000000000u));
      tip.reporter_phone = phone;
    }
    char content[512];
    std::snprintf(content, sizeof content, t.content, place);
    tip.content = std::string(content) + "（演示）";
    tip.occurred_at = now - static_cast<std::int64_t>(rng() % (730u * 24 * 3600)) * 1000;
    tip.place_text = std::string("中卫市沙坡头区") + place;
    tip.lon = kCentre[0] + (static_cast<double>(pick(4000)) - 2000.0) / 10000.0;
    tip.lat = kCentre[1] + (static_cast<double>(pick(4000)) - 2000.0) / 10000.0;
    tip.species_text = t.species;

    Result<std::int64_t> id = fail(ErrorCode::kInternal, "");
    if (tip.channel == "public_web") {
      // Each demo reporter comes from its own address: the public rate limit stays real.
      CallContext visitor{{}, "demo", "198.51.100." + std::to_string(n % 250)};
      auto receipt = tips.submit_public(visitor, tip);
      if (!receipt) return tl::unexpected(receipt.error());
      auto found = ctx.db.read([&](soci::session& s) { return store::TipRepository::find_by_receipt(s, *receipt); });
      if (!found) return tl::unexpected(found.error());
      if (!*found) return fail(ErrorCode::kInternal, "演示举报未找到");
      id = (*found)->id;
    } else {
      auto created = tips.create(*office, tip);
      if (!created) return tl::unexpected(created.error());
      id = created->tip.id;
    }
    report.created++;

    const std::size_t fate = pick(100);
    if (fate < 10) continue;  // 待分派
    if (auto r = tips.assign(*office, *id, t.department); !r) return tl::unexpected(r.error());
    if (fate < 22) continue;  // 已分派
    std::string dept = t.department;
    for (auto& c : dept) c = static_cast<char>(std::tolower(c));
    auto handler = as(dept + ".officer");
    if (!handler) return tl::unexpected(handler.error());
    if (auto r = tips.transition(*handler, *id, {std::string(tip_state::kVerifying), "已安排人员现场核查", std::nullopt}); !r)
      return tl::unexpected(r.error());
    if (fate < 38) continue;  // 核查中
    if (fate < 55) {
      auto r = tips.transition(*handler, *id, {std::string(tip_state::kUnfounded), "现场核查未发现违法行为",
                                               std::string("经核查，未发现所反映的违法行为。感谢您的支持！")});
      if (!r) return tl::unexpected(r.error());
      continue;
    }
    if (fate < 65) {
      auto r = tips.transition(*handler, *id, {std::string(tip_state::kReferred), "属其他地区管辖，已转办", std::nullopt});
      if (!r) return tl::unexpected(r.error());
      continue;
    }
    if (fate < 78) {
      auto r = tips.transition(*handler, *id, {std::string(tip_state::kConcluded), "已责令整改，当场清除猎捕工具",
                                               std::string("已依法处理，感谢您的举报！")});
      if (!r) return tl::unexpected(r.error());
      continue;
    }
    std::string title = std::string(place) + "举报线索转立案（演示）";
    auto kase = tips.convert(*handler, *id, {title, t.offence, t.place_type, std::nullopt, false});
    if (!kase) return tl::unexpected(kase.error());
  }
  return report;
}

}  // namespace qf::service
