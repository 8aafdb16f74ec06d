#include "notify/notifications.h"

#include <array>

namespace xiangke::backend {
namespace {

constexpr std::array<std::string_view, 6> kKindNames{"new_request",    "assigned",  "lease_expiring",
                                                     "lease_released", "complaint", "escalated"};

constexpr const char* kColumns =
    "n.id, n.user_id, n.kind, n.request_id, n.data, n.created_at, n.delivered_at, n.read_at, n.attempts, "
    "n.last_error, n.given_up";

Notification read_row(Statement& query) {
    Notification n;
    n.id = query.column(0).getInt64();
    n.user_id = query.column(1).getInt64();
    n.kind = notification_kind_from_name(query.column(2).getString()).value_or(NotificationKind::NewRequest);
    n.request_id = query.is_null(3) ? "" : query.column(3).getString();
    if (!query.is_null(4)) {
        n.data = nlohmann::json::parse(query.column(4).getString(), nullptr, false);
    }
    n.created_at = query.column(5).getInt64();
    if (!query.is_null(6)) {
        n.delivered_at = query.column(6).getInt64();
    }
    if (!query.is_null(7)) {
        n.read_at = query.column(7).getInt64();
    }
    n.attempts = query.column(8).getInt();
    n.last_error = query.is_null(9) ? "" : query.column(9).getString();
    n.given_up = query.column(10).getInt() != 0;
    return n;
}

std::vector<Notification> read_all(Statement& query) {
    std::vector<Notification> out;
    while (query.step()) {
        out.push_back(read_row(query));
    }
    return out;
}

}  // namespace

std::string_view notification_kind_name(NotificationKind kind) {
    return kKindNames[static_cast<size_t>(kind)];
}

std::optional<NotificationKind> notification_kind_from_name(std::string_view name) {
    for (size_t i = 0; i < kKindNames.size(); ++i) {
        if (kKindNames[i] == name) {
            return static_cast<NotificationKind>(i);
        }
    }
    return std::nullopt;
}

void enqueue_notification(Database& db, int64_t user_id, NotificationKind kind, const std::string& request_id,
                          int64_t now_ms, const nlohmann::json& data) {
    auto insert = db.prepare(
        "INSERT INTO notifications(user_id, kind, request_id, data, created_at, next_attempt_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, user_id);
    insert.bind(2, std::string(notification_kind_name(kind)));
    insert.bind_optional(3, request_id.empty() ? std::nullopt : std::optional<std::string>(request_id));
    insert.bind_optional(4, data.is_object() && !data.empty() ? std::optional<std::string>(data.dump()) : std::nullopt);
    insert.bind(5, now_ms);
    insert.bind(6, now_ms);
    insert.exec();
}

std::vector<Notification> unread_notifications(Database& db, int64_t user_id, size_t limit) {
    auto query = db.prepare(std::string("SELECT ") + kColumns +
                            " FROM notifications n WHERE n.user_id = ? AND n.read_at IS NULL ORDER BY n.id DESC "
                            "LIMIT ?");
    query.bind(1, user_id);
    query.bind(2, static_cast<int64_t>(limit));
    return read_all(query);
}

int64_t mark_notifications_read(Database& db, int64_t user_id, int64_t notification_id, int64_t now_ms) {
    auto update =
        db.prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND (? = 0 OR id = ?)");
    update.bind(1, now_ms);
    update.bind(2, user_id);
    update.bind(3, notification_id);
    update.bind(4, notification_id);
    return update.exec();
}

std::vector<Notification> due_notifications(Database& db, int64_t now_ms, size_t limit) {
    auto query = db.prepare(std::string("SELECT ") + kColumns +
                            " FROM notifications n WHERE n.delivered_at IS NULL AND n.given_up = 0 AND "
                            "n.next_attempt_at <= ? ORDER BY n.next_attempt_at, n.id LIMIT ?");
    query.bind(1, now_ms);
    query.bind(2, static_cast<int64_t>(limit));
    return read_all(query);
}

void record_delivery(Database& db, int64_t notification_id, int64_t now_ms) {
    auto update = db.prepare(
        "UPDATE notifications SET delivered_at = ?, attempts = attempts + 1, last_error = NULL "
        "WHERE id = ? AND delivered_at IS NULL");
    update.bind(1, now_ms);
    update.bind(2, notification_id);
    update.exec();
}

void record_failed_delivery(Database& db, int64_t notification_id, const std::string& error,
                            std::optional<int64_t> retry_at) {
    auto update = db.prepare(
        "UPDATE notifications SET attempts = attempts + 1, last_error = ?, next_attempt_at = COALESCE(?, "
        "next_attempt_at), given_up = ? WHERE id = ? AND delivered_at IS NULL");
    update.bind(1, error.substr(0, 500));
    update.bind_optional(2, retry_at);
    update.bind(3, retry_at ? 0 : 1);
    update.bind(4, notification_id);
    update.exec();
}

std::vector<Notification> notifications_in_region(Database& db, const std::string& region_prefix, size_t limit) {
    auto query = db.prepare(std::string("SELECT ") + kColumns +
                            " FROM notifications n JOIN users u ON u.id = n.user_id "
                            "WHERE u.region_code >= ? AND u.region_code < ? ORDER BY n.id DESC LIMIT ?");
    query.bind(1, region_prefix);
    query.bind(2, region_prefix + ":");  // ':' sorts right after '9': the range is exactly the prefix
    query.bind(3, static_cast<int64_t>(limit));
    return read_all(query);
}

std::string notification_text(const Notification& n) {
    std::string code = n.data.is_object() ? n.data.value("code", "") : "";
    std::string about = code.empty() ? "" : "（求助码 " + code + "）";
    switch (n.kind) {
        case NotificationKind::NewRequest:
            return "有一条适合您的新求助" + about;
        case NotificationKind::Assigned:
            return "系统把一条求助分配给了您" + about + "，请尽快联系农户";
        case NotificationKind::LeaseExpiring:
            return "您接的求助" + about + "快到联系期限了，请尽快联系农户";
        case NotificationKind::LeaseReleased:
            return "您接的求助" + about + "超时未联系，已退回重新派单";
        case NotificationKind::Complaint:
            return "农户催办" + about + "：请尽快处理";
        case NotificationKind::Escalated:
            return "求助" + about + "超时未处理，已上报县级管理员";
    }
    return "新通知";
}

nlohmann::json notification_json(const Notification& n) {
    nlohmann::json out = {{"notification_id", n.id},
                          {"user_id", n.user_id},
                          {"kind", notification_kind_name(n.kind)},
                          {"created_at", n.created_at},
                          {"attempts", n.attempts},
                          {"given_up", n.given_up},
                          {"data", n.data.is_object() ? n.data : nlohmann::json::object()}};
    out["request_id"] = n.request_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.request_id);
    out["delivered_at"] = n.delivered_at ? nlohmann::json(*n.delivered_at) : nlohmann::json(nullptr);
    out["read_at"] = n.read_at ? nlohmann::json(*n.read_at) : nlohmann::json(nullptr);
    if (!n.last_error.empty()) {
        out["last_error"] = n.last_error;
    }
    return out;
}

}  // namespace xiangke::backend
