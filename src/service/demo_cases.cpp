#include "service/demo_cases.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <map>
#include <random>

#include "core/clock.h"
#include "service/auth_service.h"
#include "service/case_service.h"
#include "service/evidence_service.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

struct Template {
  const char* department;
  const char* offence;
  const char* source;
  const char* place_type;
  const char* title;  // %s = place
  std::array<const char*, 4> species;
  const char* part;
};

// Offences per department follow the plan's 职责分工 (section 六).
constexpr Template kTemplates[] = {
    {"LC", "illegal_hunting", "patrol", "protected_area", "%s非法猎捕野生鸟类案", {"灰鹤", "石鸡", "雀鹰", "大天鹅"}, "whole_dead"},
    {"LC", "illegal_hunting", "tip", "bird_wintering", "%s候鸟越冬地投放毒饵案", {"大天鹅", "灰鹤", "赤麻鸭", "鸿雁"}, "whole_dead"},
    {"LC", "illegal_hunting", "patrol", "state_forest", "%s设置猎套猎捕野生动物案", {"鹅喉羚", "蒙古兔", "环颈雉", "石鸡"}, "whole_dead"},
    {"LC", "illegal_eating", "tip", "restaurant", "%s饭店违规经营野味案", {"环颈雉", "石鸡", "蒙古兔", "斑鸠"}, "whole_dead"},
    {"LC", "illegal_breeding", "market_inspection", "farm", "%s养殖场超范围人工繁育案", {"环颈雉", "梅花鹿", "红腹锦鸡", "鹦鹉"}, "whole_live"},
    {"NY", "illegal_fishing", "patrol", "no_fishing_water", "黄河%s段电鱼案", {"黄河鲤", "兰州鲇", "北方铜鱼", "黄河鮈"}, "whole_dead"},
    {"NY", "banned_tools", "patrol", "no_fishing_water", "%s使用“绝户网”捕捞案", {"黄河鲤", "鲫鱼", "草鱼", "兰州鲇"}, "whole_dead"},
    {"NY", "false_marketing", "market_inspection", "restaurant", "%s餐馆以“黄河野生鱼”为噱头宣传案", {"黄河鲤", "兰州鲇", "鲶鱼", "黄河鲤"}, "whole_dead"},
    {"SJ", "illegal_trade", "market_inspection", "market", "%s花鸟市场出售野生鸟类案", {"画眉", "百灵", "红嘴相思鸟", "黄雀"}, "whole_live"},
    {"SJ", "online_trade", "online_scan", "internet", "网店（%s）出售野生动物制品案", {"象牙制品", "穿山甲片", "羚羊角", "熊胆粉"}, "product"},
    {"SJ", "banned_tools", "market_inspection", "tool_shop", "%s渔具店销售电鱼器具案", {"电鱼器具", "地枪", "猎夹", "粘网"}, "product"},
    {"JT", "illegal_transport", "transport_check", "road_transport", "%s货车运输活体野生鸟类案", {"画眉", "百灵", "鹦鹉", "斑鸠"}, "whole_live"},
    {"HG", "smuggling", "customs", "port_mail", "%s邮件夹带野生动物制品案", {"象牙制品", "穿山甲片", "犀角", "玳瑁制品"}, "product"},
};

struct Place {
  const char* name;
  double lon, lat;
};

constexpr Place kPlaces[] = {
    {"迎水桥镇", 105.06, 37.49}, {"东园镇", 105.22, 37.52},  {"柔远镇", 105.11, 37.55},
    {"镇罗镇", 105.02, 37.58},   {"宣和镇", 105.30, 37.46},  {"永康镇", 105.25, 37.42},
    {"常乐镇", 104.98, 37.40},   {"香山乡", 105.20, 37.10},  {"兴仁镇", 105.45, 36.95},
    {"沙坡头景区周边", 104.98, 37.46}, {"腾格里沙漠南缘", 104.90, 37.55}, {"鼓楼街道", 105.19, 37.51},
};

constexpr const char* kSurnames[] = {"马", "王", "李", "张", "刘", "杨", "赵", "周", "陈", "吴"};

struct Actors {
  std::map<std::string, CallContext> officer, leader;
  CallContext police;
};

Result<Actors> load_actors(ServiceContext& ctx) {
  Actors a;
  auto by_name = [&](const std::string& name) -> Result<CallContext> {
    auto u = ctx.db.read([&](soci::session& s) { return store::UserRepository::find_by_username(s, name); });
    if (!u) return tl::unexpected(u.error());
    if (!*u) return fail(ErrorCode::kInternal, "演示账户缺失: " + name);
    return CallContext{actor_for(**u), "demo", "demo"};
  };
  for (const char* dept : {"LC", "NY", "SJ", "JT", "HG"}) {
    std::string code = dept;
    for (auto& c : code) c = static_cast<char>(std::tolower(c));
    auto officer = by_name(code + ".officer");
    auto leader = by_name(code + ".leader");
    if (!officer) return tl::unexpected(officer.error());
    if (!leader) return tl::unexpected(leader.error());
    a.officer[dept] = *officer;
    a.leader[dept] = *leader;
  }
  auto police = by_name("ga.officer");
  if (!police) return tl::unexpected(police.error());
  a.police = *police;
  return a;
}

}  // namespace

Result<DemoCaseReport> seed_demo_cases(ServiceContext& ctx, unsigned seed, int count) {
  DemoCaseReport report;
  CaseService cases(ctx);
  auto existing = cases.list(cli_call_context(), store::CaseQuery{});
  if (!existing) return tl::unexpected(existing.error());
  if (existing->total > 0) {
    report.skipped = true;
    return report;
  }
  auto actors = load_actors(ctx);
  if (!actors) return tl::unexpected(actors.error());

  // std::mt19937 is specified exactly by the standard; only raw draws are
  // used (no distributions) so the dataset is the same everywhere.
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::int64_t now = now_ms();
  const std::int64_t two_years = 730LL * 24 * 3600 * 1000;

  // The four mandatory 行刑衔接 documents, uploaded once per criminal case.
  auto upload_doc = [&](const CallContext& by, const char* label, int n) -> Result<std::int64_t> {
    char path[] = "/tmp/qingfeng-demo-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return fail(ErrorCode::kInternal, "无法创建临时文件");
    std::string pdf = "%PDF-1.4\n% 演示材料 " + std::string(label) + " " + std::to_string(n) + "\n%%EOF\n";
    ssize_t written = write(fd, pdf.data(), pdf.size());
    close(fd);
    if (written != static_cast<ssize_t>(pdf.size())) return fail(ErrorCode::kInternal, "无法写入临时文件");
    auto v = EvidenceService(ctx).upload(by, {path, std::string(label) + ".pdf", "演示材料", std::nullopt});
    unlink(path);
    if (!v) return tl::unexpected(v.error());
    return v->file.id;
  };

  for (int n = 0; n < count; ++n) {
    const auto& t = kTemplates[pick(std::size(kTemplates))];
    const auto& place = kPlaces[pick(std::size(kPlaces))];
    const CallContext& officer = actors->officer.at(t.department);
    const CallContext& leader = actors->leader.at(t.department);

    NewCase c;
    char title[256];
    std::snprintf(title, sizeof title, t.title, place.name);
    c.title = std::string(title) + "（演示）";
    c.offence_type = t.offence;
    c.source = t.source;
    c.place_type = t.place_type;
    c.place_text = std::string("宁夏中卫市沙坡头区") + place.name;
    c.lon = place.lon + static_cast<double>(pick(1000)) / 20000.0;
    c.lat = place.lat + static_cast<double>(pick(1000)) / 20000.0;
    c.occurred_at = now - static_cast<std::int64_t>(rng() % static_cast<unsigned>(two_years / 1000)) * 1000;
    c.summary = "演示数据：" + c.place_text + "发生的" + title + "。";
    c.cross_region = pick(20) == 0;
    int item_count = 1 + static_cast<int>(pick(3));
    for (int i = 0; i < item_count; ++i) {
      CaseItem item;
      item.species = t.species[pick(t.species.size())];
      item.count = static_cast<double>(1 + pick(30));
      item.part = t.part;
      item.origin = pick(4) == 0 ? "captive" : "wild";
      c.items.push_back(item);
    }
    int suspects = 1 + static_cast<int>(pick(pick(8) == 0 ? 6 : 2));
    for (int i = 0; i < suspects; ++i) {
      CaseParty p;
      p.name = std::string(kSurnames[pick(std::size(kSurnames))]) + "某" + (i ? std::to_string(i + 1) : "");
      char id[32];
      std::snprintf(id, sizeof id, "640502%04d%02d%02d%04d", 1960 + static_cast<int>(pick(45)),
                    1 + static_cast<int>(pick(12)), 1 + static_cast<int>(pick(28)), static_cast<int>(pick(10000)));
      p.id_number = id;
      char phone[16];
      std::snprintf(phone, sizeof phone, "139%08u", static_cast<unsigned>(rng() % 100000000u));
      p.phones = phone;
      c.parties.push_back(p);
    }
    auto created = cases.create(officer, c);
    if (!created) return tl::unexpected(created.error());
    report.created++;
    const std::int64_t id = created->record.id;
    auto step = [&](const CallContext& by, const char* to, TransitionRequest extra = {}) -> Status {
      extra.to = to;
      auto r = cases.transition(by, id, extra);
      if (!r) return tl::unexpected(r.error());
      return {};
    };

    // How far this case got: mostly closed, some still open, some refused,
    // some through 行刑衔接, transport cases handed over.
    const std::size_t fate = pick(100);
    if (std::string(t.department) == "JT") {
      const char* receiver = pick(2) ? "LC" : "SJ";
      auto sent = cases.request_transfer(officer, id, {receiver, "handover", "运输检查发现，移交主管部门查处", {}});
      if (!sent) return tl::unexpected(sent.error());
      if (fate < 80) {
        auto ok = cases.accept_transfer(actors->officer.at(receiver), sent->id, "已接收");
        if (!ok) return tl::unexpected(ok.error());
      } else if (fate < 90) {
        auto ok = cases.return_transfer(actors->officer.at(receiver), sent->id, "不属于本部门职责，请移交农业农村部门");
        if (!ok) return tl::unexpected(ok.error());
      }
      continue;
    }
    if (fate < 8) continue;  // 登记, awaiting review
    if (fate < 12) {
      if (auto r = step(leader, "not_filed", {"", "经审查违法事实不成立", {}, {}}); !r) return tl::unexpected(r.error());
      continue;
    }
    if (auto r = step(leader, "filed"); !r) return tl::unexpected(r.error());
    if (fate < 16) continue;
    if (fate < 18) {
      if (auto r = step(leader, "revoked", {"", "重复立案，予以撤销", {}, {}}); !r) return tl::unexpected(r.error());
      continue;
    }
    if (auto r = step(officer, "investigating"); !r) return tl::unexpected(r.error());
    if (fate < 30) continue;
    if (fate < 50) {
      // 行刑衔接
      TransferRequest tr{"GA", "criminal", "涉案野生动物价值达到刑事立案标准，涉嫌犯罪", {}};
      for (const auto& item : criminal_transfer_checklist()) {
        if (!item.mandatory) continue;
        auto doc = upload_doc(officer, std::string(item.label).c_str(), n);
        if (!doc) return tl::unexpected(doc.error());
        tr.documents.push_back({std::string(item.kind), *doc, ""});
      }
      auto sent = cases.request_transfer(officer, id, tr);
      if (!sent) return tl::unexpected(sent.error());
      if (fate < 33) continue;  // awaiting the police
      if (fate < 37) {
        auto r = cases.return_transfer(actors->police, sent->id, "证据不足，退回补充调查");
        if (!r) return tl::unexpected(r.error());
        continue;
      }
      auto accepted = cases.accept_transfer(actors->police, sent->id, "已受理");
      if (!accepted) return tl::unexpected(accepted.error());
      if (fate < 41) continue;
      if (auto r = step(actors->police, "police_filed"); !r) return tl::unexpected(r.error());
      if (fate < 45) continue;
      if (auto r = step(actors->police, "prosecuted"); !r) return tl::unexpected(r.error());
      if (fate < 48) continue;
      if (auto r = step(leader, "closed"); !r) return tl::unexpected(r.error());
      continue;
    }
    char decision[64];
    std::snprintf(decision, sizeof decision, "沙%s罚决字〔%d〕第%d号", t.department, 2025 + static_cast<int>(pick(2)), n + 1);
    if (auto r = step(leader, "penalty_decided", {"", "", std::string(decision), static_cast<std::int64_t>(100000 * (1 + pick(50)))}); !r)
      return tl::unexpected(r.error());
    if (fate < 58) continue;
    if (auto r = step(officer, "executing"); !r) return tl::unexpected(r.error());
    if (fate < 66) continue;
    if (auto r = step(leader, "closed"); !r) return tl::unexpected(r.error());
  }
  return report;
}

}  // namespace qf::service
