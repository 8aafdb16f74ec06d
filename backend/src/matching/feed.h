#pragma once
// The agent's feed (我的待接求助): the open requests an agent may claim now, best first, each with
// its score and the factors behind it. Used by GET /api/v1/agent/feed and the agent's pages.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "store/database.h"
#include "xiangke/core/matching.h"

namespace xiangke::backend {

struct FeedItem {
    std::string request_id, code, category, crop, village_code, village_name;
    int64_t created_at = 0;   // the kiosk's clock
    int64_t received_at = 0;  // the server's clock: the request's age runs from here
    double score = 0;
    std::vector<core::matching::Factor> factors;
    std::optional<double> distance_km;
};

// Requests awaiting pickup (received, offered, reopened) that pass every eligibility check for
// this agent today, best score first (ties: older first), at most `limit`. Empty when the agent
// is inactive, on leave or at capacity (agent_availability says which). Requests the agent
// declined are left out.
std::vector<FeedItem> agent_feed(Database& db, int64_t agent_id, int64_t now_ms, const MatchingConfig& config,
                                 size_t limit);

// Why an agent may claim nothing today: "inactive", "on_leave", "at_capacity"; empty when they may.
std::string agent_availability(Database& db, int64_t agent_id, int64_t now_ms);

}  // namespace xiangke::backend
