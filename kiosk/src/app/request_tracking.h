#pragma once
// Request tracking at the kiosk: 查询进度 (status, with 撤销求助) and 服务评价 (rating). Plain
// structs the store fills and the screens draw, and the pure reducer part for both screens.
// Nothing here keeps a full phone number once a search has run: the digits typed to find a
// request are wiped with the rest of the screen's state.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "xiangke/core/protocol.h"

namespace xiangke::kiosk {

// One line of a request's timeline: a status the server reported (or the local 'submitted').
struct StatusStep {
    std::string status;  // CONTRACT.md status names, plus "submitted"
    std::optional<std::string> agent_name;
    std::optional<std::string> visit_date;  // YYYY-MM-DD
    int64_t at = 0;
};

// 求助 as the kiosk shows it: masked data only.
struct TrackedRequest {
    std::string request_id;
    std::string code;
    std::string category;  // core category code
    std::string crop;
    std::string masked_phone;
    int64_t created_at = 0;
    std::string status;  // the newest status ("submitted" before the server answered)
    int64_t status_at = 0;
    std::optional<std::string> agent_name;
    std::optional<std::string> visit_date;
    std::optional<std::string> failure;  // the server refused the request (提交失败)
    bool cancel_requested = false;
    bool feedback_given = false;
    std::vector<StatusStep> timeline;  // oldest first
};

// True while the farmer may still withdraw the request (no outcome reported, not closed).
bool is_cancellable(const TrackedRequest& request);
// True once the request reached the server and was not refused (feedback is accepted then).
bool accepts_feedback(const TrackedRequest& request);

enum class LookupMode { Code, Phone };

// The search part both screens share: a numeric keypad for a code or a phone number.
struct LookupState {
    LookupMode mode = LookupMode::Code;
    std::string entry;  // digits typed
    bool searching = false;
    bool searched = false;  // a search has answered (an empty answer shows 没有找到)
    std::vector<TrackedRequest> found;
    std::string selected_id;  // the request opened from the results
};

enum class CancelReason { SolvedMyself, NoLongerNeeded, WrongEntry, Other };
enum class TrackingPhase { Lookup, Details, ConfirmCancel, Done };

struct TrackingState {
    LookupState lookup;
    TrackingPhase phase = TrackingPhase::Lookup;
    std::optional<CancelReason> cancel_reason;
    // Rating (服务评价) answers.
    std::optional<core::protocol::FeedbackOutcome> outcome;
    int rating = 0;  // 0: not chosen, 1..5 faces
    std::optional<int> comment;  // index of a ready-made comment (服务态度好, …), optional
    bool busy = false;           // a store write is running
    bool failed = false;         // the store could not record it
};

// "solved_myself" … as sent in request.cancel's reason.
std::string_view cancel_reason_code(CancelReason reason);

namespace tracking {
struct SetMode { LookupMode mode; };
struct Digit { char digit; };
struct Backspace {};
struct Search {};
struct Found { std::string entry; std::vector<TrackedRequest> requests; };
struct Select { std::string request_id; };
struct BackToResults {};
struct StartCancel {};
struct ChooseCancelReason { CancelReason reason; };
struct ConfirmCancel {};
struct ChooseOutcome { core::protocol::FeedbackOutcome outcome; };
struct ChooseRating { int rating; };
struct ChooseComment { int comment; };
struct SubmitRating {};
// The store's answer to ConfirmCancel or SubmitRating.
struct Recorded { bool ok; };
// After a sync: the requests on screen, read again (same ids, newer statuses).
struct Refresh {};
struct Refreshed { std::vector<TrackedRequest> requests; };
}  // namespace tracking

using TrackingAction =
    std::variant<tracking::SetMode, tracking::Digit, tracking::Backspace, tracking::Search, tracking::Found,
                 tracking::Select, tracking::BackToResults, tracking::StartCancel, tracking::ChooseCancelReason,
                 tracking::ConfirmCancel, tracking::ChooseOutcome, tracking::ChooseRating, tracking::ChooseComment,
                 tracking::SubmitRating, tracking::Recorded, tracking::Refresh, tracking::Refreshed>;

// Effects the tracking screens ask for (run on the worker, answered with tracking::Found/Recorded).
struct FindRequestsEffect {
    LookupMode mode;
    std::string entry;
};
struct CancelRequestEffect {
    std::string request_id;
    CancelReason reason;
};
struct SubmitFeedbackEffect {
    std::string request_id;
    core::protocol::FeedbackOutcome outcome;
    int rating;
    std::optional<int> comment;  // index into the catalogue's ready-made comments
};
struct RefreshRequestsEffect {
    std::vector<std::string> request_ids;
};
using TrackingEffect =
    std::variant<FindRequestsEffect, CancelRequestEffect, SubmitFeedbackEffect, RefreshRequestsEffect>;

// How many ready-made comments the rating screen offers (their text is in the string catalogue).
inline constexpr int kRatingCommentCount = 4;

// Pure: applies a tracking action to the state; returns what to run.
std::vector<TrackingEffect> reduce_tracking(TrackingState& state, const TrackingAction& action);
// The request the details view shows, if one is selected.
const TrackedRequest* selected_request(const TrackingState& state);

}  // namespace xiangke::kiosk
