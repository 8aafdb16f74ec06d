// 求助 (/admin/requests): the requests of the admin's region with filters and paging, one
// request's whole timeline, the audited reveal of the farmer's number, and what an admin may do
// to a request (give it to another agent, close it as a duplicate, reject it). Every action is
// a POST with the session's CSRF token (checked by the access check), appended as events the
// state machine allows (matching/admin_actions.h) and written to the audit log.
#include "http/handlers.h"
#include "log.h"
#include "matching/admin_actions.h"
#include "store/admin_reads.h"
#include "store/audit.h"
#include "store/request_reads.h"
#include "web/admin_kit.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/category.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

using web::escape;

constexpr int kPageSize = 50;
constexpr int kMaxPage = 10'000;
constexpr size_t kAgentChoices = 500;
constexpr size_t kMaxReasonChars = 200;

std::string detail_path(const std::string& id) {
    return "/admin/requests/" + id;
}

std::string option(const std::string& value, std::string_view label, const std::string& selected) {
    return "<option value=\"" + escape(value) + "\"" + (value == selected ? " selected" : "") + ">" + escape(label) +
           "</option>";
}

bool known_status(const std::string& status) {
    return status == "open" || lifecycle::status_from_name(status).has_value();
}

// A text field within `max_chars` characters of valid UTF-8; nullopt otherwise.
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

AdminActor actor_of(const RequestContext& ctx) {
    return {ctx.person->user_id, ctx.client.address};
}

std::string_view action_error_text(const core::Error& error) {
    const std::string& c = error.code;
    if (c == "invalid_transition") {
        return "这条求助现在的状态不能这样处理，请刷新后查看最新状态。";
    }
    if (c == "same_agent") {
        return "这位专家已经在处理这条求助。";
    }
    if (c == "on_leave") {
        return "这位专家今天在请假。";
    }
    if (c == "at_capacity") {
        return "这位专家手上的求助已达上限。";
    }
    if (c == "not_in_service_area") {
        return "这条求助不在这位专家的服务区域内。";
    }
    if (c == "no_matching_expertise") {
        return "这位专家不擅长这类问题。";
    }
    if (c == "inactive") {
        return "这位专家的账号已停用或不存在。";
    }
    if (c == "original_not_found") {
        return "在您管理的地区找不到这个求助码的另一条求助。";
    }
    if (c == "empty_reason") {
        return "请写明不予受理的原因。";
    }
    return "操作没有成功，请稍后再试。";
}

// ---- list ----

std::string filter_form(const RequestFilter& f, const std::vector<NamedId>& agents, const std::string& from,
                        const std::string& to) {
    std::string html =
        "<form class=\"inline card\" method=\"get\" action=\"/admin/requests\">"
        "<label>求助码<input name=\"code\" maxlength=\"16\" size=\"8\" value=\"" +
        escape(f.code) + "\"></label><label>状态<select name=\"status\">" + option("", "全部", f.status) +
        option("open", "未办结", f.status);
    for (int i = 1; i <= static_cast<int>(lifecycle::RequestStatus::Rejected); ++i) {
        const std::string name(lifecycle::status_name(static_cast<lifecycle::RequestStatus>(i)));
        html += option(name, web::status_label(name), f.status);
    }
    html += "</select></label><label>村（名称或代码）<input name=\"village\" maxlength=\"40\" size=\"12\" value=\"" +
            escape(f.village) + "\"></label><label>类别<select name=\"category\">" + option("", "全部", f.category);
    for (auto c : core::kAllCategories) {
        html += option(std::string(core::category_code(c)), core::category_label(c), f.category);
    }
    const std::string agent = f.agent_id ? std::to_string(*f.agent_id) : "";
    html += "</select></label><label>专家<select name=\"agent\">" + option("", "全部", agent);
    for (const auto& a : agents) {
        html += option(std::to_string(a.id), a.name, agent);
    }
    html += "</select></label><label>收到自<input type=\"date\" name=\"from\" value=\"" + escape(from) +
            "\"></label><label>至<input type=\"date\" name=\"to\" value=\"" + escape(to) +
            "\"></label><button type=\"submit\">查找</button> <a class=\"button secondary\" "
            "href=\"/admin/requests\">清除</a></form>";
    return html;
}

}  // namespace

void admin_requests_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const auto& q = ctx.request;
    RequestFilter f;
    f.prefix = ctx.person->region_code;
    f.page_size = kPageSize;
    f.code = web::query_text(q, "code", 16);
    f.status = web::query_text(q, "status", 32);
    if (!known_status(f.status)) {
        f.status.clear();
    }
    f.village = web::query_text(q, "village", 120);
    f.category = web::query_text(q, "category", 32);
    if (!core::category_from_code(f.category)) {
        f.category.clear();
    }
    f.agent_id = web::query_integer(q, "agent", int64_t{1} << 53);
    const std::string from = web::query_text(q, "from", 10);
    const std::string to = web::query_text(q, "to", 10);
    f.from_ms = web::query_date(q, "from");
    if (auto end = web::query_date(q, "to")) {
        f.to_ms = *end + kDayMs;  // the whole last day
    }
    f.page = static_cast<int>(web::query_integer(q, "page", kMaxPage).value_or(0));

    auto page = list_requests(db, f);
    auto agents = agents_in_region(db, f.prefix, kAgentChoices);
    std::string html = "<h1>求助</h1>" + filter_form(f, agents, f.from_ms ? from : "", f.to_ms ? to : "");
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : page.items) {
        rows.push_back({"<a href=\"" + detail_path(r.id) + "\">" + escape(r.code) + "</a>",
                        escape(web::datetime_text(r.received_at)), escape(r.village_name),
                        escape(web::category_label_of(r.category)) + (r.crop.empty() ? "" : " · " + escape(r.crop)),
                        "<span class=\"tag\">" + escape(web::status_label(r.status)) + "</span>",
                        escape(r.holder_name.empty() ? "—" : r.holder_name), escape(r.farmer_phone_masked),
                        r.complaints > 0 ? "<span class=\"tag bad\">" + std::to_string(r.complaints) + "</span>"
                                         : std::string("0")});
    }
    html += web::admin_table({"求助码", "收到时间", "村", "类别", "状态", "专家", "农户电话", "催办"}, rows, {7});

    // Paging links keep every filter.
    std::string query = "code=" + web::url_encode(f.code) + "&status=" + web::url_encode(f.status) +
                        "&village=" + web::url_encode(f.village) + "&category=" + web::url_encode(f.category) +
                        "&agent=" + (f.agent_id ? std::to_string(*f.agent_id) : "") +
                        "&from=" + web::url_encode(f.from_ms ? from : "") + "&to=" + web::url_encode(f.to_ms ? to : "");
    html += "<div class=\"pager\">";
    if (f.page > 0) {
        html +=
            "<a href=\"/admin/requests?" + escape(query) + "&amp;page=" + std::to_string(f.page - 1) + "\">上一页</a>";
    }
    html += "<span class=\"muted\">第 " + std::to_string(f.page + 1) + " 页</span>";
    if (page.has_more) {
        html +=
            "<a href=\"/admin/requests?" + escape(query) + "&amp;page=" + std::to_string(f.page + 1) + "\">下一页</a>";
    }
    html += "</div>";
    web::send_admin(context, ctx, "求助", web::AdminSection::Requests, html);
}

namespace {

std::string stars(int rating) {
    std::string s;
    for (int i = 0; i < 5; ++i) {
        s += i < rating ? "★" : "☆";
    }
    return s;
}

std::string event_details(const TimelineEvent& e) {
    std::string html;
    if (e.visit) {
        html += escape(web::visit_method_label(e.visit->method)) + " · " + escape(e.visit->date);
        if (e.visit->attendees) {
            html += " · " + std::to_string(*e.visit->attendees) + " 人";
        }
        if (e.visit->follow_up) {
            html += " · 需要回访";
        }
        html += "<br>" + escape(e.visit->summary);
    }
    if (e.feedback) {
        html += escape(web::feedback_outcome_label(e.feedback->outcome)) + " · " + stars(e.feedback->rating);
        if (!e.feedback->comment.empty()) {
            html += "<br>" + escape(e.feedback->comment);
        }
    }
    if (e.data.is_object()) {
        if (e.data.contains("duplicate_of") && e.data["duplicate_of"].is_string()) {
            html += "<a href=\"" + detail_path(e.data["duplicate_of"].get<std::string>()) + "\">查看原求助</a>";
        }
        if (e.data.contains("note") && e.data["note"].is_string()) {
            html += escape(e.data["note"].get<std::string>());
        }
        if (e.data.contains("to") && e.data["to"].is_string()) {
            html += "转介给 " + escape(e.data["to"].get<std::string>());
        }
        if (e.data.contains("score") && e.data["score"].is_number()) {
            html += "匹配分 " + web::format_number(e.data["score"].get<double>(), 2);
        }
    }
    return html;
}

std::string timeline_table(const std::vector<TimelineEvent>& events) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : events) {
        std::string who(web::actor_label(e.actor));
        if (!e.actor_name.empty()) {
            who += " " + e.actor_name;
        }
        std::string concerned;
        if (e.agent_id && !e.agent_name.empty() && e.agent_name != e.actor_name) {
            concerned = "专家 " + e.agent_name;
        }
        rows.push_back({escape(web::datetime_text(e.server_at)), escape(web::event_label(e.kind)), escape(who),
                        escape(concerned), escape(e.reason ? web::event_reason_label(*e.reason) : ""),
                        "<div class=\"cell-wrap\">" + event_details(e) + "</div>"});
    }
    return web::admin_table({"时间", "事件", "操作人", "涉及", "原因", "详情"}, rows);
}

std::string actions_section(Database& db, const RequestContext& ctx, const RequestSummary& target) {
    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    const std::string path = detail_path(target.id);
    std::string html =
        "<h2>处理</h2><p><a class=\"button secondary\" href=\"/admin/callbacks/new?request=" + target.id +
        "\">记录回访</a></p>";
    if (!lifecycle::is_open(target.state.status)) {
        return html + "<p class=\"muted\">这条求助已不在办理中，不能改派或关闭。</p>";
    }
    auto candidates = assign_candidates(db, target, ctx.now_ms);
    html += "<div class=\"grid2\"><form class=\"card\" method=\"post\" action=\"" + path + "/reassign\">" + csrf +
            "<label for=\"agent_id\">改派给专家</label><select id=\"agent_id\" name=\"agent_id\" required>";
    bool any = false;
    for (const auto& c : candidates) {
        if (c.ineligibility.empty()) {
            any = true;
            html += "<option value=\"" + std::to_string(c.agent_id) + "\">" + escape(c.name) + "</option>";
        } else {
            html += "<option value=\"" + std::to_string(c.agent_id) + "\" disabled>" + escape(c.name) + "（" +
                    escape(c.ineligibility == "on_leave"                ? "请假中"
                           : c.ineligibility == "at_capacity"           ? "已满"
                           : c.ineligibility == "no_matching_expertise" ? "专业不符"
                                                                        : "不可接") +
                    "）</option>";
        }
    }
    html += "</select>";
    html +=
        any ? "<p><button type=\"submit\">改派</button></p>" : "<p class=\"muted\">现在没有可以接这条求助的专家。</p>";
    html += "</form><form class=\"card\" method=\"post\" action=\"" + path + "/duplicate\">" + csrf +
            "<label for=\"original\">与哪条求助重复（原求助码）</label><input id=\"original\" name=\"original\" "
            "maxlength=\"16\" required><p><button class=\"secondary\" type=\"submit\">作为重复求助关闭</button></p>"
            "</form><form class=\"card\" method=\"post\" action=\"" +
            path + "/reject\">" + csrf +
            "<label for=\"reason\">不予受理的原因</label><textarea id=\"reason\" name=\"reason\" rows=\"2\" "
            "maxlength=\"200\" required></textarea><p><button class=\"danger\" type=\"submit\">不予受理</button></p>"
            "</form></div>";
    return html;
}

enum class PhoneView { Masked, Revealed };

void render_request(BackendContext& context, RequestContext& ctx, PhoneView phone_view) {
    Database& db = context.store.reader();
    const RequestSummary& target = *ctx.target;
    auto detail = read_request_detail(db, target.id);
    if (!detail) {
        web::send_admin_message(context, ctx, web::AdminSection::Requests, 404, "找不到", "找不到这条求助。",
                                "/admin/requests");
        return;
    }
    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    const std::string path = detail_path(target.id);
    std::string html = "<p><a href=\"/admin/requests\">← 求助列表</a></p><h1>求助码 " + escape(detail->code) + " · " +
                       escape(web::category_label_of(detail->category)) +
                       (detail->crop.empty() ? "" : " · " + escape(detail->crop)) + " <span class=\"tag\">" +
                       escape(web::status_label(detail->status)) + "</span></h1>";
    html += "<div class=\"card\"><dl class=\"facts\">";
    auto fact = [&html](std::string_view label, const std::string& value_html) {
        html += "<dt>" + std::string(label) + "</dt><dd>" + value_html + "</dd>";
    };
    fact("村", escape(detail->village_name) + " <span class=\"muted\">" + escape(detail->village_code) + "</span>");
    fact("收到时间", escape(web::datetime_text(detail->received_at)) + " <span class=\"muted\">" +
                         escape(web::age_label(detail->received_at, ctx.now_ms)) + "</span>");
    fact("专家", escape(detail->holder_name.empty() ? "—" : detail->holder_name));
    if (detail->visit_date) {
        fact("上门日期", escape(*detail->visit_date));
    }
    fact("催办", std::to_string(detail->complaints));
    std::string symptoms;
    for (const auto& s : detail->symptoms) {
        symptoms += "<span class=\"tag\">" + escape(s.is_string() ? s.get<std::string>() : "") + "</span>";
    }
    fact("症状", symptoms.empty() ? "—" : symptoms);
    fact("问题描述", detail->description.empty() ? "（没有文字描述）" : escape(detail->description));
    fact("方便联系的时间", escape(detail->preferred_time.empty() ? "未填写" : detail->preferred_time));
    fact("农户", escape(detail->farmer_name));
    if (phone_view == PhoneView::Revealed) {
        fact("农户电话", "<a href=\"tel:" + escape(detail->farmer_phone) + "\">" + escape(detail->farmer_phone) +
                             "</a> <span class=\"muted\">（已记录查看）</span>");
    } else {
        fact("农户电话", escape(core::mask_phone_text(detail->farmer_phone)) +
                             " <form class=\"inline\" method=\"post\" "
                             "action=\"" +
                             path + "/phone\">" + csrf +
                             "<button class=\"secondary\" type=\"submit\">查看完整号码</button></form>"
                             "<span class=\"muted\">查看会记入审计日志</span>");
    }
    if (detail->voice_duration_ms) {
        fact("语音留言", "<audio controls preload=\"none\" src=\"/api/v1/requests/" + target.id +
                             "/voice\">您的浏览器不能播放语音。</audio> <span class=\"muted\">" +
                             web::format_number(static_cast<double>(*detail->voice_duration_ms) / 1000.0, 1) +
                             " 秒，收听会记入审计日志</span>");
    }
    if (detail->photos > 0) {
        fact("服务照片", std::to_string(detail->photos) + " 张");
    }
    html += "</dl></div><h2>全部经过</h2>" + timeline_table(read_request_timeline(db, target.id));
    html += actions_section(db, ctx, target);

    if (phone_view == PhoneView::Revealed) {
        context.store.write([&](Database& w) {
            write_audit(w,
                        {"user",
                         std::to_string(ctx.person->user_id),
                         "farmer_phone.read",
                         "request",
                         target.id,
                         ctx.client.address,
                         {{"role", caller_name(ctx.caller)}, {"via", "admin_page"}}},
                        ctx.now_ms, target.village_code);
        });
    }
    web::send_admin(context, ctx, "求助 " + detail->code, web::AdminSection::Requests, html);
}

void finish_action(BackendContext& context, RequestContext& ctx, const core::Result<RequestSummary>& result,
                   const char* action) {
    const std::string path = detail_path(ctx.target->id);
    if (!result.ok()) {
        const int status = result.error().code == "not_found" ? 404 : result.error().code == "empty_reason" ? 400 : 409;
        web::send_admin_message(context, ctx, web::AdminSection::Requests, status, "没有完成",
                                action_error_text(result.error()), path);
        return;
    }
    log::info("admin_request_action",
              {{"request_id", ctx.target->id}, {"admin_id", ctx.person->user_id}, {"action", action}});
    web::send_redirect(ctx.response, path);
}

}  // namespace

void admin_request_page(BackendContext& context, RequestContext& ctx) {
    render_request(context, ctx, PhoneView::Masked);
}

void admin_request_phone_reveal(BackendContext& context, RequestContext& ctx) {
    render_request(context, ctx, PhoneView::Revealed);
}

void admin_request_reassign(BackendContext& context, RequestContext& ctx) {
    auto agent_text = web::form_field(ctx.request, "agent_id", 18).value_or("");
    if (agent_text.empty() || agent_text.find_first_not_of("0123456789") != std::string::npos) {
        web::send_admin_message(context, ctx, web::AdminSection::Requests, 400, "没有完成", "请选择一位专家。",
                                detail_path(ctx.target->id));
        return;
    }
    const int64_t agent_id = std::stoll(agent_text);
    auto result = context.store.write([&](Database& db) {
        return admin_reassign(db, ctx.target->id, agent_id, actor_of(ctx), ctx.now_ms, context.config.matching);
    });
    finish_action(context, ctx, result, "reassign");
}

void admin_request_duplicate(BackendContext& context, RequestContext& ctx) {
    auto original = web::form_field(ctx.request, "original", 16).value_or("");
    if (original.empty()) {
        web::send_admin_message(context, ctx, web::AdminSection::Requests, 400, "没有完成", "请填写原求助码。",
                                detail_path(ctx.target->id));
        return;
    }
    auto result = context.store.write([&](Database& db) {
        return admin_close_duplicate(db, ctx.target->id, original, ctx.person->region_code, actor_of(ctx), ctx.now_ms);
    });
    finish_action(context, ctx, result, "duplicate");
}

void admin_request_reject(BackendContext& context, RequestContext& ctx) {
    auto reason = text_field(ctx.request, "reason", kMaxReasonChars);
    if (!reason || reason->empty()) {
        web::send_admin_message(context, ctx, web::AdminSection::Requests, 400, "没有完成",
                                "请写明不予受理的原因（不超过 200 字）。", detail_path(ctx.target->id));
        return;
    }
    auto result = context.store.write(
        [&](Database& db) { return admin_reject(db, ctx.target->id, *reason, actor_of(ctx), ctx.now_ms); });
    finish_action(context, ctx, result, "reject");
}

}  // namespace xiangke::backend::handlers
