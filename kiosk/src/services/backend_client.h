#pragma once
// HTTP to the backend, used only from worker threads (never the UI thread).
#include <memory>
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

private:
    std::unique_ptr<httplib::Client> m_client;
    std::string m_token;
};

}  // namespace xiangke::kiosk
