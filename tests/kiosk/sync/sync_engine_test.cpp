#include "sync/sync_engine.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "kiosk/support/sync_test_support.h"
#include "xiangke/core/time.h"

namespace xiangke::kiosk {
namespace {

namespace protocol = core::protocol;

protocol::RequestCreate draft(const std::string& phone) {
    protocol::RequestCreate d;
    d.category = core::Category::PestDisease;
    d.crop = "水稻";
    d.symptoms = {"叶上梭形病斑"};
    d.description = "稻叶发黄";
    d.farmer_name = "王大伯";
    d.farmer_phone = phone;
    d.preferred_time = "上午";
    return d;
}

class SyncEngineTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_identity = m_backend.enroll_kiosk(m_data.path());
        auto opened = OutboxStore::open(m_data.path() / "kiosk.db");
        ASSERT_TRUE(opened.ok());
        m_store = std::move(opened).value();
    }
    StoredRequest submit(const std::string& phone) {
        auto stored = m_store->submit_request(draft(phone), m_identity.village_code, core::system_now_ms());
        EXPECT_TRUE(stored.ok());
        return *stored;
    }
    SyncReport cycle() {
        BackendClient client(m_backend.url(), m_identity.token);
        SyncEngine engine(*m_store, client);
        return engine.run_cycle(core::system_now_ms());
    }

    testing::DemoBackend m_backend;
    test::TempDir m_data;
    KioskIdentity m_identity;
    std::unique_ptr<OutboxStore> m_store;
};

TEST_F(SyncEngineTest, SubmittedRequestReachesTheBackendAndItsStatusComesBack) {
    auto stored = submit("13811110001");
    SyncReport report = cycle();
    ASSERT_TRUE(report.completed()) << report.detail;
    EXPECT_EQ(report.acknowledged, 1);
    EXPECT_GE(report.status_changes, 1);
    EXPECT_EQ(m_store->counts().pending, 0);
    EXPECT_EQ(m_backend.requests_with_code(stored.code), 1);
    auto found = m_store->find_by_code(stored.code);
    ASSERT_TRUE(found);
    EXPECT_NE(found->status, "submitted");
    EXPECT_EQ(found->timeline.back().status, found->status);
}

TEST_F(SyncEngineTest, APushTellsTheBackendTheAppAndContentVersionsAndTheBacklog) {
    submit("13811110002");
    submit("13811110003");
    BackendClient client(m_backend.url(), m_identity.token);
    SyncEngine engine(*m_store, client);
    engine.report_as("9.8.7", 42);
    ASSERT_TRUE(engine.run_cycle(core::system_now_ms()).completed());
    SQLite::Database backend(m_backend.db(), SQLite::OPEN_READONLY);
    SQLite::Statement kiosk(backend, "SELECT app_version, content_version, outbox_backlog FROM kiosks WHERE id = ?");
    kiosk.bind(1, m_identity.kiosk_id);
    ASSERT_TRUE(kiosk.executeStep());
    EXPECT_EQ(kiosk.getColumn(0).getString(), "9.8.7");
    EXPECT_EQ(kiosk.getColumn(1).getInt64(), 42);
    EXPECT_EQ(kiosk.getColumn(2).getInt64(), 0) << "both ops left the outbox with this push";
}

TEST_F(SyncEngineTest, AnAgentsClaimAppearsAfterTheNextPull) {
    auto stored = submit("13811110002");
    ASSERT_TRUE(cycle().completed());
    std::string agent = m_backend.login();
    auto [status, body] =
        m_backend.post("/api/v1/agent/requests/" + stored.request_id + "/claim", nlohmann::json::object(), agent);
    ASSERT_EQ(status, 200) << body.dump();
    auto [visit_status, visit_body] = m_backend.post("/api/v1/agent/requests/" + stored.request_id + "/events",
                                                     {{"type", "contacted"}, {"visit_date", "2026-12-03"}}, agent);
    ASSERT_EQ(visit_status, 200) << visit_body.dump();

    SyncReport report = cycle();
    ASSERT_TRUE(report.completed()) << report.detail;
    auto found = m_store->find_by_code(stored.code);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->status, "contacted");
    EXPECT_EQ(found->agent_name.value_or(""), testing::kDemoAgentName);
    EXPECT_EQ(found->visit_date.value_or(""), "2026-12-03");
    bool saw_claim = false;
    for (const auto& step : found->timeline) {
        saw_claim = saw_claim || (step.status == "claimed" && step.agent_name.value_or("") == testing::kDemoAgentName);
    }
    EXPECT_TRUE(saw_claim);
}

TEST_F(SyncEngineTest, DaysWithoutABackendLoseNothingAndDeliverOnce) {
    m_backend.stop();
    std::vector<StoredRequest> stored;
    for (int i = 0; i < 5; ++i) {
        stored.push_back(submit("1381111010" + std::to_string(i)));
        SyncReport offline = cycle();
        EXPECT_EQ(offline.outcome, SyncReport::Outcome::Unreachable);
    }
    EXPECT_EQ(m_store->counts().pending, 5);
    m_backend.start();
    ASSERT_TRUE(cycle().completed());
    ASSERT_TRUE(cycle().completed());
    for (const auto& request : stored) {
        EXPECT_EQ(m_backend.requests_with_code(request.code), 1) << request.code;
    }
    EXPECT_EQ(m_store->counts().pending, 0);
}

TEST_F(SyncEngineTest, AnAnswerLostOnTheWayIsResentAndCountedAsDuplicate) {
    auto stored = submit("13811110003");
    // The backend stores the op, but the kiosk never hears back (as after a cut connection).
    auto ops = m_store->pending_ops(10);
    ASSERT_EQ(testing::push_without_the_store(m_backend.url(), m_identity.token, ops[0]), 200);

    SyncReport report = cycle();
    ASSERT_TRUE(report.completed()) << report.detail;
    EXPECT_EQ(report.acknowledged, 1);
    EXPECT_EQ(m_backend.requests_with_code(stored.code), 1);
}

TEST_F(SyncEngineTest, RejectedRequestIsADeadLetterAndShowsAsFailed) {
    auto bad = draft("13811110004");
    auto stored = m_store->submit_request(bad, "330281106202", core::system_now_ms());  // not this kiosk's village
    ASSERT_TRUE(stored.ok());
    SyncReport report = cycle();
    ASSERT_TRUE(report.completed()) << report.detail;
    EXPECT_EQ(report.rejected, 1);
    EXPECT_EQ(m_store->counts().dead_letters, 1);
    EXPECT_EQ(m_store->dead_letters(5)[0].error.code, "wrong_village");
    EXPECT_EQ(m_store->find_by_code(stored->code)->failure.value_or(""), "wrong_village");
}

TEST_F(SyncEngineTest, CancelAndFeedbackReachTheBackend) {
    auto cancelled = submit("13811110005");
    auto rated = submit("13811110006");
    ASSERT_TRUE(cycle().completed());
    ASSERT_TRUE(m_store->enqueue_cancel(cancelled.request_id, "no_longer_needed", core::system_now_ms()).ok());
    // Feedback before any outcome: a complaint (催办), never rejected.
    ASSERT_TRUE(m_store
                    ->enqueue_feedback({rated.request_id, protocol::FeedbackOutcome::NotSolved, 1, "没人来"},
                                       core::system_now_ms())
                    .ok());
    SyncReport report = cycle();
    ASSERT_TRUE(report.completed()) << report.detail;
    EXPECT_EQ(report.acknowledged, 2);
    EXPECT_EQ(report.rejected, 0);
    EXPECT_EQ(m_store->find_by_code(cancelled.code)->status, "cancelled");
}

TEST_F(SyncEngineTest, AnUnknownCursorRestartsFromZero) {
    auto stored = submit("13811110007");
    ASSERT_TRUE(cycle().completed());
    m_store->db().raw().exec("UPDATE settings SET value = '999999999' WHERE key = 'sync.cursor'");
    m_store->db().raw().exec("DELETE FROM status_events");
    SyncReport report = cycle();
    ASSERT_TRUE(report.completed()) << report.detail;
    EXPECT_GE(report.status_changes, 1);
    EXPECT_LT(m_store->cursor(), 999999999);
    EXPECT_GE(m_store->find_by_code(stored.code)->timeline.size(), 2u);
}

}  // namespace
}  // namespace xiangke::kiosk
