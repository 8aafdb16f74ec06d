#include "matching/claim.h"

#include "matching/agents.h"
#include "matching/scheduler.h"

namespace xiangke::backend {
namespace {

namespace matching = core::matching;

core::Error ineligible(matching::Ineligibility reason, const matching::AgentProfile& agent) {
    std::string code(matching::ineligibility_code(reason));
    switch (reason) {
        case matching::Ineligibility::Inactive:
            return {code, "your account is not active", ""};
        case matching::Ineligibility::OnLeave:
            return {code, "you are on leave today; end your leave to claim requests", ""};
        case matching::Ineligibility::OutsideServiceArea:
            return {code, "this request is outside your service area", ""};
        case matching::Ineligibility::NoMatchingExpertise:
            return {code, "this request's category and crop are not in your expertise", ""};
        case matching::Ineligibility::AtCapacity:
            return {code,
                    "you already hold " + std::to_string(agent.held) + " open requests (your capacity is " +
                        std::to_string(agent.capacity) + ")",
                    ""};
        case matching::Ineligibility::None:
            break;
    }
    return {code, "", ""};
}

}  // namespace

core::Result<RequestSummary> claim_request_for(Database& db, const std::string& request_id, int64_t agent_id,
                                               int64_t now_ms, const MatchingConfig& config) {
    auto current = find_request(db, request_id);
    if (!current) {
        return core::Error{"not_found", "no request with this id", "id"};
    }
    const auto status = current->state.status;
    if (lifecycle::is_held(status)) {
        if (current->state.holder == agent_id) {
            return *current;  // a repeated claim (e.g. after a lost reply) answers the same
        }
        return core::Error{"already_claimed", "another agent claimed this request first", ""};
    }
    if (!lifecycle::is_open(status)) {
        return core::Error{"not_claimable",
                           "a request that is " + std::string(lifecycle::status_name(status)) + " cannot be claimed",
                           ""};
    }
    auto agent = load_agent(db, agent_id, now_ms);
    auto request = load_request_profile(db, request_id);
    if (!agent || !request) {
        return core::Error{"inactive", "only field agents claim requests", ""};
    }
    auto reason = matching::check_eligibility(*agent, *request, shanghai_day(now_ms));
    if (reason != matching::Ineligibility::None) {
        return ineligible(reason, *agent);
    }
    EventInput event{{lifecycle::EventKind::Claimed, lifecycle::Actor::Agent, agent_id},
                     std::to_string(agent_id),
                     std::nullopt,
                     "",
                     nullptr,
                     std::nullopt};
    auto appended = append_event(db, request_id, event, now_ms);
    if (!appended.ok()) {
        return core::Error{"not_claimable", appended.error().message, ""};
    }
    start_lease(db, request_id, agent_id, appended->event_id, now_ms, config);
    return *find_request(db, request_id);
}

int claim_error_status(const core::Error& error) {
    if (error.code == "not_found") {
        return 404;
    }
    if (error.code == "inactive" || error.code == "not_in_service_area" || error.code == "no_matching_expertise") {
        return 403;
    }
    return 409;
}

}  // namespace xiangke::backend
