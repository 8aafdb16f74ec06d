#pragma once
// The per-kiosk change feed (what `GET /api/v1/sync/pull` serves). Rows are appended in the same
// transaction as the event that caused them; seq comes from one AUTOINCREMENT counter, so it
// strictly increases for every kiosk and is never reused. Pruning drops changes that a newer
// change of the same subject supersedes (and expired notices) once they are older than the
// retention period, and raises the kiosk's floor: a cursor below the floor gets 410 and the kiosk
// starts again from cursor 0, which then yields the current state of everything.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

void append_change(Database& db, const std::string& kiosk_id, const std::string& type, const std::string& subject,
                   int64_t at, const nlohmann::json& fields);
// One change of `type` for every kiosk that is not revoked and whose village starts with
// `village_prefix` (empty: every kiosk). Returns the number of kiosks reached.
int64_t append_change_to_kiosks(Database& db, const std::string& village_prefix, const std::string& type,
                                const std::string& subject, int64_t at, const nlohmann::json& fields);

// Changes after `cursor`, at most `limit` (already clamped by the caller). Errors:
// "cursor_expired" (below the kiosk's floor) and "cursor_unknown" (beyond any seq this database
// ever issued, e.g. after a restore from backup); both are answered with 410.
core::Result<core::protocol::PullResponse> pull_changes(Database& db, const std::string& kiosk_id, int64_t cursor,
                                                        int64_t limit);

struct PruneReport {
    int64_t removed = 0;
    int64_t kiosks = 0;  // floors raised
};
// Prunes among the changes with seq in [first_seq, last_seq], so that a large feed is pruned in
// short transactions that never hold the writer for long. Must run inside a write transaction.
PruneReport prune_changes(Database& db, int64_t now_ms, int64_t retention_ms, int64_t first_seq, int64_t last_seq);
// The highest seq ever issued (0 when none).
int64_t highest_change_seq(Database& db);

}  // namespace xiangke::backend
