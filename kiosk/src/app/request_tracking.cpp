#include "app/request_tracking.h"

#include <algorithm>

namespace xiangke::kiosk {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

constexpr size_t kMaxCodeDigits = 7;
constexpr size_t kMaxPhoneDigits = 12;  // mobiles 11, landlines with area code up to 12

bool is_outcome(std::string_view status) {
    return status == "resolved" || status == "partly_resolved" || status == "referred" || status == "cannot_resolve";
}

bool is_closed(std::string_view status) {
    return status == "confirmed" || status == "closed_unconfirmed" || status == "cancelled" || status == "rejected";
}

}  // namespace

bool is_cancellable(const TrackedRequest& request) {
    return !request.failure && !request.cancel_requested && !is_outcome(request.status) && !is_closed(request.status);
}

bool accepts_feedback(const TrackedRequest& request) { return !request.failure && request.status != "cancelled"; }

std::string_view cancel_reason_code(CancelReason reason) {
    switch (reason) {
        case CancelReason::SolvedMyself:
            return "solved_myself";
        case CancelReason::NoLongerNeeded:
            return "no_longer_needed";
        case CancelReason::WrongEntry:
            return "wrong_entry";
        case CancelReason::Other:
            return "other";
    }
    return "other";
}

const TrackedRequest* selected_request(const TrackingState& state) {
    for (const auto& request : state.lookup.found) {
        if (request.request_id == state.lookup.selected_id) {
            return &request;
        }
    }
    return nullptr;
}

std::vector<TrackingEffect> reduce_tracking(TrackingState& state, const TrackingAction& action) {
    std::vector<TrackingEffect> effects;
    LookupState& lookup = state.lookup;
    std::visit(
        Overloaded{
            [&](const tracking::SetMode& a) {
                lookup = LookupState{};
                lookup.mode = a.mode;
                state.phase = TrackingPhase::Lookup;
            },
            [&](const tracking::Digit& a) {
                size_t max = lookup.mode == LookupMode::Code ? kMaxCodeDigits : kMaxPhoneDigits;
                if (a.digit >= '0' && a.digit <= '9' && lookup.entry.size() < max) {
                    lookup.entry.push_back(a.digit);
                    lookup.searched = false;
                }
            },
            [&](const tracking::Backspace&) {
                if (!lookup.entry.empty()) {
                    lookup.entry.pop_back();
                    lookup.searched = false;
                }
            },
            [&](const tracking::Search&) {
                if (lookup.entry.empty() || lookup.searching) {
                    return;
                }
                lookup.searching = true;
                lookup.found.clear();
                lookup.selected_id.clear();
                effects.push_back(FindRequestsEffect{lookup.mode, lookup.entry});
            },
            [&](const tracking::Found& a) {
                if (a.entry != lookup.entry) {
                    return;  // the farmer changed the entry meanwhile
                }
                lookup.searching = false;
                lookup.searched = true;
                lookup.found = a.requests;
                // The digits have done their job: a phone number does not stay on screen.
                if (lookup.mode == LookupMode::Phone) {
                    lookup.entry.clear();
                }
                if (lookup.found.size() == 1) {
                    lookup.selected_id = lookup.found.front().request_id;
                    state.phase = TrackingPhase::Details;
                }
            },
            [&](const tracking::Select& a) {
                lookup.selected_id = a.request_id;
                if (selected_request(state) != nullptr) {
                    state.phase = TrackingPhase::Details;
                    state.cancel_reason.reset();
                    state.outcome.reset();
                    state.rating = 0;
                    state.comment.reset();
                    state.failed = false;
                }
            },
            [&](const tracking::BackToResults&) {
                lookup.selected_id.clear();
                state.phase = TrackingPhase::Lookup;
            },
            [&](const tracking::StartCancel&) {
                const TrackedRequest* request = selected_request(state);
                if (request != nullptr && is_cancellable(*request)) {
                    state.phase = TrackingPhase::ConfirmCancel;
                    state.cancel_reason.reset();
                }
            },
            [&](const tracking::ChooseCancelReason& a) { state.cancel_reason = a.reason; },
            [&](const tracking::ConfirmCancel&) {
                const TrackedRequest* request = selected_request(state);
                if (state.phase != TrackingPhase::ConfirmCancel || request == nullptr || !state.cancel_reason ||
                    state.busy) {
                    return;
                }
                state.busy = true;
                effects.push_back(CancelRequestEffect{request->request_id, *state.cancel_reason});
            },
            [&](const tracking::ChooseOutcome& a) { state.outcome = a.outcome; },
            [&](const tracking::ChooseRating& a) {
                if (a.rating >= 1 && a.rating <= 5) {
                    state.rating = a.rating;
                }
            },
            [&](const tracking::ChooseComment& a) {
                if (a.comment >= 0 && a.comment < kRatingCommentCount) {
                    state.comment = state.comment == a.comment ? std::nullopt : std::optional<int>(a.comment);
                }
            },
            [&](const tracking::SubmitRating&) {
                const TrackedRequest* request = selected_request(state);
                if (request == nullptr || !accepts_feedback(*request) || !state.outcome || state.rating == 0 ||
                    state.busy) {
                    return;
                }
                state.busy = true;
                effects.push_back(SubmitFeedbackEffect{request->request_id, *state.outcome, state.rating, state.comment});
            },
            [&](const tracking::Refresh&) {
                RefreshRequestsEffect refresh;
                for (const auto& request : lookup.found) {
                    refresh.request_ids.push_back(request.request_id);
                }
                if (!refresh.request_ids.empty() && !lookup.searching) {
                    effects.push_back(std::move(refresh));
                }
            },
            [&](const tracking::Refreshed& a) {
                for (const auto& fresh : a.requests) {
                    for (auto& shown : lookup.found) {
                        if (shown.request_id == fresh.request_id) {
                            shown = fresh;
                        }
                    }
                }
            },
            [&](const tracking::Recorded& a) {
                state.busy = false;
                state.failed = !a.ok;
                if (a.ok) {
                    state.phase = TrackingPhase::Done;
                }
            },
        },
        action);
    return effects;
}

}  // namespace xiangke::kiosk
