#pragma once
// The HTTP edge: one route table, one access check every route passes through, JSON errors in
// the shape of CONTRACT.md, explicit limits and timeouts, structured access logs.
#include <httplib.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.h"
#include "store/database.h"
#include "store/kiosks.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

// Everything the request handlers share; the one home of the server's state.
struct BackendContext {
    Config config;
    Store store;
};

// Who may call a route. The access check in server.cpp is the only place that decides.
enum class Access {
    Public,  // anyone
    Kiosk,   // an enrolled, unrevoked kiosk (Authorization: Bearer TOKEN)
};

struct RequestContext {
    const httplib::Request& request;
    httplib::Response& response;
    std::string client_address;
    std::optional<KioskIdentity> kiosk;  // set for Access::Kiosk routes
};

struct Route {
    std::string method;   // "GET", "POST"
    std::string pattern;  // httplib regex pattern
    Access access;
    std::function<void(RequestContext&)> handler;
};

std::vector<Route> make_routes(BackendContext& context);

void send_json(httplib::Response& response, int status, const nlohmann::json& body);
void send_error(httplib::Response& response, int status, const core::Error& error);
// Parses the request body as a JSON object or answers 400 and returns nullopt.
std::optional<nlohmann::json> read_json_body(RequestContext& ctx);

class HttpServer {
public:
    explicit HttpServer(BackendContext& context);
    // Binds host:port (port 0 picks a free one); returns the bound port or an error.
    core::Result<int> bind(const std::string& host, int port);
    // Serves until stop() is called from another thread.
    bool run();
    void stop();

private:
    void install_routes();
    std::optional<int> authorize(Access access, RequestContext& ctx) const;

    BackendContext& m_context;
    httplib::Server m_server;
};

}  // namespace xiangke::backend
