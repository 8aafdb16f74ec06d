#pragma once
// Requests (求助, TechRequest) and their append-only event log. Every state change goes through
// append_event(), which asks the pure state machine (core/request_lifecycle) whether the event
// may happen, appends it, updates the stored projection (status, holder, visit date) and tells
// the request's kiosk through the change feed, all inside the caller's write transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "xiangke/core/request_lifecycle.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

namespace lifecycle = core::lifecycle;

// What access checks and handlers need to know about a request, without personal data.
struct RequestSummary {
    std::string id;
    std::string kiosk_id;
    std::string code;
    std::string village_code;
    std::string category;
    std::string crop;
    int64_t created_at = 0;
    int64_t received_at = 0;
    lifecycle::RequestState state;
    std::optional<std::string> visit_date;
};

std::optional<RequestSummary> find_request(Database& db, const std::string& request_id);

struct EventInput {
    lifecycle::Event event;
    std::string actor_id;                   // kiosk id or user id; empty for the system
    std::optional<int64_t> device_at;       // the actor's clock, recorded and never trusted
    std::string reason;                     // optional free text
    nlohmann::json data;                    // optional details (object), never a phone number
    std::optional<std::string> visit_date;  // a planned or made visit (YYYY-MM-DD)
};

struct AppendedEvent {
    int64_t event_id = 0;
    lifecycle::RequestState before;
    lifecycle::RequestState after;
};

// Error codes: "not_found", and the state machine's "invalid_transition" / "not_holder".
core::Result<AppendedEvent> append_event(Database& db, const std::string& request_id, const EventInput& input,
                                         int64_t now_ms);

// The state the event log gives, recomputed from scratch (to explain or check the projection).
core::Result<lifecycle::RequestState> replay_request(Database& db, const std::string& request_id);

// SQL list of the statuses a predicate of the core accepts, e.g. "'received','offered',…".
std::string status_sql_list(bool (*predicate)(lifecycle::RequestStatus));
const std::string& open_status_sql_list();
// Open requests registered with this phone number, across all kiosks.
int64_t count_open_requests_for_phone(Database& db, const std::string& phone_digits);
// Whether any request was registered in a village under this region-code prefix.
bool region_has_requests(Database& db, const std::string& region_prefix);
// Requests this agent holds and is still working on (claimed, contacted, visited).
int64_t count_held_requests(Database& db, int64_t agent_id);

}  // namespace xiangke::backend
