#include "xiangke/core/request_lifecycle.h"

#include <gtest/gtest.h>

using namespace xiangke::core;
using namespace xiangke::core::lifecycle;
using protocol::FeedbackOutcome;

namespace {

constexpr int64_t kAgent = 7;
constexpr int64_t kOtherAgent = 8;

Event kiosk(EventKind kind) {
    return {kind, Actor::Kiosk, 0};
}
Event agent(EventKind kind, int64_t id = kAgent) {
    return {kind, Actor::Agent, id};
}
Event by_system(EventKind kind) {
    return {kind, Actor::System, 0};
}

RequestState state_after(const std::vector<Event>& events) {
    auto state = replay(events);
    EXPECT_TRUE(state.ok()) << (state.ok() ? "" : state.error().message);
    return state.ok() ? *state : RequestState{};
}

RequestState held() {
    return state_after({kiosk(EventKind::Received), agent(EventKind::Claimed)});
}

}  // namespace

TEST(RequestLifecycle, NamesRoundTrip) {
    for (int i = 0; i <= static_cast<int>(RequestStatus::Rejected); ++i) {
        auto status = static_cast<RequestStatus>(i);
        EXPECT_EQ(status_from_name(status_name(status)), status);
        // Every status but `submitted` is one the kiosk may receive in a request.status change.
        EXPECT_EQ(protocol::is_kiosk_visible_status(status_name(status)), status != RequestStatus::Submitted);
    }
    for (int i = 0; i <= static_cast<int>(EventKind::Escalated); ++i) {
        auto kind = static_cast<EventKind>(i);
        EXPECT_EQ(event_kind_from_name(event_kind_name(kind)), kind);
    }
    EXPECT_FALSE(status_from_name("done"));
    EXPECT_FALSE(event_kind_from_name(""));
}

TEST(RequestLifecycle, HappyPathToConfirmation) {
    auto state = state_after({kiosk(EventKind::Received), by_system(EventKind::Offered), agent(EventKind::Claimed),
                              agent(EventKind::Contacted), agent(EventKind::Visited), agent(EventKind::Resolved),
                              kiosk(EventKind::Confirmed)});
    EXPECT_EQ(state.status, RequestStatus::Confirmed);
    EXPECT_EQ(state.holder, kAgent);  // who resolved it stays on the record
    EXPECT_FALSE(is_open(state.status));
    EXPECT_TRUE(is_closed(state.status));
}

TEST(RequestLifecycle, FirstClaimWins) {
    auto state = apply(held(), agent(EventKind::Claimed, kOtherAgent));
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, "invalid_transition");
    EXPECT_FALSE(apply(state_after({kiosk(EventKind::Received)}), kiosk(EventKind::Claimed)).ok());
}

TEST(RequestLifecycle, OnlyTheHolderReports) {
    for (auto kind : {EventKind::Contacted, EventKind::Visited, EventKind::Resolved, EventKind::PartlyResolved,
                      EventKind::Referred, EventKind::CannotResolve, EventKind::Declined, EventKind::Unreachable}) {
        auto other = apply(held(), agent(kind, kOtherAgent));
        ASSERT_FALSE(other.ok()) << event_kind_name(kind);
        EXPECT_EQ(other.error().code, "not_holder");
        EXPECT_TRUE(apply(held(), agent(kind)).ok()) << event_kind_name(kind);
        // Nobody can report on a request nobody holds.
        EXPECT_FALSE(apply(state_after({kiosk(EventKind::Received)}), agent(kind)).ok());
    }
}

TEST(RequestLifecycle, ContactAfterVisitKeepsVisited) {
    auto visited = apply(held(), agent(EventKind::Visited));
    ASSERT_TRUE(visited.ok());
    auto again = apply(*visited, agent(EventKind::Contacted));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->status, RequestStatus::Visited);
}

TEST(RequestLifecycle, GivingBackReturnsToThePool) {
    for (auto kind : {EventKind::Declined, EventKind::Unreachable}) {
        auto back = apply(held(), agent(kind));
        ASSERT_TRUE(back.ok());
        EXPECT_EQ(back->status, RequestStatus::Received);
        EXPECT_EQ(back->holder, 0);
        EXPECT_TRUE(apply(*back, agent(EventKind::Claimed, kOtherAgent)).ok());
    }
    auto reassigned = apply(held(), by_system(EventKind::Reassigned));
    ASSERT_TRUE(reassigned.ok());
    EXPECT_EQ(reassigned->holder, 0);
    EXPECT_FALSE(apply(held(), agent(EventKind::Reassigned)).ok());  // an agent cannot take it from another
}

TEST(RequestLifecycle, CancelOnlyWhileOpen) {
    EXPECT_TRUE(apply(held(), kiosk(EventKind::Cancelled)).ok());
    auto cancelled = apply(state_after({kiosk(EventKind::Received)}), kiosk(EventKind::Cancelled));
    ASSERT_TRUE(cancelled.ok());
    EXPECT_EQ(cancelled->status, RequestStatus::Cancelled);
    EXPECT_FALSE(apply(*cancelled, kiosk(EventKind::Cancelled)).ok());
    auto resolved = apply(held(), agent(EventKind::Resolved));
    EXPECT_FALSE(apply(*resolved, kiosk(EventKind::Cancelled)).ok());
    EXPECT_FALSE(apply(*cancelled, agent(EventKind::Claimed)).ok());
}

TEST(RequestLifecycle, FeedbackBeforeAnOutcomeIsAComplaint) {
    for (auto outcome : {FeedbackOutcome::Solved, FeedbackOutcome::Partly, FeedbackOutcome::NotSolved}) {
        EXPECT_EQ(feedback_event(RequestStatus::Received, outcome), EventKind::Complaint);
        EXPECT_EQ(feedback_event(RequestStatus::Claimed, outcome), EventKind::Complaint);
        EXPECT_EQ(feedback_event(RequestStatus::Visited, outcome), EventKind::Complaint);
    }
    auto complained = apply(held(), kiosk(EventKind::Complaint));
    ASSERT_TRUE(complained.ok());
    EXPECT_EQ(complained->status, RequestStatus::Claimed);
    EXPECT_EQ(complained->complaints, 1);
    EXPECT_EQ(feedback_event(RequestStatus::Submitted, FeedbackOutcome::Solved), std::nullopt);
}

TEST(RequestLifecycle, NotSolvedAfterAnOutcomeReopens) {
    auto resolved = *apply(held(), agent(EventKind::Resolved));
    auto kind = feedback_event(resolved.status, FeedbackOutcome::NotSolved);
    ASSERT_EQ(kind, EventKind::Reopened);
    auto reopened = apply(resolved, kiosk(*kind));
    ASSERT_TRUE(reopened.ok());
    EXPECT_EQ(reopened->status, RequestStatus::Reopened);
    EXPECT_EQ(reopened->holder, 0);
    EXPECT_EQ(reopened->reopen_count, 1);
    EXPECT_TRUE(is_open(reopened->status));
    EXPECT_TRUE(apply(*reopened, agent(EventKind::Claimed, kOtherAgent)).ok());

    EXPECT_EQ(feedback_event(RequestStatus::PartlyResolved, FeedbackOutcome::Partly), EventKind::Confirmed);
    EXPECT_EQ(feedback_event(RequestStatus::ClosedUnconfirmed, FeedbackOutcome::Solved), EventKind::Confirmed);
    EXPECT_EQ(feedback_event(RequestStatus::Confirmed, FeedbackOutcome::NotSolved), EventKind::Reopened);
    EXPECT_EQ(feedback_event(RequestStatus::Confirmed, FeedbackOutcome::Solved), EventKind::Rated);
    EXPECT_EQ(feedback_event(RequestStatus::Cancelled, FeedbackOutcome::NotSolved), EventKind::Rated);
}

TEST(RequestLifecycle, EveryFeedbackEventIsAValidTransition) {
    // Whatever state a received request is in, the event feedback maps to can be applied.
    std::vector<std::vector<Event>> histories = {
        {kiosk(EventKind::Received)},
        {kiosk(EventKind::Received), by_system(EventKind::Offered)},
        {kiosk(EventKind::Received), agent(EventKind::Claimed), agent(EventKind::Visited)},
        {kiosk(EventKind::Received), agent(EventKind::Claimed), agent(EventKind::Referred)},
        {kiosk(EventKind::Received), agent(EventKind::Claimed), agent(EventKind::Resolved),
         by_system(EventKind::ClosedUnconfirmed)},
        {kiosk(EventKind::Received), agent(EventKind::Claimed), agent(EventKind::Resolved),
         kiosk(EventKind::Confirmed)},
        {kiosk(EventKind::Received), kiosk(EventKind::Cancelled)},
        {kiosk(EventKind::Received), {EventKind::Rejected, Actor::Admin, 0}},
    };
    for (const auto& history : histories) {
        auto state = state_after(history);
        for (auto outcome : {FeedbackOutcome::Solved, FeedbackOutcome::Partly, FeedbackOutcome::NotSolved}) {
            auto kind = feedback_event(state.status, outcome);
            ASSERT_TRUE(kind.has_value());
            EXPECT_TRUE(apply(state, kiosk(*kind)).ok())
                << status_name(state.status) << " + " << event_kind_name(*kind);
        }
    }
}

TEST(RequestLifecycle, ReplayNamesTheFirstBadEvent) {
    auto bad = replay({kiosk(EventKind::Received), agent(EventKind::Resolved)});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "events[1]");
    EXPECT_FALSE(replay({agent(EventKind::Claimed)}).ok());  // nothing happens before the server has it
    EXPECT_FALSE(replay({kiosk(EventKind::Received), kiosk(EventKind::Received)}).ok());
}

TEST(RequestLifecycle, OnlyAdminsRejectAndOnlyBeforePickup) {
    EXPECT_FALSE(apply(state_after({kiosk(EventKind::Received)}), by_system(EventKind::Rejected)).ok());
    EXPECT_FALSE(apply(held(), {EventKind::Rejected, Actor::Admin, 0}).ok());
    auto rejected = apply(state_after({kiosk(EventKind::Received)}), {EventKind::Rejected, Actor::Admin, 0});
    ASSERT_TRUE(rejected.ok());
    EXPECT_TRUE(is_closed(rejected->status));
}

TEST(RequestLifecycle, ClosingNeedsAnOutcome) {
    EXPECT_FALSE(apply(held(), by_system(EventKind::ClosedUnconfirmed)).ok());
    EXPECT_FALSE(apply(held(), kiosk(EventKind::Confirmed)).ok());
    auto resolved = *apply(held(), agent(EventKind::CannotResolve));
    EXPECT_TRUE(awaits_confirmation(resolved.status));
    auto closed = apply(resolved, by_system(EventKind::ClosedUnconfirmed));
    ASSERT_TRUE(closed.ok());
    EXPECT_FALSE(apply(*closed, by_system(EventKind::ClosedUnconfirmed)).ok());
}

TEST(RequestLifecycle, MatchingAssignsLikeAClaimAndOnlyBeforePickup) {
    Event assign{EventKind::Assigned, Actor::System, kAgent};
    auto offered = state_after({kiosk(EventKind::Received), by_system(EventKind::Offered)});
    auto assigned = apply(offered, assign);
    ASSERT_TRUE(assigned.ok());
    EXPECT_EQ(assigned->status, RequestStatus::Claimed);
    EXPECT_EQ(assigned->holder, kAgent);
    EXPECT_FALSE(apply(*assigned, assign).ok()) << "already held";
    EXPECT_FALSE(apply(offered, {EventKind::Assigned, Actor::Agent, kAgent}).ok()) << "agents claim instead";
    EXPECT_FALSE(apply(offered, by_system(EventKind::Assigned)).ok()) << "an assignment names its agent";
    // The assignee reports like any holder.
    EXPECT_TRUE(apply(*assigned, agent(EventKind::Contacted)).ok());
}

TEST(RequestLifecycle, EscalationChangesNothingAndOnlyWhileOpen) {
    auto escalated = apply(held(), by_system(EventKind::Escalated));
    ASSERT_TRUE(escalated.ok());
    EXPECT_EQ(escalated->status, RequestStatus::Claimed);
    EXPECT_EQ(escalated->holder, kAgent);
    EXPECT_FALSE(apply(*apply(held(), agent(EventKind::Resolved)), by_system(EventKind::Escalated)).ok());
    EXPECT_FALSE(apply(held(), agent(EventKind::Escalated)).ok());
}
