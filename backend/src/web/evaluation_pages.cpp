// The administrator's 考核 pages (/admin/evaluation…) and 回访 pages (/admin/callbacks…):
// decode the form, call the evaluation service (evaluation/evaluation_service.h, which checks
// the scope again and audits every write), render with web/evaluation_view.h. Reads the service
// does not offer (where evidence leads, complaints, a callback's farmer phone) come from
// store/evaluation_links.h.
#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "evaluation/evaluation_service.h"
#include "http/handlers.h"
#include "store/audit.h"
#include "store/evaluation_links.h"
#include "store/regions.h"
#include "web/admin_shell.h"
#include "web/evaluation_view.h"
#include "web/form.h"
#include "web/html.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/base64.h"

namespace xiangke::backend::handlers {
namespace {

namespace ev = core::evaluation;
using evaluation::AdminActor;
using evaluation::EvaluationService;

constexpr size_t kMaxEvidenceLookups = 3000;
constexpr size_t kMaxComplaintsShown = 100;
constexpr size_t kMaxContactChars = 60;

EvaluationService& service(BackendContext& context) {
    return *context.evaluation;
}

AdminActor actor_of(const RequestContext& ctx) {
    return {ctx.person->user_id, ctx.person->region_code, ctx.person->name, ctx.client.address};
}

std::string region_display_name(Database& db, const std::string& code) {
    return region_name(db, code).value_or(code);
}

web::AdminViewer viewer_of(BackendContext& context, const RequestContext& ctx) {
    return {ctx.person->name, region_display_name(context.store.reader(), ctx.person->region_code),
            web::csrf_token(ctx.credential)};
}

void send_admin(BackendContext& context, RequestContext& ctx, std::string_view title, const std::string& body,
                int status = 200) {
    web::send_page(ctx.response, status,
                   web::render_admin_page(viewer_of(context, ctx), title, web::AdminSection::Evaluation, body));
}

void send_problem(BackendContext& context, RequestContext& ctx, int status, std::string_view message,
                  const std::string& back) {
    send_admin(context, ctx, "无法完成",
               "<h1>无法完成</h1><p class=\"error\">" + web::escape(message) + "</p><p><a class=\"button\" href=\"" +
                   web::escape(back) + "\">返回</a></p>",
               status);
}

// The Chinese sentence for a service error, with its status.
void send_service_error(BackendContext& context, RequestContext& ctx, const core::Error& error,
                        const std::string& back) {
    const int status = evaluation::http_status(error);
    std::string message = error.message;
    if (error.code == "out_of_scope") {
        message = "这不在您管理的地区内。";
    } else if (error.code == "not_found") {
        message = "找不到这条记录。";
    } else if (error.code == "evaluation_final") {
        message = "这次考核已定稿，不能再修改。";
    } else if (error.code == "publicity_not_over") {
        message = "公示期还没有结束，结束后才能定稿。";
    } else if (error.code == "objections_pending") {
        message = "还有未处理的异议，处理完才能定稿。";
    } else if (error.code == "already_decided") {
        message = "这条已经处理过了。";
    } else if (error.code == "not_in_publicity") {
        message = "只有公示中的考核才能登记异议。";
    } else if (error.code == "unknown_scheme") {
        message = "没有这个考核方案。";
    } else if (error.code == "invalid_field") {
        message = "填写有误：" + error.message;
    }
    send_problem(context, ctx, status, message, back);
}

std::optional<int64_t> parse_id(const std::string& text) {
    if (text.empty() || text.size() > 18 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        return std::nullopt;
    }
    return std::stoll(text);
}

std::optional<int64_t> capture_id(const RequestContext& ctx, size_t group) {
    if (ctx.request.matches.size() <= group) {
        return std::nullopt;
    }
    return parse_id(ctx.request.matches[group].str());
}

// A query or form parameter of at most `max_bytes`; empty when absent or too long.
std::string param(const httplib::Request& request, const std::string& name, size_t max_bytes) {
    std::string value = request.get_param_value(name);
    return value.size() > max_bytes ? std::string() : value;
}

std::string today(int64_t now_ms) {
    return core::format_shanghai_date(now_ms);
}

// The ranking's parameters: the current year up to today, the admin's region and the default
// scheme unless the request says otherwise.
web::EvaluationQuery read_query(const RequestContext& ctx) {
    web::EvaluationQuery q;
    const auto& r = ctx.request;
    q.scheme = param(r, "scheme", 64);
    q.from = param(r, "from", 10);
    q.to = param(r, "to", 10);
    q.region = param(r, "region", 12);
    if (q.region.empty()) {
        q.region = ctx.person->region_code;
    }
    const std::string now = today(ctx.now_ms);
    if (q.from.empty()) {
        q.from = now.substr(0, 4) + "-01-01";
    }
    if (q.to.empty()) {
        q.to = now;
    }
    q.team = parse_id(param(r, "team", 18)).value_or(0);
    q.agent_type = param(r, "type", 16);
    if (!q.agent_type.empty() && !ev::agent_type_from_name(q.agent_type)) {
        q.agent_type.clear();
    }
    return q;
}

// The pages render the computed result, not the JSON answer: by default the answer is built
// without evidence lists (they are most of its bytes). A snapshot keeps the service's default.
evaluation::EvaluationQuery service_query(const web::EvaluationQuery& q, int64_t evidence_in_answer = 0) {
    return {q.region, q.from, q.to, q.scheme, evidence_in_answer};
}

std::vector<web::Choice> scheme_choices(BackendContext& context) {
    std::vector<web::Choice> choices;
    for (const auto& scheme : service(context).schemes().all()) {
        choices.push_back({scheme->id, scheme->name});
    }
    return choices;
}

std::vector<web::Choice> region_choices(Database& db, const RequestContext& ctx, const std::string& selected) {
    const std::string& home = ctx.person->region_code;
    std::vector<web::Choice> choices = {{home, region_display_name(db, home)}};
    for (const auto& [code, name] : child_regions(db, home)) {
        choices.push_back({code, name});
    }
    if (std::none_of(choices.begin(), choices.end(), [&](const web::Choice& c) { return c.value == selected; })) {
        choices.push_back({selected, region_display_name(db, selected)});
    }
    return choices;
}

// A stored evaluation's result and the scheme frozen with it.
struct StoredView {
    evaluation::StoredEvaluation stored;
    nlohmann::json answer;
    ev::EvaluationResult result;
    std::shared_ptr<const ev::Scheme> scheme;
};

core::Result<StoredView> load_stored(BackendContext& context, RequestContext& ctx, int64_t id) {
    auto stored = service(context).stored(actor_of(ctx), id);
    if (!stored) {
        return stored.error();
    }
    StoredView view;
    view.stored = std::move(*stored);
    try {
        view.answer = nlohmann::json::parse(view.stored.result_json);
        view.result = web::decode_result(view.answer);
    } catch (const std::exception&) {
        return core::Error{"internal", "the stored evaluation cannot be read", ""};
    }
    auto frozen = frozen_evaluation(context.store.reader(), id);
    if (frozen) {
        auto scheme = ev::parse_scheme(frozen->scheme_json, view.stored.row.scheme_id);
        if (scheme) {
            view.scheme = std::make_shared<const ev::Scheme>(std::move(*scheme));
        }
    }
    if (!view.scheme) {
        view.scheme = service(context).schemes().find(view.stored.row.scheme_id);
    }
    if (!view.scheme) {
        return core::Error{"internal", "the stored evaluation's scheme cannot be read", ""};
    }
    return view;
}

web::EvaluationQuery stored_query(const StoredEvaluationRow& row) {
    web::EvaluationQuery q;
    q.scheme = row.scheme_id;
    q.from = row.from_date;
    q.to = row.to_date;
    q.region = row.region;
    return q;
}

std::string status_label(EvaluationStatus status) {
    switch (status) {
        case EvaluationStatus::Draft:
            return "草稿";
        case EvaluationStatus::Publicity:
            return "公示中";
        case EvaluationStatus::Final:
            return "已定稿";
    }
    return "";
}

std::string evidence_label(const std::string& kind, const EvidenceLink& link) {
    if (kind == "event") {
        return std::string(web::event_label(link.event_kind));
    }
    if (kind == "visit") {
        return link.date + " " + std::string(web::visit_method_label(link.visit_method));
    }
    if (kind == "feedback") {
        return "评分 " + std::to_string(link.rating);
    }
    if (kind == "training") {
        return link.date + " " + link.place + " " + std::to_string(link.attendees) + " 人 · " + link.topic;
    }
    return "";
}

web::EvidenceTargets evidence_targets(Database& db, const ev::ScoredEntry& entry) {
    std::vector<std::pair<std::string, int64_t>> keys;
    // Only the lines the page lists.
    for (const auto& item : entry.items) {
        for (size_t i = 0; i < item.evidence.size() && i < web::kEvidenceLinesPerItem; ++i) {
            keys.emplace_back(item.evidence[i].kind, item.evidence[i].id);
        }
    }
    for (const auto& flag : entry.flags) {
        for (size_t i = 0; i < flag.event_ids.size() && i < web::kEvidenceLinesPerItem; ++i) {
            keys.emplace_back("event", flag.event_ids[i]);
        }
    }
    web::EvidenceTargets targets;
    for (const auto& [key, link] : evidence_links(db, keys, kMaxEvidenceLookups)) {
        targets[key] = {link.request_id, link.request_code, evidence_label(key.first, link)};
    }
    return targets;
}

std::optional<web::OverrideView> latest_override(const std::vector<OverrideRow>& overrides, const std::string& kind,
                                                 int64_t id) {
    std::optional<web::OverrideView> latest;
    for (const auto& o : overrides) {
        if (o.subject_kind == kind && o.subject_id == id) {
            latest = web::OverrideView{o.band, o.reason, o.actor_name, o.at};
        }
    }
    return latest;
}

std::vector<web::ComplaintView> complaint_views(Database& db, int64_t agent_id, const ev::Period& period) {
    std::vector<web::ComplaintView> views;
    for (const auto& row : complaints_against(db, agent_id, period.from_ms, period.to_ms, kMaxComplaintsShown)) {
        web::ComplaintView view{row.event_id, row.request_id, row.request_code, row.at, std::nullopt, "", ""};
        if (auto decision = latest_complaint_decision(db, row.event_id)) {
            view.upheld = decision->upheld;
            view.reason = decision->reason;
            view.decided_by = decision->admin_name;
        }
        views.push_back(std::move(view));
    }
    return views;
}

// The drill-down of one agent (or team) of a live or stored evaluation.
void entry_page(BackendContext& context, RequestContext& ctx, bool team) {
    auto id = capture_id(ctx, 1);
    if (!id) {
        send_problem(context, ctx, 404, "找不到这位特派员。", "/admin/evaluation");
        return;
    }
    Database& db = context.store.reader();
    web::AgentPageData data;
    data.csrf = web::csrf_token(ctx.credential);
    data.is_team = team;
    ev::EvaluationResult result;
    std::shared_ptr<const ev::Scheme> scheme;
    std::vector<OverrideRow> overrides;
    std::string evaluation_param = param(ctx.request, "evaluation", 18);
    if (!evaluation_param.empty()) {
        auto evaluation_id = parse_id(evaluation_param);
        if (!evaluation_id) {
            send_problem(context, ctx, 400, "考核编号有误。", "/admin/evaluation/evaluations");
            return;
        }
        auto stored = load_stored(context, ctx, *evaluation_id);
        if (!stored) {
            send_service_error(context, ctx, stored.error(), "/admin/evaluation/evaluations");
            return;
        }
        data.query = stored_query(stored->stored.row);
        data.base_path = "/admin/evaluation/evaluations/" + std::to_string(*evaluation_id);
        data.read_only = stored->stored.row.status == EvaluationStatus::Final;
        data.evaluation_id = *evaluation_id;
        data.evidence_counts = web::decode_evidence_counts(stored->answer, team, *id);
        result = std::move(stored->result);
        scheme = stored->scheme;
        overrides = stored->stored.overrides;
    } else {
        data.query = read_query(ctx);
        data.base_path = "/admin/evaluation";
        auto live = service(context).live(actor_of(ctx), service_query(data.query), ctx.now_ms);
        if (!live) {
            send_service_error(context, ctx, live.error(), "/admin/evaluation");
            return;
        }
        result = std::move(live->result);
        scheme = live->scheme;
        data.query.scheme = result.scheme_id;
        overrides = list_overrides(db, std::nullopt);
    }
    const auto& entries = team ? result.teams : result.agents;
    auto it = std::find_if(entries.begin(), entries.end(), [&](const ev::ScoredEntry& e) { return e.id == *id; });
    if (it == entries.end()) {
        send_problem(context, ctx, 404, team ? "这个团队不在这次考核中。" : "这位特派员不在这次考核中。",
                     data.base_path + "?" + data.query.query_string());
        return;
    }
    data.targets = evidence_targets(db, *it);
    data.override_view = latest_override(overrides, team ? "team" : "agent", *id);
    if (!team) {
        auto period = ev::make_period(result.period.from_date, result.period.to_date);
        if (period) {
            data.complaints = complaint_views(db, *id, *period);
        }
    }
    send_admin(context, ctx, it->name + " · 考核", web::render_agent_body(data, *it, result, *scheme));
}

// The print page may run one script: the 打印 button's handler, allowed by its hash.
constexpr std::string_view kPrintScript =
    "document.getElementById('print').addEventListener('click',function(){window.print()});";

void send_print_page(RequestContext& ctx, std::string_view title, const std::string& body) {
    std::string html = web::render_print_page(title, body + "<script>" + std::string(kPrintScript) + "</script>");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(kPrintScript.data()), kPrintScript.size());
    const std::string hash = platform::base64_encode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
    web::send_page(ctx.response, 200, html);
    ctx.response.headers.erase("Content-Security-Policy");
    ctx.response.set_header("Content-Security-Policy",
                            "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + hash +
                                "'; form-action 'self'; frame-ancestors 'none'");
}

web::PublicityNotice notice_for(Database& db, const RequestContext& ctx, const std::string& region) {
    web::PublicityNotice notice;
    notice.region_name = region_display_name(db, region);
    notice.issuer = notice.region_name + "科学技术局";
    notice.issued_on = today(ctx.now_ms);
    notice.contact = param(ctx.request, "contact", kMaxContactChars * 3);
    return notice;
}

std::string contact_form(const std::string& action, const web::EvaluationQuery& query, const std::string& contact,
                         bool with_query) {
    std::string html = "<form class=\"no-print\" method=\"get\" action=\"" + action + "\">";
    if (with_query) {
        html += "<input type=\"hidden\" name=\"scheme\" value=\"" + web::escape(query.scheme) +
                "\"><input type=\"hidden\" name=\"from\" value=\"" + web::escape(query.from) +
                "\"><input type=\"hidden\" name=\"to\" value=\"" + web::escape(query.to) +
                "\"><input type=\"hidden\" name=\"region\" value=\"" + web::escape(query.region) + "\">";
        if (query.team != 0) {
            html += "<input type=\"hidden\" name=\"team\" value=\"" + std::to_string(query.team) + "\">";
        }
        if (!query.agent_type.empty()) {
            html += "<input type=\"hidden\" name=\"type\" value=\"" + web::escape(query.agent_type) + "\">";
        }
    }
    html += "联系方式 <input name=\"contact\" maxlength=\"" + std::to_string(kMaxContactChars) + "\" value=\"" +
            web::escape(contact) + "\" placeholder=\"联系人及电话\"> <button type=\"submit\">更新</button></form>";
    return html;
}

std::string masked(const std::string& digits) {
    return digits.empty() ? "—" : core::mask_phone_text(digits);
}

std::string_view callback_result_label(const std::string& result) {
    if (result == "confirmed") {
        return "核实";
    }
    if (result == "denied") {
        return "不属实";
    }
    if (result == "unreachable") {
        return "联系不上";
    }
    return "待回访";
}

std::string_view callback_subject_label(const std::string& kind) {
    if (kind == "visit") {
        return "走访";
    }
    if (kind == "training") {
        return "培训";
    }
    return "求助";
}

std::string result_select() {
    return "<select name=\"result\"><option value=\"confirmed\">核实</option><option "
           "value=\"denied\">不属实</option><option value=\"unreachable\">联系不上</option></select>";
}

bool valid_callback_result(const std::string& result) {
    return result == "confirmed" || result == "denied" || result == "unreachable";
}

}  // namespace

// ---- 考核 ----

void admin_evaluation_page(BackendContext& context, RequestContext& ctx) {
    web::EvaluationQuery query = read_query(ctx);
    auto live = service(context).live(actor_of(ctx), service_query(query), ctx.now_ms);
    if (!live) {
        send_service_error(context, ctx, live.error(), "/admin/evaluation");
        return;
    }
    query.scheme = live->result.scheme_id;
    Database& db = context.store.reader();
    web::RankingForm form;
    form.query = query;
    form.schemes = scheme_choices(context);
    form.regions = region_choices(db, ctx, query.region);
    form.today = today(ctx.now_ms);
    form.region_name = region_display_name(db, query.region);
    form.csrf = web::csrf_token(ctx.credential);
    form.publicity_days = evaluation::kDefaultPublicityDays;
    send_admin(context, ctx, "考核", web::render_ranking_body(form, live->result, *live->scheme));
}

void admin_evaluation_agent_page(BackendContext& context, RequestContext& ctx) {
    entry_page(context, ctx, false);
}

void admin_evaluation_team_page(BackendContext& context, RequestContext& ctx) {
    entry_page(context, ctx, true);
}

void admin_evaluation_print(BackendContext& context, RequestContext& ctx) {
    web::EvaluationQuery query = read_query(ctx);
    auto live = service(context).live(actor_of(ctx), service_query(query), ctx.now_ms);
    if (!live) {
        send_service_error(context, ctx, live.error(), "/admin/evaluation");
        return;
    }
    query.scheme = live->result.scheme_id;
    Database& db = context.store.reader();
    web::PublicityNotice notice = notice_for(db, ctx, query.region);
    notice.draft = true;
    notice.publicity_days = evaluation::kDefaultPublicityDays;
    std::string body = contact_form("/admin/evaluation/print", query, notice.contact, true) +
                       web::render_publicity_body(notice, live->result, query);
    send_print_page(ctx, notice.region_name + "科技特派员年度考核结果公示", body);
}

void admin_evaluation_override_submit(BackendContext& context, RequestContext& ctx) {
    const auto& r = ctx.request;
    web::EvaluationQuery query = read_query(ctx);
    evaluation::OverrideInput input;
    input.subject_kind = param(r, "kind", 8) == "team" ? "team" : "agent";
    auto id = parse_id(param(r, "id", 18));
    input.band = param(r, "band", 16);
    auto reason = web::form_field(r, "reason", evaluation::kMaxReasonChars * 3);
    std::string evaluation_param = param(r, "evaluation", 18);
    if (!evaluation_param.empty()) {
        input.evaluation_id = parse_id(evaluation_param);
    }
    std::string back = "/admin/evaluation/" + std::string(input.subject_kind == "team" ? "teams/" : "agents/") +
                       (id ? std::to_string(*id) : "0") + "?" +
                       (input.evaluation_id ? "evaluation=" + std::to_string(*input.evaluation_id) + "&" : "") +
                       query.query_string();
    if (!id || !ev::band_from_label(input.band) || !reason || reason->empty() ||
        (!evaluation_param.empty() && !input.evaluation_id)) {
        send_problem(context, ctx, 400, "请选择等次并填写调整理由。", back);
        return;
    }
    input.subject_id = *id;
    input.reason = *reason;
    auto written = service(context).add_override(actor_of(ctx), input, ctx.now_ms);
    if (!written) {
        send_service_error(context, ctx, written.error(), back);
        return;
    }
    web::send_redirect(ctx.response, back);
}

void admin_evaluation_complaint_submit(BackendContext& context, RequestContext& ctx) {
    auto event_id = capture_id(ctx, 1);
    const auto& r = ctx.request;
    web::EvaluationQuery query = read_query(ctx);
    auto agent = parse_id(param(r, "agent", 18));
    std::string back =
        "/admin/evaluation/agents/" + (agent ? std::to_string(*agent) : std::string("0")) + "?" + query.query_string();
    std::string decision = param(r, "decision", 16);
    auto reason = web::form_field(r, "reason", evaluation::kMaxReasonChars * 3);
    if (!event_id || (decision != "upheld" && decision != "not_upheld") || !reason || reason->empty()) {
        send_problem(context, ctx, 400, "请选择认定结果并填写理由。", back);
        return;
    }
    auto written =
        service(context).decide_complaint(actor_of(ctx), *event_id, decision == "upheld", *reason, ctx.now_ms);
    if (!written) {
        send_service_error(context, ctx, written.error(), back);
        return;
    }
    web::send_redirect(ctx.response, back);
}

// ---- 公示 and stored evaluations ----

void admin_evaluations_page(BackendContext& context, RequestContext& ctx) {
    std::string region = param(ctx.request, "region", 12);
    auto rows = service(context).list_stored(actor_of(ctx), region);
    if (!rows) {
        send_service_error(context, ctx, rows.error(), "/admin/evaluation");
        return;
    }
    Database& db = context.store.reader();
    std::string html = "<p class=\"muted\"><a href=\"/admin/evaluation\">← 返回考核排名</a></p><h1>公示与定稿</h1>";
    if (rows->empty()) {
        html += "<p class=\"card muted\">还没有发布过公示。在考核排名页点“按当前排名发布公示”。</p>";
    } else {
        std::vector<std::vector<std::string>> table;
        for (const auto& row : *rows) {
            table.push_back({"<a href=\"/admin/evaluation/evaluations/" + std::to_string(row.id) + "\">#" +
                                 std::to_string(row.id) + "</a>",
                             web::escape(region_display_name(db, row.region)),
                             web::escape(row.from_date) + " 至 " + web::escape(row.to_date),
                             web::escape(row.scheme_id) + " 第" + std::to_string(row.scheme_version) + "版",
                             web::escape(status_label(row.status)),
                             row.status == EvaluationStatus::Publicity
                                 ? web::escape(core::format_shanghai_date(row.publicity_until))
                                 : "",
                             std::to_string(row.objections) + "（未处理 " + std::to_string(row.objections_open) + "）",
                             web::escape(core::format_shanghai_datetime(row.created_at))});
        }
        html += web::admin_table({"编号", "地区", "时段", "方案", "状态", "公示截止", "异议", "发布时间"}, table);
    }
    send_admin(context, ctx, "公示与定稿", html);
}

void admin_evaluation_create_submit(BackendContext& context, RequestContext& ctx) {
    web::EvaluationQuery query = read_query(ctx);
    std::string back = "/admin/evaluation?" + query.query_string();
    auto days = parse_id(param(ctx.request, "publicity_days", 4));
    if (!days || *days > evaluation::kMaxPublicityDays) {
        send_problem(context, ctx, 400,
                     "公示天数应在 0 到 " + std::to_string(evaluation::kMaxPublicityDays) + " 之间。", back);
        return;
    }
    auto stored = service(context).create_snapshot(
        actor_of(ctx), service_query(query, evaluation::kDefaultEvidencePerItem), static_cast<int>(*days), ctx.now_ms);
    if (!stored) {
        send_service_error(context, ctx, stored.error(), back);
        return;
    }
    web::send_redirect(ctx.response, "/admin/evaluation/evaluations/" + std::to_string(stored->row.id));
}

void admin_evaluation_stored_page(BackendContext& context, RequestContext& ctx) {
    auto id = capture_id(ctx, 1);
    if (!id) {
        send_problem(context, ctx, 404, "找不到这次考核。", "/admin/evaluation/evaluations");
        return;
    }
    auto view = load_stored(context, ctx, *id);
    if (!view) {
        send_service_error(context, ctx, view.error(), "/admin/evaluation/evaluations");
        return;
    }
    Database& db = context.store.reader();
    const StoredEvaluationRow& row = view->stored.row;
    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    const std::string base = "/admin/evaluation/evaluations/" + std::to_string(*id);
    const bool open = row.status == EvaluationStatus::Publicity;
    std::string html = "<p class=\"muted\"><a href=\"/admin/evaluation/evaluations\">← 公示与定稿</a></p>";
    html += "<h1>考核 #" + std::to_string(*id) + " · " + web::escape(region_display_name(db, row.region)) + "</h1>";
    html += "<div class=\"card\">" + web::escape(view->result.scheme_name) + "（第 " +
            std::to_string(row.scheme_version) + " 版） · " + web::escape(row.from_date) + " 至 " +
            web::escape(row.to_date) + "<br>状态 <b>" + web::escape(status_label(row.status)) + "</b>";
    if (open) {
        html += " · 公示至 " + web::escape(core::format_shanghai_datetime(row.publicity_until));
    }
    if (row.finalized_at) {
        html += " · 定稿于 " + web::escape(core::format_shanghai_datetime(*row.finalized_at));
    }
    html += "<br><span class=\"muted\">冻结的考核结果：发布后新增的记录不影响本次结果。</span>";
    html += "<p><a class=\"button\" href=\"/api/v1/admin/evaluations/" + std::to_string(*id) +
            "?format=csv\" download>下载 CSV</a> <a class=\"button\" href=\"/api/v1/admin/evaluations/" +
            std::to_string(*id) +
            "?format=xlsx\" download>下载 Excel (.xlsx)</a> <a class=\"button secondary\" href=\"" + base +
            "/print\">打印公示</a></p>";
    if (open && ctx.now_ms < row.publicity_until) {
        html += "<p class=\"muted\">公示期结束（" + web::escape(core::format_shanghai_datetime(row.publicity_until)) +
                "）且异议全部处理后可以定稿。</p>";
    } else if (open) {
        html += "<form class=\"inline\" method=\"post\" action=\"" + base + "/finalize\">" + csrf +
                "<button type=\"submit\">定稿</button><span class=\"muted\">公示期结束且异议全部处理后才能定稿；"
                "定稿后不能再修改。</span></form>";
    }
    html += "</div>";

    // Objections: every one with its decision, a form to decide the open ones, a form to file one.
    std::map<int64_t, std::string> names;
    for (const auto& agent : view->result.agents) {
        names[agent.id] = agent.name;
    }
    std::map<int64_t, std::string> team_names;
    for (const auto& team : view->result.teams) {
        team_names[team.id] = team.name;
    }
    html += "<h2>异议（" + std::to_string(view->stored.objections.size()) + "）</h2>";
    for (const auto& o : view->stored.objections) {
        const auto& lookup = o.subject_kind == "team" ? team_names : names;
        auto name_it = lookup.find(o.subject_id);
        html += "<div class=\"card\" id=\"objection-" + std::to_string(o.id) + "\"><b>" +
                web::escape(name_it == lookup.end() ? std::to_string(o.subject_id) : name_it->second) + "</b> · " +
                web::escape(core::format_shanghai_datetime(o.filed_at)) + "<p>" + web::escape(o.text) + "</p>";
        if (o.accepted) {
            html += std::string("<span class=\"tag ") + (*o.accepted ? "\">采纳" : "bad\">不采纳") + "</span> " +
                    web::escape(o.decision_reason) + " <span class=\"muted\">" +
                    web::escape(core::format_shanghai_datetime(o.decided_at)) + "</span>";
        } else if (open) {
            html += "<form class=\"inline\" method=\"post\" action=\"" + base + "/objections/" + std::to_string(o.id) +
                    "\">" + csrf +
                    "<label>处理<select name=\"decision\"><option value=\"accept\">采纳</option><option "
                    "value=\"reject\">不采纳</option></select></label><label>理由<input name=\"reason\" "
                    "maxlength=\"500\" required></label><button type=\"submit\">保存处理结果</button></form>";
        } else {
            html += "<span class=\"tag warn\">未处理</span>";
        }
        html += "</div>";
    }
    if (open) {
        html += "<form class=\"card\" method=\"post\" action=\"" + base + "/objections\">" + csrf +
                "<b>登记异议</b><label>对象</label><select name=\"subject\">";
        for (const auto& agent : view->result.agents) {
            html += "<option value=\"agent:" + std::to_string(agent.id) + "\">" + web::escape(agent.name) + "</option>";
        }
        for (const auto& team : view->result.teams) {
            html +=
                "<option value=\"team:" + std::to_string(team.id) + "\">团队 " + web::escape(team.name) + "</option>";
        }
        html +=
            "</select><label>异议内容（代特派员登记）</label><textarea name=\"text\" rows=\"3\" maxlength=\"2000\" "
            "required></textarea><p><button type=\"submit\">登记异议</button></p></form>";
    }

    // The frozen ranking, each name leading to its frozen drill-down.
    const std::string evaluation_qs =
        web::escape("?evaluation=" + std::to_string(*id) + "&" + stored_query(row).query_string());
    std::vector<std::vector<std::string>> table;
    for (const auto& agent : view->result.agents) {
        table.push_back({std::to_string(agent.rank),
                         "<a href=\"/admin/evaluation/agents/" + std::to_string(agent.id) + evaluation_qs + "\">" +
                             web::escape(agent.name) + "</a>",
                         web::escape(agent.team), web::escape(ev::agent_type_label(agent.type)),
                         web::escape(ev::band_label(agent.band)), web::format_number(agent.score, 2)});
    }
    html += "<h2>特派员（" + std::to_string(view->result.agents.size()) + " 人）</h2>" +
            web::admin_table({"名次", "姓名", "团队", "类型", "等次", "总分"}, table, {0, 5});
    if (!view->result.teams.empty()) {
        std::vector<std::vector<std::string>> teams;
        for (const auto& team : view->result.teams) {
            teams.push_back({std::to_string(team.rank),
                             "<a href=\"/admin/evaluation/teams/" + std::to_string(team.id) + evaluation_qs + "\">" +
                                 web::escape(team.name) + "</a>",
                             web::escape(ev::band_label(team.band)), web::format_number(team.score, 2)});
        }
        html += "<h2>团队</h2>" + web::admin_table({"名次", "团队", "等次", "总分"}, teams, {0, 3});
    }
    if (!view->stored.overrides.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& o : view->stored.overrides) {
            const auto& lookup = o.subject_kind == "team" ? team_names : names;
            auto name_it = lookup.find(o.subject_id);
            rows.push_back({web::escape(name_it == lookup.end() ? std::to_string(o.subject_id) : name_it->second),
                            web::escape(o.band), "<span class=\"wrap\">" + web::escape(o.reason) + "</span>",
                            web::escape(o.actor_name), web::escape(core::format_shanghai_datetime(o.at))});
        }
        html += "<h2>等次调整</h2>" + web::admin_table({"对象", "等次", "理由", "调整人", "时间"}, rows);
    }
    send_admin(context, ctx, "考核 #" + std::to_string(*id), html);
}

void admin_evaluation_stored_print(BackendContext& context, RequestContext& ctx) {
    auto id = capture_id(ctx, 1);
    if (!id) {
        send_problem(context, ctx, 404, "找不到这次考核。", "/admin/evaluation/evaluations");
        return;
    }
    auto view = load_stored(context, ctx, *id);
    if (!view) {
        send_service_error(context, ctx, view.error(), "/admin/evaluation/evaluations");
        return;
    }
    Database& db = context.store.reader();
    const StoredEvaluationRow& row = view->stored.row;
    web::EvaluationQuery query = stored_query(row);
    web::PublicityNotice notice = notice_for(db, ctx, row.region);
    const int64_t published = row.published_at.value_or(row.created_at);
    notice.issued_on = core::format_shanghai_date(published);
    notice.objection_until = core::format_shanghai_date(row.publicity_until);
    notice.publicity_days =
        static_cast<int>(std::max<int64_t>(0, (row.publicity_until - published + core::kDayMs - 1) / core::kDayMs));
    const std::string action = "/admin/evaluation/evaluations/" + std::to_string(*id) + "/print";
    std::string body =
        contact_form(action, query, notice.contact, false) + web::render_publicity_body(notice, view->result, query);
    send_print_page(ctx, notice.region_name + "科技特派员年度考核结果公示", body);
}

void admin_evaluation_objection_submit(BackendContext& context, RequestContext& ctx) {
    auto id = capture_id(ctx, 1);
    const std::string back = "/admin/evaluation/evaluations/" + (id ? std::to_string(*id) : std::string("0"));
    std::string subject = param(ctx.request, "subject", 32);
    auto text = web::form_field(ctx.request, "text", evaluation::kMaxObjectionChars * 3);
    evaluation::ObjectionInput input;
    auto colon = subject.find(':');
    if (colon != std::string::npos) {
        input.subject_kind = subject.substr(0, colon);
        input.subject_id = parse_id(subject.substr(colon + 1)).value_or(0);
    }
    if (!id || (input.subject_kind != "agent" && input.subject_kind != "team") || input.subject_id == 0 || !text ||
        text->empty()) {
        send_problem(context, ctx, 400, "请选择对象并填写异议内容。", back);
        return;
    }
    input.text = *text;
    auto written = service(context).file_objection(actor_of(ctx), *id, input, ctx.now_ms);
    if (!written) {
        send_service_error(context, ctx, written.error(), back);
        return;
    }
    web::send_redirect(ctx.response, back + "#objection-" + std::to_string(written->id));
}

void admin_evaluation_objection_decide_submit(BackendContext& context, RequestContext& ctx) {
    auto id = capture_id(ctx, 1);
    auto objection = capture_id(ctx, 2);
    const std::string back = "/admin/evaluation/evaluations/" + (id ? std::to_string(*id) : std::string("0"));
    std::string decision = param(ctx.request, "decision", 16);
    auto reason = web::form_field(ctx.request, "reason", evaluation::kMaxReasonChars * 3);
    if (!id || !objection || (decision != "accept" && decision != "reject") || !reason || reason->empty()) {
        send_problem(context, ctx, 400, "请选择处理结果并填写理由。", back);
        return;
    }
    auto written =
        service(context).decide_objection(actor_of(ctx), *id, *objection, decision == "accept", *reason, ctx.now_ms);
    if (!written) {
        send_service_error(context, ctx, written.error(), back);
        return;
    }
    web::send_redirect(ctx.response, back + "#objection-" + std::to_string(*objection));
}

void admin_evaluation_finalize_submit(BackendContext& context, RequestContext& ctx) {
    auto id = capture_id(ctx, 1);
    const std::string back = "/admin/evaluation/evaluations/" + (id ? std::to_string(*id) : std::string("0"));
    if (!id) {
        send_problem(context, ctx, 404, "找不到这次考核。", "/admin/evaluation/evaluations");
        return;
    }
    auto done = service(context).finalize(actor_of(ctx), *id, ctx.now_ms);
    if (!done) {
        send_service_error(context, ctx, done.error(), back);
        return;
    }
    web::send_redirect(ctx.response, back);
}

// ---- 回访 ----

void admin_callbacks_page(BackendContext& context, RequestContext& ctx) {
    web::EvaluationQuery query = read_query(ctx);
    auto rows = service(context).callbacks(actor_of(ctx), query.region, query.from, query.to);
    if (!rows) {
        send_service_error(context, ctx, rows.error(), "/admin/evaluation");
        return;
    }
    Database& db = context.store.reader();
    const std::string csrf = web::csrf_input(web::csrf_token(ctx.credential));
    std::string html = "<p class=\"muted\"><a href=\"/admin/evaluation\">← 返回考核</a></p><h1>回访</h1>";
    html += "<p class=\"muted\">从特派员自己填报的走访和培训中随机抽取样本，逐一电话核实；核实结果计入考核。</p>";
    html +=
        "<form class=\"inline card\" method=\"get\" action=\"/admin/callbacks\">"
        "<label>开始<input type=\"date\" name=\"from\" value=\"" +
        web::escape(query.from) + "\" required></label><label>结束<input type=\"date\" name=\"to\" value=\"" +
        web::escape(query.to) + "\" required></label><input type=\"hidden\" name=\"region\" value=\"" +
        web::escape(query.region) + "\"><button class=\"secondary\" type=\"submit\">查看</button></form>";
    html += "<form class=\"inline card\" method=\"post\" action=\"/admin/callbacks/sample\">" + csrf +
            "<input type=\"hidden\" name=\"from\" value=\"" + web::escape(query.from) +
            "\"><input type=\"hidden\" name=\"to\" value=\"" + web::escape(query.to) +
            "\"><input type=\"hidden\" name=\"region\" value=\"" + web::escape(query.region) +
            "\"><label>样本数<input type=\"number\" name=\"size\" min=\"1\" max=\"" +
            std::to_string(evaluation::kMaxCallbackSample) +
            "\" value=\"20\" required></label><button type=\"submit\">抽取回访样本</button></form>";

    std::vector<std::vector<std::string>> table;
    for (const auto& row : *rows) {
        auto request = callback_request(db, row.subject_kind, row.subject_id);
        std::string phone = request ? masked(request->farmer_phone) : "—";
        if (request && !request->farmer_phone.empty()) {
            phone += "<form method=\"post\" action=\"/admin/callbacks/" + std::to_string(row.id) + "/phone\">" + csrf +
                     "<button class=\"secondary\" type=\"submit\">显示完整号码</button></form>";
        }
        std::string subject = web::escape(callback_subject_label(row.subject_kind));
        if (request) {
            subject += " · <a href=\"/admin/requests/" + web::escape(request->request_id) + "\">求助 " +
                       web::escape(request->request_code) + "</a>";
        } else {
            subject += " #" + web::escape(row.subject_id);
        }
        std::string result;
        if (row.result.empty()) {
            result = "<form class=\"inline\" method=\"post\" action=\"/admin/callbacks/" + std::to_string(row.id) +
                     "\">" + csrf + result_select() +
                     "<input name=\"note\" maxlength=\"200\" placeholder=\"备注\"><button "
                     "type=\"submit\">保存</button></form>";
        } else {
            result = "<b>" + web::escape(callback_result_label(row.result)) + "</b> " + web::escape(row.note) +
                     " <span class=\"muted\">" + web::escape(core::format_shanghai_datetime(row.at)) + "</span>";
        }
        table.push_back({"<span id=\"callback-" + std::to_string(row.id) + "\">" + std::to_string(row.id) + "</span>",
                         subject, web::escape(row.date), web::escape(row.agent_name),
                         web::escape(region_display_name(db, row.village_code)), phone, result});
    }
    html += "<h2>回访记录（" + std::to_string(rows->size()) + "）</h2>";
    if (table.empty()) {
        html += "<p class=\"card muted\">这个时段还没有回访。</p>";
    } else {
        html += web::admin_table({"编号", "内容", "日期", "特派员", "村", "农户电话", "结果"}, table);
    }
    send_admin(context, ctx, "回访", html);
}

void admin_callbacks_sample_submit(BackendContext& context, RequestContext& ctx) {
    web::EvaluationQuery query = read_query(ctx);
    const std::string back = "/admin/callbacks?from=" + query.from + "&to=" + query.to + "&region=" + query.region;
    auto size = parse_id(param(ctx.request, "size", 4));
    if (!size || *size < 1 || *size > evaluation::kMaxCallbackSample) {
        send_problem(context, ctx, 400, "样本数应在 1 到 " + std::to_string(evaluation::kMaxCallbackSample) + " 之间。",
                     back);
        return;
    }
    evaluation::CallbackSampleRequest request;
    request.region = query.region;
    request.from_date = query.from;
    request.to_date = query.to;
    request.size = static_cast<int>(*size);
    auto sample = service(context).draw_callback_sample(actor_of(ctx), request, ctx.now_ms);
    if (!sample) {
        send_service_error(context, ctx, sample.error(), back);
        return;
    }
    web::send_redirect(ctx.response, back);
}

void admin_callback_result_submit(BackendContext& context, RequestContext& ctx) {
    auto id = capture_id(ctx, 1);
    std::string result = param(ctx.request, "result", 16);
    auto note = web::form_field(ctx.request, "note", 200 * 3);
    if (!id || !valid_callback_result(result) || !note) {
        send_problem(context, ctx, 400, "请选择回访结果。", "/admin/callbacks");
        return;
    }
    auto written = service(context).record_callback_result(actor_of(ctx), *id, result, *note, ctx.now_ms);
    if (!written) {
        send_service_error(context, ctx, written.error(), "/admin/callbacks");
        return;
    }
    std::string from = written->date.size() == 10 ? written->date.substr(0, 4) + "-01-01" : today(ctx.now_ms);
    web::send_redirect(ctx.response, "/admin/callbacks?from=" + from + "&to=" + today(ctx.now_ms) + "#callback-" +
                                         std::to_string(*id));
}

// The farmer's full number for a phone check: shown once, audited like every full phone read.
void admin_callback_phone_submit(BackendContext& context, RequestContext& ctx) {
    auto id = capture_id(ctx, 1);
    Database& db = context.store.reader();
    auto row = id ? find_callback(db, *id) : std::nullopt;
    if (!row) {
        send_problem(context, ctx, 404, "找不到这条回访。", "/admin/callbacks");
        return;
    }
    auto request = callback_request(db, row->subject_kind, row->subject_id);
    const std::string& scope = ctx.person->region_code;
    if (!request || request->village_code.compare(0, scope.size(), scope) != 0) {
        send_problem(context, ctx, request ? 403 : 404,
                     request ? "这条回访不在您管理的地区内。" : "这条回访没有农户电话。", "/admin/callbacks");
        return;
    }
    context.store.write([&](Database& w) {
        write_audit(w,
                    {"user",
                     std::to_string(ctx.person->user_id),
                     "farmer_phone.read",
                     "request",
                     request->request_id,
                     ctx.client.address,
                     {{"role", caller_name(ctx.caller)}, {"via", "callback"}, {"callback_id", *id}}},
                    ctx.now_ms);
    });
    std::string html = "<p class=\"muted\"><a href=\"/admin/callbacks#callback-" + std::to_string(*id) +
                       "\">← 返回回访</a></p><h1>回访电话</h1><div class=\"card\">求助 <a href=\"/admin/requests/" +
                       web::escape(request->request_id) + "\">" + web::escape(request->request_code) +
                       "</a> · 特派员 " + web::escape(row->agent_name) + " · " + web::escape(row->date) +
                       "<p class=\"tiles\"><span><b>" + web::escape(request->farmer_phone) +
                       "</b>农户电话</span></p><p class=\"muted\">查看完整号码已记入审计日志。</p>";
    if (row->result.empty()) {
        html += "<form class=\"inline\" method=\"post\" action=\"/admin/callbacks/" + std::to_string(*id) + "\">" +
                web::csrf_input(web::csrf_token(ctx.credential)) + result_select() +
                "<input name=\"note\" maxlength=\"200\" placeholder=\"备注\"><button "
                "type=\"submit\">保存回访结果</button></form>";
    }
    html += "</div>";
    send_admin(context, ctx, "回访电话", html);
}

void admin_callback_new_page(BackendContext& context, RequestContext& ctx) {
    const std::string request_id = param(ctx.request, "request", 26);
    Database& db = context.store.reader();
    auto request = request_id.empty() ? std::nullopt : callback_request(db, "request", request_id);
    const std::string& scope = ctx.person->region_code;
    if (!request) {
        send_problem(context, ctx, 404, "找不到这条求助。", "/admin/requests");
        return;
    }
    if (request->village_code.compare(0, scope.size(), scope) != 0) {
        send_problem(context, ctx, 403, "这条求助不在您管理的地区内。", "/admin/requests");
        return;
    }
    std::string html = "<p class=\"muted\"><a href=\"/admin/requests/" + web::escape(request->request_id) +
                       "\">← 返回求助</a></p><h1>记录回访</h1><div class=\"card\">求助 " +
                       web::escape(request->request_code) + " · " +
                       web::escape(region_display_name(db, request->village_code)) + " · 农户电话 " +
                       web::escape(masked(request->farmer_phone)) + "</div>";
    html += "<form class=\"card\" method=\"post\" action=\"/admin/callbacks/new\">" +
            web::csrf_input(web::csrf_token(ctx.credential)) + "<input type=\"hidden\" name=\"request\" value=\"" +
            web::escape(request->request_id) + "\"><label>回访结果</label>" + result_select() +
            "<label>备注</label><textarea name=\"note\" rows=\"2\" maxlength=\"200\"></textarea><p><button "
            "type=\"submit\">保存回访</button></p></form>";
    send_admin(context, ctx, "记录回访", html);
}

void admin_callback_new_submit(BackendContext& context, RequestContext& ctx) {
    const std::string request_id = param(ctx.request, "request", 26);
    auto request = request_id.empty() ? std::nullopt : callback_request(context.store.reader(), "request", request_id);
    const std::string& scope = ctx.person->region_code;
    if (!request) {
        send_problem(context, ctx, 404, "找不到这条求助。", "/admin/requests");
        return;
    }
    if (request->village_code.compare(0, scope.size(), scope) != 0) {
        send_problem(context, ctx, 403, "这条求助不在您管理的地区内。", "/admin/requests");
        return;
    }
    std::string result = param(ctx.request, "result", 16);
    auto note = web::form_field(ctx.request, "note", 200 * 3);
    const std::string back = "/admin/callbacks/new?request=" + request_id;
    if (!valid_callback_result(result) || !note) {
        send_problem(context, ctx, 400, "请选择回访结果。", back);
        return;
    }
    auto written = service(context).record_callback(actor_of(ctx), "request", request_id, result, *note, ctx.now_ms);
    if (!written) {
        send_service_error(context, ctx, written.error(), back);
        return;
    }
    web::send_redirect(ctx.response, "/admin/requests/" + request_id);
}

}  // namespace xiangke::backend::handlers
