#pragma once
// Housekeeping the server does now and then (and `xiangke-backend maintain` on demand): write the
// kiosks' last-seen times, prune superseded pull changes past their retention, forget expired
// sessions and old login attempts.
#include <cstdint>

#include "config.h"
#include "store/database.h"
#include "store/kiosks.h"

namespace xiangke::backend {

struct MaintenanceReport {
    int64_t kiosks_seen = 0;
    int64_t changes_pruned = 0;
    int64_t kiosk_floors_raised = 0;
    int64_t sessions_and_attempts_purged = 0;
};

// Login attempts and dead sessions are kept this long (the audit log keeps logins for good).
inline constexpr int64_t kLoginRecordRetentionMs = 7LL * 24 * 60 * 60 * 1000;

// Changes examined per pruning transaction.
inline constexpr int64_t kPruneChunk = 20'000;

enum class MaintenanceWork {
    LastSeenOnly,  // every 30 s
    Everything,    // hourly, at shutdown, and `xiangke-backend maintain`
};

MaintenanceReport run_maintenance(Store& store, KioskActivity* activity, const Config& config, int64_t now_ms,
                                  MaintenanceWork work);

}  // namespace xiangke::backend
