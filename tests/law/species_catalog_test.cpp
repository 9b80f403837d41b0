#include "law/species_catalog.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <set>
#include <string>

#include "core/embedded_files.h"

namespace qf::law {
namespace {

const SpeciesCatalog& builtin() {
  static const SpeciesCatalog catalog = [] {
    auto c = SpeciesCatalog::builtin();
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? std::move(*c) : SpeciesCatalog();
  }();
  return catalog;
}

std::set<std::string> names(const std::vector<const SpeciesRecord*>& rs) {
  std::set<std::string> out;
  for (const auto* r : rs) out.insert(r->chinese_name);
  return out;
}

std::vector<std::string> names(const SpeciesPage& page) {
  std::vector<std::string> out;
  for (const auto& m : page.items) out.push_back(m.record->chinese_name);
  return out;
}

// The official totals of 公告2021年第3号 (lists.toml states them next to the
// document): the catalog plus the gaps the manifest admits must make them
// up exactly, and the admitted gap may only shrink.
TEST(SpeciesCatalogTest, National2021MatchesTheOfficialTotalsWithItsDeclaredGap) {
  auto manifest = toml::parse(std::string(*embedded_file("data/species/lists.toml")));
  const toml::table* national = nullptr;
  for (const auto& node : *manifest["list"].as_array())
    if (node.as_table()->at_path("code").value_or(std::string()) == "national2021")
      national = node.as_table();
  ASSERT_NE(national, nullptr);
  std::int64_t gap_level1 = 0, gap_level2 = 0, gap_terrestrial = 0, gap_aquatic = 0;
  if (auto* gaps = (*national)["gap"].as_array()) {
    for (const auto& g : *gaps) {
      const auto& t = *g.as_table();
      const std::int64_t n = t["terrestrial"].value_or(0) + t["aquatic"].value_or(0);
      (t["level"].value_or(std::string()) == "1" ? gap_level1 : gap_level2) += n;
      gap_terrestrial += t["terrestrial"].value_or(0);
      gap_aquatic += t["aquatic"].value_or(0);
      EXPECT_FALSE(t["reason"].value_or(std::string()).empty());
    }
  }
  EXPECT_LE(gap_level1 + gap_level2, 3) << "the declared gap may only shrink";

  const ListCounts c = builtin().count("national2021");
  EXPECT_EQ(c.species + gap_level1 + gap_level2, (*national)["official_species"].value_or(0));
  EXPECT_EQ(c.level1 + gap_level1, (*national)["official_level1"].value_or(0));
  EXPECT_EQ(c.level2 + gap_level2, (*national)["official_level2"].value_or(0));
  EXPECT_EQ(c.terrestrial + gap_terrestrial, (*national)["official_terrestrial"].value_or(0));
  EXPECT_EQ(c.aquatic + gap_aquatic, (*national)["official_aquatic"].value_or(0));
  EXPECT_EQ(c.taxa, (*national)["official_classes"].value_or(0));
  EXPECT_EQ(c.taxa_level1, (*national)["official_classes_level1"].value_or(0));
  // The figures themselves, so that an edit of the manifest cannot move them.
  EXPECT_EQ(c.species + gap_level1 + gap_level2, 980u);
  EXPECT_EQ(c.level1 + gap_level1, 234u);
  EXPECT_EQ(c.level2 + gap_level2, 746u);
  EXPECT_EQ(c.terrestrial + gap_terrestrial, 686u);
  EXPECT_EQ(c.aquatic + gap_aquatic, 294u);
  EXPECT_EQ(c.taxa, 8u);
  EXPECT_EQ(c.taxa_level1, 1u);
}

TEST(SpeciesCatalogTest, EveryRowNamesItsSourceAndTaxonomyAndTheKnownErrorsAreCorrected) {
  std::set<std::string> latin;
  for (const auto& r : builtin().records()) {
    EXPECT_FALSE(r.source.empty()) << r.latin_name;
    EXPECT_FALSE(r.chinese_name.empty()) << r.latin_name;
    if (r.list == "national2021") {
      EXPECT_FALSE(r.taxonomy.class_name.empty()) << r.chinese_name;
      latin.insert(r.latin_name);
    }
  }
  auto one = [](std::string_view name) {
    auto rs = builtin().resolve(name);
    EXPECT_EQ(rs.size(), 1u) << name;
    return rs.empty() ? nullptr : rs.front();
  };
  // The reference README's errors, resolved.
  const auto* maoguanlu = one("毛冠鹿");
  ASSERT_TRUE(maoguanlu);
  EXPECT_EQ(maoguanlu->latin_name, "Elaphodus cephalophus");
  EXPECT_EQ(one("麋鹿")->latin_name, "Elaphurus davidianus");
  EXPECT_EQ(one("红隼")->latin_name, "Falco tinnunculus");
  EXPECT_EQ(one("黄爪隼")->latin_name, "Falco naumanni");
  EXPECT_EQ(one("鹅喙鲸")->latin_name, "Ziphius cavirostris");
  EXPECT_EQ(one("白鲟")->latin_name, "Psephurus gladius");
  EXPECT_EQ(one("褐翅鸦鹃")->latin_name, "Centropus sinensis");
  EXPECT_EQ(one("红原鸡")->remark, "原名“原鸡”");
  EXPECT_TRUE(builtin().resolve("原鸡").empty() ||
              builtin().resolve("原鸡").front()->chinese_name == "红原鸡");
  EXPECT_EQ(one("白枕鹤")->protection, ProtectionClass::kNational1);
  EXPECT_FALSE(one("白枕鹤")->correction.empty());
  for (const auto& l : latin) {
    EXPECT_EQ(l.find("Baleanoptera"), std::string::npos);
    EXPECT_EQ(l.find("Lutrongale"), std::string::npos);
  }
  EXPECT_EQ(one("红隼")->taxonomy.family_latin, "Falconidae");
  EXPECT_EQ(one("西太平洋斑海豹")->taxonomy.family_latin, "Phocidae");
  // Jurisdiction follows the list: 林草 (terrestrial) or 农业农村 (aquatic).
  EXPECT_EQ(one("大鲵")->habitat, Habitat::kAquatic);
  EXPECT_EQ(one("大熊猫")->habitat, Habitat::kTerrestrial);
  EXPECT_EQ(one("大熊猫")->protection, ProtectionClass::kNational1);
  EXPECT_TRUE(one("细鳞鲑属")->wild_only());
}

TEST(SpeciesCatalogTest, SanyouAndCitesListsLoadWithTheirClasses) {
  const ListCounts s = builtin().count("sanyou2023");
  EXPECT_EQ(s.species, 1917u);
  auto civet = builtin().resolve("果子狸");
  ASSERT_EQ(civet.size(), 1u);
  EXPECT_EQ(civet[0]->protection, ProtectionClass::kSanyou);
  auto white = builtin().resolve("白脸䴓");
  ASSERT_EQ(white.size(), 1u) << "the row with the Latin name as Chinese name is fixed";
  // A foreign species keeps its CITES class; a national one gains the appendix.
  auto rhino = builtin().resolve("黑犀");
  ASSERT_EQ(rhino.size(), 1u);
  EXPECT_EQ(rhino[0]->protection, ProtectionClass::kCites1);
  EXPECT_EQ(rhino[0]->cites_appendix, 1);
  auto elephant = builtin().resolve("Elephas maximus");
  ASSERT_EQ(elephant.size(), 1u);
  EXPECT_EQ(elephant[0]->list, "national2021");
  EXPECT_EQ(elephant[0]->cites_appendix, 1);
  EXPECT_EQ(builtin().resolve("苏眉鱼").size(), 0u) << "an annotation is not a record";
}

TEST(SpeciesCatalogTest, TradeNamesResolveToEverySpeciesOrTheTaxonRow) {
  EXPECT_EQ(names(builtin().resolve("象牙")), (std::set<std::string>{"非洲象", "亚洲象"}));
  EXPECT_EQ(names(builtin().resolve("熊胆")), (std::set<std::string>{"黑熊", "棕熊"}));
  EXPECT_EQ(names(builtin().resolve("鹤顶红")), (std::set<std::string>{"盔犀鸟"}));
  EXPECT_EQ(names(builtin().resolve("羚羊角")), (std::set<std::string>{"高鼻羚羊"}));
  EXPECT_EQ(names(builtin().resolve("红珊瑚")), (std::set<std::string>{"红珊瑚科"}));
  const auto pangolins = names(builtin().resolve("穿山甲片"));
  for (const char* n : {"穿山甲", "马来穿山甲", "印度穿山甲", "大穿山甲", "菲律宾穿山甲"})
    EXPECT_TRUE(pangolins.count(n)) << n;
  EXPECT_EQ(names(builtin().resolve("犀角")).count("白犀"), 1u);
  EXPECT_TRUE(builtin().resolve("不存在的动物").empty());
}

TEST(SpeciesCatalogTest, SearchRanksExactNamesFirstAndFiltersAndPages) {
  SpeciesQuery q;
  q.q = "象牙";
  auto page = builtin().search(q);
  ASSERT_GE(page.items.size(), 2u);
  const auto top = names(page);
  EXPECT_EQ(std::set<std::string>(top.begin(), top.begin() + 2),
            (std::set<std::string>{"非洲象", "亚洲象"}));
  EXPECT_EQ(page.items[0].matched_by, "别名「象牙」");

  q.q = "大熊猫";
  page = builtin().search(q);
  ASSERT_FALSE(page.items.empty());
  EXPECT_EQ(page.items[0].record->chinese_name, "大熊猫");
  EXPECT_EQ(page.items[0].matched_by, "中文名");

  // Roll-up by taxonomy: every owl, by the order's Chinese or Latin name.
  std::size_t owls = 0;
  for (const auto& r : builtin().records()) owls += r.taxonomy.order_latin == "Strigiformes";
  ASSERT_GT(owls, 20u);
  q.q = "鸮形目";
  q.limit = 1000;
  EXPECT_EQ(builtin().search(q).total, owls);
  q.q = "strigiformes";
  EXPECT_EQ(builtin().search(q).total, owls);

  // A misspelt Latin name still finds the tiger.
  q.q = "Pantera tigris";
  page = builtin().search(q);
  ASSERT_FALSE(page.items.empty());
  EXPECT_EQ(page.items[0].record->chinese_name, "虎");
  EXPECT_EQ(page.items[0].matched_by, "近似学名");

  // Filters and paging.
  SpeciesQuery all;
  all.list = "national2021";
  all.level = 1;
  all.habitat = Habitat::kAquatic;
  all.limit = 10;
  auto aquatic1 = builtin().search(all);
  EXPECT_EQ(aquatic1.items.size(), 10u);
  for (const auto& m : aquatic1.items) {
    EXPECT_EQ(m.record->habitat, Habitat::kAquatic);
    EXPECT_EQ(m.record->protection, ProtectionClass::kNational1);
  }
  all.offset = aquatic1.total - 3;
  EXPECT_EQ(builtin().search(all).items.size(), 3u);
  all.offset = aquatic1.total + 5;
  EXPECT_TRUE(builtin().search(all).items.empty());
  EXPECT_EQ(builtin().search(all).total, aquatic1.total);
}

TEST(SpeciesCatalogTest, PinyinSearchUsesTheRomanizerWhenGiven) {
  auto romanize = [](std::string_view zh) -> std::string {
    if (zh == "大熊猫") return "da xiong mao";
    if (zh == "小熊猫") return "xiao xiong mao";
    return "";
  };
  auto c = SpeciesCatalog::builtin(romanize);
  ASSERT_TRUE(c);
  SpeciesQuery q;
  q.q = "daxiongmao";
  auto page = c->search(q);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].record->chinese_name, "大熊猫");
  EXPECT_EQ(page.items[0].matched_by, "拼音");
  q.q = "xxm";
  page = c->search(q);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].record->chinese_name, "小熊猫");
}

std::string kHeader = "rank,chinese_name,latin_name,level,habitat,class,class_latin,order,order_latin,family,family_latin\n";

TEST(SpeciesCatalogTest, TaxonRowsCoverTheirSpeciesAndBaseValuesFallBackAndSayHow) {
  auto list = parse_species_csv(
      kHeader +
          "species,马来穿山甲,Manis javanica,1,terrestrial,哺乳纲,Mammalia,鳞甲目,Pholidota,鲮鲤科,Manidae\n"
          "species,中华穿山甲,Manis pentadactyla,1,terrestrial,哺乳纲,Mammalia,鳞甲目,Pholidota,鲮鲤科,Manidae\n"
          "species,树穿山甲,Phataginus tricuspis,cites1,terrestrial,哺乳纲,Mammalia,鳞甲目,Pholidota,鲮鲤科,Manidae\n"
          "species,某鸮,Strix testis,2,terrestrial,鸟纲,Aves,鸮形目,Strigiformes,鸱鸮科,Strigidae\n"
          "species,某龟,Cuora testis,provincial,aquatic,爬行纲,Reptilia,龟鳖目,Testudines,地龟科,Geoemydidae\n"
          "genus,闭壳龟属,Cuora,2,aquatic,爬行纲,Reptilia,龟鳖目,Testudines,地龟科,Geoemydidae\n",
      "test", "测试名录");
  ASSERT_TRUE(list) << list.error().message;
  auto base = parse_base_value_csv(
      "rank,latin_name,value_yuan,unit,source\n"
      "species,Manis pentadactyla,8000,只,测试表 第1行\n"
      "genus,Manis,6000,只,测试表 第2行\n"
      "family,Manidae,5000.50,只,测试表 第3行\n");
  ASSERT_TRUE(base) << base.error().message;
  SpeciesCatalog c(list->records, {}, {}, *base);
  auto get = [&](std::string_view n) { return c.resolve(n).front(); };

  auto own = c.base_value(*get("中华穿山甲"));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->value.value, yuan(8000));
  EXPECT_EQ(own->basis, "本种");
  EXPECT_FALSE(own->fallback);
  auto genus = c.base_value(*get("马来穿山甲"));
  ASSERT_TRUE(genus);
  EXPECT_EQ(genus->value.value, yuan(6000));
  EXPECT_EQ(genus->basis, "同属参照：Manis");
  EXPECT_TRUE(genus->fallback);
  auto family = c.base_value(*get("树穿山甲"));
  ASSERT_TRUE(family);
  EXPECT_EQ(family->value.value, 500050);
  EXPECT_EQ(family->basis, "同科参照：鲮鲤科 Manidae");
  EXPECT_EQ(family->value.source, "测试表 第3行");
  EXPECT_FALSE(c.base_value(*get("某鸮"))) << "no base value is ever made up";

  const auto* cover = c.covering_taxon(*get("某龟"));
  ASSERT_TRUE(cover);
  EXPECT_EQ(cover->chinese_name, "闭壳龟属");
  EXPECT_EQ(c.covering_taxon(*get("某鸮")), nullptr);
  EXPECT_EQ(get("某鸮")->egg_class(), EggClass::kBird);
  EXPECT_EQ(get("某龟")->egg_class(), EggClass::kReptile);
}

TEST(SpeciesCatalogTest, BadListsAreRefusedWithTheRowAndColumn) {
  auto message = [](Result<ParsedSpeciesList> r) { return r ? std::string() : r.error().message; };
  EXPECT_NE(message(parse_species_csv(kHeader + "species,虎,Panthera tigris,9,terrestrial\n", "t", "s"))
                .find("第 2 行「level」"),
            std::string::npos);
  EXPECT_NE(message(parse_species_csv(
                kHeader + "species,虎,Panthera tigris,1,terrestrial\nspecies,老虎,Panthera tigris,1,terrestrial\n",
                "t", "s"))
                .find("第 3 行「latin_name」：学名重复"),
            std::string::npos);
  EXPECT_NE(message(parse_species_csv("chinese_name,latin_name,level,colour\n虎,Panthera tigris,1,黄\n", "t", "s"))
                .find("未知的列「colour」"),
            std::string::npos);
  EXPECT_NE(message(parse_species_csv("chinese_name,latin_name\n虎,Panthera tigris\n", "t", "s"))
                .find("缺少列「level」"),
            std::string::npos);
  EXPECT_NE(message(parse_species_csv(kHeader + "species,虎,Panthera tigris,1,sky\n", "t", "s"))
                .find("habitat"),
            std::string::npos);
  EXPECT_NE(message(parse_species_csv("chinese_name,latin_name,level\n\xff\xfe,x,1\n", "t", "s"))
                .find("UTF-8"),
            std::string::npos);
  // Every bad row at once, as the case import reports them.
  auto two = parse_species_csv(kHeader + "species,虎,Panthera tigris,9,terrestrial\n"
                                         "species,豹,Panthera pardus,1,sky\n",
                               "t", "s");
  ASSERT_FALSE(two);
  ASSERT_EQ(two.error().fields.size(), 2u);
  EXPECT_NE(two.error().fields[1].message.find("第 3 行「habitat」"), std::string::npos);
  EXPECT_NE(two.error().message.find("共 2 处错误"), std::string::npos);
  auto base = parse_base_value_csv("rank,latin_name,value_yuan,unit,source\nspecies,Manis javanica,100,只,\n");
  ASSERT_FALSE(base);
  EXPECT_NE(base.error().message.find("出处"), std::string::npos);
  EXPECT_FALSE(parse_base_value_csv("latin_name,value_yuan,unit,source\nManis javanica,-1,只,x\n"));
  EXPECT_FALSE(parse_alias_csv("alias,target_rank,target\n象牙,kingdom,Loxodonta africana\n"));
}

}  // namespace
}  // namespace qf::law
