#pragma once
// The evaluation engine's inputs (core::evaluation::EvaluationInput) read from the database.
//
// The append-only rows (requests as far as evaluation cares, request events, service records,
// feedback, trainings) are kept in one in-memory cache with a watermark per table (the highest
// id read); each call reads only the rows above it, so a re-evaluation after a day of new events
// reads a day of rows. Agents, teams, overrides, 回访 results and complaint decisions are small
// and read each time. Region and period are filtered in memory. Farmers' and agents' phones
// enter the inputs only as a keyed hash (HMAC-SHA256 under a key made per process).
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/database.h"
#include "xiangke/core/evaluation.h"

namespace xiangke::backend {

// The highest row id of each table an evaluation saw: frozen with a stored evaluation so it can
// be recomputed from exactly the same rows.
struct InputWatermarks {
    static constexpr int64_t kAll = std::numeric_limits<int64_t>::max();
    int64_t events = kAll;
    int64_t visits = kAll;
    int64_t feedback = kAll;
    int64_t trainings = kAll;
    int64_t callbacks = kAll;  // 回访 results recorded at or before this time (ms)
    int64_t decisions = kAll;
};

// Agents whose service regions overlap `region` (one is a prefix of the other), with their teams.
struct AgentsAndTeams {
    std::vector<core::evaluation::AgentInfo> agents;
    std::vector<core::evaluation::TeamInfo> teams;
};

class EvaluationInputCache {
public:
    EvaluationInputCache();
    EvaluationInputCache(const EvaluationInputCache&) = delete;
    EvaluationInputCache& operator=(const EvaluationInputCache&) = delete;

    AgentsAndTeams read_agents(Database& db, const std::string& region);

    // Reads the rows written since the last call, then fills `input` (whose period and agents are
    // set) with the facts about those agents, up to `ceiling`: requests they touched that were
    // active in the period with all their events, visits and trainings dated in the period, the
    // farmers' feedback on those requests, 回访 results and complaint decisions. Returns the
    // watermarks of what it read (to freeze with a snapshot).
    InputWatermarks fill(Database& db, core::evaluation::EvaluationInput& input,
                         const InputWatermarks& ceiling = InputWatermarks{});

    // The keyed hash of a phone number's digits.
    std::string phone_key(const std::string& phone) const;

private:
    struct CachedRequest {
        core::evaluation::RequestInfo info;
        std::vector<uint32_t> events;  // indexes into m_events, in id order
        std::vector<int64_t> agents;   // agents any event names (sorted, unique)
        int64_t first_at = 0;
        int64_t last_at = 0;
    };
    void refresh(Database& db);
    bool active_and_ours(const CachedRequest& request, const core::evaluation::Period& period,
                         const std::unordered_set<int64_t>& agents, int64_t max_event, bool all_events) const;
    uint32_t request_index(const std::string& request_id);

    std::mutex m_mutex;
    std::string m_key;
    std::vector<CachedRequest> m_requests;
    std::unordered_map<std::string, uint32_t> m_request_index;
    std::vector<core::evaluation::RequestEvent> m_events;
    std::vector<uint32_t> m_event_request;  // request index of each event
    std::vector<core::evaluation::Visit> m_visits;
    std::vector<core::evaluation::Feedback> m_feedback;
    std::vector<uint32_t> m_feedback_request;  // request index of each feedback row
    std::vector<core::evaluation::Training> m_trainings;
    int64_t m_request_rowid = 0;
    int64_t m_event_id = 0;
    int64_t m_visit_id = 0;
    int64_t m_feedback_id = 0;
    int64_t m_training_id = 0;
};

}  // namespace xiangke::backend
