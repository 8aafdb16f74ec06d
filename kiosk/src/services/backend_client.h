#pragma once
// HTTP to the backend, used only from worker threads (never the UI thread).
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "xiangke/core/protocol.h"
#include "xiangke/core/result.h"

namespace httplib {
class Client;
}

namespace xiangke::kiosk {

struct HttpAnswer {
    int status = 0;  // 0: no answer (network down, timeout)
    std::string body;
};

class BackendClient {
public:
    // `base_url` like "http://127.0.0.1:8080"; `token` may be empty (enrollment).
    BackendClient(const std::string& base_url, std::string token);
    ~BackendClient();

    HttpAnswer get(const std::string& path);
    HttpAnswer post_json(const std::string& path, const nlohmann::json& body);
    bool healthy();

    core::Result<core::protocol::EnrollResponse> enroll(const std::string& code, const std::string& device_name);

    // POST /api/v1/sync/push. `status` is the HTTP status (0: no answer); `response` is set for a
    // 200 whose body decodes; `error` carries the backend's error otherwise.
    struct PushAnswer {
        int status = 0;
        std::optional<core::protocol::PushResponse> response;
        core::Error error;
    };
    PushAnswer push(const core::protocol::PushRequest& request);
    // GET /api/v1/sync/pull?cursor=N&limit=M, answered like push.
    struct PullAnswer {
        int status = 0;
        std::optional<core::protocol::PullResponse> response;
        core::Error error;
    };
    PullAnswer pull(int64_t cursor, int64_t limit);

private:
    std::unique_ptr<httplib::Client> m_client;
    std::string m_token;
};

}  // namespace xiangke::kiosk
