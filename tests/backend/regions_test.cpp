#include "store/regions.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/backend_process.h"

using namespace xiangke::backend;
using xiangke::test::TempDir;

namespace {

std::string yuyao(const char* file) {
    return std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/" + file;
}

std::vector<std::string> all_yuyao_files() {
    return {yuyao("villages.csv"), yuyao("streets.csv"), yuyao("areas.csv"), yuyao("cities.csv"),
            yuyao("provinces.csv")};  // deliberately out of order
}

int64_t count(Database& db, const char* sql) {
    return db.raw().execAndGet(sql).getInt64();
}

}  // namespace

TEST(Regions, ImportsTheShippedCountyInAnyFileOrder) {
    Database db(":memory:");
    ASSERT_TRUE(migrate(db).ok());
    auto report = import_region_files(db, all_yuyao_files());
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->rows, 1u + 1u + 1u + 21u + 326u);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM regions WHERE level = 5"), 326);
    EXPECT_EQ(region_name(db, "330281106201").value_or(""), "渚山村委会");
    EXPECT_EQ(region_name(db, "330281").value_or(""), "余姚市");
    EXPECT_EQ(db.raw().execAndGet("SELECT parent_code FROM regions WHERE code = '330281106201'").getString(),
              "330281106");
    // Re-import is harmless.
    ASSERT_TRUE(import_region_files(db, all_yuyao_files()).ok());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM regions"), 350);
}

TEST(Regions, ReadsTheGzippedNationalFile) {
    const std::string shared = std::string(XIANGKE_SOURCE_DIR) + "/../shared/data/regions/";
    if (!std::ifstream(shared + "provinces.csv")) {
        GTEST_SKIP() << "shared region data not present";
    }
    Database db(":memory:");
    ASSERT_TRUE(migrate(db).ok());
    auto report = import_region_files(db, {shared + "provinces.csv", shared + "cities.csv", shared + "areas.csv",
                                           shared + "streets.csv", shared + "villages-china.csv.gz"});
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM regions WHERE level = 5"), 620573);
}

TEST(Regions, BadRowAbortsEverythingWithFileLineAndField) {
    TempDir dir;
    auto path = dir.path() / "villages.csv";
    std::ofstream(path) << "code,name,streetCode,provinceCode,cityCode,areaCode\n"
                           "330281106201,\"渚山村委会\",330281106,33,3302,330281\n"
                           "330281106202,\"坏村\",330281107,33,3302,330281\n";
    Database db(":memory:");
    ASSERT_TRUE(migrate(db).ok());
    ASSERT_TRUE(
        import_region_files(db, {yuyao("provinces.csv"), yuyao("cities.csv"), yuyao("areas.csv"), yuyao("streets.csv")})
            .ok());
    int64_t before = count(db, "SELECT COUNT(*) FROM regions");
    auto report = import_region_files(db, {path.string()});
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.error().message.find("villages.csv:3: streetCode"), std::string::npos) << report.error().message;
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM regions"), before);
}

TEST(Regions, MissingParentAndBadCodesAreRefused) {
    TempDir dir;
    auto orphan = dir.path() / "streets.csv";
    std::ofstream(orphan) << "code,name,areaCode,provinceCode,cityCode\n110101001,\"东华门街道\",110101,11,1101\n";
    auto bad_code = dir.path() / "areas.csv";
    std::ofstream(bad_code) << "code,name,cityCode,provinceCode\n33028,\"短\",3302,33\n";
    auto bad_header = dir.path() / "other.csv";
    std::ofstream(bad_header) << "id,label\n1,x\n";
    Database db(":memory:");
    ASSERT_TRUE(migrate(db).ok());
    auto r1 = import_region_files(db, {orphan.string()});
    ASSERT_FALSE(r1.ok());
    EXPECT_NE(r1.error().message.find("parent region 110101"), std::string::npos);
    auto r2 = import_region_files(db, {bad_code.string()});
    ASSERT_FALSE(r2.ok());
    EXPECT_NE(r2.error().message.find("areas.csv:2: code"), std::string::npos);
    auto r3 = import_region_files(db, {bad_header.string()});
    ASSERT_FALSE(r3.ok());
    EXPECT_NE(r3.error().message.find("other.csv:1"), std::string::npos);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM regions"), 0);
}

TEST(Migrations, ApplyOnceAndRefuseNewerSchemas) {
    Database db(":memory:");
    auto first = migrate(db);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, latest_schema_version());
    EXPECT_EQ(*migrate(db), latest_schema_version());
    db.exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
    auto newer = migrate(db);
    ASSERT_FALSE(newer.ok());
    EXPECT_EQ(newer.error().code, "schema_too_new");
}
