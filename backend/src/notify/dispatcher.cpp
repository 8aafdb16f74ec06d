#include "notify/dispatcher.h"

#include <algorithm>

#include "log.h"
#include "notify/notifications.h"
#include "xiangke/core/category.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {

DeliveryPolicy delivery_policy(const NotifyConfig& config) {
    DeliveryPolicy policy;
    policy.max_attempts = config.max_attempts;
    policy.retry_base_ms = config.retry_base_ms;
    policy.retry_max_ms = std::max(config.retry_base_ms, int64_t{3'600'000});
    return policy;
}

std::optional<int64_t> next_attempt_at(const DeliveryPolicy& policy, int attempts, int64_t now_ms) {
    if (attempts >= policy.max_attempts) {
        return std::nullopt;
    }
    int64_t delay = policy.retry_base_ms;
    for (int i = 1; i < attempts && delay < policy.retry_max_ms; ++i) {
        delay *= 2;
    }
    return now_ms + std::min(delay, policy.retry_max_ms);
}

OutgoingNotification outgoing_for(Database& db, const Notification& n) {
    OutgoingNotification m;
    m.notification_id = n.id;
    m.kind = std::string(notification_kind_name(n.kind));
    m.user_id = n.user_id;
    m.request_id = n.request_id;
    m.created_at = n.created_at;
    m.text = notification_text(n);
    auto user = db.prepare("SELECT name, phone FROM users WHERE id = ?");
    user.bind(1, n.user_id);
    if (user.step()) {
        m.user_name = user.column(0).getString();
        m.user_phone_masked = core::mask_phone_text(user.column(1).getString());
    }
    user.reset();
    if (!n.request_id.empty()) {
        auto request = db.prepare(
            "SELECT r.code, r.category, COALESCE(g.name, '') FROM requests r LEFT JOIN regions g ON g.code = "
            "r.village_code WHERE r.id = ?");
        request.bind(1, n.request_id);
        if (request.step()) {
            m.request_code = request.column(0).getString();
            m.category = request.column(1).getString();
            m.village_name = request.column(2).getString();
        }
    }
    return m;
}

DeliveryPass deliver_due_notifications(Store& store, Notifier& notifier, const DeliveryPolicy& policy, int64_t now_ms) {
    DeliveryPass pass;
    Database& reader = store.reader();
    for (const auto& n : due_notifications(reader, now_ms, policy.batch)) {
        auto failure = notifier.deliver(outgoing_for(reader, n));
        if (!failure) {
            store.write([&](Database& db) { record_delivery(db, n.id, now_ms); });
            ++pass.delivered;
            continue;
        }
        auto retry = next_attempt_at(policy, n.attempts + 1, now_ms);
        store.write([&](Database& db) { record_failed_delivery(db, n.id, *failure, retry); });
        log::warn("notification_failed", {{"notification_id", n.id},
                                          {"attempts", n.attempts + 1},
                                          {"given_up", !retry.has_value()},
                                          {"error", *failure}});
        ++pass.failed;
    }
    return pass;
}

NotificationDispatcher::NotificationDispatcher(Store& store, std::unique_ptr<Notifier> notifier,
                                               const NotifyConfig& config)
    : m_store(store),
      m_notifier(std::move(notifier)),
      m_policy(delivery_policy(config)),
      m_poll_interval_ms(config.poll_interval_ms),
      m_thread([this] { loop(); }) {}

NotificationDispatcher::~NotificationDispatcher() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void NotificationDispatcher::loop() {
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, std::chrono::milliseconds(m_poll_interval_ms), [this] { return m_stopping; })) {
        lock.unlock();
        try {
            deliver_due_notifications(m_store, *m_notifier, m_policy, core::system_now_ms());
        } catch (const std::exception& e) {
            log::error("notification_pass_failed", {{"what", e.what()}});
        }
        lock.lock();
    }
}

}  // namespace xiangke::backend
