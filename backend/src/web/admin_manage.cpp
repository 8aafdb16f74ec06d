#include "web/admin_manage.h"

#include "web/form.h"
#include "xiangke/core/json_reader.h"

namespace xiangke::backend::web {

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

std::string path_id(const RequestContext& ctx) {
    return ctx.request.matches.size() > 1 ? ctx.request.matches[1].str() : "";
}

}  // namespace xiangke::backend::web
