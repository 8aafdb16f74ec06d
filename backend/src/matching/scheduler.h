#pragma once
// The matching scheduler: timers of the request lifecycle kept in the database (no cron), run by
// one thread inside `serve`.
//
// Each round (every matching.tick_seconds):
//  1. Offer: requests received or reopened become `offered`; the best few eligible agents are
//     notified, and two timers start: the offer SLA and the escalation SLA.
//  2. Fire due timers, each exactly once: a timer row is claimed (fired_at set) in the same write
//     transaction that applies its effect, so a crash loses both or keeps both, and a restart
//     fires what is still due.
//     - offer_expiry: requests still unclaimed after the offer SLA are assigned (event `assigned`
//       by the system) by the optimal capacity-aware assignment over every overdue request and
//       every agent (core/assignment.h).
//     - lease_warning: the holder is told the lease is about to end.
//     - lease_expiry: a claim not followed by `contacted` is released (event `reassigned`, reason
//       lease_expired) and offered again in the next round.
//     - escalation: nobody has contacted the farmer within the escalation SLA: an escalation row,
//       an `escalated` event and a notification to the county administrators.
// The clock is a parameter (run_matching_tick), so tests drive hours of timers without sleeping.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "config.h"
#include "store/database.h"

namespace xiangke::backend {

struct MatchingTick {
    int64_t offered = 0;
    int64_t assigned = 0;
    int64_t left_unassigned = 0;  // overdue requests no eligible agent had room for
    int64_t warned = 0;
    int64_t released = 0;
    int64_t escalated = 0;
    int64_t moot = 0;  // timers whose reason had gone (claimed, contacted, closed) when they fell due
    bool any() const { return offered + assigned + warned + released + escalated + moot > 0; }
};

// Starts a claim's lease: a warning and an expiry timer. Inside the caller's write.
void start_lease(Database& db, const std::string& request_id, int64_t agent_id, int64_t claim_event_id, int64_t now_ms,
                 const MatchingConfig& config);

// One round at `now_ms`. `retry_overdue` also runs the assignment when no offer timer fell due,
// for overdue requests that found no agent before (capacity frees up over time).
MatchingTick run_matching_tick(Store& store, const MatchingConfig& config, int64_t now_ms, bool retry_overdue = false);

// The scheduler clock: the system clock plus matching.clock_offset_minutes.
int64_t matching_now_ms(const MatchingConfig& config);

// Runs rounds on its own thread until destroyed.
class MatchingScheduler {
public:
    MatchingScheduler(Store& store, const MatchingConfig& config);
    ~MatchingScheduler();
    MatchingScheduler(const MatchingScheduler&) = delete;
    MatchingScheduler& operator=(const MatchingScheduler&) = delete;

private:
    void loop();

    Store& m_store;
    const MatchingConfig& m_config;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;  // last: starts after the members it uses
};

}  // namespace xiangke::backend
