#include "matching/agents.h"

#include <unordered_map>

#include "store/requests.h"
#include "xiangke/core/category.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {
namespace {

namespace matching = core::matching;

std::optional<matching::LeavePeriod> leave_period(Statement& query, int from_column, int to_column) {
    if (query.is_null(from_column) || query.is_null(to_column)) {
        return std::nullopt;
    }
    auto from = core::parse_shanghai_date(query.column(from_column).getString());
    auto to = core::parse_shanghai_date(query.column(to_column).getString());
    if (!from.ok() || !to.ok()) {
        return std::nullopt;
    }
    return matching::LeavePeriod{shanghai_day(*from), shanghai_day(*to)};
}

const std::string& held_status_list() {
    static const std::string kList = status_sql_list(lifecycle::is_held);
    return kList;
}

// Columns 0-8 of both profile queries.
matching::AgentProfile read_profile_row(Statement& query) {
    matching::AgentProfile a;
    a.id = query.column(0).getInt64();
    a.home_region = query.column(1).getString();
    a.active = query.column(2).getInt() != 0;
    a.capacity = query.column(3).getInt();
    if (auto leave = leave_period(query, 4, 5)) {
        a.leave.push_back(*leave);
    }
    if (!query.is_null(6) && !query.is_null(7)) {
        a.location = matching::GeoPoint{query.column(6).getDouble(), query.column(7).getDouble()};
    }
    return a;
}

constexpr const char* kProfileColumns =
    "SELECT u.id, u.region_code, u.active, p.capacity, p.leave_from, p.leave_to, p.latitude, p.longitude "
    "FROM users u JOIN agent_profiles p ON p.user_id = u.id WHERE u.role = 'agent'";

}  // namespace

int64_t shanghai_day(int64_t utc_ms) {
    int64_t shifted = utc_ms + core::kShanghaiOffsetMs;
    return shifted >= 0 ? shifted / core::kDayMs : -((-shifted + core::kDayMs - 1) / core::kDayMs);
}

std::optional<matching::AgentProfile> load_agent(Database& db, int64_t agent_id, int64_t now_ms) {
    auto profile = db.prepare(std::string(kProfileColumns) + " AND u.id = ?");
    profile.bind(1, agent_id);
    if (!profile.step()) {
        return std::nullopt;
    }
    matching::AgentProfile a = read_profile_row(profile);
    profile.reset();

    auto expertise = db.prepare("SELECT tag FROM agent_expertise WHERE user_id = ?");
    expertise.bind(1, agent_id);
    while (expertise.step()) {
        a.expertise.push_back(expertise.column(0).getString());
    }
    auto regions = db.prepare("SELECT prefix FROM agent_service_regions WHERE user_id = ?");
    regions.bind(1, agent_id);
    while (regions.step()) {
        a.service_prefixes.push_back(regions.column(0).getString());
    }
    a.held = static_cast<int>(count_held_requests(db, agent_id));
    auto ratings = db.prepare("SELECT COUNT(*), COALESCE(SUM(rating), 0) FROM feedback WHERE agent_id = ?");
    ratings.bind(1, agent_id);
    ratings.step();
    a.ratings_count = ratings.column(0).getInt();
    a.ratings_sum = ratings.column(1).getDouble();
    ratings.reset();
    auto recent = db.prepare(
        "SELECT COUNT(*) FROM request_events WHERE agent_id = ? AND server_at >= ? AND kind IN ('claimed', "
        "'assigned')");
    recent.bind(1, agent_id);
    recent.bind(2, now_ms - kRecentPickupWindowDays * core::kDayMs);
    recent.step();
    a.recent_pickups = recent.column(0).getInt();
    return a;
}

std::vector<matching::AgentProfile> load_all_agents(Database& db, int64_t now_ms) {
    std::vector<matching::AgentProfile> agents;
    std::unordered_map<int64_t, size_t> index;
    {
        auto profiles = db.prepare(std::string(kProfileColumns) + " ORDER BY u.id");
        while (profiles.step()) {
            index[profiles.column(0).getInt64()] = agents.size();
            agents.push_back(read_profile_row(profiles));
        }
    }
    auto each = [&](const std::string& sql, auto&& apply, auto&&... binds) {
        auto query = db.prepare(sql);
        int i = 0;
        (query.bind(++i, binds), ...);
        while (query.step()) {
            auto it = index.find(query.column(0).getInt64());
            if (it != index.end()) {
                apply(agents[it->second], query);
            }
        }
    };
    each("SELECT user_id, tag FROM agent_expertise",
         [](matching::AgentProfile& a, Statement& q) { a.expertise.push_back(q.column(1).getString()); });
    each("SELECT user_id, prefix FROM agent_service_regions",
         [](matching::AgentProfile& a, Statement& q) { a.service_prefixes.push_back(q.column(1).getString()); });
    each("SELECT holder_id, COUNT(*) FROM requests WHERE holder_id IS NOT NULL AND status IN (" + held_status_list() +
             ") GROUP BY holder_id",
         [](matching::AgentProfile& a, Statement& q) { a.held = q.column(1).getInt(); });
    each("SELECT agent_id, COUNT(*), SUM(rating) FROM feedback WHERE agent_id IS NOT NULL GROUP BY agent_id",
         [](matching::AgentProfile& a, Statement& q) {
             a.ratings_count = q.column(1).getInt();
             a.ratings_sum = q.column(2).getDouble();
         });
    each(
        "SELECT agent_id, COUNT(*) FROM request_events WHERE kind IN ('claimed', 'assigned') AND server_at >= ? "
        "AND agent_id IS NOT NULL GROUP BY agent_id",
        [](matching::AgentProfile& a, Statement& q) { a.recent_pickups = q.column(1).getInt(); },
        now_ms - kRecentPickupWindowDays * core::kDayMs);
    return agents;
}

std::optional<matching::RequestProfile> load_request_profile(Database& db, const std::string& request_id) {
    auto query = db.prepare(
        "SELECT r.village_code, r.category, r.crop, l.latitude, l.longitude FROM requests r "
        "LEFT JOIN region_locations l ON l.code = r.village_code WHERE r.id = ?");
    query.bind(1, request_id);
    if (!query.step()) {
        return std::nullopt;
    }
    matching::RequestProfile r{request_id, query.column(0).getString(), query.column(1).getString(),
                               query.column(2).getString(), std::nullopt};
    if (!query.is_null(3) && !query.is_null(4)) {
        r.location = matching::GeoPoint{query.column(3).getDouble(), query.column(4).getDouble()};
    }
    return r;
}

std::string category_label_of(const std::string& category_code) {
    auto category = core::category_from_code(category_code);
    return category ? std::string(core::category_label(*category)) : category_code;
}

}  // namespace xiangke::backend
