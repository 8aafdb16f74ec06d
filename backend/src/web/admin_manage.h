#pragma once
// What the administrator's management pages (特派员, 团队, 触摸屏 in web/admin_agents.cpp,
// web/admin_teams.cpp, web/admin_kiosks.cpp) share beyond web/admin_kit.h: form fields counted in
// characters, the CSRF input, the id in the path.
#include <optional>
#include <string>

#include "http/server.h"

namespace xiangke::backend::web {

// A form field of at most `max_chars` characters of valid UTF-8, trimmed; nullopt otherwise.
std::optional<std::string> admin_text_field(const httplib::Request& request, const std::string& name, size_t max_chars);
// A hidden input with the session's CSRF token.
std::string admin_csrf(const RequestContext& ctx);
// The id captured by the route's pattern (its first group).
std::string path_id(const RequestContext& ctx);

}  // namespace xiangke::backend::web
