#include "services/backend_client.h"

#include <httplib.h>

namespace xiangke::kiosk {

BackendClient::BackendClient(const std::string& base_url, std::string token)
    : m_client(std::make_unique<httplib::Client>(base_url)), m_token(std::move(token)) {
    m_client->set_connection_timeout(5, 0);
    m_client->set_read_timeout(20, 0);
    m_client->set_write_timeout(20, 0);
    m_client->set_tcp_nodelay(true);
    m_client->set_keep_alive(true);
}

BackendClient::~BackendClient() = default;

namespace {

httplib::Headers headers_for(const std::string& token) {
    httplib::Headers headers = {{"Accept-Encoding", "gzip"}};
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    return headers;
}

HttpAnswer answer(const httplib::Result& result) {
    if (!result) {
        return {};
    }
    return {result->status, result->body};
}

}  // namespace

HttpAnswer BackendClient::get(const std::string& path) { return answer(m_client->Get(path.c_str(), headers_for(m_token))); }

HttpAnswer BackendClient::post_json(const std::string& path, const nlohmann::json& body) {
    return answer(m_client->Post(path.c_str(), headers_for(m_token), body.dump(), "application/json"));
}

bool BackendClient::healthy() {
    HttpAnswer a = get("/healthz");
    return a.status == 200;
}

core::Result<core::protocol::EnrollResponse> BackendClient::enroll(const std::string& code,
                                                                   const std::string& device_name) {
    core::protocol::EnrollRequest request{code, device_name, core::protocol::kProtocolVersion};
    HttpAnswer a = post_json("/api/v1/kiosks/enroll", core::protocol::to_json(request));
    if (a.status == 0) {
        return core::Error{"unreachable", "the backend did not answer", ""};
    }
    auto body = nlohmann::json::parse(a.body, nullptr, false);
    if (a.status != 201) {
        std::string message = body.is_object() ? body.value("message", a.body) : a.body;
        std::string code_name = body.is_object() ? body.value("error", "http_error") : "http_error";
        return core::Error{code_name, "HTTP " + std::to_string(a.status) + ": " + message, ""};
    }
    if (body.is_discarded()) {
        return core::Error{"bad_answer", "the backend's answer is not JSON", ""};
    }
    return core::protocol::decode_enroll_response(body);
}

namespace {

// The backend's {"error","message","field"} out of a refusal, or a description of what came.
core::Error error_of(const HttpAnswer& a) {
    if (a.status == 0) {
        return core::Error{"unreachable", "the backend did not answer", ""};
    }
    auto body = nlohmann::json::parse(a.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_string()) {
        return core::Error{body["error"].get<std::string>(),
                           "HTTP " + std::to_string(a.status) + ": " + body.value("message", std::string()),
                           body.value("field", std::string())};
    }
    return core::Error{"http_error", "HTTP " + std::to_string(a.status), ""};
}

}  // namespace

BackendClient::PushAnswer BackendClient::push(const core::protocol::PushRequest& request) {
    HttpAnswer a = post_json("/api/v1/sync/push", core::protocol::to_json(request));
    PushAnswer out;
    out.status = a.status;
    if (a.status != 200) {
        out.error = error_of(a);
        return out;
    }
    auto body = nlohmann::json::parse(a.body, nullptr, false);
    auto decoded = core::protocol::decode_push_response(body);
    if (!decoded.ok()) {
        out.error = decoded.error();
        return out;
    }
    out.response = std::move(decoded).value();
    return out;
}

BackendClient::PullAnswer BackendClient::pull(int64_t cursor, int64_t limit) {
    HttpAnswer a = get("/api/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=" + std::to_string(limit) +
                       "&protocol_version=" + std::to_string(core::protocol::kProtocolVersion));
    PullAnswer out;
    out.status = a.status;
    if (a.status != 200) {
        out.error = error_of(a);
        return out;
    }
    auto body = nlohmann::json::parse(a.body, nullptr, false);
    auto decoded = core::protocol::decode_pull_response(body);
    if (!decoded.ok()) {
        out.error = decoded.error();
        return out;
    }
    out.response = std::move(decoded).value();
    return out;
}

}  // namespace xiangke::kiosk
