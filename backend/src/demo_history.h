#pragma once
// 演示历史: months of simulated service in the demo county (余姚市), so that a newcomer who opens
// /admin/ sees a living dashboard and a full year's evaluation.
//
// Everything is written through the functions the server itself uses: kiosks enrolled with
// enrollment codes, request.create / feedback.create / request.cancel / usage.report applied by
// the push path (store/sync_ops.h), claims by matching/claim.h, the agents' reports by
// store/service_records.h, trainings by record_training, and the matching scheduler's rounds
// (offers, assignments, lease releases, escalations) run on the simulated clock. Only the clock is
// simulated: every write carries its server time in the past.
//
// The seed is fixed: the same `now_ms` and `days` give the same requests and events.
#include <cstdint>
#include <string>

#include "xiangke/core/result.h"

namespace xiangke::backend {

inline constexpr int kMaxDemoHistoryDays = 3660;

struct DemoHistoryReport {
    bool skipped = false;  // the county had requests already: nothing was added
    int64_t kiosks = 0;
    int64_t requests = 0;  // request.create ops applied
    int64_t visits = 0;
    int64_t outcomes = 0;
    int64_t feedback = 0;  // feedback.create ops applied (confirmations, reopenings, complaints)
    int64_t trainings = 0;
    int64_t usage_reports = 0;
    int64_t matching_rounds = 0;
};

// Simulates `days` days of service ending at `now_ms` in the demo county. Call after
// load_demo_data() (it needs the demo's agents and regions). Opens its own connections to the
// database file.
core::Result<DemoHistoryReport> simulate_demo_history(const std::string& db_path, int64_t now_ms, int days);

}  // namespace xiangke::backend
