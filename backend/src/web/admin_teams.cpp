// 团队: the administrator's pages for the teams of their region: the list, adding a team (as
// `team add` does, through the same store function), and a team's page with its members, where
// the administrator renames it, moves it within the region and picks its leader among the members.
#include "http/handlers.h"
#include "store/admin_directory.h"
#include "store/audit.h"
#include "store/service_records.h"
#include "web/admin_kit.h"
#include "web/admin_manage.h"
#include "web/form.h"
#include "web/html.h"

namespace xiangke::backend::handlers {
namespace {

using web::AdminSection;

std::string team_path(int64_t id) {
    return "/admin/teams/" + std::to_string(id);
}

void send_problem(BackendContext& context, RequestContext& ctx, int status, std::string_view message,
                  const std::string& back) {
    web::send_admin_message(context, ctx, AdminSection::Teams, status, "未能保存", message, back);
}

AuditEntry audit_of(const RequestContext& ctx, std::string action, int64_t team_id, nlohmann::json detail = nullptr) {
    return {"user",
            std::to_string(ctx.person->user_id),
            std::move(action),
            "team",
            std::to_string(team_id),
            ctx.client.address,
            std::move(detail)};
}

std::string team_problem(const core::Error& error) {
    if (error.field == "name") {
        return error.code == "duplicate" ? "已经有同名的团队了，请换一个名称。" : "团队名称要 1 到 60 个字。";
    }
    if (error.field == "region") {
        return "地区代码不对，或不在您管理的地区内。";
    }
    if (error.field == "leader") {
        return "负责人要从本团队的成员里选。";
    }
    return "保存失败：" + error.message;
}

std::string_view type_label(std::string_view type) {
    return type == "team" ? "团队" : type == "organisation" ? "法人" : "个人";
}

}  // namespace

void admin_teams_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    auto teams = list_teams(db, ctx.person->region_code);
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : teams) {
        AgentQuery members;
        members.region_prefix = ctx.person->region_code;
        members.team_id = t.id;
        int64_t team_type = 0;
        for (const auto& m : list_agents(db, members)) {
            team_type += m.agent_type == "team" ? 1 : 0;
        }
        rows.push_back({"<a href=\"" + team_path(t.id) + "\">" + web::escape(t.name) + "</a>",
                        web::escape(t.region_name.empty() ? t.region_code : t.region_name),
                        t.leader_id ? "<a href=\"/admin/agents/" + std::to_string(*t.leader_id) + "\">" +
                                          web::escape(t.leader_name) + "</a>"
                                    : "—",
                        std::to_string(t.members), team_type > 0 ? "团队特派员 " + std::to_string(team_type) : "—"});
    }
    std::string html =
        "<h1>团队</h1>" + web::admin_table({"名称", "地区", "负责人", "成员", "按团队考核的成员"}, rows, {3}) +
        "<h2>添加团队</h2><form class=\"inline\" method=\"post\" action=\"/admin/teams\">" + web::admin_csrf(ctx) +
        "<label>名称<input name=\"name\" maxlength=\"60\" required></label><label>地区代码<input "
        "name=\"region\" inputmode=\"numeric\" maxlength=\"12\" required value=\"" +
        web::escape(ctx.person->region_code) +
        "\"></label><button type=\"submit\">添加</button></form><p class=\"muted\">"
        "成员在特派员的资料里选择团队；有了成员之后，在团队页面选负责人。</p>";
    web::send_admin(context, ctx, "团队", AdminSection::Teams, html);
}

void admin_team_create(BackendContext& context, RequestContext& ctx) {
    NewTeam team;
    team.name = web::admin_text_field(ctx.request, "name", kMaxTeamNameChars).value_or("");
    team.region_code = web::form_field(ctx.request, "region", 12).value_or("");
    if (team.name.empty() || team.region_code.empty()) {
        send_problem(context, ctx, 400, "请填写团队名称和地区代码。", "/admin/teams");
        return;
    }
    if (!in_region(ctx.person->region_code, team.region_code)) {
        send_problem(context, ctx, 403, "团队的地区要在您管理的地区内。", "/admin/teams");
        return;
    }
    auto id = context.store.write([&](Database& db) -> core::Result<int64_t> {
        if (team_id_by_name(db, team.name)) {
            return core::field_error("name", "a team has this name", "duplicate");  // never take over another's
        }
        auto added = upsert_team(db, team, ctx.now_ms);
        if (added.ok()) {
            write_audit(db, audit_of(ctx, "team.create", *added, {{"via", "page"}}), ctx.now_ms, team.region_code);
        }
        return added;
    });
    if (!id.ok()) {
        send_problem(context, ctx, 400, team_problem(id.error()), "/admin/teams");
        return;
    }
    web::send_redirect(ctx.response, team_path(*id));
}

void admin_team_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const int64_t id = std::stoll(web::path_id(ctx));
    auto team = find_team(db, id);
    if (!team) {
        web::send_message_page(ctx.response, 404, "找不到", "找不到这个团队。", "/admin/teams", "返回");
        return;
    }
    AgentQuery query;
    query.region_prefix = ctx.person->region_code;
    query.team_id = id;
    auto members = list_agents(db, query);
    std::vector<std::vector<std::string>> rows;
    std::string leader_options = "<option value=\"\">（暂不指定）</option>";
    for (const auto& m : members) {
        const auto f = agent_figures(db, m.id);
        rows.push_back({"<a href=\"/admin/agents/" + std::to_string(m.id) + "\">" + web::escape(m.name) + "</a>" +
                            (team->leader_id == m.id ? " <span class=\"tag\">负责人</span>" : ""),
                        std::string(type_label(m.agent_type)), web::escape(m.phone_masked),
                        std::to_string(m.held) + " / " + std::to_string(m.capacity), std::to_string(f.handled),
                        std::to_string(f.resolved), std::to_string(f.confirmed),
                        m.active ? "在用" : "<span class=\"tag bad\">已停用</span>"});
        leader_options += "<option value=\"" + std::to_string(m.id) + "\"" +
                          (team->leader_id == m.id ? " selected" : "") + ">" + web::escape(m.name) + "</option>";
    }
    std::string html = "<h1>" + web::escape(team->name) + "</h1><p>" +
                       web::escape(team->region_name.empty() ? team->region_code : team->region_name) + " · 负责人 " +
                       (team->leader_id ? web::escape(team->leader_name) : std::string("未指定")) + " · " +
                       std::to_string(team->members) + " 名成员</p><h2>成员</h2>" +
                       web::admin_table({"姓名", "类型", "手机号", "在办 / 上限", "接单", "已解决", "农户确认", "状态"},
                                        rows, {3, 4, 5, 6}) +
                       "<h2>修改</h2><form method=\"post\" action=\"" + team_path(id) + "\" class=\"card\">" +
                       web::admin_csrf(ctx) +
                       "<label for=\"name\">名称</label><input id=\"name\" name=\"name\" maxlength=\"60\" required "
                       "value=\"" +
                       web::escape(team->name) +
                       "\"><label for=\"region\">地区代码</label><input id=\"region\" name=\"region\" "
                       "inputmode=\"numeric\" maxlength=\"12\" required value=\"" +
                       web::escape(team->region_code) +
                       "\"><label for=\"leader\">负责人（从成员中选）</label><select id=\"leader\" name=\"leader\">" +
                       leader_options + "</select><p><button type=\"submit\">保存</button></p></form>";
    web::send_admin(context, ctx, team->name, AdminSection::Teams, html);
}

void admin_team_update(BackendContext& context, RequestContext& ctx) {
    const int64_t id = std::stoll(web::path_id(ctx));
    const std::string path = team_path(id);
    TeamUpdate update;
    update.name = web::admin_text_field(ctx.request, "name", kMaxTeamNameChars).value_or("");
    update.region_code = web::form_field(ctx.request, "region", 12).value_or("");
    const std::string leader = web::form_field(ctx.request, "leader", 18).value_or("");
    if (!leader.empty()) {
        if (leader.find_first_not_of("0123456789") != std::string::npos) {
            send_problem(context, ctx, 400, "负责人要从本团队的成员里选。", path);
            return;
        }
        update.leader_id = std::stoll(leader);
    }
    if (update.name.empty() || update.region_code.empty()) {
        send_problem(context, ctx, 400, "请填写团队名称和地区代码。", path);
        return;
    }
    if (!in_region(ctx.person->region_code, update.region_code)) {
        send_problem(context, ctx, 403, "团队的地区要在您管理的地区内。", path);
        return;
    }
    auto updated = context.store.write([&](Database& db) -> core::Result<bool> {
        auto done = update_team(db, id, update);
        if (done.ok()) {
            write_audit(db, audit_of(ctx, "team.update", id, {{"leader_id", update.leader_id.value_or(0)}}), ctx.now_ms,
                        update.region_code);
        }
        return done;
    });
    if (!updated.ok()) {
        send_problem(context, ctx, 400, team_problem(updated.error()), path);
        return;
    }
    web::send_redirect(ctx.response, path);
}

}  // namespace xiangke::backend::handlers
