#pragma once
// Reading HTML forms (application/x-www-form-urlencoded or multipart/form-data, both parsed by
// httplib) with a limit on every field, and the CSRF tokens every form carries.
#include <httplib.h>

#include <optional>
#include <string>

namespace xiangke::backend::web {

inline constexpr const char* kCsrfField = "csrf";
// Set with the login page: the login form has no session yet, so it double-submits this cookie.
inline constexpr const char* kLoginCsrfCookie = "xiangke_login_csrf";

// A text field, trimmed of surrounding spaces; nullopt when it is missing or longer than
// `max_bytes` (UTF-8 bytes; a Chinese character is 3).
std::optional<std::string> form_field(const httplib::Request& request, const std::string& name, size_t max_bytes);
// A checkbox: present and not empty.
bool form_checked(const httplib::Request& request, const std::string& name);
// An uploaded file's bytes (multipart only); nullopt when none was chosen.
std::optional<std::string> form_file(const httplib::Request& request, const std::string& name);

// The CSRF token of a session: a keyed hash of the session token, so it needs no storage and
// dies with the session.
std::string csrf_token(const std::string& session_token);
bool csrf_matches(const std::string& expected, const std::string& submitted);
// A hidden input carrying `token`.
std::string csrf_input(const std::string& token);

// The value of one cookie of the request, empty when absent.
std::string cookie_value(const httplib::Request& request, const std::string& name);

}  // namespace xiangke::backend::web
