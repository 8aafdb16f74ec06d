#pragma once
// A background thread that runs tasks in order: database queries, network calls, speech. The UI
// thread only enqueues; results return as actions through the ActionQueue.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace xiangke::kiosk {

class Worker {
public:
    Worker();
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(std::function<void()> task);
    // True when no task is queued or running.
    bool idle() const;
    // Blocks until idle (tests and scenarios).
    void wait_idle() const;

private:
    void run();

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::deque<std::function<void()>> m_tasks;
    bool m_running_task = false;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace xiangke::kiosk
