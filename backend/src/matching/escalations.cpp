#include "matching/escalations.h"

#include "store/requests.h"

namespace xiangke::backend {

nlohmann::json escalations_in_region(Database& db, const std::string& region_prefix, size_t limit) {
    auto query = db.prepare(
        "SELECT e.id, e.request_id, r.code, r.village_code, g.name, r.category, r.crop, e.created_at, e.status_then, "
        "e.holder_then, ht.name, r.status, r.holder_id, hn.name, e.admin_ids, ev.reason "
        "FROM escalations e JOIN requests r ON r.id = e.request_id LEFT JOIN regions g ON g.code = r.village_code "
        "LEFT JOIN request_events ev ON ev.id = e.event_id "
        "LEFT JOIN users ht ON ht.id = e.holder_then LEFT JOIN users hn ON hn.id = r.holder_id "
        "WHERE r.village_code >= ? AND r.village_code < ? ORDER BY e.created_at DESC, e.id DESC LIMIT ?");
    query.bind(1, region_prefix);
    query.bind(2, region_prefix + ":");  // ':' sorts right after '9': the range is exactly the prefix
    query.bind(3, static_cast<int64_t>(limit));
    nlohmann::json out = nlohmann::json::array();
    while (query.step()) {
        auto status = lifecycle::status_from_name(query.column(11).getString());
        bool open = status && lifecycle::is_open(*status) && *status != lifecycle::RequestStatus::Contacted &&
                    *status != lifecycle::RequestStatus::Visited;
        nlohmann::json item = {{"escalation_id", query.column(0).getInt64()},
                               {"request_id", query.column(1).getString()},
                               {"code", query.column(2).getString()},
                               {"village_code", query.column(3).getString()},
                               {"village_name", query.is_null(4) ? "" : query.column(4).getString()},
                               {"category", query.column(5).getString()},
                               {"crop", query.column(6).getString()},
                               {"escalated_at", query.column(7).getInt64()},
                               {"status_then", query.column(8).getString()},
                               {"reason", query.is_null(15) ? "" : query.column(15).getString()},
                               {"status", query.column(11).getString()},
                               {"open", open},
                               {"admin_ids", nlohmann::json::parse(query.column(14).getString(), nullptr, false)}};
        if (!query.is_null(9)) {
            item["holder_then"] = {{"agent_id", query.column(9).getInt64()}, {"name", query.column(10).getString()}};
        }
        if (!query.is_null(12)) {
            item["holder"] = {{"agent_id", query.column(12).getInt64()}, {"name", query.column(13).getString()}};
        }
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace xiangke::backend
