#pragma once
// What an administrator does to a request from the 求助 page: give it to another agent, close it
// as a duplicate, reject it. Each is a sequence of events the state machine allows
// (core/request_lifecycle), appended through append_event inside the caller's write, and
// written to the audit log with the request's village as its region.
#include <cstdint>
#include <string>
#include <vector>

#include "config.h"
#include "store/database.h"
#include "store/requests.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct AdminActor {
    int64_t user_id = 0;
    std::string address;  // client address, for the audit log
};

// An agent who could take the request now, or why not.
struct AssignCandidate {
    int64_t agent_id = 0;
    std::string name;
    std::string ineligibility;  // empty when eligible; else on_leave, at_capacity, ...
};
// Agents whose service area holds the request's village, eligible ones first.
std::vector<AssignCandidate> assign_candidates(Database& db, const RequestSummary& request, int64_t now_ms);

// Held: `reassigned` (the holder loses it) then `assigned` to the agent; waiting: `assigned`.
// The agent must pass every eligibility check (as a claim would). Starts the new lease and tells
// the agent. Errors: not_found, same_agent, invalid_transition, and the claim's eligibility codes.
core::Result<RequestSummary> admin_reassign(Database& db, const std::string& request_id, int64_t agent_id,
                                            const AdminActor& actor, int64_t now_ms, const MatchingConfig& config);

// `rejected` with the reason (a held request is first taken from its holder). Only requests that
// are still open can be rejected. Errors: not_found, invalid_transition, empty_reason.
core::Result<RequestSummary> admin_reject(Database& db, const std::string& request_id, const std::string& reason,
                                          const AdminActor& actor, int64_t now_ms);

// Rejected as a duplicate of the request with 求助码 `original_code` in `region_prefix`: the event's
// reason is "duplicate:CODE" and its data names the original. Errors: those of admin_reject,
// original_not_found.
core::Result<RequestSummary> admin_close_duplicate(Database& db, const std::string& request_id,
                                                   const std::string& original_code, const std::string& region_prefix,
                                                   const AdminActor& actor, int64_t now_ms);

}  // namespace xiangke::backend
