// The store on real SQLite: migrations, the append-only logs, the projection the event log gives,
// change-feed pruning, idempotent ops, group commit.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/change_feed.h"
#include "store/database.h"
#include "store/kiosks.h"
#include "store/regions.h"
#include "store/requests.h"
#include "store/sessions.h"
#include "store/sync_ops.h"
#include "support/backend_process.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/random.h"

using namespace xiangke;
using namespace xiangke::backend;
using nlohmann::json;

namespace {

constexpr const char* kVillage = "330281106201";

// A migrated database with the county's regions and one enrolled kiosk.
struct Fixture {
    Fixture() : db(":memory:") {
        EXPECT_TRUE(migrate(db).ok());
        std::string yuyao = std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/";
        EXPECT_TRUE(import_region_files(db, {yuyao + "provinces.csv", yuyao + "cities.csv", yuyao + "areas.csv",
                                             yuyao + "streets.csv", yuyao + "villages.csv"})
                        .ok());
        kiosk = enroll_one();
    }

    KioskIdentity enroll_one() {
        auto code = issue_enrollment_code(db, kVillage, now, core::kHourMs);
        auto enrolled = with_write_transaction(db, [&] { return enroll_kiosk(db, {code->code, "k", 1}, now); });
        return {enrolled->kiosk_id, enrolled->village_code};
    }

    json create_op(const std::string& request_id, const std::string& phone = "13812345678") {
        return {{"op_id", platform::new_ulid()},
                {"type", "request.create"},
                {"created_at", 5},
                {"payload",
                 {{"request_id", request_id},
                  {"code", "1234567"},
                  {"village_code", kVillage},
                  {"category", "planting"},
                  {"crop", "水稻"},
                  {"symptoms", json::array()},
                  {"description", ""},
                  {"farmer_name", "王"},
                  {"farmer_phone", phone},
                  {"preferred_time", ""}}}};
    }

    std::vector<PushedOp> apply(const json& ops) {
        return with_write_transaction(db, [&] { return apply_ops(db, kiosk, ops, PushPolicy{3}, now); });
    }

    int64_t count(const char* sql) { return db.raw().execAndGet(sql).getInt64(); }

    Database db;
    int64_t now = core::system_now_ms();
    KioskIdentity kiosk;
};

}  // namespace

TEST(Store, MigrationsCreateTheSchemaOnce) {
    Database db(":memory:");
    auto first = migrate(db);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(*first, latest_schema_version());
    EXPECT_EQ(*migrate(db), latest_schema_version());
    for (const char* table :
         {"requests", "request_events", "service_records", "feedback", "applied_ops", "kiosk_changes", "sessions",
          "login_attempts", "audit_log", "notices", "content_packs", "content_blobs", "voice_notes"}) {
        EXPECT_EQ(db.raw()
                      .execAndGet(std::string("SELECT COUNT(*) FROM sqlite_master WHERE name = '") + table + "'")
                      .getInt(),
                  1)
            << table;
    }
}

TEST(Store, EventLogAndAuditLogAreAppendOnly) {
    Fixture f;
    std::string id = platform::new_ulid();
    ASSERT_EQ(f.apply(json::array({f.create_op(id)}))[0].result.status, core::protocol::OpStatus::Applied);
    EXPECT_THROW(f.db.exec("UPDATE request_events SET kind = 'resolved'"), SQLite::Exception);
    EXPECT_THROW(f.db.exec("DELETE FROM request_events"), SQLite::Exception);
    f.db.exec("INSERT INTO audit_log(at, actor_type, action) VALUES (1, 'system', 'test')");
    EXPECT_THROW(f.db.exec("UPDATE audit_log SET action = 'x'"), SQLite::Exception);
    EXPECT_THROW(f.db.exec("DELETE FROM audit_log"), SQLite::Exception);
}

TEST(Store, ProjectionIsWhatTheEventLogGives) {
    Fixture f;
    f.db.exec(
        "INSERT INTO users(id, role, region_code, name, phone, password_hash, created_at) "
        "VALUES (7, 'agent', '330281', '陈建国', '13905740101', 'x', 0)");
    std::string id = platform::new_ulid();
    f.apply(json::array({f.create_op(id)}));
    using lifecycle::Actor;
    using lifecycle::EventKind;
    std::vector<lifecycle::Event> events = {
        {EventKind::Claimed, Actor::Agent, 7},  {EventKind::Contacted, Actor::Agent, 7},
        {EventKind::Declined, Actor::Agent, 7}, {EventKind::Claimed, Actor::Agent, 7},
        {EventKind::Visited, Actor::Agent, 7},  {EventKind::Resolved, Actor::Agent, 7}};
    for (const auto& event : events) {
        auto appended = with_write_transaction(f.db, [&] {
            return append_event(f.db, id, {event, "7", std::nullopt, "", nullptr, std::nullopt}, f.now);
        });
        ASSERT_TRUE(appended.ok()) << appended.error().message;
        auto stored = find_request(f.db, id);
        auto replayed = replay_request(f.db, id);
        ASSERT_TRUE(replayed.ok());
        EXPECT_EQ(stored->state.status, replayed->status);
        EXPECT_EQ(stored->state.holder, replayed->holder);
    }
    EXPECT_EQ(lifecycle::status_name(find_request(f.db, id)->state.status), "resolved");
    // An impossible event is refused and leaves no trace.
    auto refused = with_write_transaction(f.db, [&] {
        return append_event(
            f.db, id, {{EventKind::Claimed, Actor::Agent, 7}, "7", std::nullopt, "", nullptr, std::nullopt}, f.now);
    });
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(f.count("SELECT COUNT(*) FROM request_events"), 7);
}

TEST(Store, ChangesAreDeduplicatedByOpIdPerKiosk) {
    Fixture f;
    KioskIdentity other = f.enroll_one();
    json op = f.create_op(platform::new_ulid());
    EXPECT_EQ(f.apply(json::array({op, op}))[1].result.status, core::protocol::OpStatus::Duplicate);
    // The same op id from another kiosk is that kiosk's own op (and here a request that exists).
    auto elsewhere =
        with_write_transaction(f.db, [&] { return apply_ops(f.db, other, json::array({op}), {3}, f.now); });
    EXPECT_EQ(elsewhere[0].result.status, core::protocol::OpStatus::Rejected);
    EXPECT_EQ(elsewhere[0].result.error->code, "request_exists");
    EXPECT_EQ(f.count("SELECT COUNT(*) FROM applied_ops"), 2);
}

TEST(Store, PruningKeepsTheNewestChangePerSubjectAndRaisesTheFloor) {
    Fixture f;
    for (int i = 0; i < 3; ++i) {
        append_change(f.db, f.kiosk.kiosk_id, "request.status", "request:A", f.now - 10, {{"status", i}});
    }
    append_change(f.db, f.kiosk.kiosk_id, "request.status", "request:B", f.now - 10, {{"status", "received"}});
    append_change(f.db, f.kiosk.kiosk_id, "notice", "notice:1", f.now - 10, {{"until", f.now - 1}});
    // In two chunks, as the maintenance loop does it: the result is the same.
    auto first = with_write_transaction(f.db, [&] { return prune_changes(f.db, f.now, 0, 1, 2); });
    auto second = with_write_transaction(f.db, [&] { return prune_changes(f.db, f.now, 0, 3, 1000); });
    PruneReport report{first.removed + second.removed, first.kiosks + second.kiosks};
    EXPECT_EQ(report.removed, 3);  // two superseded statuses and the expired notice
    auto all = pull_changes(f.db, f.kiosk.kiosk_id, 0, 100);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->changes.size(), 2u);
    EXPECT_EQ(all->changes[0].fields["status"], 2);
    auto old = pull_changes(f.db, f.kiosk.kiosk_id, 1, 100);
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.error().code, "cursor_expired");
    // Nothing recent is pruned.
    auto again = with_write_transaction(f.db, [&] { return prune_changes(f.db, f.now, core::kDayMs, 1, 1000); });
    EXPECT_EQ(again.removed, 0);
}

TEST(Store, GroupCommitKeepsEveryWriterAndIsolatesFailures) {
    test::TempDir dir;
    std::string path = (dir.path() / "g.db").string();
    {
        Database db(path);
        db.exec("CREATE TABLE t (writer INTEGER, n INTEGER)");
    }
    Store store(path);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 8; ++w) {
        threads.emplace_back([&, w] {
            for (int n = 0; n < 25; ++n) {
                try {
                    store.write([&](Database& db) {
                        auto insert = db.prepare("INSERT INTO t VALUES (?, ?)");
                        insert.bind(1, w);
                        insert.bind(2, n);
                        insert.exec();
                        if (n % 10 == 3) {
                            throw std::runtime_error("this one fails after writing");
                        }
                    });
                } catch (const std::runtime_error&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(failures.load(), 8 * 3);
    Database check(path);
    EXPECT_EQ(check.raw().execAndGet("SELECT COUNT(*) FROM t").getInt(), 8 * 22);
    EXPECT_EQ(check.raw().execAndGet("SELECT COUNT(*) FROM t WHERE n % 10 = 3").getInt(), 0);
    int answer = store.write([](Database& db) { return db.raw().execAndGet("SELECT 40 + 2").getInt(); });
    EXPECT_EQ(answer, 42);
}

TEST(Store, SessionsExpireAndCanBeRevoked) {
    Database db(":memory:");
    ASSERT_TRUE(migrate(db).ok());
    db.exec(
        "INSERT INTO users(id, role, region_code, name, phone, password_hash, created_at) "
        "VALUES (3, 'county_admin', '330281', '管理员', '13805740001', 'x', 0)");
    const int64_t now = 1'000'000;
    auto session = create_session(db, 3, core::kHourMs, now);
    EXPECT_EQ(session.token.size(), 64u);
    EXPECT_EQ(session.person.role, Role::CountyAdmin);
    EXPECT_TRUE(find_session(db, session.token, now + core::kHourMs - 1));
    EXPECT_FALSE(find_session(db, session.token, now + core::kHourMs));
    // Only the hash is stored.
    EXPECT_EQ(db.raw().execAndGet("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + session.token + "'").getInt(),
              0);
    auto other = create_session(db, 3, core::kHourMs, now);
    revoke_session(db, other.token, now + 1);
    EXPECT_FALSE(find_session(db, other.token, now + 2));
    db.exec("UPDATE users SET active = 0 WHERE id = 3");
    auto third = create_session(db, 3, core::kHourMs, now);
    EXPECT_FALSE(find_session(db, third.token, now + 1));  // a deactivated person's sessions stop working
}
