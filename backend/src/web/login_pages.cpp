// The login pages: one form and one check for agents (/agent/login) and administrators
// (/admin/login). Whichever page a person signs in on, they land on their own home: admins on
// /admin/, agents on /agent/. The form has no session yet, so it double-submits a cookie token
// scoped to its own path.
#include "crypto.h"
#include "http/handlers.h"
#include "log.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

struct LoginSurface {
    std::string_view path;    // where the form posts (and its CSRF cookie's Path)
    std::string_view header;  // 乡科 · 科技特派员
};

constexpr LoginSurface kAgentLogin{"/agent/login", "乡科 · 科技特派员"};
constexpr LoginSurface kAdminLogin{"/admin/login", "乡科 · 科技特派员管理"};

std::string session_cookie(const std::string& token, int64_t max_age_s, const Config& config) {
    std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; Max-Age=" + std::to_string(max_age_s) +
                         "; HttpOnly; SameSite=Strict";
    return config.public_base_url.rfind("https://", 0) == 0 ? cookie + "; Secure" : cookie;
}

std::string home_of(Role role) {
    return role == Role::Agent ? "/agent/" : "/admin/";
}

void render_login_form(const LoginSurface& surface, RequestContext& ctx, int status, std::string_view problem) {
    const std::string token = crypto::new_token().substr(0, 32);
    ctx.response.set_header("Set-Cookie", std::string(web::kLoginCsrfCookie) + "=" + token + "; Path=" +
                                              std::string(surface.path) + "; Max-Age=3600; HttpOnly; SameSite=Strict");
    std::string body =
        "<header><b>" + std::string(surface.header) + "</b></header><main><h1>登录</h1>" +
        (problem.empty() ? std::string() : "<p class=\"error\">" + web::escape(problem) + "</p>") +
        "<form method=\"post\" action=\"" + std::string(surface.path) + "\">" + web::csrf_input(token) +
        "<label for=\"phone\">手机号</label><input id=\"phone\" name=\"phone\" type=\"tel\" inputmode=\"numeric\" "
        "autocomplete=\"username\" maxlength=\"24\" required>"
        "<label for=\"password\">密码</label><input id=\"password\" name=\"password\" type=\"password\" "
        "autocomplete=\"current-password\" maxlength=\"128\" required>"
        "<button type=\"submit\">登录</button></form></main>";
    web::send_page(ctx.response, status, web::render_page("登录", body));
}

void login_page(const LoginSurface& surface, BackendContext& context, RequestContext& ctx) {
    // Signed in already: straight to one's own home.
    if (auto token = web::cookie_value(ctx.request, kSessionCookie); !token.empty()) {
        if (auto person = find_session(context.store.reader(), token, ctx.now_ms)) {
            web::send_redirect(ctx.response, home_of(person->role));
            return;
        }
    }
    render_login_form(surface, ctx, 200, "");
}

void login_submit(const LoginSurface& surface, BackendContext& context, RequestContext& ctx) {
    const std::string expected = web::cookie_value(ctx.request, web::kLoginCsrfCookie);
    if (!web::csrf_matches(expected, web::form_field(ctx.request, web::kCsrfField, 64).value_or(""))) {
        render_login_form(surface, ctx, 400, "页面已过期，请重新输入后登录。");
        return;
    }
    auto phone = web::form_field(ctx.request, "phone", core::protocol::limits::kPhone);
    auto password = web::form_field(ctx.request, "password", kMaxPasswordLength);
    if (!phone || !password || phone->empty() || password->empty()) {
        render_login_form(surface, ctx, 400, "请输入手机号和密码。");
        return;
    }
    const Config& c = context.config;
    LoginPolicy policy{c.max_failed_logins_per_account, c.failed_login_window_minutes * core::kMinuteMs,
                       c.max_login_attempts_per_address, core::kMinuteMs, c.session_ttl_hours * core::kHourMs};
    auto session = login(context.store, *phone, *password, ctx.client.address, policy, ctx.now_ms);
    if (!session.ok()) {
        const auto& error = session.error();
        if (error.code == "too_many_attempts") {
            log::warn("login_limited", {{"limit", error.field == "phone" ? "account" : "address"}, {"via", "page"}});
            render_login_form(surface, ctx, 429, "尝试次数太多，请 15 分钟后再试。");
        } else if (error.code == "invalid_credentials") {
            log::info("login_failed", {{"via", "page"}});
            render_login_form(surface, ctx, 401, "手机号或密码不对。");
        } else {
            render_login_form(surface, ctx, 400, "请输入正确的手机号。");
        }
        return;
    }
    log::info("login",
              {{"user_id", session->person.user_id}, {"role", role_name(session->person.role)}, {"via", "page"}});
    ctx.response.set_header("Set-Cookie", session_cookie(session->token, policy.session_ttl_ms / 1000, c));
    web::send_redirect(ctx.response, home_of(session->person.role));
}

}  // namespace

void agent_login_page(BackendContext& context, RequestContext& ctx) {
    login_page(kAgentLogin, context, ctx);
}

void agent_login_submit(BackendContext& context, RequestContext& ctx) {
    login_submit(kAgentLogin, context, ctx);
}

void admin_login_page(BackendContext& context, RequestContext& ctx) {
    login_page(kAdminLogin, context, ctx);
}

void admin_login_submit(BackendContext& context, RequestContext& ctx) {
    login_submit(kAdminLogin, context, ctx);
}

void agent_logout_submit(BackendContext& context, RequestContext& ctx) {
    context.store.write([&](Database& db) { revoke_session(db, ctx.credential, ctx.now_ms); });
    ctx.response.set_header("Set-Cookie", session_cookie("", 0, context.config));
    const bool admin = ctx.person && ctx.person->role != Role::Agent;
    web::send_message_page(ctx.response, 200, "已退出", "您已退出登录。", admin ? kAdminLogin.path : kAgentLogin.path,
                           "重新登录");
}

}  // namespace xiangke::backend::handlers
