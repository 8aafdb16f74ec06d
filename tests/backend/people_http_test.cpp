// People over real HTTP: login and its limits (per account, per address, behind trusted proxies),
// bearer and cookie sessions, logout, farmers' phone numbers (who may read them, and the audit
// of every read), claims and agents' reports, /metrics access.
#include <gtest/gtest.h>

#include "backend_fixture.h"
#include "store/database.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

class PeopleHttp : public BackendTest {
protected:
    httplib::Result login(const std::string& phone, const std::string& password,
                          const std::string& forwarded_for = "") {
        httplib::Headers headers;
        if (!forwarded_for.empty()) {
            headers.emplace("X-Forwarded-For", forwarded_for);
        }
        json body = {{"phone", phone}, {"password", password}};
        return http->Post("/api/v1/auth/login", headers, body.dump(), "application/json");
    }

    int64_t audit_count(const std::string& action, const std::string& request_id) {
        backend::Database db(db_path);
        auto query = db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_id = ?");
        query.bind(1, action);
        query.bind(2, request_id);
        query.step();
        return query.column(0).getInt64();
    }

    // A request from a kiosk in `village`, claimed by `agent_phone` when given.
    std::string held_request(const std::string& village, const std::string& agent_phone,
                             const std::string& farmer_phone = "13812345678") {
        Kiosk kiosk = enroll(village);
        std::string id = create_request(kiosk, farmer_phone);
        if (!agent_phone.empty()) {
            auto claimed =
                post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), session_token(agent_phone));
            EXPECT_EQ(claimed->status, 200) << claimed->body;
        }
        return id;
    }
};

}  // namespace

TEST_F(PeopleHttp, LoginGivesAnExpiringBearerTokenAndAnHttpOnlyCookie) {
    auto res = login(kAgentA, kPassword);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    auto body = json::parse(res->body);
    EXPECT_EQ(body["role"], "agent");
    EXPECT_EQ(body["token"].get<std::string>().size(), 64u);
    EXPECT_GT(body["expires_at"].get<int64_t>(), 0);
    std::string cookie = res->get_header_value("Set-Cookie");
    EXPECT_NE(cookie.find("xiangke_session=" + body["token"].get<std::string>()), std::string::npos);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);

    // The token works as a bearer token and as the cookie.
    std::string id = held_request(kVillageA, kAgentA);
    auto by_bearer = get("/api/v1/requests/" + id, body["token"]);
    ASSERT_TRUE(by_bearer);
    EXPECT_EQ(by_bearer->status, 200) << by_bearer->body;
    httplib::Headers cookie_header = {{"Cookie", "theme=dark; xiangke_session=" + body["token"].get<std::string>()}};
    auto by_cookie = http->Get(("/api/v1/requests/" + id).c_str(), cookie_header);
    ASSERT_TRUE(by_cookie);
    EXPECT_EQ(by_cookie->status, 200);

    // Logout ends the session.
    auto out = post_json("/api/v1/auth/logout", json::object(), body["token"]);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 200);
    EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(get("/api/v1/requests/" + id, body["token"])->status, 401);
}

TEST_F(PeopleHttp, WrongPasswordsAndUnknownAccountsLookTheSame) {
    auto wrong = login(kAgentA, "not-the-password");
    auto unknown = login("13700000000", "not-the-password");
    ASSERT_TRUE(wrong && unknown);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_EQ(unknown->status, 401);
    EXPECT_EQ(json::parse(wrong->body), json::parse(unknown->body));
    auto malformed = login("12345", "x");
    ASSERT_TRUE(malformed);
    EXPECT_EQ(malformed->status, 400);
    EXPECT_EQ(json::parse(malformed->body)["field"], "phone");
}

TEST_F(PeopleHttp, FiveFailuresLockTheAccountForAWhile) {
    for (int i = 0; i < 5; ++i) {
        auto res = login(kAgentB, "wrong-password");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 401);
    }
    auto locked = login(kAgentB, kPassword);  // even the right password now waits
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 429);
    EXPECT_EQ(json::parse(locked->body)["error"], "too_many_attempts");
    EXPECT_EQ(locked->get_header_value("Retry-After"), "900");
    // Other accounts are not affected.
    EXPECT_EQ(login(kAgentA, kPassword)->status, 200);
}

TEST_F(PeopleHttp, AddressLimitCountsTheRealClientOnlyBehindTrustedProxies) {
    // A low limit keeps the test fast; the default (100 a minute) is checked in the config test.
    start_server("[auth]\nmax_login_attempts_per_address = 4\n");
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(login("1370000000" + std::to_string(i), "x", "203.0.113.5")->status, 401);
    }
    // Without a trusted proxy, X-Forwarded-For is ignored: everyone here is 127.0.0.1.
    auto limited = login(kAgentA, kPassword, "203.0.113.99");
    ASSERT_TRUE(limited);
    EXPECT_EQ(limited->status, 429);
    EXPECT_EQ(limited->get_header_value("Retry-After"), "60");

    start_server("[server]\ntrusted_proxies = [\"127.0.0.1\"]\n[auth]\nmax_login_attempts_per_address = 4\n");
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(login("1370000001" + std::to_string(i), "x", "203.0.113.7")->status, 401);
    }
    EXPECT_EQ(login(kAgentA, kPassword, "203.0.113.7")->status, 429);
    EXPECT_EQ(login(kAgentA, kPassword, "203.0.113.8")->status, 200);
    // A client cannot pick its address by writing its own X-Forwarded-For: the proxy appends.
    EXPECT_EQ(login(kAgentA, kPassword, "203.0.113.8, 203.0.113.7")->status, 429);
}

TEST_F(PeopleHttp, HolderAndAdminsInScopeReadThePhoneAndEveryReadIsAudited) {
    std::string id = held_request(kVillageA, kAgentA, "13812340000");
    struct Reader {
        const char* who;
        const char* phone;
        int status;
    };
    std::vector<Reader> readers = {
        {"holder", kAgentA, 200},
        {"other agent", kAgentB, 403},
        {"agent elsewhere", kAgentC, 403},
        {"county admin", kCountyAdminA, 200},
        {"other county's admin", kCountyAdminB, 403},
        {"city admin", kCityAdmin, 200},
    };
    int64_t allowed = 0;
    for (const auto& reader : readers) {
        auto res = get("/api/v1/requests/" + id, session_token(reader.phone));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, reader.status) << reader.who << ": " << res->body;
        if (res->status == 200) {
            ++allowed;
            auto body = json::parse(res->body);
            EXPECT_EQ(body["farmer_phone"], "13812340000") << reader.who;
            EXPECT_EQ(body["status"], "claimed");
            EXPECT_EQ(body["holder"]["name"], "陈建国");
            EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
        } else {
            EXPECT_EQ(res->body.find("13812340000"), std::string::npos) << reader.who;
        }
        EXPECT_EQ(audit_count("farmer_phone.read", id), allowed) << reader.who;
    }
    EXPECT_EQ(get("/api/v1/requests/" + id)->status, 401);
    // The audit names the reader, never the number.
    backend::Database db(db_path);
    EXPECT_EQ(db.raw().execAndGet("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%1381234%'").getInt(), 0);
    EXPECT_EQ(db.raw()
                  .execAndGet("SELECT COUNT(DISTINCT actor_id) FROM audit_log WHERE action = 'farmer_phone.read'")
                  .getInt(),
              3);
}

TEST_F(PeopleHttp, AdminListsShowMaskedPhonesOnlyInsideTheirRegion) {
    held_request(kVillageA, "", "13812340001");
    held_request(kVillageB, "", "13812340002");
    auto county = get("/api/v1/admin/requests", session_token(kCountyAdminA));
    ASSERT_TRUE(county);
    ASSERT_EQ(county->status, 200) << county->body;
    auto body = json::parse(county->body);
    ASSERT_EQ(body["requests"].size(), 1u);
    EXPECT_EQ(body["requests"][0]["farmer_phone_masked"], "138****0001");
    EXPECT_EQ(county->body.find("13812340001"), std::string::npos);
    auto city = json::parse(get("/api/v1/admin/requests?region=3302", session_token(kCityAdmin))->body);
    EXPECT_EQ(city["requests"].size(), 2u);
    EXPECT_EQ(get("/api/v1/admin/requests?region=330282", session_token(kCountyAdminA))->status, 403);
    EXPECT_EQ(get("/api/v1/admin/requests?region=33", session_token(kCountyAdminA))->status, 403);
    EXPECT_EQ(get("/api/v1/admin/requests", session_token(kAgentA))->status, 403);
}

TEST_F(PeopleHttp, FirstClaimWinsAndTheHolderMayRepeatIt) {
    std::string id = held_request(kVillageA, "");
    std::string a = session_token(kAgentA);
    std::string b = session_token(kAgentB);
    auto first = post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), a);
    ASSERT_EQ(first->status, 200) << first->body;
    EXPECT_EQ(json::parse(first->body)["status"], "claimed");
    EXPECT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), a)->status, 200);
    auto second = post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), b);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, 409);
    EXPECT_EQ(json::parse(second->body)["error"], "already_claimed");
    // Outside the agent's service area: refused by the access check.
    EXPECT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), session_token(kAgentC))->status,
              403);
    EXPECT_EQ(post_json("/api/v1/agent/requests/" + new_id() + "/claim", json::object(), a)->status, 404);
}

TEST_F(PeopleHttp, AgentReportsMoveTheRequestAndReachTheKiosk) {
    Kiosk kiosk = enroll(kVillageA);
    std::string id = create_request(kiosk);
    std::string a = session_token(kAgentA);
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), a)->status, 200);
    auto contacted = post_json("/api/v1/agent/requests/" + id + "/events",
                               {{"type", "contacted"}, {"visit_date", "2026-12-03"}, {"note", "约好周四上门"}}, a);
    ASSERT_EQ(contacted->status, 200) << contacted->body;
    auto bad_visit =
        post_json("/api/v1/agent/requests/" + id + "/events",
                  {{"type", "visit"}, {"visit", {{"date", "2026-02-30"}, {"method", "onsite"}, {"summary", "x"}}}}, a);
    ASSERT_EQ(bad_visit->status, 400);
    EXPECT_EQ(json::parse(bad_visit->body)["field"], "visit.date");
    auto visit =
        post_json("/api/v1/agent/requests/" + id + "/events",
                  {{"type", "visit"},
                   {"visit", {{"date", "2026-12-03"}, {"method", "onsite"}, {"summary", "稻瘟病，已指导用药"}}}},
                  a);
    ASSERT_EQ(visit->status, 200) << visit->body;
    // Another agent cannot report on it.
    auto other = post_json("/api/v1/agent/requests/" + id + "/events", {{"type", "resolved"}}, session_token(kAgentB));
    EXPECT_EQ(other->status, 403);
    auto unknown_type = post_json("/api/v1/agent/requests/" + id + "/events", {{"type", "teleported"}}, a);
    EXPECT_EQ(unknown_type->status, 400);
    auto resolved = post_json("/api/v1/agent/requests/" + id + "/events", {{"type", "resolved"}}, a);
    ASSERT_EQ(resolved->status, 200);
    auto twice = post_json(
        "/api/v1/agent/requests/" + id + "/events",
        {{"type", "visit"}, {"visit", {{"date", "2026-12-04"}, {"method", "phone"}, {"summary", "回访"}}}}, a);
    EXPECT_EQ(twice->status, 409);
    EXPECT_EQ(json::parse(twice->body)["error"], "invalid_transition");

    auto changes = pull_all(kiosk);
    std::vector<std::string> statuses;
    for (const auto& c : changes) {
        statuses.push_back(c["status"]);
    }
    EXPECT_EQ(statuses, (std::vector<std::string>{"received", "claimed", "contacted", "visited", "resolved"}));
    EXPECT_EQ(changes[1]["agent_name"], "陈建国");
    EXPECT_EQ(changes[2]["visit_date"], "2026-12-03");
    for (const auto& c : changes) {
        EXPECT_FALSE(c.contains("farmer_phone"));
        EXPECT_FALSE(c.contains("farmer_name"));
    }
    backend::Database db(db_path);
    EXPECT_EQ(db.raw().execAndGet("SELECT method FROM service_records").getString(), "onsite");
}

TEST_F(PeopleHttp, MetricsAnswerLoopbackDirectlyOrAdmins) {
    Kiosk kiosk = enroll();
    create_request(kiosk);
    auto direct = get("/metrics");
    ASSERT_TRUE(direct);
    ASSERT_EQ(direct->status, 200);
    for (const char* series :
         {"xiangke_http_requests_total{route=\"/api/v1/sync/push\",method=\"POST\",status=\"200\"} 1",
          "xiangke_http_request_duration_seconds_bucket{route=\"/api/v1/sync/push\",le=\"+Inf\"} 1",
          "xiangke_sync_ops_total{type=\"request.create\",status=\"applied\"} 1",
          "xiangke_database_size_bytes{file=\"main\"}"}) {
        EXPECT_NE(direct->body.find(series), std::string::npos) << series;
    }
    // Behind a trusted proxy, loopback is no longer proof of being on this machine.
    start_server("[server]\ntrusted_proxies = [\"127.0.0.1\"]\n");
    httplib::Headers forwarded = {{"X-Forwarded-For", "203.0.113.5"}};
    EXPECT_EQ(http->Get("/metrics", forwarded)->status, 401);
    EXPECT_EQ(get("/metrics", session_token(kAgentA))->status, 403);
    EXPECT_EQ(get("/metrics", session_token(kCountyAdminA))->status, 200);
}
