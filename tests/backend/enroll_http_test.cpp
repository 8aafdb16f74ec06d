// Real server on 127.0.0.1: health check, enrollment (good, wrong, reused, expired), JSON errors.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "backend_fixture.h"
#include "store/database.h"
#include "store/kiosks.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using nlohmann::json;

namespace {

class EnrollHttp : public test::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        backend::Database db(db_path);
        code = backend::issue_enrollment_code(db, test::kVillageA, core::system_now_ms(), 72 * core::kHourMs)->code;
        client = http.get();
    }

    httplib::Result enroll(const std::string& enrollment_code, int version = 1) {
        json body = {
            {"enrollment_code", enrollment_code}, {"device_name", "村委会一号机"}, {"protocol_version", version}};
        return client->Post("/api/v1/kiosks/enroll", body.dump(), "application/json");
    }

    std::string code;
    httplib::Client* client = nullptr;
};

}  // namespace

TEST_F(EnrollHttp, HealthzAnswersOk) {
    auto res = client->Get("/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    auto body = json::parse(res->body);
    EXPECT_EQ(body["status"], "ok");
    EXPECT_EQ(body["db"], "ok");
    EXPECT_TRUE(body["version"].is_string());
}

TEST_F(EnrollHttp, GoodCodeEnrollsOnceThenIsUsed) {
    ASSERT_EQ(code.size(), 9u) << code;
    auto res = enroll(code);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
    auto body = json::parse(res->body);
    EXPECT_EQ(body["village_code"], "330281106201");
    EXPECT_EQ(body["village_name"], "渚山村委会");
    EXPECT_EQ(body["token"].get<std::string>().size(), 64u);
    EXPECT_EQ(body["kiosk_id"].get<std::string>().size(), 26u);

    auto again = enroll(code);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 401);
    EXPECT_EQ(json::parse(again->body)["error"], "code_used");
}

TEST_F(EnrollHttp, CodeIsForgivingAboutCaseAndDashes) {
    std::string typed = code;
    typed.erase(typed.find('-'), 1);
    for (auto& c : typed) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    auto res = enroll(typed);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 201) << res->body;
}

TEST_F(EnrollHttp, WrongAndExpiredCodesGet401WithReason) {
    auto wrong = enroll("AAAA-AAAA");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_EQ(json::parse(wrong->body)["error"], "invalid_code");
    EXPECT_EQ(json::parse(wrong->body)["field"], "enrollment_code");

    backend::Database db(db_path);
    auto expired = backend::issue_enrollment_code(db, "330281106201", core::system_now_ms() - 100 * core::kHourMs,
                                                  72 * core::kHourMs);
    ASSERT_TRUE(expired.ok());
    auto res = enroll(expired->code);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(json::parse(res->body)["error"], "code_expired");
}

TEST_F(EnrollHttp, MalformedRequestsGet400NamingTheField) {
    auto version = enroll(code, 99);
    ASSERT_TRUE(version);
    EXPECT_EQ(version->status, 400);
    EXPECT_EQ(json::parse(version->body)["error"], "version_mismatch");

    auto not_json = client->Post("/api/v1/kiosks/enroll", "{nope", "application/json");
    ASSERT_TRUE(not_json);
    EXPECT_EQ(not_json->status, 400);
    EXPECT_EQ(json::parse(not_json->body)["error"], "bad_json");

    auto missing =
        client->Post("/api/v1/kiosks/enroll", R"({"protocol_version":1,"device_name":"x"})", "application/json");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 400);
    EXPECT_EQ(json::parse(missing->body)["field"], "enrollment_code");
}

TEST_F(EnrollHttp, UnknownRoutesAnswerJson404) {
    auto res = client->Get("/api/v1/nothing-here");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(json::parse(res->body)["error"], "not_found");
}

TEST_F(EnrollHttp, SigtermStopsTheServerCleanly) {
    EXPECT_EQ(server->stop(), 0);
    EXPECT_NE(server_log().find("server_stopped"), std::string::npos);
}
