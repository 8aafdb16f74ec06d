#include "xiangke/core/request_lifecycle.h"

#include <array>
#include <string>

#include "name_table.h"

namespace xiangke::core::lifecycle {
namespace {

constexpr std::array<std::string_view, 15> kStatusNames{
    "submitted", "received",           "offered",         "claimed",  "contacted",
    "visited",   "resolved",           "partly_resolved", "referred", "cannot_resolve",
    "confirmed", "closed_unconfirmed", "cancelled",       "reopened", "rejected"};

constexpr std::array<std::string_view, 21> kEventNames{
    "received",           "offered",         "claimed",    "contacted",      "visited",
    "resolved",           "partly_resolved", "referred",   "cannot_resolve", "confirmed",
    "closed_unconfirmed", "cancelled",       "reassigned", "reopened",       "declined",
    "unreachable",        "complaint",       "rated",      "rejected",       "assigned",
    "escalated"};

constexpr std::array<std::string_view, 4> kActorNames{"kiosk", "agent", "admin", "system"};

Error invalid(const RequestState& state, const Event& event) {
    return Error{"invalid_transition",
                 "a request that is " + std::string(status_name(state.status)) + " cannot be " +
                     std::string(event_kind_name(event.kind)),
                 "type"};
}

// The holder's own reports must come from the holder.
bool from_holder(const RequestState& state, const Event& event) {
    return event.actor == Actor::Agent && event.agent_id != 0 && event.agent_id == state.holder;
}

bool awaits_pickup(RequestStatus s) {
    return s == RequestStatus::Received || s == RequestStatus::Offered || s == RequestStatus::Reopened;
}

RequestStatus outcome_status(EventKind kind) {
    switch (kind) {
        case EventKind::Resolved:
            return RequestStatus::Resolved;
        case EventKind::PartlyResolved:
            return RequestStatus::PartlyResolved;
        case EventKind::Referred:
            return RequestStatus::Referred;
        default:
            return RequestStatus::CannotResolve;
    }
}

}  // namespace

std::string_view status_name(RequestStatus status) {
    return kStatusNames[static_cast<size_t>(status)];
}
std::optional<RequestStatus> status_from_name(std::string_view name) {
    int i = index_of(kStatusNames, name);
    return i < 0 ? std::nullopt : std::optional<RequestStatus>(static_cast<RequestStatus>(i));
}
std::string_view event_kind_name(EventKind kind) {
    return kEventNames[static_cast<size_t>(kind)];
}
std::optional<EventKind> event_kind_from_name(std::string_view name) {
    int i = index_of(kEventNames, name);
    return i < 0 ? std::nullopt : std::optional<EventKind>(static_cast<EventKind>(i));
}
std::string_view actor_name(Actor actor) {
    return kActorNames[static_cast<size_t>(actor)];
}

bool is_open(RequestStatus s) {
    return awaits_pickup(s) || is_held(s);
}
bool is_held(RequestStatus s) {
    return s == RequestStatus::Claimed || s == RequestStatus::Contacted || s == RequestStatus::Visited;
}
bool awaits_confirmation(RequestStatus s) {
    return s == RequestStatus::Resolved || s == RequestStatus::PartlyResolved || s == RequestStatus::Referred ||
           s == RequestStatus::CannotResolve;
}
bool is_closed(RequestStatus s) {
    return s == RequestStatus::Confirmed || s == RequestStatus::ClosedUnconfirmed || s == RequestStatus::Cancelled ||
           s == RequestStatus::Rejected;
}

Result<RequestState> apply(const RequestState& state, const Event& event) {
    RequestState next = state;
    const RequestStatus s = state.status;
    switch (event.kind) {
        case EventKind::Received:
            if (s != RequestStatus::Submitted) {
                return invalid(state, event);
            }
            next.status = RequestStatus::Received;
            return next;
        case EventKind::Offered:
            if (!awaits_pickup(s)) {
                return invalid(state, event);
            }
            next.status = RequestStatus::Offered;
            return next;
        case EventKind::Claimed:
            if (!awaits_pickup(s)) {
                return invalid(state, event);
            }
            if (event.actor != Actor::Agent || event.agent_id == 0) {
                return Error{"invalid_transition", "only an agent can claim a request", "type"};
            }
            next.status = RequestStatus::Claimed;
            next.holder = event.agent_id;
            return next;
        case EventKind::Contacted:
        case EventKind::Visited:
        case EventKind::Resolved:
        case EventKind::PartlyResolved:
        case EventKind::Referred:
        case EventKind::CannotResolve:
        case EventKind::Declined:
        case EventKind::Unreachable:
            if (!is_held(s)) {
                return invalid(state, event);
            }
            if (!from_holder(state, event)) {
                return Error{"not_holder", "only the agent holding this request can report on it", ""};
            }
            if (event.kind == EventKind::Contacted) {
                // Calling the farmer again after a visit does not move the request backwards.
                next.status = s == RequestStatus::Visited ? RequestStatus::Visited : RequestStatus::Contacted;
            } else if (event.kind == EventKind::Visited) {
                next.status = RequestStatus::Visited;
            } else if (event.kind == EventKind::Declined || event.kind == EventKind::Unreachable) {
                next.status = RequestStatus::Received;
                next.holder = 0;
            } else {
                next.status = outcome_status(event.kind);
            }
            return next;
        case EventKind::Reassigned:
            if (!is_held(s) || event.actor == Actor::Kiosk || event.actor == Actor::Agent) {
                return invalid(state, event);
            }
            next.status = RequestStatus::Received;
            next.holder = 0;
            return next;
        case EventKind::Confirmed:
            if (!awaits_confirmation(s) && s != RequestStatus::ClosedUnconfirmed) {
                return invalid(state, event);
            }
            next.status = RequestStatus::Confirmed;
            return next;
        case EventKind::ClosedUnconfirmed:
            if (!awaits_confirmation(s)) {
                return invalid(state, event);
            }
            next.status = RequestStatus::ClosedUnconfirmed;
            return next;
        case EventKind::Reopened:
            if (!awaits_confirmation(s) && s != RequestStatus::ClosedUnconfirmed && s != RequestStatus::Confirmed) {
                return invalid(state, event);
            }
            // Back to matching: whoever tries next starts afresh.
            next.status = RequestStatus::Reopened;
            next.holder = 0;
            ++next.reopen_count;
            return next;
        case EventKind::Cancelled:
            if (!is_open(s)) {
                return invalid(state, event);
            }
            next.status = RequestStatus::Cancelled;
            return next;
        case EventKind::Complaint:
            if (!is_open(s)) {
                return invalid(state, event);
            }
            ++next.complaints;
            return next;
        case EventKind::Rated:
            if (s != RequestStatus::Confirmed && s != RequestStatus::Cancelled && s != RequestStatus::Rejected) {
                return invalid(state, event);
            }
            return next;
        case EventKind::Rejected:
            if (!awaits_pickup(s) || event.actor != Actor::Admin) {
                return invalid(state, event);
            }
            next.status = RequestStatus::Rejected;
            return next;
        case EventKind::Assigned:
            if (!awaits_pickup(s) || (event.actor != Actor::System && event.actor != Actor::Admin) ||
                event.agent_id == 0) {
                return invalid(state, event);
            }
            next.status = RequestStatus::Claimed;
            next.holder = event.agent_id;
            return next;
        case EventKind::Escalated:
            if (!is_open(s) || (event.actor != Actor::System && event.actor != Actor::Admin)) {
                return invalid(state, event);
            }
            return next;
    }
    return invalid(state, event);
}

Result<RequestState> replay(const std::vector<Event>& events) {
    RequestState state;
    for (size_t i = 0; i < events.size(); ++i) {
        auto next = apply(state, events[i]);
        if (!next.ok()) {
            Error error = next.error();
            error.field = "events[" + std::to_string(i) + "]";
            return error;
        }
        state = *next;
    }
    return state;
}

std::optional<EventKind> feedback_event(RequestStatus status, protocol::FeedbackOutcome outcome) {
    const bool not_solved = outcome == protocol::FeedbackOutcome::NotSolved;
    if (status == RequestStatus::Submitted) {
        return std::nullopt;
    }
    if (is_open(status)) {
        return EventKind::Complaint;
    }
    if (awaits_confirmation(status) || status == RequestStatus::ClosedUnconfirmed) {
        return not_solved ? EventKind::Reopened : EventKind::Confirmed;
    }
    if (status == RequestStatus::Confirmed) {
        return not_solved ? EventKind::Reopened : EventKind::Rated;
    }
    return EventKind::Rated;  // cancelled or rejected: recorded, changes nothing
}

}  // namespace xiangke::core::lifecycle
