// The demo's simulated history: deterministic, consistent with the event log, and holding every
// behaviour the evaluation and the administrator's dashboard are meant to show.
#include "demo_history.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "crypto.h"
#include "demo.h"
#include "store/database.h"
#include "store/requests.h"
#include "support/backend_process.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::backend;

namespace {

// 2026-09-30 10:00 Asia/Shanghai: sixty days of late summer (rice pests, typhoons, shrimp ponds).
constexpr int64_t kToday = 1790733600000;
constexpr int kDays = 60;

int64_t count(Database& db, const std::string& sql) {
    return db.raw().execAndGet(sql).getInt64();
}

// Everything the history wrote into the event log, in order, without the kiosks' ids (random
// at enrollment, like the enrollment codes).
std::string events_checksum(Database& db) {
    SQLite::Statement query(db.raw(),
                            "SELECT request_id, kind, actor, COALESCE(agent_id, 0), server_at, COALESCE(device_at, 0), "
                            "COALESCE(reason, ''), COALESCE(data, '') FROM request_events ORDER BY id");
    std::string all;
    while (query.executeStep()) {
        for (int c = 0; c < 8; ++c) {
            all += query.getColumn(c).getString();
            all += '|';
        }
        all += '\n';
    }
    return backend::crypto::sha256_hex(all);
}

struct History {
    test::TempDir dir;
    std::string path;
    DemoHistoryReport report;
    double seconds = 0;
};

std::unique_ptr<History> make_history(int64_t today, int days) {
    auto history = std::make_unique<History>();
    history->path = (history->dir.path() / "demo.db").string();
    Database db(history->path);
    EXPECT_TRUE(migrate(db).ok());
    auto demo = load_demo_data(db, today - static_cast<int64_t>(days + 30) * core::kDayMs, core::kDayMs);
    EXPECT_TRUE(demo.ok()) << (demo.ok() ? "" : demo.error().message);
    auto started = std::chrono::steady_clock::now();
    auto report = simulate_demo_history(history->path, today, days);
    history->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
    if (report.ok()) {
        history->report = *report;
    }
    return history;
}

class DemoHistory : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_history = make_history(kToday, kDays).release();
        std::printf("demo history of %d days: %.2f s, %lld requests\n", kDays, s_history->seconds,
                    static_cast<long long>(s_history->report.requests));
    }
    static void TearDownTestSuite() {
        delete s_history;
        s_history = nullptr;
    }
    Database& db() {
        if (!m_db) {
            m_db = std::make_unique<Database>(s_history->path);
        }
        return *m_db;
    }
    int64_t agent(const std::string& phone) {
        return count(db(), "SELECT id FROM users WHERE phone = '" + phone + "'");
    }

    static History* s_history;
    std::unique_ptr<Database> m_db;
};
History* DemoHistory::s_history = nullptr;

TEST_F(DemoHistory, SameDayGivesTheSameHistory) {
    auto again = make_history(kToday, kDays);
    Database first(s_history->path);
    Database second(again->path);
    for (const char* sql :
         {"SELECT COUNT(*) FROM requests", "SELECT COUNT(*) FROM request_events",
          "SELECT COUNT(*) FROM service_records", "SELECT COUNT(*) FROM feedback",
          "SELECT COUNT(*) FROM training_sessions", "SELECT COALESCE(SUM(views), 0) FROM article_views"}) {
        EXPECT_EQ(count(first, sql), count(second, sql)) << sql;
    }
    EXPECT_EQ(events_checksum(first), events_checksum(second));
    EXPECT_GT(count(first, "SELECT COUNT(*) FROM requests"), 500);  // about 12 a day in late summer
}

TEST_F(DemoHistory, RunningItAgainAddsNothing) {
    auto again = simulate_demo_history(s_history->path, kToday, kDays);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->skipped);
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM requests"), s_history->report.requests);
}

TEST_F(DemoHistory, EventsReplayToTheStoredProjection) {
    SQLite::Statement query(db().raw(),
                            "SELECT id, status, COALESCE(holder_id, 0), complaints, reopen_count FROM requests");
    int64_t checked = 0;
    std::vector<std::tuple<std::string, std::string, int64_t, int, int>> rows;
    while (query.executeStep()) {
        rows.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getInt64(),
                          query.getColumn(3).getInt(), query.getColumn(4).getInt());
    }
    for (const auto& [id, status, holder, complaints, reopens] : rows) {
        auto replayed = replay_request(db(), id);
        ASSERT_TRUE(replayed.ok()) << id;
        EXPECT_EQ(lifecycle::status_name(replayed->status), status) << id;
        EXPECT_EQ(replayed->holder, holder) << id;
        EXPECT_EQ(replayed->complaints, complaints) << id;
        EXPECT_EQ(replayed->reopen_count, reopens) << id;
        ++checked;
    }
    EXPECT_EQ(checked, s_history->report.requests);
}

TEST_F(DemoHistory, TheAgentWhoNeverVisitsReportsResolvedWithoutContactOrVisit) {
    const int64_t liu = agent("13905740105");
    const std::string id = std::to_string(liu);
    EXPECT_GT(count(db(),
                    "SELECT COUNT(*) FROM request_events WHERE kind = 'resolved' AND actor = 'agent' AND "
                    "agent_id = " +
                        id),
              10);
    EXPECT_EQ(
        count(db(), "SELECT COUNT(*) FROM request_events WHERE kind IN ('contacted', 'visited') AND agent_id = " + id),
        0);
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM service_records WHERE agent_id = " + id), 0);
    // His "farmers" confirm in bursts: five or more confirmations at one kiosk within ten minutes.
    EXPECT_GE(count(db(),
                    "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM feedback f JOIN feedback g ON "
                    "g.kiosk_id = f.kiosk_id AND g.kind = 'confirmed' AND g.received_at BETWEEN f.received_at "
                    "AND f.received_at + 600000 WHERE f.kind = 'confirmed' AND f.agent_id = " +
                        id + " GROUP BY f.id)"),
              5);
    // And once the farmer's phone was his own.
    EXPECT_EQ(count(db(),
                    "SELECT COUNT(*) FROM requests r JOIN request_events e ON e.request_id = r.id AND e.kind = "
                    "'claimed' AND e.agent_id = " +
                        id + " WHERE r.farmer_phone = '13905740105' AND r.status = 'confirmed'"),
              1);
}

TEST_F(DemoHistory, TheSlowAgentLosesLeasesAndDrawsComplaints) {
    const std::string slow = std::to_string(agent("13905740107"));
    EXPECT_GT(count(db(),
                    "SELECT COUNT(*) FROM request_events WHERE kind = 'reassigned' AND reason = 'lease_expired' "
                    "AND agent_id = " +
                        slow),
              0);
    EXPECT_GT(count(db(), "SELECT COUNT(*) FROM feedback WHERE kind = 'complaint' AND agent_id = " + slow), 0);
    // Diligent agents claim within the offer SLA and visit on site.
    const std::string diligent = std::to_string(agent("13905740101"));
    EXPECT_GT(count(db(), "SELECT COUNT(*) FROM service_records WHERE method = 'onsite' AND agent_id = " + diligent),
              10);
    EXPECT_GT(count(db(), "SELECT COUNT(*) FROM feedback WHERE kind = 'confirmed' AND rating >= 4 AND agent_id = " +
                              diligent),
              10);
}

TEST_F(DemoHistory, LeaveTypesTrainingsAndReachArePresent) {
    const std::string xu = std::to_string(agent("13905740108"));
    SQLite::Statement leave(db().raw(), "SELECT leave_from, leave_to FROM agent_profiles WHERE user_id = " + xu);
    ASSERT_TRUE(leave.executeStep());
    ASSERT_FALSE(leave.isColumnNull(0));
    const int64_t from = core::parse_shanghai_date(leave.getColumn(0).getString()).value();
    const int64_t to = core::parse_shanghai_date(leave.getColumn(1).getString()).value() + core::kDayMs;
    EXPECT_GE(to - from, 7 * core::kDayMs);
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM request_events WHERE kind IN ('claimed', 'assigned') AND agent_id = " +
                              xu + " AND server_at BETWEEN " + std::to_string(from) + " AND " + std::to_string(to)),
              0);
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM agent_profiles WHERE agent_type = 'team'"), 1);
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM agent_profiles WHERE agent_type = 'organisation'"), 1);
    EXPECT_GT(count(db(), "SELECT COUNT(*) FROM training_sessions WHERE attendees > 0"), 5);
    EXPECT_EQ(count(db(), "SELECT COUNT(DISTINCT kiosk_id) FROM article_views"), 8);
    EXPECT_GT(
        count(db(), "SELECT COALESCE(SUM(views), 0) FROM article_views WHERE article_id = 'rice-planthopper'"),
        count(db(), "SELECT COALESCE(SUM(views), 0) FROM article_views WHERE article_id = 'african-swine-fever'"));
    for (const char* kind : {"offered", "assigned", "confirmed", "closed_unconfirmed", "reopened", "complaint",
                             "escalated", "cancelled", "referred", "partly_resolved"}) {
        EXPECT_GT(count(db(), std::string("SELECT COUNT(*) FROM request_events WHERE kind = '") + kind + "'"), 0)
            << kind;
    }
    // No farmer's number is an agent's, except the one deliberate case.
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM requests WHERE farmer_phone IN (SELECT phone FROM users)"), 1);
}

TEST_F(DemoHistory, TheCountyHasOpenAndOverdueRequestsToday) {
    const std::string open = open_status_sql_list();
    EXPECT_GT(count(db(), "SELECT COUNT(*) FROM requests WHERE status IN (" + open + ")"), 5);
    // Overdue: received more than three days ago and still without an outcome.
    EXPECT_GT(count(db(),
                    "SELECT COUNT(*) FROM requests WHERE status IN ('received', 'offered', 'claimed', "
                    "'contacted', 'visited', 'reopened') AND received_at < " +
                        std::to_string(kToday - 3 * core::kDayMs)),
              0);
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM request_events WHERE server_at > " + std::to_string(kToday)), 0);
    // A kiosk that stopped syncing shows as offline.
    EXPECT_EQ(
        count(db(), "SELECT COUNT(*) FROM kiosks WHERE last_seen_at < " + std::to_string(kToday - 5 * core::kDayMs)),
        1);
}

}  // namespace
