#pragma once
// Kiosks (村级服务终端) and their enrollment: an admin issues a single-use, expiring code bound to
// a village; the kiosk trades it for a device token that never expires but can be revoked.
#include <optional>
#include <string>

#include "store/database.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct IssuedCode {
    std::string code;  // shown once; only its hash is stored
    int64_t expires_at = 0;
};

struct KioskIdentity {
    std::string kiosk_id;
    std::string village_code;
};

core::Result<IssuedCode> issue_enrollment_code(Database& db, const std::string& village_code, int64_t now_ms,
                                               int64_t ttl_ms);
// Error codes: "invalid_code" (unknown), "code_used", "code_expired" (all answered with 401).
core::Result<core::protocol::EnrollResponse> enroll_kiosk(Database& db, const core::protocol::EnrollRequest& request,
                                                          int64_t now_ms);
// The kiosk a bearer token belongs to, unless unknown or revoked.
std::optional<KioskIdentity> authenticate_kiosk(Database& db, const std::string& token);
core::Result<bool> revoke_kiosk(Database& db, const std::string& kiosk_id, int64_t now_ms);

}  // namespace xiangke::backend
