// 考核 over real HTTP: the live evaluation's JSON shape and figures for a small history written
// through the real push and agent paths, scope (other county, agents), errors, the CSV and Excel
// exports read back, the 公示 workflow to a final evaluation that is immutable and recomputes to
// the same bytes, overrides, 回访 samples and complaint decisions.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>

#include "backend_fixture.h"
#include "evaluation/evaluation_service.h"
#include "reports/evaluation_export.h"
#include "store/database.h"
#include "store/users.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;

class EvaluationHttp : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        today = core::format_shanghai_date(core::system_now_ms());
        from = core::format_shanghai_date(core::system_now_ms() - 30 * kDayMs);
        to = core::format_shanghai_date(core::system_now_ms() + kDayMs);
        admin = session_token(kCountyAdminA);
    }

    std::string query(const std::string& region, const std::string& extra = "") const {
        return "/api/v1/admin/evaluation?from=" + from + "&to=" + to + "&region=" + region + extra;
    }

    json evaluation(const std::string& region, const std::string& token) {
        auto res = get(query(region), token);
        EXPECT_TRUE(res);
        EXPECT_EQ(res->status, 200) << res->body;
        return json::parse(res->body);
    }

    static const json& agent_entry(const json& answer, int64_t agent_id) {
        for (const auto& a : answer["agents"]) {
            if (a["agent_id"] == agent_id) {
                return a;
            }
        }
        static const json kMissing;
        ADD_FAILURE() << "agent " << agent_id << " not in the answer";
        return kMissing;
    }

    void event(const std::string& request_id, const json& body, const std::string& agent_phone) {
        auto res = post_json("/api/v1/agent/requests/" + request_id + "/events", body, session_token(agent_phone));
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << body.dump() << " " << res->body;
    }

    // A request in `kiosk`'s village claimed by `agent_phone`, contacted, visited on site today,
    // resolved, and (when `confirm`) confirmed by the farmer with a 5.
    std::string served_request(const Kiosk& kiosk, const std::string& agent_phone, const std::string& farmer_phone,
                               bool confirm) {
        std::string id = create_request(kiosk, farmer_phone);
        auto claimed = post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), session_token(agent_phone));
        EXPECT_EQ(claimed->status, 200) << claimed->body;
        event(id, {{"type", "contacted"}}, agent_phone);
        event(id, {{"type", "visit"}, {"visit", {{"date", today}, {"method", "onsite"}, {"summary", "田间查看"}}}},
              agent_phone);
        event(id, {{"type", "resolved"}, {"note", "已喷药"}}, agent_phone);
        if (confirm) {
            auto results = push_ok(
                kiosk,
                json::array({op("feedback.create",
                                {{"request_id", id}, {"outcome", "solved"}, {"rating", 5}, {"comment", "好"}})}));
            EXPECT_EQ(results[0]["status"], "applied") << results.dump();
        }
        return id;
    }

    // Agent A: two requests served, one confirmed. Agent B: one claimed, never contacted.
    void write_history() {
        kiosk_a = enroll(kVillageA);
        served_request(kiosk_a, kAgentA, "13812340101", true);
        served_request(kiosk_a, kAgentA, "13812340102", false);
        std::string idle = create_request(kiosk_a, "13812340103");
        auto claimed = post_json("/api/v1/agent/requests/" + idle + "/claim", json::object(), session_token(kAgentB));
        ASSERT_EQ(claimed->status, 200) << claimed->body;
    }

    // Cells of one sheet of an .xlsx file: "B2" → text or number as text.
    std::map<std::string, std::string> xlsx_cells(const std::string& bytes, const std::string& sheet) {
        auto file = dir.path() / "export.xlsx";
        std::ofstream(file, std::ios::binary) << bytes;
        auto strings_xml = run_command({"/usr/bin/unzip", "-p", file.string(), "xl/sharedStrings.xml"});
        auto sheet_xml = run_command({"/usr/bin/unzip", "-p", file.string(), "xl/worksheets/" + sheet + ".xml"});
        EXPECT_EQ(sheet_xml.exit_code, 0) << sheet_xml.err;
        std::vector<std::string> strings;
        std::regex si("<si><t[^>]*>([^<]*)</t></si>");
        for (std::sregex_iterator it(strings_xml.out.begin(), strings_xml.out.end(), si), end; it != end; ++it) {
            strings.push_back((*it)[1]);
        }
        std::map<std::string, std::string> cells;
        // Numbers <v>…</v>; text shared (t="s", an index) or inline (t="inlineStr", <is><t>…</t></is>).
        std::regex cell("<c r=\"([A-Z]+[0-9]+)\"([^>]*)>(<v>([^<]*)</v>|<is><t[^>]*>([^<]*)</t></is>)</c>");
        for (std::sregex_iterator it(sheet_xml.out.begin(), sheet_xml.out.end(), cell), end; it != end; ++it) {
            const std::string attrs = (*it)[2];
            if (attrs.find("inlineStr") != std::string::npos) {
                cells[(*it)[1]] = (*it)[5];
            } else {
                const std::string value = (*it)[4];
                cells[(*it)[1]] = attrs.find("t=\"s\"") != std::string::npos ? strings.at(std::stoul(value)) : value;
            }
        }
        return cells;
    }

    std::string today, from, to, admin;
    Kiosk kiosk_a;
};

std::string column_name(size_t index) {
    std::string name;
    for (size_t n = index + 1; n > 0; n = (n - 1) / 26) {
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return name;
}

}  // namespace

TEST_F(EvaluationHttp, LiveEvaluationHasTheContractShapeAndTheFiguresOfTheHistory) {
    write_history();
    json answer = evaluation("330281", admin);
    EXPECT_EQ(answer["from"], from);
    EXPECT_EQ(answer["to"], to);
    EXPECT_EQ(answer["region"], "330281");
    EXPECT_EQ(answer["scheme"]["id"], "default");
    EXPECT_TRUE(answer["scheme"]["version"].is_number_integer());
    EXPECT_TRUE(answer["weights"].is_object());
    ASSERT_TRUE(answer["teams"].is_array());
    // One entry per agent serving 330281: agents A and B, not C (330282).
    ASSERT_EQ(answer["agents"].size(), 2u) << answer.dump();
    for (const auto& a : answer["agents"]) {
        for (const char* key : {"agent_id", "name", "team", "type", "handled", "resolved", "confirmed", "mean_rating",
                                "median_claim_minutes", "overdue", "service_days", "visits", "trainings", "attendees",
                                "dimensions", "items", "flags", "score", "band"}) {
            EXPECT_TRUE(a.contains(key)) << key;
        }
        EXPECT_TRUE(a["score"].is_number());
        EXPECT_TRUE(a["band"] == "优秀" || a["band"] == "良好" || a["band"] == "合格" || a["band"] == "不合格");
        EXPECT_NE(a["agent_id"], user_id(kAgentC));
    }
    EXPECT_GE(answer["agents"][0]["score"].get<double>(), answer["agents"][1]["score"].get<double>());

    const json& a = agent_entry(answer, user_id(kAgentA));
    EXPECT_EQ(a["name"], "陈建国");
    EXPECT_EQ(a["handled"], 2);
    EXPECT_EQ(a["resolved"], 2);
    EXPECT_EQ(a["confirmed"], 1);
    EXPECT_EQ(a["visits"], 2);
    EXPECT_EQ(a["service_days"], 1);
    EXPECT_EQ(a["mean_rating"], 5.0);
    EXPECT_EQ(a["type"], "individual");
    const json& b = agent_entry(answer, user_id(kAgentB));
    EXPECT_EQ(b["handled"], 1);
    EXPECT_EQ(b["resolved"], 0);
    EXPECT_EQ(b["visits"], 0);
    EXPECT_TRUE(b["mean_rating"].is_null());
    EXPECT_LT(b["score"].get<double>(), a["score"].get<double>());
    // Every counted item names its evidence.
    bool evidence = false;
    for (const auto& item : a["items"]) {
        evidence = evidence || !item["evidence"].empty();
    }
    EXPECT_TRUE(evidence) << a.dump();

    // Writes are visible at the next request.
    served_request(kiosk_a, kAgentB, "13812340104", true);
    EXPECT_EQ(agent_entry(evaluation("330281", admin), user_id(kAgentB))["confirmed"], 1);
    // The city admin sees the county; the county's own admin sees the same figures.
    EXPECT_EQ(agent_entry(evaluation("330281", session_token(kCityAdmin)), user_id(kAgentA))["visits"], 2);
}

TEST_F(EvaluationHttp, ScopeAndPreciseErrors) {
    auto status_of = [this](const std::string& path, const std::string& token) { return get(path, token)->status; };
    EXPECT_EQ(status_of(query("330281"), session_token(kCountyAdminB)), 403);
    EXPECT_EQ(status_of(query("3302"), admin), 403);
    EXPECT_EQ(status_of(query("330281"), session_token(kAgentA)), 403);
    EXPECT_EQ(status_of(query("330281"), ""), 401);
    EXPECT_EQ(status_of(query("330282"), session_token(kCityAdmin)), 200);

    auto error_of = [this](const std::string& path) {
        auto res = get(path, admin);
        EXPECT_EQ(res->status, 400) << path << " " << res->body;
        return json::parse(res->body);
    };
    auto bad_date = error_of("/api/v1/admin/evaluation?from=2026-02-30&to=2026-12-31&region=330281");
    EXPECT_EQ(bad_date["error"], "invalid_field");
    EXPECT_EQ(bad_date["field"], "from");
    EXPECT_EQ(error_of("/api/v1/admin/evaluation?to=2026-12-31&region=330281")["field"], "from");
    EXPECT_EQ(error_of("/api/v1/admin/evaluation?from=2026-12-31&to=2026-01-01&region=330281")["field"], "to");
    auto scheme = error_of(query("330281", "&scheme=nonesuch"));
    EXPECT_EQ(scheme["error"], "unknown_scheme");
    EXPECT_EQ(scheme["field"], "scheme");
    EXPECT_EQ(error_of(query("330281", "&format=pdf"))["field"], "format");

    auto schemes = get("/api/v1/admin/evaluation/schemes", admin);
    ASSERT_EQ(schemes->status, 200);
    bool has_default = false;
    const json scheme_list = json::parse(schemes->body);
    for (const auto& s : scheme_list["schemes"]) {
        has_default = has_default || s["id"] == "default";
    }
    EXPECT_TRUE(has_default);
}

TEST_F(EvaluationHttp, CsvHasBomQuotingAndNeutralisedFormulas) {
    write_history();
    {
        // An agent whose name a spreadsheet would run as a formula.
        backend::Database db(db_path);
        backend::NewUser user;
        user.role = backend::Role::Agent;
        user.region_code = "330281";
        user.name = "=HYPERLINK(\"x\",\"y\")";
        user.phone = "13905740199";
        user.password = kPassword;
        user.expertise = {"pest_disease"};
        user.service_regions = {"330281"};
        ASSERT_TRUE(backend::add_user(db, user, core::system_now_ms()).ok());
    }
    auto res = get(query("330281", "&format=csv"), admin);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_NE(res->get_header_value("Content-Type").find("text/csv"), std::string::npos);
    // RFC 5987 on the wire (%E8%80%83%E6%A0%B8 = 考核); httplib's client decodes header values.
    const std::string disposition = res->get_header_value("Content-Disposition");
    const std::string name = "-330281-" + from + "-" + to + ".csv";
    EXPECT_TRUE(disposition.find("filename*=UTF-8''%E8%80%83%E6%A0%B8" + name) != std::string::npos ||
                disposition.find("filename*=UTF-8''考核" + name) != std::string::npos)
        << disposition;
    EXPECT_EQ(backend::reports::content_disposition("考核-1.csv"),
              "attachment; filename=\"______-1.csv\"; filename*=UTF-8''%E8%80%83%E6%A0%B8-1.csv");
    const std::string& csv = res->body;
    ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""), std::string::npos) << csv;
    EXPECT_NE(csv.find("陈建国"), std::string::npos);
    // Three agents, a header, CRLF line ends.
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
    EXPECT_NE(csv.find("\r\n"), std::string::npos);

    EXPECT_EQ(backend::reports::csv_cell("-1+2"), "'-1+2");
    EXPECT_EQ(backend::reports::csv_cell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(backend::reports::csv_cell("+86"), "'+86");
    EXPECT_EQ(backend::reports::csv_cell("\tx"), "'\tx");
    EXPECT_EQ(backend::reports::csv_cell("a,b"), "\"a,b\"");
    EXPECT_EQ(backend::reports::csv_cell("说\"好\""), "\"说\"\"好\"\"\"");
    EXPECT_EQ(backend::reports::csv_cell("两行\n文字"), "\"两行\n文字\"");
    EXPECT_EQ(backend::reports::csv_cell("普通"), "普通");
}

TEST_F(EvaluationHttp, ExcelCellsEqualTheJsonFigures) {
    write_history();
    json answer = evaluation("330281", admin);
    auto res = get(query("330281", "&format=xlsx"), admin);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_NE(res->get_header_value("Content-Disposition").find(".xlsx"), std::string::npos);
    ASSERT_EQ(res->body.substr(0, 2), "PK");

    auto summary = xlsx_cells(res->body, "sheet1");
    auto table = backend::reports::summary_table(answer);
    auto column_of = [&table](const std::string& title) {
        auto it = std::find(table.header.begin(), table.header.end(), title);
        EXPECT_NE(it, table.header.end()) << title;
        return column_name(static_cast<size_t>(it - table.header.begin()));
    };
    EXPECT_EQ(summary["A1"], "排名");
    ASSERT_EQ(answer["agents"].size(), 2u);
    for (size_t i = 0; i < answer["agents"].size(); ++i) {
        const json& a = answer["agents"][i];
        const std::string row = std::to_string(i + 2);
        EXPECT_EQ(summary[column_of("姓名") + row], a["name"]);
        EXPECT_EQ(summary[column_of("编号") + row], std::to_string(a["agent_id"].get<int64_t>()));
        for (const auto& [key, title] : std::vector<std::pair<std::string, std::string>>{{"handled", "经办求助"},
                                                                                         {"resolved", "已解决"},
                                                                                         {"confirmed", "农户确认"},
                                                                                         {"visits", "服务次数"},
                                                                                         {"service_days", "服务天数"},
                                                                                         {"overdue", "超时"}}) {
            EXPECT_EQ(std::stod(summary[column_of(title) + row]), a[key].get<double>()) << key;
        }
        EXPECT_DOUBLE_EQ(std::stod(summary[column_of("总分") + row]), a["score"].get<double>());
        EXPECT_EQ(summary[column_of("等级") + row], a["band"]);
        for (const auto& [id, value] : a["dimensions"].items()) {
            std::string name = answer["dimension_names"].value(id, id);
            EXPECT_DOUBLE_EQ(std::stod(summary[column_of(name) + row]), value.get<double>()) << id;
        }
    }
    // Numbers are numbers: no t="s" on a figure cell.
    auto sheet_xml =
        run_command({"/usr/bin/unzip", "-p", (dir.path() / "export.xlsx").string(), "xl/worksheets/sheet1.xml"});
    EXPECT_NE(sheet_xml.out.find("<pane ySplit=\"1\""), std::string::npos) << "header row frozen";
    EXPECT_NE(sheet_xml.out.find("<col "), std::string::npos) << "column widths";
    std::regex number_cell("<c r=\"" + column_of("经办求助") + "2\"( s=\"[0-9]+\")?><v>");
    EXPECT_TRUE(std::regex_search(sheet_xml.out, number_cell));

    // 明细: one row per item with its points and evidence count.
    auto details = xlsx_cells(res->body, "sheet2");
    size_t items = 0;
    for (const auto& a : answer["agents"]) {
        for (const auto& item : a["items"]) {
            const std::string row = std::to_string(items + 2);
            EXPECT_EQ(details["D" + row], item["name"]);
            EXPECT_DOUBLE_EQ(std::stod(details["H" + row]), item["points"].get<double>());
            EXPECT_EQ(std::stoul(details["I" + row]), item["evidence_count"].get<size_t>());
            ++items;
        }
    }
    EXPECT_GT(items, 0u);
    auto workbook = run_command({"/usr/bin/unzip", "-p", (dir.path() / "export.xlsx").string(), "xl/workbook.xml"});
    EXPECT_NE(workbook.out.find("name=\"汇总\""), std::string::npos);
    EXPECT_NE(workbook.out.find("name=\"明细\""), std::string::npos);
}

TEST_F(EvaluationHttp, PublicityObjectionDecisionFinalImmutableAndByteIdentical) {
    write_history();
    // Agent A serves a request made with A's own phone: a flag that rests on the keyed phone
    // hashes, which the test process (recomputing below) makes with another key than the server.
    served_request(kiosk_a, kAgentA, kAgentA, false);
    const int64_t agent_a = user_id(kAgentA);
    json create = {{"region", "330281"}, {"from", from}, {"to", to}};
    // Five days of 公示 by default: finalizing now is refused.
    auto first = post_json("/api/v1/admin/evaluations", create, admin);
    ASSERT_EQ(first->status, 201) << first->body;
    json stored = json::parse(first->body);
    EXPECT_EQ(stored["evaluation"]["status"], "publicity");
    const int64_t first_id = stored["evaluation"]["id"];
    EXPECT_GE(
        stored["evaluation"]["publicity_until"].get<int64_t>() - stored["evaluation"]["created_at"].get<int64_t>(),
        5 * kDayMs);
    auto early =
        post_json("/api/v1/admin/evaluations/" + std::to_string(first_id) + "/finalize", json::object(), admin);
    EXPECT_EQ(early->status, 409);
    EXPECT_EQ(json::parse(early->body)["error"], "publicity_not_over");
    // The stored answer is the live one at that moment.
    EXPECT_EQ(stored["result"]["agents"], evaluation("330281", admin)["agents"]);

    create["publicity_days"] = 0;
    auto second = post_json("/api/v1/admin/evaluations", create, admin);
    ASSERT_EQ(second->status, 201) << second->body;
    const int64_t id = json::parse(second->body)["evaluation"]["id"];
    const std::string base = "/api/v1/admin/evaluations/" + std::to_string(id);
    // Another county's admin can neither read nor object.
    EXPECT_EQ(get(base, session_token(kCountyAdminB))->status, 403);
    EXPECT_EQ(
        post_json(base + "/objections", {{"agent_id", agent_a}, {"text", "x"}}, session_token(kCountyAdminB))->status,
        403);
    EXPECT_EQ(get(base, session_token(kAgentA))->status, 403);

    auto objection = post_json(base + "/objections", {{"agent_id", agent_a}, {"text", "服务天数少算了一天"}}, admin);
    ASSERT_EQ(objection->status, 201) << objection->body;
    const int64_t objection_id = json::parse(objection->body)["objection_id"];
    EXPECT_EQ(post_json(base + "/objections", {{"agent_id", 999999}, {"text", "x"}}, admin)->status, 400);
    auto pending = post_json(base + "/finalize", json::object(), admin);
    EXPECT_EQ(pending->status, 409);
    EXPECT_EQ(json::parse(pending->body)["error"], "objections_pending");

    const std::string decision = base + "/objections/" + std::to_string(objection_id) + "/decision";
    EXPECT_EQ(post_json(decision, {{"decision", "accepted"}}, admin)->status, 400) << "a reason is required";
    auto decided = post_json(decision, {{"decision", "rejected"}, {"reason", "核对服务记录，无误"}}, admin);
    ASSERT_EQ(decided->status, 200) << decided->body;
    EXPECT_EQ(json::parse(decided->body)["decision"], "rejected");
    EXPECT_EQ(post_json(decision, {{"decision", "accepted"}, {"reason", "再议"}}, admin)->status, 409);

    // An override during 公示 changes the stored answer.
    auto override =
        post_json("/api/v1/admin/evaluation/overrides",
                  {{"evaluation_id", id}, {"agent_id", agent_a}, {"band", "合格"}, {"reason", "年中请假两月"}}, admin);
    ASSERT_EQ(override->status, 201) << override->body;
    json during = json::parse(get(base, admin)->body);
    EXPECT_EQ(agent_entry(during["result"], agent_a)["band"], "合格");

    auto final_res = post_json(base + "/finalize", json::object(), admin);
    ASSERT_EQ(final_res->status, 200) << final_res->body;
    json final_body = json::parse(final_res->body);
    EXPECT_EQ(final_body["evaluation"]["status"], "final");
    EXPECT_TRUE(final_body["evaluation"]["finalized_at"].is_number());

    // Final: no objection, override or second finalize; the row refuses changes in the database too.
    EXPECT_EQ(post_json(base + "/objections", {{"agent_id", agent_a}, {"text", "x"}}, admin)->status, 409);
    EXPECT_EQ(post_json("/api/v1/admin/evaluation/overrides",
                        {{"evaluation_id", id}, {"agent_id", agent_a}, {"band", "优秀"}, {"reason", "x"}}, admin)
                  ->status,
              409);
    EXPECT_EQ(post_json(base + "/finalize", json::object(), admin)->status, 409);
    {
        backend::Database db(db_path);
        EXPECT_THROW(db.exec("UPDATE evaluations SET result_json = '{}' WHERE id = " + std::to_string(id)),
                     std::exception);
        EXPECT_THROW(db.exec("DELETE FROM evaluations WHERE id = " + std::to_string(id)), std::exception);
        EXPECT_THROW(db.exec("UPDATE evaluation_objections SET text = 'x' WHERE evaluation_id = " + std::to_string(id)),
                     std::exception);
    }

    // More history after the snapshot changes the live answer, not the final one; recomputing the
    // final one from what was frozen gives its stored bytes.
    served_request(kiosk_a, kAgentA, "13812340105", true);
    auto after = get(base, admin);
    ASSERT_EQ(after->status, 200);
    const std::string body = after->body;
    const std::string stored_result =
        body.substr(body.find("\"result\":") + 9, body.size() - body.find("\"result\":") - 10);
    EXPECT_EQ(json::parse(stored_result), final_body["result"]);
    EXPECT_EQ(agent_entry(evaluation("330281", admin), agent_a)["handled"], 4);
    EXPECT_EQ(agent_entry(json::parse(stored_result), agent_a)["handled"], 3);
    bool own_phone = false;
    const json final_answer = json::parse(stored_result);
    for (const auto& flag : agent_entry(final_answer, agent_a)["flags"]) {
        own_phone = own_phone || flag["code"] == "own_phone";
    }
    EXPECT_TRUE(own_phone) << stored_result;
    backend::Store store(db_path);
    backend::evaluation::EvaluationService service(store, backend::evaluation::SchemeRegistry::load_or_empty(""));
    auto recomputed = service.recompute_stored(id);
    ASSERT_TRUE(recomputed.ok()) << recomputed.error().message;
    EXPECT_EQ(*recomputed, stored_result);

    // Exports of a stored evaluation.
    auto csv = get(base + "?format=csv", admin);
    ASSERT_EQ(csv->status, 200);
    EXPECT_EQ(csv->body.substr(0, 3), "\xEF\xBB\xBF");
    auto list = json::parse(get("/api/v1/admin/evaluations?region=330281", admin)->body);
    ASSERT_EQ(list["evaluations"].size(), 2u);
    EXPECT_EQ(list["evaluations"][0]["id"], id);
    EXPECT_EQ(json::parse(get("/api/v1/admin/evaluations", session_token(kCountyAdminB))->body)["evaluations"].size(),
              0u);
}

TEST_F(EvaluationHttp, LiveOverrideNeedsReasonAndScope) {
    write_history();
    const int64_t agent_a = user_id(kAgentA);
    const std::string path = "/api/v1/admin/evaluation/overrides";
    EXPECT_EQ(post_json(path, {{"agent_id", agent_a}, {"band", "不合格"}, {"reason", "  "}}, admin)->status, 400);
    EXPECT_EQ(post_json(path, {{"agent_id", agent_a}, {"band", "很好"}, {"reason", "x"}}, admin)->status, 400);
    EXPECT_EQ(
        post_json(path, {{"agent_id", agent_a}, {"band", "不合格"}, {"reason", "x"}}, session_token(kCountyAdminB))
            ->status,
        403);
    EXPECT_EQ(
        post_json(path, {{"agent_id", agent_a}, {"band", "不合格"}, {"reason", "x"}}, session_token(kAgentA))->status,
        403);
    auto res = post_json(path, {{"agent_id", agent_a}, {"band", "不合格"}, {"reason", "服务记录造假，经核实"}}, admin);
    ASSERT_EQ(res->status, 201) << res->body;
    const json answer = evaluation("330281", admin);
    const json& a = agent_entry(answer, agent_a);
    EXPECT_EQ(a["band"], "不合格");
    EXPECT_NE(a["band_reason"].get<std::string>().find("override"), std::string::npos) << a["band_reason"];

    backend::Database db(db_path);
    auto audit = db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation.override' AND object_id = ?");
    audit.bind(1, std::to_string(agent_a));
    ASSERT_TRUE(audit.step());
    EXPECT_EQ(audit.column(0).getInt64(), 1);
}

TEST_F(EvaluationHttp, CallbackSampleIsSeededAndResultsAreRecordedOnce) {
    write_history();
    json body = {{"region", "330281"}, {"from", from}, {"to", to}, {"size", 1}, {"seed", 42}};
    auto sample = post_json("/api/v1/admin/callbacks/sample", body, admin);
    ASSERT_EQ(sample->status, 201) << sample->body;
    json drawn = json::parse(sample->body);
    EXPECT_EQ(drawn["seed"], 42);
    EXPECT_EQ(drawn["candidates"], 2);  // agent A's two visits
    ASSERT_EQ(drawn["callbacks"].size(), 1u);
    const json& item = drawn["callbacks"][0];
    EXPECT_EQ(item["subject_kind"], "visit");
    EXPECT_EQ(item["agent_id"], user_id(kAgentA));
    EXPECT_TRUE(item["result"].is_null());
    // A sampled fact is not drawn again.
    json again = json::parse(post_json("/api/v1/admin/callbacks/sample", body, admin)->body);
    EXPECT_EQ(again["candidates"], 1);
    ASSERT_EQ(again["callbacks"].size(), 1u);
    EXPECT_NE(again["callbacks"][0]["subject_id"], item["subject_id"]);

    const std::string result_path =
        "/api/v1/admin/callbacks/" + std::to_string(item["callback_id"].get<int64_t>()) + "/result";
    EXPECT_EQ(post_json(result_path, {{"result", "confirmed"}}, session_token(kCountyAdminB))->status, 403);
    EXPECT_EQ(post_json(result_path, {{"result", "maybe"}}, admin)->status, 400);
    auto recorded = post_json(result_path, {{"result", "confirmed"}, {"note", "农户说来过"}}, admin);
    ASSERT_EQ(recorded->status, 200) << recorded->body;
    EXPECT_EQ(json::parse(recorded->body)["result"], "confirmed");
    EXPECT_EQ(post_json(result_path, {{"result", "denied"}}, admin)->status, 409);
    EXPECT_EQ(post_json("/api/v1/admin/callbacks/sample", body, session_token(kCountyAdminB))->status, 403);

    auto list = json::parse(get("/api/v1/admin/callbacks?from=" + from + "&to=" + to + "&region=330281", admin)->body);
    EXPECT_EQ(list["callbacks"].size(), 2u);
}

TEST_F(EvaluationHttp, ComplaintDecisionsAreScopedAndCountAtTheNextEvaluation) {
    kiosk_a = enroll(kVillageA);
    std::string id = create_request(kiosk_a, "13812340111");
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), session_token(kAgentA))->status,
              200);
    // Feedback before any outcome is a complaint (催办) against the holder.
    push_ok(kiosk_a,
            json::array({op("feedback.create",
                            {{"request_id", id}, {"outcome", "not_solved"}, {"rating", 1}, {"comment", "没人来"}})}));
    int64_t event_id = 0;
    {
        backend::Database db(db_path);
        auto query = db.prepare("SELECT id FROM request_events WHERE request_id = ? AND kind = 'complaint'");
        query.bind(1, id);
        ASSERT_TRUE(query.step());
        event_id = query.column(0).getInt64();
    }
    const json before_answer = evaluation("330281", admin);
    const json& before = agent_entry(before_answer, user_id(kAgentA));
    const std::string path = "/api/v1/admin/complaints/" + std::to_string(event_id) + "/decision";
    EXPECT_EQ(post_json(path, {{"upheld", false}, {"reason", "x"}}, session_token(kCountyAdminB))->status, 403);
    EXPECT_EQ(post_json(path, {{"upheld", false}}, admin)->status, 400);
    EXPECT_EQ(
        post_json("/api/v1/admin/complaints/999999/decision", {{"upheld", false}, {"reason", "x"}}, admin)->status,
        404);
    auto decided = post_json(path, {{"upheld", false}, {"reason", "农户误会，已电话核实"}}, admin);
    ASSERT_EQ(decided->status, 201) << decided->body;
    EXPECT_EQ(json::parse(decided->body)["upheld"], false);
    const json after_answer = evaluation("330281", admin);
    const json& after = agent_entry(after_answer, user_id(kAgentA));
    EXPECT_GE(after["score"].get<double>(), before["score"].get<double>());
}

TEST_F(EvaluationHttp, IncrementalLiveInputGivesTheAnswerOfAFreshOne) {
    write_history();
    backend::Store store(db_path);
    backend::evaluation::EvaluationService warm(store, backend::evaluation::SchemeRegistry::load_or_empty(""));
    const backend::evaluation::AdminActor actor{user_id(kCountyAdminA), "330281", "余姚市科技局", "127.0.0.1"};
    backend::evaluation::EvaluationQuery q{"330281", from, to, "", -1};
    ASSERT_TRUE(warm.live(actor, q, core::system_now_ms()).ok());

    // New rows of every kind: a request served and confirmed (agent B), a complaint on a request
    // agent A held before, a request of the other county, and one agent B claims only now.
    served_request(kiosk_a, kAgentB, "13812340121", true);
    std::string old_request = create_request(kiosk_a, "13812340122");
    ASSERT_EQ(
        post_json("/api/v1/agent/requests/" + old_request + "/claim", json::object(), session_token(kAgentA))->status,
        200);
    ASSERT_TRUE(warm.live(actor, q, core::system_now_ms()).ok());
    push_ok(kiosk_a,
            json::array(
                {op("feedback.create",
                    {{"request_id", old_request}, {"outcome", "not_solved"}, {"rating", 2}, {"comment", "还没来"}})}));
    Kiosk kiosk_b = enroll(kVillageB);
    served_request(kiosk_b, kAgentC, "13812340123", true);

    const int64_t now = core::system_now_ms();
    auto incremental = warm.live(actor, q, now);
    backend::evaluation::EvaluationService fresh(store, backend::evaluation::SchemeRegistry::load_or_empty(""));
    auto rebuilt = fresh.live(actor, q, now);
    ASSERT_TRUE(incremental.ok() && rebuilt.ok());
    EXPECT_EQ(incremental->text, rebuilt->text);
    EXPECT_EQ(incremental->text, incremental->json().dump());
    EXPECT_EQ(agent_entry(incremental->json(), user_id(kAgentB))["confirmed"], 1);
    EXPECT_EQ(agent_entry(incremental->json(), user_id(kAgentA))["handled"], 3);
}

TEST_F(EvaluationHttp, EvidencePerItemIsLimitedOnRequest) {
    write_history();
    auto evidence_sizes = [this](const std::string& extra) {
        auto res = get(query("330281", extra), admin);
        EXPECT_EQ(res->status, 200) << res->body;
        json answer = json::parse(res->body);
        size_t most = 0;
        size_t counted = 0;
        for (const auto& a : answer["agents"]) {
            for (const auto& item : a["items"]) {
                most = std::max(most, item["evidence"].size());
                counted += item["evidence_count"].get<size_t>();
            }
        }
        return std::pair{most, counted};
    };
    auto all = evidence_sizes("&evidence=all");
    EXPECT_GT(all.first, 1u);
    auto one = evidence_sizes("&evidence=1");
    EXPECT_EQ(one.first, 1u);
    EXPECT_EQ(one.second, all.second);
    EXPECT_EQ(get(query("330281", "&evidence=lots"), admin)->status, 400);
}

TEST(EvaluationSchemes, AnInvalidSchemeFileStopsServeNamingTheFileAndTheKey) {
    TempDir dir;
    const auto schemes = dir.path() / "schemes";
    std::filesystem::create_directories(schemes);
    std::ifstream shipped(std::string(XIANGKE_SOURCE_DIR) + "/data/evaluation/default.json");
    json scheme = json::parse(shipped);
    scheme["id"] = "broken";
    scheme["prior_weight"] = "five";
    std::ofstream(schemes / "broken.json") << scheme.dump(2);
    std::ofstream(dir.path() / "backend.toml") << "[evaluation]\nschemes_dir = \"" << schemes.string() << "\"\n";
    auto res = run_command({backend_executable(), "serve", "--db", (dir.path() / "b.db").string(), "--listen",
                            "127.0.0.1:0", "--config", (dir.path() / "backend.toml").string()});
    EXPECT_EQ(res.exit_code, 1);
    EXPECT_NE(res.err.find("broken.json"), std::string::npos) << res.err;
    EXPECT_NE(res.err.find("prior_weight"), std::string::npos) << res.err;
}
