#include "sync/sync_worker.h"

#include <chrono>

#include "xiangke/platform/random.h"

namespace xiangke::kiosk {

SyncWorker::SyncWorker(Cycle cycle, int64_t interval_ms, sync::BackoffPolicy backoff)
    : m_cycle(std::move(cycle)), m_interval_ms(interval_ms), m_backoff(backoff) {
    m_thread = std::thread([this] { run(); });
}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void SyncWorker::trigger() {
    {
        std::lock_guard lock(m_mutex);
        m_triggered = true;
    }
    m_wake.notify_all();
}

void SyncWorker::run() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        double jitter = static_cast<double>(platform::random_u64() % 1'000'000) / 1'000'000.0;
        int64_t delay = sync::next_cycle_delay_ms(m_failures, m_triggered, m_interval_ms, m_backoff, jitter);
        if (delay > 0) {
            auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay);
            // A trigger ends the wait unless the backend is in backoff (then only the deadline does).
            m_wake.wait_until(lock, deadline, [&] {
                const bool wake = m_stopping || (m_triggered && m_failures == 0);
                m_waiting = !wake;
                ++m_rounds;
                return wake;
            });
            m_waiting = false;  // the deadline passed, or a trigger or the destructor woke it
            if (m_stopping) {
                break;
            }
        }
        m_triggered = false;
        lock.unlock();
        bool completed = m_cycle();
        lock.lock();
        m_failures = completed ? 0 : m_failures + 1;
        ++m_cycles;
    }
}

}  // namespace xiangke::kiosk
