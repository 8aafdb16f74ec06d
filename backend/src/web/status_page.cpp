// The public progress page /s/TOKEN that the kiosk's QR code opens on a family member's phone.
// Anyone with the token may read it, so it shows nothing personal: no farmer's name or phone,
// no description; only the category, the village, the agent's name and a dated timeline.
#include "http/handlers.h"
#include "store/request_reads.h"
#include "web/html.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

void send_not_found(httplib::Response& response) {
    std::string body =
        "<header><b>乡科 · 求助进度</b></header><main><h1>找不到这条求助</h1><p class=\"card\">"
        "二维码可能不完整，或者求助还没有从村里的触摸屏送到。请过一会儿再扫，或到触摸屏上用求助码查询。</p></main>";
    web::send_page(response, 404, web::render_page("找不到", body));
}

}  // namespace

void public_status_page(BackendContext& context, RequestContext& ctx) {
    const std::string token = ctx.request.matches[1].str();
    if (!core::protocol::is_valid_status_token(token)) {
        send_not_found(ctx.response);
        return;
    }
    Database& db = context.store.reader();
    auto request = read_request_by_status_token(db, token);
    if (!request) {
        send_not_found(ctx.response);
        return;
    }
    const std::string& category = request->category;
    const std::string& crop = request->crop;
    const std::string& village = request->village_name;
    const std::string& status = request->status;
    const int64_t received_at = request->received_at;
    const std::string& agent = request->holder_name;
    const std::string visit_date = request->visit_date.value_or("");

    std::string html = "<header><b>乡科 · 求助进度</b></header><main><h1>" +
                       web::escape(web::category_label_of(category)) + (crop.empty() ? "" : " · " + web::escape(crop)) +
                       "</h1><div class=\"card\"><dl><dt>村</dt><dd>" + web::escape(village) +
                       "</dd><dt>现在</dt><dd><span class=\"tag\">" + web::escape(web::status_label(status)) +
                       "</span></dd>";
    if (!agent.empty()) {
        html += "<dt>负责专家</dt><dd>" + web::escape(agent) + "</dd>";
    }
    if (!visit_date.empty()) {
        html += "<dt>上门日期</dt><dd>" + web::escape(visit_date) + "</dd>";
    }
    html += "<dt>登记时间</dt><dd>" + web::escape(core::format_shanghai_datetime(received_at)) +
            "</dd></dl></div><h2>进度</h2><ol class=\"timeline\">";
    // The events the family can see (public_event_label), each with its time; who took the
    // request by name, nothing else personal.
    for (const auto& event : read_request_timeline(db, request->id)) {
        std::string_view text = web::public_event_label(event.kind);
        if (text.empty()) {
            continue;
        }
        html += "<li>" + web::escape(text);
        if ((event.kind == "claimed" || event.kind == "assigned") && event.agent_id) {
            html += "：" + web::escape(event.agent_name);
        }
        html +=
            " <span class=\"muted\">" + web::escape(core::format_shanghai_datetime(event.server_at)) + "</span></li>";
    }
    html += "</ol><p class=\"muted\">这个页面不显示姓名和电话。有问题请到村里的触摸屏上查询或评价。</p></main>";
    ctx.response.set_header("X-Robots-Tag", "noindex");
    web::send_page(ctx.response, 200, web::render_page("求助进度", html));
}

}  // namespace xiangke::backend::handlers
