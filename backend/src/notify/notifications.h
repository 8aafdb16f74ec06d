#pragma once
// Notifications to people (通知): an outbox table written inside the caller's write transaction,
// delivered by a notifier thread (notify/dispatcher.h) and shown as unread items on the agent's
// pages. A row is delivered at most once by this server (delivered_at is set in the same write
// that records the answer); the webhook carries the row id so a gateway can drop a repeat sent
// just before a crash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"

namespace xiangke::backend {

enum class NotificationKind { NewRequest, Assigned, LeaseExpiring, LeaseReleased, Complaint, Escalated };

std::string_view notification_kind_name(NotificationKind kind);
std::optional<NotificationKind> notification_kind_from_name(std::string_view name);

// Queues a notification for `user_id` about `request_id` (may be empty). Call inside the
// caller's write transaction (Store::write). `data` holds ids and figures, never phone numbers.
void enqueue_notification(Database& db, int64_t user_id, NotificationKind kind, const std::string& request_id,
                          int64_t now_ms, const nlohmann::json& data = {});

struct Notification {
    int64_t id = 0;
    int64_t user_id = 0;
    NotificationKind kind = NotificationKind::NewRequest;
    std::string request_id;
    nlohmann::json data = nlohmann::json::object();
    int64_t created_at = 0;
    std::optional<int64_t> delivered_at;
    std::optional<int64_t> read_at;
    int attempts = 0;
    std::string last_error;
    bool given_up = false;
};

// The person's unread notifications, newest first.
std::vector<Notification> unread_notifications(Database& db, int64_t user_id, size_t limit);
// Marks one of the person's notifications read (0: all of them); returns rows changed.
int64_t mark_notifications_read(Database& db, int64_t user_id, int64_t notification_id, int64_t now_ms);

// Undelivered notifications whose next attempt is due, oldest first.
std::vector<Notification> due_notifications(Database& db, int64_t now_ms, size_t limit);
void record_delivery(Database& db, int64_t notification_id, int64_t now_ms);
// Records a failed attempt; the next one is at `retry_at`, or never when `retry_at` is empty.
void record_failed_delivery(Database& db, int64_t notification_id, const std::string& error,
                            std::optional<int64_t> retry_at);

// The notification log for users whose home region starts with `region_prefix`, newest first.
std::vector<Notification> notifications_in_region(Database& db, const std::string& region_prefix, size_t limit);

nlohmann::json notification_json(const Notification& notification);
// What the notification says, in Chinese (agent pages, SMS text).
std::string notification_text(const Notification& notification);

}  // namespace xiangke::backend
