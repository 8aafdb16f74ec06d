// The administrator's 特派员, 团队 and 触摸屏 pages over real HTTP: an agent added on the page logs
// in, deactivation and a password reset end the agent's sessions, the CSV import writes all rows
// or none, enrollment codes enroll a real kiosk, revocation refuses its next call, and nothing of
// another county can be seen or changed.
#include <gtest/gtest.h>

#include <regex>

#include "backend_fixture.h"
#include "crypto.h"
#include "store/users.h"
#include "web/form.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

class AdminManage : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        db_path = seeded_database(dir.path());
        start_server();
        admin = session_token(kCountyAdminA);
    }

    httplib::Headers cookie(const std::string& session) const { return {{"Cookie", "xiangke_session=" + session}}; }

    // A form posted as the browser would, with the session's CSRF token.
    httplib::Result form_post(const std::string& path, httplib::Params params, const std::string& session = "") {
        const std::string& who = session.empty() ? admin : session;
        params.emplace(backend::web::kCsrfField, backend::web::csrf_token(who));
        return http->Post(path.c_str(), cookie(who), params);
    }
    httplib::Result page(const std::string& path, const std::string& session = "") {
        return http->Get(path.c_str(), cookie(session.empty() ? admin : session));
    }
    httplib::Result upload(const std::string& path, const std::string& csv) {
        httplib::MultipartFormDataItems items = {
            {backend::web::kCsrfField, backend::web::csrf_token(admin), "", ""},
            {"file", csv, "agents.csv", "text/csv"},
        };
        return http->Post(path.c_str(), cookie(admin), items);
    }
    httplib::Result login(const std::string& phone, const std::string& password) {
        return post_json("/api/v1/auth/login", {{"phone", phone}, {"password", password}});
    }

    static httplib::Params agent_form(const std::string& name, const std::string& phone) {
        return {{"name", name},
                {"phone", phone},
                {"type", "individual"},
                {"region", "330281"},
                {"expertise", "水稻，planting"},
                {"service_regions", "330281"},
                {"capacity", "4"},
                {"team", ""},
                {"password", ""}};
    }

    static std::string first_match(const std::string& text, const std::string& pattern) {
        std::smatch m;
        return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
    }

    std::string admin;
};

TEST_F(AdminManage, AnAgentAddedOnThePageLogsInWithTheGeneratedPassword) {
    auto added = form_post("/admin/agents", agent_form("新特派员", "13905740188"));
    ASSERT_TRUE(added);
    ASSERT_EQ(added->status, 201) << added->body;
    std::string password = first_match(added->body, "letter-spacing:2px\">([a-z0-9]{12})<");
    ASSERT_EQ(password.size(), 12u) << added->body;
    std::string id = first_match(added->body, "href=\"/admin/agents/([0-9]+)\"");
    ASSERT_FALSE(id.empty());

    auto session = login("13905740188", password);
    ASSERT_EQ(session->status, 200) << session->body;
    auto list = page("/admin/agents?q=" + httplib::detail::encode_query_param("新特派员"));
    ASSERT_EQ(list->status, 200);
    EXPECT_NE(list->body.find(">新特派员</a>"), std::string::npos);
    EXPECT_NE(list->body.find("139****0188"), std::string::npos);
    EXPECT_EQ(list->body.find("13905740188"), std::string::npos) << "a full phone number in the list";
    auto profile = page("/admin/agents/" + id);
    ASSERT_EQ(profile->status, 200);
    EXPECT_NE(profile->body.find("水稻"), std::string::npos);

    // The same phone again is refused and the first account is left alone.
    auto again = form_post("/admin/agents", agent_form("重复的人", "13905740188"));
    EXPECT_EQ(again->status, 400);
    EXPECT_NE(again->body.find("已经有账号"), std::string::npos);
    // Unknown expertise is refused like `user add --expertise`.
    auto params = agent_form("词表外", "13905740187");
    params.erase("expertise");
    params.emplace("expertise", "不存在的作物");
    EXPECT_EQ(form_post("/admin/agents", params)->status, 400);
    EXPECT_EQ(login("13905740187", "whatever-password")->status, 401);
}

TEST_F(AdminManage, DeactivationEndsTheAgentsSessionsAndReactivationNeedsANewLogin) {
    const std::string agent_token = session_token(kAgentA);
    ASSERT_EQ(get("/api/v1/agent/me", agent_token)->status, 200);
    const std::string path = "/admin/agents/" + std::to_string(user_id(kAgentA));

    // Without the confirmation box nothing happens.
    EXPECT_EQ(form_post(path + "/active", {{"active", "0"}})->status, 400);
    EXPECT_EQ(get("/api/v1/agent/me", agent_token)->status, 200);

    auto off = form_post(path + "/active", {{"active", "0"}, {"confirm", "1"}});
    ASSERT_EQ(off->status, 303) << off->body;
    EXPECT_EQ(get("/api/v1/agent/me", agent_token)->status, 401);
    auto agent_page = http->Get("/agent/", cookie(agent_token));
    EXPECT_EQ(agent_page->status, 303);
    EXPECT_EQ(login(kAgentA, kPassword)->status, 401);
    auto profile = page(path);
    EXPECT_NE(profile->body.find("已停用"), std::string::npos);
    // Audited with the agent's region: this county's 审计 page shows it, the other county's does not.
    EXPECT_NE(page("/admin/audit")->body.find("<td>停用特派员</td>"), std::string::npos);
    EXPECT_EQ(page("/admin/audit", session_token(kCountyAdminB))->body.find("<td>停用特派员</td>"), std::string::npos);

    ASSERT_EQ(form_post(path + "/active", {{"active", "1"}, {"confirm", "1"}})->status, 303);
    EXPECT_EQ(get("/api/v1/agent/me", agent_token)->status, 401) << "an ended session stays ended";
    EXPECT_EQ(login(kAgentA, kPassword)->status, 200);
}

TEST_F(AdminManage, PasswordResetShowsANewPasswordOnceAndEndsSessions) {
    const std::string agent_token = session_token(kAgentB);
    const std::string path = "/admin/agents/" + std::to_string(user_id(kAgentB)) + "/password";
    auto reset = form_post(path, {{"confirm", "1"}});
    ASSERT_EQ(reset->status, 200) << reset->body;
    std::string password = first_match(reset->body, "letter-spacing:2px\">([a-z0-9]{12})<");
    ASSERT_EQ(password.size(), 12u);
    EXPECT_EQ(get("/api/v1/agent/me", agent_token)->status, 401);
    EXPECT_EQ(login(kAgentB, kPassword)->status, 401);
    EXPECT_EQ(login(kAgentB, password)->status, 200);
}

TEST_F(AdminManage, LeaveSetOnThePageIsTheAgentsOwnLeave) {
    const std::string path = "/admin/agents/" + std::to_string(user_id(kAgentA)) + "/leave";
    EXPECT_EQ(form_post(path, {{"from", "2020-01-01"}, {"to", "2020-01-02"}})->status, 400) << "ended already";
    const int64_t now = core::system_now_ms();
    const std::string from = core::format_shanghai_date(now);
    const std::string to = core::format_shanghai_date(now + 2 * core::kDayMs);
    ASSERT_EQ(form_post(path, {{"from", from}, {"to", to}})->status, 303);
    auto leave = get("/api/v1/agent/leave", session_token(kAgentA));
    ASSERT_EQ(leave->status, 200);
    EXPECT_NE(leave->body.find(to), std::string::npos) << leave->body;
    EXPECT_NE(page("/admin/agents/" + std::to_string(user_id(kAgentA)))->body.find(to), std::string::npos);
    ASSERT_EQ(form_post(path, {{"clear", "1"}})->status, 303);
    EXPECT_EQ(get("/api/v1/agent/leave", session_token(kAgentA))->body.find(to), std::string::npos);
}

TEST_F(AdminManage, CsvImportWritesEveryRowOrNoneAndNamesEachBadLine) {
    const std::string good =
        "name,phone,region,expertise,service_regions,capacity,team,password,type\n"
        "导入一,13905740171,330281,水稻,330281,3,,,individual\n"
        "导入二,13905740172,330281106,水稻;planting,330281106,2,,import-pass-1,team\n";
    auto ok = upload("/admin/agents/import", good);
    ASSERT_EQ(ok->status, 200) << ok->body;
    EXPECT_NE(ok->body.find("新增 2 人"), std::string::npos) << ok->body;
    std::string generated = first_match(ok->body, "<b>([a-z0-9]{12})</b>");
    ASSERT_EQ(generated.size(), 12u) << ok->body;
    EXPECT_EQ(login("13905740171", generated)->status, 200);
    EXPECT_EQ(login("13905740172", "import-pass-1")->status, 200);

    const std::string bad =
        "name,phone,region,expertise,service_regions,capacity,team,password,type\n"
        "好的一行,13905740173,330281,水稻,330281,3,,,\n"
        "坏手机号,12345,330281,水稻,330281,3,,,\n"
        "外县,13905740174,330282,水稻,330282,3,,,\n"
        "外县服务,13905740175,330281,水稻,330282,3,,,\n";
    auto refused = upload("/admin/agents/import", bad);
    ASSERT_EQ(refused->status, 400) << refused->body;
    EXPECT_NE(refused->body.find("3 处问题"), std::string::npos) << refused->body;
    for (const char* line : {">3<", ">4<", ">5<"}) {
        EXPECT_NE(refused->body.find(line), std::string::npos) << line;
    }
    EXPECT_EQ(refused->body.find(">2<"), std::string::npos) << "the good line is no problem";
    auto list = page("/admin/agents?q=" + httplib::detail::encode_query_param("好的一行"));
    EXPECT_EQ(list->body.find(">好的一行</a>"), std::string::npos) << "nothing of a bad file is imported";
}

TEST_F(AdminManage, AnotherCountysAgentsTeamsAndKiosksAreRefused) {
    const std::string other_agent = "/admin/agents/" + std::to_string(user_id(kAgentC));
    EXPECT_EQ(page(other_agent)->status, 403);
    EXPECT_EQ(form_post(other_agent + "/active", {{"active", "0"}, {"confirm", "1"}})->status, 403);
    EXPECT_EQ(get("/api/v1/agent/me", session_token(kAgentC))->status, 200);
    EXPECT_EQ(page("/admin/agents")->body.find("13905740201"), std::string::npos);

    // Service regions or a home region outside the admin's region.
    auto params = agent_form("越界服务", "13905740181");
    params.erase("service_regions");
    params.emplace("service_regions", "330281, 330282");
    EXPECT_EQ(form_post("/admin/agents", params)->status, 403);
    auto home = agent_form("越界居住", "13905740182");
    home.erase("region");
    home.emplace("region", "330282");
    EXPECT_EQ(form_post("/admin/agents", home)->status, 403);
    EXPECT_EQ(login("13905740181", "x-password-1")->status, 401);
    auto edit = agent_form("改到外县", "");
    edit.erase("service_regions");
    edit.emplace("service_regions", "330282002");
    EXPECT_EQ(form_post("/admin/agents/" + std::to_string(user_id(kAgentA)), edit)->status, 403);

    // A team of the other county, made by that county's admin.
    const std::string other_admin = session_token(kCountyAdminB);
    auto team = form_post("/admin/teams", {{"name", "慈溪水稻队"}, {"region", "330282"}}, other_admin);
    ASSERT_EQ(team->status, 303) << team->body;
    const std::string team_path = team->get_header_value("Location");
    EXPECT_EQ(page(team_path, other_admin)->status, 200);
    EXPECT_EQ(page(team_path)->status, 403);
    EXPECT_EQ(form_post(team_path, {{"name", "抢来的队"}, {"region", "330281"}, {"leader", ""}})->status, 403);
    EXPECT_EQ(page("/admin/teams")->body.find("慈溪水稻队"), std::string::npos);
    // Nor can a team be made outside the region, or take over another county's team by its name.
    EXPECT_EQ(form_post("/admin/teams", {{"name", "外县队"}, {"region", "330282"}})->status, 403);
    EXPECT_EQ(form_post("/admin/teams", {{"name", "慈溪水稻队"}, {"region", "330281"}})->status, 400);

    auto other_kiosk = enroll(kVillageB);
    EXPECT_EQ(page("/admin/kiosks/" + other_kiosk.id)->status, 403);
    EXPECT_EQ(form_post("/admin/kiosks/" + other_kiosk.id + "/revoke", {{"confirm", "1"}})->status, 403);
    EXPECT_EQ(pull(other_kiosk, 0)->status, 200);
    EXPECT_EQ(form_post("/admin/kiosks/codes", {{"village", kVillageB}})->status, 403);
    EXPECT_EQ(page("/admin/kiosks")->body.find(other_kiosk.id), std::string::npos);
}

TEST_F(AdminManage, AnIssuedCodeEnrollsARealKioskAndRevocationRefusesItsNextCall) {
    auto search = page("/admin/kiosks?village_q=" + httplib::detail::encode_query_param("渚山"));
    ASSERT_EQ(search->status, 200);
    EXPECT_NE(search->body.find(kVillageA), std::string::npos) << "the village search finds 渚山村委会";

    auto sheet = form_post("/admin/kiosks/codes", {{"village", kVillageA}});
    ASSERT_EQ(sheet->status, 201) << sheet->body;
    std::string code = first_match(sheet->body, "<p class=\"big\">([^<]+)</p>");
    ASSERT_FALSE(code.empty()) << sheet->body;
    EXPECT_NE(sheet->body.find("xiangke-kiosk enroll --backend"), std::string::npos);
    EXPECT_NE(sheet->body.find("@page{size:A4"), std::string::npos);
    EXPECT_EQ(sheet->get_header_value("Location"), "");

    auto enrolled =
        post_json("/api/v1/kiosks/enroll",
                  {{"enrollment_code", code}, {"device_name", "admin-page-kiosk"}, {"protocol_version", 1}});
    ASSERT_EQ(enrolled->status, 201) << enrolled->body;
    auto answer = json::parse(enrolled->body);
    Kiosk kiosk{answer["kiosk_id"], answer["token"], kVillageA};

    // The kiosk says what it runs with its push; the list shows it.
    auto pushed = http->Post("/api/v1/sync/push", bearer(kiosk.token),
                             json{{"protocol_version", 1},
                                  {"ops", json::array()},
                                  {"client", {{"app_version", "0.9.1"}, {"content_version", 7}, {"outbox", 3}}}}
                                 .dump(),
                             "application/json");
    ASSERT_EQ(pushed->status, 200) << pushed->body;
    auto too_long = http->Post(
        "/api/v1/sync/push", bearer(kiosk.token),
        json{{"protocol_version", 1}, {"ops", json::array()}, {"client", {{"app_version", std::string(200, 'x')}}}}
            .dump(),
        "application/json");
    EXPECT_EQ(too_long->status, 400);
    auto list = page("/admin/kiosks");
    ASSERT_EQ(list->status, 200);
    EXPECT_NE(list->body.find("admin-page-kiosk"), std::string::npos);
    EXPECT_NE(list->body.find("0.9.1"), std::string::npos);
    EXPECT_NE(list->body.find("在线"), std::string::npos);
    auto detail = page("/admin/kiosks/" + kiosk.id);
    ASSERT_EQ(detail->status, 200);
    EXPECT_NE(detail->body.find(">7<"), std::string::npos);
    EXPECT_NE(detail->body.find(">3<"), std::string::npos);

    EXPECT_EQ(form_post("/admin/kiosks/" + kiosk.id + "/revoke", {})->status, 400) << "a confirmation is needed";
    EXPECT_EQ(pull(kiosk, 0)->status, 200);
    auto revoked = form_post("/admin/kiosks/" + kiosk.id + "/revoke", {{"confirm", "1"}});
    ASSERT_EQ(revoked->status, 303);
    EXPECT_EQ(pull(kiosk, 0)->status, 401);
    EXPECT_NE(page("/admin/kiosks/" + kiosk.id)->body.find("已停用"), std::string::npos);
}

TEST_F(AdminManage, TeamsHaveMembersAndALeaderChosenAmongThem) {
    auto made = form_post("/admin/teams", {{"name", "余姚植保队"}, {"region", "330281"}});
    ASSERT_EQ(made->status, 303) << made->body;
    const std::string team_path = made->get_header_value("Location");
    const std::string team_id = team_path.substr(team_path.rfind('/') + 1);
    const std::string agent = std::to_string(user_id(kAgentA));

    // A leader who is not a member is refused.
    EXPECT_EQ(form_post(team_path, {{"name", "余姚植保队"}, {"region", "330281"}, {"leader", agent}})->status, 400);
    auto join = agent_form("张三", "");
    join.erase("team");
    join.emplace("team", team_id);
    ASSERT_EQ(form_post("/admin/agents/" + agent, join)->status, 303);
    ASSERT_EQ(form_post(team_path, {{"name", "余姚植保队"}, {"region", "330281"}, {"leader", agent}})->status, 303);
    auto team = page(team_path);
    ASSERT_EQ(team->status, 200);
    EXPECT_NE(team->body.find("负责人 张三"), std::string::npos) << team->body;
    EXPECT_NE(team->body.find("href=\"/admin/agents/" + agent + "\""), std::string::npos);
    auto list = page("/admin/teams");
    EXPECT_NE(list->body.find("余姚植保队"), std::string::npos);
    // The edit kept the agent's phone (left empty) and login.
    EXPECT_EQ(login(kAgentA, kPassword)->status, 200);
}

TEST_F(AdminManage, TheListComesInPagesThatKeepTheFilters) {
    {
        // Thirty agents written as `user add` writes them (one password hash: Argon2 is slow).
        backend::Database db(db_path);
        const std::string hash = backend::crypto::hash_password("page-test-password");
        backend::with_write_transaction(db, [&] {
            for (int i = 0; i < 30; ++i) {
                char phone[16];
                std::snprintf(phone, sizeof phone, "1390574%04d", 3000 + i);
                backend::NewUser user{backend::Role::Agent,
                                      "330281",
                                      "翻页" + std::to_string(100 + i),
                                      phone,
                                      "",
                                      {"planting"},
                                      {"330281"},
                                      5,
                                      ""};
                ASSERT_TRUE(backend::insert_user(db, user, phone, hash, core::system_now_ms()).ok());
            }
        });
    }
    const std::string query = "/admin/agents?q=" + httplib::detail::encode_query_param("翻页");
    auto first = page(query);
    ASSERT_EQ(first->status, 200);
    auto second = page(query + "&page=2");
    ASSERT_EQ(second->status, 200);
    int on_first = 0;
    int on_second = 0;
    for (int i = 0; i < 30; ++i) {
        const std::string name = ">翻页" + std::to_string(100 + i) + "</a>";
        const bool a = first->body.find(name) != std::string::npos;
        const bool b = second->body.find(name) != std::string::npos;
        EXPECT_NE(a, b) << name << " is on exactly one page";
        on_first += a ? 1 : 0;
        on_second += b ? 1 : 0;
    }
    EXPECT_EQ(on_first, 25);
    EXPECT_EQ(on_second, 5);
    EXPECT_NE(first->body.find("page=2\">下一页"), std::string::npos);
    EXPECT_NE(second->body.find("page=1\">上一页"), std::string::npos);
    EXPECT_EQ(second->body.find("下一页"), std::string::npos);
    EXPECT_EQ(first->body.find(">陈建国</a>"), std::string::npos) << "the filter holds on every page";
}

TEST_F(AdminManage, AFormWithoutTheCsrfTokenChangesNothing) {
    const std::string path = "/admin/agents/" + std::to_string(user_id(kAgentA)) + "/active";
    auto forged = http->Post(path.c_str(), cookie(admin), httplib::Params{{"active", "0"}, {"confirm", "1"}});
    EXPECT_EQ(forged->status, 403);
    EXPECT_EQ(get("/api/v1/agent/me", session_token(kAgentA))->status, 200);
    auto forged_code = http->Post("/admin/kiosks/codes", cookie(admin), httplib::Params{{"village", kVillageA}});
    EXPECT_EQ(forged_code->status, 403);
}

TEST_F(AdminManage, AgentsCannotOpenTheManagementPages) {
    const std::string agent = session_token(kAgentA);
    for (const char* path : {"/admin/agents", "/admin/teams", "/admin/kiosks"}) {
        EXPECT_EQ(page(path, agent)->status, 403) << path;
    }
}

}  // namespace
