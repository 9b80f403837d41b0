#include "synthetic_corpus.h"

#include <random>

namespace qf::scan::bench {
namespace {

// Word pools. Ordinary goods dominate, as on a real platform.
const std::vector<std::string> kGoods = {
    "手机壳",   "蓝牙耳机",   "充电宝",     "数据线", "运动鞋",   "连衣裙",     "羽绒服", "保温杯",
    "电饭煲",   "空气炸锅",   "儿童玩具",   "书包",   "台灯",     "床上四件套", "茶叶",   "普洱茶",
    "核桃",     "红枣",       "蜂蜜",       "大米",   "五常大米", "腊肉",       "土鸡蛋", "手串",
    "菩提子",   "小叶紫檀",   "翡翠手镯",   "和田玉", "紫砂壶",   "字画",       "古董",   "铜钱",
    "旧书",     "二手自行车", "电动车电瓶", "钓鱼竿", "鱼竿",     "渔具",       "帐篷",   "登山杖",
    "望远镜",   "相机镜头",   "笔记本电脑", "显卡",   "键盘",     "鼠标",       "猫粮",   "狗粮",
    "鹦鹉饲料", "鱼缸",       "多肉植物",   "兰花",   "盆景",     "木雕摆件"};
const std::vector<std::string> kFiller = {"九成新",
                                          "全新未拆封",
                                          "自用闲置",
                                          "低价转让",
                                          "有意者联系",
                                          "同城自提",
                                          "可小刀",
                                          "不议价",
                                          "成色如图",
                                          "支持验货",
                                          "顺丰包邮",
                                          "正品保证",
                                          "假一赔十",
                                          "厂家直销",
                                          "量大从优",
                                          "欢迎咨询",
                                          "下单前请先联系客服",
                                          "发货时间为48小时内",
                                          "偏远地区不包邮",
                                          "七天无理由退换",
                                          "品质好，价格实惠",
                                          "搬家处理",
                                          "买来没用几次",
                                          "功能正常",
                                          "配件齐全",
                                          "有发票",
                                          "适合送礼",
                                          "老人孩子都喜欢",
                                          "今天下单明天到",
                                          "质量没问题"};
const std::vector<std::string> kRisky = {
    "象牙手镯", "象 牙 摆件", "橡牙",       "xiang牙", "穿山甲片", "川山甲", "熊膽",
    "虎骨酒",   "犀角杯",     "玳瑁",       "盔犀鸟",  "猎夹",     "地枪",   "电鱼机",
    "绝户网",   "可视瞄鱼器", "长江野生鱼", "加V私聊", "懂的来",   "象牙白", "虎皮鹦鹉",
    "老虎钳",   "仿真象牙",   "熊猫血",     "禾花雀",  "鹤顶红"};
const std::vector<std::string> kNoise = {"😊",  "🔥",  "！", "，", "。", "~",
                                         "【", "】", "★",  " ",  "  ", "\xE2\x80\x8D",
                                         "～", "…",  "（", "）", "✨",  "👍"};

}  // namespace

std::vector<std::string> synthetic_listings(std::size_t bytes, std::uint32_t seed) {
  std::mt19937 rng(seed);  // rng() % n, not a distribution: the same on every library
  auto pick = [&](const std::vector<std::string>& pool) -> const std::string& {
    return pool[rng() % pool.size()];
  };
  std::vector<std::string> out;
  std::size_t total = 0;
  while (total < bytes) {
    std::string s;
    // Listing length: mostly short titles with a description, some long posts.
    const std::size_t target = rng() % 10 < 7 ? 60 + rng() % 240 : 300 + rng() % 900;
    s += pick(kGoods);
    while (s.size() < target) {
      switch (rng() % 10) {
        case 0:
          s += pick(kNoise);
          break;
        case 1:
          s += std::to_string(rng() % 2000) + "元";
          break;
        case 2:
          s += "model" + std::to_string(rng() % 100);
          break;
        case 3:
          if (rng() % 64 == 0)
            s += pick(kRisky);
          else
            s += pick(kGoods);
          break;
        default:
          s += pick(kFiller);
          break;
      }
    }
    total += s.size() + 1;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace qf::scan::bench
