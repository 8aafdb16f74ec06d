// The pure part of 查询进度 / 服务评价 (app/request_tracking.h).
#include "app/request_tracking.h"

#include <gtest/gtest.h>

#include "app/reducer.h"

namespace xiangke::kiosk {
namespace {

namespace protocol = core::protocol;

TrackedRequest request(const std::string& id, const std::string& status) {
    TrackedRequest r;
    r.request_id = id;
    r.code = "4827193";
    r.status = status;
    return r;
}

TEST(RequestTracking, KeypadTakesDigitsUpToTheCodeOrPhoneLength) {
    TrackingState state;
    for (char c : std::string("48271939x")) {
        reduce_tracking(state, tracking::Digit{c});
    }
    EXPECT_EQ(state.lookup.entry, "4827193");
    reduce_tracking(state, tracking::SetMode{LookupMode::Phone});
    EXPECT_EQ(state.lookup.entry, "");
    for (char c : std::string("1381234567899")) {
        reduce_tracking(state, tracking::Digit{c});
    }
    EXPECT_EQ(state.lookup.entry, "138123456789");
    reduce_tracking(state, tracking::Backspace{});
    EXPECT_EQ(state.lookup.entry, "13812345678");
}

TEST(RequestTracking, SearchAsksOnceAndThePhoneIsForgottenWhenItAnswers) {
    TrackingState state;
    reduce_tracking(state, tracking::SetMode{LookupMode::Phone});
    for (char c : std::string("13812345678")) {
        reduce_tracking(state, tracking::Digit{c});
    }
    auto effects = reduce_tracking(state, tracking::Search{});
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_EQ(std::get<FindRequestsEffect>(effects[0]).entry, "13812345678");
    EXPECT_TRUE(reduce_tracking(state, tracking::Search{}).empty());  // already searching
    reduce_tracking(state, tracking::Found{"13812345678", {request("A", "received"), request("B", "claimed")}});
    EXPECT_EQ(state.lookup.entry, "");
    EXPECT_EQ(state.phase, TrackingPhase::Lookup);  // two results: the farmer picks one
    reduce_tracking(state, tracking::Select{"B"});
    EXPECT_EQ(state.phase, TrackingPhase::Details);
    EXPECT_EQ(selected_request(state)->request_id, "B");
}

TEST(RequestTracking, AnAnswerToAnOlderEntryIsIgnored) {
    TrackingState state;
    reduce_tracking(state, tracking::Digit{'1'});
    reduce_tracking(state, tracking::Search{});
    reduce_tracking(state, tracking::Digit{'2'});
    reduce_tracking(state, tracking::Found{"1", {request("A", "received")}});
    EXPECT_TRUE(state.lookup.found.empty());
}

TEST(RequestTracking, CancelNeedsAReasonAndAnOpenRequest) {
    TrackingState state;
    state.lookup.entry = "4827193";
    reduce_tracking(state, tracking::Found{"4827193", {request("A", "contacted")}});
    reduce_tracking(state, tracking::StartCancel{});
    EXPECT_EQ(state.phase, TrackingPhase::ConfirmCancel);
    EXPECT_TRUE(reduce_tracking(state, tracking::ConfirmCancel{}).empty());
    reduce_tracking(state, tracking::ChooseCancelReason{CancelReason::WrongEntry});
    auto effects = reduce_tracking(state, tracking::ConfirmCancel{});
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_EQ(std::get<CancelRequestEffect>(effects[0]).reason, CancelReason::WrongEntry);
    EXPECT_TRUE(reduce_tracking(state, tracking::ConfirmCancel{}).empty());  // busy: no double tap
    reduce_tracking(state, tracking::Recorded{true});
    EXPECT_EQ(state.phase, TrackingPhase::Done);

    EXPECT_FALSE(is_cancellable(request("B", "resolved")));
    EXPECT_FALSE(is_cancellable(request("B", "cancelled")));
    EXPECT_TRUE(is_cancellable(request("B", "submitted")));
    EXPECT_EQ(cancel_reason_code(CancelReason::NoLongerNeeded), "no_longer_needed");
}

TEST(RequestTracking, RatingNeedsOutcomeAndFaces) {
    TrackingState state;
    state.lookup.entry = "4827193";
    reduce_tracking(state, tracking::Found{"4827193", {request("A", "resolved")}});
    EXPECT_TRUE(reduce_tracking(state, tracking::SubmitRating{}).empty());
    reduce_tracking(state, tracking::ChooseOutcome{protocol::FeedbackOutcome::Solved});
    EXPECT_TRUE(reduce_tracking(state, tracking::SubmitRating{}).empty());
    reduce_tracking(state, tracking::ChooseRating{9});
    EXPECT_EQ(state.rating, 0);
    reduce_tracking(state, tracking::ChooseRating{4});
    reduce_tracking(state, tracking::ChooseComment{1});
    reduce_tracking(state, tracking::ChooseComment{1});  // a second tap takes it back
    auto effects = reduce_tracking(state, tracking::SubmitRating{});
    ASSERT_EQ(effects.size(), 1u);
    const auto& feedback = std::get<SubmitFeedbackEffect>(effects[0]);
    EXPECT_EQ(feedback.rating, 4);
    EXPECT_FALSE(feedback.comment.has_value());
    EXPECT_FALSE(accepts_feedback(request("B", "cancelled")));
}

TEST(RequestTracking, AfterASyncTheRequestsOnScreenAreReadAgain) {
    TrackingState state;
    state.lookup.entry = "4827193";
    reduce_tracking(state, tracking::Found{"4827193", {request("A", "received")}});
    auto effects = reduce_tracking(state, tracking::Refresh{});
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_EQ(std::get<RefreshRequestsEffect>(effects[0]).request_ids, std::vector<std::string>{"A"});
    reduce_tracking(state, tracking::Refreshed{{request("A", "claimed")}});
    EXPECT_EQ(selected_request(state)->status, "claimed");
    TrackingState nothing_shown;
    EXPECT_TRUE(reduce_tracking(nothing_shown, tracking::Refresh{}).empty());
}

TEST(RequestTracking, LeavingForHomeWipesTheLookup) {
    AppState app;
    reduce(app, action::Navigate{Screen::Status, ""});
    reduce(app, action::InputText{"13812345678"});
    reduce(app, action::Tracking{tracking::SetMode{LookupMode::Phone}});
    reduce(app, action::InputText{"13812345678"});
    EXPECT_EQ(app.tracking.lookup.entry, "13812345678");
    reduce(app, action::GoHome{});
    EXPECT_EQ(app.tracking.lookup.entry, "");
    EXPECT_EQ(app.screen, Screen::Home);
}

}  // namespace
}  // namespace xiangke::kiosk
