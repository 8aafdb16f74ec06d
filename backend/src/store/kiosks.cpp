#include "store/kiosks.h"

#include <algorithm>

#include "crypto.h"
#include "store/audit.h"
#include "store/change_feed.h"
#include "store/content.h"
#include "store/regions.h"
#include "xiangke/core/region_code.h"
#include "xiangke/platform/random.h"

namespace xiangke::backend {

core::Result<IssuedCode> issue_enrollment_code(Database& db, const std::string& village_code, int64_t now_ms,
                                               int64_t ttl_ms) {
    auto village = core::RegionCode::parse(village_code);
    if (!village.ok() || village->level() != core::RegionLevel::Village) {
        return core::field_error("village", "expected a 12-digit village code");
    }
    if (!region_exists(db, village->str())) {
        return core::field_error(
            "village", "village " + village_code + " is not in the database (import-regions first)", "unknown_region");
    }
    IssuedCode issued{crypto::new_enrollment_code(), now_ms + ttl_ms};
    auto insert =
        db.prepare("INSERT INTO enrollment_codes(code_hash, village_code, created_at, expires_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, crypto::sha256_hex(crypto::normalize_enrollment_code(issued.code)));
    insert.bind(2, village->str());
    insert.bind(3, now_ms);
    insert.bind(4, issued.expires_at);
    insert.exec();
    return issued;
}

core::Result<core::protocol::EnrollResponse> enroll_kiosk(Database& db, const core::protocol::EnrollRequest& request,
                                                          int64_t now_ms) {
    std::string code_hash = crypto::sha256_hex(crypto::normalize_enrollment_code(request.enrollment_code));
    {
        auto find = db.prepare(
            "SELECT e.village_code, e.expires_at, e.used_at, r.name FROM enrollment_codes e "
            "JOIN regions r ON r.code = e.village_code WHERE e.code_hash = ?");
        find.bind(1, code_hash);
        if (!find.step()) {
            return core::Error{"invalid_code", "this enrollment code is not valid", "enrollment_code"};
        }
        std::string village_code = find.column(0).getString();
        int64_t expires_at = find.column(1).getInt64();
        bool used = !find.column(2).isNull();
        std::string village_name = find.column(3).getString();
        find.reset();
        if (used) {
            return core::Error{"code_used", "this enrollment code has already been used", "enrollment_code"};
        }
        if (now_ms >= expires_at) {
            return core::Error{"code_expired", "this enrollment code has expired; ask for a new one",
                               "enrollment_code"};
        }
        core::protocol::EnrollResponse response{platform::new_ulid(), crypto::new_token(), village_code, village_name};
        auto insert = db.prepare(
            "INSERT INTO kiosks(id, village_code, device_name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, response.kiosk_id);
        insert.bind(2, village_code);
        insert.bind(3, request.device_name);
        insert.bind(4, crypto::sha256_hex(response.token));
        insert.bind(5, now_ms);
        insert.exec();
        auto mark = db.prepare("UPDATE enrollment_codes SET used_at = ?, kiosk_id = ? WHERE code_hash = ?");
        mark.bind(1, now_ms);
        mark.bind(2, response.kiosk_id);
        mark.bind(3, code_hash);
        mark.exec();
        // A new kiosk starts its feed with what is current: the content version and live notices.
        if (auto version = current_content_version(db)) {
            append_change(db, response.kiosk_id, "content.version", "content", now_ms, {{"version", *version}});
        }
        auto notices = db.prepare(
            "SELECT id, title, body, until FROM notices WHERE until > ? AND substr(?, 1, length(region_prefix)) = "
            "region_prefix ORDER BY id");
        notices.bind(1, now_ms);
        notices.bind(2, village_code);
        while (notices.step()) {
            append_change(db, response.kiosk_id, "notice", "notice:" + notices.column(0).getString(), now_ms,
                          {{"title", notices.column(1).getString()},
                           {"body", notices.column(2).getString()},
                           {"until", notices.column(3).getInt64()}});
        }
        return response;
    }
}

std::optional<KioskIdentity> authenticate_kiosk(Database& db, const std::string& token) {
    if (token.empty() || token.size() > 256) {
        return std::nullopt;
    }
    // The token is a 256-bit random secret: looking up its hash leaks nothing useful by timing.
    auto find = db.prepare("SELECT id, village_code FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL");
    find.bind(1, crypto::sha256_hex(token));
    if (!find.step()) {
        return std::nullopt;
    }
    KioskIdentity identity{find.column(0).getString(), find.column(1).getString()};
    find.reset();
    return identity;
}

core::Result<bool> revoke_kiosk(Database& db, const std::string& kiosk_id, int64_t now_ms) {
    return with_write_transaction(db, [&] {
        return mark_kiosk_revoked(db, kiosk_id, {"operator", "", "", "", "", "", nullptr}, now_ms);
    });
}

core::Result<bool> mark_kiosk_revoked(Database& db, const std::string& kiosk_id, const AuditEntry& actor,
                                      int64_t now_ms) {
    auto update =
        db.prepare("UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING village_code");
    update.bind(1, now_ms);
    update.bind(2, kiosk_id);
    if (!update.step()) {
        return core::field_error("kiosk", "no kiosk with id " + kiosk_id, "not_found");
    }
    const std::string village = update.column(0).getString();
    update.reset();
    AuditEntry entry = actor;
    entry.action = "kiosk.revoke";
    entry.object_type = "kiosk";
    entry.object_id = kiosk_id;
    write_audit(db, entry, now_ms, village);
    return true;
}

void record_client_status(Database& db, const std::string& kiosk_id, const core::protocol::ClientStatus& status,
                          size_t ops_in_batch, int64_t now_ms) {
    auto update = db.prepare(
        "UPDATE kiosks SET app_version = ?, content_version = ?, outbox_backlog = ?, client_reported_at = ? "
        "WHERE id = ?");
    update.bind(1, status.app_version);
    update.bind_optional(2, status.content_version);
    update.bind(3, std::max<int64_t>(0, status.outbox - static_cast<int64_t>(ops_in_batch)));
    update.bind(4, now_ms);
    update.bind(5, kiosk_id);
    update.exec();
}

void KioskActivity::seen(const std::string& kiosk_id, int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    m_pending[kiosk_id] = now_ms;
}

std::optional<int64_t> KioskActivity::pending_seen(const std::string& kiosk_id) {
    std::lock_guard lock(m_mutex);
    auto it = m_pending.find(kiosk_id);
    return it == m_pending.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

int64_t KioskActivity::flush(Store& store) {
    std::map<std::string, int64_t> pending;
    {
        std::lock_guard lock(m_mutex);
        pending.swap(m_pending);
    }
    if (pending.empty()) {
        return 0;
    }
    store.write([&](Database& db) {
        auto update = db.prepare("UPDATE kiosks SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE id = ?");
        for (const auto& [kiosk_id, at] : pending) {
            update.reset();
            update.bind(1, at);
            update.bind(2, kiosk_id);
            update.exec();
        }
    });
    return static_cast<int64_t>(pending.size());
}

}  // namespace xiangke::backend
