#pragma once
// The audit log: who saw or changed what, append-only. `detail` is for ids and counts, never for
// personal data (the point of the log is to record that a phone number was read, not the number).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "store/database.h"

namespace xiangke::backend {

struct AuditEntry {
    std::string actor_type;  // user, kiosk, operator, system
    std::string actor_id;
    std::string action;  // e.g. farmer_phone.read, login, kiosk.revoke, content.publish
    std::string object_type;
    std::string object_id;
    std::string address;  // client address after trusted proxies; empty for commands
    nlohmann::json detail;
};

void write_audit(Database& db, const AuditEntry& entry, int64_t now_ms);
// The same, recording the region the act concerned (a request's village, a notice's region): the
// administrators' 审计 page shows an entry to those whose region holds it (migration 11).
void write_audit(Database& db, const AuditEntry& entry, int64_t now_ms, const std::string& region_code);

}  // namespace xiangke::backend
