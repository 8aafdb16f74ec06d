#include "sync/sync_plan.h"

#include <gtest/gtest.h>

namespace xiangke::kiosk::sync {
namespace {

TEST(SyncPlan, BatchStopsAtTheOpLimit) {
    std::vector<size_t> sizes(450, 300);
    EXPECT_EQ(ops_in_next_batch(sizes, protocol_batch_limits()), 200u);
    EXPECT_EQ(ops_in_next_batch(std::vector<size_t>(7, 300), protocol_batch_limits()), 7u);
    EXPECT_EQ(ops_in_next_batch({}, protocol_batch_limits()), 0u);
}

TEST(SyncPlan, BatchStopsBeforeTheByteLimit) {
    // Requests with voice notes (~260 KB each): at most three fit in 1 MiB with the envelope.
    std::vector<size_t> sizes(5, 262'144 + 600);
    BatchLimits limits = protocol_batch_limits();
    size_t count = ops_in_next_batch(sizes, limits);
    EXPECT_EQ(count, 3u);
    EXPECT_LE(count * (262'144 + 600) + count + 64, limits.max_bytes);
}

TEST(SyncPlan, AnOversizeOpStillGoesAlone) {
    EXPECT_EQ(ops_in_next_batch({2'000'000, 10}, {200, 1'048'576}), 1u);
}

TEST(SyncPlan, AnswersAreClassified) {
    EXPECT_EQ(classify_answer(200), AnswerKind::Answered);
    EXPECT_EQ(classify_answer(0), AnswerKind::Unknown);
    EXPECT_EQ(classify_answer(503), AnswerKind::Unknown);
    EXPECT_EQ(classify_answer(500), AnswerKind::Unknown);
    EXPECT_EQ(classify_answer(429), AnswerKind::Unknown);
    EXPECT_EQ(classify_answer(410), AnswerKind::CursorGone);
    EXPECT_EQ(classify_answer(401), AnswerKind::Refused);
    EXPECT_EQ(classify_answer(400), AnswerKind::Refused);
}

TEST(SyncPlan, BackoffDoublesUpToTheCap) {
    BackoffPolicy policy{5'000, 60'000};
    EXPECT_EQ(backoff_delay_ms(0, policy, 0.5), 0);
    EXPECT_EQ(backoff_delay_ms(1, policy, 1.0), 5'000);
    EXPECT_EQ(backoff_delay_ms(2, policy, 1.0), 10'000);
    EXPECT_EQ(backoff_delay_ms(3, policy, 1.0), 20'000);
    EXPECT_EQ(backoff_delay_ms(5, policy, 1.0), 60'000);
    EXPECT_EQ(backoff_delay_ms(500, policy, 1.0), 60'000);  // no overflow after days offline
}

TEST(SyncPlan, JitterSpreadsTheUpperHalf) {
    BackoffPolicy policy{5'000, 60'000};
    EXPECT_EQ(backoff_delay_ms(3, policy, 0.0), 10'000);
    EXPECT_EQ(backoff_delay_ms(3, policy, 0.5), 15'000);
    for (double r = 0.0; r < 1.0; r += 0.01) {
        int64_t delay = backoff_delay_ms(4, policy, r);
        EXPECT_GE(delay, 20'000);
        EXPECT_LT(delay, 40'000);
    }
}

TEST(SyncPlan, TriggerRunsAtOnceUnlessInBackoff) {
    BackoffPolicy policy{5'000, 60'000};
    EXPECT_EQ(next_cycle_delay_ms(0, true, 300'000, policy, 0.3), 0);
    EXPECT_EQ(next_cycle_delay_ms(0, false, 300'000, policy, 0.3), 300'000);
    EXPECT_EQ(next_cycle_delay_ms(2, true, 300'000, policy, 1.0), 10'000);
}

}  // namespace
}  // namespace xiangke::kiosk::sync
