#include "xiangke/core/protocol.h"

#include <gtest/gtest.h>

using namespace xiangke::core;
using namespace xiangke::core::protocol;
using nlohmann::json;

namespace {

RequestCreate sample_request() {
    RequestCreate r;
    r.request_id = "01JD0000000000000000000000";
    r.code = "4827193";
    r.village_code = "330281101201";
    r.category = Category::PestDisease;
    r.crop = "水稻";
    r.symptoms = {"叶上梭形病斑"};
    r.description = "叶子上很多斑";
    r.farmer_name = "王大伯";
    r.farmer_phone = "13812341234";
    r.preferred_time = "上午";
    return r;
}

json push_with(json payload, const char* type = "request.create") {
    return {{"protocol_version", 1},
            {"ops", {{{"op_id", "01JD0000000000000000000001"}, {"type", type}, {"created_at", 1}, {"payload", payload}}}}};
}

}  // namespace

TEST(Protocol, EnrollRoundTrip) {
    EnrollRequest req{"ABCD-1234", "村委会一号机", 1};
    auto back = decode_enroll_request(to_json(req));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->enrollment_code, "ABCD-1234");
    EXPECT_EQ(back->device_name, "村委会一号机");
    EnrollResponse resp{"k1", "tok", "330281101201", "某村"};
    auto resp_back = decode_enroll_response(to_json(resp));
    ASSERT_TRUE(resp_back.ok());
    EXPECT_EQ(resp_back->village_name, "某村");
}

TEST(Protocol, RejectsUnknownVersion) {
    json j = {{"enrollment_code", "x"}, {"device_name", "d"}, {"protocol_version", 2}};
    auto r = decode_enroll_request(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "version_mismatch");
    EXPECT_EQ(r.error().field, "protocol_version");
    auto push = decode_push_request({{"protocol_version", 0}, {"ops", json::array()}});
    EXPECT_EQ(push.error().code, "version_mismatch");
}

TEST(Protocol, RejectsMissingFieldsAndWrongTypes) {
    auto missing = decode_enroll_request({{"device_name", "d"}, {"protocol_version", 1}});
    EXPECT_EQ(missing.error().field, "enrollment_code");
    EXPECT_EQ(missing.error().code, "missing_field");
    auto wrong = decode_enroll_request({{"enrollment_code", 5}, {"device_name", "d"}, {"protocol_version", 1}});
    EXPECT_EQ(wrong.error().code, "wrong_type");
    auto oversize = decode_enroll_request(
        {{"enrollment_code", "x"}, {"device_name", std::string(65, 'x')}, {"protocol_version", 1}});
    EXPECT_EQ(oversize.error().field, "device_name");
    EXPECT_EQ(oversize.error().code, "too_long");
}

TEST(Protocol, PushEnvelope) {
    Op op{"01JD0000000000000000000001", OpType::RequestCreate, 1700000000000, to_json(sample_request())};
    PushRequest push{1, {op}, std::nullopt};
    auto back = decode_push_request(to_json(push));
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->ops.size(), 1u);
    EXPECT_EQ(back->ops[0].type, OpType::RequestCreate);
    EXPECT_EQ(back->ops[0].created_at, 1700000000000);

    auto bad_type = decode_push_request(push_with(json::object(), "request.delete"));
    EXPECT_EQ(bad_type.error().code, "unknown_op_type");
    EXPECT_EQ(bad_type.error().field, "ops[0].type");

    json bad_id = push_with(json::object());
    bad_id["ops"][0]["op_id"] = "not-a-ulid";
    EXPECT_EQ(decode_push_request(bad_id).error().field, "ops[0].op_id");

    json many = {{"protocol_version", 1}, {"ops", json::array()}};
    for (size_t i = 0; i <= limits::kOpsPerBatch; ++i) {
        many["ops"].push_back(push_with(json::object())["ops"][0]);
    }
    EXPECT_EQ(decode_push_request(many).error().code, "too_many_ops");
}

TEST(Protocol, RequestCreateRoundTripAndNormalisesPhone) {
    auto req = sample_request();
    req.farmer_phone = "138 1234 1234";
    auto back = decode_request_create(to_json(req));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->farmer_phone, "13812341234");
    EXPECT_EQ(back->category, Category::PestDisease);
    EXPECT_EQ(back->symptoms.size(), 1u);
}

TEST(Protocol, RequestCreateValidation) {
    auto check = [](auto mutate, const std::string& field, const std::string& code = "invalid_field") {
        json j = to_json(sample_request());
        mutate(j);
        auto r = decode_request_create(j);
        ASSERT_FALSE(r.ok()) << field;
        EXPECT_EQ(r.error().field, field);
        EXPECT_EQ(r.error().code, code);
    };
    check([](json& j) { j["category"] = "fishing"; }, "payload.category", "unknown_category");
    check([](json& j) { j["village_code"] = "330281"; }, "payload.village_code");
    check([](json& j) { j["farmer_phone"] = "12345"; }, "payload.farmer_phone");
    check([](json& j) { j.erase("farmer_phone"); }, "payload.farmer_phone", "missing_field");
    check([](json& j) { j["request_id"] = "x"; }, "payload.request_id");
    check([](json& j) { j["description"] = std::string(2001, 'a'); }, "payload.description", "too_long");
    check([](json& j) { j["symptoms"] = json::array({1}); }, "payload.symptoms[0]", "wrong_type");
    check([](json& j) { j["code"] = ""; }, "payload.code");
    check([](json& j) { j["voice_note"] = {{"format", "mp3"}, {"duration_ms", 1000}, {"data", "AA=="}}; },
          "payload.voice_note.format");
    check([](json& j) { j["voice_note"] = {{"format", "ogg-opus"}, {"duration_ms", 61000}, {"data", "AA=="}}; },
          "payload.voice_note.duration_ms", "out_of_range");
}

TEST(Protocol, StatusTokenIs128BitsInTheUlidAlphabet) {
    std::array<uint8_t, 16> zeros{};
    EXPECT_EQ(make_status_token(zeros), std::string(26, '0'));
    std::array<uint8_t, 16> ones{};
    ones.fill(0xff);
    EXPECT_EQ(make_status_token(ones), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    std::array<uint8_t, 16> last{};
    last[15] = 0x21;  // 33 = 1*32 + 1
    EXPECT_EQ(make_status_token(last), "00000000000000000000000011");
    EXPECT_TRUE(is_valid_status_token(make_status_token(ones)));
    EXPECT_FALSE(is_valid_status_token("8ZZZZZZZZZZZZZZZZZZZZZZZZZ"));  // more than 128 bits
    EXPECT_FALSE(is_valid_status_token("0000000000000000000000000I"));  // not in the alphabet
    EXPECT_FALSE(is_valid_status_token("0000000000000000000000000a"));  // lower case
    EXPECT_FALSE(is_valid_status_token("000"));
}

TEST(Protocol, RequestCreateCarriesAnOptionalStatusToken) {
    auto req = sample_request();
    EXPECT_FALSE(decode_request_create(to_json(req))->status_token.has_value());
    req.status_token = "01HZX3Q4W5E6R7T8Y9ABCDEFGH";
    auto back = decode_request_create(to_json(req));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->status_token, req.status_token);
    json j = to_json(req);
    j["status_token"] = "short";
    auto bad = decode_request_create(j);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "payload.status_token");
    j["status_token"] = 12;
    EXPECT_EQ(decode_request_create(j).error().field, "payload.status_token");
}

TEST(Protocol, UnknownCropSymptomsAndCodeFormatsAreAccepted) {
    json j = to_json(sample_request());
    j["crop"] = "火龙果";
    j["symptoms"] = {"不认识的症状"};
    j["code"] = "ZZ-99";
    j["preferred_time"] = "随便";
    EXPECT_TRUE(decode_request_create(j).ok());
}

TEST(Protocol, FeedbackCancelUsage) {
    FeedbackCreate fb{"01JD0000000000000000000000", FeedbackOutcome::NotSolved, 2, "没人来"};
    auto fb_back = decode_feedback_create(to_json(fb));
    ASSERT_TRUE(fb_back.ok());
    EXPECT_EQ(fb_back->outcome, FeedbackOutcome::NotSolved);
    json bad = to_json(fb);
    bad["rating"] = 6;
    EXPECT_EQ(decode_feedback_create(bad).error().field, "payload.rating");
    bad = to_json(fb);
    bad["outcome"] = "great";
    EXPECT_EQ(decode_feedback_create(bad).error().field, "payload.outcome");

    EXPECT_TRUE(decode_request_cancel(to_json(RequestCancel{"01JD0000000000000000000000", "不需要了"})).ok());

    UsageReport usage{100, 200, {{"rice-blast", 3}}};
    EXPECT_TRUE(decode_usage_report(to_json(usage)).ok());
    usage.period_end = 50;
    EXPECT_EQ(decode_usage_report(to_json(usage)).error().field, "payload.period_end");
}

TEST(Protocol, PushResponseRoundTrip) {
    PushResponse resp;
    resp.results.push_back({"01JD0000000000000000000001", OpStatus::Applied, std::nullopt});
    resp.results.push_back(
        {"01JD0000000000000000000002", OpStatus::Rejected, Error{"invalid_field", "bad phone", "payload.farmer_phone"}});
    auto back = decode_push_response(to_json(resp));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->results[1].status, OpStatus::Rejected);
    EXPECT_EQ(back->results[1].error->field, "payload.farmer_phone");
}

TEST(Protocol, PullChangesRoundTrip) {
    PullResponse pull;
    RequestStatusChange status{"01JD0000000000000000000000", "4827193", "claimed", "李专家", "2026-11-28", std::nullopt};
    pull.changes.push_back({5, "request.status", 1000, to_json(status)});
    pull.changes.push_back({6, "notice", 1001, to_json(NoticeChange{"停电通知", "明天检修", 2000})});
    pull.changes.push_back({7, "content.version", 1002, to_json(ContentVersionChange{3})});
    pull.next_cursor = 7;
    json wire = to_json(pull);
    EXPECT_EQ(wire["changes"][0]["status"], "claimed");  // fields are flat on the wire
    auto back = decode_pull_response(wire);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->changes.size(), 3u);
    auto s = decode_request_status(back->changes[0]);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(*s->agent_name, "李专家");
    EXPECT_EQ(decode_notice(back->changes[1])->title, "停电通知");
    EXPECT_EQ(decode_content_version(back->changes[2])->version, 3);

    Change bogus{8, "request.status", 1, {{"request_id", "x"}, {"code", "1"}, {"status", "teleported"}}};
    EXPECT_EQ(decode_request_status(bogus).error().field, "change.status");
}

TEST(Protocol, ErrorJsonShape) {
    json e = error_json(Error{"invalid_field", "bad", "farmer_phone"});
    EXPECT_EQ(e["error"], "invalid_field");
    EXPECT_EQ(e["field"], "farmer_phone");
    EXPECT_FALSE(error_json(Error{"not_found", "no", ""}).contains("field"));
}
