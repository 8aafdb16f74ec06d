// The kiosk sync API over real HTTP: push (new, duplicate, conflict, mixed batches, limits), pull
// (paging, replay, isolation, 410), revoked kiosks, version mismatch, the per-phone cap, voice
// notes, cancel and feedback.
#include <gtest/gtest.h>

#include "backend_fixture.h"
#include "crypto.h"
#include "store/database.h"
#include "store/kiosks.h"
#include "store/requests.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

class SyncHttp : public BackendTest {
protected:
    int64_t count(const std::string& sql) {
        backend::Database db(db_path);
        return db.raw().execAndGet(sql).getInt64();
    }
};

json statuses_of(const json& changes, const std::string& request_id) {
    json out = json::array();
    for (const auto& c : changes) {
        if (c["type"] == "request.status" && c["request_id"] == request_id) {
            out.push_back(c["status"]);
        }
    }
    return out;
}

}  // namespace

TEST_F(SyncHttp, NewOpIsAppliedOnceThenDuplicate) {
    Kiosk kiosk = enroll();
    std::string id = new_id();
    json create = op("request.create", create_payload(id, kiosk.village));
    auto first = push_ok(kiosk, json::array({create}));
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0]["op_id"], create["op_id"]);
    EXPECT_EQ(first[0]["status"], "applied");

    auto again = push_ok(kiosk, json::array({create}));  // e.g. the reply was lost
    EXPECT_EQ(again[0]["status"], "duplicate");
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM request_events"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM kiosk_changes WHERE type = 'request.status'"), 1);
}

TEST_F(SyncHttp, SameOpIdWithDifferentBodyIsAConflict) {
    Kiosk kiosk = enroll();
    json create = op("request.create", create_payload(new_id(), kiosk.village));
    push_ok(kiosk, json::array({create}));
    json changed = create;
    changed["payload"]["description"] = "换了内容";
    auto results = push_ok(kiosk, json::array({changed}));
    EXPECT_EQ(results[0]["status"], "rejected");
    EXPECT_EQ(results[0]["error"]["error"], "op_conflict");
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests"), 1);
}

TEST_F(SyncHttp, ABadOpNeverBlocksTheRestOfItsBatch) {
    Kiosk kiosk = enroll();
    json bad_category = create_payload(new_id(), kiosk.village);
    bad_category["category"] = "rocket_science";
    json wrong_village = create_payload(new_id(), kiosk.village);
    wrong_village["village_code"] = kVillageA2;
    json ops = json::array({
        op("request.create", create_payload(new_id(), kiosk.village, "13800000001")),
        op("request.create", bad_category),
        {{"op_id", "not-a-ulid"}, {"type", "request.create"}, {"created_at", 1}, {"payload", json::object()}},
        {{"op_id", new_id()}, {"type", "request.teleport"}, {"created_at", 1}, {"payload", json::object()}},
        op("request.create", wrong_village),
        op("request.cancel", {{"request_id", new_id()}, {"reason", "不需要了"}}),
        op("usage.report",
           {{"period_start", 1}, {"period_end", 2}, {"articles", {{{"article_id", "rice-blast"}, {"views", 3}}}}}),
        op("request.create", create_payload(new_id(), kiosk.village, "13800000002")),
    });
    auto results = push_ok(kiosk, ops);
    ASSERT_EQ(results.size(), ops.size());
    std::vector<std::string> expected = {"applied",  "rejected", "rejected", "rejected",
                                         "rejected", "rejected", "applied",  "applied"};
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(results[i]["status"], expected[i]) << i << ": " << results[i].dump();
    }
    EXPECT_EQ(results[1]["error"]["error"], "unknown_category");
    EXPECT_EQ(results[1]["error"]["field"], "payload.category");
    EXPECT_EQ(results[2]["op_id"], "not-a-ulid");
    EXPECT_EQ(results[3]["error"]["error"], "unknown_op_type");
    EXPECT_EQ(results[4]["error"]["error"], "wrong_village");
    EXPECT_EQ(results[5]["error"]["error"], "unknown_request");
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests"), 2);
    EXPECT_EQ(count("SELECT SUM(views) FROM article_views"), 3);
    // A rejected op answers the same when it comes again.
    auto again = push_ok(kiosk, json::array({ops[1]}));
    EXPECT_EQ(again[0]["status"], "rejected");
    EXPECT_EQ(again[0]["error"]["error"], "unknown_category");
}

TEST_F(SyncHttp, OversizeBatchesAre413) {
    Kiosk kiosk = enroll();
    json many = json::array();
    for (int i = 0; i < 201; ++i) {
        many.push_back(op("usage.report", {{"period_start", 1}, {"period_end", 2}, {"articles", json::array()}}));
    }
    auto res = push(kiosk, many);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(json::parse(res->body)["error"], "too_many_ops");

    // 150 ops of about 8.5 KB each (long Chinese text within every field limit): past 1 MiB.
    json big = json::array();
    std::string description;
    for (int i = 0; i < 2000; ++i) {
        description += "稻";
    }
    std::string symptom;
    for (int i = 0; i < 40; ++i) {
        symptom += "黄";
    }
    for (int i = 0; i < 150; ++i) {
        json payload = create_payload(new_id(), kiosk.village, "1380000" + std::to_string(1000 + i));
        payload["description"] = description;
        payload["symptoms"] = json::array();
        for (int k = 0; k < 20; ++k) {
            payload["symptoms"].push_back(symptom);
        }
        big.push_back(op("request.create", payload));
    }
    std::string body = json{{"protocol_version", 1}, {"ops", big}}.dump();
    ASSERT_GT(body.size(), 1024u * 1024u);
    ASSERT_LT(body.size(), 2u * 1024u * 1024u);  // below the HTTP limit: the push route itself says no
    res = http->Post("/api/v1/sync/push", bearer(kiosk.token), body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(json::parse(res->body)["error"], "payload_too_large");
    EXPECT_EQ(count("SELECT COUNT(*) FROM requests"), 0);
}

TEST_F(SyncHttp, VersionMismatchIsExplicit) {
    Kiosk kiosk = enroll();
    auto res = push(kiosk, json::array(), 2);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(json::parse(res->body)["error"], "version_mismatch");
    auto pulled = http->Get("/api/v1/sync/pull?cursor=0&protocol_version=7", bearer(kiosk.token));
    ASSERT_TRUE(pulled);
    EXPECT_EQ(pulled->status, 400);
    EXPECT_EQ(json::parse(pulled->body)["error"], "version_mismatch");
}

TEST_F(SyncHttp, MalformedPushesAre400NamingTheField) {
    Kiosk kiosk = enroll();
    auto res = http->Post("/api/v1/sync/push", bearer(kiosk.token), "{\"protocol_version\":1}", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(json::parse(res->body)["field"], "ops");
    res = http->Post("/api/v1/sync/push", bearer(kiosk.token), "[1,2", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(json::parse(res->body)["error"], "bad_json");
    auto bad_cursor = http->Get("/api/v1/sync/pull?cursor=-1", bearer(kiosk.token));
    ASSERT_TRUE(bad_cursor);
    EXPECT_EQ(bad_cursor->status, 400);
    EXPECT_EQ(json::parse(bad_cursor->body)["field"], "cursor");
}

TEST_F(SyncHttp, PullPagesReplayAndClampTheLimit) {
    Kiosk kiosk = enroll();
    json ops = json::array();
    for (int i = 0; i < 7; ++i) {
        ops.push_back(op("request.create", create_payload(new_id(), kiosk.village, "1380000000" + std::to_string(i))));
    }
    push_ok(kiosk, ops);

    int64_t cursor = 0;
    std::vector<int64_t> seqs;
    for (int page = 0; page < 10; ++page) {
        auto res = pull(kiosk, cursor, 3);
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        auto body = json::parse(res->body);
        EXPECT_LE(body["changes"].size(), 3u);
        for (const auto& c : body["changes"]) {
            seqs.push_back(c["seq"]);
            EXPECT_EQ(c["type"], "request.status");
            EXPECT_EQ(c["status"], "received");
            EXPECT_FALSE(c.contains("farmer_phone"));
        }
        // Replaying the same cursor returns the same page.
        auto replay = pull(kiosk, cursor, 3);
        ASSERT_TRUE(replay);
        EXPECT_EQ(json::parse(replay->body)["changes"], body["changes"]);
        EXPECT_GE(body["next_cursor"].get<int64_t>(), cursor);
        cursor = body["next_cursor"];
        if (!body["has_more"].get<bool>()) {
            break;
        }
    }
    ASSERT_EQ(seqs.size(), 7u);
    for (size_t i = 1; i < seqs.size(); ++i) {
        EXPECT_LT(seqs[i - 1], seqs[i]);
    }
    // Nothing new: the cursor stays where it is.
    auto empty = json::parse(pull(kiosk, cursor)->body);
    EXPECT_TRUE(empty["changes"].empty());
    EXPECT_EQ(empty["next_cursor"], cursor);
    EXPECT_FALSE(empty["has_more"].get<bool>());
    // A limit above the maximum is clamped, not refused.
    auto clamped = pull(kiosk, 0, 1'000'000);
    ASSERT_TRUE(clamped);
    EXPECT_EQ(clamped->status, 200);
    EXPECT_EQ(json::parse(clamped->body)["changes"].size(), 7u);
}

TEST_F(SyncHttp, KiosksSeeOnlyTheirOwnChanges) {
    Kiosk mine = enroll(kVillageA);
    Kiosk neighbour = enroll(kVillageA);  // same village, another kiosk
    Kiosk elsewhere = enroll(kVillageB);
    std::string my_request = create_request(mine, "13800000011");
    std::string their_request = create_request(neighbour, "13800000012");
    create_request(elsewhere, "13800000013");

    auto changes = pull_all(mine);
    EXPECT_EQ(statuses_of(changes, my_request), json::array({"received"}));
    EXPECT_TRUE(statuses_of(changes, their_request).empty());
    EXPECT_EQ(changes.size(), 1u);
    // Nor can a kiosk act on another kiosk's request.
    auto cancel = push_ok(mine, json::array({op("request.cancel", {{"request_id", their_request}, {"reason", "x"}})}));
    EXPECT_EQ(cancel[0]["status"], "rejected");
    EXPECT_EQ(cancel[0]["error"]["error"], "unknown_request");
    auto feedback = push_ok(
        mine,
        json::array({op("feedback.create",
                        {{"request_id", their_request}, {"outcome", "not_solved"}, {"rating", 1}, {"comment", ""}})}));
    EXPECT_EQ(feedback[0]["status"], "rejected");
    EXPECT_EQ(statuses_of(pull_all(neighbour), their_request), json::array({"received"}));
}

TEST_F(SyncHttp, PrunedCursorsGet410AndCursorZeroResyncs) {
    Kiosk kiosk = enroll();
    std::string second = create_request(kiosk, "13800000022");
    std::string first = create_request(kiosk, "13800000021");
    auto cancel =
        push_ok(kiosk, json::array({op("request.cancel", {{"request_id", first}, {"reason", "自己解决了"}})}));
    ASSERT_EQ(cancel[0]["status"], "applied");
    auto before = pull_all(kiosk);
    ASSERT_EQ(before.size(), 3u);
    int64_t old_cursor = before[0]["seq"];  // seen `second` only; `first`'s received is superseded below

    auto maintained = run_command({backend_executable(), "maintain", "--db", db_path, "--retention-days", "0"});
    ASSERT_EQ(maintained.exit_code, 0) << maintained.err;

    auto gone = pull(kiosk, old_cursor);
    ASSERT_TRUE(gone);
    EXPECT_EQ(gone->status, 410);
    EXPECT_EQ(json::parse(gone->body)["error"], "cursor_expired");
    // From zero the kiosk gets the current state of each request, newest only.
    auto resync = pull_all(kiosk, 0);
    EXPECT_EQ(statuses_of(resync, first), json::array({"cancelled"}));
    EXPECT_EQ(statuses_of(resync, second), json::array({"received"}));
    // A cursor at the newest change is still good.
    auto current = pull(kiosk, before.back()["seq"]);
    ASSERT_TRUE(current);
    EXPECT_EQ(current->status, 200);
    // A cursor beyond anything issued (a restored backup) is refused too.
    auto ahead = pull(kiosk, 1'000'000);
    ASSERT_TRUE(ahead);
    EXPECT_EQ(ahead->status, 410);
    EXPECT_EQ(json::parse(ahead->body)["error"], "cursor_unknown");
}

TEST_F(SyncHttp, RevokedKioskGets401OnItsNextCall) {
    Kiosk kiosk = enroll();
    ASSERT_EQ(pull(kiosk, 0)->status, 200);
    auto revoked = run_command({backend_executable(), "kiosk", "revoke", "--db", db_path, "--kiosk", kiosk.id});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
    auto res = pull(kiosk, 0);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(json::parse(res->body)["error"], "unauthorized");
    auto pushed = push(kiosk, json::array());
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->status, 401);
    Kiosk forged{kiosk.id, std::string(64, 'a'), kiosk.village};
    EXPECT_EQ(pull(forged, 0)->status, 401);
}

TEST_F(SyncHttp, PerPhoneCapRejectsWithAReasonTheKioskCanShow) {
    Kiosk kiosk = enroll();
    for (int i = 0; i < 3; ++i) {
        create_request(kiosk, "138 0000 0031");
    }
    std::string fourth = new_id();
    auto results =
        push_ok(kiosk, json::array({op("request.create", create_payload(fourth, kiosk.village, "13800000031"))}));
    EXPECT_EQ(results[0]["status"], "rejected");
    EXPECT_EQ(results[0]["error"]["error"], "too_many_open_requests");
    EXPECT_EQ(results[0]["error"]["field"], "payload.farmer_phone");
    // Another number is not affected; cancelling one frees a place.
    create_request(kiosk, "13800000032");
    backend::Database db(db_path);
    std::string open_one =
        db.raw().execAndGet("SELECT id FROM requests WHERE farmer_phone = '13800000031' LIMIT 1").getString();
    auto cancel = push_ok(kiosk, json::array({op("request.cancel", {{"request_id", open_one}, {"reason", ""}})}));
    ASSERT_EQ(cancel[0]["status"], "applied");
    results =
        push_ok(kiosk, json::array({op("request.create", create_payload(new_id(), kiosk.village, "13800000031"))}));
    EXPECT_EQ(results[0]["status"], "applied");
}

TEST_F(SyncHttp, PhoneCheckTellsTheKioskBeforeTheFarmerTypesEverything) {
    Kiosk kiosk = enroll();
    auto check = [&](const std::string& phone) {
        auto res = post_json("/api/v1/sync/phone-check", {{"protocol_version", 1}, {"farmer_phone", phone}}, kiosk.token);
        EXPECT_EQ(res->status, 200) << res->body;
        return json::parse(res->body);
    };
    EXPECT_EQ(check("13800000035"), json({{"allowed", true}, {"max_open_requests_per_phone", 3}}));
    for (int i = 0; i < 3; ++i) {
        create_request(kiosk, "13800000035");
    }
    auto full = check("138-0000-0035");
    EXPECT_EQ(full["allowed"], false);
    EXPECT_FALSE(full.contains("open_requests"));  // yes or no only
    auto bad = post_json("/api/v1/sync/phone-check", {{"protocol_version", 1}, {"farmer_phone", "12"}}, kiosk.token);
    EXPECT_EQ(bad->status, 400);
    EXPECT_EQ(json::parse(bad->body)["field"], "farmer_phone");
}

TEST_F(SyncHttp, PerPhoneCapComesFromTheConfig) {
    start_server("[requests]\nmax_open_requests_per_phone = 1\n");
    Kiosk kiosk = enroll();
    create_request(kiosk, "13800000041");
    auto results =
        push_ok(kiosk, json::array({op("request.create", create_payload(new_id(), kiosk.village, "13800000041"))}));
    EXPECT_EQ(results[0]["error"]["error"], "too_many_open_requests");
}

TEST_F(SyncHttp, VoiceNoteIsDecodedCheckedAndStored) {
    Kiosk kiosk = enroll();
    std::string ogg = std::string("OggS") + std::string(3000, '\x01');
    json payload = create_payload(new_id(), kiosk.village);
    payload["voice_note"] = {
        {"format", "ogg-opus"}, {"duration_ms", 4200}, {"data", backend::crypto::base64_encode(ogg)}};
    auto results = push_ok(kiosk, json::array({op("request.create", payload)}));
    ASSERT_EQ(results[0]["status"], "applied") << results.dump();
    backend::Database db(db_path);
    EXPECT_EQ(db.raw().execAndGet("SELECT length(data) FROM voice_notes").getInt64(), 3004);
    EXPECT_EQ(db.raw().execAndGet("SELECT duration_ms FROM voice_notes").getInt64(), 4200);

    json not_ogg = create_payload(new_id(), kiosk.village, "13800000051");
    not_ogg["voice_note"] = {
        {"format", "ogg-opus"}, {"duration_ms", 1000}, {"data", backend::crypto::base64_encode("RIFF....")}};
    json not_base64 = create_payload(new_id(), kiosk.village, "13800000052");
    not_base64["voice_note"] = {{"format", "ogg-opus"}, {"duration_ms", 1000}, {"data", "%%%"}};
    results = push_ok(kiosk, json::array({op("request.create", not_ogg), op("request.create", not_base64)}));
    EXPECT_EQ(results[0]["error"]["error"], "invalid_voice_note");
    EXPECT_EQ(results[1]["error"]["error"], "invalid_voice_note");
    EXPECT_EQ(db.raw().execAndGet("SELECT COUNT(*) FROM requests").getInt64(), 1);
}

TEST_F(SyncHttp, FeedbackBeforeAnOutcomeIsAComplaintAndNotSolvedReopens) {
    Kiosk kiosk = enroll();
    std::string id = create_request(kiosk);
    auto complaint = push_ok(
        kiosk,
        json::array({op("feedback.create",
                        {{"request_id", id}, {"outcome", "not_solved"}, {"rating", 1}, {"comment", "还没人来"}})}));
    ASSERT_EQ(complaint[0]["status"], "applied") << complaint.dump();
    backend::Database db(db_path);
    EXPECT_EQ(db.raw().execAndGet("SELECT kind FROM feedback").getString(), "complaint");
    EXPECT_EQ(db.raw().execAndGet("SELECT status FROM requests").getString(), "received");

    // An agent claims and resolves it; the farmer says it is not solved: reopened.
    std::string agent = session_token(kAgentA);
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), agent)->status, 200);
    auto resolved =
        post_json("/api/v1/agent/requests/" + id + "/events", {{"type", "resolved"}, {"note", "已喷药"}}, agent);
    ASSERT_EQ(resolved->status, 200) << resolved->body;
    auto reopen = push_ok(
        kiosk,
        json::array({op("feedback.create",
                        {{"request_id", id}, {"outcome", "not_solved"}, {"rating", 2}, {"comment", "还是黄"}})}));
    ASSERT_EQ(reopen[0]["status"], "applied");
    auto statuses = statuses_of(pull_all(kiosk), id);
    EXPECT_EQ(statuses, json::array({"received", "claimed", "resolved", "reopened"}));
    EXPECT_EQ(db.raw().execAndGet("SELECT kind FROM feedback ORDER BY id DESC LIMIT 1").getString(), "reopened");
    // The complaint counts against the agent who held it at the time... there was none then.
    EXPECT_TRUE(db.raw().execAndGet("SELECT agent_id FROM feedback WHERE kind = 'complaint'").isNull());
    // The stored projection is what the event log gives.
    auto replayed = backend::replay_request(db, id);
    ASSERT_TRUE(replayed.ok());
    EXPECT_EQ(core::lifecycle::status_name(replayed->status), "reopened");
}

TEST_F(SyncHttp, CancelAfterAnOutcomeIsRefusedWithTheReason) {
    Kiosk kiosk = enroll();
    std::string id = create_request(kiosk);
    std::string agent = session_token(kAgentA);
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/claim", json::object(), agent)->status, 200);
    ASSERT_EQ(post_json("/api/v1/agent/requests/" + id + "/events", {{"type", "resolved"}}, agent)->status, 200);
    auto cancel = push_ok(kiosk, json::array({op("request.cancel", {{"request_id", id}, {"reason", ""}})}));
    EXPECT_EQ(cancel[0]["status"], "rejected");
    EXPECT_EQ(cancel[0]["error"]["error"], "invalid_transition");
    auto confirm = push_ok(
        kiosk, json::array({op("feedback.create",
                               {{"request_id", id}, {"outcome", "solved"}, {"rating", 5}, {"comment", "谢谢"}})}));
    EXPECT_EQ(confirm[0]["status"], "applied");
    auto changes = pull_all(kiosk);
    auto last = changes.back();
    EXPECT_EQ(last["status"], "confirmed");
    EXPECT_EQ(last["agent_name"], "陈建国");
}

TEST_F(SyncHttp, UnknownRoutesAndMethodsAnswerJson) {
    auto res = get("/api/v1/sync/nothing");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(json::parse(res->body)["error"], "not_found");
    // A Range header never turns a JSON answer into pieces.
    httplib::Headers range = {{"Range", "bytes=2-5,7-9"}};
    auto health = http->Get("/healthz", range);
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(json::parse(health->body)["status"], "ok");
}

TEST_F(SyncHttp, AnswersCarryTheServerDateAndLastSeenIsKept) {
    Kiosk kiosk = enroll();
    auto res = pull(kiosk, 0);
    ASSERT_TRUE(res);
    EXPECT_NE(res->get_header_value("Date").find(" GMT"), std::string::npos);
    EXPECT_EQ(server->stop(), 0);  // a clean stop writes what the server saw
    EXPECT_EQ(count("SELECT COUNT(*) FROM kiosks WHERE last_seen_at IS NOT NULL"), 1);
}

TEST_F(SyncHttp, NoticesReachTheKiosksOfTheirRegion) {
    Kiosk inside = enroll(kVillageA);
    Kiosk outside = enroll(kVillageB);
    auto added = run_command({backend_executable(), "notice", "add", "--db", db_path, "--region", "330281", "--title",
                              "水稻病虫害防治培训", "--body", "12月5日上午9点在村委会举行，欢迎参加。", "--until",
                              "2099-12-05"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    auto changes = pull_all(inside);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0]["type"], "notice");
    EXPECT_EQ(changes[0]["title"], "水稻病虫害防治培训");
    EXPECT_GT(changes[0]["until"].get<int64_t>(), 0);
    EXPECT_TRUE(pull_all(outside).empty());
    Kiosk later = enroll(kVillageA2);  // enrolled afterwards, still in the region: gets the live notice
    EXPECT_EQ(pull_all(later).size(), 1u);
    auto past = run_command({backend_executable(), "notice", "add", "--db", db_path, "--region", "330281", "--title",
                             "t", "--body", "b", "--until", "2000-01-01"});
    EXPECT_EQ(past.exit_code, 1);
    EXPECT_NE(past.err.find("--until"), std::string::npos);
}

TEST_F(SyncHttp, OnlineBackupWhileServingIsAConsistentCopy) {
    Kiosk kiosk = enroll();
    for (int i = 0; i < 5; ++i) {
        create_request(kiosk, "1380000006" + std::to_string(i));
    }
    std::string copy = (dir.path() / "backup.db").string();
    auto backup = run_command({backend_executable(), "backup", "--db", db_path, "--to", copy});
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    create_request(kiosk, "13800000070");  // the server goes on
    backend::Database restored(copy);
    EXPECT_EQ(restored.raw().execAndGet("PRAGMA integrity_check").getString(), "ok");
    EXPECT_EQ(restored.raw().execAndGet("SELECT COUNT(*) FROM requests").getInt(), 5);
    EXPECT_EQ(restored.raw().execAndGet("SELECT COUNT(*) FROM request_events").getInt(), 5);
}
