#include "notify/notifier.h"

#include <httplib.h>

#include "log.h"

namespace xiangke::backend {

nlohmann::json outgoing_json(const OutgoingNotification& m) {
    return {{"notification_id", m.notification_id},
            {"kind", m.kind},
            {"user", {{"user_id", m.user_id}, {"name", m.user_name}, {"phone_masked", m.user_phone_masked}}},
            {"request",
             {{"request_id", m.request_id},
              {"code", m.request_code},
              {"category", m.category},
              {"village_name", m.village_name}}},
            {"text", m.text},
            {"created_at", m.created_at}};
}

std::optional<std::string> LogNotifier::deliver(const OutgoingNotification& m) {
    log::info("notification", {{"notification_id", m.notification_id},
                               {"kind", m.kind},
                               {"user_id", m.user_id},
                               {"request_id", m.request_id}});
    return std::nullopt;
}

core::Result<std::unique_ptr<WebhookNotifier>> WebhookNotifier::create(const std::string& url, int timeout_s) {
    size_t scheme_end = url.find("://");
    std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") {
        return core::Error{"bad_config", "notify.webhook_url must start with http:// or https://", "webhook_url"};
    }
    size_t path_start = url.find('/', scheme_end + 3);
    std::string origin = path_start == std::string::npos ? url : url.substr(0, path_start);
    std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
    if (origin.size() <= scheme_end + 3) {
        return core::Error{"bad_config", "notify.webhook_url has no host", "webhook_url"};
    }
    return std::unique_ptr<WebhookNotifier>(new WebhookNotifier(origin, path, timeout_s));
}

std::optional<std::string> WebhookNotifier::deliver(const OutgoingNotification& m) {
    httplib::Client client(m_origin);
    client.set_connection_timeout(m_timeout_s, 0);
    client.set_read_timeout(m_timeout_s, 0);
    client.set_write_timeout(m_timeout_s, 0);
    httplib::Headers headers = {{"Idempotency-Key", "xiangke-notification-" + std::to_string(m.notification_id)}};
    auto answer = client.Post(m_path.c_str(), headers, outgoing_json(m).dump(), "application/json");
    if (!answer) {
        return "no answer: " + httplib::to_string(answer.error());
    }
    if (answer->status < 200 || answer->status >= 300) {
        return "HTTP " + std::to_string(answer->status);
    }
    return std::nullopt;
}

core::Result<std::unique_ptr<Notifier>> make_notifier(const NotifyConfig& config) {
    if (config.notifier == "none") {
        return std::unique_ptr<Notifier>();
    }
    if (config.notifier == "log") {
        return std::unique_ptr<Notifier>(std::make_unique<LogNotifier>());
    }
    auto webhook = WebhookNotifier::create(config.webhook_url, config.webhook_timeout_s);
    if (!webhook.ok()) {
        return webhook.error();
    }
    return std::unique_ptr<Notifier>(std::move(webhook).value());
}

}  // namespace xiangke::backend
