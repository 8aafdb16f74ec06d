#pragma once
// What the 总览, 求助, 通知 and 审计 pages share: the viewer, sending a page or a refusal inside the
// admin shell, and reading query parameters with limits.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/server.h"
#include "web/admin_shell.h"

namespace xiangke::backend::web {

AdminViewer viewer_of(BackendContext& context, const RequestContext& ctx);
void send_admin(BackendContext& context, RequestContext& ctx, std::string_view title, AdminSection section,
                const std::string& body_html, int status = 200);
// A refused form or an impossible action: what happened, and a link back.
void send_admin_message(BackendContext& context, RequestContext& ctx, AdminSection section, int status,
                        std::string_view title, std::string_view message, const std::string& back);

// A query parameter, trimmed; empty when missing or longer than `max_bytes`.
std::string query_text(const httplib::Request& request, const std::string& name, size_t max_bytes);
// A YYYY-MM-DD parameter as the UTC ms of 00:00 Asia/Shanghai; nullopt when missing or malformed.
std::optional<int64_t> query_date(const httplib::Request& request, const std::string& name);
// A non-negative integer parameter, at most `max`; nullopt when missing or malformed.
std::optional<int64_t> query_integer(const httplib::Request& request, const std::string& name, int64_t max);
// "a=1&b=x" for links that keep the current filters; values percent-encoded.
std::string url_encode(std::string_view text);

// "2026-12-08 09:30" (Asia/Shanghai), or "—".
std::string datetime_text(std::optional<int64_t> utc_ms);

}  // namespace xiangke::backend::web
