// A farmer's voice note from the kiosk to the agent's phone browser over real HTTP: encoded like
// the kiosk does, synced in request.create, served as audio/ogg with byte ranges to the agent
// holding the request (bearer or cookie session), and to nobody else.
#include <gtest/gtest.h>

#include "audio/ogg_opus_decoder.h"
#include "audio/ogg_opus_encoder.h"
#include "backend_fixture.h"
#include "crypto.h"
#include "store/database.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

// Three seconds of a 440 Hz tone, as the kiosk's recorder would have encoded them.
std::string three_second_note() {
    std::vector<int16_t> tone(48'000);
    for (size_t i = 0; i < tone.size(); ++i) {
        tone[i] = static_cast<int16_t>(8000 * std::sin(2 * M_PI * 440 * static_cast<double>(i) / 16'000));
    }
    auto encoder = kiosk::audio::OggOpusEncoder::create();
    (*encoder)->append(tone.data(), tone.size());
    auto bytes = (*encoder)->finish();
    return {bytes.begin(), bytes.end()};
}

class VoiceNoteHttp : public BackendTest {
protected:
    // A request with a voice note from a kiosk in village A, claimed by agent A.
    void SetUp() override {
        BackendTest::SetUp();
        note = three_second_note();
        Kiosk kiosk = enroll(kVillageA);
        request_id = new_id();
        json payload = create_payload(request_id, kiosk.village);
        payload["voice_note"] = {
            {"format", "ogg-opus"}, {"duration_ms", 3000}, {"data", backend::crypto::base64_encode(note)}};
        auto results = push_ok(kiosk, json::array({op("request.create", payload)}));
        ASSERT_EQ(results[0]["status"], "applied") << results.dump();
        holder = session_token(kAgentA);
        auto claimed = post_json("/api/v1/agent/requests/" + request_id + "/claim", json::object(), holder);
        ASSERT_EQ(claimed->status, 200) << claimed->body;
    }

    std::string voice_path() const { return "/api/v1/requests/" + request_id + "/voice"; }

    httplib::Result get_range(const std::string& range, const std::string& token) {
        return http->Get(voice_path().c_str(), {{"Authorization", "Bearer " + token}, {"Range", range}});
    }

    std::string note;
    std::string request_id;
    std::string holder;
};

}  // namespace

TEST_F(VoiceNoteHttp, HolderGetsAPlayableOggOpusNote) {
    auto res = get(voice_path(), holder);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "audio/ogg");
    EXPECT_EQ(res->get_header_value("Accept-Ranges"), "bytes");
    EXPECT_EQ(res->get_header_value("Content-Length"), std::to_string(note.size()));
    EXPECT_NE(res->get_header_value("Cache-Control").find("no-store"), std::string::npos);
    ASSERT_EQ(res->body, note);
    auto decoded = kiosk::audio::decode_ogg_opus(std::vector<uint8_t>(res->body.begin(), res->body.end()));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->duration_ms(), 3000);

    // The request's detail links to it, with the duration a page can show.
    auto detail = json::parse(get("/api/v1/requests/" + request_id, holder)->body);
    EXPECT_EQ(detail["voice_note"]["duration_ms"], 3000);
    EXPECT_EQ(detail["voice_note"]["url"], voice_path());
}

TEST_F(VoiceNoteHttp, RangesAreServedAsAPhoneBrowserAsksForThem) {
    const std::string size = std::to_string(note.size());
    auto open_ended = get_range("bytes=0-", holder);
    ASSERT_EQ(open_ended->status, 206);
    EXPECT_EQ(open_ended->get_header_value("Content-Range"), "bytes 0-" + std::to_string(note.size() - 1) + "/" + size);
    EXPECT_EQ(open_ended->get_header_value("Content-Type"), "audio/ogg");
    EXPECT_EQ(open_ended->body, note);

    auto middle = get_range("bytes=100-199", holder);
    ASSERT_EQ(middle->status, 206);
    EXPECT_EQ(middle->get_header_value("Content-Range"), "bytes 100-199/" + size);
    EXPECT_EQ(middle->get_header_value("Content-Length"), "100");
    EXPECT_EQ(middle->body, note.substr(100, 100));

    auto tail = get_range("bytes=-50", holder);
    ASSERT_EQ(tail->status, 206);
    EXPECT_EQ(tail->body, note.substr(note.size() - 50));

    auto past_end = get_range("bytes=" + size + "-", holder);
    EXPECT_EQ(past_end->status, 416);
    EXPECT_EQ(past_end->get_header_value("Content-Range"), "bytes */" + size);

    // A stale If-Range gets the whole, current note.
    auto stale =
        http->Get(voice_path().c_str(),
                  {{"Authorization", "Bearer " + holder}, {"Range", "bytes=100-199"}, {"If-Range", "\"old\""}});
    EXPECT_EQ(stale->status, 200);
    EXPECT_EQ(stale->body, note);
    auto fresh = http->Get(voice_path().c_str(), {{"Authorization", "Bearer " + holder},
                                                  {"Range", "bytes=100-199"},
                                                  {"If-Range", open_ended->get_header_value("ETag")}});
    EXPECT_EQ(fresh->status, 206);
}

TEST_F(VoiceNoteHttp, TheAgentsBrowserPlaysItWithTheSessionCookie) {
    // An <audio src> sends cookies, never an Authorization header.
    auto res = http->Get(voice_path().c_str(), {{"Cookie", "xiangke_session=" + holder}, {"Range", "bytes=0-"}});
    EXPECT_EQ(res->status, 206);
    EXPECT_EQ(res->body, note);
}

TEST_F(VoiceNoteHttp, OnlyTheHolderAndAdminsInScopeMayListen) {
    EXPECT_EQ(get(voice_path(), session_token(kAgentB))->status, 403);        // same county, not holding it
    EXPECT_EQ(get(voice_path(), session_token(kCountyAdminB))->status, 403);  // another county
    EXPECT_EQ(get(voice_path())->status, 401);
    EXPECT_EQ(get(voice_path(), enroll(kVillageA).token)->status, 401);  // a kiosk is not a person
    EXPECT_EQ(get(voice_path(), session_token(kCountyAdminA))->status, 200);

    // Every listen is in the audit log, with who listened.
    backend::Database db(db_path);
    auto query = db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'voice_note.read' AND object_id = ?");
    query.bind(1, request_id);
    query.step();
    EXPECT_EQ(query.column(0).getInt64(), 1);
}

TEST_F(VoiceNoteHttp, RequestWithoutANoteIsNotFound) {
    std::string other = create_request(enroll(kVillageA), "13800000077");
    auto claimed = post_json("/api/v1/agent/requests/" + other + "/claim", json::object(), holder);
    ASSERT_EQ(claimed->status, 200);
    auto res = get("/api/v1/requests/" + other + "/voice", holder);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(json::parse(res->body)["error"], "not_found");
}
