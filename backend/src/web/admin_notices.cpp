// 通知 (/admin/notices): notices to the kiosks of a region inside the admin's, each running until
// an end date; ending one early tells the same kiosks on their next pull (store/notices.h).
#include "http/handlers.h"
#include "log.h"
#include "store/admin_reads.h"
#include "store/notices.h"
#include "store/regions.h"
#include "web/admin_kit.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/region_code.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

using web::escape;

constexpr size_t kNoticeLimit = 100;
constexpr int64_t kMaxNoticeDays = 366;

std::optional<std::string> text_field(const httplib::Request& request, const std::string& name, size_t max_chars) {
    auto value = web::form_field(request, name, max_chars * 4);
    if (!value) {
        return std::nullopt;
    }
    int64_t chars = core::utf8_length(*value);
    if (chars < 0 || chars > static_cast<int64_t>(max_chars)) {
        return std::nullopt;
    }
    return value;
}

void problem(BackendContext& context, RequestContext& ctx, int status, std::string_view message) {
    web::send_admin_message(context, ctx, web::AdminSection::Notices, status, "未能保存", message, "/admin/notices");
}

NoticeActor actor_of(const RequestContext& ctx) {
    return {"user", std::to_string(ctx.person->user_id), ctx.client.address};
}

}  // namespace

void admin_notices_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const std::string& prefix = ctx.person->region_code;
    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    const std::string tomorrow = core::format_shanghai_date(ctx.now_ms + 7 * kDayMs);
    std::string html =
        "<h1>通知</h1><p class=\"muted\">通知显示在所选地区的村级触摸屏上，到结束日期为止；触摸屏下次同步时收到。</p>"
        "<form class=\"card\" method=\"post\" action=\"/admin/notices\">" +
        csrf +
        "<label for=\"title\">标题（不超过 60 字）</label><input id=\"title\" name=\"title\" maxlength=\"60\" "
        "required size=\"40\"><label for=\"body\">内容（不超过 2000 字）</label><textarea id=\"body\" name=\"body\" "
        "rows=\"4\" maxlength=\"2000\" required></textarea><label for=\"region\">地区代码（默认您管理的全部地区）"
        "</label><input id=\"region\" name=\"region\" inputmode=\"numeric\" maxlength=\"12\" value=\"" +
        escape(prefix) +
        "\" required><label for=\"until\">显示到（含这一天）</label><input id=\"until\" name=\"until\" "
        "type=\"date\" value=\"" +
        tomorrow + "\" required><p><button type=\"submit\">发布通知</button></p></form>";
    std::vector<std::vector<std::string>> rows;
    for (const auto& n : notices_in_region(db, prefix, kNoticeLimit)) {
        const bool running = n.until > ctx.now_ms;
        std::string action = running
                                 ? "<form method=\"post\" action=\"/admin/notices/" + std::to_string(n.id) + "/end\">" +
                                       csrf + "<button class=\"secondary\" type=\"submit\">提前结束</button></form>"
                                 : std::string("<span class=\"muted\">已结束</span>");
        rows.push_back({escape(n.title), "<div class=\"cell-wrap\">" + escape(n.body) + "</div>",
                        escape(n.region_name) + " <span class=\"muted\">" + escape(n.region_prefix) + "</span>",
                        escape(web::datetime_text(n.created_at)), escape(web::datetime_text(n.until)), action});
    }
    html += "<h2>已发布的通知</h2>" + web::admin_table({"标题", "内容", "地区", "发布时间", "显示到", ""}, rows);
    web::send_admin(context, ctx, "通知", web::AdminSection::Notices, html);
}

void admin_notice_create(BackendContext& context, RequestContext& ctx) {
    auto title = text_field(ctx.request, "title", 60);
    auto body = text_field(ctx.request, "body", 2000);
    auto region = web::form_field(ctx.request, "region", 12);
    auto until_text = web::form_field(ctx.request, "until", 10);
    if (!title || title->empty()) {
        problem(context, ctx, 400, "请填写标题（不超过 60 字）。");
        return;
    }
    if (!body || body->empty()) {
        problem(context, ctx, 400, "请填写内容（不超过 2000 字）。");
        return;
    }
    const std::string& scope = ctx.person->region_code;
    if (!region || !core::is_valid_region_prefix(*region) || region->compare(0, scope.size(), scope) != 0) {
        problem(context, ctx, 403, "地区代码不对：只能发给您管理的地区或其中的乡镇、村。");
        return;
    }
    auto until_day = until_text ? core::parse_shanghai_date(*until_text, "until")
                                : core::Result<int64_t>(core::Error{"invalid_field", "", "until"});
    // Shown through the chosen day: the notice ends at the next midnight.
    if (!until_day.ok() || *until_day + kDayMs <= ctx.now_ms || *until_day > ctx.now_ms + kMaxNoticeDays * kDayMs) {
        problem(context, ctx, 400, "结束日期不对：要在今天或以后，最长一年。");
        return;
    }
    NewNotice notice{*region, *title, *body, *until_day + kDayMs};
    auto added =
        context.store.write([&](Database& db) { return add_notice_in_write(db, notice, ctx.now_ms, actor_of(ctx)); });
    if (!added.ok()) {
        problem(context, ctx, 400,
                added.error().field == "region" ? "没有这个地区代码。" : "通知没有保存，请检查标题、内容和日期。");
        return;
    }
    log::info("notice_added",
              {{"notice_id", added->notice_id}, {"admin_id", ctx.person->user_id}, {"kiosks", added->kiosks}});
    web::send_redirect(ctx.response, "/admin/notices");
}

void admin_notice_end(BackendContext& context, RequestContext& ctx) {
    const std::string id_text = ctx.request.matches[1].str();
    const int64_t id = id_text.size() <= 18 ? std::stoll(id_text) : -1;
    auto notice = find_notice(context.store.reader(), id);
    const std::string& scope = ctx.person->region_code;
    if (!notice) {
        web::send_admin_message(context, ctx, web::AdminSection::Notices, 404, "找不到", "找不到这条通知。",
                                "/admin/notices");
        return;
    }
    if (notice->region_prefix.compare(0, scope.size(), scope) != 0) {
        web::send_admin_message(context, ctx, web::AdminSection::Notices, 403, "无权访问",
                                "这条通知不在您管理的地区内。", "/admin/notices");
        return;
    }
    auto ended = context.store.write([&](Database& db) { return end_notice(db, id, ctx.now_ms, actor_of(ctx)); });
    if (!ended.ok() && ended.error().code != "already_ended") {
        problem(context, ctx, 409, "通知没有结束，请稍后再试。");
        return;
    }
    web::send_redirect(ctx.response, "/admin/notices");
}

}  // namespace xiangke::backend::handlers
