#include "sync/sync_cycle.h"

#include <vector>

#include "app/strings.h"
#include "services/backend_client.h"
#include "services/content_updater.h"
#include "services/kiosk_log.h"
#include "services/pack_installer.h"
#include "sync/sync_engine.h"

namespace xiangke::kiosk {
namespace {

std::vector<Notice> to_notices(const std::vector<core::protocol::NoticeChange>& changes) {
    std::vector<Notice> notices;
    for (const auto& change : changes) {
        notices.push_back(Notice{change.title, change.body, change.until});
    }
    return notices;
}

}  // namespace

std::string backend_url(const KioskConfig& config, const KioskIdentity& identity) {
    return config.backend_url.empty() ? identity.backend_url : config.backend_url;
}

Connectivity probe_backend(const KioskConfig& config, const std::optional<KioskIdentity>& identity) {
    if (!identity) {
        return Connectivity::NotEnrolled;
    }
    BackendClient client(backend_url(config, *identity), identity->token);
    return client.healthy() ? Connectivity::Online : Connectivity::Offline;
}

SyncCycle::SyncCycle(const KioskConfig& config, std::optional<KioskIdentity> identity, OutboxStore& store,
                     ContentService& content, ActionQueue& queue, std::function<int64_t()> now_ms)
    : m_config(config),
      m_identity(std::move(identity)),
      m_store(store),
      m_content(content),
      m_queue(queue),
      m_now_ms(std::move(now_ms)) {}

bool SyncCycle::run() {
    std::lock_guard lock(m_mutex);
    // Days that are over become usage.report ops before anything else, so their counts leave with
    // this push, or with a USB bundle while the backend is out of reach.
    if (auto closed = m_store.close_usage_periods(m_now_ms()); !closed.ok()) {
        kiosk_log::write("usage_report_failed", closed.error().message);
    } else if (*closed > 0) {
        kiosk_log::write("usage_report_queued", "ops=" + std::to_string(*closed));
    }
    Connectivity connectivity = probe_backend(m_config, m_identity);
    m_queue.push(action::ConnectivityChanged{connectivity});
    if (connectivity != Connectivity::Online) {
        m_queue.push(action::MaintenanceMessage{std::string(text(Str::SyncFailed))});
        return false;
    }
    const std::string url = backend_url(m_config, *m_identity);
    BackendClient client(url, m_identity->token);
    SyncEngine engine(m_store, client);
    SyncReport report = engine.run_cycle(m_now_ms());
    if (report.rejected > 0) {
        // The maintainer screen's log shows why the backend refused them.
        for (const auto& letter : m_store.dead_letters(static_cast<size_t>(report.rejected))) {
            kiosk_log::write("op_rejected", letter.type + " " + letter.error.code + ": " + letter.error.message);
        }
    }
    if (!report.completed()) {
        kiosk_log::write("sync_failed", report.detail);
    } else if (report.acknowledged + report.status_changes + report.notices > 0) {
        kiosk_log::write("synced", "pushed=" + std::to_string(report.acknowledged) +
                                       " changes=" + std::to_string(report.status_changes));
    }
    m_queue.push(action::NoticesLoaded{to_notices(m_store.live_notices(m_now_ms()))});

    bool completed = report.completed();
    auto key = pinned_public_key(m_config.content_public_key);
    if (!key.ok()) {
        kiosk_log::write("content_update_skipped", key.error().message);
    } else {
        auto update = update_content(m_content, url, m_identity->token, m_config.data_dir, *key, m_now_ms());
        using Kind = ContentUpdateResult::Kind;
        if (update.kind == Kind::Installed) {
            m_queue.push(action::LibraryLoaded{m_content.load_library()});
        } else if (update.kind == Kind::Refused || update.kind == Kind::Unreachable) {
            kiosk_log::write("content_update_failed", update.detail);
            completed = false;
        }
    }
    if (completed) {
        m_queue.push(action::SyncFinished{m_now_ms()});
    }
    m_queue.push(action::MaintenanceMessage{std::string(text(completed ? Str::SyncDone : Str::SyncFailed))});
    return completed;
}

}  // namespace xiangke::kiosk
