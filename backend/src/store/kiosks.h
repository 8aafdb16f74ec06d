#pragma once
// Kiosks (村级服务终端) and their enrollment: an admin issues a single-use, expiring code bound to
// a village; the kiosk trades it for a device token that never expires but can be revoked.
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "store/audit.h"
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
// Call inside a write transaction.
core::Result<core::protocol::EnrollResponse> enroll_kiosk(Database& db, const core::protocol::EnrollRequest& request,
                                                          int64_t now_ms);
// The kiosk a bearer token belongs to, unless unknown or revoked.
std::optional<KioskIdentity> authenticate_kiosk(Database& db, const std::string& token);
// Runs its own transaction; a running server refuses the kiosk's token at its next call.
core::Result<bool> revoke_kiosk(Database& db, const std::string& kiosk_id, int64_t now_ms);
// The same inside a write, audited as `actor` (actor_type, actor_id, address); the audit entry
// records the kiosk's village as its region.
core::Result<bool> mark_kiosk_revoked(Database& db, const std::string& kiosk_id, const AuditEntry& actor,
                                      int64_t now_ms);

// Stores what the kiosk said about itself with a push (app and content versions, outbox backlog).
// `status.outbox` counts the batch being pushed; every op of it leaves the kiosk's outbox with the
// answer, so the backlog stored is what waits after this push. Call inside a write.
void record_client_status(Database& db, const std::string& kiosk_id, const core::protocol::ClientStatus& status,
                          size_t ops_in_batch, int64_t now_ms);

// When each kiosk last called, kept in memory and written out in one transaction now and then:
// a write per pull would cost more than the pull itself.
class KioskActivity {
public:
    void seen(const std::string& kiosk_id, int64_t now_ms);
    // When the kiosk was seen since the last flush (newer than kiosks.last_seen_at), if it was.
    std::optional<int64_t> pending_seen(const std::string& kiosk_id);
    // Writes what was seen since the last flush; returns the number of kiosks written.
    int64_t flush(Store& store);

private:
    std::mutex m_mutex;
    std::map<std::string, int64_t> m_pending;
};

}  // namespace xiangke::backend
