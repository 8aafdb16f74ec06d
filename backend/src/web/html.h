#pragma once
// Server-rendered HTML for people's pages: escaping, the one page shell with its inline CSS
// (readable at 360 px, big buttons, no JavaScript), and the answers pages give (a page, a
// redirect, a message page). Every page stays under kMaxPageBytes with its CSS.
#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "web/labels.h"

namespace xiangke::backend::web {

inline constexpr size_t kMaxPageBytes = 60 * 1024;

// Escapes text for HTML element content and double-quoted attribute values.
std::string escape(std::string_view text);

// A whole HTML document: the shell, the CSS and `body_html` (already escaped by the caller).
std::string render_page(std::string_view title, std::string_view body_html);

// 200 (or `status`) text/html, never cached (pages carry personal data and CSRF tokens).
void send_page(httplib::Response& response, int status, const std::string& html);
// 303 See Other to a local path.
void send_redirect(httplib::Response& response, const std::string& location);
// A short page that says what happened in plain Chinese, with one link onward.
void send_message_page(httplib::Response& response, int status, std::string_view title, std::string_view message,
                       std::string_view link_href, std::string_view link_text);

// Chinese words for the codes pages show: web/labels.h.
// "3 小时前", "2 天前".
std::string age_label(int64_t then_ms, int64_t now_ms);

}  // namespace xiangke::backend::web
