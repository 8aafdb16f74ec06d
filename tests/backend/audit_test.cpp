// store/audit: entries are appended with their region; empty texts are stored as NULL, and the
// detail only when it says something.
#include "store/audit.h"

#include <gtest/gtest.h>

#include "support/backend_process.h"

using namespace xiangke::backend;
using xiangke::test::TempDir;

namespace {

TEST(Audit, WritesEntriesWithNullsForEmptyTextsAndTheirRegion) {
    TempDir dir;
    Database db((dir.path() / "backend.db").string());
    ASSERT_TRUE(migrate(db).ok());
    write_audit(db, {"user", "12", "farmer_phone.read", "request", "r-1", "10.0.0.2", {{"kiosks", 3}}}, 1000,
                "330281106201");
    write_audit(db, {"operator", "", "content.publish", "", "", "", nlohmann::json::object()}, 2000);

    auto rows = db.raw().execAndGet("SELECT COUNT(*) FROM audit_log").getInt64();
    EXPECT_EQ(rows, 2);
    SQLite::Statement first(db.raw(),
                            "SELECT at, actor_type, actor_id, action, object_type, object_id, address, detail, "
                            "region_code FROM audit_log ORDER BY id");
    ASSERT_TRUE(first.executeStep());
    EXPECT_EQ(first.getColumn(0).getInt64(), 1000);
    EXPECT_EQ(first.getColumn(2).getString(), "12");
    EXPECT_EQ(first.getColumn(4).getString(), "request");
    EXPECT_EQ(first.getColumn(6).getString(), "10.0.0.2");
    EXPECT_EQ(nlohmann::json::parse(first.getColumn(7).getString()), (nlohmann::json{{"kiosks", 3}}));
    EXPECT_EQ(first.getColumn(8).getString(), "330281106201");
    ASSERT_TRUE(first.executeStep());
    EXPECT_EQ(first.getColumn(1).getString(), "operator");
    for (int column : {2, 4, 5, 6, 7, 8}) {
        EXPECT_TRUE(first.isColumnNull(column)) << "column " << column;
    }
}

TEST(Audit, ActorTypesOutsideTheListAreRefused) {
    TempDir dir;
    Database db((dir.path() / "backend.db").string());
    ASSERT_TRUE(migrate(db).ok());
    EXPECT_THROW(write_audit(db, {"farmer", "", "login", "", "", "", nullptr}, 1000), SQLite::Exception);
    EXPECT_EQ(db.raw().execAndGet("SELECT COUNT(*) FROM audit_log").getInt64(), 0);
}

}  // namespace
