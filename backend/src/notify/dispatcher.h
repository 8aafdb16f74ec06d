#pragma once
// The notifier thread inside `serve`: delivers due notifications from the outbox, retrying
// failures with exponential backoff, and records each answer so a notification is delivered once.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "config.h"
#include "notify/notifications.h"
#include "notify/notifier.h"
#include "store/database.h"

namespace xiangke::backend {

struct DeliveryPolicy {
    int max_attempts = 8;
    int64_t retry_base_ms = 30'000;    // first retry after this, doubling each time
    int64_t retry_max_ms = 3'600'000;  // never waits longer than this between attempts
    size_t batch = 50;                 // notifications per pass
};
DeliveryPolicy delivery_policy(const NotifyConfig& config);

// When to try again after `attempts` failed attempts; nullopt when it is time to give up.
std::optional<int64_t> next_attempt_at(const DeliveryPolicy& policy, int attempts, int64_t now_ms);

// The message for one notification: its row joined with the user and the request.
OutgoingNotification outgoing_for(Database& db, const Notification& notification);

struct DeliveryPass {
    int delivered = 0;
    int failed = 0;
};
// One pass over the due notifications. Sending happens outside any transaction; each answer is
// recorded in its own short write.
DeliveryPass deliver_due_notifications(Store& store, Notifier& notifier, const DeliveryPolicy& policy, int64_t now_ms);

class NotificationDispatcher {
public:
    NotificationDispatcher(Store& store, std::unique_ptr<Notifier> notifier, const NotifyConfig& config);
    ~NotificationDispatcher();
    NotificationDispatcher(const NotificationDispatcher&) = delete;
    NotificationDispatcher& operator=(const NotificationDispatcher&) = delete;

private:
    void loop();

    Store& m_store;
    std::unique_ptr<Notifier> m_notifier;
    DeliveryPolicy m_policy;
    int m_poll_interval_ms;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;  // last: starts after the members it uses
};

}  // namespace xiangke::backend
