#pragma once
// The request lifecycle (求助流程, BRIEF.md "Request lifecycle") as a pure state machine.
//
// A request's history is an append-only list of events; its current state is what folding the
// events through apply() gives. Nothing else decides whether a transition may happen: the
// backend asks apply() before it appends an event, and recomputes state from the log with
// replay() whenever it needs to explain or check a stored projection.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "xiangke/core/protocol.h"
#include "xiangke/core/result.h"

namespace xiangke::core::lifecycle {

// Where a request stands. The names are the `status` values of CONTRACT.md's request.status
// change, plus `submitted` (on the kiosk, not yet received by the server).
enum class RequestStatus {
    Submitted,
    Received,
    Offered,
    Claimed,
    Contacted,
    Visited,
    Resolved,
    PartlyResolved,
    Referred,
    CannotResolve,
    Confirmed,
    ClosedUnconfirmed,
    Cancelled,
    Reopened,
    Rejected,
};
std::string_view status_name(RequestStatus status);
std::optional<RequestStatus> status_from_name(std::string_view name);

// What happened to a request. Each kind is stored by name in the event log.
enum class EventKind {
    Received,   // the server stored a kiosk's request.create
    Offered,    // matching offered it to agents
    Claimed,    // an agent claimed it (first claim wins)
    Contacted,  // the holder reached the farmer
    Visited,    // the holder recorded a visit (上门/电话/视频/培训)
    Resolved,   // outcomes reported by the holder ...
    PartlyResolved,
    Referred,
    CannotResolve,
    Confirmed,          // the farmer confirmed an outcome at the kiosk
    ClosedUnconfirmed,  // no confirmation before the deadline
    Cancelled,          // the farmer withdrew it
    Reassigned,         // taken from the holder (lease expired, admin)
    Reopened,           // the farmer said it was not solved
    Declined,           // the holder gave it back
    Unreachable,        // the holder could not reach the farmer and gave it back
    Complaint,          // 催办: the farmer's feedback before any outcome; counts against the holder
    Rated,              // the farmer's feedback that changes nothing (a second rating, a closed request)
    Rejected,           // an administrator refused the request (spam, abuse)
    Assigned,           // matching (or an admin) gave it to an agent: as if that agent had claimed it
    Escalated,          // overdue and handed to the county admin; changes no state
};
std::string_view event_kind_name(EventKind kind);
std::optional<EventKind> event_kind_from_name(std::string_view name);

enum class Actor { Kiosk, Agent, Admin, System };
std::string_view actor_name(Actor actor);

// One entry of the log as far as the state machine cares. `agent_id` is the agent who acts
// (Claimed, the holder's own reports); 0 when no agent is involved.
struct Event {
    EventKind kind = EventKind::Received;
    Actor actor = Actor::System;
    int64_t agent_id = 0;
};

struct RequestState {
    RequestStatus status = RequestStatus::Submitted;
    int64_t holder = 0;  // the agent holding it, or who reported its outcome; 0 when none
    int complaints = 0;  // 催办 received while open
    int reopen_count = 0;
};

// Applies one event. An impossible transition is an Error with code "invalid_transition";
// an agent acting on a request someone else holds is "not_holder".
Result<RequestState> apply(const RequestState& state, const Event& event);
// Folds a whole log from `submitted`; the error names the index of the first bad event.
Result<RequestState> replay(const std::vector<Event>& events);

// Open requests count against the per-phone cap and an agent's capacity.
bool is_open(RequestStatus status);
// An agent is working on it (claimed, contacted, visited).
bool is_held(RequestStatus status);
// The holder reported an outcome and the farmer has not answered yet.
bool awaits_confirmation(RequestStatus status);
// Nothing more happens to it except ratings and a reopening.
bool is_closed(RequestStatus status);

// The event a farmer's feedback (feedback.create) becomes in the current state: a complaint
// before any outcome, a confirmation or reopening after one, a plain rating otherwise.
// Nullopt when the request is not yet received.
std::optional<EventKind> feedback_event(RequestStatus status, protocol::FeedbackOutcome outcome);

}  // namespace xiangke::core::lifecycle
