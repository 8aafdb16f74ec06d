#include "store/outbox_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>

#include "support/backend_process.h"
#include "xiangke/core/request_code.h"

namespace xiangke::kiosk {
namespace {

namespace protocol = core::protocol;

constexpr const char* kVillage = "330281106201";

protocol::RequestCreate draft(const std::string& phone = "138 1234 5678") {
    protocol::RequestCreate d;
    d.category = core::Category::PestDisease;
    d.crop = "水稻";
    d.symptoms = {"叶上梭形病斑"};
    d.description = "稻叶发黄";
    d.farmer_name = "王大伯";
    d.farmer_phone = phone;
    d.preferred_time = "上午";
    return d;
}

class OutboxStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = OutboxStore::open(m_dir.path() / "kiosk.db");
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        m_store = std::move(opened).value();
    }
    // Rows of any table whose text contains `needle` (personal data must not linger).
    int rows_containing(const std::string& needle) {
        int found = 0;
        SQLite::Statement tables(m_store->db().raw(), "SELECT name FROM sqlite_master WHERE type = 'table'");
        std::vector<std::string> names;
        while (tables.executeStep()) {
            names.push_back(tables.getColumn(0).getString());
        }
        for (const auto& table : names) {
            if (table.find("fts") != std::string::npos || table == "sqlite_sequence") {
                continue;
            }
            SQLite::Statement rows(m_store->db().raw(), "SELECT * FROM " + table);
            while (rows.executeStep()) {
                for (int i = 0; i < rows.getColumnCount(); ++i) {
                    if (rows.getColumn(i).getString().find(needle) != std::string::npos) {
                        ++found;
                    }
                }
            }
        }
        return found;
    }
    test::TempDir m_dir;
    std::unique_ptr<OutboxStore> m_store;
};

TEST_F(OutboxStoreTest, SubmitStoresTheRequestAndItsCreateOpTogether) {
    auto stored = m_store->submit_request(draft(), kVillage, 1'000);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_TRUE(core::is_valid_request_code(stored->code));
    EXPECT_EQ(stored->masked_phone, "138****5678");
    EXPECT_EQ(stored->status_token.size(), 26u);

    auto ops = m_store->pending_ops(10);
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].type, protocol::OpType::RequestCreate);
    auto payload = protocol::decode_request_create(ops[0].payload);
    ASSERT_TRUE(payload.ok()) << payload.error().message;
    EXPECT_EQ(payload->request_id, stored->request_id);
    EXPECT_EQ(payload->code, stored->code);
    EXPECT_EQ(payload->village_code, kVillage);
    EXPECT_EQ(payload->farmer_phone, "13812345678");  // normalised, as the backend stores it

    auto found = m_store->find_by_code(stored->code);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->status, "submitted");
    EXPECT_EQ(found->masked_phone, "138****5678");
    ASSERT_EQ(found->timeline.size(), 1u);
    EXPECT_EQ(found->timeline[0].status, "submitted");
}

TEST_F(OutboxStoreTest, CodesAreDistinctAndFollowTheSequence) {
    std::set<std::string> codes;
    for (int i = 0; i < 50; ++i) {
        auto stored = m_store->submit_request(draft("1381234" + std::to_string(1000 + i)), kVillage, i);
        ASSERT_TRUE(stored.ok());
        codes.insert(stored->code);
    }
    EXPECT_EQ(codes.size(), 50u);
    EXPECT_EQ(m_store->counts().pending, 50);
}

TEST_F(OutboxStoreTest, AnInvalidDraftStoresNothing) {
    auto bad = draft();
    bad.crop = std::string(200, 'x');
    auto refused = m_store->submit_request(bad, kVillage, 1);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "payload.crop");
    EXPECT_FALSE(m_store->submit_request(draft("12345"), kVillage, 1).ok());
    EXPECT_EQ(m_store->counts().pending, 0);
    EXPECT_EQ(rows_containing("王大伯"), 0);
}

TEST_F(OutboxStoreTest, AcknowledgedCreateLeavesNoPhoneOrNameOnTheKiosk) {
    auto stored = m_store->submit_request(draft(), kVillage, 1);
    ASSERT_TRUE(stored.ok());
    EXPECT_GT(rows_containing("13812345678"), 0);
    auto ops = m_store->pending_ops(10);
    auto applied = m_store->apply_push_results({{ops[0].op_id, protocol::OpStatus::Applied, std::nullopt}}, 2);
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(applied->acknowledged, 1);
    EXPECT_EQ(m_store->counts().pending, 0);
    EXPECT_EQ(rows_containing("13812345678"), 0);
    EXPECT_EQ(rows_containing("王大伯"), 0);
    // The farmer still finds it by phone (through the salted hash) and sees it arrived.
    auto found = m_store->find_by_phone("13812345678");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].code, stored->code);
    EXPECT_EQ(found[0].status, "received");
    EXPECT_TRUE(m_store->find_by_phone("13900000000").empty());
}

TEST_F(OutboxStoreTest, TheFilesHoldNoFullPhoneOnceTheOpIsAcknowledgedWhileTheKioskRuns) {
    // Read the files as someone with the disk would, with the store still open: the WAL frames
    // that stored the op go when it is acknowledged, not only at shutdown.
    auto file_holds = [&](const char* name, const std::string& needle) {
        std::ifstream in(m_dir.path() / name, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return bytes.find(needle) != std::string::npos;
    };
    ASSERT_TRUE(m_store->submit_request(draft(), kVillage, 1).ok());
    EXPECT_TRUE(file_holds("kiosk.db-wal", "13812345678") || file_holds("kiosk.db", "13812345678"));
    // Another connection reading at the same moment only delays the checkpoint to the next pull.
    {
        auto reader = std::move(OutboxStore::open(m_dir.path() / "kiosk.db")).value();
        SQLite::Statement open_read(reader->db().raw(), "SELECT code FROM requests");
        ASSERT_TRUE(open_read.executeStep());  // holds a read snapshot
        auto ops = m_store->pending_ops(10);
        ASSERT_TRUE(m_store->apply_push_results({{ops[0].op_id, protocol::OpStatus::Applied, std::nullopt}}, 2).ok());
    }
    protocol::PullResponse nothing_new;
    nothing_new.next_cursor = 0;
    ASSERT_TRUE(m_store->apply_pull(nothing_new).ok());
    EXPECT_FALSE(file_holds("kiosk.db-wal", "13812345678"));
    EXPECT_FALSE(file_holds("kiosk.db", "13812345678"));
    EXPECT_FALSE(file_holds("kiosk.db-wal", "王大伯"));
    EXPECT_FALSE(file_holds("kiosk.db", "王大伯"));
}

TEST_F(OutboxStoreTest, RejectedOpBecomesADeadLetterWithoutPersonalData) {
    auto stored = m_store->submit_request(draft(), kVillage, 1);
    ASSERT_TRUE(stored.ok());
    auto ops = m_store->pending_ops(10);
    core::Error why{"wrong_village", "village_code is not this kiosk's village", "payload.village_code"};
    auto applied = m_store->apply_push_results({{ops[0].op_id, protocol::OpStatus::Rejected, why}}, 5);
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(applied->rejected, 1);
    EXPECT_EQ(m_store->counts().pending, 0);
    EXPECT_EQ(m_store->counts().dead_letters, 1);
    auto letters = m_store->dead_letters(10);
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].error.code, "wrong_village");
    EXPECT_EQ(letters[0].request_id, stored->request_id);
    EXPECT_EQ(rows_containing("13812345678"), 0);
    auto found = m_store->find_by_code(stored->code);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->failure.value_or(""), "wrong_village");
    EXPECT_FALSE(is_cancellable(*found));
}

TEST_F(OutboxStoreTest, UnansweredOpsStayForTheNextPush) {
    ASSERT_TRUE(m_store->submit_request(draft("13800000001"), kVillage, 1).ok());
    ASSERT_TRUE(m_store->submit_request(draft("13800000002"), kVillage, 2).ok());
    auto ops = m_store->pending_ops(10);
    m_store->record_attempt({ops[0].op_id, ops[1].op_id}, 3);
    ASSERT_TRUE(m_store->apply_push_results({{ops[1].op_id, protocol::OpStatus::Duplicate, std::nullopt}}, 4).ok());
    auto left = m_store->pending_ops(10);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].op_id, ops[0].op_id);  // same op id when it is sent again
    EXPECT_EQ(left[0].attempts, 1);
}

protocol::Change status_change(int64_t seq, const std::string& request_id, const std::string& code,
                               const std::string& status, nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json fields = {{"request_id", request_id}, {"code", code}, {"status", status}};
    fields.update(extra);
    return protocol::Change{seq, "request.status", 1000 + seq, fields};
}

TEST_F(OutboxStoreTest, PullStoresTimelineAndCursorAndIgnoresReplays) {
    auto stored = m_store->submit_request(draft(), kVillage, 1);
    ASSERT_TRUE(stored.ok());
    protocol::PullResponse page;
    page.changes = {status_change(5, stored->request_id, stored->code, "received"),
                    status_change(7, stored->request_id, stored->code, "claimed", {{"agent_name", "陈建国"}}),
                    protocol::Change{
                        8, "notice", 1008, {{"title", "停电通知"}, {"body", "周六停电"}, {"until", 9'000'000'000'000}}},
                    protocol::Change{9, "content.version", 1009, {{"version", 4}}}};
    page.next_cursor = 9;
    auto applied = m_store->apply_pull(page);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(applied->status_changes, 2);
    EXPECT_EQ(applied->notices, 1);
    EXPECT_EQ(applied->content_version.value_or(0), 4);
    EXPECT_EQ(m_store->cursor(), 9);

    auto found = m_store->find_by_code(stored->code);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->status, "claimed");
    EXPECT_EQ(found->agent_name.value_or(""), "陈建国");
    ASSERT_EQ(found->timeline.size(), 3u);
    EXPECT_EQ(found->timeline[1].status, "received");
    EXPECT_EQ(found->timeline[2].status, "claimed");

    // The same page again (a crash before the next pull, a bundle): nothing changes.
    auto again = m_store->apply_pull(page);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->status_changes, 0);
    EXPECT_EQ(m_store->find_by_code(stored->code)->timeline.size(), 3u);
    ASSERT_EQ(m_store->live_notices(0).size(), 1u);
    EXPECT_EQ(m_store->live_notices(0)[0].title, "停电通知");
}

TEST_F(OutboxStoreTest, ANoticeEndedEarlyReplacesItsEarlierCopy) {
    const int64_t later = 9'000'000'000'000;
    auto notice = [](int64_t seq, int64_t id, const char* title, int64_t until) {
        return protocol::Change{
            seq, "notice", 1000 + seq, {{"title", title}, {"body", "村委会通知"}, {"until", until}, {"notice_id", id}}};
    };
    protocol::PullResponse first;
    first.changes = {notice(4, 11, "停电通知", later), notice(5, 12, "防台风", later)};
    first.next_cursor = 5;
    ASSERT_TRUE(m_store->apply_pull(first).ok());
    ASSERT_EQ(m_store->live_notices(2000).size(), 2u);

    // An administrator ends notice 11 now: the new copy's end is in the past, and the old copy
    // (which would still be live) is gone.
    protocol::PullResponse ended;
    ended.changes = {notice(9, 11, "停电通知", 1500)};
    ended.next_cursor = 9;
    ASSERT_TRUE(m_store->apply_pull(ended).ok());
    auto live = m_store->live_notices(2000);
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live[0].title, "防台风");
}

TEST_F(OutboxStoreTest, AFullResyncBringsBackRequestsThisDatabaseForgot) {
    protocol::PullResponse page;
    page.changes = {
        status_change(3, "01KAAAAAAAAAAAAAAAAAAAAAAA", "4827193", "visited", {{"visit_date", "2026-12-03"}})};
    page.next_cursor = 3;
    ASSERT_TRUE(m_store->apply_pull(page).ok());
    auto found = m_store->find_by_code("482 7193");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->status, "visited");
    EXPECT_EQ(found->visit_date.value_or(""), "2026-12-03");
}

TEST_F(OutboxStoreTest, CancelAndFeedbackAreQueuedAsOps) {
    auto stored = m_store->submit_request(draft(), kVillage, 1);
    ASSERT_TRUE(stored.ok());
    ASSERT_TRUE(m_store->enqueue_cancel(stored->request_id, "no_longer_needed", 2).ok());
    ASSERT_TRUE(
        m_store->enqueue_feedback({stored->request_id, protocol::FeedbackOutcome::NotSolved, 2, "没人来"}, 3).ok());
    EXPECT_FALSE(m_store->enqueue_cancel("01KZZZZZZZZZZZZZZZZZZZZZZZ", "x", 4).ok());
    auto ops = m_store->pending_ops(10);
    ASSERT_EQ(ops.size(), 3u);
    EXPECT_EQ(ops[1].type, protocol::OpType::RequestCancel);
    EXPECT_EQ(ops[2].type, protocol::OpType::FeedbackCreate);
    auto found = m_store->find_by_code(stored->code);
    EXPECT_TRUE(found->cancel_requested);
    EXPECT_TRUE(found->feedback_given);
    EXPECT_FALSE(is_cancellable(*found));
}

TEST_F(OutboxStoreTest, EachRequestGetsItsOwnStatusTokenSentWithTheOp) {
    std::set<std::string> tokens;
    for (int i = 0; i < 20; ++i) {
        auto stored = m_store->submit_request(draft("1381234" + std::to_string(2000 + i)), kVillage, i);
        ASSERT_TRUE(stored.ok());
        EXPECT_TRUE(protocol::is_valid_status_token(stored->status_token)) << stored->status_token;
        tokens.insert(stored->status_token);
    }
    EXPECT_EQ(tokens.size(), 20u);
    auto payload = protocol::decode_request_create(m_store->pending_ops(1)[0].payload);
    ASSERT_TRUE(payload.ok());
    EXPECT_TRUE(tokens.count(payload->status_token.value_or("")));
}

}  // namespace
}  // namespace xiangke::kiosk
