#pragma once
// Applying the ops a kiosk pushes (CONTRACT.md "Push ops"). The whole batch runs in the caller's
// write transaction; each op runs in its own savepoint, so an op that fails is rolled back alone
// and never blocks the rest of its batch. An op's business rows, its events, the change-feed rows
// they cause and its idempotency record commit together.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "store/kiosks.h"
#include "xiangke/core/protocol.h"

namespace xiangke::backend {

struct PushPolicy {
    int max_open_requests_per_phone = 3;
};

// Decoded voice notes are at most this large (the base64 limit of the protocol, decoded).
inline constexpr size_t kVoiceNoteMaxBytes = core::protocol::limits::kVoiceNoteBase64 / 4 * 3;

struct PushedOp {
    std::string type;  // the op type, or "invalid" when the envelope could not be read
    core::protocol::OpResult result;
};

// `ops` is the batch's `ops` array, already checked to be an array within the batch limits.
std::vector<PushedOp> apply_ops(Database& db, const KioskIdentity& kiosk, const nlohmann::json& ops,
                                const PushPolicy& policy, int64_t now_ms);

}  // namespace xiangke::backend
