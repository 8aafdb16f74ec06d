// The administrator's 总览, 求助, 通知 and 审计 pages and the admin login over real HTTP: the
// redirect to /admin/login without a session, 403 for an agent, every page with data, filters,
// the scope of two counties (an admin of one never sees the other's rows), actions that change
// state through events and are audited, CSRF refusals, and the audited reveal of a phone number.
#include <gtest/gtest.h>

#include <regex>

#include "backend_fixture.h"
#include "store/database.h"
#include "web/form.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

std::string in_a_month() {
    return core::format_shanghai_date(core::system_now_ms() + int64_t{30} * 24 * 3600 * 1000);
}

class AdminPages : public BackendTest {
protected:
    void SetUp() override {
        db_path = seeded_database(dir.path());
        start_server("[matching]\nscheduler = false\n");
        kiosk_a = enroll(kVillageA);
        kiosk_b = enroll(kVillageB);
    }

    httplib::Headers cookie(const std::string& session) const { return {{"Cookie", "xiangke_session=" + session}}; }

    httplib::Result page(const std::string& path, const std::string& session) {
        return http->Get(path.c_str(), cookie(session));
    }

    // A form posted as a browser would: the session cookie and the page's CSRF token.
    httplib::Result form_post(const std::string& path, const std::string& session, httplib::Params params,
                              bool with_csrf = true) {
        if (with_csrf) {
            params.emplace(backend::web::kCsrfField, backend::web::csrf_token(session));
        }
        return http->Post(path.c_str(), cookie(session), params);
    }

    std::string push_request(const Kiosk& kiosk, const std::string& code, const std::string& phone) {
        std::string id = new_id();
        json payload = create_payload(id, kiosk.village, phone);
        payload["code"] = code;
        auto results = push_ok(kiosk, json::array({op("request.create", payload)}));
        EXPECT_EQ(results[0]["status"], "applied") << results.dump();
        return id;
    }

    int64_t count(const std::string& sql, const std::string& arg = "") {
        backend::Database db(db_path);
        auto query = db.prepare(sql);
        if (!arg.empty()) {
            query.bind(1, arg);
        }
        query.step();
        return query.column(0).getInt64();
    }

    std::string text(const std::string& sql, const std::string& arg) {
        backend::Database db(db_path);
        auto query = db.prepare(sql);
        query.bind(1, arg);
        return query.step() ? query.column(0).getString() : "";
    }

    std::string status_of(const std::string& id) { return text("SELECT status FROM requests WHERE id = ?", id); }

    static bool has(const httplib::Result& res, const std::string& needle) {
        return res && res->body.find(needle) != std::string::npos;
    }

    Kiosk kiosk_a;
    Kiosk kiosk_b;
};

const std::vector<std::string> kAdminPages = {"/admin/", "/admin/requests", "/admin/notices", "/admin/audit"};

}  // namespace

TEST_F(AdminPages, WithoutASessionEveryAdminPageRedirectsToTheAdminLogin) {
    std::string id = push_request(kiosk_a, "1111111", "13812340001");
    std::vector<std::string> paths = kAdminPages;
    paths.push_back("/admin/requests/" + id);
    for (const auto& path : paths) {
        auto res = http->Get(path.c_str());
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 303) << path;
        EXPECT_EQ(res->get_header_value("Location"), "/admin/login") << path;
    }
    auto reject = http->Post(("/admin/requests/" + id + "/reject").c_str(), httplib::Params{{"reason", "x"}});
    EXPECT_EQ(reject->status, 303);
    EXPECT_EQ(reject->get_header_value("Location"), "/admin/login");
    EXPECT_EQ(status_of(id), "received");
    // The agent's pages still send people to the agent login.
    EXPECT_EQ(http->Get("/agent/")->get_header_value("Location"), "/agent/login");
}

TEST_F(AdminPages, AnAgentsSessionGetsAChinese403OnEveryAdminPage) {
    std::string id = push_request(kiosk_a, "1111112", "13812340002");
    const std::string agent = session_token(kAgentA);
    std::vector<std::string> paths = kAdminPages;
    paths.push_back("/admin/requests/" + id);
    for (const auto& path : paths) {
        auto res = page(path, agent);
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 403) << path;
        EXPECT_TRUE(has(res, "管理员的页面")) << path << res->body;
        EXPECT_TRUE(has(res, "href=\"/agent/\"")) << path;
    }
    auto reject = form_post("/admin/requests/" + id + "/reject", agent, {{"reason", "测试"}});
    EXPECT_EQ(reject->status, 403);
    EXPECT_EQ(status_of(id), "received");
}

TEST_F(AdminPages, LoginOnEitherPageLandsEachPersonOnTheirOwnHome) {
    auto login = [this](const std::string& path, const std::string& phone) {
        auto form = http->Get(path.c_str());
        EXPECT_EQ(form->status, 200);
        EXPECT_TRUE(has(form, "name=\"phone\"") && has(form, "name=\"password\""));
        std::smatch match;
        std::string set_cookie = form->get_header_value("Set-Cookie");
        EXPECT_TRUE(std::regex_search(set_cookie, match, std::regex("xiangke_login_csrf=([0-9a-f]+); Path=([^;]+)")));
        EXPECT_EQ(match[2].str(), path);
        const std::string token = match[1];
        auto res = http->Post(path.c_str(), {{"Cookie", "xiangke_login_csrf=" + token}},
                              httplib::Params{{"phone", phone}, {"password", kPassword}, {"csrf", token}});
        EXPECT_EQ(res->status, 303) << res->body;
        std::string session;
        const std::string session_cookie = res->get_header_value("Set-Cookie");
        if (std::regex_search(session_cookie, match, std::regex("xiangke_session=([0-9a-f]+)"))) {
            session = match[1];
        }
        return std::make_pair(res->get_header_value("Location"), session);
    };
    auto [admin_home, admin_session] = login("/admin/login", kCountyAdminA);
    EXPECT_EQ(admin_home, "/admin/");
    EXPECT_EQ(page("/admin/", admin_session)->status, 200);
    EXPECT_EQ(login("/agent/login", kCountyAdminA).first, "/admin/");
    EXPECT_EQ(login("/admin/login", kAgentA).first, "/agent/");
    // Signed in already: the login pages send a person home.
    EXPECT_EQ(page("/admin/login", admin_session)->get_header_value("Location"), "/admin/");
    EXPECT_EQ(page("/agent/login", admin_session)->get_header_value("Location"), "/admin/");
    // Wrong password: the admin form again, in Chinese.
    auto form = http->Get("/admin/login");
    std::smatch match;
    std::string set_cookie = form->get_header_value("Set-Cookie");
    ASSERT_TRUE(std::regex_search(set_cookie, match, std::regex("xiangke_login_csrf=([0-9a-f]+)")));
    auto wrong = http->Post("/admin/login", {{"Cookie", "xiangke_login_csrf=" + match[1].str()}},
                            httplib::Params{{"phone", kCountyAdminA}, {"password", "nope-nope"}, {"csrf", match[1]}});
    EXPECT_EQ(wrong->status, 401);
    EXPECT_TRUE(has(wrong, "手机号或密码不对"));
    EXPECT_TRUE(has(wrong, "action=\"/admin/login\""));
}

TEST_F(AdminPages, EveryPageRendersWithDataAndTheNavigation) {
    std::string waiting = push_request(kiosk_a, "2222221", "13812340003");
    std::string held = push_request(kiosk_a, "2222222", "13812340004");
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + held + "/claim", json::object(), session_token(kAgentA))->status,
              200);
    const std::string admin = session_token(kCountyAdminA);
    ASSERT_EQ(form_post("/admin/notices", admin,
                        {{"title", "水稻病虫害防治培训"},
                         {"body", "周五上午在村委会"},
                         {"region", "330281"},
                         {"until", in_a_month()}})
                  ->status,
              303);

    auto overview = page("/admin/", admin);
    ASSERT_EQ(overview->status, 200);
    for (const char* label : {"总览", "求助", "特派员", "团队", "触摸屏", "通知", "考核", "审计"}) {
        EXPECT_TRUE(has(overview, std::string(">") + label + "</a>")) << label;
    }
    EXPECT_TRUE(has(overview, "<svg"));
    EXPECT_TRUE(has(overview, "每周收到的求助"));
    EXPECT_TRUE(has(overview, "<b>2</b>今日收到"));
    EXPECT_TRUE(has(overview, "<b>1</b>今日接单"));
    EXPECT_TRUE(has(overview, "<b>2</b>未办结求助"));
    EXPECT_TRUE(has(overview, "在线（1 小时内同步）"));
    EXPECT_TRUE(has(overview, "考核进度"));
    EXPECT_EQ(overview->get_header_value("Content-Security-Policy").find("script-src"), std::string::npos);
    EXPECT_EQ(overview->body.find("<script"), std::string::npos);

    auto list = page("/admin/requests", admin);
    ASSERT_EQ(list->status, 200);
    EXPECT_TRUE(has(list, "2222221") && has(list, "2222222"));
    EXPECT_FALSE(has(list, "13812340003"));  // masked in lists
    EXPECT_TRUE(has(list, "138****0003"));

    auto detail = page("/admin/requests/" + held, admin);
    ASSERT_EQ(detail->status, 200);
    EXPECT_TRUE(has(detail, "专家接单"));
    EXPECT_TRUE(has(detail, "陈建国"));
    EXPECT_TRUE(has(detail, "/admin/callbacks/new?request=" + held));
    EXPECT_TRUE(has(detail, "查看完整号码"));
    EXPECT_FALSE(has(detail, "13812340004"));

    auto notices = page("/admin/notices", admin);
    ASSERT_EQ(notices->status, 200);
    EXPECT_TRUE(has(notices, "水稻病虫害防治培训"));
    EXPECT_TRUE(has(notices, "提前结束"));

    auto audit = page("/admin/audit", admin);
    ASSERT_EQ(audit->status, 200);
    EXPECT_TRUE(has(audit, "发布通知"));
    (void)waiting;
}

TEST_F(AdminPages, FiltersFindByCodeStatusVillageAndDate) {
    std::string a1 = push_request(kiosk_a, "3333331", "13812340005");
    std::string a2 = push_request(kiosk_a, "3333332", "13812340006");
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + a2 + "/claim", json::object(), session_token(kAgentA))->status,
              200);
    const std::string admin = session_token(kCountyAdminA);

    auto by_code = page("/admin/requests?code=3333331", admin);
    EXPECT_TRUE(has(by_code, "3333331"));
    EXPECT_FALSE(has(by_code, "3333332"));

    auto by_status = page("/admin/requests?status=claimed", admin);
    EXPECT_TRUE(has(by_status, "3333332"));
    EXPECT_FALSE(has(by_status, ">3333331<"));

    auto by_agent = page("/admin/requests?agent=" + std::to_string(user_id(kAgentA)), admin);
    EXPECT_TRUE(has(by_agent, ">3333332<"));
    EXPECT_FALSE(has(by_agent, ">3333331<"));

    const std::string village_name = text("SELECT name FROM regions WHERE code = ?", kVillageA);
    ASSERT_FALSE(village_name.empty());
    auto by_name = page("/admin/requests?village=" + httplib::detail::encode_query_param(village_name), admin);
    EXPECT_TRUE(has(by_name, ">3333331<"));
    auto other_village = page("/admin/requests?village=330281001", admin);
    EXPECT_FALSE(has(other_village, ">3333331<"));

    auto future = page("/admin/requests?from=2099-01-01", admin);
    EXPECT_FALSE(has(future, ">3333331<"));
    auto past = page("/admin/requests?to=2000-01-01", admin);
    EXPECT_FALSE(has(past, ">3333331<"));
    auto category = page("/admin/requests?category=machinery", admin);
    EXPECT_FALSE(has(category, ">3333331<"));
    auto pest = page("/admin/requests?category=pest_disease", admin);
    EXPECT_TRUE(has(pest, ">3333331<"));
    (void)a1;
}

TEST_F(AdminPages, ACountyAdminNeverSeesTheOtherCountysRows) {
    std::string own = push_request(kiosk_a, "4444441", "13812340007");
    std::string other = push_request(kiosk_b, "4444442", "13812340008");
    const std::string admin_a = session_token(kCountyAdminA);
    const std::string admin_b = session_token(kCountyAdminB);
    // Each county admin reads one number and publishes one notice.
    ASSERT_EQ(form_post("/admin/requests/" + own + "/phone", admin_a, {})->status, 200);
    ASSERT_EQ(form_post("/admin/requests/" + other + "/phone", admin_b, {})->status, 200);
    ASSERT_EQ(form_post("/admin/notices", admin_b,
                        {{"title", "慈溪通知"}, {"body", "只给慈溪"}, {"region", "330282"}, {"until", in_a_month()}})
                  ->status,
              303);

    for (const auto& path : kAdminPages) {
        auto res = page(path, admin_a);
        ASSERT_EQ(res->status, 200) << path;
        EXPECT_FALSE(has(res, "4444442")) << path;
        EXPECT_FALSE(has(res, other)) << path;
        EXPECT_FALSE(has(res, "慈溪通知")) << path;
    }
    EXPECT_TRUE(has(page("/admin/audit", admin_a), own));
    EXPECT_TRUE(has(page("/admin/audit", admin_b), other));
    EXPECT_FALSE(has(page("/admin/audit", admin_b), own));
    EXPECT_FALSE(has(page("/admin/requests?code=4444441", admin_b), ">4444441<"));

    // The other county's request: refused on every route, and nothing changes.
    EXPECT_EQ(page("/admin/requests/" + other, admin_a)->status, 403);
    for (const char* action : {"/phone", "/reject", "/duplicate", "/reassign"}) {
        auto res = form_post("/admin/requests/" + other + action, admin_a,
                             {{"reason", "x"}, {"original", "4444441"}, {"agent_id", "1"}});
        EXPECT_EQ(res->status, 403) << action;
        EXPECT_TRUE(has(res, "不在您管理的地区内")) << action;
    }
    EXPECT_EQ(status_of(other), "received");
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'farmer_phone.read' AND object_id = ?", other), 1);
    // A notice outside the region can be neither published nor ended.
    EXPECT_EQ(form_post("/admin/notices", admin_a,
                        {{"title", "越权"}, {"body", "x"}, {"region", "330282"}, {"until", in_a_month()}})
                  ->status,
              403);
    const std::string notice_b = std::to_string(count("SELECT MAX(id) FROM notices"));
    EXPECT_EQ(form_post("/admin/notices/" + notice_b + "/end", admin_a, {})->status, 403);
    EXPECT_GT(count("SELECT until FROM notices WHERE id = ?", notice_b), core::system_now_ms());

    // The city admin sees both counties.
    const std::string city = session_token(kCityAdmin);
    auto list = page("/admin/requests", city);
    EXPECT_TRUE(has(list, "4444441") && has(list, "4444442"));
    EXPECT_EQ(page("/admin/requests/" + other, city)->status, 200);
}

TEST_F(AdminPages, TheFullNumberIsShownOnlyAfterAnAuditedPost) {
    std::string id = push_request(kiosk_a, "5555551", "13812340009");
    const std::string admin = session_token(kCountyAdminA);
    auto reads = [&] {
        return count("SELECT COUNT(*) FROM audit_log WHERE action = 'farmer_phone.read' AND object_id = ?", id);
    };
    EXPECT_FALSE(has(page("/admin/requests/" + id, admin), "13812340009"));
    EXPECT_EQ(reads(), 0);

    auto forged = form_post("/admin/requests/" + id + "/phone", admin, {}, false);
    EXPECT_EQ(forged->status, 403);
    EXPECT_FALSE(has(forged, "13812340009"));
    EXPECT_EQ(reads(), 0);

    auto revealed = form_post("/admin/requests/" + id + "/phone", admin, {});
    ASSERT_EQ(revealed->status, 200);
    EXPECT_TRUE(has(revealed, "13812340009"));
    EXPECT_EQ(reads(), 1);
    EXPECT_EQ(text("SELECT region_code FROM audit_log WHERE action = 'farmer_phone.read' AND object_id = ?", id),
              kVillageA);
    EXPECT_EQ(text("SELECT actor_id FROM audit_log WHERE action = 'farmer_phone.read' AND object_id = ?", id),
              std::to_string(user_id(kCountyAdminA)));
    // The audit page names who read it.
    EXPECT_TRUE(has(page("/admin/audit?action=farmer_phone.read", admin), "查看农户电话"));
}

TEST_F(AdminPages, ReassignRejectAndDuplicateAreEventsAndAudited) {
    const std::string admin = session_token(kCountyAdminA);
    const std::string agent_a = std::to_string(user_id(kAgentA));
    const std::string agent_b = std::to_string(user_id(kAgentB));

    // Held by A, given to B: reassigned then assigned, a new lease, B is told.
    std::string held = push_request(kiosk_a, "6666661", "13812340010");
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + held + "/claim", json::object(), session_token(kAgentA))->status,
              200);
    auto detail = page("/admin/requests/" + held, admin);
    EXPECT_TRUE(has(detail, "<option value=\"" + agent_b + "\">"));
    auto forged = form_post("/admin/requests/" + held + "/reassign", admin, {{"agent_id", agent_b}}, false);
    EXPECT_EQ(forged->status, 403);
    EXPECT_EQ(text("SELECT holder_id FROM requests WHERE id = ?", held), agent_a);

    auto moved = form_post("/admin/requests/" + held + "/reassign", admin, {{"agent_id", agent_b}});
    ASSERT_EQ(moved->status, 303) << moved->body;
    EXPECT_EQ(moved->get_header_value("Location"), "/admin/requests/" + held);
    EXPECT_EQ(status_of(held), "claimed");
    EXPECT_EQ(text("SELECT holder_id FROM requests WHERE id = ?", held), agent_b);
    EXPECT_EQ(text("SELECT group_concat(kind || ':' || actor, ',') FROM (SELECT kind, actor FROM request_events WHERE "
                   "request_id = ? ORDER BY id)",
                   held),
              "received:kiosk,claimed:agent,reassigned:admin,assigned:admin");
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'request.reassign' AND object_id = ?", held), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM scheduled_timers WHERE request_id = ? AND kind = 'lease_expiry' AND "
                    "agent_id = " +
                        agent_b,
                    held),
              1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE request_id = ? AND user_id = " + agent_b, held), 1);
    // Giving it to its holder again is refused in words.
    auto same = form_post("/admin/requests/" + held + "/reassign", admin, {{"agent_id", agent_b}});
    EXPECT_EQ(same->status, 409);
    EXPECT_TRUE(has(same, "已经在处理"));
    auto timeline = page("/admin/requests/" + held, admin);
    EXPECT_TRUE(has(timeline, "管理员改派"));

    // Rejected with a reason.
    std::string spam = push_request(kiosk_a, "6666662", "13812340011");
    EXPECT_EQ(form_post("/admin/requests/" + spam + "/reject", admin, {{"reason", ""}})->status, 400);
    EXPECT_EQ(status_of(spam), "received");
    ASSERT_EQ(form_post("/admin/requests/" + spam + "/reject", admin, {{"reason", "测试信息，不是求助"}})->status, 303);
    EXPECT_EQ(status_of(spam), "rejected");
    EXPECT_EQ(text("SELECT reason FROM request_events WHERE request_id = ? AND kind = 'rejected'", spam),
              "测试信息，不是求助");
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'request.reject' AND object_id = ?", spam), 1);
    // A closed request takes no more actions.
    auto again = form_post("/admin/requests/" + spam + "/reject", admin, {{"reason", "再来"}});
    EXPECT_EQ(again->status, 409);

    // Closed as a duplicate of an earlier request: rejected with reason duplicate:CODE.
    std::string copy = push_request(kiosk_a, "6666663", "13812340010");
    EXPECT_EQ(form_post("/admin/requests/" + copy + "/duplicate", admin, {{"original", "9999999"}})->status, 409);
    ASSERT_EQ(form_post("/admin/requests/" + copy + "/duplicate", admin, {{"original", "6666661"}})->status, 303);
    EXPECT_EQ(status_of(copy), "rejected");
    EXPECT_EQ(text("SELECT reason FROM request_events WHERE request_id = ? AND kind = 'rejected'", copy),
              "duplicate:6666661");
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'request.duplicate' AND object_id = ?", copy), 1);
    EXPECT_TRUE(has(page("/admin/requests/" + copy, admin), "重复求助（原求助码 6666661）"));
    // The kiosk hears every change of status.
    auto changes = pull_all(kiosk_a);
    bool told = false;
    for (const auto& c : changes) {
        told = told || (c.value("request_id", "") == copy && c.value("status", "") == "rejected");
    }
    EXPECT_TRUE(told);
}

TEST_F(AdminPages, NoticesReachTheRegionsKiosksAndEndEarly) {
    const std::string admin = session_token(kCountyAdminA);
    const int64_t cursor = [&] {
        auto changes = pull_all(kiosk_a);
        return changes.empty() ? int64_t{0} : changes.back()["seq"].get<int64_t>();
    }();
    auto bad = form_post("/admin/notices", admin,
                         {{"title", ""}, {"body", "x"}, {"region", "330281"}, {"until", in_a_month()}});
    EXPECT_EQ(bad->status, 400);
    auto past = form_post("/admin/notices", admin,
                          {{"title", "旧"}, {"body", "x"}, {"region", "330281"}, {"until", "2001-01-01"}});
    EXPECT_EQ(past->status, 400);
    ASSERT_EQ(form_post("/admin/notices", admin,
                        {{"title", "防汛提醒"}, {"body", "台风将至"}, {"region", "330281"}, {"until", in_a_month()}})
                  ->status,
              303);
    const std::string notice = std::to_string(count("SELECT MAX(id) FROM notices"));
    auto changes = pull_all(kiosk_a, cursor);
    ASSERT_EQ(changes.size(), 1u) << changes.dump();
    EXPECT_EQ(changes[0]["type"], "notice");
    EXPECT_EQ(changes[0]["title"], "防汛提醒");
    EXPECT_TRUE(pull_all(kiosk_b, 0).dump().find("防汛提醒") == std::string::npos);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.add' AND object_id = ? AND actor_type = "
                    "'user' AND region_code = '330281'",
                    notice),
              1);

    ASSERT_EQ(form_post("/admin/notices/" + notice + "/end", admin, {})->status, 303);
    auto ended = pull_all(kiosk_a, changes[0]["seq"].get<int64_t>());
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0]["type"], "notice");
    EXPECT_LE(ended[0]["until"].get<int64_t>(), core::system_now_ms());
    EXPECT_EQ(ended[0]["notice_id"].get<int64_t>(), std::stoll(notice));
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.end' AND object_id = ?", notice), 1);
    EXPECT_TRUE(has(page("/admin/notices", admin), "已结束"));
}

TEST_F(AdminPages, EntriesWithoutARegionArePlacedByTheirActorsHomeRegion) {
    // A login (written without a region) by an agent of 330281 shows to that county's admin only.
    {
        backend::Database db(db_path);
        db.exec("INSERT INTO audit_log(at, actor_type, actor_id, action, object_type, object_id) VALUES (1, 'user', '" +
                std::to_string(user_id(kAgentA)) + "', 'login', 'session', 'probe-a')");
        db.exec("INSERT INTO audit_log(at, actor_type, actor_id, action, object_type, object_id) VALUES (1, 'user', '" +
                std::to_string(user_id(kAgentC)) + "', 'login', 'session', 'probe-c')");
        db.exec(
            "INSERT INTO audit_log(at, actor_type, action, object_type, object_id) VALUES (1, 'operator', "
            "'kiosk.revoke', 'kiosk', 'probe-operator')");
    }
    auto a = page("/admin/audit?action=login", session_token(kCountyAdminA));
    EXPECT_TRUE(has(a, "probe-a"));
    EXPECT_FALSE(has(a, "probe-c"));
    auto b = page("/admin/audit?action=login", session_token(kCountyAdminB));
    EXPECT_TRUE(has(b, "probe-c"));
    EXPECT_FALSE(has(b, "probe-a"));
    auto city = page("/admin/audit", session_token(kCityAdmin));
    EXPECT_TRUE(has(city, "probe-a") && has(city, "probe-c"));
    EXPECT_FALSE(has(city, "probe-operator"));  // no region, no person: for the operator's own log
    auto by_object = page("/admin/audit?object=probe-a", session_token(kCityAdmin));
    EXPECT_TRUE(has(by_object, "probe-a"));
    EXPECT_FALSE(has(by_object, "probe-c"));
}

TEST_F(AdminPages, TheOverviewListsOverdueRequestsOfTheRegionOnly) {
    std::string waiting = push_request(kiosk_a, "7777771", "13812340012");
    std::string held = push_request(kiosk_a, "7777772", "13812340013");
    std::string fresh = push_request(kiosk_a, "7777773", "13812340014");
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + held + "/claim", json::object(), session_token(kAgentA))->status,
              200);
    {
        // Five hours without a change (the offer SLA is four), and a lease that ran out unreleased
        // (the scheduler is off in these tests).
        backend::Database db(db_path);
        db.exec("UPDATE requests SET updated_at = updated_at - 5 * 3600000 WHERE id = '" + waiting + "'");
        db.exec("UPDATE scheduled_timers SET due_at = due_at - 25 * 3600000 WHERE request_id = '" + held + "'");
    }
    auto overview = page("/admin/", session_token(kCountyAdminA));
    ASSERT_EQ(overview->status, 200);
    const std::string& body = overview->body;
    const size_t section = body.find("逾期（2）");
    ASSERT_NE(section, std::string::npos) << body;
    EXPECT_NE(body.find(">7777771</a>", section), std::string::npos);
    EXPECT_NE(body.find(">7777772</a>", section), std::string::npos);
    EXPECT_EQ(body.find(">7777773</a>"), std::string::npos);
    EXPECT_NE(body.find("超时无人接单"), std::string::npos);
    EXPECT_NE(body.find("接单后超时未联系"), std::string::npos);
    auto other = page("/admin/", session_token(kCountyAdminB));
    EXPECT_NE(other->body.find("逾期（0）"), std::string::npos);
    EXPECT_EQ(other->body.find("7777771"), std::string::npos);
    (void)fresh;
}
