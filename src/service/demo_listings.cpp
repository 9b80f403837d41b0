#include "service/demo_listings.h"

#include <string>
#include <vector>

#include "core/clock.h"
#include "service/audit_writer.h"
#include "service/listing_service.h"

namespace qf::service {
namespace {

struct DemoPost {
  const char* platform;
  const char* seller;
  const char* title;
  const char* text;
  std::int64_t price_yuan;
};

// Posts as platforms see them; the sellers and shops are invented.
const std::vector<DemoPost>& demo_posts() {
  static const std::vector<DemoPost> posts = {
      {"闲鱼", "shapotou_collector", "老物件 象*牙 手镯 包浆好",
       "祖传的，懂的来，加V私聊，包邮（演示）", 3800},
      {"闲鱼", "shapotou_collector", "橡牙 吊坠 收藏级", "非仿真，有意者私聊，顺丰到付（演示）",
       2600},
      {"闲鱼", "zw_oldthings", "象牙白 手机壳 iPhone 15", "全新未拆，颜色象牙白，支持退换（演示）",
       39},
      {"淘宝", "中卫野味铺", "穿山甲片 炮山甲 中药材",
       "野生 现货 一斤起卖 微信 1 3 8 0 9 5 5 1 2 3 4（演示）", 9800},
      {"淘宝", "中卫野味铺", "川山甲 鳞片 正品", "量大从优，详聊 vx（演示）", 8800},
      {"抖音", "黄河渔具王", "电鱼机 逆变器 大功率 捕鱼神器", "一拖三，远程遥控，包教包会（演示）",
       1280},
      {"抖音", "黄河渔具王", "绝户网 密眼地笼 10米", "小鱼小虾一网打尽（演示）", 85},
      {"快手", "腾格里猎具", "猎夹 野猪夹 加厚弹簧", "山区专用，批发零售（演示）", 120},
      {"快手", "腾格里猎具", "排铳 地枪 配件", "老客户私聊，不留痕迹（演示）", 600},
      {"微信小程序", "宁夏鲜货", "长江野生鱼 鲥鱼 刀鱼", "正宗长江野生鱼，当天空运（演示）", 1280},
      {"闲鱼", "pet_home_zw", "虎皮鹦鹉 一对 人工繁殖", "自家繁殖，健康活泼（演示）", 60},
      {"闲鱼", "tools_zw", "老虎钳 8寸 工业级", "五金工具，全新（演示）", 25},
      {"淘宝", "北方药材行", "熊胆粉 天然 野生", "正品保证，假一赔十，加QQ详谈（演示）", 1500},
      {"淘宝", "北方药材行", "羚羊角 片 中药", "野生 高鼻羚羊 角片 现货（演示）", 2300},
      {"闲鱼", "birds_sps", "活体 画眉 百灵 靓鸟", "野生抓的，叫口好，同城自提（演示）", 450},
      {"闲鱼", "birds_sps", "猫头鹰 雏鸟 可上手", "包活，私聊发视频（演示）", 900},
      {"抖音", "海边饰品铺", "红珊瑚 手串 阿卡", "天然阿卡红珊瑚，送证书（演示）", 5600},
      {"抖音", "海边饰品铺", "树脂 仿真 珊瑚 摆件", "树脂工艺品，适合鱼缸造景（演示）", 45},
      {"快手", "乡村小吃", "野味 黄鼬 果子狸 到店吃", "冬季进补，提前预订（演示）", 300},
      {"闲鱼", "zw_oldthings", "鹤顶红 雕件 老料", "懂的来，不议价（演示）", 12000},
  };
  return posts;
}

}  // namespace

Result<DemoListingReport> seed_demo_listings(ServiceContext& ctx) {
  const CallContext call = cli_call_context();
  ListingService listings(ctx);
  store::ListingQuery any;
  any.limit = 1;
  auto existing = listings.queue(call, any);
  if (!existing) return tl::unexpected(existing.error());
  DemoListingReport report;
  if (existing->total > 0) {
    report.skipped = true;
    return report;
  }
  std::vector<ListingInput> batch;
  const std::int64_t now = now_ms();
  int n = 0;
  for (const auto& p : demo_posts()) {
    ListingInput in;
    in.platform = p.platform;
    in.external_id = "demo-" + std::to_string(++n);
    in.url = "https://example.invalid/demo/" + std::to_string(n);
    in.title = p.title;
    in.text = p.text;
    in.seller_account = p.seller;
    in.seller_name = p.seller;
    in.price_fen = p.price_yuan * 100;
    in.posted_at = now - static_cast<std::int64_t>(n) * 3'600'000;  // an hour apart
    batch.push_back(std::move(in));
  }
  auto ingested = listings.ingest(call, batch);
  if (!ingested) return tl::unexpected(ingested.error());
  report.created = ingested->created;
  store::ListingQuery pending;
  pending.review_state = "pending";
  pending.limit = 1;
  auto waiting = listings.queue(call, pending);
  if (!waiting) return tl::unexpected(waiting.error());
  report.flagged = static_cast<int>(waiting->total);
  return report;
}

}  // namespace qf::service
