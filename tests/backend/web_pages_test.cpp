// The agent's pages over real HTTP: login redirect, login form and its CSRF cookie, CSRF refusal,
// page size, escaping, the farmer's phone only for the holder (audited), a visit with a photo
// checked by content, complaint notifications on the home page, the admin notification log, and
// the public progress page without personal data.
#include <gtest/gtest.h>

#include <regex>

#include "backend_fixture.h"
#include "crypto.h"
#include "store/database.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

constexpr size_t kMaxPageBytes = 60 * 1024;
constexpr const char* kToken = "01HZX3Q4W5E6R7T8Y9ABCDEFGH";

// The smallest PNG header a browser would accept the dimensions of (a 2x3 image).
std::string tiny_png() {
    std::string png("\x89PNG\r\n\x1a\n", 8);
    png += std::string("\0\0\0\x0d", 4) + "IHDR" + std::string("\0\0\0\x02\0\0\0\x03\x08\x02\0\0\0", 13);
    png += std::string("\0\0\0\0", 4);  // CRC (not checked by the server)
    return png;
}

class WebPages : public BackendTest {
protected:
    void SetUp() override {
        db_path = seeded_database(dir.path());
        start_server("[matching]\nscheduler = false\n");
    }

    httplib::Headers cookie(const std::string& session) const { return {{"Cookie", "xiangke_session=" + session}}; }

    std::string csrf_of(const std::string& html) {
        std::smatch match;
        if (std::regex_search(html, match, std::regex("name=\"csrf\" value=\"([0-9a-f]{32})\""))) {
            return match[1];
        }
        return "";
    }

    httplib::Result page(const std::string& path, const std::string& session) {
        return http->Get(path.c_str(), cookie(session));
    }

    httplib::Result form_post(const std::string& path, const std::string& session, httplib::Params params) {
        return http->Post(path.c_str(), cookie(session), params);
    }

    // A page's CSRF token for this session, read from the page as a browser would.
    std::string csrf_for(const std::string& session) {
        auto home = page("/agent/history", session);
        EXPECT_EQ(home->status, 200);
        return csrf_of(home->body);
    }

    std::string push_request(const Kiosk& kiosk, json changes) {
        std::string id = new_id();
        json payload = create_payload(id, kiosk.village);
        payload.update(changes);
        auto results = push_ok(kiosk, json::array({op("request.create", payload)}));
        EXPECT_EQ(results[0]["status"], "applied") << results.dump();
        return id;
    }

    std::string status_of(const std::string& request_id) {
        backend::Database db(db_path);
        auto query = db.prepare("SELECT status FROM requests WHERE id = ?");
        query.bind(1, request_id);
        query.step();
        return query.column(0).getString();
    }

    int64_t count(const std::string& sql, const std::string& arg) {
        backend::Database db(db_path);
        auto query = db.prepare(sql);
        query.bind(1, arg);
        query.step();
        return query.column(0).getInt64();
    }
};

}  // namespace

TEST_F(WebPages, WithoutASessionEveryAgentPageRedirectsToLogin) {
    Kiosk kiosk = enroll();
    std::string id = create_request(kiosk);
    for (const std::string& path : std::vector<std::string>{"/agent/", "/agent/history", "/agent/trainings",
                                                            "/agent/leave", "/agent/requests/" + id}) {
        auto res = http->Get(path.c_str());
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 303) << path;
        EXPECT_EQ(res->get_header_value("Location"), "/agent/login") << path;
    }
    auto claim = http->Post(("/agent/requests/" + id + "/claim").c_str(), httplib::Params{});
    EXPECT_EQ(claim->status, 303);
    EXPECT_EQ(status_of(id), "received");
    // An expired or unknown session is no session.
    EXPECT_EQ(page("/agent/", "not-a-session")->status, 303);
}

TEST_F(WebPages, LoginFormSetsAnHttpOnlyStrictSessionCookie) {
    auto form = http->Get("/agent/login");
    ASSERT_EQ(form->status, 200);
    EXPECT_NE(form->body.find("登录"), std::string::npos);
    std::string login_cookie = form->get_header_value("Set-Cookie");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(login_cookie, match, std::regex("xiangke_login_csrf=([0-9a-f]+)")));
    const std::string token = match[1];
    httplib::Headers with_cookie = {{"Cookie", "xiangke_login_csrf=" + token}};

    // Without the form's token the login is refused before the password is checked.
    auto forged = http->Post("/agent/login", with_cookie, httplib::Params{{"phone", kAgentA}, {"password", kPassword}});
    EXPECT_EQ(forged->status, 400);
    EXPECT_NE(forged->body.find("页面已过期"), std::string::npos);
    EXPECT_EQ(forged->get_header_value("Set-Cookie").find("xiangke_session="), std::string::npos);

    auto wrong = http->Post("/agent/login", with_cookie,
                            httplib::Params{{"phone", kAgentA}, {"password", "nope-nope"}, {"csrf", token}});
    EXPECT_EQ(wrong->status, 401);
    EXPECT_NE(wrong->body.find("手机号或密码不对"), std::string::npos);

    auto ok = http->Post("/agent/login", with_cookie,
                         httplib::Params{{"phone", kAgentA}, {"password", kPassword}, {"csrf", token}});
    ASSERT_EQ(ok->status, 303) << ok->body;
    EXPECT_EQ(ok->get_header_value("Location"), "/agent/");
    std::string session_cookie = ok->get_header_value("Set-Cookie");
    EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(session_cookie.find("SameSite=Strict"), std::string::npos);
    ASSERT_TRUE(std::regex_search(session_cookie, match, std::regex("xiangke_session=([0-9a-f]+)")));
    auto home = page("/agent/", match[1]);
    EXPECT_EQ(home->status, 200);
    EXPECT_NE(home->body.find("可接的求助"), std::string::npos);

    // Logging out ends the session: the pages send the browser back to the login page.
    const std::string session = match[1];
    auto out = form_post("/agent/logout", session, {{"csrf", csrf_of(home->body)}});
    EXPECT_EQ(out->status, 200);
    EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(page("/agent/", session)->status, 303);
}

TEST_F(WebPages, APostWithoutTheSessionsCsrfTokenIsRefused) {
    Kiosk kiosk = enroll();
    std::string id = create_request(kiosk);
    std::string session = session_token(kAgentA);
    std::string other_session = session_token(kAgentB);

    auto missing = form_post("/agent/requests/" + id + "/claim", session, {});
    EXPECT_EQ(missing->status, 403);
    EXPECT_NE(missing->body.find("请求已失效"), std::string::npos);
    // Another session's token does not fit this one.
    auto foreign = form_post("/agent/requests/" + id + "/claim", session, {{"csrf", csrf_for(other_session)}});
    EXPECT_EQ(foreign->status, 403);
    EXPECT_EQ(status_of(id), "received");

    auto claimed = form_post("/agent/requests/" + id + "/claim", session, {{"csrf", csrf_for(session)}});
    EXPECT_EQ(claimed->status, 303);
    EXPECT_EQ(claimed->get_header_value("Location"), "/agent/requests/" + id);
    EXPECT_EQ(status_of(id), "claimed");
}

TEST_F(WebPages, EveryPageFitsIn60KBAndEscapesWhatFarmersTyped) {
    Kiosk kiosk = enroll();
    std::string id =
        push_request(kiosk, {{"description", "<script>alert('x')</script> & 叶子发黄"}, {"crop", "<b>稻</b>"}});
    std::string session = session_token(kAgentA);
    for (const std::string& path : std::vector<std::string>{"/agent/", "/agent/history", "/agent/trainings",
                                                            "/agent/leave", "/agent/requests/" + id}) {
        auto res = page(path, session);
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 200) << path;
        EXPECT_LE(res->body.size(), kMaxPageBytes) << path;
        EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
        EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
        EXPECT_EQ(res->body.find("<script"), std::string::npos) << path;
    }
    auto detail = page("/agent/requests/" + id, session);
    EXPECT_NE(detail->body.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 叶子发黄"), std::string::npos);
    EXPECT_NE(detail->body.find("&lt;b&gt;稻&lt;/b&gt;"), std::string::npos);
    auto login = http->Get("/agent/login");
    EXPECT_LE(login->body.size(), kMaxPageBytes);
}

TEST_F(WebPages, TheFarmersPhoneIsATelLinkOnlyForTheHolderAndEveryViewIsAudited) {
    Kiosk kiosk = enroll();
    std::string id = create_request(kiosk, "13812345678");
    std::string a = session_token(kAgentA);
    std::string b = session_token(kAgentB);
    const std::string audit_sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'farmer_phone.read' AND object_id = ?";

    auto before = page("/agent/requests/" + id, a);
    ASSERT_EQ(before->status, 200);
    EXPECT_EQ(before->body.find("13812345678"), std::string::npos);
    EXPECT_EQ(before->body.find("tel:"), std::string::npos);
    EXPECT_NE(before->body.find("接单后显示"), std::string::npos);
    EXPECT_EQ(count(audit_sql, id), 0);

    ASSERT_EQ(form_post("/agent/requests/" + id + "/claim", a, {{"csrf", csrf_for(a)}})->status, 303);
    auto after = page("/agent/requests/" + id, a);
    EXPECT_NE(after->body.find("href=\"tel:13812345678\""), std::string::npos);
    EXPECT_EQ(count(audit_sql, id), 1);

    // Another agent of the same area sees the request but not the number, and cannot claim it.
    auto other = page("/agent/requests/" + id, b);
    EXPECT_EQ(other->status, 200);
    EXPECT_EQ(other->body.find("13812345678"), std::string::npos);
    auto late = form_post("/agent/requests/" + id + "/claim", b, {{"csrf", csrf_for(b)}});
    EXPECT_EQ(late->status, 409);
    EXPECT_NE(late->body.find("已被其他专家抢先接单"), std::string::npos);
    EXPECT_EQ(count(audit_sql, id), 1);

    // An agent from another county is refused with a page, not JSON.
    auto far = page("/agent/requests/" + id, session_token(kAgentC));
    EXPECT_EQ(far->status, 403);
    EXPECT_NE(far->body.find("不在您的服务区域内"), std::string::npos);
}

TEST_F(WebPages, AVisitIsRecordedWithAPhotoCheckedByContent) {
    Kiosk kiosk = enroll();
    std::string id = create_request(kiosk);
    std::string a = session_token(kAgentA);
    ASSERT_EQ(form_post("/agent/requests/" + id + "/claim", a, {{"csrf", csrf_for(a)}})->status, 303);
    ASSERT_EQ(form_post("/agent/requests/" + id + "/report", a, {{"csrf", csrf_for(a)}, {"type", "contacted"}})->status,
              303);
    EXPECT_EQ(status_of(id), "contacted");

    auto visit = [&](const std::string& photo, const std::string& outcome) {
        httplib::MultipartFormDataItems items = {
            {"csrf", csrf_for(a), "", ""},
            {"date", "2026-11-20", "", ""},
            {"method", "onsite", "", ""},
            {"summary", "喷了三环唑，讲了防治要点", "", ""},
            {"outcome", outcome, "", ""},
            {"follow_up", "1", "", ""},
            {"photo", photo, "field.png", "image/png"},
        };
        return http->Post(("/agent/requests/" + id + "/visit").c_str(), cookie(a), items);
    };
    // A text file named .png is refused, and nothing of the visit is kept.
    auto fake = visit("this is not an image", "resolved");
    EXPECT_EQ(fake->status, 400);
    EXPECT_NE(fake->body.find("JPG 或 PNG"), std::string::npos);
    EXPECT_EQ(count("SELECT COUNT(*) FROM service_records WHERE request_id = ?", id), 0);
    EXPECT_EQ(status_of(id), "contacted");

    auto real = visit(tiny_png(), "resolved");
    ASSERT_EQ(real->status, 303) << real->body;
    EXPECT_EQ(status_of(id), "resolved");
    EXPECT_EQ(
        count("SELECT COUNT(*) FROM service_records WHERE request_id = ? AND method = 'onsite' AND follow_up = 1", id),
        1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM service_photos WHERE request_id = ? AND format = 'png' AND width = 2 AND "
                    "height = 3",
                    id),
              1);
    // The kiosk hears about it.
    auto changes = pull_all(kiosk);
    EXPECT_EQ(changes.back()["status"], "resolved");
    EXPECT_EQ(changes.back()["visit_date"], "2026-11-20");
    // The history page counts it.
    auto history = page("/agent/history", a);
    EXPECT_NE(history->body.find("<b>1</b>已解决"), std::string::npos);
}

TEST_F(WebPages, AComplaintBeforeAnyOutcomeNotifiesTheHolderOnTheHomePage) {
    Kiosk kiosk = enroll();
    std::string id = create_request(kiosk);
    std::string a = session_token(kAgentA);
    ASSERT_EQ(form_post("/agent/requests/" + id + "/claim", a, {{"csrf", csrf_for(a)}})->status, 303);
    push_ok(kiosk,
            json::array({op("feedback.create",
                            {{"request_id", id}, {"outcome", "not_solved"}, {"rating", 1}, {"comment", "没人来"}})}));
    EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE request_id = ? AND kind = 'complaint'", id), 1);

    auto home = page("/agent/", a);
    EXPECT_NE(home->body.find("农户催办（求助码 4827193）"), std::string::npos);
    auto api = get("/api/v1/agent/notifications", a);
    ASSERT_EQ(api->status, 200);
    EXPECT_EQ(json::parse(api->body)["notifications"].size(), 1u);

    // County admins see the log; agents do not.
    auto log = get("/api/v1/admin/notifications", session_token(kCountyAdminA));
    ASSERT_EQ(log->status, 200) << log->body;
    auto entries = json::parse(log->body)["notifications"];
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0]["kind"], "complaint");
    EXPECT_EQ(get("/api/v1/admin/notifications", a)->status, 403);
    EXPECT_EQ(get("/api/v1/admin/notifications", session_token(kCountyAdminB))->body.find("complaint"),
              std::string::npos);

    ASSERT_EQ(form_post("/agent/notifications/read", a, {{"csrf", csrf_of(home->body)}})->status, 303);
    EXPECT_EQ(page("/agent/", a)->body.find("农户催办"), std::string::npos);
}

TEST_F(WebPages, ThePublicProgressPageShowsNoPersonalData) {
    Kiosk kiosk = enroll();
    std::string id = push_request(kiosk, {{"status_token", kToken}, {"description", "我家稻田的秘密描述"}});
    auto fresh = http->Get((std::string("/s/") + kToken).c_str());
    ASSERT_EQ(fresh->status, 200) << fresh->body;
    EXPECT_NE(fresh->body.find("求助已送达"), std::string::npos);
    EXPECT_NE(fresh->body.find("渚山村"), std::string::npos);
    EXPECT_LE(fresh->body.size(), kMaxPageBytes);

    std::string a = session_token(kAgentA);
    ASSERT_EQ(form_post("/agent/requests/" + id + "/claim", a, {{"csrf", csrf_for(a)}})->status, 303);
    auto claimed = http->Get((std::string("/s/") + kToken).c_str());
    EXPECT_NE(claimed->body.find("专家已接单"), std::string::npos);
    for (const char* personal : {"13812345678", "138****5678", "王大伯", "秘密描述", "4827193"}) {
        EXPECT_EQ(claimed->body.find(personal), std::string::npos) << personal;
    }
    auto unknown = http->Get("/s/01HZX3Q4W5E6R7T8Y9ABCDEFGJ");
    EXPECT_EQ(unknown->status, 404);
    EXPECT_NE(unknown->body.find("找不到这条求助"), std::string::npos);
    EXPECT_EQ(http->Get("/s/not-a-token")->status, 404);
}

TEST_F(WebPages, TrainingSessionsAreRecordedByFormAndJson) {
    std::string a = session_token(kAgentA);
    auto bad = form_post("/agent/trainings", a,
                         {{"csrf", csrf_for(a)},
                          {"village_code", "3302"},
                          {"topic", "水稻病虫害"},
                          {"held_on", "2026-11-20"},
                          {"attendees", "30"}});
    EXPECT_EQ(bad->status, 400);
    auto ok = form_post("/agent/trainings", a,
                        {{"csrf", csrf_for(a)},
                         {"village_code", kVillageA},
                         {"topic", "水稻病虫害"},
                         {"held_on", "2026-11-20"},
                         {"attendees", "30"}});
    EXPECT_EQ(ok->status, 303);
    auto by_json = post_json(
        "/api/v1/agent/trainings",
        {{"village_code", kVillageA}, {"topic", "柑橘修剪"}, {"held_on", "2026-11-21"}, {"attendees", 12}}, a);
    ASSERT_EQ(by_json->status, 201) << by_json->body;
    auto list = page("/agent/trainings", a);
    EXPECT_NE(list->body.find("水稻病虫害"), std::string::npos);
    EXPECT_NE(list->body.find("12 人"), std::string::npos);
    auto me = json::parse(get("/api/v1/agent/me", a)->body);
    EXPECT_EQ(me["figures"]["trainings"], 2);
    EXPECT_EQ(me["figures"]["training_attendees"], 42);
}

TEST_F(WebPages, AnExpiredSessionIsNoSession) {
    std::string a = session_token(kAgentA);
    ASSERT_EQ(page("/agent/", a)->status, 200);
    {
        backend::Database db(db_path);
        db.exec("UPDATE sessions SET expires_at = 1");
    }
    auto res = page("/agent/", a);
    EXPECT_EQ(res->status, 303);
    EXPECT_EQ(res->get_header_value("Location"), "/agent/login");
}

TEST_F(WebPages, TheLoginPageKeepsTheAccountLimit) {
    auto form = http->Get("/agent/login");
    std::smatch match;
    std::string set_cookie = form->get_header_value("Set-Cookie");
    ASSERT_TRUE(std::regex_search(set_cookie, match, std::regex("xiangke_login_csrf=([0-9a-f]+)")));
    const std::string token = match[1];
    httplib::Headers with_cookie = {{"Cookie", "xiangke_login_csrf=" + token}};
    int last = 0;
    for (int i = 0; i < 6; ++i) {
        last = http->Post("/agent/login", with_cookie,
                          httplib::Params{{"phone", kAgentB}, {"password", "wrong-guess"}, {"csrf", token}})
                   ->status;
    }
    EXPECT_EQ(last, 429);
    auto right = http->Post("/agent/login", with_cookie,
                            httplib::Params{{"phone", kAgentB}, {"password", kPassword}, {"csrf", token}});
    EXPECT_EQ(right->status, 429);
    EXPECT_NE(right->body.find("尝试次数太多"), std::string::npos);
}

TEST_F(WebPages, TheHolderHearsTheVoiceNoteWithTheSessionCookie) {
    Kiosk kiosk = enroll();
    std::string ogg = std::string("OggS") + std::string(2000, '\x02');
    std::string id = push_request(
        kiosk, {{"voice_note",
                 {{"format", "ogg-opus"}, {"duration_ms", 3000}, {"data", backend::crypto::base64_encode(ogg)}}}});
    std::string a = session_token(kAgentA);
    EXPECT_NE(page("/agent/requests/" + id, a)->body.find("接单后可收听"), std::string::npos);
    EXPECT_EQ(page("/api/v1/requests/" + id + "/voice", a)->status, 403);
    ASSERT_EQ(form_post("/agent/requests/" + id + "/claim", a, {{"csrf", csrf_for(a)}})->status, 303);
    auto detail = page("/agent/requests/" + id, a);
    EXPECT_NE(detail->body.find("<audio controls preload=\"none\" src=\"/api/v1/requests/" + id + "/voice\">"),
              std::string::npos);
    auto voice = page("/api/v1/requests/" + id + "/voice", a);
    ASSERT_EQ(voice->status, 200);
    EXPECT_EQ(voice->get_header_value("Content-Type"), "audio/ogg");
    EXPECT_EQ(voice->body, ogg);
}

TEST_F(WebPages, DeclineAndUnreachableGiveTheRequestBack) {
    Kiosk kiosk = enroll();
    std::string first = create_request(kiosk, "13812340001");
    std::string second = create_request(kiosk, "13812340002");
    std::string a = session_token(kAgentA);
    for (const auto& [id, type] : {std::pair{first, "decline"}, std::pair{second, "unreachable"}}) {
        ASSERT_EQ(form_post("/agent/requests/" + id + "/claim", a, {{"csrf", csrf_for(a)}})->status, 303);
        auto back = form_post("/agent/requests/" + id + "/report", a,
                              {{"csrf", csrf_for(a)}, {"type", type}, {"note", "不是我的专业"}});
        EXPECT_EQ(back->status, 303) << type;
        EXPECT_EQ(status_of(id), "received") << type;
        // No longer the holder: the phone is gone and reporting again is refused with a page.
        EXPECT_EQ(page("/agent/requests/" + id, a)->body.find("tel:"), std::string::npos);
        auto again = form_post("/agent/requests/" + id + "/report", a, {{"csrf", csrf_for(a)}, {"type", "contacted"}});
        EXPECT_EQ(again->status, 403);
    }
}

TEST_F(WebPages, LeaveDatesAreSetAndCleared) {
    std::string a = session_token(kAgentA);
    auto bad = form_post("/agent/leave", a, {{"csrf", csrf_for(a)}, {"from", "2099-02-30"}, {"to", "2099-03-01"}});
    EXPECT_EQ(bad->status, 400);
    auto set = form_post("/agent/leave", a, {{"csrf", csrf_for(a)}, {"from", "2099-03-01"}, {"to", "2099-03-05"}});
    EXPECT_EQ(set->status, 303);
    EXPECT_NE(page("/agent/leave", a)->body.find("2099-03-01 至 2099-03-05"), std::string::npos);
    auto cleared = form_post("/agent/leave", a, {{"csrf", csrf_for(a)}, {"clear", "1"}});
    EXPECT_EQ(cleared->status, 303);
    EXPECT_NE(page("/agent/leave", a)->body.find("目前没有请假"), std::string::npos);
}
