// 查询进度 and 服务评价 on the real app rendered headless, over a real kiosk database: what the
// farmer sees, and the ops a cancel or a rating leaves in the outbox.
#include <gtest/gtest.h>

#include "scenario/scenario.h"
#include "scenario/scenario_runner.h"
#include "shell/app_runner.h"
#include "store/outbox_store.h"
#include "support/backend_process.h"

namespace xiangke::kiosk {
namespace {

namespace protocol = core::protocol;

class TrackingScreens : public ::testing::Test {
protected:
    void SetUp() override {
        auto store = OutboxStore::open(m_dir.path() / "kiosk.db");
        ASSERT_TRUE(store.ok());
        m_store = std::move(store).value();
        protocol::RequestCreate draft;
        draft.category = core::Category::PestDisease;
        draft.crop = "水稻";
        draft.symptoms = {"叶上梭形病斑"};
        draft.farmer_name = "王大伯";
        draft.farmer_phone = "13812345678";
        draft.preferred_time = "上午";
        auto stored = m_store->submit_request(draft, "330281106201", 1'790'000'000'000);
        ASSERT_TRUE(stored.ok());
        m_request = *stored;
    }
    void start_app() {
        KioskConfig config;
        config.data_dir = m_dir.path();
        config.attract_loop = false;
        m_app = std::make_unique<AppRunner>(config, DisplayOptions{DisplayMode::Headless, 1280, 800}, ClockMode::Manual);
        auto started = m_app->start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        m_app->settle();
    }
    void play(const std::string& script) {
        auto steps = parse_scenario(script);
        ASSERT_TRUE(steps.ok()) << steps.error().message;
        auto played = run_scenario(*m_app, *steps, {"inline", {}});
        ASSERT_TRUE(played.ok()) << played.error().message;
    }
    void report_status(const std::string& status, nlohmann::json extra = nlohmann::json::object()) {
        nlohmann::json fields = {{"request_id", m_request.request_id}, {"code", m_request.code}, {"status", status}};
        fields.update(extra);
        protocol::PullResponse page;
        page.changes = {protocol::Change{++m_seq, "request.status", 1'790'000'100'000 + m_seq, fields}};
        page.next_cursor = m_seq;
        ASSERT_TRUE(m_store->apply_pull(page).ok());
    }
    std::vector<OutboxOp> ops_of(protocol::OpType type) {
        std::vector<OutboxOp> out;
        for (auto& op : m_store->pending_ops(100)) {
            if (op.type == type) {
                out.push_back(op);
            }
        }
        return out;
    }

    test::TempDir m_dir;
    std::unique_ptr<OutboxStore> m_store;
    StoredRequest m_request;
    std::unique_ptr<AppRunner> m_app;
    int64_t m_seq = 0;
};

TEST_F(TrackingScreens, ANewRequestShowsAsSubmittedAndNotYetSent) {
    start_app();
    play("tap \"查询进度\"\ntype \"" + m_request.code + "\"\ntap \"查询\"\n"
         "expect \"求助码 " + m_request.code + "\"\nexpect \"已提交\"\nexpect \"138****5678\"\n"
         "expect \"还没有送出\"\nexpect-not \"13812345678\"\nexpect \"撤销求助\"\n");
}

TEST_F(TrackingScreens, TimelineReadsInPlainChinese) {
    report_status("received");
    report_status("claimed", {{"agent_name", "陈建国"}});
    report_status("contacted", {{"agent_name", "陈建国"}, {"visit_date", "2026-12-03"}});
    start_app();
    play("tap \"查询进度\"\ntap \"按手机号查\"\ntype \"13812345678\"\ntap \"查询\"\n"
         "expect \"已送达\"\nexpect \"专家已接单：陈建国\"\nexpect \"专家已联系（约定上门 2026-12-03）\"\n"
         "expect-not \"还没有送出\"\nexpect-not \"13812345678\"\n");
}

TEST_F(TrackingScreens, CancelAsksWhyAndQueuesTheOp) {
    start_app();
    play("tap \"查询进度\"\ntype \"" + m_request.code + "\"\ntap \"查询\"\ntap \"撤销求助\"\n"
         "expect \"为什么要撤销\"\ntap \"不需要了\"\ntap \"确认撤销\"\nexpect \"已撤销\"\n");
    auto cancels = ops_of(protocol::OpType::RequestCancel);
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0].payload["request_id"], m_request.request_id);
    EXPECT_EQ(cancels[0].payload["reason"], "no_longer_needed");
    // Looked up again, it offers no second cancel.
    play("tap \"首页\"\ntap \"查询进度\"\ntype \"" + m_request.code + "\"\ntap \"查询\"\nexpect \"已申请撤销\"\n"
         "expect-not \"撤销求助\"\n");
}

TEST_F(TrackingScreens, NoCancelOnceAnOutcomeIsReported) {
    report_status("resolved", {{"agent_name", "陈建国"}});
    start_app();
    play("tap \"查询进度\"\ntype \"" + m_request.code + "\"\ntap \"查询\"\nexpect \"已解决\"\n"
         "expect-not \"撤销求助\"\n");
}

TEST_F(TrackingScreens, RatingQueuesFeedbackWithOutcomeFacesAndComment) {
    report_status("resolved", {{"agent_name", "陈建国"}});
    start_app();
    play("tap \"服务评价\"\ntap \"按手机号查\"\ntype \"13812345678\"\ntap \"查询\"\n"
         "expect \"问题解决了吗\"\ntap \"提交评价\"\nexpect \"请先选择\"\n"
         "tap \"部分解决\"\ntap \"很满意\"\ntap \"来得及时\"\ntap \"提交评价\"\nexpect \"谢谢您的评价\"\n");
    auto feedback = ops_of(protocol::OpType::FeedbackCreate);
    ASSERT_EQ(feedback.size(), 1u);
    auto decoded = protocol::decode_feedback_create(feedback[0].payload);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->request_id, m_request.request_id);
    EXPECT_EQ(decoded->outcome, protocol::FeedbackOutcome::Partly);
    EXPECT_EQ(decoded->rating, 5);
    EXPECT_EQ(decoded->comment, "来得及时");
}

TEST_F(TrackingScreens, RatingBeforeAnyOutcomeIsAllowed) {
    start_app();  // nobody came yet: the farmer may still say so (a complaint on the server)
    play("tap \"服务评价\"\ntype \"" + m_request.code + "\"\ntap \"查询\"\ntap \"没解决\"\ntap \"很不满意\"\n"
         "tap \"没人联系我\"\ntap \"提交评价\"\nexpect \"谢谢您的评价\"\n");
    EXPECT_EQ(ops_of(protocol::OpType::FeedbackCreate).size(), 1u);
}

TEST_F(TrackingScreens, ARefusedRequestSaysSubmitFailedAndWhatToDo) {
    auto ops = m_store->pending_ops(10);
    ASSERT_TRUE(m_store
                    ->apply_push_results({{ops[0].op_id, protocol::OpStatus::Rejected,
                                           core::Error{"wrong_village", "not this kiosk's village", ""}}},
                                         2)
                    .ok());
    start_app();
    play("tap \"查询进度\"\ntype \"" + m_request.code + "\"\ntap \"查询\"\nexpect \"提交失败\"\n"
         "expect \"请重新登记\"\nexpect-not \"撤销求助\"\n");
}

}  // namespace
}  // namespace xiangke::kiosk
