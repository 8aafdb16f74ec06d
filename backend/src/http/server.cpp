#include "http/server.h"

#include <chrono>
#include <ctime>

#include "log.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {
namespace {

// The route label of the request being handled on this thread, for the access log and metrics
// of requests that matched no route.
thread_local const char* t_route_label = nullptr;

// RFC 9110 IMF-fixdate. Kiosks without a real-time clock read it to advance the time they trust.
std::string http_date(int64_t now_ms) {
    std::time_t seconds = static_cast<std::time_t>(now_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
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
    set_password_check_concurrency(c.password_hash_concurrency);
    install_routes();
}

void HttpServer::install_routes() {
    // httplib 0.11.4 applies a Range header to every response by itself (multipart answers for
    // JSON, no limit on the number of ranges). Only the blob route serves ranges, and it reads
    // the header itself; everywhere else the header is dropped here, before routing.
    m_server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response&) {
        const_cast<httplib::Request&>(request).ranges.clear();  // the object is httplib's, not const
        t_route_label = nullptr;
        return httplib::Server::HandlerResponse::Unhandled;
    });
    for (const auto& route : route_table()) {
        auto handler = [this, &route](const httplib::Request& request, httplib::Response& response) {
            const auto started = std::chrono::steady_clock::now();
            t_route_label = route.label;
            RequestContext ctx(request, response,
                               resolve_client_address(request.remote_addr, request.get_header_value("X-Forwarded-For"),
                                                      m_context.config.trusted_proxies),
                               core::system_now_ms());
            response.set_header("Date", http_date(ctx.now_ms));
            try {
                if (authorize(m_context, route.access, ctx)) {
                    route.handler(m_context, ctx);
                }
            } catch (const std::exception& e) {
                log::error("handler_exception", {{"route", route.label}, {"what", e.what()}});
                send_error(response, 500, {"internal_error", "the server failed to handle this request", ""});
            }
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            m_context.metrics.observe_request(route.label, request.method, response.status, seconds);
        };
        const std::string_view method(route.method);
        if (method == "GET") {
            m_server.Get(route.pattern, handler);
        } else if (method == "PUT") {
            m_server.Put(route.pattern, handler);
        } else if (method == "DELETE") {
            m_server.Delete(route.pattern, handler);
        } else {
            m_server.Post(route.pattern, handler);
        }
    }
    m_server.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
        if (t_route_label == nullptr) {
            m_context.metrics.observe_request("unmatched", request.method, response.status, 0);
        }
        if (!response.body.empty()) {
            return;
        }
        if (response.status == 404) {
            send_error(response, 404, {"not_found", "no such route", ""});
        } else if (response.status == 400) {
            send_error(response, 400,
                       {"bad_request", "the request could not be read (unsupported method, headers or body)", ""});
        } else if (response.status == 413) {
            send_error(response, 413, {"payload_too_large", "the request body is too large", ""});
        } else {
            send_error(response, response.status, {"http_error", "the request could not be handled", ""});
        }
    });
    m_server.set_exception_handler(
        [](const httplib::Request& request, httplib::Response& response, std::exception_ptr failure) {
            std::string what = "unknown";
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {  // NOLINT(bugprone-empty-catch): reported below
            }
            log::error("handler_exception", {{"path", request.path}, {"what", what}});
            send_error(response, 500, {"internal_error", "the server failed to handle this request", ""});
        });
    m_server.set_logger([](const httplib::Request& request, const httplib::Response& response) {
        // The route label, never the raw path or query: paths carry request ids, queries may
        // carry anything a client typed.
        log::info("http", {{"method", request.method},
                           {"route", t_route_label != nullptr ? t_route_label : "unmatched"},
                           {"status", response.status}});
    });
}

core::Result<int> HttpServer::bind(const std::string& host, int port) {
    int bound = port == 0 ? m_server.bind_to_any_port(host) : (m_server.bind_to_port(host, port) ? port : -1);
    if (bound <= 0) {
        return core::Error{"bind_failed", "cannot listen on " + host + ":" + std::to_string(port), "listen"};
    }
    return bound;
}

bool HttpServer::run() {
    return m_server.listen_after_bind();
}

void HttpServer::stop() {
    m_server.stop();
}

}  // namespace xiangke::backend
