#pragma once
// Sync planning, pure: how many outbox ops go in the next push, what an answer means for the
// ops that were sent, and when to try again. No clock, no randomness, no I/O: callers pass them.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace xiangke::kiosk::sync {

struct BatchLimits {
    size_t max_ops = 0;
    size_t max_bytes = 0;  // the whole request body
};
// The protocol's limits, with room for the envelope ({"protocol_version":1,"ops":[…]}).
BatchLimits protocol_batch_limits();

// How many of the next ops (their encoded sizes in outbox order) fit in one push: at most
// `max_ops`, their bytes plus separators and the envelope within `max_bytes`; at least one, so an
// op is never stuck behind its own size (the backend then answers for it alone).
size_t ops_in_next_batch(const std::vector<size_t>& op_bytes, const BatchLimits& limits);

// What the backend's answer to a push or pull means.
enum class AnswerKind {
    Answered,      // 200 with a body: per-op results / a page of changes
    Unknown,       // no answer, a timeout, 408, 429 or 5xx: the ops may or may not be stored;
                   // resend the same op ids later (the backend treats repeats as duplicates)
    CursorGone,    // 410 on pull: start again from cursor 0
    Refused,       // any other 4xx (revoked kiosk, version mismatch): retrying will not help now
};
AnswerKind classify_answer(int http_status);

struct BackoffPolicy {
    int64_t base_ms = 5'000;
    int64_t max_ms = 30 * 60'000;
};
// Delay before the next attempt after `failures` failed cycles in a row (0: no failure, 0 ms):
// exponential (base, 2 base, 4 base, …) up to the cap, with "equal jitter": half the delay fixed,
// half spread by `unit_random` in [0, 1), so kiosks that lost the backend together do not come
// back together.
int64_t backoff_delay_ms(int failures, const BackoffPolicy& policy, double unit_random);

// When the next cycle starts: after a failure the backoff, else the regular interval; a trigger
// (a submit, 立即同步) starts one at once unless the backend is in backoff.
int64_t next_cycle_delay_ms(int failures, bool triggered, int64_t interval_ms, const BackoffPolicy& policy,
                            double unit_random);

}  // namespace xiangke::kiosk::sync
