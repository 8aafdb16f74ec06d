// store/notices: a notice's checks, its audit entry with the region, and ending it.
#include "store/notices.h"

#include <gtest/gtest.h>

#include "store/regions.h"
#include "support/backend_process.h"
#include "xiangke/core/time.h"

using namespace xiangke::backend;
using xiangke::test::TempDir;

namespace {

constexpr int64_t kNow = 1'767'225'600'000;  // 2026-01-01 00:00 UTC

class Notices : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(migrate(db).ok());
        const std::string yuyao = std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/";
        ASSERT_TRUE(import_region_files(db, {yuyao + "provinces.csv", yuyao + "cities.csv", yuyao + "areas.csv",
                                             yuyao + "streets.csv", yuyao + "villages.csv"})
                        .ok());
    }
    int64_t count(const std::string& sql) { return db.raw().execAndGet(sql).getInt64(); }

    TempDir dir;
    Database db{(dir.path() / "backend.db").string()};
};

NewNotice valid_notice() {
    return {"330281", "小麦赤霉病防治培训", "周五上午九点在村委会", kNow + xiangke::core::kDayMs};
}

TEST_F(Notices, EachFieldIsCheckedAndNamed) {
    auto bad_region = valid_notice();
    bad_region.region_prefix = "990000";
    auto empty_title = valid_notice();
    empty_title.title.clear();
    auto long_title = valid_notice();
    long_title.title = std::string(61 * 3, 'x');
    auto empty_body = valid_notice();
    empty_body.body.clear();
    auto past = valid_notice();
    past.until = kNow;
    const std::vector<std::pair<NewNotice, std::string>> cases = {
        {bad_region, "region"}, {empty_title, "title"}, {long_title, "title"}, {empty_body, "body"}, {past, "until"}};
    for (const auto& [notice, field] : cases) {
        auto added = add_notice(db, notice, kNow);
        ASSERT_FALSE(added.ok()) << field;
        EXPECT_EQ(added.error().field, field);
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM notices"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), 0);
}

TEST_F(Notices, AddingIsAuditedWithItsRegion) {
    auto added = add_notice(db, valid_notice(), kNow);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_GT(added->notice_id, 0);
    EXPECT_EQ(added->kiosks, 0);  // no kiosk enrolled in the region yet
    EXPECT_EQ(count("SELECT COUNT(*) FROM notices WHERE until = " + std::to_string(kNow + xiangke::core::kDayMs)), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.add' AND actor_type = 'operator' AND "
                    "object_id = '" +
                    std::to_string(added->notice_id) + "' AND region_code = '330281'"),
              1);
}

TEST_F(Notices, EndingStopsItOnceAndUnknownIdsAreNotFound) {
    auto added = add_notice(db, valid_notice(), kNow);
    ASSERT_TRUE(added.ok());
    const NoticeActor admin{"user", "7", "10.0.0.1"};
    auto ended = with_write_transaction(db, [&] { return end_notice(db, added->notice_id, kNow + 1000, admin); });
    ASSERT_TRUE(ended.ok()) << ended.error().message;
    EXPECT_EQ(count("SELECT until FROM notices WHERE id = " + std::to_string(added->notice_id)), kNow + 1000);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.end' AND actor_id = '7'"), 1);

    auto again = with_write_transaction(db, [&] { return end_notice(db, added->notice_id, kNow + 2000, admin); });
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "already_ended");
    auto unknown = with_write_transaction(db, [&] { return end_notice(db, 9999, kNow, admin); });
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, "not_found");
}

}  // namespace
