// The administrator's 考核 and 回访 pages over real HTTP with a small history written through the
// real push and agent paths: the ranking with its download links and chart, the drill-down from
// an agent to the evidence and the request behind it, an override with its reason, a complaint
// decision, the 公示 workflow (objection → decision → finalize), the printable notice, 回访 with
// an audited phone reveal, and who may see what.
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

constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;

std::string unescape_amp(std::string text) {
    for (size_t pos = text.find("&amp;"); pos != std::string::npos; pos = text.find("&amp;", pos + 1)) {
        text.replace(pos, 5, "&");
    }
    return text;
}

class EvaluationPages : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        today = core::format_shanghai_date(core::system_now_ms());
        from = core::format_shanghai_date(core::system_now_ms() - 30 * kDayMs);
        to = core::format_shanghai_date(core::system_now_ms() + kDayMs);
        admin = session_token(kCountyAdminA);
        agent_a = user_id(kAgentA);
        agent_a_name = name_of(kAgentA);
    }

    std::string name_of(const std::string& phone) {
        backend::Database db(db_path);
        auto query = db.prepare("SELECT name FROM users WHERE phone = ?");
        query.bind(1, phone);
        EXPECT_TRUE(query.step());
        return query.column(0).getString();
    }

    int64_t count(const std::string& sql) {
        backend::Database db(db_path);
        auto query = db.prepare(sql);
        query.step();
        return query.column(0).getInt64();
    }

    std::string params(const std::string& region = "330281") const {
        return "from=" + from + "&to=" + to + "&region=" + region;
    }

    httplib::Headers cookie(const std::string& session) const { return {{"Cookie", "xiangke_session=" + session}}; }

    httplib::Result page(const std::string& path, const std::string& session) {
        return http->Get(path.c_str(), cookie(session));
    }

    // A form posted as the browser posts it: with the session's cookie and CSRF token.
    httplib::Result form(const std::string& path, const std::string& session, httplib::Params fields) {
        fields.emplace(backend::web::kCsrfField, backend::web::csrf_token(session));
        return http->Post(path.c_str(), cookie(session), fields);
    }

    httplib::Params query_fields(const std::string& region = "330281") const {
        return {{"from", from}, {"to", to}, {"region", region}};
    }

    void event(const std::string& request_id, const json& body, const std::string& agent_phone) {
        auto res = post_json("/api/v1/agent/requests/" + request_id + "/events", body, session_token(agent_phone));
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << body.dump() << " " << res->body;
    }

    void claim(const std::string& request_id, const std::string& agent_phone) {
        auto res =
            post_json("/api/v1/agent/requests/" + request_id + "/claim", json::object(), session_token(agent_phone));
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
    }

    void feedback(const std::string& request_id, const std::string& outcome, int rating) {
        auto results = push_ok(
            kiosk, json::array({op(
                       "feedback.create",
                       {{"request_id", request_id}, {"outcome", outcome}, {"rating", rating}, {"comment", "反馈"}})}));
        ASSERT_EQ(results[0]["status"], "applied") << results.dump();
    }

    // Agent A serves one request (visit on site today, resolved, confirmed with a 5) and gets a
    // complaint (催办) on another one before reporting an outcome.
    void write_history() {
        kiosk = enroll(kVillageA);
        served = create_request(kiosk, "13812340101");
        claim(served, kAgentA);
        event(served, {{"type", "contacted"}}, kAgentA);
        event(served, {{"type", "visit"}, {"visit", {{"date", today}, {"method", "onsite"}, {"summary", "田间查看"}}}},
              kAgentA);
        event(served, {{"type", "resolved"}, {"note", "已喷药"}}, kAgentA);
        feedback(served, "solved", 5);
        complained = create_request(kiosk, "13812340102");
        claim(complained, kAgentA);
        feedback(complained, "not_solved", 1);
    }

    std::string agent_page_path() const {
        return "/admin/evaluation/agents/" + std::to_string(agent_a) + "?" + params();
    }

    // Publishes the current ranking for `days` and returns the stored evaluation's path.
    std::string publish(int days, const std::string& session, const std::string& region = "330281") {
        auto fields = query_fields(region);
        fields.emplace("publicity_days", std::to_string(days));
        auto res = form("/admin/evaluation/evaluations", session, fields);
        EXPECT_TRUE(res);
        EXPECT_EQ(res->status, 303) << res->body;
        std::string location = res->get_header_value("Location");
        EXPECT_TRUE(std::regex_match(location, std::regex("/admin/evaluation/evaluations/[0-9]+"))) << location;
        return location;
    }

    std::string publish_as_other_county() { return publish(5, session_token(kCountyAdminB), "330282"); }

    std::string today, from, to, admin, agent_a_name;
    int64_t agent_a = 0;
    Kiosk kiosk;
    std::string served, complained;
};

}  // namespace

TEST_F(EvaluationPages, RankingShowsTheAgentsTheDownloadLinksAndTheDistribution) {
    write_history();
    auto res = page("/admin/evaluation?" + params(), admin);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string& html = res->body;
    EXPECT_NE(html.find(agent_a_name), std::string::npos);
    EXPECT_NE(html.find("href=\"/admin/evaluation/agents/" + std::to_string(agent_a) + "?"), std::string::npos);
    EXPECT_NE(html.find("下载 CSV"), std::string::npos);
    EXPECT_NE(html.find("下载 Excel (.xlsx)"), std::string::npos);
    EXPECT_NE(html.find("打印公示"), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("得分分布"), std::string::npos);
    EXPECT_NE(html.find("aria-current=\"page\">考核</a>"), std::string::npos);

    // The download links carry the same parameters to the API, which takes the session cookie.
    std::smatch csv, xlsx;
    ASSERT_TRUE(std::regex_search(html, csv, std::regex("href=\"(/api/v1/admin/evaluation\\?[^\"]*format=csv)\"")));
    ASSERT_TRUE(std::regex_search(html, xlsx, std::regex("href=\"(/api/v1/admin/evaluation\\?[^\"]*format=xlsx)\"")));
    std::string csv_path = unescape_amp(csv[1]);
    EXPECT_NE(csv_path.find("from=" + from), std::string::npos) << csv_path;
    EXPECT_NE(csv_path.find("region=330281"), std::string::npos) << csv_path;
    auto csv_file = page(csv_path, admin);
    ASSERT_EQ(csv_file->status, 200) << csv_file->body;
    EXPECT_EQ(csv_file->body.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(csv_file->body.find(agent_a_name), std::string::npos);
    auto xlsx_file = page(unescape_amp(xlsx[1]), admin);
    ASSERT_EQ(xlsx_file->status, 200);
    EXPECT_EQ(xlsx_file->body.substr(0, 2), "PK");

    // Without parameters: the current year up to today, the admin's region, the default scheme.
    auto plain = page("/admin/evaluation", admin);
    ASSERT_EQ(plain->status, 200) << plain->body;
    EXPECT_NE(plain->body.find("from=" + today.substr(0, 4) + "-01-01&amp;to=" + today), std::string::npos);
    EXPECT_NE(plain->body.find("scheme=default"), std::string::npos);
}

TEST_F(EvaluationPages, DrillDownShowsEachItemsEvidenceLinkingToTheRequestTimeline) {
    write_history();
    auto res = page(agent_page_path(), admin);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string& html = res->body;
    EXPECT_NE(html.find("<h1>" + agent_a_name + "</h1>"), std::string::npos);
    EXPECT_NE(html.find("考核项目"), std::string::npos);
    EXPECT_NE(html.find("农户触摸屏确认"), std::string::npos);  // the confirmation's source
    EXPECT_NE(html.find("href=\"/admin/requests/" + served + "\""), std::string::npos);
    // An agent who is not in the evaluation is a 404.
    auto missing = page("/admin/evaluation/agents/999999?" + params(), admin);
    EXPECT_EQ(missing->status, 404);
}

TEST_F(EvaluationPages, OverrideChangesTheBandAndShowsItsReasonAndActor) {
    write_history();
    auto fields = query_fields();
    fields.emplace("id", std::to_string(agent_a));
    fields.emplace("kind", "agent");
    fields.emplace("band", "不合格");
    // No reason: refused, nothing changes.
    auto refused = form("/admin/evaluation/overrides", admin, fields);
    EXPECT_EQ(refused->status, 400);
    EXPECT_EQ(count("SELECT count(*) FROM evaluation_overrides"), 0);

    fields.emplace("reason", "回访发现走访记录不实");
    auto res = form("/admin/evaluation/overrides", admin, fields);
    ASSERT_EQ(res->status, 303) << res->body;
    auto after = page(agent_page_path(), admin);
    ASSERT_EQ(after->status, 200);
    EXPECT_NE(after->body.find("已调整为 <b>不合格</b>，理由：回访发现走访记录不实"), std::string::npos);
    EXPECT_NE(after->body.find("等次 <span class=\"band-不合格\">不合格</span>"), std::string::npos);
    EXPECT_NE(after->body.find(name_of(kCountyAdminA)), std::string::npos);
    auto ranking = page("/admin/evaluation?" + params(), admin);
    std::regex row(agent_a_name + "</a></td>.*?<span class=\"band-([^\"]+)\">");
    std::smatch band;
    ASSERT_TRUE(std::regex_search(ranking->body, band, row));
    EXPECT_EQ(band[1], "不合格");
}

TEST_F(EvaluationPages, ComplaintIsDecidedOnTheDrillDownWithItsReason) {
    write_history();
    auto before = page(agent_page_path(), admin);
    ASSERT_EQ(before->status, 200);
    std::smatch action;
    ASSERT_TRUE(
        std::regex_search(before->body, action, std::regex("action=\"(/admin/evaluation/complaints/[0-9]+)\"")));
    EXPECT_NE(before->body.find("未认定"), std::string::npos);
    auto fields = query_fields();
    fields.emplace("agent", std::to_string(agent_a));
    fields.emplace("decision", "not_upheld");
    fields.emplace("reason", "农户已撤回催办");
    auto res = form(action[1], admin, fields);
    ASSERT_EQ(res->status, 303) << res->body;
    auto after = page(agent_page_path(), admin);
    EXPECT_NE(after->body.find(">不成立</span> 农户已撤回催办"), std::string::npos);
    EXPECT_EQ(count("SELECT count(*) FROM complaint_decisions WHERE upheld = 0"), 1);
}

TEST_F(EvaluationPages, PublicityObjectionDecisionThenFinal) {
    write_history();
    const std::string path = publish(0, admin);
    auto stored = page(path, admin);
    ASSERT_EQ(stored->status, 200) << stored->body;
    EXPECT_NE(stored->body.find("公示中"), std::string::npos);
    EXPECT_NE(stored->body.find(agent_a_name), std::string::npos);
    // The stored evaluation's own downloads.
    const std::string stored_id = path.substr(path.rfind('/') + 1);
    const std::string xlsx_link = "/api/v1/admin/evaluations/" + stored_id + "?format=xlsx";
    EXPECT_NE(stored->body.find("href=\"" + xlsx_link + "\""), std::string::npos);
    auto xlsx = page(xlsx_link, admin);
    ASSERT_EQ(xlsx->status, 200) << xlsx->body;
    EXPECT_EQ(xlsx->body.substr(0, 2), "PK");

    auto objection = form(path + "/objections", admin,
                          {{"subject", "agent:" + std::to_string(agent_a)}, {"text", "走访天数少算了两天"}});
    ASSERT_EQ(objection->status, 303) << objection->body;
    auto with_objection = page(path, admin);
    EXPECT_NE(with_objection->body.find("走访天数少算了两天"), std::string::npos);
    std::smatch decide;
    ASSERT_TRUE(std::regex_search(with_objection->body, decide,
                                  std::regex("action=\"(/admin/evaluation/evaluations/[0-9]+/objections/[0-9]+)\"")));

    // An override during 公示 goes to the stored evaluation and is listed with its reason.
    auto override_fields = query_fields();
    override_fields.emplace("evaluation", stored_id);
    override_fields.emplace("id", std::to_string(agent_a));
    override_fields.emplace("kind", "agent");
    override_fields.emplace("band", "良好");
    override_fields.emplace("reason", "异议核实后调整");
    auto overridden = form("/admin/evaluation/overrides", admin, override_fields);
    ASSERT_EQ(overridden->status, 303) << overridden->body;
    EXPECT_NE(page(path, admin)->body.find("异议核实后调整"), std::string::npos);

    // Not final while an objection is open.
    auto early = form(path + "/finalize", admin, {});
    EXPECT_EQ(early->status, 409);

    auto decided = form(decide[1], admin, {{"decision", "reject"}, {"reason", "核对记录后天数无误"}});
    ASSERT_EQ(decided->status, 303) << decided->body;
    auto final = form(path + "/finalize", admin, {});
    ASSERT_EQ(final->status, 303) << final->body;
    auto done = page(path, admin);
    EXPECT_NE(done->body.find("已定稿"), std::string::npos);
    EXPECT_NE(done->body.find("核对记录后天数无误"), std::string::npos);
    EXPECT_EQ(done->body.find("登记异议"), std::string::npos);
    auto late = form(path + "/objections", admin, {{"subject", "agent:" + std::to_string(agent_a)}, {"text", "再议"}});
    EXPECT_EQ(late->status, 409);

    // The frozen drill-down: evidence still leads to the request; no override form on a final one.
    const std::string id = path.substr(path.rfind('/') + 1);
    auto frozen =
        page("/admin/evaluation/agents/" + std::to_string(agent_a) + "?evaluation=" + id + "&" + params(), admin);
    ASSERT_EQ(frozen->status, 200) << frozen->body;
    EXPECT_NE(frozen->body.find("href=\"/admin/requests/" + served + "\""), std::string::npos);
    EXPECT_EQ(frozen->body.find("action=\"/admin/evaluation/overrides\""), std::string::npos);
}

TEST_F(EvaluationPages, PrintableNoticeHasTitleTableAndPrintStyles) {
    write_history();
    auto res = page("/admin/evaluation/print?" + params(), admin);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string& html = res->body;
    EXPECT_NE(html.find("<h1>余姚市科技特派员年度考核结果公示</h1>"), std::string::npos);
    EXPECT_NE(html.find("<th class=\"num\">名次</th><th>姓名</th><th>团队</th><th>等次</th>"), std::string::npos);
    EXPECT_NE(html.find("<td>" + agent_a_name + "</td>"), std::string::npos);
    EXPECT_NE(html.find("@page{size:A4"), std::string::npos);
    EXPECT_NE(html.find("公示期"), std::string::npos);
    EXPECT_NE(html.find("余姚市科学技术局"), std::string::npos);
    EXPECT_NE(html.find("class=\"no-print\"><button type=\"button\" id=\"print\">打印</button>"), std::string::npos);
    // The 打印 button's script runs by its hash; nothing else may.
    EXPECT_NE(res->get_header_value("Content-Security-Policy").find("script-src 'sha256-"), std::string::npos);

    const std::string path = publish(5, admin);
    auto stored = page(path + "/print?contact=" + "%E5%BC%A0%E7%A7%91%E9%95%BF%2062810000", admin);
    ASSERT_EQ(stored->status, 200) << stored->body;
    EXPECT_NE(stored->body.find("公示期为 5 天"), std::string::npos);
    EXPECT_NE(stored->body.find("联系人及电话：张科长 62810000"), std::string::npos);
    EXPECT_NE(stored->body.find("<td>" + agent_a_name + "</td>"), std::string::npos);
}

TEST_F(EvaluationPages, CallbackSampleRevealIsAuditedAndResultIsRecorded) {
    write_history();
    auto fields = query_fields();
    fields.emplace("size", "5");
    auto sampled = form("/admin/callbacks/sample", admin, fields);
    ASSERT_EQ(sampled->status, 303) << sampled->body;
    auto list = page("/admin/callbacks?" + params(), admin);
    ASSERT_EQ(list->status, 200) << list->body;
    EXPECT_EQ(list->body.find("13812340101"), std::string::npos);  // masked until revealed
    EXPECT_NE(list->body.find("显示完整号码"), std::string::npos);
    std::smatch reveal;
    ASSERT_TRUE(std::regex_search(list->body, reveal, std::regex("action=\"/admin/callbacks/([0-9]+)/phone\"")));
    const std::string callback = reveal[1];

    auto audits = count("SELECT count(*) FROM audit_log WHERE action = 'farmer_phone.read'");
    auto shown = form("/admin/callbacks/" + callback + "/phone", admin, {});
    ASSERT_EQ(shown->status, 200) << shown->body;
    EXPECT_NE(shown->body.find("13812340101"), std::string::npos);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'farmer_phone.read'"), audits + 1);

    // Another county's admin cannot record it.
    auto foreign =
        form("/admin/callbacks/" + callback, session_token(kCountyAdminB), {{"result", "denied"}, {"note", ""}});
    EXPECT_EQ(foreign->status, 403);
    auto recorded = form("/admin/callbacks/" + callback, admin, {{"result", "confirmed"}, {"note", "农户确认来过"}});
    ASSERT_EQ(recorded->status, 303) << recorded->body;
    auto after = page("/admin/callbacks?" + params(), admin);
    EXPECT_NE(after->body.find("<b>核实</b> 农户确认来过"), std::string::npos);

    // Another admin's county: the number stays hidden.
    auto other = form("/admin/callbacks/" + callback + "/phone", session_token(kCountyAdminB), {});
    EXPECT_EQ(other->status, 403);
    EXPECT_EQ(other->body.find("13812340101"), std::string::npos);

    // A 回访 about one request, from its page.
    auto one = page("/admin/callbacks/new?request=" + served, admin);
    ASSERT_EQ(one->status, 200) << one->body;
    auto saved = form("/admin/callbacks/new", admin, {{"request", served}, {"result", "unreachable"}, {"note", ""}});
    ASSERT_EQ(saved->status, 303) << saved->body;
    EXPECT_EQ(saved->get_header_value("Location"), "/admin/requests/" + served);
    EXPECT_EQ(count("SELECT count(*) FROM callbacks WHERE subject_kind = 'request' AND result = 'unreachable'"), 1);
}

TEST_F(EvaluationPages, OnlyAdminsOfTheRegionSeeThePages) {
    write_history();
    // Another county's region: refused.
    auto other_region = page("/admin/evaluation?" + params("330282"), admin);
    EXPECT_EQ(other_region->status, 403);
    EXPECT_EQ(other_region->body.find(agent_a_name), std::string::npos);
    // Another county's stored evaluation: refused.
    const std::string theirs = publish_as_other_county();
    auto stored = page(theirs, admin);
    EXPECT_EQ(stored->status, 403);
    auto stored_print = page(theirs + "/print", admin);
    EXPECT_EQ(stored_print->status, 403);
    // The city admin sees both.
    EXPECT_EQ(page("/admin/evaluation?" + params("330282"), session_token(kCityAdmin))->status, 200);
    EXPECT_EQ(page(theirs, session_token(kCityAdmin))->status, 200);
    // An agent: 403; nobody: the login page.
    auto agent = page("/admin/evaluation", session_token(kAgentA));
    EXPECT_EQ(agent->status, 403);
    auto anonymous = http->Get("/admin/evaluation");
    EXPECT_EQ(anonymous->status, 303);
    EXPECT_NE(anonymous->get_header_value("Location").find("login"), std::string::npos);
}
