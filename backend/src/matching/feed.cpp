#include "matching/feed.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "matching/agents.h"
#include "xiangke/core/category.h"

namespace xiangke::backend {
namespace {

namespace matching = core::matching;

// The same list the partial indexes on awaiting requests are defined with (migration 8), word
// for word, so SQLite uses them.
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

// Villages with requests awaiting pickup inside the agent's service area, each once. A loose
// index scan: one seek per village in the partial index of waiting requests (named, so closed
// requests are never read) instead of reading every waiting request.
std::set<std::string> villages_with_waiting_requests(Database& db, const matching::AgentProfile& agent) {
    const std::string select = std::string(
                                   "SELECT r.village_code FROM requests r INDEXED BY requests_awaiting_by_crop "
                                   "WHERE ") +
                               kAwaitingPickup;
    auto first =
        db.prepare(select + " AND r.village_code >= ?1 AND r.village_code < ?2 ORDER BY r.village_code LIMIT 1");
    auto next = db.prepare(select + " AND r.village_code > ?1 AND r.village_code < ?2 ORDER BY r.village_code LIMIT 1");
    std::set<std::string> villages;
    for (const auto& prefix : agent.service_prefixes) {
        const std::string end = prefix + ":";  // ':' sorts right after '9': the range is exactly the prefix
        Statement* query = &first;
        std::string from = prefix;
        for (;;) {
            query->reset();
            query->bind(1, from);
            query->bind(2, end);
            if (!query->step()) {
                break;
            }
            from = query->column(0).getString();
            villages.insert(from);
            query = &next;
        }
    }
    return villages;
}

// The village's coordinates when known (region_locations), through a prepared lookup.
std::optional<matching::GeoPoint> village_location(Statement& lookup, const std::string& village_code) {
    lookup.reset();
    lookup.bind(1, village_code);
    if (!lookup.step()) {
        return std::nullopt;
    }
    return matching::GeoPoint{lookup.column(0).getDouble(), lookup.column(1).getDouble()};
}

constexpr const char* kLocationLookup = "SELECT latitude, longitude FROM region_locations WHERE code = ?";

// Requests that all have the same score for this agent: one village, and one expertise tag that
// matches either their crop or their category. Scores differ only between streams.
struct FeedStream {
    std::string village_code;
    std::string tag;
    bool by_crop = false;
    double score = 0;
};

std::vector<FeedStream> scored_streams(Database& db, const matching::AgentProfile& agent,
                                       const matching::ScoringConfig& scoring) {
    auto locations = db.prepare(kLocationLookup);
    std::vector<FeedStream> streams;
    for (const auto& village : villages_with_waiting_requests(db, agent)) {
        matching::RequestProfile request{"", village, "", "", village_location(locations, village)};
        for (const auto& tag : agent.expertise) {
            const bool by_crop = !core::category_from_code(tag).has_value();
            request.category = by_crop ? "" : tag;
            request.crop = by_crop ? tag : "";
            streams.push_back({village, tag, by_crop, matching::score(agent, request, scoring).total});
        }
    }
    std::stable_sort(streams.begin(), streams.end(),
                     [](const FeedStream& a, const FeedStream& b) { return a.score > b.score; });
    return streams;
}

struct Candidate {
    std::string id, category, crop, village_code;
    int64_t received_at = 0;
};

bool older_first(const Candidate& a, const Candidate& b) {
    return a.received_at != b.received_at ? a.received_at < b.received_at : a.id < b.id;
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

// Every request in the agent's area matching a tag is eligible (the agent-wide checks ran first),
// and its score is its stream's. So the best `limit` are found stream by stream, best score first,
// taking at most the oldest `limit` of each stream: the work grows with villages and the limit,
// not with the number of waiting requests (docs/architecture.md "The agent's feed").
std::vector<FeedItem> agent_feed(Database& db, int64_t agent_id, int64_t now_ms, const MatchingConfig& config,
                                 size_t limit) {
    std::vector<FeedItem> items;
    auto agent = load_agent(db, agent_id, now_ms);
    const int64_t today = shanghai_day(now_ms);
    if (!agent || !agent->active || matching::on_leave(*agent, today) || agent->held >= agent->capacity) {
        return items;
    }
    const auto declined = declined_by(db, agent_id);
    const auto streams = scored_streams(db, *agent, config.scoring);
    const std::string select = std::string("SELECT r.id, r.category, r.crop, r.received_at FROM requests r WHERE ") +
                               kAwaitingPickup + " AND r.village_code = ?1 AND ";
    auto by_crop = db.prepare(select + "r.crop = ?2 ORDER BY r.received_at");
    auto by_category = db.prepare(select + "r.category = ?2 ORDER BY r.received_at");
    std::unordered_set<std::string> taken;
    for (size_t level = 0; level < streams.size() && items.size() < limit;) {
        // Streams with an equal score form one level; within it, older requests come first.
        size_t level_end = level;
        std::vector<Candidate> candidates;
        const size_t wanted = limit - items.size();
        for (; level_end < streams.size() && streams[level_end].score == streams[level].score; ++level_end) {
            const FeedStream& stream = streams[level_end];
            auto& query = stream.by_crop ? by_crop : by_category;
            query.reset();
            query.bind(1, stream.village_code);
            query.bind(2, stream.tag);
            // The oldest `wanted`, plus any as old as the last of them: ties are broken by id below.
            size_t found = 0;
            int64_t last_received_at = 0;
            while (query.step()) {
                const int64_t received_at = query.column(3).getInt64();
                if (found >= wanted && received_at > last_received_at) {
                    break;
                }
                std::string id = query.column(0).getString();
                if (declined.count(id) != 0 || taken.count(id) != 0) {
                    continue;
                }
                candidates.push_back({std::move(id), query.column(1).getString(), query.column(2).getString(),
                                      stream.village_code, received_at});
                last_received_at = received_at;
                ++found;
            }
        }
        std::sort(candidates.begin(), candidates.end(), older_first);
        for (auto& candidate : candidates) {
            if (items.size() >= limit) {
                break;
            }
            if (!taken.insert(candidate.id).second) {
                continue;  // matched two tags of one level (its crop and its category)
            }
            FeedItem item;
            item.request_id = std::move(candidate.id);
            item.category = std::move(candidate.category);
            item.crop = std::move(candidate.crop);
            item.village_code = std::move(candidate.village_code);
            item.received_at = candidate.received_at;
            items.push_back(std::move(item));
        }
        level = level_end;
    }
    // The factors (with their labels) of the few requests that made the list, and their details.
    auto details = db.prepare(
        "SELECT r.code, r.created_at, g.name FROM requests r LEFT JOIN regions g ON g.code = r.village_code "
        "WHERE r.id = ?");
    auto locations = db.prepare(kLocationLookup);
    for (auto& item : items) {
        details.reset();
        details.bind(1, item.request_id);
        if (details.step()) {
            item.code = details.column(0).getString();
            item.created_at = details.column(1).getInt64();
            item.village_name = details.is_null(2) ? "" : details.column(2).getString();
        }
        matching::RequestProfile request{item.request_id, item.village_code, item.category, item.crop,
                                         village_location(locations, item.village_code)};
        auto scored = matching::score(*agent, request, config.scoring, category_label_of(request.category));
        item.score = scored.total;
        item.factors = std::move(scored.factors);
        item.distance_km = scored.distance_km;
    }
    return items;
}

}  // namespace xiangke::backend
