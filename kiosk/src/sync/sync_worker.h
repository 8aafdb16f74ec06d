#pragma once
// SyncWorker: the thread that runs sync cycles in the background — every `interval`, at once when
// triggered (right after a submit, 立即同步), and after a failure only when its backoff (with
// jitter, sync_plan.h) has passed. Never the UI thread: the cycle reports back through its own
// callback (the app turns that into actions). Stops promptly when destroyed.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "sync/sync_plan.h"

namespace xiangke::kiosk {

class SyncWorker {
public:
    // `cycle` runs one push/pull/content cycle and returns true when it completed.
    using Cycle = std::function<bool()>;

    SyncWorker(Cycle cycle, int64_t interval_ms, sync::BackoffPolicy backoff = {});
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    // Ask for a cycle now (it runs as soon as the current one ends, unless in backoff).
    void trigger();
    // Failed cycles in a row so far.
    int failures() const { return m_failures; }
    uint64_t cycles_run() const { return m_cycles; }
    // True while the thread waits (for the interval, a trigger or the end of a backoff), and the
    // number of times it has looked at its trigger and clock: tests wait for these events
    // instead of sleeping before they check that nothing else ran.
    bool waiting() const { return m_waiting; }
    uint64_t rounds() const { return m_rounds; }

private:
    void run();

    Cycle m_cycle;
    int64_t m_interval_ms;
    sync::BackoffPolicy m_backoff;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_triggered = true;  // the first cycle runs at start-up
    bool m_stopping = false;
    std::atomic<int> m_failures{0};
    std::atomic<uint64_t> m_cycles{0};
    std::atomic<bool> m_waiting{false};
    std::atomic<uint64_t> m_rounds{0};
    std::thread m_thread;
};

}  // namespace xiangke::kiosk
