#pragma once
// Claiming a request (接单): first claim wins, and a claim is a lease (matching/scheduler.h).
#include <cstdint>
#include <string>

#include "config.h"
#include "store/database.h"
#include "store/requests.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

// Claims `request_id` for the agent inside the caller's write transaction, so exactly one
// claimer wins however many race: the request must await pickup and the agent must pass every
// eligibility check (active, not on leave today, serves the village, matching expertise, under
// capacity) as the store stands inside this transaction. The holder claiming again gets the same
// answer. Starts the lease timers. Error codes: not_found; already_claimed, not_claimable,
// on_leave, at_capacity (409); inactive, not_in_service_area, no_matching_expertise (403).
core::Result<RequestSummary> claim_request_for(Database& db, const std::string& request_id, int64_t agent_id,
                                               int64_t now_ms, const MatchingConfig& config);

// The HTTP status for a claim error.
int claim_error_status(const core::Error& error);

}  // namespace xiangke::backend
