#pragma once
// What the administrator's pages read (总览, 求助, 通知, 审计), always inside a region-code prefix
// (the admin's person.region_code): a county admin never reads another county's rows. Every read
// is one or a few indexed queries, so a page stays within its time budget on a province-year
// database (docs/admin-web.md).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"

namespace xiangke::backend {

inline constexpr int64_t kDayMs = int64_t{24} * 3600 * 1000;
inline constexpr int64_t kWeekMs = 7 * kDayMs;

// Asia/Shanghai midnight at or before `utc_ms`, and the Monday 00:00 of its week.
int64_t shanghai_day_start(int64_t utc_ms);
int64_t shanghai_week_start(int64_t utc_ms);

// ---- 总览 ----
struct OpenRequestCounts {
    std::map<std::string, int64_t> by_status;  // status name → open requests
    std::array<int64_t, 4> by_age{};           // < 1 day, 1–3 days, 3–7 days, > 7 days since received
    int64_t total = 0;
};
OpenRequestCounts count_open_requests(Database& db, const std::string& prefix, int64_t now_ms);

enum class OverdueReason { LeaseExpired, OfferSlaExceeded, Escalated };
struct OverdueRequest {
    std::string id;
    std::string code;
    std::string village_name;
    std::string category;
    std::string crop;
    std::string status;
    std::string holder_name;
    int64_t since = 0;  // claimed at, waiting since, or escalated at
    OverdueReason reason = OverdueReason::OfferSlaExceeded;
};
struct OverdueThresholds {
    int64_t offer_sla_ms = 0;  // waiting unclaimed this long; a lease is overdue when its expiry timer is
};
std::vector<OverdueRequest> overdue_requests(Database& db, const std::string& prefix, int64_t now_ms,
                                             const OverdueThresholds& thresholds, size_t limit);

struct DayActivity {
    int64_t received = 0;
    int64_t claimed = 0;  // claims and assignments
    int64_t visits = 0;
    int64_t outcomes = 0;  // resolved, partly resolved, referred, cannot resolve
    int64_t confirmations = 0;
};
DayActivity activity_since(Database& db, const std::string& prefix, int64_t since_ms);

struct KioskHealth {
    std::string id;
    std::string village_code;
    std::string village_name;
    std::string device_name;
    std::optional<int64_t> last_seen_at;
    std::optional<int64_t> backlog;  // ops the kiosk last said were waiting to be sent, when known
};
struct KioskHealthSummary {
    int64_t online = 0;
    int64_t offline = 0;                      // never seen, or not seen for over an hour
    std::vector<KioskHealth> offline_kiosks;  // longest silent first, at most `limit`
};
inline constexpr int64_t kKioskOfflineAfterMs = int64_t{3600} * 1000;
KioskHealthSummary kiosk_health(Database& db, const std::string& prefix, int64_t now_ms, size_t limit);

// Requests received per week, `weeks` Monday-based weeks ending with the current one.
std::vector<int64_t> requests_per_week(Database& db, const std::string& prefix, int64_t first_week_start, int weeks);

// 科普 reach: article views reported by the region's kiosks (usage.report), per article and week
// from `first_week_start` (weekly totals of migration 11 for counties and wider regions).
struct ArticleWeekViews {
    std::string article_id;
    int week = 0;  // index from first_week_start
    int64_t views = 0;
};
std::vector<ArticleWeekViews> article_views_by_week(Database& db, const std::string& prefix, int64_t first_week_start);
// The villages whose kiosks reported the most views since `first_week_start`, with their most-read article.
struct VillageViews {
    std::string village_code;
    std::string village_name;
    int64_t views = 0;
    std::string top_article_id;
};
std::vector<VillageViews> top_reading_villages(Database& db, const std::string& prefix, int64_t first_week_start,
                                               size_t limit);

// Titles and topics of the current content pack (index.json, topics.json), when one is published.
struct ArticleInfo {
    std::string title;
    std::string topic;
};
struct ContentCatalogue {
    std::map<std::string, ArticleInfo> articles;     // by article id
    std::map<std::string, std::string> topic_names;  // topic id → 水稻病虫害
};
ContentCatalogue current_content_catalogue(Database& db);

// Stored evaluations by status (draft, 公示, final) when the evaluation tables exist; nullopt otherwise.
std::optional<std::map<std::string, int64_t>> evaluation_counts(Database& db, const std::string& prefix);

// ---- 求助 ----
struct RequestFilter {
    std::string prefix;    // the admin's region: always applied
    std::string status;    // a status name, "open", or empty
    std::string village;   // a code prefix (digits) or part of a village's name
    std::string category;  // a category code
    std::optional<int64_t> agent_id;
    std::optional<int64_t> from_ms;  // received at or after
    std::optional<int64_t> to_ms;    // received before
    std::string code;                // 求助码, exact
    int page = 0;
    int page_size = 50;
};
struct RequestListItem {
    std::string id;
    std::string code;
    std::string village_code;
    std::string village_name;
    std::string category;
    std::string crop;
    std::string status;
    std::string holder_name;
    int64_t received_at = 0;
    std::string farmer_phone_masked;
    int complaints = 0;
};
struct RequestListPage {
    std::vector<RequestListItem> items;
    bool has_more = false;
};
RequestListPage list_requests(Database& db, const RequestFilter& filter);

struct NamedId {
    int64_t id = 0;
    std::string name;
};
// Agents whose home region or a service region lies inside the prefix, by name.
std::vector<NamedId> agents_in_region(Database& db, const std::string& prefix, size_t limit);

// Agents with a service region that holds the village (the candidates for a reassignment).
std::vector<NamedId> agents_serving_village(Database& db, const std::string& village_code, size_t limit);
// The newest other request with this 求助码 inside the prefix (a duplicate's original).
std::optional<std::string> find_request_by_code(Database& db, const std::string& prefix, const std::string& code,
                                                const std::string& except_id);

// ---- 通知 ----
struct NoticeRow {
    int64_t id = 0;
    std::string region_prefix;
    std::string region_name;
    std::string title;
    std::string body;
    int64_t created_at = 0;
    int64_t until = 0;
};
// Notices whose region lies inside the prefix, newest first.
std::vector<NoticeRow> notices_in_region(Database& db, const std::string& prefix, size_t limit);
std::optional<NoticeRow> find_notice(Database& db, int64_t notice_id);

// ---- 审计 ----
struct AuditFilter {
    std::string prefix;
    std::string actor;   // a user id, or part of a user's name
    std::string action;  // exact, or a prefix ending in '.' (farmer_phone.)
    std::string object;  // an object id (request id, kiosk id, user id)
    std::optional<int64_t> from_ms;
    std::optional<int64_t> to_ms;
    int page = 0;
    int page_size = 50;
};
struct AuditRow {
    int64_t id = 0;
    int64_t at = 0;
    std::string actor_type;
    std::string actor_id;
    std::string actor_name;
    std::string action;
    std::string object_type;
    std::string object_id;
    std::string address;
    std::string detail;
    std::string region_code;
};
struct AuditPage {
    std::vector<AuditRow> rows;
    bool has_more = false;
};
// An entry is inside the prefix when the region recorded with it is (migration 11), or, for
// entries without one, when its actor is a person whose region is.
AuditPage list_audit(Database& db, const AuditFilter& filter);

}  // namespace xiangke::backend
