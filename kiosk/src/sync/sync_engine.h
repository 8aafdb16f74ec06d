#pragma once
// SyncEngine: one push/pull exchange with the backend (docs/api.md). Push sends the outbox in
// batches within the protocol limits and applies each answer in one transaction; an unknown
// outcome (no answer, timeout, 5xx) leaves the ops where they are, to be resent later with the
// same op ids. Pull pages through the change feed from the stored cursor, storing each page and
// the cursor after it in one transaction; a 410 restarts from cursor 0. Runs on a worker thread.
#include <cstdint>
#include <optional>
#include <string>

#include "services/backend_client.h"
#include "store/outbox_store.h"

namespace xiangke::kiosk {

struct SyncReport {
    enum class Outcome { Completed, Unreachable, Refused } outcome = Outcome::Completed;
    std::string detail;  // why it did not complete, for the log and the maintainer screen
    int acknowledged = 0;
    int rejected = 0;
    int status_changes = 0;
    int notices = 0;
    std::optional<int64_t> content_version;  // the feed announced this content version
    bool completed() const { return outcome == Outcome::Completed; }
};

class SyncEngine {
public:
    SyncEngine(OutboxStore& store, BackendClient& client) : m_store(store), m_client(client) {}

    // What every push says about this kiosk (its `client` object: the administrators' 触摸屏 page
    // shows it). Without it a push carries no `client`.
    void report_as(std::string app_version, std::optional<int64_t> content_version) {
        m_client_status = core::protocol::ClientStatus{std::move(app_version), content_version, 0};
    }

    SyncReport push_outbox(int64_t now_ms);
    SyncReport pull_changes();
    // Push, then pull (so the statuses of what was just pushed come back in the same cycle).
    SyncReport run_cycle(int64_t now_ms);

private:
    OutboxStore& m_store;
    BackendClient& m_client;
    std::optional<core::protocol::ClientStatus> m_client_status;
};

}  // namespace xiangke::kiosk
