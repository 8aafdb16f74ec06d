#include "http/server.h"

#include <chrono>

#include "log.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/protocol.h"

namespace xiangke::backend {
namespace {

std::string bearer_token(const httplib::Request& request) {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) {
        return {};
    }
    return header.substr(kPrefix.size());
}

}  // namespace

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
    response.status = status;
    response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& response, int status, const core::Error& error) {
    send_json(response, status, core::protocol::error_json(error));
}

std::optional<nlohmann::json> read_json_body(RequestContext& ctx) {
    auto parsed = core::parse_json_object(ctx.request.body);
    if (!parsed.ok()) {
        send_error(ctx.response, 400, parsed.error());
        return std::nullopt;
    }
    return std::move(parsed).value();
}

HttpServer::HttpServer(BackendContext& context) : m_context(context) {
    const Config& c = context.config;
    // PLATFORM-NOTES: Nagle plus delayed ACK caps httplib at ~300 req/s without this.
    m_server.set_tcp_nodelay(true);
    m_server.set_keep_alive_max_count(static_cast<size_t>(c.keep_alive_max_count));
    m_server.set_keep_alive_timeout(c.keep_alive_timeout_s);
    m_server.set_read_timeout(c.read_timeout_s, 0);
    m_server.set_write_timeout(c.write_timeout_s, 0);
    m_server.set_payload_max_length(c.max_body_bytes);
    const auto threads = static_cast<size_t>(c.threads);
    m_server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    install_routes();
}

std::optional<int> HttpServer::authorize(Access access, RequestContext& ctx) const {
    switch (access) {
        case Access::Public:
            return std::nullopt;
        case Access::Kiosk: {
            ctx.kiosk = authenticate_kiosk(m_context.store.connection(), bearer_token(ctx.request));
            if (!ctx.kiosk) {
                send_error(ctx.response, 401,
                           {"unauthorized", "missing, unknown or revoked kiosk token", "Authorization"});
                return 401;
            }
            return std::nullopt;
        }
    }
    return 403;
}

void HttpServer::install_routes() {
    for (auto& route : make_routes(m_context)) {
        auto handler = [this, route](const httplib::Request& request, httplib::Response& response) {
            RequestContext ctx{request, response, request.remote_addr, std::nullopt};
            if (authorize(route.access, ctx)) {
                return;
            }
            route.handler(ctx);
        };
        if (route.method == "GET") {
            m_server.Get(route.pattern, handler);
        } else if (route.method == "POST") {
            m_server.Post(route.pattern, handler);
        }
    }
    m_server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) {
            return;
        }
        if (response.status == 404) {
            send_error(response, 404, {"not_found", "no such route", ""});
        } else if (response.status == 413) {
            send_error(response, 413, {"payload_too_large", "the request body is too large", ""});
        } else {
            send_error(response, response.status, {"http_error", "request failed", ""});
        }
    });
    m_server.set_exception_handler([](const httplib::Request& request, httplib::Response& response,
                                      std::exception_ptr failure) {
        std::string what = "unknown";
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        log::error("handler_exception", {{"path", request.path}, {"what", what}});
        send_error(response, 500, {"internal_error", "the server failed to handle this request", ""});
    });
    m_server.set_logger([](const httplib::Request& request, const httplib::Response& response) {
        // Paths carry ids only, never personal data; query strings are not logged.
        log::info("http", {{"method", request.method}, {"path", request.path}, {"status", response.status}});
    });
}

core::Result<int> HttpServer::bind(const std::string& host, int port) {
    int bound = port == 0 ? m_server.bind_to_any_port(host) : (m_server.bind_to_port(host, port) ? port : -1);
    if (bound <= 0) {
        return core::Error{"bind_failed", "cannot listen on " + host + ":" + std::to_string(port), "listen"};
    }
    return bound;
}

bool HttpServer::run() { return m_server.listen_after_bind(); }

void HttpServer::stop() { m_server.stop(); }

}  // namespace xiangke::backend
