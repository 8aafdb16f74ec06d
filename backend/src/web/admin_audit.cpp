// 审计 (/admin/audit): who read which farmer's number, who changed what — the audit log inside the
// admin's region, filterable by actor, action, object and date, newest first.
#include "http/handlers.h"
#include "store/admin_reads.h"
#include "web/admin_kit.h"
#include "web/html.h"

namespace xiangke::backend::handlers {
namespace {

using web::escape;

constexpr int kPageSize = 50;
constexpr int kMaxPage = 10'000;

struct ActionName {
    std::string_view action;
    std::string_view label;
};
// The actions the log holds, with their Chinese names (the filter offers these).
constexpr ActionName kActions[] = {
    {"farmer_phone.read", "查看农户电话"},
    {"voice_note.read", "收听语音留言"},
    {"login", "登录"},
    {"request.reassign", "改派求助"},
    {"request.duplicate", "作为重复求助关闭"},
    {"request.reject", "不予受理"},
    {"notice.add", "发布通知"},
    {"notice.end", "提前结束通知"},
    {"kiosk.revoke", "停用触摸屏"},
    {"kiosk.code_issue", "发放触摸屏安装码"},
    {"agent.create", "添加特派员"},
    {"agent.update", "修改特派员资料"},
    {"agent.deactivate", "停用特派员"},
    {"agent.reactivate", "重新启用特派员"},
    {"agent.password_reset", "重设特派员密码"},
    {"agent.leave", "登记特派员请假"},
    {"agent.leave_clear", "取消特派员请假"},
    {"agents.import", "导入特派员"},
    {"team.create", "添加团队"},
    {"team.update", "修改团队"},
    {"content.publish", "发布科普内容"},
};

std::string_view action_label(std::string_view action) {
    for (const auto& a : kActions) {
        if (a.action == action) {
            return a.label;
        }
    }
    return action;
}

std::string object_link(const AuditRow& row) {
    if (row.object_type == "request" && !row.object_id.empty()) {
        return "<a href=\"/admin/requests/" + escape(row.object_id) + "\">求助</a> <span class=\"muted\">" +
               escape(row.object_id) + "</span>";
    }
    std::string text = row.object_type;
    if (!row.object_id.empty()) {
        text += " " + row.object_id;
    }
    return escape(text);
}

}  // namespace

void admin_audit_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const auto& q = ctx.request;
    AuditFilter f;
    f.prefix = ctx.person->region_code;
    f.page_size = kPageSize;
    f.actor = web::query_text(q, "actor", 60);
    f.action = web::query_text(q, "action", 40);
    f.object = web::query_text(q, "object", 40);
    const std::string from = web::query_text(q, "from", 10);
    const std::string to = web::query_text(q, "to", 10);
    f.from_ms = web::query_date(q, "from");
    if (auto end = web::query_date(q, "to")) {
        f.to_ms = *end + kDayMs;
    }
    f.page = static_cast<int>(web::query_integer(q, "page", kMaxPage).value_or(0));

    std::string html =
        "<h1>审计</h1><p class=\"muted\">谁在什么时候查看了农户电话、改动了什么。只显示您管理的地区内的记录。</p>"
        "<form class=\"inline card\" method=\"get\" action=\"/admin/audit\"><label>操作人（姓名或编号）<input "
        "name=\"actor\" maxlength=\"20\" size=\"10\" value=\"" +
        escape(f.actor) + "\"></label><label>操作<select name=\"action\"><option value=\"\">全部</option>";
    for (const auto& a : kActions) {
        html += "<option value=\"" + std::string(a.action) + "\"" + (a.action == f.action ? " selected" : "") + ">" +
                std::string(a.label) + "</option>";
    }
    html +=
        "</select></label><label>对象编号<input name=\"object\" maxlength=\"40\" size=\"14\" value=\"" +
        escape(f.object) + "\"></label><label>自<input type=\"date\" name=\"from\" value=\"" +
        escape(f.from_ms ? from : "") + "\"></label><label>至<input type=\"date\" name=\"to\" value=\"" +
        escape(f.to_ms ? to : "") +
        "\"></label><button type=\"submit\">查找</button> <a class=\"button secondary\" href=\"/admin/audit\">清除</a>"
        "</form>";

    auto page = list_audit(db, f);
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : page.rows) {
        std::string who = r.actor_name.empty() ? r.actor_type + (r.actor_id.empty() ? "" : " " + r.actor_id)
                                               : r.actor_name + " (" + r.actor_id + ")";
        rows.push_back({escape(web::datetime_text(r.at)), escape(who), escape(action_label(r.action)), object_link(r),
                        escape(r.address), "<div class=\"cell-wrap muted\">" + escape(r.detail) + "</div>"});
    }
    html += web::admin_table({"时间", "操作人", "操作", "对象", "来源地址", "详情"}, rows);
    std::string query = "actor=" + web::url_encode(f.actor) + "&action=" + web::url_encode(f.action) +
                        "&object=" + web::url_encode(f.object) + "&from=" + web::url_encode(f.from_ms ? from : "") +
                        "&to=" + web::url_encode(f.to_ms ? to : "");
    html += "<div class=\"pager\">";
    if (f.page > 0) {
        html += "<a href=\"/admin/audit?" + escape(query) + "&amp;page=" + std::to_string(f.page - 1) + "\">上一页</a>";
    }
    html += "<span class=\"muted\">第 " + std::to_string(f.page + 1) + " 页</span>";
    if (page.has_more) {
        html += "<a href=\"/admin/audit?" + escape(query) + "&amp;page=" + std::to_string(f.page + 1) + "\">下一页</a>";
    }
    html += "</div>";
    web::send_admin(context, ctx, "审计", web::AdminSection::Audit, html);
}

}  // namespace xiangke::backend::handlers
