#include "matching/admin_actions.h"

#include <algorithm>

#include "matching/agents.h"
#include "matching/scheduler.h"
#include "notify/notifications.h"
#include "store/admin_reads.h"
#include "store/audit.h"

namespace xiangke::backend {
namespace {

namespace matching = core::matching;

constexpr size_t kMaxCandidates = 200;

EventInput admin_event(lifecycle::EventKind kind, int64_t agent_id, const AdminActor& actor, std::string reason,
                       nlohmann::json data) {
    return {{kind, lifecycle::Actor::Admin, agent_id},
            std::to_string(actor.user_id),
            std::nullopt,
            std::move(reason),
            std::move(data),
            std::nullopt};
}

void audit(Database& db, const AdminActor& actor, const char* action, const RequestSummary& request,
           nlohmann::json detail, int64_t now_ms) {
    write_audit(
        db, {"user", std::to_string(actor.user_id), action, "request", request.id, actor.address, std::move(detail)},
        now_ms, request.village_code);
}

// Takes a held request from its holder; a waiting one is left as it is.
core::Result<int64_t> release_if_held(Database& db, const RequestSummary& request, const AdminActor& actor,
                                      const std::string& why, int64_t now_ms) {
    if (!lifecycle::is_held(request.state.status)) {
        return int64_t{0};
    }
    auto released = append_event(
        db, request.id,
        admin_event(lifecycle::EventKind::Reassigned, 0, actor, why, {{"agent_id", request.state.holder}}), now_ms);
    if (!released.ok()) {
        return released.error();
    }
    return released->event_id;
}

core::Result<RequestSummary> reject(Database& db, const std::string& request_id, const std::string& reason,
                                    nlohmann::json data, const char* action, const AdminActor& actor, int64_t now_ms) {
    auto request = find_request(db, request_id);
    if (!request) {
        return core::Error{"not_found", "no request with this id", "id"};
    }
    if (reason.empty()) {
        return core::Error{"empty_reason", "a rejection needs a reason", "reason"};
    }
    if (!lifecycle::is_open(request->state.status)) {
        return core::Error{
            "invalid_transition",
            "a request that is " + std::string(lifecycle::status_name(request->state.status)) + " cannot be rejected",
            ""};
    }
    // The state machine admits `rejected` only for waiting requests: take a held one back first.
    auto released = release_if_held(db, *request, actor, "admin_rejected", now_ms);
    if (!released.ok()) {
        return released.error();
    }
    auto rejected =
        append_event(db, request_id, admin_event(lifecycle::EventKind::Rejected, 0, actor, reason, data), now_ms);
    if (!rejected.ok()) {
        throw std::runtime_error(rejected.error().message);  // rolls the release back too
    }
    data["event_id"] = rejected->event_id;
    if (request->state.holder != 0) {
        data["agent_id"] = request->state.holder;
    }
    audit(db, actor, action, *request, data, now_ms);
    return *find_request(db, request_id);
}

}  // namespace

std::vector<AssignCandidate> assign_candidates(Database& db, const RequestSummary& request, int64_t now_ms) {
    std::vector<AssignCandidate> candidates;
    auto profile = load_request_profile(db, request.id);
    if (!profile) {
        return candidates;
    }
    const int64_t today = shanghai_day(now_ms);
    for (const auto& agent : agents_serving_village(db, request.village_code, kMaxCandidates)) {
        if (agent.id == request.state.holder && lifecycle::is_held(request.state.status)) {
            continue;
        }
        auto loaded = load_agent(db, agent.id, now_ms);
        if (!loaded) {
            continue;
        }
        auto reason = matching::check_eligibility(*loaded, *profile, today);
        candidates.push_back({agent.id, agent.name,
                              reason == matching::Ineligibility::None
                                  ? std::string()
                                  : std::string(matching::ineligibility_code(reason))});
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const AssignCandidate& a, const AssignCandidate& b) {
        return a.ineligibility.empty() && !b.ineligibility.empty();
    });
    return candidates;
}

core::Result<RequestSummary> admin_reassign(Database& db, const std::string& request_id, int64_t agent_id,
                                            const AdminActor& actor, int64_t now_ms, const MatchingConfig& config) {
    auto request = find_request(db, request_id);
    if (!request) {
        return core::Error{"not_found", "no request with this id", "id"};
    }
    const auto status = request->state.status;
    if (lifecycle::is_held(status) && request->state.holder == agent_id) {
        return core::Error{"same_agent", "this agent already holds the request", "agent_id"};
    }
    if (!lifecycle::is_open(status)) {
        return core::Error{
            "invalid_transition",
            "a request that is " + std::string(lifecycle::status_name(status)) + " cannot be given to another agent",
            ""};
    }
    auto agent = load_agent(db, agent_id, now_ms);
    auto profile = load_request_profile(db, request_id);
    if (!agent || !profile) {
        return core::Error{"inactive", "only field agents can be given requests", "agent_id"};
    }
    auto reason = matching::check_eligibility(*agent, *profile, shanghai_day(now_ms));
    if (reason != matching::Ineligibility::None) {
        return core::Error{std::string(matching::ineligibility_code(reason)), "this agent cannot take the request now",
                           "agent_id"};
    }
    auto released = release_if_held(db, *request, actor, "admin_reassigned", now_ms);
    if (!released.ok()) {
        return released.error();
    }
    auto assigned = append_event(
        db, request_id,
        admin_event(lifecycle::EventKind::Assigned, agent_id, actor, "admin_reassigned", nlohmann::json::object()),
        now_ms);
    if (!assigned.ok()) {
        throw std::runtime_error(assigned.error().message);  // rolls the release back too
    }
    start_lease(db, request_id, agent_id, assigned->event_id, now_ms, config);
    enqueue_notification(db, agent_id, NotificationKind::Assigned, request_id, now_ms, {{"by", "admin"}});
    nlohmann::json detail = {{"agent_id", agent_id}, {"event_id", assigned->event_id}};
    if (request->state.holder != 0 && lifecycle::is_held(status)) {
        detail["from_agent_id"] = request->state.holder;
    }
    audit(db, actor, "request.reassign", *request, detail, now_ms);
    return *find_request(db, request_id);
}

core::Result<RequestSummary> admin_reject(Database& db, const std::string& request_id, const std::string& reason,
                                          const AdminActor& actor, int64_t now_ms) {
    return reject(db, request_id, reason, nlohmann::json::object(), "request.reject", actor, now_ms);
}

core::Result<RequestSummary> admin_close_duplicate(Database& db, const std::string& request_id,
                                                   const std::string& original_code, const std::string& region_prefix,
                                                   const AdminActor& actor, int64_t now_ms) {
    auto original = find_request_by_code(db, region_prefix, original_code, request_id);
    if (!original) {
        return core::Error{"original_not_found", "no other request with this code in your region", "original"};
    }
    return reject(db, request_id, "duplicate:" + original_code, {{"duplicate_of", *original}}, "request.duplicate",
                  actor, now_ms);
}

}  // namespace xiangke::backend
