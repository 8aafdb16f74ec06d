// The public progress page /s/TOKEN that the kiosk's QR code opens on a family member's phone.
// Anyone with the token may read it, so it shows nothing personal: no farmer's name or phone,
// no description; only the category, the village, the agent's name and a dated timeline.
#include "http/handlers.h"
#include "web/html.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

// What the farmer's family should read for each event; events that change nothing they can
// see (offers to agents, ratings, escalations) are left out.
std::string_view public_event_text(std::string_view kind) {
    static constexpr std::pair<std::string_view, std::string_view> kTexts[] = {
        {"received", "求助已送达"},
        {"claimed", "专家已接单"},
        {"assigned", "已安排专家"},
        {"contacted", "专家已联系"},
        {"visited", "专家已服务"},
        {"resolved", "专家报告：已解决"},
        {"partly_resolved", "专家报告：部分解决"},
        {"referred", "已转介给其他单位"},
        {"cannot_resolve", "专家报告：无法解决"},
        {"confirmed", "农户已确认"},
        {"closed_unconfirmed", "已关闭"},
        {"cancelled", "已撤销"},
        {"reassigned", "重新安排专家"},
        {"reopened", "农户说没解决，重新处理"},
        {"declined", "重新安排专家"},
        {"unreachable", "专家没联系上，重新安排"},
        {"complaint", "农户催办"},
        {"rejected", "未受理"},
    };
    for (const auto& [code, text] : kTexts) {
        if (code == kind) {
            return text;
        }
    }
    return "";
}

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
    auto query = db.prepare(
        "SELECT r.id, r.category, r.crop, COALESCE(g.name, ''), r.status, r.received_at, u.name, r.visit_date "
        "FROM requests r LEFT JOIN regions g ON g.code = r.village_code LEFT JOIN users u ON u.id = r.holder_id "
        "WHERE r.status_token = ?");
    query.bind(1, token);
    if (!query.step()) {
        send_not_found(ctx.response);
        return;
    }
    const std::string request_id = query.column(0).getString();
    const std::string category = query.column(1).getString();
    const std::string crop = query.column(2).getString();
    const std::string village = query.column(3).getString();
    const std::string status = query.column(4).getString();
    const int64_t received_at = query.column(5).getInt64();
    const std::string agent = query.is_null(6) ? "" : query.column(6).getString();
    const std::string visit_date = query.is_null(7) ? "" : query.column(7).getString();
    query.reset();

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
    auto events = db.prepare(
        "SELECT e.kind, e.server_at, u.name FROM request_events e LEFT JOIN users u ON u.id = e.agent_id "
        "WHERE e.request_id = ? ORDER BY e.id");
    events.bind(1, request_id);
    while (events.step()) {
        const std::string kind = events.column(0).getString();
        std::string_view text = public_event_text(kind);
        if (text.empty()) {
            continue;
        }
        html += "<li>" + web::escape(text);
        if ((kind == "claimed" || kind == "assigned") && !events.is_null(2)) {
            html += "：" + web::escape(events.column(2).getString());
        }
        html += " <span class=\"muted\">" + web::escape(core::format_shanghai_datetime(events.column(1).getInt64())) +
                "</span></li>";
    }
    events.reset();
    html += "</ol><p class=\"muted\">这个页面不显示姓名和电话。有问题请到村里的触摸屏上查询或评价。</p></main>";
    ctx.response.set_header("X-Robots-Tag", "noindex");
    web::send_page(ctx.response, 200, web::render_page("求助进度", html));
}

}  // namespace xiangke::backend::handlers
