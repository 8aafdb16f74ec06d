// The claim race: 50 agents claim each of 200 requests at the same time over real HTTP, each on
// its own connection and thread. Exactly one claim per request wins (200), the others get 409
// with a clear message, and the winner is the holder the database and the event log record.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "backend_fixture.h"
#include "store/database.h"
#include "store/sessions.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

constexpr int kClaimers = 50;
constexpr int kRequests = 200;

class ClaimRace : public BackendTest {
protected:
    // Agents made straight in the database (no Argon2 per agent), serving 余姚市 with room for
    // every request, each with a session token.
    std::vector<std::string> make_agents() {
        std::vector<std::string> tokens;
        backend::Database db(db_path);
        backend::with_write_transaction(db, [&] {
            const int64_t now = core::system_now_ms();
            for (int i = 0; i < kClaimers; ++i) {
                auto user = db.prepare(
                    "INSERT INTO users(role, region_code, name, phone, password_hash, created_at) "
                    "VALUES ('agent', '330281', ?, ?, 'not-a-hash', ?)");
                user.bind(1, "抢单专家" + std::to_string(i));
                user.bind(2, "1390000" + std::to_string(1000 + i));
                user.bind(3, now);
                user.exec();
                const int64_t id = db.raw().getLastInsertRowid();
                db.exec("INSERT INTO agent_profiles(user_id, capacity) VALUES (" + std::to_string(id) + ", 1000)");
                db.exec("INSERT INTO agent_expertise(user_id, tag) VALUES (" + std::to_string(id) +
                        ", 'pest_disease')");
                db.exec("INSERT INTO agent_service_regions(user_id, prefix) VALUES (" + std::to_string(id) +
                        ", '330281')");
                tokens.push_back(backend::create_session(db, id, core::kHourMs, now).token);
            }
        });
        return tokens;
    }
};

}  // namespace

TEST_F(ClaimRace, FiftyClaimersOnEachOfTwoHundredRequestsExactlyOneWinnerEach) {
    // Enough handler threads for every claimer's keep-alive connection at once.
    start_server("[server]\nthreads = 64\n");
    const auto tokens = make_agents();
    Kiosk kiosk = enroll(kVillageA);
    std::vector<std::string> ids;
    json ops = json::array();
    for (int i = 0; i < kRequests; ++i) {
        ids.push_back(new_id());
        ops.push_back(
            op("request.create", create_payload(ids.back(), kiosk.village, "137" + std::to_string(10'000'000 + i))));
    }
    auto results = push_ok(kiosk, ops);
    ASSERT_EQ(results.size(), static_cast<size_t>(kRequests));

    // winners[r] counts 200 answers for request r; winner_of[r] is the claimer that got one.
    std::vector<std::atomic<int>> winners(kRequests);
    std::vector<std::atomic<int>> winner_of(kRequests);
    std::atomic<int> conflicts{0};
    std::atomic<int> unexpected{0};
    std::mutex problems_mutex;
    std::vector<std::string> problems;
    std::atomic<int> ready{0};
    std::vector<std::thread> claimers;
    for (int c = 0; c < kClaimers; ++c) {
        claimers.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", server->port());
            client.set_keep_alive(true);
            client.set_read_timeout(60, 0);
            const httplib::Headers headers = {{"Authorization", "Bearer " + tokens[static_cast<size_t>(c)]}};
            ++ready;
            while (ready.load() < kClaimers) {
                std::this_thread::yield();
            }
            for (int r = 0; r < kRequests; ++r) {
                // A claim whose answer was lost is sent again, as the contract lets a client do: the
                // holder hears 200 again, everyone else 409.
                const std::string path = "/api/v1/agent/requests/" + ids[static_cast<size_t>(r)] + "/claim";
                httplib::Result res = client.Post(path.c_str(), headers, "{}", "application/json");
                for (int attempt = 1; !res && attempt < 5; ++attempt) {
                    res = client.Post(path.c_str(), headers, "{}", "application/json");
                }
                if (res && res->status == 200) {
                    ++winners[static_cast<size_t>(r)];
                    winner_of[static_cast<size_t>(r)] = c;
                } else if (res && res->status == 409 &&
                           json::parse(res->body)["message"] == "another agent claimed this request first") {
                    ++conflicts;
                } else {
                    ++unexpected;
                    std::lock_guard lock(problems_mutex);
                    problems.push_back(res ? std::to_string(res->status) + " " + res->body
                                           : "no answer: " + httplib::to_string(res.error()));
                }
            }
        });
    }
    for (auto& t : claimers) {
        t.join();
    }
    EXPECT_EQ(unexpected.load(), 0) << (problems.empty() ? "" : problems.front());
    EXPECT_EQ(conflicts.load(), kRequests * (kClaimers - 1));
    backend::Database db(db_path);
    for (int r = 0; r < kRequests; ++r) {
        ASSERT_EQ(winners[static_cast<size_t>(r)].load(), 1) << "request " << r;
        auto query = db.prepare(
            "SELECT u.name, (SELECT COUNT(*) FROM request_events e WHERE e.request_id = r.id AND e.kind = 'claimed') "
            "FROM requests r JOIN users u ON u.id = r.holder_id WHERE r.id = ? AND r.status = 'claimed'");
        query.bind(1, ids[static_cast<size_t>(r)]);
        ASSERT_TRUE(query.step()) << "request " << r << " has no holder";
        EXPECT_EQ(query.column(0).getString(), "抢单专家" + std::to_string(winner_of[static_cast<size_t>(r)].load()));
        EXPECT_EQ(query.column(1).getInt(), 1) << "one claim event per request";
    }
    // The winner asking again (a lost reply) hears the same answer.
    auto again = post_json("/api/v1/agent/requests/" + ids[0] + "/claim", json::object(),
                           tokens[static_cast<size_t>(winner_of[0].load())]);
    EXPECT_EQ(again->status, 200);
}
