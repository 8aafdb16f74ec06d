#include "store/admin_reads.h"

#include <algorithm>
#include <mutex>
#include <set>
#include <variant>

#include "store/requests.h"
#include "xiangke/core/content_index.h"
#include "xiangke/core/phone.h"

namespace xiangke::backend {
namespace {

constexpr int64_t kShanghaiOffsetMs = int64_t{8} * 3600 * 1000;

// The end of a prefix's range: ':' sorts right after '9', so [prefix, prefix + ":") holds exactly
// the codes that start with the prefix, and an index on the code serves it as one range.
std::string range_end(const std::string& prefix) {
    return prefix + ":";
}

const std::string& waiting_status_sql_list() {
    static const std::string kList = status_sql_list([](lifecycle::RequestStatus s) {
        return s == lifecycle::RequestStatus::Received || s == lifecycle::RequestStatus::Offered ||
               s == lifecycle::RequestStatus::Reopened;
    });
    return kList;
}

using Binding = std::variant<std::string, int64_t>;

void bind_all(Statement& query, const std::vector<Binding>& bindings) {
    for (size_t i = 0; i < bindings.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        std::visit([&](const auto& value) { query.bind(index, value); }, bindings[i]);
    }
}

// LIKE pattern for "contains `text`", with the wildcards of the text escaped.
std::string contains_pattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern += '\\';
        }
        pattern += c;
    }
    return pattern + "%";
}

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_column(Database& db, const std::string& table, const std::string& column) {
    auto query = db.prepare("SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?");
    query.bind(1, table);
    query.bind(2, column);
    query.step();
    return query.column(0).getInt64() > 0;
}

std::string blob_text(SQLite::Column column) {
    return std::string(static_cast<const char*>(column.getBlob()), static_cast<size_t>(column.getBytes()));
}

}  // namespace

int64_t shanghai_day_start(int64_t utc_ms) {
    const int64_t local = utc_ms + kShanghaiOffsetMs;
    int64_t day = local / kDayMs;
    if (local % kDayMs < 0) {
        --day;
    }
    return day * kDayMs - kShanghaiOffsetMs;
}

int64_t shanghai_week_start(int64_t utc_ms) {
    const int64_t day_start = shanghai_day_start(utc_ms);
    const int64_t days = (day_start + kShanghaiOffsetMs) / kDayMs;  // 1970-01-01 was a Thursday
    const int64_t since_monday = ((days + 3) % 7 + 7) % 7;
    return day_start - since_monday * kDayMs;
}

OpenRequestCounts count_open_requests(Database& db, const std::string& prefix, int64_t now_ms) {
    // The partial index requests_open (migration 11) holds only open requests: its condition must
    // appear in the query word for word, which open_status_sql_list() gives.
    auto query = db.prepare("SELECT status, received_at FROM requests WHERE status IN (" + open_status_sql_list() +
                            ") AND village_code >= ? AND village_code < ?");
    query.bind(1, prefix);
    query.bind(2, range_end(prefix));
    OpenRequestCounts counts;
    while (query.step()) {
        ++counts.by_status[query.column(0).getString()];
        const int64_t age = now_ms - query.column(1).getInt64();
        const size_t bucket = age < kDayMs ? 0 : age < 3 * kDayMs ? 1 : age < 7 * kDayMs ? 2 : 3;
        ++counts.by_age[bucket];
        ++counts.total;
    }
    return counts;
}

std::vector<OverdueRequest> overdue_requests(Database& db, const std::string& prefix, int64_t now_ms,
                                             const OverdueThresholds& thresholds, size_t limit) {
    std::vector<OverdueRequest> out;
    std::set<std::string> seen;
    auto add = [&](Statement& query, OverdueReason reason) {
        while (query.step()) {
            OverdueRequest item;
            item.id = query.column(0).getString();
            if (!seen.insert(item.id).second) {
                continue;
            }
            item.code = query.column(1).getString();
            item.village_name = query.column(2).getString();
            item.category = query.column(3).getString();
            item.crop = query.column(4).getString();
            item.status = query.column(5).getString();
            item.holder_name = query.column(6).getString();
            item.since = query.column(7).getInt64();
            item.reason = reason;
            out.push_back(std::move(item));
        }
    };
    const std::string columns =
        "SELECT r.id, r.code, COALESCE(g.name, ''), r.category, r.crop, r.status, COALESCE(u.name, ''), ";
    const std::string joins =
        " LEFT JOIN regions g ON g.code = r.village_code LEFT JOIN users u ON u.id = r.holder_id ";
    {
        // Escalated and still unhandled (waiting, or claimed with nobody contacted).
        auto query = db.prepare(
            columns + "MAX(es.created_at) FROM escalations es JOIN requests r ON r.id = es.request_id" + joins +
            "WHERE es.county_code >= ? AND es.county_code < ? AND r.village_code >= ? AND "
            "r.village_code < ? AND r.status IN (" +
            waiting_status_sql_list() + ",'claimed') GROUP BY r.id ORDER BY 8 LIMIT ?");
        const std::string county = prefix.substr(0, std::min<size_t>(prefix.size(), 6));
        query.bind(1, county);
        query.bind(2, range_end(county));
        query.bind(3, prefix);
        query.bind(4, range_end(prefix));
        query.bind(5, static_cast<int64_t>(limit));
        add(query, OverdueReason::Escalated);
    }
    {
        // Claimed and not contacted within the lease: its expiry timer fell due and has not fired
        // (the scheduler releases these; any left here mean it is behind or switched off).
        auto query = db.prepare(columns +
                                "MIN(t.due_at) FROM scheduled_timers t JOIN requests r ON r.id = t.request_id" + joins +
                                "WHERE t.fired_at IS NULL AND t.due_at < ? AND t.kind = 'lease_expiry' AND r.status = "
                                "'claimed' AND r.holder_id = t.agent_id AND r.village_code >= ? AND r.village_code < ? "
                                "GROUP BY r.id ORDER BY 8 LIMIT ?");
        query.bind(1, now_ms);
        query.bind(2, prefix);
        query.bind(3, range_end(prefix));
        query.bind(4, static_cast<int64_t>(limit));
        add(query, OverdueReason::LeaseExpired);
    }
    {
        // Waiting for an agent with no change for longer than the offer SLA, oldest first
        // (requests_waiting_since: the scan stops at the SLA's edge).
        auto query = db.prepare(columns + "r.updated_at FROM requests r" + joins + "WHERE r.status IN (" +
                                waiting_status_sql_list() +
                                ") AND r.updated_at < ? AND r.village_code >= ? AND r.village_code < ? "
                                "ORDER BY r.updated_at LIMIT ?");
        query.bind(1, now_ms - thresholds.offer_sla_ms);
        query.bind(2, prefix);
        query.bind(3, range_end(prefix));
        query.bind(4, static_cast<int64_t>(limit));
        add(query, OverdueReason::OfferSlaExceeded);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const OverdueRequest& a, const OverdueRequest& b) { return a.since < b.since; });
    if (out.size() > limit) {
        out.resize(limit);
    }
    return out;
}

DayActivity activity_since(Database& db, const std::string& prefix, int64_t since_ms) {
    // Counties and wider regions read the daily totals (migration 11, `since_ms` a day start);
    // a narrower prefix counts the day's events, the events as the outer loop (CROSS JOIN).
    auto query = prefix.size() <= 6
                     ? db.prepare(
                           "SELECT kind, SUM(n) FROM event_days WHERE county >= ? AND county < ? AND "
                           "day_start >= ? GROUP BY kind")
                     : db.prepare(
                           "SELECT e.kind, COUNT(*) FROM request_events e CROSS JOIN requests r ON r.id = "
                           "e.request_id WHERE e.kind IN ('received', 'claimed', 'assigned', 'visited', "
                           "'resolved', 'partly_resolved', 'referred', 'cannot_resolve', 'confirmed') AND "
                           "r.village_code >= ? AND r.village_code < ? AND e.server_at >= ? GROUP BY e.kind");
    query.bind(1, prefix);
    query.bind(2, range_end(prefix));
    query.bind(3, since_ms);
    DayActivity activity;
    while (query.step()) {
        const std::string kind = query.column(0).getString();
        const int64_t n = query.column(1).getInt64();
        if (kind == "received") {
            activity.received += n;
        } else if (kind == "claimed" || kind == "assigned") {
            activity.claimed += n;
        } else if (kind == "visited") {
            activity.visits += n;
        } else if (kind == "confirmed") {
            activity.confirmations += n;
        } else {
            activity.outcomes += n;
        }
    }
    return activity;
}

KioskHealthSummary kiosk_health(Database& db, const std::string& prefix, int64_t now_ms, size_t limit) {
    // The backlog column comes with the kiosks' status reports; older schemas have none.
    static std::once_flag once;
    static bool with_backlog = false;
    std::call_once(once, [&] { with_backlog = has_column(db, "kiosks", "outbox_backlog"); });
    auto query = db.prepare(std::string("SELECT k.id, k.village_code, COALESCE(g.name, ''), k.device_name, "
                                        "k.last_seen_at, ") +
                            (with_backlog ? "k.outbox_backlog" : "NULL") +
                            " FROM kiosks k LEFT JOIN regions g ON g.code = k.village_code WHERE k.village_code >= ? "
                            "AND k.village_code < ? AND k.revoked_at IS NULL");
    query.bind(1, prefix);
    query.bind(2, range_end(prefix));
    KioskHealthSummary summary;
    while (query.step()) {
        std::optional<int64_t> last_seen;
        if (!query.is_null(4)) {
            last_seen = query.column(4).getInt64();
        }
        if (last_seen && now_ms - *last_seen <= kKioskOfflineAfterMs) {
            ++summary.online;
            continue;
        }
        ++summary.offline;
        KioskHealth k{query.column(0).getString(),
                      query.column(1).getString(),
                      query.column(2).getString(),
                      query.column(3).getString(),
                      last_seen,
                      std::nullopt};
        if (!query.is_null(5)) {
            k.backlog = query.column(5).getInt64();
        }
        summary.offline_kiosks.push_back(std::move(k));
    }
    std::sort(summary.offline_kiosks.begin(), summary.offline_kiosks.end(),
              [](const KioskHealth& a, const KioskHealth& b) {
                  return a.last_seen_at.value_or(0) < b.last_seen_at.value_or(0);
              });
    if (summary.offline_kiosks.size() > limit) {
        summary.offline_kiosks.resize(limit);
    }
    return summary;
}

std::vector<int64_t> requests_per_week(Database& db, const std::string& prefix, int64_t first_week_start, int weeks) {
    std::vector<int64_t> counts(static_cast<size_t>(std::max(weeks, 0)), 0);
    const int64_t end = first_week_start + weeks * kWeekMs;
    // Counties and wider regions read the weekly totals (migration 11); a narrower prefix counts
    // its own requests.
    auto query = prefix.size() <= 6
                     ? db.prepare(
                           "SELECT week_start, SUM(received) FROM request_weeks WHERE county >= ? AND county < ? "
                           "AND week_start >= ? AND week_start < ? GROUP BY week_start")
                     : db.prepare(
                           "SELECT ? + (received_at - ?) / ? * ?, COUNT(*) FROM requests WHERE village_code >= ? "
                           "AND village_code < ? AND received_at >= ? AND received_at < ? GROUP BY 1");
    if (prefix.size() <= 6) {
        query.bind(1, prefix);
        query.bind(2, range_end(prefix));
        query.bind(3, first_week_start);
        query.bind(4, end);
    } else {
        query.bind(1, first_week_start);
        query.bind(2, first_week_start);
        query.bind(3, kWeekMs);
        query.bind(4, kWeekMs);
        query.bind(5, prefix);
        query.bind(6, range_end(prefix));
        query.bind(7, first_week_start);
        query.bind(8, end);
    }
    while (query.step()) {
        const int64_t week = (query.column(0).getInt64() - first_week_start) / kWeekMs;
        if (week >= 0 && week < weeks) {
            counts[static_cast<size_t>(week)] += query.column(1).getInt64();
        }
    }
    return counts;
}

std::vector<ArticleWeekViews> article_views_by_week(Database& db, const std::string& prefix, int64_t first_week_start) {
    auto query = prefix.size() <= 6
                     ? db.prepare(
                           "SELECT article_id, week_start, SUM(views) FROM article_view_weeks WHERE county >= ? "
                           "AND county < ? AND week_start >= ? GROUP BY 1, 2")
                     : db.prepare(
                           "SELECT a.article_id, ? + (a.period_start - ?) / ? * ?, SUM(a.views) FROM kiosks k "
                           "JOIN article_views a ON a.kiosk_id = k.id WHERE k.village_code >= ? AND "
                           "k.village_code < ? AND a.period_start >= ? GROUP BY 1, 2");
    if (prefix.size() <= 6) {
        query.bind(1, prefix);
        query.bind(2, range_end(prefix));
        query.bind(3, first_week_start);
    } else {
        query.bind(1, first_week_start);
        query.bind(2, first_week_start);
        query.bind(3, kWeekMs);
        query.bind(4, kWeekMs);
        query.bind(5, prefix);
        query.bind(6, range_end(prefix));
        query.bind(7, first_week_start);
    }
    std::vector<ArticleWeekViews> out;
    while (query.step()) {
        out.push_back({query.column(0).getString(),
                       static_cast<int>((query.column(1).getInt64() - first_week_start) / kWeekMs),
                       query.column(2).getInt64()});
    }
    return out;
}

std::vector<VillageViews> top_reading_villages(Database& db, const std::string& prefix, int64_t first_week_start,
                                               size_t limit) {
    std::vector<VillageViews> villages;
    {
        auto query = db.prepare(
            "SELECT w.village_code, COALESCE(g.name, w.village_code), SUM(w.views) FROM village_view_weeks w "
            "LEFT JOIN regions g ON g.code = w.village_code WHERE w.village_code >= ? AND w.village_code < ? AND "
            "w.week_start >= ? GROUP BY w.village_code ORDER BY 3 DESC, 1 LIMIT ?");
        query.bind(1, prefix);
        query.bind(2, range_end(prefix));
        query.bind(3, first_week_start);
        query.bind(4, static_cast<int64_t>(limit));
        while (query.step()) {
            villages.push_back(
                {query.column(0).getString(), query.column(1).getString(), query.column(2).getInt64(), ""});
        }
    }
    // The most-read article of each: that village's kiosks' reports, a few thousand rows at most.
    auto top = db.prepare(
        "SELECT a.article_id, SUM(a.views) FROM kiosks k JOIN article_views a ON a.kiosk_id = k.id "
        "WHERE k.village_code = ? AND a.period_start >= ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1");
    for (auto& v : villages) {
        top.bind(1, v.village_code);
        top.bind(2, first_week_start);
        if (top.step()) {
            v.top_article_id = top.column(0).getString();
        }
        top.reset();
    }
    return villages;
}

ContentCatalogue current_content_catalogue(Database& db) {
    // index.json of a published pack never changes: decoded once per version.
    static std::mutex mutex;
    static int64_t cached_version = -1;
    static ContentCatalogue cached;
    auto version_query = db.prepare("SELECT MAX(version) FROM content_packs");
    version_query.step();
    const int64_t version = version_query.is_null(0) ? 0 : version_query.column(0).getInt64();
    version_query.reset();
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (version == cached_version) {
            return cached;
        }
    }
    ContentCatalogue catalogue;
    auto file = [&db, version](const std::string& path) -> std::optional<std::string> {
        auto query = db.prepare(
            "SELECT b.data FROM content_pack_files f JOIN content_blobs b ON b.sha256 = f.sha256 "
            "WHERE f.version = ? AND f.path = ?");
        query.bind(1, version);
        query.bind(2, path);
        if (!query.step()) {
            return std::nullopt;
        }
        return blob_text(query.column(0));
    };
    if (version > 0) {
        if (auto index_bytes = file("index.json")) {
            if (auto index = core::decode_pack_index(*index_bytes); index.ok()) {
                for (const auto& article : index->articles) {
                    catalogue.articles[article.id] = {article.title, article.topic};
                }
            }
        }
        if (auto topics_bytes = file("topics.json")) {
            auto topics = nlohmann::json::parse(*topics_bytes, nullptr, false);
            if (topics.is_object() && topics.contains("topics") && topics["topics"].is_array()) {
                for (const auto& t : topics["topics"]) {
                    if (t.is_object() && t.value("id", "") != "") {
                        catalogue.topic_names[t.value("id", "")] = t.value("name", "");
                    }
                }
            }
        }
    }
    std::lock_guard<std::mutex> lock(mutex);
    cached_version = version;
    cached = catalogue;
    return catalogue;
}

std::optional<std::map<std::string, int64_t>> evaluation_counts(Database& db, const std::string& prefix) {
    // The stored evaluations (公示 and final snapshots) come with the evaluation service; a
    // database without them has nothing to count.
    if (!has_column(db, "evaluations", "status") || !has_column(db, "evaluations", "region")) {
        return std::nullopt;
    }
    auto query =
        db.prepare("SELECT status, COUNT(*) FROM evaluations WHERE region >= ? AND region < ? GROUP BY status");
    query.bind(1, prefix);
    query.bind(2, range_end(prefix));
    std::map<std::string, int64_t> counts;
    while (query.step()) {
        counts[query.column(0).getString()] = query.column(1).getInt64();
    }
    return counts;
}

RequestListPage list_requests(Database& db, const RequestFilter& f) {
    std::string sql =
        "SELECT r.id, r.code, r.village_code, COALESCE(g.name, ''), r.category, r.crop, r.status, "
        "COALESCE(u.name, ''), r.received_at, r.farmer_phone, r.complaints FROM requests r "
        "LEFT JOIN regions g ON g.code = r.village_code LEFT JOIN users u ON u.id = r.holder_id "
        // The scope is checked on each row ('+' keeps SQLite from reading the whole region through
        // the village index and sorting it): the newest rows come first from requests_received.
        "WHERE +r.village_code >= ? AND +r.village_code < ?";
    std::vector<Binding> bindings = {f.prefix, range_end(f.prefix)};
    if (f.status == "open") {
        sql += " AND r.status IN (" + open_status_sql_list() + ")";
    } else if (!f.status.empty()) {
        sql += " AND r.status = ?";
        bindings.emplace_back(f.status);
    }
    if (all_digits(f.village)) {
        sql += " AND r.village_code >= ? AND r.village_code < ?";
        bindings.emplace_back(f.village);
        bindings.emplace_back(range_end(f.village));
    } else if (!f.village.empty()) {
        sql +=
            " AND r.village_code IN (SELECT code FROM regions WHERE code >= ? AND code < ? AND name LIKE ? ESCAPE "
            "'\\')";
        bindings.emplace_back(f.prefix);
        bindings.emplace_back(range_end(f.prefix));
        bindings.emplace_back(contains_pattern(f.village));
    }
    if (!f.category.empty()) {
        sql += " AND r.category = ?";
        bindings.emplace_back(f.category);
    }
    if (f.agent_id) {
        sql += " AND r.id IN (SELECT request_id FROM request_events WHERE agent_id = ?)";
        bindings.emplace_back(*f.agent_id);
    }
    if (f.from_ms) {
        sql += " AND r.received_at >= ?";
        bindings.emplace_back(*f.from_ms);
    }
    if (f.to_ms) {
        sql += " AND r.received_at < ?";
        bindings.emplace_back(*f.to_ms);
    }
    if (!f.code.empty()) {
        sql += " AND r.code = ?";
        bindings.emplace_back(f.code);
    }
    sql += " ORDER BY r.received_at DESC, r.rowid DESC LIMIT ? OFFSET ?";
    bindings.emplace_back(static_cast<int64_t>(f.page_size + 1));
    bindings.emplace_back(static_cast<int64_t>(f.page) * f.page_size);
    auto query = db.prepare(sql);
    bind_all(query, bindings);
    RequestListPage page;
    while (query.step()) {
        if (static_cast<int>(page.items.size()) == f.page_size) {
            page.has_more = true;
            break;
        }
        RequestListItem item;
        item.id = query.column(0).getString();
        item.code = query.column(1).getString();
        item.village_code = query.column(2).getString();
        item.village_name = query.column(3).getString();
        item.category = query.column(4).getString();
        item.crop = query.column(5).getString();
        item.status = query.column(6).getString();
        item.holder_name = query.column(7).getString();
        item.received_at = query.column(8).getInt64();
        // Lists show masked numbers; the full one is behind the audited reveal.
        item.farmer_phone_masked = core::mask_phone_text(query.column(9).getString());
        item.complaints = query.column(10).getInt();
        page.items.push_back(std::move(item));
    }
    return page;
}

std::vector<NamedId> agents_in_region(Database& db, const std::string& prefix, size_t limit) {
    auto query = db.prepare(
        "SELECT u.id, u.name FROM users u WHERE u.role = 'agent' AND ((u.region_code >= ? AND u.region_code < ?) "
        "OR EXISTS (SELECT 1 FROM agent_service_regions s WHERE s.user_id = u.id AND ((s.prefix >= ? AND s.prefix < "
        "?) OR substr(?, 1, length(s.prefix)) = s.prefix))) ORDER BY u.name, u.id LIMIT ?");
    query.bind(1, prefix);
    query.bind(2, range_end(prefix));
    query.bind(3, prefix);
    query.bind(4, range_end(prefix));
    query.bind(5, prefix);
    query.bind(6, static_cast<int64_t>(limit));
    std::vector<NamedId> agents;
    while (query.step()) {
        agents.push_back({query.column(0).getInt64(), query.column(1).getString()});
    }
    return agents;
}

std::vector<NamedId> agents_serving_village(Database& db, const std::string& village_code, size_t limit) {
    auto query = db.prepare(
        "SELECT u.id, u.name FROM users u WHERE u.role = 'agent' AND u.active = 1 AND EXISTS (SELECT 1 FROM "
        "agent_service_regions s WHERE s.user_id = u.id AND substr(?, 1, length(s.prefix)) = s.prefix) "
        "ORDER BY u.name, u.id LIMIT ?");
    query.bind(1, village_code);
    query.bind(2, static_cast<int64_t>(limit));
    std::vector<NamedId> agents;
    while (query.step()) {
        agents.push_back({query.column(0).getInt64(), query.column(1).getString()});
    }
    return agents;
}

std::optional<std::string> find_request_by_code(Database& db, const std::string& prefix, const std::string& code,
                                                const std::string& except_id) {
    auto query = db.prepare(
        "SELECT id FROM requests WHERE code = ? AND id != ? AND village_code >= ? AND village_code < ? "
        "ORDER BY received_at DESC LIMIT 1");
    query.bind(1, code);
    query.bind(2, except_id);
    query.bind(3, prefix);
    query.bind(4, range_end(prefix));
    if (!query.step()) {
        return std::nullopt;
    }
    return query.column(0).getString();
}

namespace {
NoticeRow notice_row(Statement& query) {
    return {query.column(0).getInt64(),  query.column(1).getString(), query.column(2).getString(),
            query.column(3).getString(), query.column(4).getString(), query.column(5).getInt64(),
            query.column(6).getInt64()};
}
constexpr const char* kNoticeColumns =
    "SELECT n.id, n.region_prefix, COALESCE(g.name, n.region_prefix), n.title, n.body, n.created_at, n.until "
    "FROM notices n LEFT JOIN regions g ON g.code = n.region_prefix ";
}  // namespace

std::vector<NoticeRow> notices_in_region(Database& db, const std::string& prefix, size_t limit) {
    auto query = db.prepare(std::string(kNoticeColumns) +
                            "WHERE n.region_prefix >= ? AND n.region_prefix < ? ORDER BY n.id DESC LIMIT ?");
    query.bind(1, prefix);
    query.bind(2, range_end(prefix));
    query.bind(3, static_cast<int64_t>(limit));
    std::vector<NoticeRow> rows;
    while (query.step()) {
        rows.push_back(notice_row(query));
    }
    return rows;
}

std::optional<NoticeRow> find_notice(Database& db, int64_t notice_id) {
    auto query = db.prepare(std::string(kNoticeColumns) + "WHERE n.id = ?");
    query.bind(1, notice_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return notice_row(query);
}

AuditPage list_audit(Database& db, const AuditFilter& f) {
    std::string sql =
        "SELECT a.id, a.at, a.actor_type, COALESCE(a.actor_id, ''), COALESCE(u.name, ''), a.action, "
        "COALESCE(a.object_type, ''), COALESCE(a.object_id, ''), COALESCE(a.address, ''), COALESCE(a.detail, ''), "
        "COALESCE(a.region_code, '') FROM audit_log a LEFT JOIN users u ON a.actor_type = 'user' AND "
        "u.id = CAST(a.actor_id AS INTEGER) WHERE ((+a.region_code >= ? AND +a.region_code < ?) OR "
        "(a.region_code IS NULL AND u.region_code >= ? AND u.region_code < ?))";
    std::vector<Binding> bindings = {f.prefix, range_end(f.prefix), f.prefix, range_end(f.prefix)};
    if (all_digits(f.actor)) {
        sql += " AND a.actor_id = ?";
        bindings.emplace_back(f.actor);
    } else if (!f.actor.empty()) {
        sql += " AND u.name LIKE ? ESCAPE '\\'";
        bindings.emplace_back(contains_pattern(f.actor));
    }
    if (!f.action.empty() && f.action.back() == '.') {
        sql += " AND a.action >= ? AND a.action < ?";
        bindings.emplace_back(f.action);
        bindings.emplace_back(f.action.substr(0, f.action.size() - 1) + "/");  // '/' sorts right after '.'
    } else if (!f.action.empty()) {
        sql += " AND a.action = ?";
        bindings.emplace_back(f.action);
    }
    if (!f.object.empty()) {
        sql += " AND a.object_id = ?";
        bindings.emplace_back(f.object);
    }
    if (f.from_ms) {
        sql += " AND a.at >= ?";
        bindings.emplace_back(*f.from_ms);
    }
    if (f.to_ms) {
        sql += " AND a.at < ?";
        bindings.emplace_back(*f.to_ms);
    }
    sql += " ORDER BY a.id DESC LIMIT ? OFFSET ?";
    bindings.emplace_back(static_cast<int64_t>(f.page_size + 1));
    bindings.emplace_back(static_cast<int64_t>(f.page) * f.page_size);
    auto query = db.prepare(sql);
    bind_all(query, bindings);
    AuditPage page;
    while (query.step()) {
        if (static_cast<int>(page.rows.size()) == f.page_size) {
            page.has_more = true;
            break;
        }
        page.rows.push_back({query.column(0).getInt64(), query.column(1).getInt64(), query.column(2).getString(),
                             query.column(3).getString(), query.column(4).getString(), query.column(5).getString(),
                             query.column(6).getString(), query.column(7).getString(), query.column(8).getString(),
                             query.column(9).getString(), query.column(10).getString()});
    }
    return page;
}

}  // namespace xiangke::backend
