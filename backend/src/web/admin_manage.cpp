#include "web/admin_manage.h"

#include "store/regions.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::web {

AdminViewer admin_viewer(BackendContext& context, const RequestContext& ctx) {
    AdminViewer viewer;
    viewer.name = ctx.person->name;
    viewer.region_name = region_name(context.store.reader(), ctx.person->region_code).value_or("");
    viewer.csrf = csrf_token(ctx.credential);
    return viewer;
}

void send_admin_page(BackendContext& context, RequestContext& ctx, std::string_view title, AdminSection section,
                     const std::string& body, int status) {
    send_page(ctx.response, status, render_admin_page(admin_viewer(context, ctx), title, section, body));
}

void send_admin_problem(BackendContext& context, RequestContext& ctx, AdminSection section, int status,
                        std::string_view message, const std::string& back) {
    send_admin_page(context, ctx, "未能保存", section,
                    "<h1>未能保存</h1><p class=\"error\">" + escape(message) +
                        "</p><p><a class=\"button secondary\" href=\"" + escape(back) + "\">返回</a></p>",
                    status);
}

std::optional<std::string> admin_text_field(const httplib::Request& request, const std::string& name,
                                            size_t max_chars) {
    auto value = form_field(request, name, max_chars * 4);
    if (!value) {
        return std::nullopt;
    }
    int64_t chars = core::utf8_length(*value);
    if (chars < 0 || chars > static_cast<int64_t>(max_chars)) {
        return std::nullopt;
    }
    return value;
}

std::string admin_csrf(const RequestContext& ctx) {
    return csrf_input(csrf_token(ctx.credential));
}

std::string admin_time(std::optional<int64_t> utc_ms) {
    return utc_ms ? core::format_shanghai_datetime(*utc_ms) : "—";
}

std::string path_id(const RequestContext& ctx) {
    return ctx.request.matches.size() > 1 ? ctx.request.matches[1].str() : "";
}

}  // namespace xiangke::backend::web
