// The species catalog in the database: shipped lists loaded once per
// version, imports all or nothing and audited, ids stable across reloads,
// and the per-node cache following the revision. Runs on both backends.
#include "service/species_catalog_service.h"

#include <gtest/gtest.h>

#include "store/audit_log.h"
#include "store/species_repository.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

const std::string kHeader = "rank,chinese_name,latin_name,level,habitat,class,class_latin\n";

SpeciesImport ningxia(std::string csv) {
  return {"ningxia2024", "宁夏回族自治区重点保护野生动物名录（测试）", "宁夏回族自治区人民政府（测试文号）",
          "species", std::move(csv), false};
}

class SpeciesCatalogServiceTest : public ::testing::Test {
 protected:
  SpeciesCatalogServiceTest() {
    admin = f.make_user("admin", Role::kAdmin, "OFFICE");
    officer = f.make_user("lc.officer", Role::kOfficer, "LC");
    f.load_species_catalog();
  }
  SpeciesCatalogService svc() { return SpeciesCatalogService(f.ctx()); }
  std::int64_t audit_rows(const std::string& action) {
    return *f.ctx().db.read([&](soci::session& s) -> Result<std::int64_t> {
      long long n = 0;
      s << "SELECT COUNT(*) FROM audit_log WHERE action = :a", soci::use(action), soci::into(n);
      return n;
    });
  }
  std::int64_t revision() {
    return *f.ctx().db.read([](soci::session& s) { return store::SpeciesRepository::revision(s); });
  }

  ServiceFixture f;
  store::User admin, officer;
};

TEST_F(SpeciesCatalogServiceTest, ShippedListsLoadOnceAndTheCatalogHasThem) {
  EXPECT_EQ(audit_rows("species_list.load"), 4);
  const auto rev = revision();
  auto again = svc().sync_shipped(cli_call_context());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0) << "unchanged files are not reloaded";
  EXPECT_EQ(revision(), rev);

  auto catalog = svc().catalog();
  ASSERT_TRUE(catalog) << catalog.error().message;
  EXPECT_EQ((*catalog)->count("national2021").species, 977u);
  EXPECT_EQ((*catalog)->count("sanyou2023").species, 1917u);
  auto ivory = (*catalog)->resolve("象牙");
  EXPECT_EQ(ivory.size(), 2u);
  // The database ids, not positions: find() answers the same record.
  ASSERT_FALSE(ivory.empty());
  EXPECT_EQ((*catalog)->find(ivory[0]->id), ivory[0]);
  auto elephant = (*catalog)->resolve("亚洲象");
  ASSERT_EQ(elephant.size(), 1u);
  EXPECT_EQ(elephant[0]->cites_appendix, 1) << "the CITES annotation survives the database";

  // Cached until the revision moves.
  auto same = svc().catalog();
  ASSERT_TRUE(same);
  EXPECT_EQ(same->get(), catalog->get());

  auto lists = svc().lists();
  ASSERT_TRUE(lists);
  ASSERT_EQ(lists->size(), 4u);
  for (const auto& l : *lists) {
    if (l.list.code != "national2021") continue;
    EXPECT_EQ(l.official["species"], 980);
    ASSERT_EQ(l.gaps.size(), 1u);
    EXPECT_EQ(l.counts.level1, 231u);
  }
}

TEST_F(SpeciesCatalogServiceTest, ImportAddsAProvincialListAndAReimportKeepsIdsAndRetiresDroppedRows) {
  auto first = svc().import(
      f.as(admin), ningxia(kHeader + "species,岩羊（宁夏测试）,Pseudois testus,provincial,terrestrial,哺乳纲,Mammalia\n"
                                     "species,某鼠（宁夏测试）,Murus testus,provincial,terrestrial,哺乳纲,Mammalia\n"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->rows, 2);
  EXPECT_EQ(first->counts.inserted, 2);
  auto catalog = svc().catalog();
  ASSERT_TRUE(catalog);
  auto goat = (*catalog)->resolve("Pseudois testus");
  ASSERT_EQ(goat.size(), 1u);
  EXPECT_EQ(goat[0]->protection, law::ProtectionClass::kProvincial);
  const auto goat_id = goat[0]->id;

  auto second = svc().import(
      f.as(admin), ningxia(kHeader + "species,岩羊（宁夏）,Pseudois testus,provincial,terrestrial,哺乳纲,Mammalia\n"));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->counts.updated, 1);
  EXPECT_EQ(second->counts.retired, 1);
  auto after = svc().catalog();
  ASSERT_TRUE(after);
  EXPECT_NE(after->get(), catalog->get()) << "a new revision rebuilds the catalog";
  goat = (*after)->resolve("Pseudois testus");
  ASSERT_EQ(goat.size(), 1u);
  EXPECT_EQ(goat[0]->id, goat_id);
  EXPECT_EQ(goat[0]->chinese_name, "岩羊（宁夏）");
  EXPECT_TRUE((*after)->resolve("Murus testus").empty());
  EXPECT_EQ(audit_rows("species_list.import"), 2);
}

TEST_F(SpeciesCatalogServiceTest, BaseValuesImportedFeedTheFallback) {
  SpeciesImport values{"test_base_values", "陆生野生动物基准价值（测试）", "测试数据，非官方",
                       "base_values",
                       "rank,latin_name,value_yuan,unit,source\ngenus,Manis,1000,只,测试表 第1行\n",
                       false};
  auto r = svc().import(f.as(admin), values);
  ASSERT_TRUE(r) << r.error().message;
  auto catalog = svc().catalog();
  ASSERT_TRUE(catalog);
  auto pangolin = (*catalog)->resolve("马来穿山甲");
  ASSERT_EQ(pangolin.size(), 1u);
  auto hit = (*catalog)->base_value(*pangolin[0]);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->value.value, law::yuan(1000));
  EXPECT_EQ(hit->basis, "同属参照：Manis");
}

TEST_F(SpeciesCatalogServiceTest, RefusalsChangeNothing) {
  const auto rev = revision();
  auto denied = svc().import(f.as(officer), ningxia(kHeader + "species,某,Aa bb,provincial,terrestrial,,\n"));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);

  SpeciesImport shipped = ningxia(kHeader + "species,某,Aa bb,1,terrestrial,,\n");
  shipped.code = "national2021";
  auto overwrite = svc().import(f.as(admin), shipped);
  ASSERT_FALSE(overwrite);
  EXPECT_EQ(overwrite.error().code, ErrorCode::kConflict);

  auto bad = svc().import(f.as(admin), ningxia(kHeader + "species,某,Aa bb,provincial,terrestrial,,\n"
                                                          "species,某二,Aa cc,7,terrestrial,,\n"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(bad.error().message.find("第 3 行「level」"), std::string::npos) << bad.error().message;

  SpeciesImport code = ningxia(kHeader);
  code.code = "Ningxia 2024";
  EXPECT_FALSE(svc().import(f.as(admin), code));

  SpeciesImport dry = ningxia(kHeader + "species,某,Aa bb,provincial,terrestrial,,\n");
  dry.dry_run = true;
  auto checked = svc().import(f.as(admin), dry);
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->rows, 1);

  EXPECT_EQ(revision(), rev);
  auto lists = svc().lists();
  ASSERT_TRUE(lists);
  EXPECT_EQ(lists->size(), 4u);
  EXPECT_EQ(audit_rows("species_list.import"), 0);
}

}  // namespace
}  // namespace qf::service
