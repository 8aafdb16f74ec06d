// Matching over real HTTP: the agent's feed (only requests the agent may claim, best first, with
// the factors behind each score), the claim's eligibility checks, leave dates, escalations access.
#include <gtest/gtest.h>

#include "backend_fixture.h"
#include "store/database.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

class MatchingFeed : public BackendTest {
protected:
    // A request from the kiosk with this category and crop; a fresh phone each time (per-phone cap).
    std::string request(const Kiosk& kiosk, const std::string& category, const std::string& crop) {
        std::string id = new_id();
        json payload = create_payload(id, kiosk.village, "1381234" + std::to_string(1000 + ++m_phones));
        payload["category"] = category;
        payload["crop"] = crop;
        auto results = push_ok(kiosk, json::array({op("request.create", payload)}));
        EXPECT_EQ(results[0]["status"], "applied") << results.dump();
        return id;
    }

    json feed(const std::string& token) {
        auto res = get("/api/v1/agent/feed", token);
        EXPECT_TRUE(res);
        EXPECT_EQ(res->status, 200) << res->body;
        return json::parse(res->body);
    }

    static std::vector<std::string> ids_of(const json& feed_body) {
        std::vector<std::string> ids;
        for (const auto& item : feed_body["requests"]) {
            ids.push_back(item["request_id"]);
        }
        return ids;
    }

    void sql(const std::string& statement) {
        backend::Database db(db_path);
        db.exec(statement);
    }

    httplib::Result put_leave(const std::string& token, const json& body) {
        return http->Put("/api/v1/agent/leave", bearer(token), body.dump(), "application/json");
    }

    int m_phones = 0;
};

}  // namespace

TEST_F(MatchingFeed, AgentSeesOnlyRequestsTheyMayClaimBestFirstWithReasons) {
    Kiosk yuyao = enroll(kVillageA);
    Kiosk cixi = enroll(kVillageB);
    std::string tomato = request(yuyao, "pest_disease", "番茄");
    std::string rice = request(yuyao, "pest_disease", "水稻");
    std::string pigs = request(yuyao, "livestock", "生猪");         // not in agent A's expertise
    std::string elsewhere = request(cixi, "pest_disease", "水稻");  // outside agent A's service area
    // Agent A also lists 水稻 by name: rice requests fit better than the category alone.
    sql("INSERT INTO agent_expertise(user_id, tag) VALUES (" + std::to_string(user_id(kAgentA)) + ", '水稻')");

    json body = feed(session_token(kAgentA));
    EXPECT_EQ(ids_of(body), (std::vector<std::string>{rice, tomato}));
    const json& best = body["requests"][0];
    EXPECT_EQ(best["village_code"], kVillageA);
    EXPECT_EQ(best["village_name"], "渚山村委会");
    EXPECT_EQ(best["category"], "pest_disease");
    EXPECT_EQ(best["crop"], "水稻");
    EXPECT_GT(best["score"].get<double>(), body["requests"][1]["score"].get<double>());
    std::vector<std::string> labels;
    double total = 0;
    for (const auto& f : best["factors"]) {
        labels.push_back(f["label"]);
        total += f["value"].get<double>() * f["weight"].get<double>();
    }
    EXPECT_NEAR(total, best["score"].get<double>(), 1e-9);
    EXPECT_EQ(labels[0], "擅长水稻");
    EXPECT_EQ(labels[1], "同县");
    EXPECT_EQ(body["requests"][1]["factors"][0]["label"], "擅长病虫害");
    EXPECT_FALSE(body.contains("unavailable"));

    EXPECT_EQ(ids_of(feed(session_token(kAgentC))), (std::vector<std::string>{elsewhere}));
    (void)pigs;
}

TEST_F(MatchingFeed, DistanceAppearsWhenBothPlacesHaveCoordinates) {
    Kiosk yuyao = enroll(kVillageA);
    std::string id = request(yuyao, "pest_disease", "水稻");
    sql(std::string("INSERT INTO region_locations(code, latitude, longitude) VALUES ('") + kVillageA +
        "', 29.95, 121.15)");
    sql("UPDATE agent_profiles SET latitude = 30.0, longitude = 121.15 WHERE user_id = " +
        std::to_string(user_id(kAgentA)));
    json body = feed(session_token(kAgentA));
    ASSERT_EQ(ids_of(body), (std::vector<std::string>{id}));
    EXPECT_NEAR(body["requests"][0]["distance_km"].get<double>(), 5.56, 0.05);
    bool labelled = false;
    for (const auto& f : body["requests"][0]["factors"]) {
        labelled = labelled || f["label"] == "距离5.6公里";
    }
    EXPECT_TRUE(labelled) << body.dump();
    EXPECT_FALSE(feed(session_token(kAgentB))["requests"][0].contains("distance_km")) << "B has no coordinates";
}

TEST_F(MatchingFeed, ClaimedRequestsLeaveTheFeedAndTheHolderMayRepeatTheClaim) {
    Kiosk yuyao = enroll(kVillageA);
    std::string id = request(yuyao, "pest_disease", "水稻");
    std::string a = session_token(kAgentA);
    std::string b = session_token(kAgentB);
    ASSERT_EQ(ids_of(feed(b)), (std::vector<std::string>{id}));
    auto first = post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), a);
    ASSERT_EQ(first->status, 200) << first->body;
    EXPECT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), a)->status, 200);
    auto late = post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), b);
    EXPECT_EQ(late->status, 409);
    EXPECT_EQ(json::parse(late->body)["error"], "already_claimed");
    EXPECT_TRUE(ids_of(feed(b)).empty());
}

TEST_F(MatchingFeed, ClaimChecksExpertiseAndCapacityInsideTheTransaction) {
    Kiosk yuyao = enroll(kVillageA);
    std::string pigs = request(yuyao, "livestock", "生猪");
    std::string a = session_token(kAgentA);
    auto refused = post_json("/api/v1/agent/requests/" + pigs + "/claim", json::object(), a);
    EXPECT_EQ(refused->status, 403);
    EXPECT_EQ(json::parse(refused->body)["error"], "no_matching_expertise");

    sql("UPDATE agent_profiles SET capacity = 1 WHERE user_id = " + std::to_string(user_id(kAgentA)));
    std::string one = request(yuyao, "pest_disease", "水稻");
    std::string two = request(yuyao, "planting", "小麦");
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + one + "/claim", json::object(), a)->status, 200);
    auto full = post_json("/api/v1/agent/requests/" + two + "/claim", json::object(), a);
    EXPECT_EQ(full->status, 409);
    EXPECT_EQ(json::parse(full->body)["error"], "at_capacity");
    json body = feed(a);
    EXPECT_TRUE(body["requests"].empty());
    EXPECT_EQ(body["unavailable"], "at_capacity");
}

TEST_F(MatchingFeed, LeaveDatesEmptyTheFeedAndRefuseClaims) {
    Kiosk yuyao = enroll(kVillageA);
    std::string id = request(yuyao, "pest_disease", "水稻");
    std::string a = session_token(kAgentA);
    const int64_t now = core::system_now_ms();
    const std::string today = core::format_shanghai_date(now);
    const std::string next_week = core::format_shanghai_date(now + 7 * core::kDayMs);

    auto set = put_leave(a, {{"from", today}, {"to", next_week}});
    ASSERT_EQ(set->status, 200) << set->body;
    EXPECT_EQ(json::parse(set->body)["leave"]["to"], next_week);
    EXPECT_EQ(json::parse(get("/api/v1/agent/leave", a)->body)["leave"]["from"], today);
    json body = feed(a);
    EXPECT_TRUE(body["requests"].empty());
    EXPECT_EQ(body["unavailable"], "on_leave");
    auto refused = post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), a);
    EXPECT_EQ(refused->status, 409);
    EXPECT_EQ(json::parse(refused->body)["error"], "on_leave");
    EXPECT_EQ(ids_of(feed(session_token(kAgentB))), (std::vector<std::string>{id})) << "B is not away";

    // Leave that starts tomorrow does not stop work today.
    ASSERT_EQ(put_leave(a, {{"from", core::format_shanghai_date(now + core::kDayMs)}, {"to", next_week}})->status, 200);
    EXPECT_EQ(ids_of(feed(a)), (std::vector<std::string>{id}));

    auto cleared = http->Delete("/api/v1/agent/leave", bearer(a));
    ASSERT_EQ(cleared->status, 200);
    EXPECT_TRUE(json::parse(get("/api/v1/agent/leave", a)->body)["leave"].is_null());
}

TEST_F(MatchingFeed, LeaveDatesAreValidated) {
    std::string a = session_token(kAgentA);
    const int64_t now = core::system_now_ms();
    auto field_of = [&](const json& body) {
        auto res = put_leave(a, body);
        EXPECT_EQ(res->status, 400) << body.dump();
        return json::parse(res->body).value("field", "");
    };
    EXPECT_EQ(field_of({{"from", "2026-02-30"}, {"to", "2026-03-01"}}), "from");
    EXPECT_EQ(field_of({{"from", core::format_shanghai_date(now + 2 * core::kDayMs)},
                        {"to", core::format_shanghai_date(now + core::kDayMs)}}),
              "to");
    EXPECT_EQ(field_of({{"from", core::format_shanghai_date(now)},
                        {"to", core::format_shanghai_date(now + 400 * core::kDayMs)}}),
              "to");
    EXPECT_EQ(field_of({{"from", "2020-01-01"}, {"to", "2020-01-02"}}), "to") << "already over";
    EXPECT_EQ(field_of({{"from", core::format_shanghai_date(now)}}), "to");
}

TEST_F(MatchingFeed, FeedLengthIsLimited) {
    Kiosk yuyao = enroll(kVillageA);
    for (int i = 0; i < 4; ++i) {
        request(yuyao, "pest_disease", "水稻");
    }
    auto res = get("/api/v1/agent/feed?limit=2", session_token(kAgentA));
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(json::parse(res->body)["requests"].size(), 2u);
}
