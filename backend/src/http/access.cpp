// The single access-control check every route passes through (server.h).
#include "http/server.h"
#include "store/admin_directory.h"
#include "store/users.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/region_code.h"

namespace xiangke::backend {
namespace {

std::string bearer_token(const httplib::Request& request) {
    const std::string& header = request.get_header_value("Authorization");
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) {
        return {};
    }
    return header.substr(kPrefix.size());
}

std::string session_cookie(const httplib::Request& request) {
    const std::string& header = request.get_header_value("Cookie");
    const std::string name = std::string(kSessionCookie) + "=";
    size_t pos = 0;
    while (pos < header.size()) {
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) {
            ++pos;
        }
        size_t end = header.find(';', pos);
        std::string_view pair(header.data() + pos, (end == std::string::npos ? header.size() : end) - pos);
        if (pair.substr(0, name.size()) == name) {
            return std::string(pair.substr(name.size()));
        }
        pos = end == std::string::npos ? header.size() : end + 1;
    }
    return {};
}

Caller caller_for(Role role) {
    switch (role) {
        case Role::Agent:
            return Caller::Agent;
        case Role::CountyAdmin:
            return Caller::CountyAdmin;
        case Role::CityAdmin:
            return Caller::CityAdmin;
    }
    return Caller::Anonymous;
}

bool is_admin(Caller caller) {
    return caller == Caller::CountyAdmin || caller == Caller::CityAdmin;
}

bool region_contains(const std::string& scope_prefix, const std::string& code) {
    return !scope_prefix.empty() && code.compare(0, scope_prefix.size(), scope_prefix) == 0;
}

bool refuse(RequestContext& ctx, int status, const char* code, const std::string& message) {
    send_error(ctx.response, status, {code, message, ""});
    return false;
}

// Identifies the caller from the credentials the route could accept.
void identify(BackendContext& context, const Access& access, RequestContext& ctx) {
    Database& db = context.store.reader();
    std::string bearer = bearer_token(ctx.request);
    if ((access.callers & callers::kKiosk) != 0 && !bearer.empty()) {
        if (auto kiosk = authenticate_kiosk(db, bearer)) {
            ctx.caller = Caller::Kiosk;
            ctx.kiosk = std::move(kiosk);
            ctx.credential = bearer;
            context.activity.seen(ctx.kiosk->kiosk_id, ctx.now_ms);
            return;
        }
    }
    if ((access.callers & callers::kPeople) != 0) {
        for (const std::string& token : {bearer, session_cookie(ctx.request)}) {
            if (token.empty()) {
                continue;
            }
            if (auto person = find_session(db, token, ctx.now_ms)) {
                ctx.caller = caller_for(person->role);
                ctx.person = std::move(person);
                ctx.credential = token;
                return;
            }
        }
    }
}

// Management pages (特派员, 团队, 触摸屏): the object in the path lies in the admin's region.
bool check_admin_object(BackendContext& context, Scope scope, RequestContext& ctx) {
    if (!ctx.person || !is_admin(ctx.caller) || ctx.request.matches.size() < 2) {
        return refuse(ctx, 403, "forbidden", "only administrators manage agents, teams and kiosks");
    }
    Database& db = context.store.reader();
    const std::string id = ctx.request.matches[1].str();
    std::optional<std::string> region;
    if (scope == Scope::AdminKiosk) {
        if (auto kiosk = find_kiosk(db, id)) {
            region = kiosk->village_code;
        }
    } else {
        int64_t number = 0;
        try {
            number = std::stoll(id);
        } catch (const std::exception&) {
            number = 0;
        }
        region = scope == Scope::AdminAgent ? agent_region(db, number) : team_region(db, number);
    }
    if (!region) {
        send_error(ctx.response, 404, {"unknown_object", "nothing with this id", "id"});
        return false;
    }
    if (!in_region(ctx.person->region_code, *region)) {
        return refuse(ctx, 403, "not_in_region", "this is outside your administrative region");
    }
    return true;
}

bool check_scope(BackendContext& context, const Access& access, RequestContext& ctx) {
    if (access.scope == Scope::None) {
        return true;
    }
    if (access.scope == Scope::RegionParam) {
        if (!ctx.person || !is_admin(ctx.caller)) {
            return refuse(ctx, 403, "forbidden", "only administrators may ask about a region");
        }
        std::string region = ctx.request.get_param_value("region");
        if (region.empty()) {
            region = ctx.person->region_code;  // an admin's own region by default
        }
        if (!core::is_valid_region_prefix(region)) {
            send_error(ctx.response, 400, {"invalid_field", "region must be a region-code prefix", "region"});
            return false;
        }
        if (!region_contains(ctx.person->region_code, region)) {
            return refuse(ctx, 403, "out_of_scope", "this region is outside your administrative region");
        }
        return true;
    }

    if (access.scope == Scope::AdminAgent || access.scope == Scope::AdminTeam || access.scope == Scope::AdminKiosk) {
        return check_admin_object(context, access.scope, ctx);
    }

    // Request-scoped routes: the first capture group of the pattern is the request id.
    if (ctx.request.matches.size() < 2 || !ctx.person) {
        return refuse(ctx, 403, "forbidden", "this route is for people with a session");
    }
    Database& db = context.store.reader();
    ctx.target = find_request(db, ctx.request.matches[1].str());
    if (!ctx.target) {
        send_error(ctx.response, 404, {"not_found", "no request with this id", "id"});
        return false;
    }
    const auto& person = *ctx.person;
    if (is_admin(ctx.caller)) {
        if (access.scope == Scope::RequestHeld && region_contains(person.region_code, ctx.target->village_code)) {
            return true;
        }
        return refuse(ctx, 403, "out_of_scope", "this request is outside your administrative region");
    }
    if (access.scope == Scope::RequestHeld) {
        // The holder keeps the request until the farmer answers the outcome they reported.
        const auto status = ctx.target->state.status;
        if (ctx.target->state.holder == person.user_id &&
            (lifecycle::is_held(status) || lifecycle::awaits_confirmation(status))) {
            return true;
        }
        return refuse(ctx, 403, "not_holder", "only the agent holding this request may do this");
    }
    if (agent_serves_village(db, person.user_id, ctx.target->village_code)) {
        return true;
    }
    return refuse(ctx, 403, "not_in_service_area", "this request is outside your service area");
}

}  // namespace

std::string_view caller_name(Caller caller) {
    switch (caller) {
        case Caller::Anonymous:
            return "anonymous";
        case Caller::Kiosk:
            return "kiosk";
        case Caller::Agent:
            return "agent";
        case Caller::CountyAdmin:
            return "county_admin";
        case Caller::CityAdmin:
            return "city_admin";
    }
    return "anonymous";
}

namespace {

bool authorize_api(BackendContext& context, const Access& access, RequestContext& ctx) {
    if (access.callers == callers::kAnyone) {
        return true;
    }
    identify(context, access, ctx);
    if (access.direct_loopback && ctx.client.direct_loopback) {
        return true;
    }
    if ((access.callers & static_cast<unsigned>(ctx.caller)) == 0) {
        if (ctx.caller == Caller::Anonymous) {
            ctx.response.set_header("WWW-Authenticate", "Bearer");
            return refuse(ctx, 401, "unauthorized",
                          (access.callers & callers::kKiosk) != 0
                              ? "missing, unknown or revoked kiosk token"
                              : "log in first: missing, unknown or expired session");
        }
        return refuse(ctx, 403, "forbidden",
                      "this route is not open to the caller's role (" + std::string(caller_name(ctx.caller)) + ")");
    }
    return check_scope(context, access, ctx);
}

// Pages answer a refusal in Chinese: no session → the login page; anything else → a page that
// says why, in place of the JSON error the API check wrote.
bool is_admin_path(const RequestContext& ctx) {
    return ctx.request.path.rfind("/admin/", 0) == 0;
}

// Where a refused person goes on: an admin to 总览, anyone else to the agent's home.
const char* home_of(const RequestContext& ctx) {
    return ctx.person && is_admin(ctx.caller) ? "/admin/" : "/agent/";
}

bool refuse_page(RequestContext& ctx) {
    if (ctx.response.status == 401) {
        ctx.response.headers.erase("WWW-Authenticate");
        web::send_redirect(ctx.response, is_admin_path(ctx) ? "/admin/login" : "/agent/login");
        return false;
    }
    std::string code;
    try {
        code = nlohmann::json::parse(ctx.response.body).value("error", "");
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): any other body is a plain refusal
    }
    std::string_view message = "您的账号不能打开这个页面。";
    if (code == "forbidden" && is_admin_path(ctx)) {
        message = "这是管理员的页面，科技特派员的账号不能打开。";
    } else if (code == "not_found") {
        message = "找不到这条求助，它可能已被撤销。";
    } else if (code == "not_holder") {
        message = "只有接单的科技特派员才能查看或处理这条求助。";
    } else if (code == "not_in_service_area") {
        message = "这条求助不在您的服务区域内。";
    } else if (code == "out_of_scope") {
        message = "这条求助不在您管理的地区内。";
    } else if (code == "not_in_region") {
        message = "它不在您管理的地区内。";
    } else if (code == "unknown_object") {
        message = "找不到它，它可能已被删除。";
    }
    int status = ctx.response.status;
    web::send_message_page(ctx.response, status, status == 404 ? "找不到" : "无权访问", message, home_of(ctx),
                           "返回首页");
    return false;
}

}  // namespace

bool authorize(BackendContext& context, const Access& access, RequestContext& ctx) {
    bool allowed = authorize_api(context, access, ctx);
    if (access.surface == Surface::Api) {
        return allowed;
    }
    if (!allowed) {
        return refuse_page(ctx);
    }
    if (ctx.request.method == "POST" && ctx.person &&
        !web::csrf_matches(web::csrf_token(ctx.credential),
                           web::form_field(ctx.request, web::kCsrfField, 64).value_or(""))) {
        web::send_message_page(ctx.response, 403, "请求已失效", "页面已过期或来源不明，请返回后重新操作。",
                               home_of(ctx), "返回首页");
        return false;
    }
    return true;
}

}  // namespace xiangke::backend
