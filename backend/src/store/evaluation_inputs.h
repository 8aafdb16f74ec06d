#pragma once
// The evaluation engine's inputs (core::evaluation::EvaluationInput) read from the database.
//
// The append-only rows (requests as far as evaluation cares, request events, service records,
// feedback, trainings) are kept in one in-memory cache with a watermark per table (the highest
// id read); each call reads only the rows above it, so a re-evaluation after a day of new events
// reads a day of rows. Agents, teams, overrides, 回访 results and complaint decisions are small
// and read each time. Region and period are filtered in memory. Farmers' and agents' phones
// enter the inputs only as a keyed hash (HMAC-SHA256 under a key made per process).
#include <sodium.h>

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

    // The live path: the input `base` describes (period, as_of, agents, teams, overrides) with the
    // facts filled in as `fill` does, but kept between calls for the same agents, teams and period
    // and extended with the rows written since instead of rebuilt, so an evaluation after a day of
    // new events costs that day's rows plus the engine. `use` runs on it under the cache's lock
    // (one live evaluation at a time); its result is returned.
    template <typename Use>
    auto with_live_input(Database& db, const core::evaluation::EvaluationInput& base, Use&& use) {
        std::lock_guard lock(m_mutex);
        const core::evaluation::EvaluationInput& input = live_input_locked(db, base);
        return use(input);
    }

    // Sets each agent's phone_key from the agent's phone now (a frozen evaluation keeps no phone
    // keys: the key is made per process, and equal phones must give equal keys after a restart).
    void fill_agent_phone_keys(Database& db, std::vector<core::evaluation::AgentInfo>& agents) const;

    // The keyed hash of a phone number's digits.
    std::string phone_key(const std::string& phone) const;

private:
    struct CachedRequest {
        core::evaluation::RequestInfo info;
        std::vector<uint32_t> events;    // indexes into m_events, in id order
        std::vector<int64_t> agents;     // agents any event names (sorted, unique)
        std::vector<uint32_t> feedback;  // indexes into m_feedback
        int64_t first_at = 0;
        int64_t last_at = 0;
    };
    // The live input for one key (period, agents, teams) and how much of each cached table it holds.
    struct LiveSlot {
        std::string key;
        core::evaluation::EvaluationInput input;
        std::vector<char> included;  // per cached request: in the input
        size_t events = 0, visits = 0, feedback = 0, trainings = 0;
        bool valid = false;
    };
    void refresh(Database& db);
    InputWatermarks fill_locked(Database& db, core::evaluation::EvaluationInput& input, const InputWatermarks& ceiling,
                                std::vector<char>* included);
    void read_small_tables(Database& db, core::evaluation::EvaluationInput& input, const InputWatermarks& ceiling,
                           InputWatermarks& seen);
    const core::evaluation::EvaluationInput& live_input_locked(Database& db,
                                                               const core::evaluation::EvaluationInput& base);
    void extend_live(const std::unordered_set<int64_t>& agents);
    bool active_and_ours(const CachedRequest& request, const core::evaluation::Period& period,
                         const std::unordered_set<int64_t>& agents, int64_t max_event, bool all_events) const;
    uint32_t request_index(const std::string& request_id);

    std::mutex m_mutex;
    std::string m_key;
    crypto_auth_hmacsha256_state m_hmac_state{};  // keyed with m_key
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
    LiveSlot m_live;
};

}  // namespace xiangke::backend
