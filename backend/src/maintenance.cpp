#include "maintenance.h"

#include "store/change_feed.h"
#include "store/sessions.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {

MaintenanceReport run_maintenance(Store& store, KioskActivity* activity, const Config& config, int64_t now_ms) {
    MaintenanceReport report;
    if (activity != nullptr) {
        report.kiosks_seen = activity->flush(store);
    }
    store.write([&](Database& db) {
        auto pruned = prune_changes(db, now_ms, config.change_retention_days * core::kDayMs);
        report.changes_pruned = pruned.removed;
        report.kiosk_floors_raised = pruned.kiosks;
        report.sessions_and_attempts_purged = purge_sessions_and_attempts(db, now_ms, kLoginRecordRetentionMs);
    });
    return report;
}

}  // namespace xiangke::backend
