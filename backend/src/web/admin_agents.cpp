// 特派员: the administrator's pages for the field agents of their region: the list with each
// agent's load and figures, add, edit, deactivate and reactivate, password reset, leave and the
// CSV import. Writes go through the same store functions as the operator commands (`user add`,
// `import-agents`) and every write is audited.
#include "crypto.h"
#include "http/handlers.h"
#include "log.h"
#include "matching/leave.h"
#include "store/admin_directory.h"
#include "store/agent_import.h"
#include "store/audit.h"
#include "store/service_records.h"
#include "web/admin_kit.h"
#include "web/admin_manage.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/data_paths.h"

namespace xiangke::backend::handlers {
namespace {

using web::AdminSection;

constexpr size_t kMaxImportBytes = 2 * 1024 * 1024;
constexpr size_t kListLimit = 50;
constexpr size_t kPageSize = 25;  // agents per list page: each brings its figures (~5 ms for a busy year)

// The vocabulary expertise tags are checked against, as `user add --expertise` does. Loaded once.
const core::Vocabulary* vocabulary() {
    static const auto kLoaded = platform::load_vocabulary(platform::content_dir() / "vocab");
    return kLoaded.ok() ? &*kLoaded : nullptr;
}

std::string_view agent_type_label(std::string_view type) {
    if (type == "team") {
        return "团队";
    }
    if (type == "organisation") {
        return "法人";
    }
    return "个人";
}

std::string agent_path(int64_t id) {
    return "/admin/agents/" + std::to_string(id);
}

// Splits "水稻, 茶叶；柑橘" on commas, semicolons (also full-width) and spaces.
std::vector<std::string> split_items(const std::string& text) {
    std::string normalised = text;
    for (std::string_view wide : {"，", "；", "、", "　"}) {
        for (size_t at = normalised.find(wide); at != std::string::npos; at = normalised.find(wide, at)) {
            normalised.replace(at, wide.size(), ",");
        }
    }
    std::vector<std::string> items;
    std::string item;
    for (char c : normalised + ",") {
        if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (!item.empty()) {
                items.push_back(item);
            }
            item.clear();
        } else {
            item.push_back(c);
        }
    }
    return items;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : std::string(separator)) + item;
    }
    return out;
}

void send_page(BackendContext& context, RequestContext& ctx, std::string_view title, const std::string& body,
               int status = 200) {
    web::send_admin(context, ctx, title, AdminSection::Agents, body, status);
}

void send_problem(BackendContext& context, RequestContext& ctx, int status, std::string_view message,
                  const std::string& back) {
    web::send_admin_message(context, ctx, AdminSection::Agents, status, "未能保存", message, back);
}

AuditEntry audit_of(const RequestContext& ctx, std::string action, const std::string& object_id,
                    nlohmann::json detail = nullptr) {
    return {
        "user",           std::to_string(ctx.person->user_id), std::move(action), "user", object_id, ctx.client.address,
        std::move(detail)};
}

// What a refused agent form should say, by the field validate_user, the scope check or the
// vocabulary named.
std::string field_problem(const core::Error& error) {
    const std::string& f = error.field;
    if (f == "name") {
        return "姓名要 1 到 40 个字。";
    }
    if (f == "phone") {
        return error.code == "duplicate" ? "这个手机号已经有账号了。" : "手机号不对：登录用的要是 11 位手机号。";
    }
    if (f == "password") {
        return "密码要 8 到 128 个字符（留空则自动生成）。";
    }
    if (f == "region") {
        return error.code == "out_of_scope" ? "所在地区要在您管理的地区内。" : "所在地区的代码不对。";
    }
    if (f == "service-regions") {
        return error.code == "out_of_scope" ? "服务区域要在您管理的地区内。"
                                            : "服务区域要填地区代码前缀，例如 330281 或 330281106。";
    }
    if (f == "capacity") {
        return "同时在办的求助上限要在 0 到 100 之间。";
    }
    if (f == "team") {
        return "请从列表里选择本地区的团队。";
    }
    if (f == "expertise") {
        return "擅长领域里有不认识的词（" + error.message + "）。请用求助类别或作物、畜禽名称。";
    }
    if (f == "type") {
        return "请选择类型：个人、团队或法人。";
    }
    return "保存失败：" + error.message;
}

// A region outside the admin's is a refusal (403); anything else a form to fix (400).
int status_of(const core::Error& error) {
    return error.code == "out_of_scope" ? 403 : 400;
}

// The agent form's fields as a NewUser (the password is not read here). Checks expertise against
// the vocabulary, the team and every region against the admin's scope.
core::Result<NewUser> read_agent_form(BackendContext& context, const RequestContext& ctx, bool phone_required) {
    const auto& rq = ctx.request;
    NewUser user;
    user.role = Role::Agent;
    auto name = web::admin_text_field(rq, "name", 40);
    auto phone = web::form_field(rq, "phone", core::protocol::limits::kPhone);
    auto region = web::form_field(rq, "region", 12);
    auto expertise = web::admin_text_field(rq, "expertise", 500);
    auto service = web::form_field(rq, "service_regions", 400);
    auto capacity = web::form_field(rq, "capacity", 4);
    auto type = web::form_field(rq, "type", 16);
    auto team = web::form_field(rq, "team", 20);
    if (!name || name->empty()) {
        return core::field_error("name", "missing");
    }
    if (!phone || (phone_required && phone->empty())) {
        return core::field_error("phone", "missing");
    }
    if (!region || !expertise || !service || !capacity || !team) {
        return core::field_error("form", "a field is missing or too long");
    }
    user.name = *name;
    user.phone = *phone;
    user.region_code = region->empty() ? ctx.person->region_code : *region;
    user.service_regions = split_items(*service);
    if (capacity->empty() || capacity->find_first_not_of("0123456789") != std::string::npos) {
        return core::field_error("capacity", "not a number");
    }
    user.capacity = std::stoi(*capacity);
    if (type && !type->empty()) {
        user.type = agent_type_from_name(*type);
        if (!user.type) {
            return core::field_error("type", "unknown type");
        }
    }
    const core::Vocabulary* vocab = vocabulary();
    if (vocab == nullptr) {
        return core::field_error("expertise", "the vocabulary could not be loaded");
    }
    auto tags = vocab->expand_expertise(split_items(*expertise));
    if (!tags.ok()) {
        return core::field_error("expertise", tags.error().message);
    }
    user.expertise = *tags;
    if (!team->empty()) {
        int64_t team_id = team->find_first_not_of("0123456789") == std::string::npos ? std::stoll(*team) : 0;
        auto found = find_team(context.store.reader(), team_id);
        if (!found || !in_region(ctx.person->region_code, found->region_code)) {
            return core::field_error("team", "not a team of the region");
        }
        user.team = found->name;
    }
    auto scoped = check_agent_in_scope(user, ctx.person->region_code);
    if (!scoped.ok()) {
        return scoped.error();
    }
    return user;
}

std::string team_options(Database& db, const RequestContext& ctx, const std::optional<int64_t>& selected,
                         std::string_view none_label = "（不属于团队）") {
    std::string html = "<option value=\"\">" + std::string(none_label) + "</option>";
    for (const auto& t : list_teams(db, ctx.person->region_code)) {
        html += "<option value=\"" + std::to_string(t.id) + "\"" + (selected == t.id ? " selected" : "") + ">" +
                web::escape(t.name) + "</option>";
    }
    return html;
}

std::string type_options(const std::string& selected) {
    std::string html;
    for (std::string_view type : {"individual", "team", "organisation"}) {
        html += "<option value=\"" + std::string(type) + "\"" + (selected == type ? " selected" : "") + ">" +
                std::string(agent_type_label(type)) + "</option>";
    }
    return html;
}

// The fields shared by the add and the edit form.
std::string agent_fields(Database& db, const RequestContext& ctx, const AgentListItem* agent) {
    auto value = [](const std::string& text) { return "value=\"" + web::escape(text) + "\""; };
    std::string html = "<label for=\"name\">姓名</label><input id=\"name\" name=\"name\" maxlength=\"40\" required " +
                       value(agent ? agent->name : "") + ">";
    html += agent ? "<label for=\"phone\">新手机号（不改请留空；现为 " + web::escape(agent->phone_masked) +
                        "）</label><input id=\"phone\" name=\"phone\" type=\"tel\" maxlength=\"24\">"
                  : "<label for=\"phone\">手机号（登录用）</label><input id=\"phone\" name=\"phone\" type=\"tel\" "
                    "maxlength=\"24\" required>";
    html += "<label for=\"type\">类型</label><select id=\"type\" name=\"type\">" +
            type_options(agent ? agent->agent_type : "individual") + "</select>";
    html += "<label for=\"region\">所在地区（地区代码，在 " + web::escape(ctx.person->region_code) +
            " 之内）</label><input id=\"region\" name=\"region\" inputmode=\"numeric\" maxlength=\"12\" required " +
            value(agent ? agent->region_code : ctx.person->region_code) + ">";
    html +=
        "<label for=\"expertise\">擅长（求助类别或作物、畜禽名称，用逗号分开）</label><input id=\"expertise\" "
        "name=\"expertise\" maxlength=\"500\" size=\"50\" " +
        value(agent ? join(agent->expertise, "，") : "") + ">";
    html +=
        "<label for=\"service_regions\">服务区域（地区代码前缀，用逗号分开；留空则为所在地区）</label>"
        "<input id=\"service_regions\" name=\"service_regions\" maxlength=\"400\" size=\"50\" " +
        value(agent ? join(agent->service_regions, ", ") : "") + ">";
    html +=
        "<label for=\"capacity\">同时在办上限</label><input id=\"capacity\" name=\"capacity\" type=\"number\" "
        "min=\"0\" max=\"100\" required " +
        value(std::to_string(agent ? agent->capacity : 5)) + ">";
    html += "<label for=\"team\">团队</label><select id=\"team\" name=\"team\">" +
            team_options(db, ctx, agent ? agent->team_id : std::nullopt) + "</select>";
    return html;
}

// The CSV column a problem names, with its Chinese meaning.
std::string column_label(const std::string& column) {
    static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
        {"name", "姓名"},
        {"phone", "手机号"},
        {"region", "所在地区"},
        {"expertise", "擅长"},
        {"service_regions", "服务区域"},
        {"capacity", "上限"},
        {"team", "团队"},
        {"password", "密码"},
        {"type", "类型"},
        {"row", "整行"},
    };
    for (const auto& [code, label] : kLabels) {
        if (code == column) {
            return std::string(label) + "（" + column + "）";
        }
    }
    return column;
}

std::string password_shown_once(const std::string& name, const std::string& password) {
    return "<div class=\"ok\"><p>" + web::escape(name) +
           " 的初始密码（只显示这一次，请当面或用短信告诉本人，登录后可以使用）：</p><p "
           "style=\"font-size:26px;font-weight:bold;letter-spacing:2px\">" +
           web::escape(password) + "</p></div>";
}

}  // namespace

void admin_agents_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    AgentQuery query;
    query.region_prefix = ctx.person->region_code;
    query.text = web::admin_text_field(ctx.request, "q", 40).value_or("");
    const std::string team_param = ctx.request.get_param_value("team");
    if (!team_param.empty() && team_param.size() < 19 &&
        team_param.find_first_not_of("0123456789") == std::string::npos) {
        query.team_id = std::stoll(team_param);
    }
    query.active_only = ctx.request.get_param_value("active") == "1";
    const int64_t page = web::query_integer(ctx.request, "page", 100000).value_or(1);
    query.offset = static_cast<size_t>(std::max<int64_t>(page, 1) - 1) * kPageSize;
    query.limit = kPageSize + 1;  // one more tells whether a next page exists
    auto agents = list_agents(db, query);
    const bool more = agents.size() > kPageSize;
    if (more) {
        agents.pop_back();
    }

    std::string html =
        "<h1>特派员</h1><p><a class=\"button\" href=\"/admin/agents/new\">添加特派员</a> "
        "<a class=\"button secondary\" href=\"/admin/agents/import\">从表格导入</a></p>"
        "<form class=\"inline\" method=\"get\" action=\"/admin/agents\"><label>姓名、团队或擅长<input name=\"q\" "
        "maxlength=\"40\" value=\"" +
        web::escape(query.text) + "\"></label><label>团队<select name=\"team\">" +
        team_options(db, ctx, query.team_id, "（全部）") +
        "</select></label><label><span><input type=\"checkbox\" name=\"active\" value=\"1\"" +
        (query.active_only ? " checked" : "") + "> 只看在用的</span></label><button>查找</button></form>";
    std::vector<std::vector<std::string>> rows;
    for (const auto& a : agents) {
        const auto f = agent_figures(db, a.id);
        std::string leave = a.leave_to.empty() || a.leave_to < core::format_shanghai_date(ctx.now_ms)
                                ? "—"
                                : web::escape(a.leave_from + " 至 " + a.leave_to);
        rows.push_back(
            {"<a href=\"" + agent_path(a.id) + "\">" + web::escape(a.name) + "</a>", web::escape(a.phone_masked),
             std::string(agent_type_label(a.agent_type)),
             a.team_id ? "<a href=\"/admin/teams/" + std::to_string(*a.team_id) + "\">" + web::escape(a.team) + "</a>"
                       : "—",
             web::escape(join(a.expertise, "、")), web::escape(join(a.service_regions, " ")),
             std::to_string(a.held) + " / " + std::to_string(a.capacity), leave,
             a.active ? "在用" : "<span class=\"tag bad\">已停用</span>", web::datetime_text(a.last_login_at),
             std::to_string(f.handled), std::to_string(f.resolved), std::to_string(f.confirmed),
             f.mean_rating ? web::format_number(*f.mean_rating, 1) : "—"});
    }
    html += "<p class=\"muted\">第 " + std::to_string(std::max<int64_t>(page, 1)) + " 页，" +
            std::to_string(agents.size()) + " 人。在办 / 上限：手上正在处理的求助数。</p>";
    html += web::admin_table({"姓名", "手机号", "类型", "团队", "擅长", "服务区域", "在办 / 上限", "请假", "状态",
                              "最近登录", "接单", "已解决", "农户确认", "平均评分"},
                             rows, {6, 10, 11, 12, 13});
    const std::string filters = "q=" + web::url_encode(query.text) +
                                (query.team_id ? "&team=" + std::to_string(*query.team_id) : "") +
                                (query.active_only ? "&active=1" : "");
    html += "<div class=\"pager\">";
    if (page > 1) {
        html += "<a href=\"/admin/agents?" + filters + "&page=" + std::to_string(page - 1) + "\">上一页</a>";
    }
    if (more) {
        html += "<a href=\"/admin/agents?" + filters + "&page=" + std::to_string(std::max<int64_t>(page, 1) + 1) +
                "\">下一页</a>";
    }
    html += "</div>";
    send_page(context, ctx, "特派员", html);
}

void admin_agent_new_page(BackendContext& context, RequestContext& ctx) {
    std::string html = "<h1>添加特派员</h1><form method=\"post\" action=\"/admin/agents\" class=\"card\">" +
                       web::admin_csrf(ctx) + agent_fields(context.store.reader(), ctx, nullptr) +
                       "<label for=\"password\">初始密码（留空则自动生成，只显示一次）</label><input id=\"password\" "
                       "name=\"password\" type=\"password\" autocomplete=\"new-password\" maxlength=\"128\">"
                       "<p><button type=\"submit\">添加</button></p></form>";
    send_page(context, ctx, "添加特派员", html);
}

void admin_agent_create(BackendContext& context, RequestContext& ctx) {
    const std::string back = "/admin/agents/new";
    auto user = read_agent_form(context, ctx, true);
    if (!user.ok()) {
        send_problem(context, ctx, status_of(user.error()), field_problem(user.error()), back);
        return;
    }
    auto password = web::form_field(ctx.request, "password", kMaxPasswordLength);
    if (!password) {
        send_problem(context, ctx, 400, "密码要 8 到 128 个字符。", back);
        return;
    }
    const bool generated = password->empty();
    user->password = generated ? new_initial_password() : *password;
    auto phone = validate_user(context.store.reader(), *user, PasswordCheck::Required);
    if (!phone.ok()) {
        send_problem(context, ctx, 400, field_problem(phone.error()), back);
        return;
    }
    const std::string hash = crypto::hash_password(user->password);  // slow: outside the writer
    auto id = context.store.write([&](Database& db) -> core::Result<int64_t> {
        auto inserted = insert_user(db, *user, *phone, hash, ctx.now_ms);
        if (inserted.ok()) {
            write_audit(db,
                        audit_of(ctx, "agent.create", std::to_string(*inserted),
                                 {{"via", "page"}, {"generated_password", generated}}),
                        ctx.now_ms, user->region_code);
        }
        return inserted;
    });
    if (!id.ok()) {
        send_problem(context, ctx, 400, field_problem(id.error()), back);
        return;
    }
    log::info("agent_created", {{"user_id", *id}, {"by", ctx.person->user_id}});
    std::string html = "<h1>已添加特派员</h1>";
    if (generated) {
        html += password_shown_once(user->name, user->password);
    } else {
        html += "<p class=\"ok\">" + web::escape(user->name) + " 可以用手机号和您设的密码登录了。</p>";
    }
    html += "<p><a class=\"button\" href=\"" + agent_path(*id) +
            "\">查看</a> <a class=\"button secondary\" href=\"/admin/agents\">返回列表</a></p>";
    send_page(context, ctx, "已添加特派员", html, 201);
}

void admin_agent_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const int64_t id = std::stoll(web::path_id(ctx));
    auto agent = find_agent(db, id);
    if (!agent) {
        web::send_message_page(ctx.response, 404, "找不到", "找不到这位特派员。", "/admin/agents", "返回");
        return;
    }
    const auto f = agent_figures(db, id);
    const std::string path = agent_path(id);
    const std::string csrf = web::admin_csrf(ctx);
    std::string html =
        "<h1>" + web::escape(agent->name) + "</h1><p>" + std::string(agent_type_label(agent->agent_type)) + " · " +
        web::escape(agent->region_name.empty() ? agent->region_code : agent->region_name) + " · " +
        web::escape(agent->phone_masked) + " · " + (agent->active ? "在用" : "<span class=\"tag bad\">已停用</span>") +
        " · 最近登录 " + web::datetime_text(agent->last_login_at) + "</p>";
    if (agent->team_id) {
        html += "<p>团队：<a href=\"/admin/teams/" + std::to_string(*agent->team_id) + "\">" +
                web::escape(agent->team) + "</a></p>";
    }
    html += "<div class=\"tiles\">";
    auto tile = [&html](std::string_view label, const std::string& value) {
        html += "<div><b>" + value + "</b>" + std::string(label) + "</div>";
    };
    tile("在办 / 上限", std::to_string(agent->held) + " / " + std::to_string(agent->capacity));
    tile("接单", std::to_string(f.handled));
    tile("已解决", std::to_string(f.resolved));
    tile("农户确认", std::to_string(f.confirmed));
    tile("平均评分", f.mean_rating ? web::format_number(*f.mean_rating, 1) : "—");
    tile("服务次数", std::to_string(f.visits));
    tile("培训场次", std::to_string(f.trainings));
    tile("催办", std::to_string(f.complaints));
    html += "</div><p>擅长：" + web::escape(join(agent->expertise, "、")) + "<br>服务区域：" +
            web::escape(join(agent->service_regions, " ")) + "</p>";

    auto request_rows = [&](const std::vector<AgentRequestItem>& items) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& item : items) {
            rows.push_back({"<a href=\"/admin/requests/" + item.request_id + "\">" + web::escape(item.code) + "</a>",
                            web::escape(web::category_label_of(item.category)) + " · " + web::escape(item.crop),
                            web::escape(item.village_name), web::escape(web::status_label(item.status)),
                            web::escape(web::age_label(item.last_event_at, ctx.now_ms))});
        }
        return rows;
    };
    html += "<h2>手上的求助</h2>";
    if (!agent->active && agent->held > 0) {
        html += "<p class=\"card\">账号已停用，这些求助仍在此人名下，请到求助页面改派给其他特派员。</p>";
    }
    html += web::admin_table({"求助码", "类别", "村", "状态", "最近"}, request_rows(held_requests(db, id, kListLimit)));
    html += "<h2>处理过的求助</h2>" +
            web::admin_table({"求助码", "类别", "村", "状态", "最近"}, request_rows(agent_history(db, id, kListLimit)));

    html += "<h2>修改资料</h2><form method=\"post\" action=\"" + path + "\" class=\"card\">" + csrf +
            agent_fields(db, ctx, &*agent) + "<p><button type=\"submit\">保存</button></p></form>";

    html += "<h2>请假</h2><p>";
    html += agent->leave_to.empty() ? std::string("目前没有请假。")
                                    : "请假：" + web::escape(agent->leave_from) + " 至 " +
                                          web::escape(agent->leave_to) + "。请假期间不给此人派新求助。";
    html += "</p><form class=\"inline\" method=\"post\" action=\"" + path + "/leave\">" + csrf +
            "<label>第一天<input name=\"from\" type=\"date\" required></label><label>最后一天<input name=\"to\" "
            "type=\"date\" required></label><button type=\"submit\">保存请假</button></form>";
    if (!agent->leave_to.empty()) {
        html += "<form method=\"post\" action=\"" + path + "/leave\">" + csrf +
                "<input type=\"hidden\" name=\"clear\" value=\"1\"><button class=\"secondary\" "
                "type=\"submit\">取消请假</button></form>";
    }

    html += "<h2>账号</h2><form class=\"inline\" method=\"post\" action=\"" + path + "/password\">" + csrf +
            "<label><span><input type=\"checkbox\" name=\"confirm\" value=\"1\" required> "
            "确认重设密码（会让此人立即退出登录）</span></label><button class=\"secondary\" "
            "type=\"submit\">重设密码</button></form>";
    if (agent->active) {
        html += "<form class=\"inline\" method=\"post\" action=\"" + path + "/active\">" + csrf +
                "<input type=\"hidden\" name=\"active\" value=\"0\"><label><span><input type=\"checkbox\" "
                "name=\"confirm\" value=\"1\" required> 确认停用（立即退出登录，不再接新求助；手上的求助仍在此人名下，"
                "需另行改派）</span></label><button class=\"danger\" type=\"submit\">停用</button></form>";
    } else {
        html += "<form class=\"inline\" method=\"post\" action=\"" + path + "/active\">" + csrf +
                "<input type=\"hidden\" name=\"active\" value=\"1\"><input type=\"hidden\" name=\"confirm\" "
                "value=\"1\"><button type=\"submit\">重新启用</button></form>";
    }
    send_page(context, ctx, agent->name, html);
}

void admin_agent_update(BackendContext& context, RequestContext& ctx) {
    const int64_t id = std::stoll(web::path_id(ctx));
    const std::string path = agent_path(id);
    auto user = read_agent_form(context, ctx, false);
    if (!user.ok()) {
        send_problem(context, ctx, status_of(user.error()), field_problem(user.error()), path);
        return;
    }
    auto updated = context.store.write([&](Database& db) -> core::Result<bool> {
        auto done = update_agent(db, id, *user);
        if (done.ok()) {
            write_audit(db,
                        audit_of(ctx, "agent.update", std::to_string(id),
                                 {{"via", "page"}, {"phone_changed", !user->phone.empty()}}),
                        ctx.now_ms, user->region_code);
        }
        return done;
    });
    if (!updated.ok()) {
        send_problem(context, ctx, 400, field_problem(updated.error()), path);
        return;
    }
    web::send_redirect(ctx.response, path);
}

void admin_agent_active(BackendContext& context, RequestContext& ctx) {
    const int64_t id = std::stoll(web::path_id(ctx));
    const std::string path = agent_path(id);
    const std::string active = web::form_field(ctx.request, "active", 1).value_or("");
    if ((active != "0" && active != "1") || !web::form_checked(ctx.request, "confirm")) {
        send_problem(context, ctx, 400, "请勾选确认后再操作。", path);
        return;
    }
    context.store.write([&](Database& db) {
        set_agent_active(db, id, active == "1", ctx.now_ms);
        write_audit(db, audit_of(ctx, active == "1" ? "agent.reactivate" : "agent.deactivate", std::to_string(id)),
                    ctx.now_ms, agent_region(db, id).value_or(""));
    });
    log::info(active == "1" ? "agent_reactivated" : "agent_deactivated",
              {{"user_id", id}, {"by", ctx.person->user_id}});
    web::send_redirect(ctx.response, path);
}

void admin_agent_password(BackendContext& context, RequestContext& ctx) {
    const int64_t id = std::stoll(web::path_id(ctx));
    const std::string path = agent_path(id);
    if (!web::form_checked(ctx.request, "confirm")) {
        send_problem(context, ctx, 400, "请勾选确认后再重设密码。", path);
        return;
    }
    auto agent = find_agent(context.store.reader(), id);
    const std::string password = new_initial_password();
    const std::string hash = crypto::hash_password(password);
    context.store.write([&](Database& db) {
        set_password_hash(db, id, hash, ctx.now_ms);
        write_audit(db, audit_of(ctx, "agent.password_reset", std::to_string(id)), ctx.now_ms,
                    agent_region(db, id).value_or(""));
    });
    std::string html = "<h1>已重设密码</h1>" + password_shown_once(agent ? agent->name : "", password) +
                       "<p>此人已退出所有登录，需用新密码重新登录。</p><p><a class=\"button secondary\" href=\"" +
                       path + "\">返回</a></p>";
    send_page(context, ctx, "已重设密码", html);
}

void admin_agent_leave(BackendContext& context, RequestContext& ctx) {
    const int64_t id = std::stoll(web::path_id(ctx));
    const std::string path = agent_path(id);
    if (web::form_checked(ctx.request, "clear")) {
        context.store.write([&](Database& db) {
            clear_leave(db, id);
            write_audit(db, audit_of(ctx, "agent.leave_clear", std::to_string(id)), ctx.now_ms,
                        agent_region(db, id).value_or(""));
        });
        web::send_redirect(ctx.response, path);
        return;
    }
    auto leave = validate_leave(web::form_field(ctx.request, "from", 10).value_or(""),
                                web::form_field(ctx.request, "to", 10).value_or(""), ctx.now_ms);
    if (!leave.ok()) {
        send_problem(context, ctx, 400,
                     leave.error().field == "from" ? "第一天的日期不对。"
                                                   : "最后一天的日期不对（不能早于第一天或今天，最长一年）。",
                     path);
        return;
    }
    context.store.write([&](Database& db) {
        set_leave(db, id, *leave);
        write_audit(db, audit_of(ctx, "agent.leave", std::to_string(id), {{"from", leave->from}, {"to", leave->to}}),
                    ctx.now_ms, agent_region(db, id).value_or(""));
    });
    web::send_redirect(ctx.response, path);
}

void admin_agents_import_page(BackendContext& context, RequestContext& ctx) {
    std::string html =
        "<h1>从表格导入特派员</h1><div class=\"card\"><p>上传 CSV 文件（UTF-8，可由 Excel “另存为 CSV UTF-8”得到），"
        "第一行是列名：</p><p><code>name,phone,region,expertise,service_regions,capacity,team,password,type</code></p>"
        "<p class=\"muted\">name 姓名、phone 手机号、region 所在地区代码必填；expertise 擅长和 service_regions "
        "服务区域可填多个，用分号隔开；type 为 individual（个人）、team（团队）或 organisation（法人）；"
        "password 留空则为新特派员生成初始密码，导入后只显示一次。已有的手机号会更新资料。"
        "只要有一行不对，就一个也不导入，并列出每一行的问题。</p></div>"
        "<form method=\"post\" action=\"/admin/agents/import\" enctype=\"multipart/form-data\" class=\"card\">" +
        web::admin_csrf(ctx) +
        "<label for=\"file\">CSV 文件（不超过 2 MB）</label><input id=\"file\" name=\"file\" type=\"file\" "
        "accept=\".csv,text/csv\" required><p><button type=\"submit\">导入</button></p></form>";
    send_page(context, ctx, "导入特派员", html);
}

void admin_agents_import(BackendContext& context, RequestContext& ctx) {
    const std::string back = "/admin/agents/import";
    auto file = web::form_file(ctx.request, "file");
    if (!file || file->empty()) {
        send_problem(context, ctx, 400, "请选择要导入的 CSV 文件。", back);
        return;
    }
    if (file->size() > kMaxImportBytes) {
        send_problem(context, ctx, 413, "文件不能超过 2 MB。", back);
        return;
    }
    const core::Vocabulary* vocab = vocabulary();
    if (vocab == nullptr) {
        send_problem(context, ctx, 500, "词表没有装好，暂时不能导入。", back);
        return;
    }
    auto plan = plan_agent_import(context.store.reader(), *file, *vocab, PasswordSource::GenerateMissing,
                                  ctx.person->region_code);
    if (!plan.problems.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& p : plan.problems) {
            rows.push_back({p.line == 0 ? "—" : std::to_string(p.line), web::escape(column_label(p.field)),
                            web::escape(p.reason)});
        }
        std::string html = "<h1>没有导入</h1><p class=\"error\">文件里有 " + std::to_string(plan.problems.size()) +
                           " 处问题，所以一个也没有导入。请改好后重新上传。</p>" +
                           web::admin_table({"行", "列", "问题"}, rows, {0}) +
                           "<p><a class=\"button secondary\" href=\"" + back + "\">返回</a></p>";
        send_page(context, ctx, "没有导入", html, 400);
        return;
    }
    const auto actor = audit_of(ctx, "agents.import", "");
    auto report = context.store.write(
        [&](Database& db) { return apply_agent_import(db, plan, actor, ctx.now_ms, ctx.person->region_code); });
    log::info("agents_imported",
              {{"created", report.created}, {"updated", report.updated}, {"by", ctx.person->user_id}});
    std::string html = "<h1>已导入</h1><p class=\"ok\">新增 " + std::to_string(report.created) + " 人，更新 " +
                       std::to_string(report.updated) + " 人。</p>";
    if (!report.generated.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& g : report.generated) {
            rows.push_back({web::escape(g.name), web::escape(core::mask_phone_text(g.phone)),
                            "<b>" + web::escape(g.password) + "</b>"});
        }
        html += "<p>新特派员的初始密码只显示这一次，请现在抄下或打印：</p>" +
                web::admin_table({"姓名", "手机号", "初始密码"}, rows);
    }
    html += "<p><a class=\"button secondary\" href=\"/admin/agents\">返回列表</a></p>";
    send_page(context, ctx, "已导入", html);
}

}  // namespace xiangke::backend::handlers
