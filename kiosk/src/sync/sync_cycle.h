#pragma once
// One sync cycle as the kiosk runs it (on a worker thread, never the UI thread): closed usage
// days become ops, the outbox is pushed, status changes and notices are pulled, the content is
// updated; every outcome goes back to the UI as actions. Cycles never overlap.
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "app/action_queue.h"
#include "app/app_state.h"
#include "services/content_service.h"
#include "services/kiosk_config.h"
#include "store/outbox_store.h"

namespace xiangke::kiosk {

// The backend this kiosk talks to: the configured URL when set, else the enrolled one.
std::string backend_url(const KioskConfig& config, const KioskIdentity& identity);

// Online when the backend answers its health check; NotEnrolled without an identity.
Connectivity probe_backend(const KioskConfig& config, const std::optional<KioskIdentity>& identity);

class SyncCycle {
public:
    // `store` is used by sync cycles only (its own connection, so a submit never waits for the
    // network); `now_ms` is the app's clock.
    SyncCycle(const KioskConfig& config, std::optional<KioskIdentity> identity, OutboxStore& store,
              ContentService& content, ActionQueue& queue, std::function<int64_t()> now_ms);

    // Runs one cycle; true when all of it completed (never without an identity: then only the
    // usage days are closed, for a USB bundle).
    bool run();

private:
    const KioskConfig& m_config;
    std::optional<KioskIdentity> m_identity;
    OutboxStore& m_store;
    ContentService& m_content;
    ActionQueue& m_queue;
    std::function<int64_t()> m_now_ms;
    std::mutex m_mutex;
};

}  // namespace xiangke::kiosk
