#include "matching/feed.h"

#include <algorithm>
#include <unordered_set>

#include "matching/agents.h"

namespace xiangke::backend {
namespace {

namespace matching = core::matching;

// The same list the partial index requests_awaiting_pickup is defined with (migration 6), word
// for word, so SQLite uses it.
constexpr const char* kAwaitingPickup = "r.status IN ('received', 'offered', 'reopened')";

std::unordered_set<std::string> declined_by(Database& db, int64_t agent_id) {
    auto query = db.prepare("SELECT request_id FROM request_events WHERE agent_id = ? AND kind = 'declined'");
    query.bind(1, agent_id);
    std::unordered_set<std::string> ids;
    while (query.step()) {
        ids.insert(query.column(0).getString());
    }
    return ids;
}

}  // namespace

std::string agent_availability(Database& db, int64_t agent_id, int64_t now_ms) {
    auto agent = load_agent(db, agent_id, now_ms);
    if (!agent || !agent->active) {
        return "inactive";
    }
    if (matching::on_leave(*agent, shanghai_day(now_ms))) {
        return "on_leave";
    }
    if (agent->held >= agent->capacity) {
        return "at_capacity";
    }
    return "";
}

std::vector<FeedItem> agent_feed(Database& db, int64_t agent_id, int64_t now_ms, const MatchingConfig& config,
                                 size_t limit) {
    std::vector<FeedItem> items;
    auto agent = load_agent(db, agent_id, now_ms);
    const int64_t today = shanghai_day(now_ms);
    if (!agent || !agent->active || matching::on_leave(*agent, today) || agent->held >= agent->capacity) {
        return items;
    }
    const auto declined = declined_by(db, agent_id);
    std::unordered_set<std::string> seen;
    // The expertise filter runs in SQL (the subqueries are evaluated once per statement); names
    // and codes are read afterwards for the few requests that make the list.
    auto query = db.prepare(
        std::string("SELECT r.id, r.category, r.crop, r.village_code, r.received_at, l.latitude, l.longitude "
                    "FROM requests r LEFT JOIN region_locations l ON l.code = r.village_code WHERE ") +
        kAwaitingPickup +
        " AND r.village_code >= ?2 AND r.village_code < ?3 AND (r.category IN (SELECT tag FROM agent_expertise WHERE "
        "user_id = ?1) OR r.crop IN (SELECT tag FROM agent_expertise WHERE user_id = ?1))");
    for (const auto& prefix : agent->service_prefixes) {
        query.reset();
        query.bind(1, agent_id);
        query.bind(2, prefix);
        query.bind(3, prefix + ":");  // ':' sorts right after '9': the range is exactly the prefix
        while (query.step()) {
            std::string id = query.column(0).getString();
            if (declined.count(id) != 0 || !seen.insert(id).second) {
                continue;
            }
            matching::RequestProfile request{id, query.column(3).getString(), query.column(1).getString(),
                                             query.column(2).getString(), std::nullopt};
            if (!query.is_null(5) && !query.is_null(6)) {
                request.location = matching::GeoPoint{query.column(5).getDouble(), query.column(6).getDouble()};
            }
            if (matching::check_eligibility(*agent, request, today) != matching::Ineligibility::None) {
                continue;
            }
            auto scored = matching::score(*agent, request, config.scoring, category_label_of(request.category));
            FeedItem item;
            item.request_id = std::move(id);
            item.category = request.category;
            item.crop = request.crop;
            item.village_code = request.village_code;
            item.received_at = query.column(4).getInt64();
            item.score = scored.total;
            item.factors = std::move(scored.factors);
            item.distance_km = scored.distance_km;
            items.push_back(std::move(item));
        }
    }
    std::sort(items.begin(), items.end(), [](const FeedItem& a, const FeedItem& b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        return a.received_at < b.received_at;
    });
    if (items.size() > limit) {
        items.resize(limit);
    }
    auto details = db.prepare(
        "SELECT r.code, r.created_at, g.name FROM requests r LEFT JOIN regions g ON g.code = r.village_code "
        "WHERE r.id = ?");
    for (auto& item : items) {
        details.reset();
        details.bind(1, item.request_id);
        if (details.step()) {
            item.code = details.column(0).getString();
            item.created_at = details.column(1).getInt64();
            item.village_name = details.is_null(2) ? "" : details.column(2).getString();
        }
    }
    return items;
}

}  // namespace xiangke::backend
