// Crash test: a kiosk pushes in a loop while the backend is killed with SIGKILL at random moments
// and restarted, cycle after cycle. Like a real kiosk, the client resends a batch whose answer it
// never got. At the end every acknowledged op is in the database exactly once, and SQLite's
// integrity check passes after every crash.
//
// XIANGKE_CRASH_CYCLES sets the number of cycles (default 50) for longer runs.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "backend_fixture.h"
#include "store/database.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

int crash_cycles() {
    const char* env = std::getenv("XIANGKE_CRASH_CYCLES");
    return env != nullptr && std::atoi(env) > 0 ? std::atoi(env) : 50;
}

class CrashTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        kiosk = enroll();
        stop_server();
    }

    json next_batch() {
        json ops = json::array();
        for (int i = 0; i < 5; ++i) {
            ++made;
            ops.push_back(op("request.create",
                             create_payload(new_id(), kiosk.village, "139" + std::to_string(10'000'000 + made))));
        }
        return ops;
    }

    // Pushes until the server goes away; returns the batch that got no answer (or an empty one).
    json push_until_failure(std::atomic<bool>& stop, json pending) {
        httplib::Client client("127.0.0.1", server->port());
        client.set_connection_timeout(1, 0);
        client.set_read_timeout(5, 0);
        while (!stop.load()) {
            json batch = pending.empty() ? next_batch() : pending;
            json body = {{"protocol_version", 1}, {"ops", batch}};
            auto res = client.Post("/api/v1/sync/push", bearer(kiosk.token), body.dump(), "application/json");
            if (!res) {
                return batch;  // no answer: the kiosk keeps it and sends it again
            }
            if (res->status != 200) {
                ADD_FAILURE() << "push answered " << res->status << ": " << res->body;
                return json::array();
            }
            auto results = json::parse(res->body)["results"];
            for (size_t i = 0; i < results.size(); ++i) {
                EXPECT_NE(results[i]["status"], "rejected") << results[i].dump();
                acknowledged.insert(batch[i]["payload"]["request_id"].get<std::string>());
            }
            pending = json::array();
        }
        return pending;
    }

    std::string integrity() {
        backend::Database db(db_path);
        return db.raw().execAndGet("PRAGMA integrity_check").getString();
    }

    Kiosk kiosk;
    int made = 0;
    std::set<std::string> acknowledged;
};

}  // namespace

TEST_F(CrashTest, KillNineWhilePushingLosesNothingAcknowledged) {
    std::mt19937 random(20261127);
    std::uniform_int_distribution<int> delay_ms(5, 120);
    json pending = json::array();
    const int cycles = crash_cycles();
    for (int cycle = 0; cycle < cycles; ++cycle) {
        start_server();
        std::atomic<bool> stop{false};
        json unanswered;
        std::thread client([&] { unanswered = push_until_failure(stop, pending); });
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
        server->kill_hard();
        stop = true;
        client.join();
        pending = unanswered;
        server.reset();
        ASSERT_EQ(integrity(), "ok") << "after crash " << cycle;
    }
    // One last clean run delivers what was still unanswered.
    start_server();
    if (!pending.empty()) {
        json body = {{"protocol_version", 1}, {"ops", pending}};
        auto res = http->Post("/api/v1/sync/push", bearer(kiosk.token), body.dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200);
        for (const auto& op : pending) {
            acknowledged.insert(op["payload"]["request_id"].get<std::string>());
        }
    }
    stop_server();

    ASSERT_GT(acknowledged.size(), static_cast<size_t>(cycles));  // the client got work done
    backend::Database db(db_path);
    EXPECT_EQ(db.raw().execAndGet("PRAGMA integrity_check").getString(), "ok");
    auto count = db.prepare("SELECT COUNT(*) FROM requests WHERE id = ?");
    for (const auto& id : acknowledged) {
        count.reset();
        count.bind(1, id);
        ASSERT_TRUE(count.step());
        EXPECT_EQ(count.column(0).getInt(), 1) << id;
    }
    // Nothing appears that was never sent, and every request has its one received event.
    EXPECT_LE(db.raw().execAndGet("SELECT COUNT(*) FROM requests").getInt64(), made);
    EXPECT_EQ(db.raw().execAndGet("SELECT COUNT(*) FROM requests").getInt64(),
              db.raw().execAndGet("SELECT COUNT(*) FROM request_events WHERE kind = 'received'").getInt64());
    EXPECT_EQ(db.raw().execAndGet("SELECT COUNT(*) FROM requests").getInt64(),
              db.raw().execAndGet("SELECT COUNT(*) FROM applied_ops").getInt64());
}
