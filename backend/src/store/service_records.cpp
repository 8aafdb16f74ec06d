#include "store/service_records.h"

#include "crypto.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/region_code.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {
namespace {

std::vector<AgentRequestItem> read_items(Statement& query, int64_t agent_id) {
    std::vector<AgentRequestItem> items;
    while (query.step()) {
        AgentRequestItem item;
        item.request_id = query.column(0).getString();
        item.code = query.column(1).getString();
        item.category = query.column(2).getString();
        item.crop = query.column(3).getString();
        item.village_name = query.is_null(4) ? "" : query.column(4).getString();
        item.status = query.column(5).getString();
        item.received_at = query.column(6).getInt64();
        item.last_event_at = query.column(7).getInt64();
        item.holding = !query.is_null(8) && query.column(8).getInt64() == agent_id;
        items.push_back(std::move(item));
    }
    return items;
}

int64_t count(Database& db, const std::string& sql, int64_t agent_id) {
    auto query = db.prepare(sql);
    query.bind(1, agent_id);
    query.step();
    return query.column(0).getInt64();
}

}  // namespace

bool is_visit_method(const std::string& method) {
    return method == "onsite" || method == "phone" || method == "video" || method == "training";
}

core::Result<AppliedReport> apply_agent_report(Database& db, const std::string& request_id, int64_t agent_id,
                                               const AgentReport& report, int64_t now_ms) {
    EventInput input{{report.kind, lifecycle::Actor::Agent, agent_id},
                     std::to_string(agent_id),
                     report.at,
                     report.note,
                     report.data,
                     report.visit_date};
    auto appended = append_event(db, request_id, input, now_ms);
    if (!appended.ok()) {
        return appended.error();
    }
    AppliedReport applied{*appended, std::nullopt};
    if (report.kind == lifecycle::EventKind::Visited) {
        auto record = db.prepare(
            "INSERT INTO service_records(request_id, agent_id, event_id, visit_date, method, summary, attendees, "
            "recorded_at, follow_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        record.bind(1, request_id);
        record.bind(2, agent_id);
        record.bind(3, appended->event_id);
        record.bind(4, report.visit_date.value_or(""));
        record.bind(5, report.visit_method.value_or("onsite"));
        record.bind(6, report.visit_summary);
        record.bind_optional(7, report.attendees);
        record.bind(8, now_ms);
        record.bind(9, report.follow_up ? 1 : 0);
        record.exec();
        applied.record_id = db.raw().getLastInsertRowid();
    }
    return applied;
}

int64_t store_service_photo(Database& db, const ServicePhoto& photo, int64_t now_ms) {
    auto insert = db.prepare(
        "INSERT INTO service_photos(request_id, agent_id, record_id, format, width, height, sha256, data, "
        "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, photo.request_id);
    insert.bind(2, photo.agent_id);
    insert.bind_optional(3, photo.record_id);
    insert.bind(4, photo.format);
    insert.bind(5, photo.width);
    insert.bind(6, photo.height);
    insert.bind(7, crypto::sha256_hex(photo.bytes));
    insert.bind(8, photo.bytes.data(), static_cast<int>(photo.bytes.size()));
    insert.bind(9, now_ms);
    insert.exec();
    return db.raw().getLastInsertRowid();
}

std::optional<int64_t> latest_service_record(Database& db, const std::string& request_id, int64_t agent_id) {
    auto query = db.prepare("SELECT MAX(id) FROM service_records WHERE request_id = ? AND agent_id = ?");
    query.bind(1, request_id);
    query.bind(2, agent_id);
    if (!query.step() || query.is_null(0)) {
        return std::nullopt;
    }
    return query.column(0).getInt64();
}

int64_t count_service_photos(Database& db, const std::string& request_id) {
    auto query = db.prepare("SELECT COUNT(*) FROM service_photos WHERE request_id = ?");
    query.bind(1, request_id);
    query.step();
    return query.column(0).getInt64();
}

core::Result<TrainingSession> validate_training(Database& db, const std::string& village_code, const std::string& topic,
                                                const std::string& held_on, int64_t attendees) {
    TrainingSession session;
    auto village = core::RegionCode::parse(village_code);
    if (!village.ok() || village->level() != core::RegionLevel::Village) {
        return core::field_error("village_code", "expected a 12-digit village code");
    }
    auto name = db.prepare("SELECT name FROM regions WHERE code = ?");
    name.bind(1, village_code);
    if (!name.step()) {
        return core::field_error("village_code", "no village with this code");
    }
    session.village_name = name.column(0).getString();
    name.reset();
    int64_t topic_chars = core::utf8_length(topic);
    if (topic_chars < 1 || topic_chars > static_cast<int64_t>(kMaxTrainingTopicChars)) {
        return core::field_error("topic", "the topic must be 1 to 100 characters");
    }
    if (!core::parse_shanghai_date(held_on, "held_on").ok()) {
        return core::field_error("held_on", "expected a date YYYY-MM-DD");
    }
    if (attendees < 0 || attendees > kMaxTrainingAttendees) {
        return core::field_error("attendees", "attendees must be between 0 and 10000");
    }
    session.village_code = village_code;
    session.topic = topic;
    session.held_on = held_on;
    session.attendees = attendees;
    return session;
}

int64_t record_training(Database& db, int64_t agent_id, const TrainingSession& session, int64_t now_ms) {
    auto insert = db.prepare(
        "INSERT INTO training_sessions(agent_id, village_code, topic, held_on, attendees, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, agent_id);
    insert.bind(2, session.village_code);
    insert.bind(3, session.topic);
    insert.bind(4, session.held_on);
    insert.bind(5, session.attendees);
    insert.bind(6, now_ms);
    insert.exec();
    return db.raw().getLastInsertRowid();
}

std::vector<TrainingSession> agent_trainings(Database& db, int64_t agent_id, size_t limit) {
    auto query = db.prepare(
        "SELECT t.id, t.village_code, COALESCE(g.name, ''), t.topic, t.held_on, t.attendees FROM training_sessions t "
        "LEFT JOIN regions g ON g.code = t.village_code WHERE t.agent_id = ? ORDER BY t.held_on DESC, t.id DESC "
        "LIMIT ?");
    query.bind(1, agent_id);
    query.bind(2, static_cast<int64_t>(limit));
    std::vector<TrainingSession> out;
    while (query.step()) {
        out.push_back({query.column(0).getInt64(), query.column(1).getString(), query.column(2).getString(),
                       query.column(3).getString(), query.column(4).getString(), query.column(5).getInt64()});
    }
    return out;
}

std::vector<AgentRequestItem> held_requests(Database& db, int64_t agent_id, size_t limit) {
    static const std::string kStatuses = status_sql_list(
        [](lifecycle::RequestStatus s) { return lifecycle::is_held(s) || lifecycle::awaits_confirmation(s); });
    auto query = db.prepare(
        "SELECT r.id, r.code, r.category, r.crop, g.name, r.status, r.received_at, r.updated_at, r.holder_id "
        "FROM requests r LEFT JOIN regions g ON g.code = r.village_code WHERE r.holder_id = ? AND r.status IN (" +
        kStatuses + ") ORDER BY r.updated_at DESC LIMIT ?");
    query.bind(1, agent_id);
    query.bind(2, static_cast<int64_t>(limit));
    return read_items(query, agent_id);
}

std::vector<AgentRequestItem> agent_history(Database& db, int64_t agent_id, size_t limit) {
    auto query = db.prepare(
        "SELECT r.id, r.code, r.category, r.crop, g.name, r.status, r.received_at, h.last_at, r.holder_id "
        "FROM (SELECT request_id, MAX(server_at) AS last_at FROM request_events WHERE agent_id = ? AND actor = "
        "'agent' GROUP BY request_id) h JOIN requests r ON r.id = h.request_id "
        "LEFT JOIN regions g ON g.code = r.village_code ORDER BY h.last_at DESC LIMIT ?");
    query.bind(1, agent_id);
    query.bind(2, static_cast<int64_t>(limit));
    return read_items(query, agent_id);
}

AgentFigures agent_figures(Database& db, int64_t agent_id) {
    AgentFigures f;
    f.handled = count(db,
                      "SELECT COUNT(DISTINCT request_id) FROM request_events WHERE agent_id = ? AND kind IN "
                      "('claimed', 'assigned')",
                      agent_id);
    f.resolved = count(db,
                       "SELECT COUNT(DISTINCT request_id) FROM request_events WHERE agent_id = ? AND actor = 'agent' "
                       "AND kind IN ('resolved', 'partly_resolved')",
                       agent_id);
    f.confirmed = count(db, "SELECT COUNT(DISTINCT request_id) FROM feedback WHERE agent_id = ? AND kind = 'confirmed'",
                        agent_id);
    f.complaints = count(db, "SELECT COUNT(*) FROM feedback WHERE agent_id = ? AND kind = 'complaint'", agent_id);
    f.visits = count(db, "SELECT COUNT(*) FROM service_records WHERE agent_id = ?", agent_id);
    f.trainings = count(db, "SELECT COUNT(*) FROM training_sessions WHERE agent_id = ?", agent_id);
    f.training_attendees =
        count(db, "SELECT COALESCE(SUM(attendees), 0) FROM training_sessions WHERE agent_id = ?", agent_id);
    auto rating = db.prepare("SELECT COUNT(*), AVG(rating) FROM feedback WHERE agent_id = ? AND kind <> 'complaint'");
    rating.bind(1, agent_id);
    rating.step();
    f.ratings = rating.column(0).getInt64();
    if (f.ratings > 0) {
        f.mean_rating = rating.column(1).getDouble();
    }
    return f;
}

nlohmann::json agent_figures_json(const AgentFigures& f) {
    return {{"handled", f.handled},
            {"resolved", f.resolved},
            {"confirmed", f.confirmed},
            {"visits", f.visits},
            {"trainings", f.trainings},
            {"training_attendees", f.training_attendees},
            {"complaints", f.complaints},
            {"ratings", f.ratings},
            {"mean_rating", f.mean_rating ? nlohmann::json(*f.mean_rating) : nlohmann::json(nullptr)}};
}

}  // namespace xiangke::backend
