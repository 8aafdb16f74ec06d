#pragma once
// Delivering notifications (notifications.h) to the outside world. A notifier sends one message
// and says whether it arrived; the dispatcher (dispatcher.h) decides about retries. Messages carry
// ids and a masked phone number, never a full one: the gateway maps user ids to its own
// addresses, so a leaked webhook log exposes no farmer's or agent's number.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct OutgoingNotification {
    int64_t notification_id = 0;  // also the idempotency key for the gateway
    std::string kind;
    int64_t user_id = 0;
    std::string user_name;
    std::string user_phone_masked;  // 138****1234
    std::string request_id;
    std::string request_code;
    std::string category;
    std::string village_name;
    std::string text;  // the message in Chinese, ready for an SMS
    int64_t created_at = 0;
};

nlohmann::json outgoing_json(const OutgoingNotification& message);

class Notifier {
public:
    virtual ~Notifier() = default;
    // Nullopt when delivered; otherwise why not (for the log and the notification row).
    virtual std::optional<std::string> deliver(const OutgoingNotification& message) = 0;
};

// Writes each notification to the structured log (ids only).
class LogNotifier : public Notifier {
public:
    std::optional<std::string> deliver(const OutgoingNotification& message) override;
};

// POSTs each notification as JSON to a URL (an SMS or WeChat gateway); any 2xx answer is delivery.
class WebhookNotifier : public Notifier {
public:
    // `url`: http://host[:port]/path or https://…
    static core::Result<std::unique_ptr<WebhookNotifier>> create(const std::string& url, int timeout_s);
    std::optional<std::string> deliver(const OutgoingNotification& message) override;

private:
    WebhookNotifier(std::string origin, std::string path, int timeout_s)
        : m_origin(std::move(origin)), m_path(std::move(path)), m_timeout_s(timeout_s) {}
    std::string m_origin;  // scheme://host[:port]
    std::string m_path;
    int m_timeout_s;
};

// The notifier the configuration names; nullptr for "none".
core::Result<std::unique_ptr<Notifier>> make_notifier(const NotifyConfig& config);

}  // namespace xiangke::backend
