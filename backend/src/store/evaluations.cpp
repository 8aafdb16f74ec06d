#include "store/evaluations.h"

#include <array>

namespace xiangke::backend {
namespace {

constexpr std::array<std::string_view, 3> kStatusNames = {"draft", "publicity", "final"};

std::optional<std::string> text_or_null(const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

std::string text_column(Statement& query, int index) {
    return query.is_null(index) ? std::string() : query.column(index).getString();
}

int64_t int_column(Statement& query, int index) {
    return query.is_null(index) ? 0 : query.column(index).getInt64();
}

// The upper bound of a region-code prefix range: ':' sorts right after '9'.
std::string prefix_end(const std::string& prefix) {
    return prefix + ":";
}

constexpr const char* kEvaluationColumns =
    "e.id, e.region, e.from_date, e.to_date, e.scheme_id, e.scheme_version, e.status, e.publicity_until, "
    "e.created_by, e.created_at, e.published_at, e.finalized_at, "
    "(SELECT COUNT(*) FROM evaluation_objections o WHERE o.evaluation_id = e.id), "
    "(SELECT COUNT(*) FROM evaluation_objections o WHERE o.evaluation_id = e.id AND o.decision IS NULL) ";

StoredEvaluationRow evaluation_row(Statement& query) {
    StoredEvaluationRow row;
    row.id = query.column(0).getInt64();
    row.region = query.column(1).getString();
    row.from_date = query.column(2).getString();
    row.to_date = query.column(3).getString();
    row.scheme_id = query.column(4).getString();
    row.scheme_version = query.column(5).getInt();
    row.status = evaluation_status_from_name(query.column(6).getString()).value_or(EvaluationStatus::Draft);
    row.publicity_until = query.column(7).getInt64();
    row.created_by = query.column(8).getInt64();
    row.created_at = query.column(9).getInt64();
    if (!query.is_null(10)) {
        row.published_at = query.column(10).getInt64();
    }
    if (!query.is_null(11)) {
        row.finalized_at = query.column(11).getInt64();
    }
    row.objections = query.column(12).getInt64();
    row.objections_open = query.column(13).getInt64();
    return row;
}

constexpr const char* kObjectionColumns =
    "id, evaluation_id, subject_kind, subject_id, text, filed_by, filed_at, decision, decision_reason, decided_by, "
    "decided_at";

ObjectionRow objection_row(Statement& query) {
    ObjectionRow row;
    row.id = query.column(0).getInt64();
    row.evaluation_id = query.column(1).getInt64();
    row.subject_kind = query.column(2).getString();
    row.subject_id = query.column(3).getInt64();
    row.text = query.column(4).getString();
    row.filed_by = query.column(5).getInt64();
    row.filed_at = query.column(6).getInt64();
    if (!query.is_null(7)) {
        row.accepted = query.column(7).getString() == "accepted";
    }
    row.decision_reason = text_column(query, 8);
    row.decided_by = int_column(query, 9);
    row.decided_at = int_column(query, 10);
    return row;
}

constexpr const char* kCallbackColumns =
    "c.id, c.subject_kind, c.subject_id, c.agent_id, u.name, c.village_code, c.subject_date, c.result, c.note, "
    "c.admin_id, c.at, c.sampled_at";

CallbackRow callback_row(Statement& query) {
    CallbackRow row;
    row.id = query.column(0).getInt64();
    row.subject_kind = query.column(1).getString();
    row.subject_id = query.column(2).getString();
    row.agent_id = int_column(query, 3);
    row.agent_name = text_column(query, 4);
    row.village_code = query.column(5).getString();
    row.date = query.column(6).getString();
    row.result = text_column(query, 7);
    row.note = text_column(query, 8);
    row.admin_id = int_column(query, 9);
    row.at = int_column(query, 10);
    row.sampled_at = int_column(query, 11);
    return row;
}

}  // namespace

std::string_view evaluation_status_name(EvaluationStatus status) {
    return kStatusNames[static_cast<size_t>(status)];
}

std::optional<EvaluationStatus> evaluation_status_from_name(std::string_view name) {
    for (size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == name) {
            return static_cast<EvaluationStatus>(i);
        }
    }
    return std::nullopt;
}

int64_t insert_evaluation(Database& db, const NewStoredEvaluation& e) {
    auto insert = db.prepare(
        "INSERT INTO evaluations(region, from_date, to_date, scheme_id, scheme_version, scheme_json, inputs_json, "
        "status, publicity_until, result_json, created_by, created_at, published_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, e.region);
    insert.bind(2, e.from_date);
    insert.bind(3, e.to_date);
    insert.bind(4, e.scheme_id);
    insert.bind(5, e.scheme_version);
    insert.bind(6, e.scheme_json);
    insert.bind(7, e.inputs_json);
    insert.bind(8, std::string(evaluation_status_name(e.status)));
    insert.bind(9, e.publicity_until);
    insert.bind(10, e.result_json);
    insert.bind(11, e.created_by);
    insert.bind(12, e.created_at);
    insert.bind_optional(13, e.status == EvaluationStatus::Draft ? std::nullopt : std::optional<int64_t>(e.created_at));
    insert.exec();
    return db.raw().getLastInsertRowid();
}

std::optional<StoredEvaluationRow> find_evaluation(Database& db, int64_t id) {
    auto query = db.prepare(std::string("SELECT ") + kEvaluationColumns + "FROM evaluations e WHERE e.id = ?");
    query.bind(1, id);
    if (!query.step()) {
        return std::nullopt;
    }
    return evaluation_row(query);
}

std::vector<StoredEvaluationRow> list_evaluations(Database& db, const std::string& region_prefix, int limit) {
    auto query = db.prepare(std::string("SELECT ") + kEvaluationColumns +
                            "FROM evaluations e WHERE e.region >= ? AND e.region < ? ORDER BY e.id DESC LIMIT ?");
    query.bind(1, region_prefix);
    query.bind(2, prefix_end(region_prefix));
    query.bind(3, limit);
    std::vector<StoredEvaluationRow> rows;
    while (query.step()) {
        rows.push_back(evaluation_row(query));
    }
    return rows;
}

std::optional<FrozenEvaluation> frozen_evaluation(Database& db, int64_t id) {
    auto query = db.prepare("SELECT scheme_json, inputs_json, result_json FROM evaluations WHERE id = ?");
    query.bind(1, id);
    if (!query.step()) {
        return std::nullopt;
    }
    return FrozenEvaluation{query.column(0).getString(), query.column(1).getString(), query.column(2).getString()};
}

std::optional<std::string> evaluation_result_json(Database& db, int64_t id) {
    auto query = db.prepare("SELECT result_json FROM evaluations WHERE id = ?");
    query.bind(1, id);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.column(0).getString();
}

void update_evaluation_result(Database& db, int64_t id, const std::string& result_json) {
    auto update = db.prepare("UPDATE evaluations SET result_json = ? WHERE id = ?");
    update.bind(1, result_json);
    update.bind(2, id);
    update.exec();
}

void finalize_evaluation(Database& db, int64_t id, const std::string& result_json, int64_t now_ms) {
    auto update = db.prepare("UPDATE evaluations SET result_json = ?, status = 'final', finalized_at = ? WHERE id = ?");
    update.bind(1, result_json);
    update.bind(2, now_ms);
    update.bind(3, id);
    update.exec();
}

int64_t insert_objection(Database& db, const ObjectionRow& o) {
    auto insert = db.prepare(
        "INSERT INTO evaluation_objections(evaluation_id, subject_kind, subject_id, text, filed_by, filed_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, o.evaluation_id);
    insert.bind(2, o.subject_kind);
    insert.bind(3, o.subject_id);
    insert.bind(4, o.text);
    insert.bind(5, o.filed_by);
    insert.bind(6, o.filed_at);
    insert.exec();
    return db.raw().getLastInsertRowid();
}

std::optional<ObjectionRow> find_objection(Database& db, int64_t evaluation_id, int64_t objection_id) {
    auto query = db.prepare(std::string("SELECT ") + kObjectionColumns +
                            " FROM evaluation_objections WHERE id = ? AND evaluation_id = ?");
    query.bind(1, objection_id);
    query.bind(2, evaluation_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return objection_row(query);
}

std::vector<ObjectionRow> list_objections(Database& db, int64_t evaluation_id) {
    auto query = db.prepare(std::string("SELECT ") + kObjectionColumns +
                            " FROM evaluation_objections WHERE evaluation_id = ? ORDER BY id");
    query.bind(1, evaluation_id);
    std::vector<ObjectionRow> rows;
    while (query.step()) {
        rows.push_back(objection_row(query));
    }
    return rows;
}

bool decide_objection(Database& db, int64_t objection_id, bool accepted, const std::string& reason, int64_t admin_id,
                      int64_t now_ms) {
    auto update = db.prepare(
        "UPDATE evaluation_objections SET decision = ?, decision_reason = ?, decided_by = ?, decided_at = ? "
        "WHERE id = ? AND decision IS NULL");
    update.bind(1, std::string(accepted ? "accepted" : "rejected"));
    update.bind(2, reason);
    update.bind(3, admin_id);
    update.bind(4, now_ms);
    update.bind(5, objection_id);
    return update.exec() == 1;
}

int64_t insert_override(Database& db, const OverrideRow& row) {
    auto insert = db.prepare(
        "INSERT INTO evaluation_overrides(evaluation_id, subject_kind, subject_id, band, reason, actor_id, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind_optional(1, row.evaluation_id);
    insert.bind(2, row.subject_kind);
    insert.bind(3, row.subject_id);
    insert.bind(4, row.band);
    insert.bind(5, row.reason);
    insert.bind(6, row.actor_id);
    insert.bind(7, row.at);
    insert.exec();
    return db.raw().getLastInsertRowid();
}

std::vector<OverrideRow> list_overrides(Database& db, std::optional<int64_t> evaluation_id) {
    auto query = db.prepare(
        "SELECT o.id, o.evaluation_id, o.subject_kind, o.subject_id, o.band, o.reason, o.actor_id, u.name, o.at "
        "FROM evaluation_overrides o LEFT JOIN users u ON u.id = o.actor_id "
        "WHERE (? IS NULL AND o.evaluation_id IS NULL) OR o.evaluation_id = ? ORDER BY o.id");
    query.bind_optional(1, evaluation_id);
    query.bind_optional(2, evaluation_id);
    std::vector<OverrideRow> rows;
    while (query.step()) {
        OverrideRow row;
        row.id = query.column(0).getInt64();
        if (!query.is_null(1)) {
            row.evaluation_id = query.column(1).getInt64();
        }
        row.subject_kind = query.column(2).getString();
        row.subject_id = query.column(3).getInt64();
        row.band = query.column(4).getString();
        row.reason = query.column(5).getString();
        row.actor_id = query.column(6).getInt64();
        row.actor_name = text_column(query, 7);
        row.at = query.column(8).getInt64();
        rows.push_back(std::move(row));
    }
    return rows;
}

int64_t insert_callback(Database& db, const CallbackRow& row) {
    auto insert = db.prepare(
        "INSERT INTO callbacks(subject_kind, subject_id, agent_id, village_code, subject_date, result, note, admin_id, "
        "at, sampled_at, sampled_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, row.subject_kind);
    insert.bind(2, row.subject_id);
    insert.bind_optional(3, row.agent_id != 0 ? std::optional<int64_t>(row.agent_id) : std::nullopt);
    insert.bind(4, row.village_code);
    insert.bind(5, row.date);
    insert.bind_optional(6, text_or_null(row.result));
    insert.bind_optional(7, text_or_null(row.note));
    insert.bind(8, row.admin_id);
    insert.bind_optional(9, row.result.empty() ? std::nullopt : std::optional<int64_t>(row.at));
    insert.bind_optional(10, row.sampled_at != 0 ? std::optional<int64_t>(row.sampled_at) : std::nullopt);
    insert.bind_optional(11, row.sampled_at != 0 ? std::optional<int64_t>(row.admin_id) : std::nullopt);
    insert.exec();
    return db.raw().getLastInsertRowid();
}

std::optional<CallbackRow> find_callback(Database& db, int64_t id) {
    auto query = db.prepare(std::string("SELECT ") + kCallbackColumns +
                            " FROM callbacks c LEFT JOIN users u ON u.id = c.agent_id WHERE c.id = ?");
    query.bind(1, id);
    if (!query.step()) {
        return std::nullopt;
    }
    return callback_row(query);
}

bool set_callback_result(Database& db, int64_t id, const std::string& result, const std::string& note, int64_t admin_id,
                         int64_t now_ms) {
    auto update =
        db.prepare("UPDATE callbacks SET result = ?, note = ?, admin_id = ?, at = ? WHERE id = ? AND result IS NULL");
    update.bind(1, result);
    update.bind_optional(2, text_or_null(note));
    update.bind(3, admin_id);
    update.bind(4, now_ms);
    update.bind(5, id);
    return update.exec() == 1;
}

std::vector<CallbackRow> list_callbacks(Database& db, const std::string& region_prefix, const std::string& from_date,
                                        const std::string& to_date) {
    auto query = db.prepare(std::string("SELECT ") + kCallbackColumns +
                            " FROM callbacks c LEFT JOIN users u ON u.id = c.agent_id "
                            "WHERE c.village_code >= ? AND c.village_code < ? AND c.subject_date BETWEEN ? AND ? "
                            "ORDER BY c.id LIMIT 5000");
    query.bind(1, region_prefix);
    query.bind(2, prefix_end(region_prefix));
    query.bind(3, from_date);
    query.bind(4, to_date);
    std::vector<CallbackRow> rows;
    while (query.step()) {
        rows.push_back(callback_row(query));
    }
    return rows;
}

std::vector<CallbackRow> callback_candidates(Database& db, const std::string& region_prefix,
                                             const std::string& from_date, const std::string& to_date) {
    std::vector<CallbackRow> rows;
    auto visits = db.prepare(
        "SELECT s.id, s.agent_id, u.name, r.village_code, s.visit_date FROM service_records s "
        "JOIN requests r ON r.id = s.request_id LEFT JOIN users u ON u.id = s.agent_id "
        "WHERE r.village_code >= ? AND r.village_code < ? AND s.visit_date BETWEEN ? AND ? "
        "AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.subject_kind = 'visit' AND c.subject_id = CAST(s.id AS "
        "TEXT)) "
        "ORDER BY s.id");
    visits.bind(1, region_prefix);
    visits.bind(2, prefix_end(region_prefix));
    visits.bind(3, from_date);
    visits.bind(4, to_date);
    while (visits.step()) {
        CallbackRow row;
        row.subject_kind = "visit";
        row.subject_id = std::to_string(visits.column(0).getInt64());
        row.agent_id = visits.column(1).getInt64();
        row.agent_name = text_column(visits, 2);
        row.village_code = visits.column(3).getString();
        row.date = visits.column(4).getString();
        rows.push_back(std::move(row));
    }
    visits.reset();
    auto trainings = db.prepare(
        "SELECT t.id, t.agent_id, u.name, t.village_code, t.held_on FROM training_sessions t "
        "LEFT JOIN users u ON u.id = t.agent_id "
        "WHERE t.village_code >= ? AND t.village_code < ? AND t.held_on BETWEEN ? AND ? "
        "AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.subject_kind = 'training' "
        "AND c.subject_id = CAST(t.id AS TEXT)) ORDER BY t.id");
    trainings.bind(1, region_prefix);
    trainings.bind(2, prefix_end(region_prefix));
    trainings.bind(3, from_date);
    trainings.bind(4, to_date);
    while (trainings.step()) {
        CallbackRow row;
        row.subject_kind = "training";
        row.subject_id = std::to_string(trainings.column(0).getInt64());
        row.agent_id = trainings.column(1).getInt64();
        row.agent_name = text_column(trainings, 2);
        row.village_code = trainings.column(3).getString();
        row.date = trainings.column(4).getString();
        rows.push_back(std::move(row));
    }
    return rows;
}

std::optional<CallbackSubjectInfo> callback_subject(Database& db, const std::string& kind,
                                                    const std::string& subject_id) {
    std::string sql;
    if (kind == "visit") {
        sql =
            "SELECT r.village_code, s.agent_id, u.name, s.visit_date FROM service_records s "
            "JOIN requests r ON r.id = s.request_id LEFT JOIN users u ON u.id = s.agent_id "
            "WHERE s.id = CAST(? AS INTEGER)";
    } else if (kind == "training") {
        sql =
            "SELECT t.village_code, t.agent_id, u.name, t.held_on FROM training_sessions t "
            "LEFT JOIN users u ON u.id = t.agent_id WHERE t.id = CAST(? AS INTEGER)";
    } else if (kind == "request") {
        // The received date in Asia/Shanghai (UTC+8, no daylight saving).
        sql =
            "SELECT r.village_code, r.holder_id, u.name, date((r.received_at + 28800000) / 1000, 'unixepoch') "
            "FROM requests r LEFT JOIN users u ON u.id = r.holder_id WHERE r.id = ?";
    } else {
        return std::nullopt;
    }
    auto query = db.prepare(sql);
    query.bind(1, subject_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return CallbackSubjectInfo{query.column(0).getString(), int_column(query, 1), text_column(query, 2),
                               query.column(3).getString()};
}

int64_t insert_complaint_decision(Database& db, const ComplaintDecisionRow& row) {
    auto insert =
        db.prepare("INSERT INTO complaint_decisions(event_id, upheld, reason, admin_id, at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, row.event_id);
    insert.bind(2, row.upheld ? 1 : 0);
    insert.bind(3, row.reason);
    insert.bind(4, row.admin_id);
    insert.bind(5, row.at);
    insert.exec();
    return db.raw().getLastInsertRowid();
}

std::optional<ComplaintInfo> find_complaint(Database& db, int64_t event_id) {
    auto query = db.prepare(
        "SELECT e.request_id, r.village_code, e.agent_id FROM request_events e JOIN requests r ON r.id = e.request_id "
        "WHERE e.id = ? AND e.kind = 'complaint'");
    query.bind(1, event_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return ComplaintInfo{query.column(0).getString(), query.column(1).getString(), int_column(query, 2)};
}

std::vector<std::string> subject_regions(Database& db, const std::string& subject_kind, int64_t subject_id) {
    std::vector<std::string> regions;
    if (subject_kind == "agent") {
        auto query = db.prepare(
            "SELECT u.region_code FROM users u WHERE u.id = ? AND u.role = 'agent' "
            "UNION ALL SELECT s.prefix FROM agent_service_regions s WHERE s.user_id = ?");
        query.bind(1, subject_id);
        query.bind(2, subject_id);
        while (query.step()) {
            regions.push_back(query.column(0).getString());
        }
    } else if (subject_kind == "team") {
        auto query = db.prepare(
            "SELECT t.region_code FROM teams t WHERE t.id = ? AND t.region_code IS NOT NULL "
            "UNION ALL SELECT u.region_code FROM agent_profiles p JOIN users u ON u.id = p.user_id WHERE p.team_id = "
            "?");
        query.bind(1, subject_id);
        query.bind(2, subject_id);
        while (query.step()) {
            regions.push_back(query.column(0).getString());
        }
    }
    return regions;
}

}  // namespace xiangke::backend
