// The matching scheduler's timers against a real database and server: offers, lease warning and
// expiry (released and offered again), optimal auto-assignment after the offer SLA and escalation
// to the county admin, each firing exactly once, also across kill -9 and restarts.
//
// Hours pass without sleeping: in-process rounds take the clock as a parameter, and the server's
// own scheduler runs ahead by matching.clock_offset_minutes (accepted only under XIANGKE_TEST=1).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <thread>

#include "backend_fixture.h"
#include "matching/scheduler.h"
#include "store/database.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

class MatchingTimers : public BackendTest {
protected:
    int64_t count(const std::string& sql) {
        backend::Database db(db_path);
        return db.raw().execAndGet(sql).getInt64();
    }
    std::string status_of(const std::string& id) {
        backend::Database db(db_path);
        auto query = db.prepare("SELECT status FROM requests WHERE id = ?");
        query.bind(1, id);
        return query.step() ? query.column(0).getString() : "";
    }
    int64_t notifications(const std::string& kind, const std::string& request_id, int64_t user) {
        return count("SELECT COUNT(*) FROM notifications WHERE kind = '" + kind + "' AND request_id = '" + request_id +
                     "' AND user_id = " + std::to_string(user));
    }
    // Polls until `done` holds (the server's scheduler works on its own thread).
    bool eventually(const std::function<bool()>& done, int seconds = 20) {
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (std::chrono::steady_clock::now() < until) {
            if (done()) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return done();
    }
    std::string request_with_phone(const Kiosk& kiosk, int n) {
        return create_request(kiosk, "1381234" + std::to_string(2000 + n));
    }
    std::vector<std::string> statuses_pulled(const Kiosk& kiosk, const std::string& id) {
        std::vector<std::string> statuses;
        for (const auto& change : pull_all(kiosk)) {
            if (change.value("request_id", "") == id) {
                statuses.push_back(change["status"]);
            }
        }
        return statuses;
    }
};

}  // namespace

TEST_F(MatchingTimers, LeaseExpiryReleasesTheRequestAndOffersItAgain) {
    Kiosk yuyao = enroll(kVillageA);
    std::string id = create_request(yuyao);
    backend::MatchingConfig config;  // lease 24 h, warning 2 h before, offer SLA 4 h, escalation 48 h
    backend::Store store(db_path);
    const int64_t t0 = core::system_now_ms();

    auto offered = backend::run_matching_tick(store, config, t0);
    EXPECT_EQ(offered.offered, 1);
    EXPECT_EQ(status_of(id), "offered");
    EXPECT_EQ(notifications("new_request", id, user_id(kAgentA)), 1);
    EXPECT_EQ(notifications("new_request", id, user_id(kAgentB)), 1);
    EXPECT_EQ(notifications("new_request", id, user_id(kAgentC)), 0) << "C serves another county";
    EXPECT_EQ(backend::run_matching_tick(store, config, t0 + core::kMinuteMs).offered, 0) << "offered once";

    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), session_token(kAgentA))->status,
              200);
    auto early = backend::run_matching_tick(store, config, t0 + 21 * core::kHourMs);
    EXPECT_EQ(early.released + early.warned + early.assigned, 0);
    EXPECT_EQ(early.moot, 1) << "the offer SLA passed while the request was held: nothing to assign";

    auto warned = backend::run_matching_tick(store, config, t0 + 22 * core::kHourMs + core::kMinuteMs);
    EXPECT_EQ(warned.warned, 1);
    EXPECT_EQ(notifications("lease_expiring", id, user_id(kAgentA)), 1);
    EXPECT_EQ(status_of(id), "claimed");

    auto released = backend::run_matching_tick(store, config, t0 + 24 * core::kHourMs + core::kMinuteMs);
    EXPECT_EQ(released.released, 1);
    EXPECT_EQ(status_of(id), "received");
    EXPECT_EQ(notifications("lease_released", id, user_id(kAgentA)), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM request_events WHERE request_id = '" + id +
                    "' AND kind = 'reassigned' AND actor = 'system' AND reason = 'lease_expired'"),
              1);

    auto again = backend::run_matching_tick(store, config, t0 + 24 * core::kHourMs + 2 * core::kMinuteMs);
    EXPECT_EQ(again.offered, 1);
    EXPECT_EQ(again.released, 0) << "a lease fires once";
    EXPECT_EQ(status_of(id), "offered");
    EXPECT_EQ(statuses_pulled(yuyao, id),
              (std::vector<std::string>{"received", "offered", "claimed", "received", "offered"}));
    EXPECT_EQ(count("SELECT COUNT(*) FROM request_events WHERE request_id = '" + id + "' AND kind = 'offered'"), 2);
}

TEST_F(MatchingTimers, AContactedClaimKeepsItsHolder) {
    Kiosk yuyao = enroll(kVillageA);
    std::string id = create_request(yuyao);
    backend::MatchingConfig config;
    backend::Store store(db_path);
    const int64_t t0 = core::system_now_ms();
    std::string a = session_token(kAgentA);
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), a)->status, 200);
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/events", {{"type", "contacted"}}, a)->status, 200);
    auto tick = backend::run_matching_tick(store, config, t0 + 25 * core::kHourMs);
    EXPECT_EQ(tick.released, 0);
    EXPECT_EQ(tick.warned, 0);
    EXPECT_EQ(tick.moot, 2) << "warning and expiry both found the farmer contacted";
    EXPECT_EQ(status_of(id), "contacted");
    EXPECT_EQ(backend::run_matching_tick(store, config, t0 + 60 * core::kHourMs).escalated, 0)
        << "contacted in time: no escalation";
}

TEST_F(MatchingTimers, AssignmentAndEscalationFireExactlyOnceAcrossKillsAndRestarts) {
    start_server("[matching]\ntick_seconds = 1\n");
    Kiosk yuyao = enroll(kVillageA);
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(request_with_phone(yuyao, i));
    }
    ASSERT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM requests WHERE status = 'offered'") == 3; }));

    // Five hours later (offer SLA 4 h): nobody claimed, so the scheduler assigns all three.
    const std::string five_hours_on = "[matching]\ntick_seconds = 1\nclock_offset_minutes = 300\n";
    start_server(five_hours_on);
    ASSERT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM requests WHERE status = 'claimed'") == 3; }));
    server->kill_hard();
    start_server(five_hours_on);
    std::this_thread::sleep_for(std::chrono::seconds(3));  // rounds that must find nothing to do
    for (const auto& id : ids) {
        EXPECT_EQ(count("SELECT COUNT(*) FROM request_events WHERE kind = 'assigned' AND actor = 'system' AND "
                        "request_id = '" +
                        id + "'"),
                  1);
        EXPECT_EQ(count("SELECT COUNT(*) FROM scheduled_timers WHERE kind = 'offer_expiry' AND outcome = 'assigned' "
                        "AND request_id = '" +
                        id + "'"),
                  1);
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE kind = 'assigned'"), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests WHERE holder_id NOT IN (" + std::to_string(user_id(kAgentA)) + ", " +
                    std::to_string(user_id(kAgentB)) + ")"),
              0);

    // Two days on nobody has contacted the farmers: escalated to 余姚市's county admin, once.
    const std::string two_days_on = "[matching]\ntick_seconds = 1\nclock_offset_minutes = 2940\n";
    start_server(two_days_on);
    ASSERT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM escalations") == 3; }));
    server->kill_hard();
    start_server(two_days_on);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    EXPECT_EQ(count("SELECT COUNT(*) FROM escalations"), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM request_events WHERE kind = 'escalated'"), 3);
    const int64_t admin = user_id(kCountyAdminA);
    for (const auto& id : ids) {
        EXPECT_EQ(notifications("escalated", id, admin), 1);
    }
    EXPECT_EQ(
        count("SELECT COUNT(*) FROM notifications WHERE kind = 'escalated' AND user_id <> " + std::to_string(admin)), 0)
        << "only the county's own admin";

    auto listed = get("/api/v1/admin/escalations", session_token(kCountyAdminA));
    ASSERT_EQ(listed->status, 200) << listed->body;
    auto body = json::parse(listed->body);
    ASSERT_EQ(body["escalations"].size(), 3u);
    EXPECT_EQ(body["escalations"][0]["village_name"], "渚山村委会");
    EXPECT_TRUE(body["escalations"][0]["open"].get<bool>());
    EXPECT_EQ(get("/api/v1/admin/escalations?region=330281", session_token(kCountyAdminB))->status, 403);
    EXPECT_TRUE(
        json::parse(get("/api/v1/admin/escalations", session_token(kCountyAdminB))->body)["escalations"].empty());
}

TEST_F(MatchingTimers, AShiftedClockIsRefusedOutsideTests) {
    std::ofstream(dir.path() / "shifted.toml") << "[matching]\nclock_offset_minutes = 60\n";
    auto refused = run_command({"/usr/bin/env", "-u", "XIANGKE_TEST", backend_executable(), "serve", "--db", db_path,
                                "--listen", "127.0.0.1:0", "--config", (dir.path() / "shifted.toml").string()});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("clock_offset_minutes is for tests only"), std::string::npos) << refused.err;
}

TEST_F(MatchingTimers, AssignmentRespectsLeaveAndCapacityAndRetriesWhenRoomFreesUp) {
    Kiosk yuyao = enroll(kVillageA);
    std::string first = request_with_phone(yuyao, 10);
    std::string second = request_with_phone(yuyao, 11);
    const int64_t t0 = core::system_now_ms();
    {
        backend::Database db(db_path);
        // A is away for the whole week; B has room for one request only.
        db.exec("UPDATE agent_profiles SET leave_from = '" + core::format_shanghai_date(t0) + "', leave_to = '" +
                core::format_shanghai_date(t0 + 7 * core::kDayMs) +
                "' WHERE user_id = " + std::to_string(user_id(kAgentA)));
        db.exec("UPDATE agent_profiles SET capacity = 1 WHERE user_id = " + std::to_string(user_id(kAgentB)));
    }
    backend::MatchingConfig config;
    config.notify_agents = 1;
    backend::Store store(db_path);
    EXPECT_EQ(backend::run_matching_tick(store, config, t0).offered, 2);
    EXPECT_EQ(notifications("new_request", first, user_id(kAgentA)), 0) << "on leave: not told";
    EXPECT_EQ(notifications("new_request", first, user_id(kAgentB)), 1);

    auto overdue = backend::run_matching_tick(store, config, t0 + 5 * core::kHourMs);
    EXPECT_EQ(overdue.assigned, 1);
    EXPECT_EQ(overdue.left_unassigned, 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests WHERE status = 'claimed' AND holder_id = " +
                    std::to_string(user_id(kAgentB))),
              1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests WHERE status = 'offered'"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM scheduled_timers WHERE kind = 'offer_expiry' AND outcome = 'unassigned'"), 1);

    // Room frees up: the next retry assigns the request left over, without a new offer timer.
    backend::Database(db_path).exec("UPDATE agent_profiles SET capacity = 2 WHERE user_id = " +
                                    std::to_string(user_id(kAgentB)));
    EXPECT_EQ(backend::run_matching_tick(store, config, t0 + 5 * core::kHourMs + core::kMinuteMs).assigned, 0)
        << "no timer fell due and no retry asked";
    auto retried = backend::run_matching_tick(store, config, t0 + 5 * core::kHourMs + 2 * core::kMinuteMs, true);
    EXPECT_EQ(retried.assigned, 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests WHERE status = 'claimed' AND holder_id = " +
                    std::to_string(user_id(kAgentB))),
              2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM request_events WHERE kind = 'assigned'"), 2);
}

TEST_F(MatchingTimers, ARequestNobodyMayTakeIsEscalatedAtOnce) {
    // The seeded agents of 余姚市 know no 农机 (machinery): the admin hears in the first round,
    // not after escalation_hours; a request agents can take is only offered.
    start_server("[matching]\ntick_seconds = 1\n");
    Kiosk yuyao = enroll(kVillageA);
    json payload = create_payload(new_id(), kVillageA, "13812342999");
    payload["category"] = "machinery";
    payload["crop"] = "";
    const std::string nobody = payload["request_id"];
    ASSERT_EQ(push_ok(yuyao, json::array({op("request.create", payload)}))[0]["status"], "applied");
    const std::string usual = request_with_phone(yuyao, 30);
    ASSERT_TRUE(eventually([&] { return count("SELECT COUNT(*) FROM escalations") >= 1; }));
    ASSERT_TRUE(eventually([&] { return status_of(usual) == "offered"; }));
    std::this_thread::sleep_for(std::chrono::seconds(2));  // more rounds must not escalate again
    EXPECT_EQ(count("SELECT COUNT(*) FROM escalations"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM escalations WHERE request_id = '" + usual + "'"), 0);
    EXPECT_EQ(status_of(nobody), "offered") << "an agent who becomes free still sees it";
    EXPECT_EQ(notifications("escalated", nobody, user_id(kCountyAdminA)), 1);

    auto listed = get("/api/v1/admin/escalations", session_token(kCountyAdminA));
    ASSERT_EQ(listed->status, 200) << listed->body;
    auto escalations = json::parse(listed->body)["escalations"];
    ASSERT_EQ(escalations.size(), 1u);
    EXPECT_EQ(escalations[0]["request_id"], nobody);
    EXPECT_EQ(escalations[0]["reason"], "no_eligible_agent");
}
