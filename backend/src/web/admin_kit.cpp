#include "web/admin_kit.h"

#include "store/regions.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::web {

AdminViewer viewer_of(BackendContext& context, const RequestContext& ctx) {
    AdminViewer viewer;
    viewer.name = ctx.person->name;
    viewer.region_name = region_name(context.store.reader(), ctx.person->region_code).value_or(ctx.person->region_code);
    viewer.csrf = csrf_token(ctx.credential);
    return viewer;
}

void send_admin(BackendContext& context, RequestContext& ctx, std::string_view title, AdminSection section,
                const std::string& body_html, int status) {
    send_page(ctx.response, status, render_admin_page(viewer_of(context, ctx), title, section, body_html));
}

void send_admin_message(BackendContext& context, RequestContext& ctx, AdminSection section, int status,
                        std::string_view title, std::string_view message, const std::string& back) {
    send_admin(context, ctx, title, section,
               "<h1>" + escape(title) + "</h1><p class=\"error\">" + escape(message) +
                   "</p><p><a class=\"button\" href=\"" + escape(back) + "\">返回</a></p>",
               status);
}

std::string query_text(const httplib::Request& request, const std::string& name, size_t max_bytes) {
    if (!request.has_param(name)) {
        return "";
    }
    std::string value = request.get_param_value(name);
    if (value.size() > max_bytes) {
        return "";
    }
    const auto first = value.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return "";
    }
    const auto last = value.find_last_not_of(" \t\r\n");
    return value.substr(first, last - first + 1);
}

std::optional<int64_t> query_date(const httplib::Request& request, const std::string& name) {
    std::string text = query_text(request, name, 10);
    if (text.empty()) {
        return std::nullopt;
    }
    auto parsed = core::parse_shanghai_date(text, name);
    if (!parsed.ok()) {
        return std::nullopt;
    }
    return *parsed;
}

std::optional<int64_t> query_integer(const httplib::Request& request, const std::string& name, int64_t max) {
    std::string text = query_text(request, name, 18);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    const int64_t value = std::stoll(text);
    if (value > max) {
        return std::nullopt;
    }
    return value;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::string datetime_text(std::optional<int64_t> utc_ms) {
    if (!utc_ms) {
        return "—";
    }
    std::string text = core::format_shanghai_datetime(*utc_ms);
    return text.size() > 16 ? text.substr(0, 16) : text;
}

}  // namespace xiangke::backend::web
