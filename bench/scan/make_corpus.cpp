// Deterministic corpus generator for bench/scan/run.sh: JSON Lines listings
// as `qingfeng scan` reads them ("id", "platform", "url", "title", "text",
// "price", "seller", "posted_at"), streamed to a file, never kept in memory.
//
//   scan_corpus OUT.jsonl MEGABYTES [SEED]
//
// The mix is that of a marketplace feed: about 93 % ordinary goods (of which
// a few percent are hard negatives: 象牙白 phone cases, 虎皮鹦鹉, 老虎钳,
// 仿真 toys), 4 % wildlife, 2 % banned tools, 1 % banned marketing. Titles
// are 6-30 characters; texts follow a long-tailed length distribution (most
// 20-150 characters, some posts of 1-2 thousand), with the noise real
// listings carry (emoji, full-width punctuation, spaced-out characters,
// Latin model numbers, prices, phone numbers). Same arguments, same bytes:
// std::mt19937 drawn with rng() % n (no library distribution).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

using Pool = std::vector<std::string>;

const Pool kPlatforms = {"闲鱼", "转转", "淘宝", "拼多多", "抖音", "快手", "微信", "小红书", "贴吧", "孔夫子"};
const Pool kGoods = {
    "手机壳", "蓝牙耳机", "充电宝", "数据线", "运动鞋", "连衣裙", "羽绒服", "保温杯", "电饭煲",
    "空气炸锅", "儿童玩具", "书包", "台灯", "床上四件套", "茶叶", "普洱茶", "核桃", "红枣",
    "蜂蜜", "大米", "五常大米", "腊肉", "土鸡蛋", "手串", "菩提子", "小叶紫檀", "翡翠手镯",
    "和田玉", "紫砂壶", "字画", "古董", "铜钱", "旧书", "二手自行车", "电动车电瓶", "钓鱼竿",
    "鱼竿", "渔具", "帐篷", "登山杖", "望远镜", "相机镜头", "笔记本电脑", "显卡", "键盘",
    "鼠标", "猫粮", "狗粮", "鹦鹉饲料", "鱼缸", "多肉植物", "兰花", "盆景", "木雕摆件",
    "iPhone 13 Pro", "小米手环7", "Switch游戏机", "机械键盘 Cherry轴", "婴儿推车", "洗衣机",
    "冰箱", "实木餐桌", "沙发", "窗帘", "电风扇", "吸尘器", "儿童绘本", "考研资料", "吉他",
    "钢琴", "滑板", "瑜伽垫", "哑铃", "跑步机", "化妆品", "口红", "香水", "面霜", "手表"};
const Pool kFiller = {
    "九成新", "全新未拆封", "自用闲置", "低价转让", "有意者联系", "同城自提", "可小刀", "不议价",
    "成色如图", "支持验货", "顺丰包邮", "正品保证", "假一赔十", "厂家直销", "量大从优", "欢迎咨询",
    "下单前请先联系客服", "发货时间为48小时内", "偏远地区不包邮", "七天无理由退换", "品质好，价格实惠",
    "搬家处理", "买来没用几次", "功能正常", "配件齐全", "有发票", "适合送礼", "老人孩子都喜欢",
    "今天下单明天到", "质量没问题", "因为换了新的所以出掉旧的", "放在家里占地方", "只用过两三次，几乎全新",
    "有轻微使用痕迹，不影响使用", "原价买的，现在半价出", "包装盒说明书都在", "不退不换，看好再拍",
    "周末可以当面交易", "地铁站附近可以面交", "喜欢的亲直接拍", "库存不多，先到先得", "店铺上新，关注有优惠"};
const Pool kNoise = {"😊", "🔥", "！", "，", "。", "~", "【", "】", "★", " ", "  ", "\xE2\x80\x8D",
                     "～", "…", "（", "）", "✨", "👍", "❤️", "💰", "📦", "、", "：", "!!", "?"};
// Hard negatives: lexicon words in a benign context.
const Pool kHardNegative = {"象牙白手机壳", "虎皮鹦鹉一对", "老虎钳工具套装", "仿真象牙树脂摆件",
                            "熊猫血型互助", "象牙塔里的青春（小说）", "虎皮尖椒", "鳄鱼牌T恤",
                            "海马体照相馆优惠券", "熊掌形状抱枕", "犀牛盾手机壳", "龟苓膏"};
const Pool kSpecies = {"象牙", "象 牙", "象*牙", "橡牙", "xiang牙", "穿山甲片", "川山甲", "熊膽",
                       "熊胆粉", "虎骨", "犀角", "犀牛角", "玳瑁", "盔犀鸟", "鹤顶红", "砗磲",
                       "禾花雀", "穿山甲", "猛犸象牙", "羚羊角", "麝香", "虎皮", "豹皮", "海龟"};
const Pool kProducts = {"手镯", "手串", "摆件", "挂件", "雕刻", "原料", "粉", "酒", "片", "整根", "佛珠"};
const Pool kIntent = {"出售", "有货", "现货", "转让", "收购", "包邮", "一手货源", "便宜出", "回收"};
const Pool kContact = {"加V私聊", "vx：abc12345", "薇信详聊", "加q 12345678", "电话13912345678",
                       "私信", "懂的来", "微信同号①③⑧①②③④⑤⑥⑦⑧"};
const Pool kTools = {"猎夹", "地枪", "电鱼机", "绝户网", "可视瞄鱼器", "排铳", "猎套", "捕鸟网",
                     "电子诱捕器", "逆变器 电鱼", "超声波捕鱼器", "鸟媒", "粘网"};
const Pool kMarketing = {"长江野生鱼", "长江野生江鲜", "野生刀鱼", "长江刀鱼", "正宗野生鲥鱼",
                         "长江野生河豚", "野生江鲜", "长江三鲜"};

class Gen {
 public:
  explicit Gen(std::uint32_t seed) : rng_(seed) {}
  std::uint32_t next(std::uint32_t n) { return rng_() % n; }
  const std::string& pick(const Pool& p) { return p[next(static_cast<std::uint32_t>(p.size()))]; }

  // Ordinary text up to about `target` bytes.
  void filler(std::string& s, std::size_t target) {
    while (s.size() < target) {
      switch (next(12)) {
        case 0:
        case 1:
          s += pick(kNoise);
          break;
        case 2:
          s += std::to_string(next(3000)) + "元";
          break;
        case 3:
          s += "型号" + std::string(1, static_cast<char>('A' + next(26))) + std::to_string(next(1000));
          break;
        case 4:
          s += pick(kGoods);
          break;
        default:
          s += pick(kFiller);
          break;
      }
    }
  }
  // Text length: 70 % short (20-150 chars), 25 % medium (150-600), 5 % long (600-2,000);
  // 3 bytes per Han character.
  std::size_t text_bytes() {
    const std::uint32_t r = next(100);
    if (r < 70) return 60 + next(390);
    if (r < 95) return 450 + next(1350);
    return 1800 + next(4200);
  }

 private:
  std::mt19937 rng_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT.jsonl MEGABYTES [SEED]\n", argv[0]);
    return 2;
  }
  const std::size_t limit = std::strtoull(argv[2], nullptr, 10) * 1000000ull;
  Gen g(argc > 3 ? static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10)) : 20261129u);
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 1;
  }
  std::vector<char> buf(1 << 20);
  std::setvbuf(out, buf.data(), _IOFBF, buf.size());
  std::size_t written = 0, n = 0, kinds[5] = {};
  std::string title, text, line;
  while (written < limit) {
    ++n;
    title.clear();
    text.clear();
    const std::uint32_t r = g.next(1000);
    const std::size_t text_target = g.text_bytes();
    int kind;  // 0 benign, 1 hard negative, 2 wildlife, 3 tool, 4 marketing
    if (r < 40) {
      kind = 2;
      title = g.pick(kSpecies) + g.pick(kProducts);
      text = g.pick(kIntent);
      g.filler(text, text_target / 2);
      text += g.pick(kSpecies) + g.pick(kProducts) + g.pick(kContact);
      g.filler(text, text_target);
    } else if (r < 60) {
      kind = 3;
      title = g.pick(kTools) + g.pick(kNoise) + g.pick(kIntent);
      text = g.pick(kTools);
      g.filler(text, text_target);
      text += g.pick(kContact);
    } else if (r < 70) {
      kind = 4;
      title = g.pick(kMarketing) + g.pick(kNoise) + "现杀现发";
      text = g.pick(kMarketing) + g.pick(kIntent);
      g.filler(text, text_target);
    } else if (r < 110) {
      kind = 1;
      title = g.pick(kHardNegative);
      text = g.pick(kHardNegative);
      g.filler(text, text_target);
    } else {
      kind = 0;
      title = g.pick(kGoods) + " " + g.pick(kFiller);
      g.filler(text, text_target);
    }
    ++kinds[kind];
    line = "{\"id\":\"b-";
    line += std::to_string(n);
    line += "\",\"platform\":\"";
    line += g.pick(kPlatforms);
    line += "\",\"url\":\"https://example.invalid/item/";
    line += std::to_string(100000000 + g.next(900000000));
    line += "\",\"title\":\"";
    line += title;
    line += "\",\"text\":\"";
    line += text;
    line += "\",\"price\":";
    line += std::to_string(1 + g.next(5000));
    line += ",\"seller\":\"u";
    line += std::to_string(g.next(2000000));
    line += "\",\"posted_at\":\"2026-11-";
    const std::uint32_t day = 1 + g.next(28);
    line += (day < 10 ? "0" : "") + std::to_string(day);
    line += "T08:00:00Z\"}\n";
    std::fwrite(line.data(), 1, line.size(), out);
    written += line.size();
  }
  if (std::fclose(out) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  std::fprintf(stderr,
               "%zu listings, %zu bytes: benign %zu, hard negatives %zu, wildlife %zu, tool %zu, "
               "marketing %zu\n",
               n, written, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4]);
  return 0;
}
