#include "web/evaluation_view.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "web/admin_shell.h"
#include "web/form.h"
#include "web/html.h"
#include "web/svg_chart.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::web {
namespace ev = core::evaluation;
namespace {

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string date_text(int year, int month, int day) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

int days_in_month(int year, int month) {
    int64_t first = core::days_from_civil({year, month, 1});
    int64_t next = month == 12 ? core::days_from_civil({year + 1, 1, 1}) : core::days_from_civil({year, month + 1, 1});
    return static_cast<int>(next - first);
}

std::string optional_number(const std::optional<double>& value, int decimals = 1) {
    return value ? format_number(*value, decimals) : "—";
}

std::string band_html(ev::Band band) {
    std::string label(ev::band_label(band));
    return "<span class=\"band-" + label + "\">" + escape(label) + "</span>";
}

// Why the entry has its band, in words.
std::string band_reason_text(const std::string& reason) {
    if (reason == "cutoff") {
        return "按分数线";
    }
    if (reason == "rank_rule") {
        return "名次未达优秀要求";
    }
    if (reason == "quota") {
        return "超出优秀名额，按良好";
    }
    if (reason == "floor") {
        return "未达最低服务量，定为不合格";
    }
    if (reason.rfind("override:", 0) == 0) {
        return "人工调整：" + reason.substr(reason.find(':') + 1);
    }
    return reason;
}

std::string flag_tags(const std::vector<ev::Flag>& flags) {
    std::string html;
    for (const auto& flag : flags) {
        html += "<span class=\"tag warn\" title=\"" + escape(flag.message) + "\">" + escape(flag_label(flag.code)) +
                "</span>";
    }
    return html;
}

std::string source_label(ev::EvidenceSource source) {
    switch (source) {
        case ev::EvidenceSource::Platform:
            return "平台记录";
        case ev::EvidenceSource::FarmerKiosk:
            return "农户触摸屏确认";
        case ev::EvidenceSource::FarmerSms:
            return "农户短信回复";
        case ev::EvidenceSource::SelfReported:
            return "本人填报";
        case ev::EvidenceSource::AdminCallback:
            return "管理员回访";
        case ev::EvidenceSource::KioskSignup:
            return "触摸屏报名签到";
    }
    return "";
}

std::string kind_label(const std::string& kind) {
    if (kind == "event") {
        return "事件";
    }
    if (kind == "visit") {
        return "服务记录";
    }
    if (kind == "feedback") {
        return "农户反馈";
    }
    if (kind == "training") {
        return "培训";
    }
    if (kind == "callback") {
        return "回访";
    }
    return kind;
}

std::string hidden(const std::string& name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
}

std::string query_hidden_inputs(const EvaluationQuery& query) {
    std::string html = hidden("scheme", query.scheme) + hidden("from", query.from) + hidden("to", query.to) +
                       hidden("region", query.region);
    if (query.team != 0) {
        html += hidden("team", std::to_string(query.team));
    }
    if (!query.agent_type.empty()) {
        html += hidden("type", query.agent_type);
    }
    return html;
}

std::string select(const std::string& name, const std::vector<Choice>& choices, const std::string& selected) {
    std::string html = "<select name=\"" + name + "\">";
    for (const auto& choice : choices) {
        html += "<option value=\"" + escape(choice.value) + "\"";
        if (choice.value == selected) {
            html += " selected";
        }
        html += ">" + escape(choice.label) + "</option>";
    }
    return html + "</select>";
}

std::vector<std::string> figure_cells(const ev::Figures& f) {
    return {std::to_string(f.handled),
            std::to_string(f.resolved),
            std::to_string(f.confirmed),
            format_number(f.satisfaction, 2),
            optional_number(f.median_claim_minutes, 0),
            std::to_string(f.overdue),
            std::to_string(f.service_days),
            std::to_string(f.visits),
            std::to_string(f.trainings),
            std::to_string(f.attendees)};
}

const std::vector<std::string>& figure_headers() {
    static const std::vector<std::string> kHeaders = {"处理", "解决",     "农户确认", "满意度", "接单中位(分钟)",
                                                      "超时", "服务天数", "走访",     "培训",   "参训人次"};
    return kHeaders;
}

// Dimension id → name across the scheme's agent types.
std::map<std::string, std::string> dimension_names(const ev::Scheme& scheme) {
    std::map<std::string, std::string> names;
    for (const auto& [type, section] : scheme.types) {
        (void)type;
        for (const auto& dimension : section.dimensions) {
            names.emplace(dimension.id, dimension.name);
        }
    }
    return names;
}

std::string dimension_name(const std::map<std::string, std::string>& names, const std::string& id) {
    auto it = names.find(id);
    return it == names.end() ? id : it->second;
}

std::string ranking_table(const std::vector<const ev::ScoredEntry*>& entries, const ev::Scheme& scheme,
                          const std::string& link_prefix, const std::string& query, bool teams) {
    std::vector<std::string> headers = {"名次", "姓名", teams ? "成员" : "团队", "类型", "等次", "总分"};
    // Columns in the scheme's order of the first entry's type (entries of other types with other
    // dimensions show theirs by id in the same columns when they match).
    std::vector<std::string> dimension_ids;
    if (!entries.empty()) {
        for (const auto& dimension : ev::type_scheme(scheme, entries.front()->type).dimensions) {
            dimension_ids.push_back(dimension.id);
        }
    }
    const auto names = dimension_names(scheme);
    for (const auto& id : dimension_ids) {
        headers.push_back(escape(dimension_name(names, id)));
    }
    for (const auto& h : figure_headers()) {
        headers.push_back(h);
    }
    headers.push_back("提示");
    std::vector<size_t> numeric = {0, 5};
    for (size_t i = 6; i < headers.size() - 1; ++i) {
        numeric.push_back(i);
    }
    std::vector<std::vector<std::string>> rows;
    rows.reserve(entries.size());
    for (const ev::ScoredEntry* e : entries) {
        std::vector<std::string> row = {
            std::to_string(e->rank),
            "<a href=\"" + escape(link_prefix + std::to_string(e->id) + "?" + query) + "\">" + escape(e->name) + "</a>",
            teams ? std::to_string(e->members.size()) + " 人" : escape(e->team),
            escape(ev::agent_type_label(e->type)),
            band_html(e->band),
            format_number(e->score, 2)};
        for (const auto& id : dimension_ids) {
            std::string cell;
            for (const auto& [dimension, points] : e->dimensions) {
                if (dimension == id) {
                    cell = format_number(points, 2);
                }
            }
            row.push_back(cell);
        }
        for (auto& cell : figure_cells(e->figures)) {
            row.push_back(std::move(cell));
        }
        row.push_back(flag_tags(e->flags));
        rows.push_back(std::move(row));
    }
    return admin_table(headers, rows, numeric);
}

}  // namespace

namespace {

void set_figure(ev::Figures& f, const std::string& name, const nlohmann::json& value) {
    if (value.is_null() || !value.is_number()) {
        return;
    }
    const double d = value.get<double>();
    const auto n = static_cast<int64_t>(d);
    static const std::map<std::string, int64_t ev::Figures::*> kCounts = {
        {"offered", &ev::Figures::offered},
        {"claimed", &ev::Figures::claimed},
        {"assigned", &ev::Figures::assigned},
        {"handled", &ev::Figures::handled},
        {"resolved", &ev::Figures::resolved},
        {"partly_resolved", &ev::Figures::partly_resolved},
        {"referred", &ev::Figures::referred},
        {"cannot_resolve", &ev::Figures::cannot_resolve},
        {"confirmed", &ev::Figures::confirmed},
        {"reopened", &ev::Figures::reopened},
        {"declined", &ev::Figures::declined},
        {"outcomes", &ev::Figures::outcomes},
        {"ratings", &ev::Figures::ratings},
        {"overdue", &ev::Figures::overdue},
        {"complaints", &ev::Figures::complaints},
        {"complaints_upheld", &ev::Figures::complaints_upheld},
        {"villages_covered", &ev::Figures::villages_covered},
        {"farmers_served", &ev::Figures::farmers_served},
        {"visits", &ev::Figures::visits},
        {"visits_onsite", &ev::Figures::visits_onsite},
        {"visits_phone", &ev::Figures::visits_phone},
        {"visits_video", &ev::Figures::visits_video},
        {"visits_training", &ev::Figures::visits_training},
        {"service_days", &ev::Figures::service_days},
        {"trainings", &ev::Figures::trainings},
        {"attendees", &ev::Figures::attendees},
    };
    static const std::map<std::string, std::optional<double> ev::Figures::*> kOptional = {
        {"mean_rating", &ev::Figures::mean_rating},
        {"median_claim_minutes", &ev::Figures::median_claim_minutes},
        {"p90_claim_minutes", &ev::Figures::p90_claim_minutes},
        {"median_contact_minutes", &ev::Figures::median_contact_minutes},
        {"p90_contact_minutes", &ev::Figures::p90_contact_minutes},
    };
    if (auto it = kCounts.find(name); it != kCounts.end()) {
        f.*(it->second) = n;
    } else if (auto opt = kOptional.find(name); opt != kOptional.end()) {
        f.*(opt->second) = d;
    } else if (name == "resolution_rate") {
        f.resolution_rate = d;
    } else if (name == "confirmation_rate") {
        f.confirmation_rate = d;
    } else if (name == "satisfaction") {
        f.satisfaction = d;
    }
}

ev::EvidenceSource source_from_name(const std::string& name) {
    for (auto source :
         {ev::EvidenceSource::Platform, ev::EvidenceSource::FarmerKiosk, ev::EvidenceSource::FarmerSms,
          ev::EvidenceSource::SelfReported, ev::EvidenceSource::AdminCallback, ev::EvidenceSource::KioskSignup}) {
        if (ev::evidence_source_name(source) == name) {
            return source;
        }
    }
    return ev::EvidenceSource::Platform;
}

ev::ScoredEntry decode_entry(const nlohmann::json& j, bool team) {
    ev::ScoredEntry e;
    e.id = j.value(team ? "team_id" : "agent_id", int64_t{0});
    e.name = j.value("name", "");
    e.team = j.value("team", "");
    e.type = ev::agent_type_from_name(j.value("type", "")).value_or(ev::AgentType::Individual);
    if (team && j.contains("members") && j["members"].is_array()) {
        for (const auto& m : j["members"]) {
            e.members.push_back(m.get<int64_t>());
        }
    }
    if (j.contains("figures") && j["figures"].is_object()) {
        for (const auto& [name, value] : j["figures"].items()) {
            set_figure(e.figures, name, value);
        }
    }
    if (j.contains("dimensions") && j["dimensions"].is_object()) {
        for (const auto& [id, points] : j["dimensions"].items()) {
            e.dimensions.emplace_back(id, points.is_number() ? points.get<double>() : 0.0);
        }
    }
    for (const auto& item : j.value("items", nlohmann::json::array())) {
        ev::ItemScore score;
        score.id = item.value("id", "");
        score.name = item.value("name", "");
        score.dimension = item.value("dimension", "");
        score.quantity = item.value("quantity", 0.0);
        score.points = item.value("points", 0.0);
        for (const auto& evidence : item.value("evidence", nlohmann::json::array())) {
            score.evidence.push_back({evidence.value("kind", ""), evidence.value("id", int64_t{0}),
                                      source_from_name(evidence.value("source", ""))});
        }
        e.items.push_back(std::move(score));
    }
    for (const auto& flag : j.value("flags", nlohmann::json::array())) {
        ev::Flag f;
        f.code = flag.value("code", "");
        f.message = flag.value("message", "");
        for (const auto& id : flag.value("event_ids", nlohmann::json::array())) {
            f.event_ids.push_back(id.get<int64_t>());
        }
        e.flags.push_back(std::move(f));
    }
    e.score = j.value("score", 0.0);
    e.band = ev::band_from_label(j.value("band", "")).value_or(ev::Band::Fail);
    e.band_reason = j.value("band_reason", "");
    e.rank = j.value("rank", 0);
    e.pool = j.value("pool", "");
    return e;
}

}  // namespace

ev::EvaluationResult decode_result(const nlohmann::json& answer) {
    ev::EvaluationResult result;
    result.period.from_date = answer.value("from", "");
    result.period.to_date = answer.value("to", "");
    if (answer.contains("scheme") && answer["scheme"].is_object()) {
        result.scheme_id = answer["scheme"].value("id", "");
        result.scheme_version = answer["scheme"].value("version", 0);
        result.scheme_name = answer["scheme"].value("name", "");
    }
    for (const auto& agent : answer.value("agents", nlohmann::json::array())) {
        result.agents.push_back(decode_entry(agent, false));
    }
    for (const auto& team : answer.value("teams", nlohmann::json::array())) {
        result.teams.push_back(decode_entry(team, true));
    }
    return result;
}

std::map<std::string, int64_t> decode_evidence_counts(const nlohmann::json& answer, bool team, int64_t id) {
    std::map<std::string, int64_t> counts;
    for (const auto& entry : answer.value(team ? "teams" : "agents", nlohmann::json::array())) {
        if (entry.value(team ? "team_id" : "agent_id", int64_t{0}) != id) {
            continue;
        }
        for (const auto& item : entry.value("items", nlohmann::json::array())) {
            if (item.contains("evidence_count") && item["evidence_count"].is_number_integer()) {
                counts[item.value("id", "")] = item["evidence_count"].get<int64_t>();
            }
        }
    }
    return counts;
}

std::string EvaluationQuery::query_string() const {
    std::string q = "scheme=" + percent_encode(scheme) + "&from=" + percent_encode(from) + "&to=" + percent_encode(to) +
                    "&region=" + percent_encode(region);
    if (team != 0) {
        q += "&team=" + std::to_string(team);
    }
    if (!agent_type.empty()) {
        q += "&type=" + percent_encode(agent_type);
    }
    return q;
}

std::vector<PeriodPreset> period_presets(const std::string& today) {
    int year = 0, month = 0, day = 0;
    if (std::sscanf(today.c_str(), "%d-%d-%d", &year, &month, &day) != 3) {
        return {};
    }
    int quarter_start = (month - 1) / 3 * 3 + 1;
    int last_month = month == 1 ? 12 : month - 1;
    int last_month_year = month == 1 ? year - 1 : year;
    return {
        {"本年度", date_text(year, 1, 1), today},
        {"上半年", date_text(year, 1, 1), date_text(year, 6, 30)},
        {"本季度", date_text(year, quarter_start, 1), today},
        {"上月", date_text(last_month_year, last_month, 1),
         date_text(last_month_year, last_month, days_in_month(last_month_year, last_month))},
    };
}

std::string agent_type_option_label(const std::string& value) {
    if (auto type = ev::agent_type_from_name(value)) {
        return std::string(ev::agent_type_label(*type));
    }
    return "";
}

std::string flag_label(const std::string& code) {
    if (code == "resolved_without_visit") {
        return "未走访即解决";
    }
    if (code == "never_contacted") {
        return "接单未联系";
    }
    if (code == "implausible_visits") {
        return "走访记录异常";
    }
    if (code == "ratings_one_phone") {
        return "评价来自同一号码";
    }
    if (code == "own_phone") {
        return "本人号码求助";
    }
    if (code == "confirmation_burst") {
        return "集中确认";
    }
    return code;
}

std::vector<const ev::ScoredEntry*> filter_agents(const ev::EvaluationResult& result, const EvaluationQuery& query) {
    std::string team_name;
    if (query.team != 0) {
        for (const auto& team : result.teams) {
            if (team.id == query.team) {
                team_name = team.name;
            }
        }
    }
    auto type = ev::agent_type_from_name(query.agent_type);
    std::vector<const ev::ScoredEntry*> kept;
    for (const auto& agent : result.agents) {
        if (query.team != 0 && (team_name.empty() || agent.team != team_name)) {
            continue;
        }
        if (type && agent.type != *type) {
            continue;
        }
        kept.push_back(&agent);
    }
    return kept;
}

std::string render_distribution(const std::vector<const ev::ScoredEntry*>& entries) {
    // Ten buckets of ten points (90 and above in the last), one series per band.
    constexpr size_t kBuckets = 10;
    constexpr std::array<ev::Band, 4> kBands = {ev::Band::Excellent, ev::Band::Good, ev::Band::Pass, ev::Band::Fail};
    std::array<std::array<int, 4>, kBuckets> counts{};
    std::array<int, 4> per_band{};
    for (const ev::ScoredEntry* e : entries) {
        size_t bucket = e->score <= 0 ? 0 : std::min<size_t>(kBuckets - 1, static_cast<size_t>(e->score / 10));
        size_t band = static_cast<size_t>(e->band);
        ++counts[bucket][band];
        ++per_band[band];
    }
    Chart chart;
    chart.title = "得分分布（按等次）";
    chart.x_label = "分数段";
    chart.y_label = "人数";
    for (size_t b = 0; b < kBuckets; ++b) {
        chart.categories.push_back(b + 1 == kBuckets ? "90+" : std::to_string(b * 10));
    }
    for (size_t band = 0; band < kBands.size(); ++band) {
        ChartSeries series;
        series.name = std::string(ev::band_label(kBands[band]));
        for (size_t b = 0; b < kBuckets; ++b) {
            series.values.push_back(counts[b][band]);
        }
        chart.series.push_back(std::move(series));
    }
    const std::string svg = svg_bar_chart(chart);

    std::vector<std::string> headers = {"分数段"};
    for (ev::Band band : kBands) {
        headers.emplace_back(ev::band_label(band));
    }
    headers.emplace_back("合计");
    std::vector<std::vector<std::string>> rows;
    for (size_t b = 0; b < kBuckets; ++b) {
        std::vector<std::string> row = {b + 1 == kBuckets ? "90 以上"
                                                          : std::to_string(b * 10) + "–" + std::to_string(b * 10 + 9)};
        int total = 0;
        for (size_t band = 0; band < kBands.size(); ++band) {
            row.push_back(std::to_string(counts[b][band]));
            total += counts[b][band];
        }
        row.push_back(std::to_string(total));
        rows.push_back(std::move(row));
    }
    std::vector<std::string> sum_row = {"合计"};
    int all = 0;
    for (int n : per_band) {
        sum_row.push_back(std::to_string(n));
        all += n;
    }
    sum_row.push_back(std::to_string(all));
    rows.push_back(std::move(sum_row));
    return "<figure class=\"card\" style=\"margin:10px 0\">" + svg + "</figure>" +
           admin_table(headers, rows, {1, 2, 3, 4, 5});
}

std::string render_ranking_body(const RankingForm& form, const ev::EvaluationResult& result, const ev::Scheme& scheme) {
    const EvaluationQuery& q = form.query;
    std::string html = "<h1>考核 · " + escape(form.region_name) + "</h1>";

    // The form: GET, so a ranking is a link one can bookmark or send.
    html += "<form class=\"inline card\" method=\"get\" action=\"/admin/evaluation\">";
    // Scheme names are long: the label may shrink below them on a phone.
    html += "<label style=\"max-width:100%\">方案" + select("scheme", form.schemes, result.scheme_id) + "</label>";
    html += "<label>开始<input type=\"date\" name=\"from\" value=\"" + escape(result.period.from_date) +
            "\" required></label>";
    html +=
        "<label>结束<input type=\"date\" name=\"to\" value=\"" + escape(result.period.to_date) + "\" required></label>";
    html += "<label>地区" + select("region", form.regions, q.region) + "</label>";
    std::vector<Choice> teams = {{"0", "全部团队"}};
    for (const auto& team : result.teams) {
        teams.push_back({std::to_string(team.id), team.name});
    }
    html += "<label>团队" + select("team", teams, std::to_string(q.team)) + "</label>";
    html += "<label>类型" +
            select("type", {{"", "全部类型"}, {"individual", "个人"}, {"team", "团队"}, {"organisation", "法人"}},
                   q.agent_type) +
            "</label>";
    html += "<button type=\"submit\">计算排名</button></form>";

    html += "<p class=\"muted\">时段：";
    for (const auto& preset : period_presets(form.today)) {
        EvaluationQuery p = q;
        p.from = preset.from;
        p.to = preset.to;
        html += "<a href=\"" + escape("/admin/evaluation?" + p.query_string()) + "\">" + escape(preset.label) + "</a> ";
    }
    html += "</p>";

    const std::string qs = escape(q.query_string());
    html += "<div class=\"card\"><b>" + escape(scheme.name) + "</b>（第 " + std::to_string(result.scheme_version) +
            " 版） · " + escape(result.period.from_date) + " 至 " + escape(result.period.to_date) + " · 实时计算的草稿";
    if (!scheme.note.empty()) {
        html += "<br><span class=\"muted\">" + escape(scheme.note) + "</span>";
    }
    html += "<p><a class=\"button\" href=\"/api/v1/admin/evaluation?" + qs +
            "&amp;format=csv\" download>下载 CSV</a> <a class=\"button\" href=\"/api/v1/admin/evaluation?" + qs +
            "&amp;format=xlsx\" download>下载 Excel (.xlsx)</a> <a class=\"button secondary\" "
            "href=\"/admin/evaluation/print?" +
            qs + "\">打印公示</a> <a class=\"button secondary\" href=\"/admin/evaluation/evaluations?region=" +
            percent_encode(q.region) + "\">公示与定稿</a></p>";
    html += "<form class=\"inline\" method=\"post\" action=\"/admin/evaluation/evaluations\">" + csrf_input(form.csrf) +
            query_hidden_inputs(q) +
            "<label>公示天数<input type=\"number\" name=\"publicity_days\" min=\"0\" max=\"60\" value=\"" +
            std::to_string(form.publicity_days) +
            "\" required></label><button type=\"submit\">按当前排名发布公示</button></form></div>";

    auto agents = filter_agents(result, q);
    html += "<h2>特派员排名（" + std::to_string(agents.size()) + " 人）</h2>";
    if (agents.empty()) {
        html += "<p class=\"card muted\">这个地区和时段没有可考核的特派员。</p>";
    }
    // 个人, 团队 and 法人 are ranked apart (each by its own scheme section): one table each.
    std::map<ev::AgentType, std::vector<const ev::ScoredEntry*>> by_type;
    for (const ev::ScoredEntry* e : agents) {
        by_type[e->type].push_back(e);
    }
    for (const auto& [type, entries] : by_type) {
        if (by_type.size() > 1) {
            html += "<h3>" + escape(ev::agent_type_label(type)) + "（" + std::to_string(entries.size()) + "）</h3>";
        }
        html += ranking_table(entries, scheme, "/admin/evaluation/agents/", q.query_string(), false);
    }
    if (!result.teams.empty() && q.agent_type.empty() && q.team == 0) {
        std::vector<const ev::ScoredEntry*> teams_kept;
        for (const auto& team : result.teams) {
            teams_kept.push_back(&team);
        }
        html += "<h2>团队排名（" + std::to_string(teams_kept.size()) + " 个）</h2>";
        html += ranking_table(teams_kept, scheme, "/admin/evaluation/teams/", q.query_string(), true);
    }
    html += "<h2>得分分布</h2>" + render_distribution(agents);
    return html;
}

std::string render_agent_body(const AgentPageData& data, const ev::ScoredEntry& entry,
                              const ev::EvaluationResult& result, const ev::Scheme& scheme) {
    const auto names = dimension_names(scheme);
    const std::string qs = escape(data.query.query_string());
    std::string html = "<p class=\"muted\"><a href=\"" + data.base_path +
                       (data.evaluation_id ? std::string() : "?" + qs) + "\">← 返回排名</a></p>";
    html += "<h1>" + escape(entry.name) + "</h1>";
    html += "<div class=\"card\">" + escape(ev::agent_type_label(entry.type));
    if (!entry.team.empty()) {
        html += " · 团队 " + escape(entry.team);
    }
    html += " · " + escape(result.scheme_name) + " · " + escape(result.period.from_date) + " 至 " +
            escape(result.period.to_date) + "<br>名次 <b>" + std::to_string(entry.rank) + "</b> · 总分 <b>" +
            format_number(entry.score, 2) + "</b> · 等次 " + band_html(entry.band);
    if (!entry.band_reason.empty()) {
        html += " <span class=\"muted\">（" + escape(band_reason_text(entry.band_reason)) + "）</span>";
    }
    html += "</div>";

    const ev::Figures& f = entry.figures;
    if (data.is_team && !entry.members.empty()) {
        html += "<p>成员：";
        for (int64_t member : entry.members) {
            auto it = std::find_if(result.agents.begin(), result.agents.end(),
                                   [&](const ev::ScoredEntry& agent) { return agent.id == member; });
            if (it == result.agents.end()) {
                continue;
            }
            html += "<a href=\"" +
                    escape("/admin/evaluation/agents/" + std::to_string(member) + "?" +
                           (data.evaluation_id ? "evaluation=" + std::to_string(*data.evaluation_id) + "&" : "") +
                           data.query.query_string()) +
                    "\">" + escape(it->name) + "</a>（" + escape(ev::band_label(it->band)) + "） ";
        }
        html += "</p>";
    }
    html += "<h2>数据</h2><div class=\"tiles\">";
    auto tile = [&](std::string_view label, const std::string& value) {
        html += "<div><b>" + value + "</b>" + std::string(label) + "</div>";
    };
    tile("推送", std::to_string(f.offered));
    tile("处理", std::to_string(f.handled));
    tile("解决", std::to_string(f.resolved));
    tile("部分解决", std::to_string(f.partly_resolved));
    tile("农户确认", std::to_string(f.confirmed));
    tile("解决率", format_number(f.resolution_rate * 100, 1) + "%");
    tile("确认率", format_number(f.confirmation_rate * 100, 1) + "%");
    tile("满意度", format_number(f.satisfaction, 2));
    tile("评价数", std::to_string(f.ratings));
    tile("接单中位(分钟)", optional_number(f.median_claim_minutes, 0));
    tile("接单P90(分钟)", optional_number(f.p90_claim_minutes, 0));
    tile("联系中位(分钟)", optional_number(f.median_contact_minutes, 0));
    tile("超时", std::to_string(f.overdue));
    tile("重新打开", std::to_string(f.reopened));
    tile("催办/成立", std::to_string(f.complaints) + "/" + std::to_string(f.complaints_upheld));
    tile("覆盖村", std::to_string(f.villages_covered));
    tile("服务农户", std::to_string(f.farmers_served));
    tile("服务天数", std::to_string(f.service_days));
    tile("走访(上门/电话/视频)", std::to_string(f.visits) + " (" + std::to_string(f.visits_onsite) + "/" +
                                     std::to_string(f.visits_phone) + "/" + std::to_string(f.visits_video) + ")");
    tile("培训/人次", std::to_string(f.trainings) + "/" + std::to_string(f.attendees));
    html += "</div>";

    if (!entry.dimensions.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& [name, score] : entry.dimensions) {
            rows.push_back({escape(dimension_name(names, name)), format_number(score, 2)});
        }
        html += "<h2>维度得分</h2>" + admin_table({"维度", "得分"}, rows, {1});
    }

    auto evidence_line = [&](const ev::Evidence& evidence) {
        std::string line = "<li><span class=\"tag\">" + escape(source_label(evidence.source)) + "</span>" +
                           escape(kind_label(evidence.kind)) + " #" + std::to_string(evidence.id);
        auto it = data.targets.find({evidence.kind, evidence.id});
        if (it != data.targets.end()) {
            if (!it->second.label.empty()) {
                line += " " + escape(it->second.label);
            }
            if (!it->second.request_id.empty()) {
                line += " · <a href=\"/admin/requests/" + escape(it->second.request_id) + "\">求助 " +
                        escape(it->second.request_code.empty() ? it->second.request_id : it->second.request_code) +
                        "</a>";
            }
        }
        if (evidence.kind == "callback") {
            line += " · <a href=\"/admin/callbacks?region=" + percent_encode(data.query.region) + "\">回访记录</a>";
        }
        return line + "</li>";
    };

    html += "<h2>考核项目</h2>";
    constexpr size_t kEvidenceShown = kEvidenceLinesPerItem;
    for (const auto& item : entry.items) {
        size_t total = item.evidence.size();
        if (auto it = data.evidence_counts.find(item.id); it != data.evidence_counts.end()) {
            total = std::max(total, static_cast<size_t>(it->second));
        }
        const size_t shown = std::min(item.evidence.size(), kEvidenceShown);
        html += "<details class=\"card\" id=\"item-" + escape(item.id) + "\"><summary><b>" + escape(item.name) + "</b>";
        if (!item.dimension.empty()) {
            html += " <span class=\"muted\">" + escape(dimension_name(names, item.dimension)) + "</span>";
        }
        html += " · 数量 " + format_number(item.quantity, 2) + " · 得分 <b>" + format_number(item.points, 2) +
                "</b> · 依据 " + std::to_string(total) + " 条</summary>";
        if (shown > 0) {
            html += "<ul>";
            for (size_t i = 0; i < shown; ++i) {
                html += evidence_line(item.evidence[i]);
            }
            html += "</ul>";
        }
        if (total > shown) {
            html += "<p class=\"muted\">另有 " + std::to_string(total - shown) + " 条未列出。</p>";
        }
        html += "</details>";
    }

    if (!entry.flags.empty()) {
        html += "<h2>提示</h2>";
        for (const auto& flag : entry.flags) {
            html += "<div class=\"card\"><span class=\"tag warn\">" + escape(flag_label(flag.code)) + "</span> " +
                    escape(flag.message) + "<ul>";
            for (size_t i = 0; i < flag.event_ids.size() && i < kEvidenceShown; ++i) {
                html += evidence_line({"event", flag.event_ids[i], ev::EvidenceSource::Platform});
            }
            html += "</ul></div>";
        }
    }

    if (!data.is_team) {
        html += "<h2>催办</h2>";
        if (data.complaints.empty()) {
            html += "<p class=\"muted\">这个时段没有针对本人的催办。</p>";
        }
        for (const auto& c : data.complaints) {
            html += "<div class=\"card\">" + escape(core::format_shanghai_datetime(c.at)) +
                    " · <a href=\"/admin/requests/" + escape(c.request_id) + "\">求助 " +
                    escape(c.request_code.empty() ? c.request_id : c.request_code) + "</a> · ";
            if (!c.upheld) {
                html += "<span class=\"tag warn\">未认定（按成立计）</span>";
            } else {
                html += std::string("<span class=\"tag ") + (*c.upheld ? "bad\">成立" : "\">不成立") + "</span> " +
                        escape(c.reason) + " <span class=\"muted\">" + escape(c.decided_by) + "</span>";
            }
            if (!data.read_only && !data.evaluation_id) {
                html += "<form class=\"inline\" method=\"post\" action=\"/admin/evaluation/complaints/" +
                        std::to_string(c.event_id) + "\">" + csrf_input(data.csrf) + query_hidden_inputs(data.query) +
                        hidden("agent", std::to_string(entry.id)) +
                        "<label>认定<select name=\"decision\"><option value=\"upheld\">成立</option>"
                        "<option value=\"not_upheld\">不成立</option></select></label>"
                        "<label>理由<input name=\"reason\" maxlength=\"200\" required></label>"
                        "<button type=\"submit\">保存认定</button></form>";
            }
            html += "</div>";
        }
    }

    html += "<h2>等次调整</h2>";
    if (data.override_view) {
        const auto& o = *data.override_view;
        html += "<div class=\"card\">已调整为 <b>" + escape(o.band) + "</b>，理由：" + escape(o.reason) +
                " <span class=\"muted\">" + escape(o.actor) + " · " + escape(core::format_shanghai_datetime(o.at)) +
                "</span></div>";
    } else {
        html += "<p class=\"muted\">没有人工调整。</p>";
    }
    if (!data.read_only) {
        html += "<form class=\"card\" method=\"post\" action=\"/admin/evaluation/overrides\">" + csrf_input(data.csrf) +
                query_hidden_inputs(data.query) + hidden("id", std::to_string(entry.id)) +
                hidden("kind", data.is_team ? "team" : "agent") +
                (data.evaluation_id ? hidden("evaluation", std::to_string(*data.evaluation_id)) : std::string()) +
                "<label>等次</label><select name=\"band\">";
        for (ev::Band band : {ev::Band::Excellent, ev::Band::Good, ev::Band::Pass, ev::Band::Fail}) {
            std::string label(ev::band_label(band));
            html += "<option value=\"" + label + "\">" + label + "</option>";
        }
        html +=
            "</select><label>理由（必填）</label><textarea name=\"reason\" rows=\"2\" maxlength=\"500\" "
            "required></textarea><p><button type=\"submit\">调整等次</button></p></form>";
    }
    return html;
}

std::string render_publicity_body(const PublicityNotice& notice, const ev::EvaluationResult& result,
                                  const EvaluationQuery& query) {
    std::string html = "<p class=\"no-print\"><button type=\"button\" id=\"print\">打印</button> ";
    html += "<a href=\"" + escape("/admin/evaluation?" + query.query_string()) + "\">返回考核</a></p>";
    html += "<h1>" + escape(notice.region_name) + "科技特派员年度考核结果公示</h1>";
    if (notice.draft) {
        html += "<p style=\"text-align:center\">（草稿，未发布）</p>";
    }
    html += "<p>根据《" + escape(result.scheme_name) + "》，经对 " + escape(result.period.from_date) + " 至 " +
            escape(result.period.to_date) + " 期间科技特派员服务情况的考核，现将考核结果公示如下：</p>";
    // 个人, 团队 and 法人 are ranked apart: one table each.
    std::map<ev::AgentType, std::vector<const ev::ScoredEntry*>> by_type;
    for (const auto* e : filter_agents(result, query)) {
        by_type[e->type].push_back(e);
    }
    for (const auto& [type, entries] : by_type) {
        if (by_type.size() > 1) {
            html += "<h2>" + escape(ev::agent_type_label(type)) + "科技特派员</h2>";
        }
        html +=
            "<table><thead><tr><th class=\"num\">名次</th><th>姓名</th><th>团队</th><th>等次</th><th "
            "class=\"num\">总分</th></tr></thead><tbody>";
        for (const auto* e : entries) {
            html += "<tr><td class=\"num\">" + std::to_string(e->rank) + "</td><td>" + escape(e->name) + "</td><td>" +
                    escape(e->team) + "</td><td>" + escape(ev::band_label(e->band)) + "</td><td class=\"num\">" +
                    format_number(e->score, 2) + "</td></tr>";
        }
        html += "</tbody></table>";
    }
    if (!result.teams.empty() && query.team == 0 && query.agent_type.empty()) {
        html +=
            "<h2>科技特派员团队</h2><table><thead><tr><th class=\"num\">名次</th><th>团队</th><th>等次</th><th "
            "class=\"num\">总分</th></tr></thead><tbody>";
        for (const auto& team : result.teams) {
            html += "<tr><td class=\"num\">" + std::to_string(team.rank) + "</td><td>" + escape(team.name) +
                    "</td><td>" + escape(ev::band_label(team.band)) + "</td><td class=\"num\">" +
                    format_number(team.score, 2) + "</td></tr>";
        }
        html += "</tbody></table>";
    }
    html += "<p>公示期为 " + std::to_string(notice.publicity_days) + " 天";
    if (!notice.objection_until.empty()) {
        html += "（至 " + escape(notice.objection_until) + " 止）";
    }
    html += "。公示期内如有异议，请以书面或电话形式向" + escape(notice.issuer) + "反映";
    if (!notice.contact.empty()) {
        html += "，联系人及电话：" + escape(notice.contact);
    }
    html += "。</p>";
    html += "<p class=\"sign\">" + escape(notice.issuer) + "<br>" + escape(notice.issued_on) + "</p>";
    return html;
}

}  // namespace xiangke::backend::web
