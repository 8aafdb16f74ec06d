#pragma once
// Results from worker threads come back to the UI thread as actions through this queue, drained
// once per frame. Pushing wakes the event loop.
#include <functional>
#include <mutex>
#include <vector>

#include "app/actions.h"

namespace xiangke::kiosk {

class ActionQueue {
public:
    void set_waker(std::function<void()> waker) {
        std::lock_guard lock(m_mutex);
        m_waker = std::move(waker);
    }
    void push(Action action) {
        std::function<void()> waker;
        {
            std::lock_guard lock(m_mutex);
            m_actions.push_back(std::move(action));
            waker = m_waker;
        }
        if (waker) {
            waker();
        }
    }
    // Wakes the event loop without an action (e.g. an image finished decoding).
    void wake() {
        std::function<void()> waker;
        {
            std::lock_guard lock(m_mutex);
            waker = m_waker;
        }
        if (waker) {
            waker();
        }
    }
    std::vector<Action> drain() {
        std::lock_guard lock(m_mutex);
        std::vector<Action> out;
        out.swap(m_actions);
        return out;
    }

private:
    std::mutex m_mutex;
    std::vector<Action> m_actions;
    std::function<void()> m_waker;
};

}  // namespace xiangke::kiosk
