// 触摸屏: the administrator's pages for the kiosks of their region: the list (village, last sync,
// what each kiosk last reported about itself), enrollment codes for the installer (as `kiosk
// issue-code` does) and revocation (as `kiosk revoke` does), through the same store functions.
// An enrollment code is a secret: it only ever travels in the answer to the POST that made it,
// never in a URL.
#include "http/handlers.h"
#include "log.h"
#include "store/admin_directory.h"
#include "store/audit.h"
#include "store/kiosks.h"
#include "store/regions.h"
#include "web/admin_kit.h"
#include "web/admin_manage.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

using web::AdminSection;

// A kiosk syncs every 5 minutes; three missed cycles and it counts as offline.
constexpr int64_t kOnlineWindowMs = 15 * core::kMinuteMs;
constexpr size_t kKioskLimit = 2000;
constexpr size_t kVillageMatches = 30;

std::string kiosk_path(const std::string& id) {
    return "/admin/kiosks/" + id;
}

void send_problem(BackendContext& context, RequestContext& ctx, int status, std::string_view message,
                  const std::string& back) {
    web::send_admin_message(context, ctx, AdminSection::Kiosks, status, "未能保存", message, back);
}

// The latest call: the one not yet written out by housekeeping, or the stored one.
std::optional<int64_t> last_seen(BackendContext& context, const KioskListItem& kiosk) {
    auto pending = context.activity.pending_seen(kiosk.id);
    if (pending && (!kiosk.last_seen_at || *pending > *kiosk.last_seen_at)) {
        return pending;
    }
    return kiosk.last_seen_at;
}

std::string state_cell(BackendContext& context, const KioskListItem& kiosk, int64_t now_ms) {
    if (kiosk.revoked_at) {
        return "<span class=\"tag bad\">已停用</span>";
    }
    auto seen = last_seen(context, kiosk);
    if (seen && now_ms - *seen <= kOnlineWindowMs) {
        return "<span class=\"tag\">在线</span>";
    }
    return "<span class=\"tag warn\">离线</span>";
}

std::string issue_form(Database& db, const RequestContext& ctx) {
    const std::string search = web::admin_text_field(ctx.request, "village_q", 40).value_or("");
    std::string html =
        "<h2>发放安装码</h2><div class=\"card\"><p>安装人员在新触摸屏上输入安装码，触摸屏就归属到所选的村。"
        "安装码只显示一次，只能用一次，过期作废。</p>"
        "<form class=\"inline\" method=\"get\" action=\"/admin/kiosks\"><label>按村名查找<input name=\"village_q\" "
        "maxlength=\"40\" value=\"" +
        web::escape(search) + "\"></label><button class=\"secondary\">查找</button></form>";
    const std::string csrf = web::admin_csrf(ctx);
    if (!search.empty()) {
        auto villages = find_villages(db, ctx.person->region_code, search, kVillageMatches);
        if (villages.empty()) {
            html += "<p class=\"muted\">本地区没有名称含“" + web::escape(search) + "”的村。</p>";
        } else {
            html += "<form method=\"post\" action=\"/admin/kiosks/codes\">" + csrf;
            for (size_t i = 0; i < villages.size(); ++i) {
                const auto& v = villages[i];
                html += "<div><label style=\"font-weight:normal\"><input type=\"radio\" name=\"village\" value=\"" +
                        web::escape(v.code) + "\"" + (i == 0 ? " checked" : "") + "> " + web::escape(v.township) + " " +
                        web::escape(v.name) + " <span class=\"muted\">" + web::escape(v.code) + "</span></label></div>";
            }
            html += "<p><button type=\"submit\">为所选的村发放安装码</button></p></form>";
        }
    }
    html += "<form class=\"inline\" method=\"post\" action=\"/admin/kiosks/codes\">" + csrf +
            "<label>或直接填 12 位村代码<input name=\"village\" inputmode=\"numeric\" maxlength=\"12\" "
            "required></label><button type=\"submit\">发放安装码</button></form></div>";
    return html;
}

}  // namespace

void admin_kiosks_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    auto kiosks = list_kiosks(db, ctx.person->region_code, kKioskLimit);
    std::vector<std::vector<std::string>> rows;
    int online = 0;
    int offline = 0;
    for (const auto& k : kiosks) {
        const std::string state = state_cell(context, k, ctx.now_ms);
        if (!k.revoked_at) {
            (state.find("在线") != std::string::npos ? online : offline) += 1;
        }
        rows.push_back(
            {"<a href=\"" + kiosk_path(k.id) + "\">" + web::escape(k.village_name) + "</a>", web::escape(k.device_name),
             web::datetime_text(k.enrolled_at), web::datetime_text(last_seen(context, k)), state,
             k.app_version.empty() ? "—" : web::escape(k.app_version),
             k.content_version ? std::to_string(*k.content_version) : "—", k.outbox ? std::to_string(*k.outbox) : "—"});
    }
    std::string html =
        "<h1>触摸屏</h1><div class=\"tiles\"><div><b>" + std::to_string(online) + "</b>在线</div><div><b>" +
        std::to_string(offline) + "</b>离线（15 分钟没有同步）</div></div>" +
        web::admin_table({"村", "设备名", "安装时间", "最近同步", "状态", "软件版本", "内容版本", "待上传"}, rows,
                         {6, 7}) +
        "<p class=\"muted\">软件版本、内容版本和待上传条数是触摸屏最近一次上传时报告的。</p>" + issue_form(db, ctx);
    web::send_admin(context, ctx, "触摸屏", AdminSection::Kiosks, html);
}

void admin_kiosk_code_issue(BackendContext& context, RequestContext& ctx) {
    const std::string village = web::form_field(ctx.request, "village", 12).value_or("");
    if (village.size() != 12 || !in_region(ctx.person->region_code, village)) {
        send_problem(context, ctx, village.size() == 12 ? 403 : 400,
                     village.size() == 12 ? "这个村不在您管理的地区内。" : "请选择一个村，或填 12 位村代码。",
                     "/admin/kiosks");
        return;
    }
    const int64_t ttl_ms = context.config.enrollment_code_ttl_hours * core::kHourMs;
    auto issued = context.store.write([&](Database& db) -> core::Result<IssuedCode> {
        auto code = issue_enrollment_code(db, village, ctx.now_ms, ttl_ms);
        if (code.ok()) {
            write_audit(db,
                        {"user",
                         std::to_string(ctx.person->user_id),
                         "kiosk.code_issue",
                         "village",
                         village,
                         ctx.client.address,
                         {{"expires_at", code->expires_at}}},
                        ctx.now_ms, village);
        }
        return code;
    });
    if (!issued.ok()) {
        send_problem(context, ctx, 400, "找不到这个村：请检查 12 位村代码。", "/admin/kiosks");
        return;
    }
    log::info("enrollment_code_issued", {{"village_code", village}, {"by", ctx.person->user_id}});
    Database& db = context.store.reader();
    std::string place = region_name(db, village).value_or(village);
    if (village.size() > 9) {
        if (auto township = region_name(db, village.substr(0, 9))) {
            place = *township + " " + place;
        }
    }
    const std::string& url = context.config.public_base_url;
    const std::string command = "xiangke-kiosk enroll --backend " + url + " --code " + issued->code;
    std::string body =
        "<div class=\"no-print\"><p><b>安装码只显示这一次。</b>请现在打印这张安装单（浏览器菜单“打印”），或抄下安装码。"
        "离开本页后无法再看到它；丢失了就再发一个。</p><p><a href=\"/admin/kiosks\">返回触摸屏列表</a></p></div>"
        "<h1>触摸屏安装单</h1><table><tr><th>安装地点</th><td>" +
        web::escape(place) + "（" + web::escape(village) + "）</td></tr><tr><th>有效期至</th><td>" +
        web::escape(core::format_shanghai_datetime(issued->expires_at)) +
        "（北京时间）</td></tr><tr><th>服务器地址</th><td>" + web::escape(url) +
        "</td></tr></table><p>安装码：</p><p class=\"big\">" + web::escape(issued->code) +
        "</p><h2>安装步骤</h2><ol><li>把触摸屏接上电源和网络（有线、无线或 4G 均可），开机。</li>"
        "<li>接上键盘，在触摸屏的终端里运行（照抄，注意大小写和空格）：<br><code>" +
        web::escape(command) +
        "</code></li><li>屏幕上显示 enrolled as kiosk … 和本村名称，就安装好了。再运行 "
        "<code>xiangke-kiosk sync --once</code>，显示 pushed … pulled … 即说明能和服务器同步。</li>"
        "<li>拔下键盘，重新开机，触摸屏进入首页。</li>"
        "<li>安装码只能用一次，过期作废。提示 enrollment refused 时，请联系管理员重新发放。</li></ol>"
        "<p class=\"sign\">发放人：" +
        web::escape(ctx.person->name) + "　发放时间：" + web::escape(core::format_shanghai_datetime(ctx.now_ms)) +
        "</p>";
    web::send_page(ctx.response, 201, web::render_print_page("触摸屏安装单", body));
}

void admin_kiosk_page(BackendContext& context, RequestContext& ctx) {
    const std::string id = web::path_id(ctx);
    auto kiosk = find_kiosk(context.store.reader(), id);
    if (!kiosk) {
        web::send_message_page(ctx.response, 404, "找不到", "找不到这台触摸屏。", "/admin/kiosks", "返回");
        return;
    }
    std::vector<std::vector<std::string>> rows = {
        {"村",
         web::escape(kiosk->village_name) + " <span class=\"muted\">" + web::escape(kiosk->village_code) + "</span>"},
        {"设备名", web::escape(kiosk->device_name)},
        {"编号", web::escape(kiosk->id)},
        {"安装时间", web::datetime_text(kiosk->enrolled_at)},
        {"最近同步", web::datetime_text(last_seen(context, *kiosk))},
        {"状态", state_cell(context, *kiosk, ctx.now_ms)},
        {"软件版本", kiosk->app_version.empty() ? "—" : web::escape(kiosk->app_version)},
        {"内容版本", kiosk->content_version ? std::to_string(*kiosk->content_version) : "—"},
        {"待上传", kiosk->outbox ? std::to_string(*kiosk->outbox) : "—"},
        {"最近报告", web::datetime_text(kiosk->reported_at)},
    };
    if (kiosk->revoked_at) {
        rows.push_back({"停用时间", web::datetime_text(kiosk->revoked_at)});
    }
    std::string html =
        "<h1>触摸屏 · " + web::escape(kiosk->village_name) + "</h1>" + web::admin_table({"项目", "内容"}, rows);
    if (!kiosk->revoked_at) {
        html += "<h2>停用</h2><form method=\"post\" action=\"" + kiosk_path(id) + "/revoke\" class=\"card\">" +
                web::admin_csrf(ctx) +
                "<p>停用后，这台触摸屏下次联网时会被拒绝，不能再上传求助或接收更新。设备丢失、更换或报废时使用；"
                "要恢复只能重新发放安装码重新安装。</p><label style=\"font-weight:normal\"><input type=\"checkbox\" "
                "name=\"confirm\" value=\"1\" required> 我确认停用这台触摸屏</label><p><button class=\"danger\" "
                "type=\"submit\">停用</button></p></form>";
    }
    web::send_admin(context, ctx, "触摸屏", AdminSection::Kiosks, html);
}

void admin_kiosk_revoke(BackendContext& context, RequestContext& ctx) {
    const std::string id = web::path_id(ctx);
    if (!web::form_checked(ctx.request, "confirm")) {
        send_problem(context, ctx, 400, "请勾选确认后再停用。", kiosk_path(id));
        return;
    }
    auto revoked = context.store.write([&](Database& db) {
        return mark_kiosk_revoked(
            db, id, {"user", std::to_string(ctx.person->user_id), "", "", "", ctx.client.address, nullptr}, ctx.now_ms);
    });
    if (!revoked.ok()) {
        send_problem(context, ctx, 404, "找不到这台触摸屏。", "/admin/kiosks");
        return;
    }
    log::info("kiosk_revoked", {{"kiosk_id", id}, {"by", ctx.person->user_id}});
    web::send_redirect(ctx.response, kiosk_path(id));
}

}  // namespace xiangke::backend::handlers
