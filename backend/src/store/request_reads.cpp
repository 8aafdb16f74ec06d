#include "store/request_reads.h"

namespace xiangke::backend {
namespace {

constexpr const char* kDetailSelect =
    "SELECT r.id, r.kiosk_id, r.code, r.village_code, COALESCE(g.name, ''), r.category, r.crop, r.symptoms, "
    "r.description, r.farmer_name, r.farmer_phone, r.preferred_time, r.created_at, r.received_at, r.status, "
    "r.holder_id, COALESCE(u.name, ''), r.visit_date, r.complaints, "
    "(SELECT duration_ms FROM voice_notes v WHERE v.request_id = r.id), "
    "(SELECT COUNT(*) FROM service_photos p WHERE p.request_id = r.id) "
    "FROM requests r LEFT JOIN regions g ON g.code = r.village_code LEFT JOIN users u ON u.id = r.holder_id ";

std::optional<RequestDetail> read_detail(Database& db, const std::string& where, const std::string& key) {
    auto query = db.prepare(std::string(kDetailSelect) + where);
    query.bind(1, key);
    if (!query.step()) {
        return std::nullopt;
    }
    RequestDetail d;
    d.id = query.column(0).getString();
    d.kiosk_id = query.column(1).getString();
    d.code = query.column(2).getString();
    d.village_code = query.column(3).getString();
    d.village_name = query.column(4).getString();
    d.category = query.column(5).getString();
    d.crop = query.column(6).getString();
    d.symptoms = nlohmann::json::parse(query.column(7).getString(), nullptr, false);
    if (!d.symptoms.is_array()) {
        d.symptoms = nlohmann::json::array();
    }
    d.description = query.column(8).getString();
    d.farmer_name = query.column(9).getString();
    d.farmer_phone = query.column(10).getString();
    d.preferred_time = query.column(11).getString();
    d.created_at = query.column(12).getInt64();
    d.received_at = query.column(13).getInt64();
    d.status = query.column(14).getString();
    if (!query.is_null(15)) {
        d.holder_id = query.column(15).getInt64();
        d.holder_name = query.column(16).getString();
    }
    if (!query.is_null(17)) {
        d.visit_date = query.column(17).getString();
    }
    d.complaints = query.column(18).getInt();
    if (!query.is_null(19)) {
        d.voice_duration_ms = query.column(19).getInt64();
    }
    d.photos = query.column(20).getInt64();
    return d;
}

}  // namespace

std::optional<RequestDetail> read_request_detail(Database& db, const std::string& request_id) {
    return read_detail(db, "WHERE r.id = ?", request_id);
}

std::optional<RequestDetail> read_request_by_status_token(Database& db, const std::string& token) {
    return read_detail(db, "WHERE r.status_token = ?", token);
}

std::vector<TimelineEvent> read_request_timeline(Database& db, const std::string& request_id) {
    auto query = db.prepare(
        "SELECT e.id, e.kind, e.actor, COALESCE(e.actor_id, ''), e.agent_id, COALESCE(u.name, ''), e.device_at, "
        "e.server_at, e.reason, e.data, s.visit_date, s.method, s.summary, s.attendees, s.follow_up, "
        "f.outcome, f.rating, f.comment, COALESCE(p.name, '') "
        "FROM request_events e LEFT JOIN users u ON u.id = e.agent_id "
        "LEFT JOIN users p ON e.actor IN ('agent', 'admin') AND p.id = CAST(e.actor_id AS INTEGER) "
        "LEFT JOIN service_records s ON s.event_id = e.id AND s.request_id = e.request_id "
        "LEFT JOIN feedback f ON f.event_id = e.id AND f.request_id = e.request_id "
        "WHERE e.request_id = ? ORDER BY e.id");
    query.bind(1, request_id);
    std::vector<TimelineEvent> events;
    while (query.step()) {
        TimelineEvent e;
        e.event_id = query.column(0).getInt64();
        e.kind = query.column(1).getString();
        e.actor = query.column(2).getString();
        e.actor_id = query.column(3).getString();
        e.actor_name = query.column(18).getString();
        if (!query.is_null(4)) {
            e.agent_id = query.column(4).getInt64();
            e.agent_name = query.column(5).getString();
        }
        if (!query.is_null(6)) {
            e.device_at = query.column(6).getInt64();
        }
        e.server_at = query.column(7).getInt64();
        if (!query.is_null(8)) {
            e.reason = query.column(8).getString();
        }
        if (!query.is_null(9)) {
            e.data = nlohmann::json::parse(query.column(9).getString(), nullptr, false);
            if (e.data.is_discarded()) {
                e.data = nullptr;
            }
        }
        if (!query.is_null(10)) {
            TimelineVisit visit;
            visit.date = query.column(10).getString();
            visit.method = query.column(11).getString();
            visit.summary = query.column(12).getString();
            if (!query.is_null(13)) {
                visit.attendees = query.column(13).getInt64();
            }
            visit.follow_up = query.column(14).getInt() != 0;
            e.visit = std::move(visit);
        }
        if (!query.is_null(15)) {
            e.feedback =
                TimelineFeedback{query.column(15).getString(), query.column(16).getInt(), query.column(17).getString()};
        }
        events.push_back(std::move(e));
    }
    return events;
}

std::optional<VoiceNote> read_voice_note(Database& db, const std::string& request_id) {
    auto query = db.prepare("SELECT data, sha256 FROM voice_notes WHERE request_id = ?");
    query.bind(1, request_id);
    if (!query.step()) {
        return std::nullopt;
    }
    auto data = query.column(0);
    return VoiceNote{std::string(static_cast<const char*>(data.getBlob()), static_cast<size_t>(data.getBytes())),
                     query.column(1).getString()};
}

std::vector<RegionRequestItem> read_region_requests(Database& db, const std::string& region_prefix,
                                                    const std::string& status, size_t limit) {
    auto query = db.prepare(
        "SELECT r.id, r.code, r.village_code, g.name, r.category, r.crop, r.status, u.name, r.received_at, "
        "r.farmer_phone, r.complaints FROM requests r LEFT JOIN regions g ON g.code = r.village_code "
        "LEFT JOIN users u ON u.id = r.holder_id "
        "WHERE r.village_code >= ? AND r.village_code < ? AND (? = '' OR r.status = ?) "
        "ORDER BY r.received_at DESC LIMIT ?");
    query.bind(1, region_prefix);
    query.bind(2, region_prefix + ":");  // ':' sorts right after '9': the range is exactly the prefix
    query.bind(3, status);
    query.bind(4, status);
    query.bind(5, static_cast<int64_t>(limit));
    std::vector<RegionRequestItem> items;
    while (query.step()) {
        RegionRequestItem item;
        item.request_id = query.column(0).getString();
        item.code = query.column(1).getString();
        item.village_code = query.column(2).getString();
        item.village_name = query.column(3).getString();
        item.category = query.column(4).getString();
        item.crop = query.column(5).getString();
        item.status = query.column(6).getString();
        if (!query.is_null(7)) {
            item.agent_name = query.column(7).getString();
        }
        item.received_at = query.column(8).getInt64();
        item.farmer_phone = query.column(9).getString();
        item.complaints = query.column(10).getInt();
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace xiangke::backend
