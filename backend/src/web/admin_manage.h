#pragma once
// Helpers shared by the administrator's management pages (特派员, 团队, 触摸屏 in
// web/admin_agents.cpp, web/admin_teams.cpp, web/admin_kiosks.cpp).
#include <optional>
#include <string>
#include <string_view>

#include "http/server.h"
#include "web/admin_shell.h"

namespace xiangke::backend::web {

// The viewer of a page: the admin of the request, their region's name and the CSRF token.
AdminViewer admin_viewer(BackendContext& context, const RequestContext& ctx);
// Sends a whole admin page.
void send_admin_page(BackendContext& context, RequestContext& ctx, std::string_view title, AdminSection section,
                     const std::string& body, int status = 200);
// A refused form: the page says what to fix and links back.
void send_admin_problem(BackendContext& context, RequestContext& ctx, AdminSection section, int status,
                        std::string_view message, const std::string& back);
// A text field of at most `max_chars` characters of valid UTF-8, trimmed; nullopt otherwise.
std::optional<std::string> admin_text_field(const httplib::Request& request, const std::string& name, size_t max_chars);
// A hidden input with the session's CSRF token.
std::string admin_csrf(const RequestContext& ctx);
// "2026-12-08 09:30" in Asia/Shanghai, or "—".
std::string admin_time(std::optional<int64_t> utc_ms);
// The id captured by the route's pattern (the first group).
std::string path_id(const RequestContext& ctx);

}  // namespace xiangke::backend::web
