// The agent's feed reads waiting requests stream by stream (one village and expertise tag at a
// time) and stops when the page is full. These tests check it against the plain definition on
// random data: score every waiting request the agent may claim, sort best first (ties: older,
// then id), keep the first `limit`.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "backend_fixture.h"
#include "matching/agents.h"
#include "matching/feed.h"
#include "store/database.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;

namespace {

namespace matching = core::matching;

struct Expected {
    std::string id;
    double score = 0;
    int64_t received_at = 0;
};

// The definition the feed must agree with: every waiting request, checked and scored one by one.
std::vector<Expected> feed_by_definition(backend::Database& db, int64_t agent_id, int64_t now_ms,
                                         const backend::MatchingConfig& config, size_t limit) {
    std::vector<Expected> all;
    auto agent = backend::load_agent(db, agent_id, now_ms);
    const int64_t today = backend::shanghai_day(now_ms);
    auto declined =
        db.prepare("SELECT 1 FROM request_events WHERE request_id = ?1 AND agent_id = ?2 AND kind = 'declined'");
    auto waiting =
        db.prepare("SELECT id, received_at FROM requests WHERE status IN ('received', 'offered', 'reopened')");
    std::vector<std::pair<std::string, int64_t>> ids;
    while (waiting.step()) {
        ids.emplace_back(waiting.column(0).getString(), waiting.column(1).getInt64());
    }
    for (const auto& [id, received_at] : ids) {
        auto request = backend::load_request_profile(db, id);
        if (!request || matching::check_eligibility(*agent, *request, today) != matching::Ineligibility::None) {
            continue;
        }
        declined.reset();
        declined.bind(1, id);
        declined.bind(2, agent_id);
        if (declined.step()) {
            continue;
        }
        all.push_back({id, matching::score(*agent, *request, config.scoring).total, received_at});
    }
    std::sort(all.begin(), all.end(), [](const Expected& a, const Expected& b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        return a.received_at != b.received_at ? a.received_at < b.received_at : a.id < b.id;
    });
    if (all.size() > limit) {
        all.resize(limit);
    }
    return all;
}

class FeedOrder : public ::testing::Test {
protected:
    void SetUp() override { db_path = seeded_database(dir.path()); }

    // Fills the database with `count` requests in random villages of both counties, with random
    // categories, crops, ages (many equal) and statuses, coordinates for some villages, random
    // expertise for the agents and some declines.
    void fill(uint32_t seed, int count) {
        std::mt19937 rng(seed);
        backend::Database db(db_path);
        std::vector<std::string> villages;
        {
            auto q = db.prepare("SELECT code FROM regions WHERE level = 5 ORDER BY code");
            while (q.step()) {
                villages.push_back(q.column(0).getString());
            }
        }
        ASSERT_GT(villages.size(), 20u);
        const std::vector<std::string> categories = {"planting", "pest_disease", "livestock", "machinery", "other"};
        const std::vector<std::string> crops = {"水稻", "番茄", "茶树", "生猪", "杨梅", ""};
        const std::vector<std::string> statuses = {"received", "offered", "reopened", "claimed", "resolved"};
        const std::vector<std::string> tags = {"planting", "pest_disease", "水稻", "番茄", "茶树", "生猪"};
        backend::with_write_transaction(db, [&] {
            db.exec(
                "INSERT INTO kiosks(id, village_code, device_name, token_hash, enrolled_at) VALUES "
                "('01JFEEDORDERKIOSK000000000', '" +
                villages[0] + "', 'feed', 'x', 0)");
            for (size_t i = 0; i < villages.size(); i += 3) {
                auto at =
                    db.prepare("INSERT OR REPLACE INTO region_locations(code, latitude, longitude) VALUES (?, ?, ?)");
                at.bind(1, villages[i]);
                at.bind(2, 29.9 + static_cast<double>(rng() % 1000) / 2000.0);
                at.bind(3, 121.1 + static_cast<double>(rng() % 1000) / 2000.0);
                at.exec();
            }
            db.exec("DELETE FROM agent_expertise");
            auto agents = db.prepare("SELECT user_id FROM agent_profiles");
            std::vector<int64_t> agent_ids;
            while (agents.step()) {
                agent_ids.push_back(agents.column(0).getInt64());
            }
            for (int64_t agent : agent_ids) {
                db.exec("UPDATE agent_profiles SET capacity = 50 WHERE user_id = " + std::to_string(agent));
                for (const auto& tag : tags) {
                    if (rng() % 2 == 0) {
                        auto add = db.prepare("INSERT INTO agent_expertise(user_id, tag) VALUES (?, ?)");
                        add.bind(1, agent);
                        add.bind(2, tag);
                        add.exec();
                    }
                }
            }
            auto insert = db.prepare(
                "INSERT INTO requests(id, kiosk_id, code, village_code, category, crop, symptoms, description, "
                "farmer_name, farmer_phone, preferred_time, created_at, received_at, status, updated_at) "
                "VALUES (?1, '01JFEEDORDERKIOSK000000000', ?2, ?3, ?4, ?5, '[]', '', '', '13800000000', '', ?6, ?6, "
                "?7, ?6)");
            auto decline = db.prepare(
                "INSERT INTO request_events(request_id, kind, actor, agent_id, server_at) VALUES (?, 'declined', "
                "'agent', ?, 0)");
            for (int i = 0; i < count; ++i) {
                char id[32];
                std::snprintf(id, sizeof id, "01JFEEDORDER%014d", i);
                insert.reset();
                insert.bind(1, std::string(id));
                insert.bind(2, std::to_string(1000000 + i));
                // Most requests in a few villages (crowds), the rest spread out.
                insert.bind(3, villages[rng() % 4 == 0 ? rng() % villages.size() : rng() % 6]);
                insert.bind(4, categories[rng() % categories.size()]);
                insert.bind(5, crops[rng() % crops.size()]);
                insert.bind(6, static_cast<int64_t>(1'700'000'000'000 + (rng() % 50) * 1000));  // many ties
                insert.bind(7, statuses[rng() % statuses.size()]);
                insert.exec();
                if (rng() % 10 == 0) {
                    decline.reset();
                    decline.bind(1, std::string(id));
                    decline.bind(2, agent_ids[rng() % agent_ids.size()]);
                    decline.exec();
                }
            }
        });
    }

    TempDir dir;
    std::string db_path;
};

}  // namespace

TEST_F(FeedOrder, AgreesWithScoringEveryRequestOnRandomData) {
    const int64_t now = core::system_now_ms();
    backend::MatchingConfig config;
    size_t compared_items = 0;
    for (uint32_t seed : {1u, 2u, 3u}) {
        const auto seed_dir = dir.path() / std::to_string(seed);
        std::filesystem::create_directories(seed_dir);
        db_path = seeded_database(seed_dir);
        fill(seed, 1500);
        backend::Database db(db_path);
        std::vector<int64_t> agents;
        auto q = db.prepare("SELECT user_id FROM agent_profiles ORDER BY user_id");
        while (q.step()) {
            agents.push_back(q.column(0).getInt64());
        }
        ASSERT_GE(agents.size(), 3u);
        for (int64_t agent : agents) {
            for (size_t limit : {1u, 7u, 50u, 5000u}) {
                auto expected = feed_by_definition(db, agent, now, config, limit);
                auto feed = backend::agent_feed(db, agent, now, config, limit);
                ASSERT_EQ(feed.size(), expected.size()) << "seed " << seed << " agent " << agent << " limit " << limit;
                for (size_t i = 0; i < feed.size(); ++i) {
                    EXPECT_EQ(feed[i].request_id, expected[i].id) << "seed " << seed << " agent " << agent << " #" << i;
                    EXPECT_DOUBLE_EQ(feed[i].score, expected[i].score);
                }
                compared_items += feed.size();
            }
        }
    }
    EXPECT_GT(compared_items, 1000u) << "the random data must give the agents long feeds";
}

TEST_F(FeedOrder, StreamsAreReadInIndexOrderWithoutSortingTheCrowd) {
    // A village with 100,000 waiting requests costs a page of the oldest, not a sort of all of
    // them: the stream query walks requests_awaiting_by_crop in received_at order.
    backend::Database db(db_path);
    auto plan = db.prepare(
        "EXPLAIN QUERY PLAN SELECT r.id, r.category, r.crop, r.received_at FROM requests r WHERE "
        "r.status IN ('received', 'offered', 'reopened') AND r.village_code = ?1 AND r.crop = ?2 "
        "ORDER BY r.received_at");
    std::string details;
    while (plan.step()) {
        details += plan.column(3).getString() + "\n";
    }
    EXPECT_NE(details.find("requests_awaiting_by_crop"), std::string::npos) << details;
    EXPECT_EQ(details.find("TEMP B-TREE"), std::string::npos) << details;
}
