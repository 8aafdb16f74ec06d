// 总览 (/admin/): the service at a glance for the admin's region — open requests by status and
// age, what is overdue, today's activity, kiosks that stopped syncing, what villagers read, and
// where the evaluation stands. Every figure is one indexed read (store/admin_reads.h).
#include <algorithm>

#include "http/handlers.h"
#include "store/admin_reads.h"
#include "web/admin_kit.h"
#include "web/html.h"
#include "web/svg_chart.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

using web::escape;
using web::format_number;

constexpr int kWeeks = 12;
constexpr size_t kOverdueLimit = 30;
constexpr size_t kOfflineLimit = 20;
constexpr size_t kTopicSeries = 6;
constexpr size_t kTopVillages = 10;

constexpr const char* kAgeLabels[] = {"不到 1 天", "1–3 天", "3–7 天", "超过 7 天"};

std::string tile(std::string_view label, int64_t value) {
    return "<div><b>" + std::to_string(value) + "</b>" + std::string(label) + "</div>";
}

std::string week_label(int64_t week_start) {
    return core::format_shanghai_date(week_start).substr(5);  // MM-DD of the Monday
}

std::string_view overdue_reason_text(OverdueReason reason) {
    switch (reason) {
        case OverdueReason::LeaseExpired:
            return "接单后超时未联系";
        case OverdueReason::OfferSlaExceeded:
            return "超时无人接单";
        case OverdueReason::Escalated:
            return "已上报督办";
    }
    return "";
}

std::string request_link(const std::string& id, const std::string& code) {
    return "<a href=\"/admin/requests/" + id + "\">" + escape(code) + "</a>";
}

std::string open_section(const OpenRequestCounts& open) {
    std::string html = "<div class=\"grid2\"><div><h2>未办结求助（按状态）</h2>";
    std::vector<std::vector<std::string>> rows;
    for (const char* status : {"received", "offered", "reopened", "claimed", "contacted", "visited"}) {
        auto it = open.by_status.find(status);
        const int64_t n = it == open.by_status.end() ? 0 : it->second;
        rows.push_back({"<a href=\"/admin/requests?status=" + std::string(status) + "\">" +
                            escape(web::status_label(status)) + "</a>",
                        std::to_string(n)});
    }
    rows.push_back({"<b>合计</b>", "<b>" + std::to_string(open.total) + "</b>"});
    html += web::admin_table({"状态", "求助数"}, rows, {1});
    html += "</div><div><h2>未办结求助（按等待时间）</h2>";
    rows.clear();
    for (size_t i = 0; i < open.by_age.size(); ++i) {
        rows.push_back({kAgeLabels[i], std::to_string(open.by_age[i])});
    }
    html += web::admin_table({"收到至今", "求助数"}, rows, {1});
    return html + "</div></div>";
}

std::string weekly_requests_section(Database& db, const std::string& prefix, int64_t first_week) {
    auto counts = requests_per_week(db, prefix, first_week, kWeeks);
    web::Chart chart;
    chart.title = "每周收到的求助";
    chart.x_label = "周（周一日期）";
    chart.y_label = "求助数";
    web::ChartSeries series{"求助", {}};
    // The table under the chart: one column per week, as the chart reads.
    std::vector<std::string> headers = {"周"};
    std::vector<std::string> row = {"求助数"};
    std::vector<size_t> numeric;
    for (int w = 0; w < kWeeks; ++w) {
        const std::string label = week_label(first_week + w * kWeekMs);
        chart.categories.push_back(label);
        series.values.push_back(static_cast<double>(counts[static_cast<size_t>(w)]));
        numeric.push_back(headers.size());
        headers.push_back(label);
        row.push_back(std::to_string(counts[static_cast<size_t>(w)]));
    }
    chart.series.push_back(std::move(series));
    return "<h2>每周收到的求助（近 12 周）</h2>" + web::svg_bar_chart(chart) +
           web::admin_table(headers, {row}, numeric);
}

std::string overdue_section(BackendContext& context, Database& db, const std::string& prefix, int64_t now_ms) {
    const auto& m = context.config.matching;
    auto overdue =
        overdue_requests(db, prefix, now_ms, OverdueThresholds{m.offer_sla_minutes * core::kMinuteMs}, kOverdueLimit);
    std::vector<std::vector<std::string>> rows;
    for (const auto& o : overdue) {
        rows.push_back({request_link(o.id, o.code), escape(o.village_name),
                        escape(web::category_label_of(o.category)) + (o.crop.empty() ? "" : " · " + escape(o.crop)),
                        escape(web::status_label(o.status)), escape(o.holder_name.empty() ? "—" : o.holder_name),
                        "<span class=\"tag warn\">" + std::string(overdue_reason_text(o.reason)) + "</span>",
                        escape(web::age_label(o.since, now_ms))});
    }
    return "<h2>逾期（" + std::to_string(overdue.size()) + (overdue.size() == kOverdueLimit ? "+" : "") +
           "）</h2><p class=\"muted\">接单 " + std::to_string(m.lease_hours) + " 小时内未联系农户、等待接单超过 " +
           std::to_string(m.offer_sla_minutes) + " 分钟、或已上报督办且仍未处理的求助。</p>" +
           web::admin_table({"求助码", "村", "类别", "状态", "专家", "原因", "自"}, rows);
}

std::string kiosk_section(Database& db, const std::string& prefix, int64_t now_ms) {
    auto health = kiosk_health(db, prefix, now_ms, kOfflineLimit);
    std::string html = "<h2>触摸屏</h2><div class=\"tiles\">" + tile("在线（1 小时内同步）", health.online) +
                       tile("离线", health.offline) + "</div>";
    if (!health.offline_kiosks.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& k : health.offline_kiosks) {
            rows.push_back({escape(k.village_name), escape(k.device_name),
                            k.last_seen_at ? escape(web::datetime_text(k.last_seen_at)) + " <span class=\"muted\">" +
                                                 escape(web::age_label(*k.last_seen_at, now_ms)) + "</span>"
                                           : std::string("从未同步"),
                            k.backlog ? std::to_string(*k.backlog) : std::string("—")});
        }
        html += web::admin_table({"村", "设备", "最后同步", "待上传"}, rows, {3});
    }
    return html + "<p><a href=\"/admin/kiosks\">全部触摸屏</a></p>";
}

std::string reach_section(Database& db, const std::string& prefix, int64_t first_week) {
    auto cells = article_views_by_week(db, prefix, first_week);
    auto catalogue = current_content_catalogue(db);
    auto title_of = [&](const std::string& article_id) {
        auto it = catalogue.articles.find(article_id);
        return it == catalogue.articles.end() ? article_id : it->second.title;
    };
    auto topic_of = [&](const std::string& article_id) -> std::string {
        auto it = catalogue.articles.find(article_id);
        if (it == catalogue.articles.end()) {
            return article_id;  // not in the current pack: the id stands for itself
        }
        auto name = catalogue.topic_names.find(it->second.topic);
        return name == catalogue.topic_names.end() ? it->second.topic : name->second;
    };
    std::map<std::string, std::vector<int64_t>> by_topic;
    int64_t total = 0;
    for (const auto& c : cells) {
        if (c.week < 0 || c.week >= kWeeks) {
            continue;
        }
        auto& weeks = by_topic[topic_of(c.article_id)];
        weeks.resize(kWeeks, 0);
        weeks[static_cast<size_t>(c.week)] += c.views;
        total += c.views;
    }
    std::string html = "<h2>科普阅读（近 12 周，共 " + std::to_string(total) + " 次）</h2>";
    if (total == 0) {
        return html + "<p class=\"card muted\">近 12 周没有触摸屏上报的阅读数据。</p>";
    }
    // Topics by total views; beyond the first few, one 其他 line keeps the chart readable.
    auto sum = [](const std::vector<int64_t>& v) {
        int64_t s = 0;
        for (int64_t x : v) {
            s += x;
        }
        return s;
    };
    std::vector<std::pair<std::string, std::vector<int64_t>>> topics(by_topic.begin(), by_topic.end());
    std::stable_sort(topics.begin(), topics.end(),
                     [&](const auto& a, const auto& b) { return sum(a.second) > sum(b.second); });
    web::Chart chart;
    chart.title = "每周阅读次数（按主题）";
    chart.x_label = "周（周一日期）";
    chart.y_label = "阅读次数";
    for (int w = 0; w < kWeeks; ++w) {
        chart.categories.push_back(week_label(first_week + w * kWeekMs));
    }
    std::vector<std::string> headers = {"主题"};
    std::vector<size_t> numeric;
    for (const auto& c : chart.categories) {
        numeric.push_back(headers.size());
        headers.push_back(c);
    }
    numeric.push_back(headers.size());
    headers.push_back("合计");
    std::vector<std::vector<std::string>> rows;
    web::ChartSeries other{"其他", std::vector<double>(kWeeks, 0)};
    for (size_t t = 0; t < topics.size(); ++t) {
        std::vector<std::string> row = {escape(topics[t].first)};
        web::ChartSeries series{topics[t].first, {}};
        for (int w = 0; w < kWeeks; ++w) {
            const int64_t v = topics[t].second[static_cast<size_t>(w)];
            row.push_back(std::to_string(v));
            series.values.push_back(static_cast<double>(v));
            if (t >= kTopicSeries) {
                other.values[static_cast<size_t>(w)] += static_cast<double>(v);
            }
        }
        row.push_back(std::to_string(sum(topics[t].second)));
        rows.push_back(std::move(row));
        if (t < kTopicSeries) {
            chart.series.push_back(std::move(series));
        }
    }
    if (topics.size() > kTopicSeries) {
        chart.series.push_back(std::move(other));
    }
    html += web::svg_line_chart(chart) + web::admin_table(headers, rows, numeric);

    rows.clear();
    for (const auto& v : top_reading_villages(db, prefix, first_week, kTopVillages)) {
        rows.push_back({escape(v.village_name), std::to_string(v.views),
                        escape(v.top_article_id.empty() ? "—" : title_of(v.top_article_id))});
    }
    html += "<h3>阅读最多的村</h3>" + web::admin_table({"村", "阅读次数", "读得最多的文章"}, rows, {1});
    return html;
}

std::string evaluation_section(Database& db, const std::string& prefix) {
    std::string html = "<h2>考核进度</h2>";
    auto counts = evaluation_counts(db, prefix);
    if (counts) {
        auto n = [&](const char* status) {
            auto it = counts->find(status);
            return it == counts->end() ? int64_t{0} : it->second;
        };
        html += "<div class=\"tiles\">" + tile("草稿", n("draft")) + tile("公示中", n("publicity")) +
                tile("已定稿", n("final")) + "</div>";
    }
    return html + "<p><a class=\"button secondary\" href=\"/admin/evaluation\">打开考核</a></p>";
}

}  // namespace

void admin_overview_page(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const std::string& prefix = ctx.person->region_code;
    const int64_t now = ctx.now_ms;
    const int64_t first_week = shanghai_week_start(now) - (kWeeks - 1) * kWeekMs;

    const auto open = count_open_requests(db, prefix, now);
    const auto today = activity_since(db, prefix, shanghai_day_start(now));
    std::string html = "<h1>总览</h1><p class=\"muted\">" + escape(web::datetime_text(now)) + " 的情况</p>";
    html += "<h2>今天</h2><div class=\"tiles\">" + tile("未办结求助", open.total) + tile("今日收到", today.received) +
            tile("今日接单", today.claimed) + tile("今日服务", today.visits) + tile("今日报告结果", today.outcomes) +
            tile("今日农户确认", today.confirmations) + "</div>";
    html += overdue_section(context, db, prefix, now);
    html += open_section(open);
    html += weekly_requests_section(db, prefix, first_week);
    html += kiosk_section(db, prefix, now);
    html += reach_section(db, prefix, first_week);
    html += evaluation_section(db, prefix);
    web::send_admin(context, ctx, "总览", web::AdminSection::Overview, html);
}

}  // namespace xiangke::backend::handlers
