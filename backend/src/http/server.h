#pragma once
// The HTTP edge: one route table, one access check every route passes through, JSON errors in
// the shape of CONTRACT.md, explicit limits and timeouts, structured access logs, metrics.
#include <httplib.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.h"
#include "evaluation/evaluation_service.h"
#include "http/client_address.h"
#include "metrics.h"
#include "store/database.h"
#include "store/kiosks.h"
#include "store/requests.h"
#include "store/sessions.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

// Everything the request handlers share; the one home of the server's state.
struct BackendContext {
    BackendContext(Config config_in, const std::string& db_path)
        : config(std::move(config_in)),
          store(db_path),
          evaluation(std::make_unique<evaluation::EvaluationService>(
              store, evaluation::SchemeRegistry::load_or_empty(config.evaluation.schemes_dir))) {}
    Config config;
    Store store;
    Metrics metrics;
    KioskActivity activity;
    std::unique_ptr<evaluation::EvaluationService> evaluation;  // 考核 (evaluation/evaluation_service.h)
};

// Who is calling. A route's Access lists the callers it admits as a bit set.
enum class Caller : unsigned {
    Anonymous = 1u << 0,
    Kiosk = 1u << 1,  // an enrolled, unrevoked kiosk (Authorization: Bearer TOKEN)
    Agent = 1u << 2,  // people, by session (Authorization: Bearer TOKEN or the session cookie)
    CountyAdmin = 1u << 3,
    CityAdmin = 1u << 4,
};
std::string_view caller_name(Caller caller);

namespace callers {
inline constexpr unsigned kAnyone = 0x1f;
inline constexpr unsigned kKiosk = static_cast<unsigned>(Caller::Kiosk);
inline constexpr unsigned kAgent = static_cast<unsigned>(Caller::Agent);
inline constexpr unsigned kAdmins =
    static_cast<unsigned>(Caller::CountyAdmin) | static_cast<unsigned>(Caller::CityAdmin);
inline constexpr unsigned kPeople = kAgent | kAdmins;
}  // namespace callers

// Which object a route touches and whose it must be. Checked after the caller's kind.
enum class Scope {
    None,                // nothing beyond the caller itself (a kiosk's own feed, one's own session)
    RequestHeld,         // the request in the path: the agent holding it, or an admin whose region holds its village
    RequestServiceArea,  // the request in the path: an agent whose service regions hold its village
    RegionParam,         // the `region` query parameter: inside the admin's region
    AdminAgent,          // the agent in the path (first capture group): home region inside the admin's region
    AdminTeam,           // the team in the path: its region inside the admin's region
    AdminKiosk,          // the kiosk in the path: its village inside the admin's region
};

// What a route answers with, which decides how a refusal looks.
enum class Surface {
    Api,   // JSON errors; 401 without credentials
    Page,  // HTML for people: without a session a redirect to the login page, refusals as Chinese pages,
           // and every POST must carry the session's CSRF token (web/form.h)
};

struct Access {
    unsigned callers = 0;
    Scope scope = Scope::None;
    bool direct_loopback = false;  // also open to loopback clients that did not come through a trusted proxy
    Surface surface = Surface::Api;
};

struct RequestContext {
    RequestContext(const httplib::Request& request_in, httplib::Response& response_in, ClientAddress client_in,
                   int64_t now)
        : request(request_in), response(response_in), client(std::move(client_in)), now_ms(now) {}

    const httplib::Request& request;
    httplib::Response& response;
    ClientAddress client;
    int64_t now_ms = 0;
    Caller caller = Caller::Anonymous;
    std::optional<KioskIdentity> kiosk;    // Caller::Kiosk
    std::optional<Person> person;          // agents and admins
    std::string credential;                // the token that identified the caller
    std::optional<RequestSummary> target;  // request-scoped routes: the request in the path
};

using Handler = void (*)(BackendContext&, RequestContext&);

struct Route {
    const char* method;   // "GET", "POST", "PUT", "DELETE"
    const char* pattern;  // httplib regex; a request id or hash is the first capture group
    const char* label;    // how metrics and docs name it: "/api/v1/requests/{id}"
    Access access;
    Handler handler;
};

// Every route the server answers, in one table (http/routes.cpp).
const std::vector<Route>& route_table();

// The one access check. Identifies the caller, then checks the caller's kind and the route's
// scope; on refusal it has answered (401 unknown caller, 403 not allowed, 404 no such object)
// and returns false.
bool authorize(BackendContext& context, const Access& access, RequestContext& ctx);

inline constexpr const char* kSessionCookie = "xiangke_session";

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

    BackendContext& m_context;
    httplib::Server m_server;
};

}  // namespace xiangke::backend
