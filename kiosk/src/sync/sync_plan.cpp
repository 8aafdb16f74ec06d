#include "sync/sync_plan.h"

#include <algorithm>

#include "xiangke/core/protocol.h"

namespace xiangke::kiosk::sync {

namespace {
// {"ops":[],"protocol_version":1} and some slack.
constexpr size_t kEnvelopeBytes = 64;
}  // namespace

BatchLimits protocol_batch_limits() {
    return {core::protocol::limits::kOpsPerBatch, core::protocol::limits::kBatchBytes};
}

size_t ops_in_next_batch(const std::vector<size_t>& op_bytes, const BatchLimits& limits) {
    size_t bytes = kEnvelopeBytes;
    size_t count = 0;
    for (size_t size : op_bytes) {
        if (count == limits.max_ops) {
            break;
        }
        size_t with_separator = size + (count == 0 ? 0 : 1);
        if (count > 0 && bytes + with_separator > limits.max_bytes) {
            break;
        }
        bytes += with_separator;
        ++count;
    }
    return count;
}

AnswerKind classify_answer(int http_status) {
    if (http_status == 200) {
        return AnswerKind::Answered;
    }
    if (http_status == 410) {
        return AnswerKind::CursorGone;
    }
    if (http_status == 0 || http_status == 408 || http_status == 429 || http_status >= 500) {
        return AnswerKind::Unknown;
    }
    return AnswerKind::Refused;
}

int64_t backoff_delay_ms(int failures, const BackoffPolicy& policy, double unit_random) {
    if (failures <= 0) {
        return 0;
    }
    int64_t delay = policy.base_ms;
    for (int i = 1; i < failures && delay < policy.max_ms; ++i) {
        delay *= 2;
    }
    delay = std::min(delay, policy.max_ms);
    double spread = std::clamp(unit_random, 0.0, 1.0);
    return delay / 2 + static_cast<int64_t>(static_cast<double>(delay - delay / 2) * spread);
}

int64_t next_cycle_delay_ms(int failures, bool triggered, int64_t interval_ms, const BackoffPolicy& policy,
                            double unit_random) {
    if (failures > 0) {
        return backoff_delay_ms(failures, policy, unit_random);
    }
    return triggered ? 0 : interval_ms;
}

}  // namespace xiangke::kiosk::sync
