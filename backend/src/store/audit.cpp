#include "store/audit.h"

namespace xiangke::backend {
namespace {
std::optional<std::string> text_or_null(const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}
}  // namespace

void write_audit(Database& db, const AuditEntry& entry, int64_t now_ms) {
    write_audit(db, entry, now_ms, "");
}

void write_audit(Database& db, const AuditEntry& entry, int64_t now_ms, const std::string& region_code) {
    auto insert = db.prepare(
        "INSERT INTO audit_log(at, actor_type, actor_id, action, object_type, object_id, address, detail, "
        "region_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, now_ms);
    insert.bind(2, entry.actor_type);
    insert.bind_optional(3, text_or_null(entry.actor_id));
    insert.bind(4, entry.action);
    insert.bind_optional(5, text_or_null(entry.object_type));
    insert.bind_optional(6, text_or_null(entry.object_id));
    insert.bind_optional(7, text_or_null(entry.address));
    insert.bind_optional(8, entry.detail.is_object() && !entry.detail.empty()
                                ? std::optional<std::string>(entry.detail.dump())
                                : std::nullopt);
    insert.bind_optional(9, text_or_null(region_code));
    insert.exec();
}

}  // namespace xiangke::backend
