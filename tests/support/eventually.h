#pragma once
// Polling for tests: waits for something another thread or process will make true. Wait for an
// event this way, never for a fixed time: a fixed sleep is slow on a fast machine and wrong on a
// slow one.
#include <chrono>
#include <thread>

namespace xiangke::test {

// Calls `done` every `every` until it returns true or `limit` has passed; true if it did (the last
// call comes after the deadline, so a condition met just in time still counts).
template <class Predicate>
bool eventually(Predicate&& done, std::chrono::nanoseconds limit = std::chrono::seconds(5),
                std::chrono::nanoseconds every = std::chrono::milliseconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(every);
    }
    return done();
}

}  // namespace xiangke::test
