// Notification delivery against a real webhook server on 127.0.0.1 that fails the first attempts:
// retries with backoff, delivered exactly once, given up after the limit, nothing personal sent.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "backend_fixture.h"
#include "notify/dispatcher.h"
#include "notify/notifications.h"
#include "store/database.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::backend;
using nlohmann::json;

namespace {

// A webhook receiver answering 503 to the first `failures` posts, then 200.
class Gateway {
public:
    explicit Gateway(int failures) : m_failures(failures) {
        m_server.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
            std::lock_guard lock(m_mutex);
            m_bodies.push_back(request.body);
            m_keys.push_back(request.get_header_value("Idempotency-Key"));
            response.status = static_cast<int>(m_bodies.size()) <= m_failures ? 503 : 200;
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running()) {
            std::this_thread::yield();
        }
    }
    ~Gateway() {
        m_server.stop();
        m_thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/hook"; }
    std::vector<std::string> bodies() {
        std::lock_guard lock(m_mutex);
        return m_bodies;
    }
    std::vector<std::string> keys() {
        std::lock_guard lock(m_mutex);
        return m_keys;
    }

private:
    int m_failures;
    httplib::Server m_server;
    int m_port = 0;
    std::mutex m_mutex;
    std::vector<std::string> m_bodies;
    std::vector<std::string> m_keys;
    std::thread m_thread;
};

class NotifyDispatcher : public ::testing::Test {
protected:
    void SetUp() override {
        db_path = test::seeded_database(dir.path());
        store = std::make_unique<Store>(db_path);
        auto query = store->reader().prepare("SELECT id FROM users WHERE phone = ?");
        query.bind(1, std::string(test::kAgentA));
        query.step();
        agent_id = query.column(0).getInt64();
    }

    Notification only_notification() {
        auto list = notifications_in_region(store->reader(), "33", 10);
        EXPECT_EQ(list.size(), 1u);
        return list.empty() ? Notification{} : list.front();
    }

    test::TempDir dir;
    std::string db_path;
    std::unique_ptr<Store> store;
    int64_t agent_id = 0;
};

}  // namespace

TEST_F(NotifyDispatcher, RetriesWithBackoffUntilTheGatewayAcceptsThenNeverSendsAgain) {
    Gateway gateway(2);
    store->write([&](Database& db) {
        enqueue_notification(db, agent_id, NotificationKind::Assigned, "", 1'000, {{"code", "4827193"}});
    });
    auto webhook = WebhookNotifier::create(gateway.url(), 5);
    ASSERT_TRUE(webhook.ok());
    DeliveryPolicy policy;
    policy.retry_base_ms = 1'000;
    policy.max_attempts = 5;

    auto first = deliver_due_notifications(*store, **webhook, policy, 1'000);
    EXPECT_EQ(first.failed, 1);
    // Not due again until the backoff has passed.
    EXPECT_EQ(deliver_due_notifications(*store, **webhook, policy, 1'500).failed, 0);
    EXPECT_EQ(gateway.bodies().size(), 1u);
    EXPECT_EQ(deliver_due_notifications(*store, **webhook, policy, 2'000).failed, 1);
    // The second retry waits twice as long.
    EXPECT_EQ(deliver_due_notifications(*store, **webhook, policy, 3'500).failed, 0);
    EXPECT_EQ(deliver_due_notifications(*store, **webhook, policy, 4'000).delivered, 1);
    EXPECT_EQ(deliver_due_notifications(*store, **webhook, policy, 1'000'000).delivered, 0);

    auto bodies = gateway.bodies();
    ASSERT_EQ(bodies.size(), 3u);
    auto keys = gateway.keys();
    EXPECT_EQ(keys[0], keys[2]);  // the same idempotency key on every attempt
    auto sent = json::parse(bodies.back());
    EXPECT_EQ(sent["kind"], "assigned");
    EXPECT_EQ(sent["user"]["user_id"], agent_id);
    EXPECT_EQ(sent["user"]["phone_masked"], "139****0101");
    EXPECT_NE(sent["text"].get<std::string>().find("4827193"), std::string::npos);
    EXPECT_EQ(bodies.back().find(test::kAgentA), std::string::npos);  // never the full number

    auto row = only_notification();
    EXPECT_EQ(row.attempts, 3);
    ASSERT_TRUE(row.delivered_at.has_value());
    EXPECT_EQ(*row.delivered_at, 4'000);
    EXPECT_FALSE(row.given_up);
}

TEST_F(NotifyDispatcher, GivesUpAfterTheLastAttemptButTheAgentStillSeesIt) {
    Gateway gateway(1'000);
    store->write([&](Database& db) { enqueue_notification(db, agent_id, NotificationKind::LeaseExpiring, "", 0); });
    auto webhook = WebhookNotifier::create(gateway.url(), 5);
    DeliveryPolicy policy;
    policy.retry_base_ms = 10;
    policy.max_attempts = 3;
    for (int64_t now = 0; now < 10'000; now += 100) {
        deliver_due_notifications(*store, **webhook, policy, now);
    }
    EXPECT_EQ(gateway.bodies().size(), 3u);
    auto row = only_notification();
    EXPECT_TRUE(row.given_up);
    EXPECT_FALSE(row.delivered_at.has_value());
    EXPECT_EQ(row.last_error, "HTTP 503");
    EXPECT_EQ(unread_notifications(store->reader(), agent_id, 10).size(), 1u);
}

TEST_F(NotifyDispatcher, AnUnreachableGatewayIsAFailedAttempt) {
    auto webhook = WebhookNotifier::create("http://127.0.0.1:1/hook", 1);
    ASSERT_TRUE(webhook.ok());
    store->write([&](Database& db) { enqueue_notification(db, agent_id, NotificationKind::NewRequest, "", 0); });
    DeliveryPolicy policy;
    EXPECT_EQ(deliver_due_notifications(*store, **webhook, policy, 0).failed, 1);
    EXPECT_NE(only_notification().last_error.find("no answer"), std::string::npos);
    EXPECT_FALSE(WebhookNotifier::create("ftp://example.org/x", 1).ok());
}

TEST_F(NotifyDispatcher, TheThreadInsideServeDeliversThroughTheConfiguredWebhook) {
    Gateway gateway(0);
    NotifyConfig config;
    config.notifier = "webhook";
    config.webhook_url = gateway.url();
    config.poll_interval_ms = 20;
    auto notifier = make_notifier(config);
    ASSERT_TRUE(notifier.ok());
    store->write([&](Database& db) {
        enqueue_notification(db, agent_id, NotificationKind::Escalated, "", core::system_now_ms());
    });
    {
        NotificationDispatcher dispatcher(*store, std::move(*notifier), config);
        for (int i = 0; i < 200 && gateway.bodies().empty(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    EXPECT_EQ(gateway.bodies().size(), 1u);
    EXPECT_TRUE(only_notification().delivered_at.has_value());
}
