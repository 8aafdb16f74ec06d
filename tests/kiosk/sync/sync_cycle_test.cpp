#include "sync/sync_cycle.h"

#include <gtest/gtest.h>

#include "app/strings.h"
#include "kiosk/support/sync_test_support.h"
#include "xiangke/core/time.h"

namespace xiangke::kiosk {
namespace {

class SyncCycleTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_config.data_dir = m_data.path();
        auto content = ContentService::open(m_data.path() / "kiosk.db");
        ASSERT_TRUE(content.ok());
        m_content = std::move(content).value();
        auto store = OutboxStore::open(m_data.path() / "kiosk.db");
        ASSERT_TRUE(store.ok());
        m_store = std::move(store).value();
    }
    std::unique_ptr<SyncCycle> cycle(std::optional<KioskIdentity> identity) {
        return std::make_unique<SyncCycle>(m_config, std::move(identity), *m_store, *m_content, m_queue,
                                           [] { return core::system_now_ms(); });
    }
    template <typename T>
    std::vector<T> drained(const std::vector<Action>& actions) {
        std::vector<T> found;
        for (const auto& action : actions) {
            if (const auto* one = std::get_if<T>(&action)) {
                found.push_back(*one);
            }
        }
        return found;
    }

    test::TempDir m_data;
    KioskConfig m_config;
    std::unique_ptr<ContentService> m_content;
    std::unique_ptr<OutboxStore> m_store;
    ActionQueue m_queue;
};

TEST_F(SyncCycleTest, WithoutAnIdentityNothingIsSentAndTheMaintainerIsTold) {
    EXPECT_FALSE(cycle(std::nullopt)->run());
    auto actions = m_queue.drain();
    auto connectivity = drained<action::ConnectivityChanged>(actions);
    ASSERT_EQ(connectivity.size(), 1u);
    EXPECT_EQ(connectivity[0].connectivity, Connectivity::NotEnrolled);
    auto messages = drained<action::MaintenanceMessage>(actions);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].text, text(Str::SyncFailed));
    EXPECT_TRUE(drained<action::SyncFinished>(actions).empty());
}

TEST_F(SyncCycleTest, PushesTheOutboxToTheBackendAndReportsBack) {
    testing::DemoBackend backend;
    KioskIdentity identity = backend.enroll_kiosk(m_data.path());
    core::protocol::RequestCreate draft;
    draft.category = core::Category::PestDisease;
    draft.crop = "水稻";
    draft.symptoms = {"叶上梭形病斑"};
    draft.description = "稻叶发黄";
    draft.farmer_name = "王大伯";
    draft.farmer_phone = "13800138000";
    draft.preferred_time = "上午";
    auto stored = m_store->submit_request(draft, identity.village_code, core::system_now_ms());
    ASSERT_TRUE(stored.ok());

    const bool completed = cycle(identity)->run();
    auto actions = m_queue.drain();
    EXPECT_EQ(backend.requests_with_code(stored->code), 1);
    EXPECT_EQ(m_store->counts().pending, 0);
    auto connectivity = drained<action::ConnectivityChanged>(actions);
    ASSERT_EQ(connectivity.size(), 1u);
    EXPECT_EQ(connectivity[0].connectivity, Connectivity::Online);
    EXPECT_EQ(drained<action::NoticesLoaded>(actions).size(), 1u);
    // SyncFinished exactly when the whole cycle (content update included) completed.
    EXPECT_EQ(drained<action::SyncFinished>(actions).size(), completed ? 1u : 0u);
    auto messages = drained<action::MaintenanceMessage>(actions);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].text, text(completed ? Str::SyncDone : Str::SyncFailed));
}

TEST_F(SyncCycleTest, AnUnreachableBackendIsOfflineAndTheOutboxStays) {
    testing::DemoBackend backend;
    KioskIdentity identity = backend.enroll_kiosk(m_data.path());
    backend.stop();
    EXPECT_FALSE(cycle(identity)->run());
    auto connectivity = drained<action::ConnectivityChanged>(m_queue.drain());
    ASSERT_EQ(connectivity.size(), 1u);
    EXPECT_EQ(connectivity[0].connectivity, Connectivity::Offline);
}

}  // namespace
}  // namespace xiangke::kiosk
