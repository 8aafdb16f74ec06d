#include "store/evaluation_links.h"

namespace xiangke::backend {

std::map<std::pair<std::string, int64_t>, EvidenceLink> evidence_links(
    Database& db, const std::vector<std::pair<std::string, int64_t>>& evidence, size_t limit) {
    std::map<std::pair<std::string, int64_t>, EvidenceLink> links;
    size_t looked_up = 0;
    for (const auto& key : evidence) {
        if (looked_up >= limit) {
            break;
        }
        if (links.count(key) != 0) {
            continue;
        }
        ++looked_up;
        const auto& [kind, id] = key;
        EvidenceLink link;
        bool found = false;
        if (kind == "event") {
            auto q = db.prepare(
                "SELECT e.request_id, r.code, e.kind FROM request_events e JOIN requests r ON r.id = e.request_id "
                "WHERE e.id = ?");
            q.bind(1, id);
            if ((found = q.step())) {
                link.request_id = q.column(0).getString();
                link.request_code = q.column(1).getString();
                link.event_kind = q.column(2).getString();
            }
        } else if (kind == "visit") {
            auto q = db.prepare(
                "SELECT s.request_id, r.code, s.visit_date, s.method FROM service_records s "
                "JOIN requests r ON r.id = s.request_id WHERE s.id = ?");
            q.bind(1, id);
            if ((found = q.step())) {
                link.request_id = q.column(0).getString();
                link.request_code = q.column(1).getString();
                link.date = q.column(2).getString();
                link.visit_method = q.column(3).getString();
            }
        } else if (kind == "feedback") {
            auto q = db.prepare(
                "SELECT f.request_id, r.code, f.rating FROM feedback f JOIN requests r ON r.id = f.request_id "
                "WHERE f.id = ?");
            q.bind(1, id);
            if ((found = q.step())) {
                link.request_id = q.column(0).getString();
                link.request_code = q.column(1).getString();
                link.rating = q.column(2).getInt();
            }
        } else if (kind == "training") {
            auto q = db.prepare(
                "SELECT t.held_on, coalesce(g.name, t.village_code), t.attendees, t.topic FROM training_sessions t "
                "LEFT JOIN regions g ON g.code = t.village_code WHERE t.id = ?");
            q.bind(1, id);
            if ((found = q.step())) {
                link.date = q.column(0).getString();
                link.place = q.column(1).getString();
                link.attendees = q.column(2).getInt64();
                link.topic = q.column(3).getString();
            }
        }
        if (found) {
            links.emplace(key, std::move(link));
        }
    }
    return links;
}

std::vector<ComplaintRow> complaints_against(Database& db, int64_t agent_id, int64_t from_ms, int64_t to_ms,
                                             size_t limit) {
    auto q = db.prepare(
        "SELECT e.id, e.request_id, r.code, e.server_at FROM request_events e JOIN requests r ON r.id = e.request_id "
        "WHERE e.agent_id = ? AND e.kind = 'complaint' AND e.server_at >= ? AND e.server_at < ? "
        "ORDER BY e.server_at, e.id LIMIT ?");
    q.bind(1, agent_id);
    q.bind(2, from_ms);
    q.bind(3, to_ms);
    q.bind(4, static_cast<int64_t>(limit));
    std::vector<ComplaintRow> rows;
    while (q.step()) {
        rows.push_back(
            {q.column(0).getInt64(), q.column(1).getString(), q.column(2).getString(), q.column(3).getInt64()});
    }
    return rows;
}

std::optional<ComplaintSubject> complaint_subject(Database& db, int64_t event_id) {
    auto q = db.prepare(
        "SELECT e.request_id, r.village_code, coalesce(e.agent_id, 0) FROM request_events e "
        "JOIN requests r ON r.id = e.request_id WHERE e.id = ? AND e.kind = 'complaint'");
    q.bind(1, event_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return ComplaintSubject{q.column(0).getString(), q.column(1).getString(), q.column(2).getInt64()};
}

std::optional<ComplaintDecisionView> latest_complaint_decision(Database& db, int64_t event_id) {
    auto q = db.prepare(
        "SELECT d.upheld, d.reason, coalesce(u.name, ''), d.at FROM complaint_decisions d "
        "LEFT JOIN users u ON u.id = d.admin_id WHERE d.event_id = ? ORDER BY d.id DESC LIMIT 1");
    q.bind(1, event_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return ComplaintDecisionView{q.column(0).getInt() != 0, q.column(1).getString(), q.column(2).getString(),
                                 q.column(3).getInt64()};
}

std::optional<CallbackRequest> callback_request(Database& db, const std::string& subject_kind,
                                                const std::string& subject_id) {
    std::string request_id = subject_id;
    if (subject_kind == "visit") {
        auto q = db.prepare("SELECT request_id FROM service_records WHERE id = ?");
        int64_t id = 0;
        try {
            id = std::stoll(subject_id);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        q.bind(1, id);
        if (!q.step()) {
            return std::nullopt;
        }
        request_id = q.column(0).getString();
    } else if (subject_kind != "request") {
        return std::nullopt;
    }
    auto q = db.prepare("SELECT id, code, village_code, farmer_phone FROM requests WHERE id = ?");
    q.bind(1, request_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return CallbackRequest{q.column(0).getString(), q.column(1).getString(), q.column(2).getString(),
                           q.column(3).getString()};
}

std::vector<std::pair<std::string, std::string>> child_regions(Database& db, const std::string& code) {
    auto q = db.prepare("SELECT code, name FROM regions WHERE parent_code = ? ORDER BY code LIMIT 200");
    q.bind(1, code);
    std::vector<std::pair<std::string, std::string>> rows;
    while (q.step()) {
        rows.emplace_back(q.column(0).getString(), q.column(1).getString());
    }
    return rows;
}

}  // namespace xiangke::backend
