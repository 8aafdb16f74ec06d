// The agent's mobile pages (科技特派员): server-rendered Chinese HTML that works without
// JavaScript on a cheap phone. Every page is reached through the route table's access check
// (Surface::Page: no session → the login page; every POST carries the session's CSRF token).
// The pages write through the same store functions as the JSON API.
#include "http/handlers.h"
#include "log.h"
#include "matching/feed.h"
#include "matching/leave.h"
#include "notify/notifications.h"
#include "store/audit.h"
#include "store/request_reads.h"
#include "store/service_records.h"
#include "web/form.h"
#include "web/html.h"
#include "web/image_check.h"
#include "xiangke/core/category.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

constexpr size_t kFeedLimit = 30;
constexpr size_t kListLimit = 50;

// The header every signed-in page starts with: who is signed in, the way out, the sections.
std::string page_top(const RequestContext& ctx) {
    std::string csrf = web::csrf_token(ctx.credential);
    return "<header><b>" + web::escape(ctx.person->name) + "</b><form method=\"post\" action=\"/agent/logout\">" +
           web::csrf_input(csrf) +
           "<button type=\"submit\">退出</button></form></header>"
           "<nav class=\"card\"><a href=\"/agent/\">待接求助</a> · <a href=\"/agent/history\">我的记录</a> · "
           "<a href=\"/agent/trainings\">培训</a> · <a href=\"/agent/leave\">请假</a></nav><main>";
}

std::string page_bottom() {
    return "</main>";
}

void send_agent_page(RequestContext& ctx, std::string_view title, const std::string& content, int status = 200) {
    web::send_page(ctx.response, status, web::render_page(title, page_top(ctx) + content + page_bottom()));
}

std::string request_path(const std::string& request_id) {
    return "/agent/requests/" + request_id;
}

std::string notifications_section(Database& db, const RequestContext& ctx) {
    auto unread = unread_notifications(db, ctx.person->user_id, 10);
    if (unread.empty()) {
        return "";
    }
    std::string html = "<h2>新通知（" + std::to_string(unread.size()) + "）</h2>";
    for (const auto& n : unread) {
        html += "<div class=\"card note\">" + web::escape(notification_text(n)) + " <span class=\"muted\">" +
                web::escape(web::age_label(n.created_at, ctx.now_ms)) + "</span>";
        if (!n.request_id.empty()) {
            html += " <a href=\"" + request_path(n.request_id) + "\">查看</a>";
        }
        html += "</div>";
    }
    html += "<form method=\"post\" action=\"/agent/notifications/read\">" +
            web::csrf_input(web::csrf_token(ctx.credential)) +
            "<button class=\"secondary\" type=\"submit\">全部标为已读</button></form>";
    return html;
}

std::string request_card(const AgentRequestItem& item, int64_t now_ms) {
    return "<div class=\"card\"><a class=\"title\" href=\"" + request_path(item.request_id) + "\">" +
           web::escape(web::category_label_of(item.category)) + " · " + web::escape(item.crop) + "</a><br>" +
           web::escape(item.village_name) + " · 求助码 " + web::escape(item.code) + "<br><span class=\"tag\">" +
           web::escape(web::status_label(item.status)) + "</span><span class=\"muted\">" +
           web::escape(web::age_label(item.last_event_at, now_ms)) + "</span></div>";
}

std::string_view availability_text(const std::string& reason) {
    if (reason == "on_leave") {
        return "您正在请假，请假期间不接新求助。";
    }
    if (reason == "at_capacity") {
        return "您手上的求助已达上限，处理完一些后再接新的。";
    }
    if (reason == "inactive") {
        return "您的账号已停用，请联系管理员。";
    }
    return "";
}

std::string feed_section(BackendContext& context, Database& db, const RequestContext& ctx) {
    const int64_t me = ctx.person->user_id;
    std::string html = "<h2>可接的求助</h2>";
    std::string availability = agent_availability(db, me, ctx.now_ms);
    if (!availability.empty()) {
        return html + "<p class=\"card\">" + web::escape(availability_text(availability)) + "</p>";
    }
    auto feed = agent_feed(db, me, ctx.now_ms, context.config.matching, kFeedLimit);
    if (feed.empty()) {
        return html + "<p class=\"card muted\">现在没有适合您的新求助。</p>";
    }
    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    for (const auto& item : feed) {
        html += "<div class=\"card\"><a class=\"title\" href=\"" + request_path(item.request_id) + "\">" +
                web::escape(web::category_label_of(item.category)) + " · " + web::escape(item.crop) + "</a><br>" +
                web::escape(item.village_name) + " · " + web::escape(web::age_label(item.received_at, ctx.now_ms));
        if (item.distance_km) {
            char distance[32];
            std::snprintf(distance, sizeof distance, " · 约 %.1f 公里", *item.distance_km);
            html += distance;
        }
        html += "<br>";
        for (const auto& factor : item.factors) {
            if (!factor.label.empty()) {
                html += "<span class=\"tag\">" + web::escape(factor.label) + "</span>";
            }
        }
        html += "<form method=\"post\" action=\"" + request_path(item.request_id) + "/claim\">" + csrf +
                "<button type=\"submit\">接单</button></form></div>";
    }
    return html;
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

bool valid_date(const std::optional<std::string>& text) {
    return text && core::parse_shanghai_date(*text, "date").ok();
}

// A refused form answers with a page that says what to fix and links back to where it came from.
void send_form_problem(RequestContext& ctx, int status, std::string_view message, const std::string& back) {
    web::send_message_page(ctx.response, status, "未能保存", message, back, "返回");
}

std::string_view report_error_text(const core::Error& error) {
    if (error.code == "not_holder") {
        return "只有接单的科技特派员才能处理这条求助。";
    }
    if (error.code == "invalid_transition") {
        return "这条求助的状态已经变化，不能再这样操作。请返回查看最新状态。";
    }
    return "保存失败，请稍后再试。";
}

}  // namespace

void agent_home_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    std::string content = notifications_section(db, ctx);
    auto held = held_requests(db, ctx.person->user_id, kListLimit);
    if (!held.empty()) {
        content += "<h2>我手上的求助</h2>";
        for (const auto& item : held) {
            content += request_card(item, ctx.now_ms);
        }
    }
    content += feed_section(context, db, ctx);
    send_agent_page(ctx, "待接求助", content);
}

void agent_notifications_read(BackendContext& context, RequestContext& ctx) {
    context.store.write([&](Database& db) { mark_notifications_read(db, ctx.person->user_id, 0, ctx.now_ms); });
    web::send_redirect(ctx.response, "/agent/");
}

void agent_request_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const RequestSummary& target = *ctx.target;
    const int64_t me = ctx.person->user_id;
    const bool holder = target.state.holder == me && (lifecycle::is_held(target.state.status) ||
                                                      lifecycle::awaits_confirmation(target.state.status));
    auto detail = read_request_detail(db, target.id);
    if (!detail) {
        web::send_message_page(ctx.response, 404, "找不到", "找不到这条求助。", "/agent/", "返回首页");
        return;
    }
    const std::string& village = detail->village_name;
    const nlohmann::json& symptoms = detail->symptoms;
    const std::string& description = detail->description;
    const std::string& preferred_time = detail->preferred_time;
    const std::string& farmer_name = detail->farmer_name;
    const std::string& farmer_phone = detail->farmer_phone;
    const bool has_voice = detail->voice_duration_ms.has_value();

    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    const std::string path = request_path(target.id);
    std::string html = "<h1>" + web::escape(web::category_label_of(target.category)) + " · " +
                       web::escape(target.crop) + "</h1><p>" + web::escape(village) + " · 求助码 " +
                       web::escape(target.code) + " · " + web::escape(web::age_label(target.received_at, ctx.now_ms)) +
                       "<br><span class=\"tag\">" +
                       web::escape(web::status_label(lifecycle::status_name(target.state.status))) +
                       "</span></p><div class=\"card\"><dl>";
    if (symptoms.is_array() && !symptoms.empty()) {
        html += "<dt>症状</dt><dd>";
        for (const auto& s : symptoms) {
            html += "<span class=\"tag\">" + web::escape(s.is_string() ? s.get<std::string>() : "") + "</span>";
        }
        html += "</dd>";
    }
    html += "<dt>问题描述</dt><dd>" + (description.empty() ? "（没有文字描述）" : web::escape(description)) + "</dd>";
    html += "<dt>方便联系的时间</dt><dd>" + web::escape(preferred_time.empty() ? "未填写" : preferred_time) + "</dd>";
    if (has_voice) {
        html += "<dt>语音留言</dt><dd>";
        html += holder ? "<audio controls preload=\"none\" src=\"/api/v1/requests/" + target.id +
                             "/voice\">您的浏览器不能播放语音。</audio>"
                       : std::string("接单后可收听。");
        html += "</dd>";
    }
    if (holder) {
        html += "<dt>农户</dt><dd>" + web::escape(farmer_name) +
                "<br><a class=\"tel\" href=\"tel:" + web::escape(farmer_phone) + "\">" + web::escape(farmer_phone) +
                "</a></dd>";
    } else {
        html += "<dt>农户电话</dt><dd>接单后显示。</dd>";
    }
    html += "</dl></div>";

    // Timeline.
    html += "<h2>进度</h2><ol class=\"timeline\">";
    for (const auto& event : read_request_timeline(db, target.id)) {
        html += "<li>" + web::escape(web::event_label(event.kind)) + " <span class=\"muted\">" +
                web::escape(core::format_shanghai_datetime(event.server_at)) + "</span></li>";
    }
    html += "</ol>";
    if (int64_t photos = detail->photos; photos > 0) {
        html += "<p class=\"muted\">已上传服务照片 " + std::to_string(photos) + " 张。</p>";
    }

    const auto status = target.state.status;
    if (!lifecycle::is_held(status) && lifecycle::is_open(status)) {
        html += "<form method=\"post\" action=\"" + path + "/claim\">" + csrf +
                "<button type=\"submit\">接单</button></form>";
    } else if (holder && lifecycle::is_held(status)) {
        const std::string today = core::format_shanghai_date(ctx.now_ms);
        html += "<h2>已联系农户</h2><form method=\"post\" action=\"" + path + "/report\">" + csrf +
                "<input type=\"hidden\" name=\"type\" value=\"contacted\">"
                "<label for=\"visit_date\">约定上门日期（可不填）</label>"
                "<input id=\"visit_date\" name=\"visit_date\" type=\"date\">"
                "<button type=\"submit\">已联系</button></form>";
        html += "<h2>记录服务</h2><form method=\"post\" action=\"" + path +
                "/visit\" enctype=\"multipart/form-data\">" + csrf +
                "<label for=\"date\">服务日期</label><input id=\"date\" name=\"date\" type=\"date\" value=\"" + today +
                "\" required><label for=\"method\">服务方式</label><select id=\"method\" name=\"method\">"
                "<option value=\"onsite\">上门</option><option value=\"phone\">电话</option>"
                "<option value=\"video\">视频</option><option value=\"training\">培训</option></select>"
                "<label for=\"summary\">做了什么</label><textarea id=\"summary\" name=\"summary\" rows=\"4\" "
                "maxlength=\"2000\" required></textarea>"
                "<label for=\"outcome\">结果</label><select id=\"outcome\" name=\"outcome\">"
                "<option value=\"\">还在处理</option><option value=\"resolved\">已解决</option>"
                "<option value=\"partly_resolved\">部分解决</option><option value=\"referred\">已转介</option>"
                "<option value=\"cannot_resolve\">无法解决</option></select>"
                "<label><input type=\"checkbox\" name=\"follow_up\" value=\"1\">需要回访</label>"
                "<label for=\"photo\">照片（可不传，不超过 5 MB）</label>"
                "<input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png\">"
                "<button type=\"submit\">保存服务记录</button></form>";
        html += "<h2>其他</h2><form method=\"post\" action=\"" + path + "/report\">" + csrf +
                "<input type=\"hidden\" name=\"type\" value=\"unreachable\">"
                "<button class=\"secondary\" type=\"submit\">联系不上农户</button></form>"
                "<form method=\"post\" action=\"" +
                path + "/report\">" + csrf +
                "<input type=\"hidden\" name=\"type\" value=\"decline\">"
                "<label for=\"note\">退回原因（可不填）</label><input id=\"note\" name=\"note\" maxlength=\"200\">"
                "<button class=\"secondary\" type=\"submit\">退回这条求助</button></form>";
    } else if (holder) {
        html += "<p class=\"card\">已报告结果，等待农户在触摸屏上确认。</p>";
    }
    if (holder) {
        context.store.write([&](Database& w) {
            write_audit(w,
                        {"user",
                         std::to_string(me),
                         "farmer_phone.read",
                         "request",
                         target.id,
                         ctx.client.address,
                         {{"role", caller_name(ctx.caller)}, {"via", "page"}}},
                        ctx.now_ms, target.village_code);
        });
    }
    send_agent_page(ctx, "求助详情", html);
}

void agent_claim_submit(BackendContext& context, RequestContext& ctx) {
    // The JSON claim decides the winner; the page only turns its answer into a page.
    claim_request(context, ctx);
    const std::string path = request_path(ctx.target->id);
    if (ctx.response.status == 200) {
        ctx.response.body.clear();
        web::send_redirect(ctx.response, path);
        return;
    }
    std::string code;
    try {
        code = nlohmann::json::parse(ctx.response.body).value("error", "");
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): any other body is a plain failure
    }
    std::string_view message = code == "already_claimed" ? "已被其他专家抢先接单。"
                               : code == "at_capacity" ? "您手上的求助已达上限，处理完一些后再接新的。"
                                                       : "这条求助现在不能接单。";
    web::send_message_page(ctx.response, ctx.response.status, "没有接到", message, "/agent/", "返回首页");
}

void agent_report_submit(BackendContext& context, RequestContext& ctx) {
    const std::string path = request_path(ctx.target->id);
    auto type = web::form_field(ctx.request, "type", 32).value_or("");
    AgentReport report;
    if (type == "contacted") {
        report.kind = lifecycle::EventKind::Contacted;
        auto planned = web::form_field(ctx.request, "visit_date", 10);
        if (planned && !planned->empty()) {
            if (!valid_date(planned)) {
                send_form_problem(ctx, 400, "约定日期不对，请重新选择。", path);
                return;
            }
            report.visit_date = planned;
        }
    } else if (type == "decline" || type == "unreachable") {
        report.kind = type == "decline" ? lifecycle::EventKind::Declined : lifecycle::EventKind::Unreachable;
        auto note = text_field(ctx.request, "note", 200);
        if (note && !note->empty()) {
            report.note = *note;
            report.data["note"] = *note;
        }
    } else {
        send_form_problem(ctx, 400, "不认识的操作。", path);
        return;
    }
    const int64_t me = ctx.person->user_id;
    auto applied = context.store.write(
        [&](Database& db) { return apply_agent_report(db, ctx.target->id, me, report, ctx.now_ms); });
    if (!applied.ok()) {
        send_form_problem(ctx, applied.error().code == "not_holder" ? 403 : 409, report_error_text(applied.error()),
                          path);
        return;
    }
    log::info("agent_event", {{"request_id", ctx.target->id},
                              {"agent_id", me},
                              {"kind", lifecycle::event_kind_name(report.kind)},
                              {"via", "page"}});
    web::send_redirect(ctx.response, report.kind == lifecycle::EventKind::Contacted ? path : "/agent/");
}

void agent_visit_submit(BackendContext& context, RequestContext& ctx) {
    const std::string path = request_path(ctx.target->id);
    auto date = web::form_field(ctx.request, "date", 10);
    auto method = web::form_field(ctx.request, "method", 16);
    auto summary = text_field(ctx.request, "summary", kMaxVisitSummaryChars);
    auto outcome = web::form_field(ctx.request, "outcome", 32).value_or("");
    if (!valid_date(date)) {
        send_form_problem(ctx, 400, "服务日期不对，请重新选择。", path);
        return;
    }
    if (!method || !is_visit_method(*method)) {
        send_form_problem(ctx, 400, "请选择服务方式。", path);
        return;
    }
    if (!summary || summary->empty()) {
        send_form_problem(ctx, 400, "请写下做了什么（不超过 2000 字）。", path);
        return;
    }
    std::optional<lifecycle::EventKind> outcome_kind;
    if (outcome == "resolved") {
        outcome_kind = lifecycle::EventKind::Resolved;
    } else if (outcome == "partly_resolved") {
        outcome_kind = lifecycle::EventKind::PartlyResolved;
    } else if (outcome == "referred") {
        outcome_kind = lifecycle::EventKind::Referred;
    } else if (outcome == "cannot_resolve") {
        outcome_kind = lifecycle::EventKind::CannotResolve;
    } else if (!outcome.empty()) {
        send_form_problem(ctx, 400, "请选择结果。", path);
        return;
    }
    std::optional<web::ImageInfo> photo_info;
    auto photo = web::form_file(ctx.request, "photo");
    if (photo) {
        auto inspected = web::inspect_photo(*photo);
        if (!inspected.ok()) {
            send_form_problem(
                ctx, inspected.error().code == "photo_too_large" ? 413 : 400,
                inspected.error().code == "photo_too_large" ? "照片不能超过 5 MB。" : "照片只能是 JPG 或 PNG 图片。",
                path);
            return;
        }
        photo_info = *inspected;
    }

    AgentReport visit;
    visit.kind = lifecycle::EventKind::Visited;
    visit.visit_date = date;
    visit.visit_method = method;
    visit.visit_summary = *summary;
    visit.follow_up = web::form_checked(ctx.request, "follow_up");
    visit.data["visit"] = {{"date", *date}, {"method", *method}};
    if (visit.follow_up) {
        visit.data["follow_up"] = true;
    }
    const int64_t me = ctx.person->user_id;
    // The visit, its photo and the outcome are one write: all of it is saved or none.
    auto applied = context.store.write([&](Database& db) -> core::Result<AppliedReport> {
        auto recorded = apply_agent_report(db, ctx.target->id, me, visit, ctx.now_ms);
        if (!recorded.ok()) {
            return recorded;
        }
        if (photo_info) {
            store_service_photo(db,
                                {ctx.target->id, me, recorded->record_id, photo_info->format, photo_info->width,
                                 photo_info->height, *photo},
                                ctx.now_ms);
        }
        if (outcome_kind) {
            AgentReport result;
            result.kind = *outcome_kind;
            auto reported = apply_agent_report(db, ctx.target->id, me, result, ctx.now_ms);
            if (!reported.ok()) {
                throw std::runtime_error(reported.error().code);  // rolls the visit back too
            }
        }
        return recorded;
    });
    if (!applied.ok()) {
        send_form_problem(ctx, applied.error().code == "not_holder" ? 403 : 409, report_error_text(applied.error()),
                          path);
        return;
    }
    log::info("agent_event", {{"request_id", ctx.target->id},
                              {"agent_id", me},
                              {"kind", "visited"},
                              {"photo", photo_info.has_value()},
                              {"via", "page"}});
    web::send_redirect(ctx.response, path);
}

void agent_history_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const auto f = agent_figures(db, ctx.person->user_id);
    char rating[32] = "暂无";
    if (f.mean_rating) {
        std::snprintf(rating, sizeof rating, "%.1f", *f.mean_rating);
    }
    std::string html = "<h1>我的记录</h1><div class=\"figures\">";
    auto figure = [&html](std::string_view label, const std::string& value) {
        html += "<div><b>" + web::escape(value) + "</b>" + web::escape(label) + "</div>";
    };
    figure("接单", std::to_string(f.handled));
    figure("已解决", std::to_string(f.resolved));
    figure("农户确认", std::to_string(f.confirmed));
    figure("平均评分", rating);
    figure("服务次数", std::to_string(f.visits));
    figure("培训场次", std::to_string(f.trainings));
    html += "</div><h2>处理过的求助</h2>";
    auto history = agent_history(db, ctx.person->user_id, kListLimit);
    if (history.empty()) {
        html += "<p class=\"card muted\">还没有记录。</p>";
    }
    for (const auto& item : history) {
        html += request_card(item, ctx.now_ms);
    }
    send_agent_page(ctx, "我的记录", html);
}

void agent_trainings_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const std::string today = core::format_shanghai_date(ctx.now_ms);
    std::string html =
        "<h1>培训</h1><form method=\"post\" action=\"/agent/trainings\">" +
        web::csrf_input(web::csrf_token(ctx.credential)) +
        "<label for=\"village_code\">村（12 位村代码）</label><input id=\"village_code\" "
        "name=\"village_code\" inputmode=\"numeric\" maxlength=\"12\" required>"
        "<label for=\"topic\">主题</label><input id=\"topic\" name=\"topic\" maxlength=\"100\" required>"
        "<label for=\"held_on\">日期</label><input id=\"held_on\" name=\"held_on\" type=\"date\" value=\"" +
        today +
        "\" required><label for=\"attendees\">参加人数</label><input id=\"attendees\" "
        "name=\"attendees\" type=\"number\" min=\"0\" max=\"10000\" required>"
        "<button type=\"submit\">保存培训记录</button></form><h2>我办过的培训</h2>";
    auto sessions = agent_trainings(db, ctx.person->user_id, kListLimit);
    if (sessions.empty()) {
        html += "<p class=\"card muted\">还没有记录。</p>";
    }
    for (const auto& s : sessions) {
        html += "<div class=\"card\"><b>" + web::escape(s.topic) + "</b><br>" + web::escape(s.village_name) + " · " +
                web::escape(s.held_on) + " · " + std::to_string(s.attendees) + " 人</div>";
    }
    send_agent_page(ctx, "培训", html);
}

void agent_training_submit(BackendContext& context, RequestContext& ctx) {
    auto village = web::form_field(ctx.request, "village_code", 12);
    auto topic = text_field(ctx.request, "topic", kMaxTrainingTopicChars);
    auto held_on = web::form_field(ctx.request, "held_on", 10);
    auto attendees_text = web::form_field(ctx.request, "attendees", 6);
    int64_t attendees = -1;
    if (attendees_text && !attendees_text->empty() &&
        attendees_text->find_first_not_of("0123456789") == std::string::npos) {
        attendees = std::stoll(*attendees_text);
    }
    auto session = context.store.write([&](Database& db) -> core::Result<TrainingSession> {
        auto valid = validate_training(db, village.value_or(""), topic.value_or(""), held_on.value_or(""), attendees);
        if (valid.ok()) {
            valid->id = record_training(db, ctx.person->user_id, *valid, ctx.now_ms);
        }
        return valid;
    });
    if (!session.ok()) {
        const std::string& field = session.error().field;
        std::string_view message = field == "village_code" ? "村代码不对：请填 12 位村代码。"
                                   : field == "topic"      ? "请填写主题（不超过 100 字）。"
                                   : field == "held_on"    ? "日期不对，请重新选择。"
                                                           : "参加人数要在 0 到 10000 之间。";
        send_form_problem(ctx, 400, message, "/agent/trainings");
        return;
    }
    web::send_redirect(ctx.response, "/agent/trainings");
}

void agent_leave_page(BackendContext& context, RequestContext& ctx) {
    auto leave = agent_leave(context.store.reader(), ctx.person->user_id);
    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    std::string html = "<h1>请假</h1><p class=\"card\">";
    html += leave ? "当前请假：" + web::escape(leave->from) + " 至 " + web::escape(leave->to) +
                        "。请假期间不会给您派新求助。"
                  : std::string("目前没有请假。");
    html += "</p><form method=\"post\" action=\"/agent/leave\">" + csrf +
            "<label for=\"from\">第一天</label><input id=\"from\" name=\"from\" type=\"date\" required>"
            "<label for=\"to\">最后一天</label><input id=\"to\" name=\"to\" type=\"date\" required>"
            "<button type=\"submit\">保存请假</button></form>";
    if (leave) {
        html += "<form method=\"post\" action=\"/agent/leave\">" + csrf +
                "<input type=\"hidden\" name=\"clear\" value=\"1\">"
                "<button class=\"secondary\" type=\"submit\">取消请假</button></form>";
    }
    send_agent_page(ctx, "请假", html);
}

void agent_leave_submit(BackendContext& context, RequestContext& ctx) {
    const int64_t me = ctx.person->user_id;
    if (web::form_checked(ctx.request, "clear")) {
        context.store.write([&](Database& db) { clear_leave(db, me); });
        web::send_redirect(ctx.response, "/agent/leave");
        return;
    }
    auto leave = validate_leave(web::form_field(ctx.request, "from", 10).value_or(""),
                                web::form_field(ctx.request, "to", 10).value_or(""), ctx.now_ms);
    if (!leave.ok()) {
        send_form_problem(ctx, 400,
                          leave.error().field == "from" ? "第一天的日期不对。"
                                                        : "最后一天的日期不对（不能早于第一天或今天，最长一年）。",
                          "/agent/leave");
        return;
    }
    context.store.write([&](Database& db) { set_leave(db, me, *leave); });
    web::send_redirect(ctx.response, "/agent/leave");
}

}  // namespace xiangke::backend::handlers
