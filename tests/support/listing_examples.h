// A small labelled set of online listings, written by hand (not generated
// from templates), for the listing classifier's tests: enough for fastText
// to learn the obvious, small enough to train in well under a second.
#pragma once

#include <string>
#include <vector>

namespace qf::testing {

struct LabelledListing {
  const char* title;
  const char* text;
  const char* label;  // benign | wildlife | tool | marketing
};

inline const std::vector<LabelledListing>& labelled_listings() {
  static const std::vector<LabelledListing> kListings = {
      // wildlife
      {"老象牙手镯", "早年入手的老象牙手镯，包浆很好，懂的私聊", "wildlife"},
      {"象牙佛珠108颗", "非洲料象牙佛珠，颗颗满肉，有纹路可验货，价格私聊", "wildlife"},
      {"出一块犀牛角", "朋友从国外带回来的犀牛角，约300克，有意者私信", "wildlife"},
      {"穿山甲片 现货", "正宗穿山甲鳞片，炮制好的，一斤起卖，加微信", "wildlife"},
      {"虎骨酒 老泡的", "家里老人泡的虎骨酒，十几年了，低价转让", "wildlife"},
      {"玳瑁手镯 清货", "天然玳瑁手镯，纹路清晰，收藏多年出手", "wildlife"},
      {"鹰嘴 挂件", "猫头鹰标本一只，品相完整，同城自提", "wildlife"},
      {"熊胆粉 野生", "野生黑熊胆粉，山里收来的，量少，私聊价格", "wildlife"},
      {"盔犀鸟头骨", "鹤顶红原料，盔犀鸟头骨一个，懂货的来", "wildlife"},
      {"羚羊角片", "赛加羚羊角切片，泡水喝，出售一包", "wildlife"},
      {"象牙筷子一双", "老象牙筷子，家里老人留下的，出手换钱，顺丰包邮", "wildlife"},
      {"麝香 真货", "林麝麝香仁，山里人自己取的，一克起卖，加v详聊", "wildlife"},
      {"画眉鸟 出售", "野生画眉，刚抓的，叫口好，同城交易", "wildlife"},
      {"红珊瑚原枝", "深海红珊瑚原枝，未加工，出售给懂行的", "wildlife"},
      // tool
      {"捕鸟网 加密", "粘网捕鸟网，十米长，隐形细丝，批发零售", "tool"},
      {"电鱼机 大功率", "新款电鱼机，逆变器升压，下水就有货，包教会", "tool"},
      {"猎夹 野猪夹", "加厚野猪夹，弹簧有力，捕兽夹批发", "tool"},
      {"地枪 防盗", "地枪整套，埋地触发，山区防野猪用，私聊", "tool"},
      {"绝户网 地笼", "超密地笼网，小鱼小虾一网打尽，绝户网", "tool"},
      {"鸟媒 电子诱捕", "电子鸟媒播放器，内置百种鸟叫，配捕鸟网", "tool"},
      {"可视钓鱼器", "可视瞄鱼器，水下摄像头找鱼，夜视高清", "tool"},
      {"兽夹 铁夹子", "捕兽夹子，野兔獾子都能夹，批发价", "tool"},
      {"排铳 打鸟", "排铳配件齐全，打鸟专用，懂的来", "tool"},
      {"毒鱼药 特效", "毒鱼药，撒下去半小时鱼全浮头，量大从优", "tool"},
      {"捕雀网 现货", "鸟网捕雀网，三层加密，挂上就有", "tool"},
      {"电瓶打鱼机", "打鱼机一套，背包式电瓶，河沟里用", "tool"},
      {"猎套 钢丝", "钢丝猎套，套野兔獾子，一百个起批", "tool"},
      {"捕鸟器 全自动", "全自动捕鸟器，配诱鸟音响，包邮", "tool"},
      // marketing
      {"长江野生鱼 鲜活", "正宗长江野生鱼，刀鱼江鲫，当天捕捞发货", "marketing"},
      {"野生江鲜 到货", "长江野生江鲜，野生鲥鱼，饭店直供", "marketing"},
      {"长江刀鱼 野生", "长江野生刀鱼，清明前的，一斤三条", "marketing"},
      {"野味馆 招牌菜", "本店野味火锅，野生山鸡野兔，欢迎品尝", "marketing"},
      {"长江鮰鱼", "长江野生鮰鱼，渔民直销，冰鲜发货", "marketing"},
      {"江鲜馆 开业", "长江江鲜宴，野生江鱼现杀现做，订座电话", "marketing"},
      {"野生甲鱼 正宗", "长江野生甲鱼，三斤以上，饭店专供", "marketing"},
      {"野味 土菜馆", "山里野味土菜馆，野生竹鼠果子狸，预订从速", "marketing"},
      {"长江野生鳗鱼", "长江口野生鳗鱼，渔船直发，鲜活", "marketing"},
      {"长江野生大鱼头", "长江野生青鱼头，剁椒鱼头原料，冷链", "marketing"},
      {"长江野生虾", "长江野生白虾，渔民当天收获，顺丰", "marketing"},
      {"野生江鱼馆", "江边野生鱼馆，长江野生鱼每天现捕", "marketing"},
      {"野生黄鳝 长江", "长江边野生黄鳝，粗大肉厚，饭店直供", "marketing"},
      {"长江野生螃蟹", "长江野生大闸蟹，个大膏肥，礼盒装", "marketing"},
      // benign
      {"象牙白 手机壳", "象牙白色硅胶手机壳，防摔，全新包邮", "benign"},
      {"虎皮鹦鹉 一对", "人工繁殖虎皮鹦鹉一对，会叫，带笼子", "benign"},
      {"老虎钳 工具", "钢丝钳老虎钳，电工必备，五金店直发", "benign"},
      {"树脂 仿真象牙摆件", "树脂仿真摆件，工艺品，非真品，适合装修", "benign"},
      {"熊猫玩偶", "大熊猫毛绒玩偶，成都基地同款，送小孩", "benign"},
      {"象牙塔 书籍", "《走出象牙塔》二手书，九成新，包邮", "benign"},
      {"渔具 鱼竿", "碳素鱼竿，台钓竿，五米四，送浮漂", "benign"},
      {"养殖甲鱼", "人工养殖甲鱼，有水产养殖证，饭店供货", "benign"},
      {"鸟笼 竹制", "手工竹制鸟笼，画眉笼，雕花，包邮", "benign"},
      {"猫粮 特价", "全价猫粮十斤装，幼猫成猫通用，特价", "benign"},
      {"牛角梳", "天然牦牛角梳子，防静电，送礼佳品", "benign"},
      {"二手自行车", "山地自行车，骑了一年，九成新，同城自提", "benign"},
      {"多肉植物", "多肉植物组合盆栽，带盆发货，好养活", "benign"},
      {"虎年纪念币", "虎年生肖纪念币，全新未流通，带册", "benign"},
  };
  return kListings;
}

}  // namespace qf::testing
