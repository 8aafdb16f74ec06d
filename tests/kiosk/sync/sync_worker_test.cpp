#include "sync/sync_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "support/eventually.h"

namespace xiangke::kiosk {
namespace {

using namespace std::chrono_literals;
using test::eventually;

TEST(SyncWorker, RunsAtStartAndAtOnceWhenTriggered) {
    std::atomic<int> runs{0};
    SyncWorker worker([&] { return ++runs, true; }, 3'600'000);
    ASSERT_TRUE(eventually([&] { return worker.cycles_run() == 1; }));
    worker.trigger();
    ASSERT_TRUE(eventually([&] { return worker.cycles_run() == 2; }));
    ASSERT_TRUE(eventually([&] { return worker.waiting(); }));  // back to waiting for the hour
    EXPECT_EQ(runs.load(), 2);                                  // nothing else until the hour is up or another trigger
}

TEST(SyncWorker, RunsAgainAfterTheInterval) {
    SyncWorker worker([] { return true; }, 20);
    EXPECT_TRUE(eventually([&] { return worker.cycles_run() >= 5; }));
}

TEST(SyncWorker, FailuresBackOffAndATriggerDoesNotBypassIt) {
    std::atomic<int> runs{0};
    SyncWorker worker([&] { return ++runs, false; }, 3'600'000, sync::BackoffPolicy{400, 400});
    ASSERT_TRUE(eventually([&] { return worker.failures() == 1 && worker.waiting(); }));
    const uint64_t rounds = worker.rounds();
    worker.trigger();
    ASSERT_TRUE(eventually([&] { return worker.rounds() > rounds; }));  // it saw the trigger
    EXPECT_EQ(runs.load(), 1);  // still in backoff (at least 200 ms with jitter)
    ASSERT_TRUE(eventually([&] { return worker.failures() >= 2; }));
}

TEST(SyncWorker, RecoversFromBackoffWhenACycleCompletes) {
    std::atomic<int> runs{0};
    SyncWorker worker([&] { return ++runs >= 3; }, 3'600'000, sync::BackoffPolicy{20, 40});
    ASSERT_TRUE(eventually([&] { return runs.load() >= 3; }));
    ASSERT_TRUE(eventually([&] { return worker.failures() == 0; }));
}

TEST(SyncWorker, StopsWithoutWaitingForTheInterval) {
    auto start = std::chrono::steady_clock::now();
    {
        SyncWorker worker([] { return true; }, 3'600'000);
        ASSERT_TRUE(eventually([&] { return worker.cycles_run() == 1; }));
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);  // joined, not left waiting an hour
}

}  // namespace
}  // namespace xiangke::kiosk
