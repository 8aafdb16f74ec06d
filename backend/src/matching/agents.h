#pragma once
// What matching needs to know about agents and requests, read from the store into the pure
// core's plain structs (core/matching.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "xiangke/core/matching.h"

namespace xiangke::backend {

// Asia/Shanghai calendar day of a UTC instant, as core::matching::LeavePeriod counts days.
int64_t shanghai_day(int64_t utc_ms);

// Recent pickups (claims and assignments) are counted over this window to spread work.
inline constexpr int64_t kRecentPickupWindowDays = 30;

// One agent's profile (expertise, service area, capacity and load, leave, ratings, recent
// pickups); nullopt when the user is not an agent.
std::optional<core::matching::AgentProfile> load_agent(Database& db, int64_t agent_id, int64_t now_ms);
// Every agent, with the same fields, read in a handful of grouped queries.
std::vector<core::matching::AgentProfile> load_all_agents(Database& db, int64_t now_ms);

// A request as matching sees it, with its village's coordinates when known.
std::optional<core::matching::RequestProfile> load_request_profile(Database& db, const std::string& request_id);

// The Chinese label of a category code (种植), or the code itself when unknown.
std::string category_label_of(const std::string& category_code);

}  // namespace xiangke::backend
