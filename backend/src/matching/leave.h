#pragma once
// Agents' leave (请假): while on leave an agent is offered, assigned and may claim nothing.
// One period per agent (the latest set replaces the previous one), in Asia/Shanghai dates.
#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct LeaveDates {
    std::string from;  // YYYY-MM-DD, first day away
    std::string to;    // YYYY-MM-DD, last day away (inclusive)
};

// Longest leave one period may cover.
inline constexpr int64_t kMaxLeaveDays = 366;

// Checks both dates (real calendar dates, to ≥ from, at most kMaxLeaveDays, not ending before
// today). Error codes "invalid_field" with the field "from" or "to".
core::Result<LeaveDates> validate_leave(const std::string& from, const std::string& to, int64_t now_ms);
// Stores the agent's leave, replacing any earlier period. Call inside a write (Store::write).
void set_leave(Database& db, int64_t agent_id, const LeaveDates& leave);
void clear_leave(Database& db, int64_t agent_id);
std::optional<LeaveDates> agent_leave(Database& db, int64_t agent_id);

}  // namespace xiangke::backend
