// usage.report from the kiosk: article views counted per day (real SQLite), a finished day moved
// into usage.report ops in one transaction with derived op ids, nothing personal in the payload;
// and the counts in a real backend's database after a push, once.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "services/content_service.h"
#include "services/pack_installer.h"
#include "shell/app_runner.h"
#include "store/outbox_store.h"
#include "support/pack_fixture.h"
#include "sync/sync_engine.h"
#include "kiosk/support/sync_test_support.h"
#include "xiangke/core/time.h"
#include "xiangke/core/ulid.h"

namespace xiangke::kiosk {
namespace {

namespace fs = std::filesystem;
namespace protocol = core::protocol;

int64_t at(const char* day, int64_t hour) {
    return *core::parse_shanghai_date(day) + hour * core::kHourMs;
}

std::vector<OutboxOp> usage_ops(OutboxStore& store) {
    std::vector<OutboxOp> ops;
    for (auto& op : store.pending_ops(1000)) {
        if (op.type == protocol::OpType::UsageReport) {
            ops.push_back(std::move(op));
        }
    }
    return ops;
}

std::map<std::string, int64_t> views_in(const nlohmann::json& payload) {
    std::map<std::string, int64_t> views;
    for (const auto& article : payload["articles"]) {
        views[article["article_id"].get<std::string>()] += article["views"].get<int64_t>();
    }
    return views;
}

class UsageStore : public ::testing::Test {
protected:
    void SetUp() override { open(); }
    void open() {
        content = ContentService::open(db_path()).value();
        store = OutboxStore::open(db_path()).value();
    }
    void close() {
        content.reset();
        store.reset();
    }
    fs::path db_path() const { return dir.path() / "kiosk.db"; }
    int64_t rows_left() { return store->db().raw().execAndGet("SELECT COUNT(*) FROM article_views").getInt64(); }

    test::TempDir dir;
    std::unique_ptr<ContentService> content;
    std::unique_ptr<OutboxStore> store;
};

TEST_F(UsageStore, AFinishedDayBecomesOneOpWithItsCountsAndTodayWaits) {
    for (int i = 0; i < 3; ++i) {
        content->record_view("rice-blast", at("2026-11-20", 9 + i));
    }
    content->record_view("earthquake-safety", at("2026-11-20", 23));
    content->record_view("rice-blast", at("2026-11-21", 1));  // 01:00 Shanghai is the next day
    content->record_view("rice-blast", at("2026-11-22", 8));  // today

    auto closed = store->close_usage_periods(at("2026-11-22", 10));
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_EQ(*closed, 2);
    auto ops = usage_ops(*store);
    ASSERT_EQ(ops.size(), 2u);
    std::map<int64_t, std::map<std::string, int64_t>> by_period;
    for (const auto& op : ops) {
        EXPECT_TRUE(core::is_valid_ulid(op.op_id));
        ASSERT_TRUE(protocol::decode_usage_report(op.payload).ok()) << op.payload.dump();
        EXPECT_EQ(op.payload["period_end"].get<int64_t>() - op.payload["period_start"].get<int64_t>(), core::kDayMs);
        by_period[op.payload["period_start"].get<int64_t>()] = views_in(op.payload);
    }
    EXPECT_EQ(by_period[at("2026-11-20", 0)],
              (std::map<std::string, int64_t>{{"earthquake-safety", 1}, {"rice-blast", 3}}));
    EXPECT_EQ(by_period[at("2026-11-21", 0)], (std::map<std::string, int64_t>{{"rice-blast", 1}}));
    EXPECT_EQ(rows_left(), 1) << "only today's count stays; the closed days moved into the ops";

    // Closing again the same day makes nothing new; the next day closes today.
    EXPECT_EQ(*store->close_usage_periods(at("2026-11-22", 20)), 0);
    EXPECT_EQ(*store->close_usage_periods(at("2026-11-23", 0)), 1);
    EXPECT_EQ(usage_ops(*store).size(), 3u);
    EXPECT_EQ(rows_left(), 0);
}

TEST_F(UsageStore, NothingPersonalIsInThePayload) {
    content->record_view("rice-blast", at("2026-11-20", 9));
    ASSERT_TRUE(store->close_usage_periods(at("2026-11-21", 9)).ok());
    auto ops = usage_ops(*store);
    ASSERT_EQ(ops.size(), 1u);
    std::set<std::string> keys;
    for (const auto& [key, value] : ops[0].payload.items()) {
        keys.insert(key);
    }
    EXPECT_EQ(keys, (std::set<std::string>{"period_start", "period_end", "articles"}));
    for (const auto& article : ops[0].payload["articles"]) {
        std::set<std::string> fields;
        for (const auto& [key, value] : article.items()) {
            fields.insert(key);
        }
        EXPECT_EQ(fields, (std::set<std::string>{"article_id", "views"}));
    }
}

TEST_F(UsageStore, RedoingAfterACrashMakesTheSameOpId) {
    content->record_view("rice-blast", at("2026-11-20", 9));
    content->record_view("rice-blast", at("2026-11-20", 10));
    close();
    // A copy of the database as it was before the close: what a power cut before the commit leaves.
    fs::copy_file(db_path(), dir.path() / "before.db");
    open();
    ASSERT_EQ(*store->close_usage_periods(at("2026-11-21", 9)), 1);
    const std::string first = usage_ops(*store).at(0).op_id;
    close();
    // The key is kept in the database: restore the old file but keep the key, as a crash after
    // the key was stored and before the op was would.
    {
        SQLite::Database db((dir.path() / "kiosk.db").string());
        std::string key = db.execAndGet("SELECT value FROM settings WHERE key = 'usage.op_key'").getString();
        fs::remove(db_path());
        fs::remove(dir.path() / "kiosk.db-wal");
        fs::remove(dir.path() / "kiosk.db-shm");
        fs::copy_file(dir.path() / "before.db", db_path());
        SQLite::Database restored(db_path().string(), SQLite::OPEN_READWRITE);
        restored.exec("INSERT INTO settings(key, value) VALUES ('usage.op_key', '" + key + "')");
    }
    open();
    EXPECT_EQ(rows_left(), 1) << "the counts are back, as if never closed";
    ASSERT_EQ(*store->close_usage_periods(at("2026-11-21", 9)), 1);
    EXPECT_EQ(usage_ops(*store).at(0).op_id, first) << "the same counts make the same op: a resend is a duplicate";
}

TEST_F(UsageStore, LateViewsForAReportedDayGoInASecondOpAndLargeDaysAreSplit) {
    content->record_view("rice-blast", at("2026-11-20", 9));
    ASSERT_EQ(*store->close_usage_periods(at("2026-11-21", 9)), 1);
    // The clock went back to the 20th for a while (no real-time clock): a second op, another id.
    content->record_view("rice-blast", at("2026-11-20", 11));
    ASSERT_EQ(*store->close_usage_periods(at("2026-11-21", 12)), 1);
    auto ops = usage_ops(*store);
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_NE(ops[0].op_id, ops[1].op_id);

    for (int i = 0; i < 2001; ++i) {
        content->record_view("article-" + std::to_string(i), at("2026-11-19", 9));
    }
    ASSERT_EQ(*store->close_usage_periods(at("2026-11-21", 13)), 2) << "at most 2,000 articles per op";
    size_t entries = 0;
    for (const auto& op : usage_ops(*store)) {
        EXPECT_LE(op.payload["articles"].size(), protocol::limits::kUsageEntries);
        entries += op.payload["articles"].size();
    }
    EXPECT_EQ(entries, 2u + 2001u);
}

class UsageSync : public ::testing::Test {
protected:
    void SetUp() override {
        m_identity = m_backend.enroll_kiosk(m_data.path());
        m_content = ContentService::open(m_data.path() / "kiosk.db").value();
        m_store = OutboxStore::open(m_data.path() / "kiosk.db").value();
    }
    SyncReport cycle() {
        BackendClient client(m_backend.url(), m_identity.token);
        SyncEngine engine(*m_store, client);
        return engine.run_cycle(core::system_now_ms());
    }
    // The backend's stored counts for this kiosk: article → (views, period_start).
    std::map<std::string, std::pair<int64_t, int64_t>> backend_views() {
        SQLite::Database db(m_backend.db(), SQLite::OPEN_READONLY);
        SQLite::Statement query(
            db,
            "SELECT article_id, SUM(views), MIN(period_start) FROM article_views WHERE kiosk_id = ? "
            "GROUP BY article_id");
        query.bind(1, m_identity.kiosk_id);
        std::map<std::string, std::pair<int64_t, int64_t>> views;
        while (query.executeStep()) {
            views[query.getColumn(0).getString()] = {query.getColumn(1).getInt64(), query.getColumn(2).getInt64()};
        }
        return views;
    }

    testing::DemoBackend m_backend;
    test::TempDir m_data;
    KioskIdentity m_identity;
    std::unique_ptr<ContentService> m_content;
    std::unique_ptr<OutboxStore> m_store;
};

TEST_F(UsageSync, YesterdaysViewsAreInTheBackendAfterAPushAndAResendCountsOnce) {
    const int64_t now = core::system_now_ms();
    const int64_t yesterday = now - core::kDayMs;
    for (int i = 0; i < 4; ++i) {
        m_content->record_view("rice-blast", yesterday);
    }
    m_content->record_view("earthquake-safety", yesterday);
    m_content->record_view("rice-blast", now);  // today: not reported yet
    ASSERT_EQ(*m_store->close_usage_periods(now), 1);

    // The first push reaches the backend but its answer is lost (as after a cut connection).
    auto ops = m_store->pending_ops(10);
    ASSERT_EQ(ops.size(), 1u);
    ASSERT_EQ(testing::push_without_the_store(m_backend.url(), m_identity.token, ops[0]), 200);

    SyncReport report = cycle();
    ASSERT_TRUE(report.completed()) << report.detail;
    EXPECT_EQ(report.acknowledged, 1) << "the resend is answered duplicate and leaves the outbox";
    EXPECT_EQ(m_store->counts().pending, 0);
    auto views = backend_views();
    const int64_t day_start = *core::parse_shanghai_date(core::format_shanghai_date(yesterday));
    EXPECT_EQ(views["rice-blast"], std::make_pair(int64_t{4}, day_start)) << "counted once, not twice";
    EXPECT_EQ(views["earthquake-safety"], std::make_pair(int64_t{1}, day_start));
    EXPECT_EQ(views.size(), 2u) << "today's view waits for its day to end";
}

TEST_F(UsageSync, AnArticleOpenedInTheAppReachesTheBackendOnceItsDayIsOver) {
    platform::SecretKey key = platform::SecretKey::generate();
    test::TempDir pack;
    test::write_pack(pack.path(), test::sample_pack_spec(1), key);
    ASSERT_TRUE(install_pack(*m_content, pack.path(), m_data.path(), key.public_key(), core::system_now_ms(),
                             ExpiryCheck::Enforce)
                    .ok());
    KioskConfig config;
    config.data_dir = m_data.path();
    config.attract_loop = false;
    AppRunner app(config, DisplayOptions{DisplayMode::Headless, 1280, 800}, ClockMode::Manual);
    ASSERT_TRUE(app.start().ok());
    app.settle();
    app.dispatch(action::OpenArticle{"rice-blast"});
    app.dispatch(action::Back{});
    app.dispatch(action::OpenArticle{"rice-blast"});
    app.settle();  // the view is written by the worker, not the UI thread
    EXPECT_EQ(m_store->db().raw().execAndGet("SELECT SUM(views) FROM article_views").getInt64(), 2);

    app.sync_now();
    EXPECT_TRUE(backend_views().empty()) << "the day is not over yet";
    app.advance_clock(core::kDayMs);
    app.sync_now();
    auto views = backend_views();
    EXPECT_EQ(views["rice-blast"].first, 2);
    EXPECT_EQ(m_store->counts().pending, 0);
}

}  // namespace
}  // namespace xiangke::kiosk
