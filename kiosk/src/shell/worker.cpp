#include "shell/worker.h"

namespace xiangke::kiosk {

Worker::Worker() : m_thread([this] { run(); }) {}

Worker::~Worker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void Worker::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_changed.notify_all();
}

bool Worker::idle() const {
    std::lock_guard lock(m_mutex);
    return m_tasks.empty() && !m_running_task;
}

void Worker::wait_idle() const {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_tasks.empty() && !m_running_task; });
}

void Worker::run() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
        if (m_tasks.empty() && m_stopping) {
            return;
        }
        auto task = std::move(m_tasks.front());
        m_tasks.pop_front();
        m_running_task = true;
        lock.unlock();
        task();
        lock.lock();
        m_running_task = false;
        m_changed.notify_all();
    }
}

}  // namespace xiangke::kiosk
