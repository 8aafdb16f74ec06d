#include "maintenance.h"

#include "store/change_feed.h"
#include "store/sessions.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {

MaintenanceReport run_maintenance(Store& store, KioskActivity* activity, const Config& config, int64_t now_ms,
                                  MaintenanceWork work) {
    MaintenanceReport report;
    if (activity != nullptr) {
        report.kiosks_seen = activity->flush(store);
    }
    if (work == MaintenanceWork::LastSeenOnly) {
        return report;
    }
    const int64_t highest = highest_change_seq(store.reader());
    const int64_t retention_ms = config.change_retention_days * core::kDayMs;
    for (int64_t first = 1; first <= highest; first += kPruneChunk) {
        auto pruned = store.write(
            [&](Database& db) { return prune_changes(db, now_ms, retention_ms, first, first + kPruneChunk - 1); });
        report.changes_pruned += pruned.removed;
        report.kiosk_floors_raised += pruned.kiosks;
    }
    report.sessions_and_attempts_purged =
        store.write([&](Database& db) { return purge_sessions_and_attempts(db, now_ms, kLoginRecordRetentionMs); });
    return report;
}

}  // namespace xiangke::backend
