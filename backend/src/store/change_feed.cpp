#include "store/change_feed.h"

namespace xiangke::backend {

namespace protocol = core::protocol;

void append_change(Database& db, const std::string& kiosk_id, const std::string& type, const std::string& subject,
                   int64_t at, const nlohmann::json& fields) {
    auto insert = db.prepare("INSERT INTO kiosk_changes(kiosk_id, type, subject, at, body) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, kiosk_id);
    insert.bind(2, type);
    insert.bind(3, subject);
    insert.bind(4, at);
    insert.bind(5, fields.dump());
    insert.exec();
}

int64_t append_change_to_kiosks(Database& db, const std::string& village_prefix, const std::string& type,
                                const std::string& subject, int64_t at, const nlohmann::json& fields) {
    auto insert = db.prepare(
        "INSERT INTO kiosk_changes(kiosk_id, type, subject, at, body) "
        "SELECT id, ?, ?, ?, ? FROM kiosks WHERE revoked_at IS NULL AND substr(village_code, 1, length(?)) = ? "
        "ORDER BY id");
    insert.bind(1, type);
    insert.bind(2, subject);
    insert.bind(3, at);
    insert.bind(4, fields.dump());
    insert.bind(5, village_prefix);
    insert.bind(6, village_prefix);
    return insert.exec();
}

core::Result<protocol::PullResponse> pull_changes(Database& db, const std::string& kiosk_id, int64_t cursor,
                                                  int64_t limit) {
    if (cursor > 0) {
        auto floor = db.prepare("SELECT floor_seq FROM kiosk_feed_floors WHERE kiosk_id = ?");
        floor.bind(1, kiosk_id);
        if (floor.step() && cursor < floor.column(0).getInt64()) {
            return core::Error{"cursor_expired",
                               "changes after this cursor were pruned; pull again from cursor 0 for the current state",
                               "cursor"};
        }
    }
    protocol::PullResponse response;
    response.next_cursor = cursor;
    auto query =
        db.prepare("SELECT seq, type, at, body FROM kiosk_changes WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?");
    query.bind(1, kiosk_id);
    query.bind(2, cursor);
    query.bind(3, limit + 1);
    while (query.step()) {
        if (static_cast<int64_t>(response.changes.size()) == limit) {
            response.has_more = true;
            break;
        }
        protocol::Change change;
        change.seq = query.column(0).getInt64();
        change.type = query.column(1).getString();
        change.at = query.column(2).getInt64();
        change.fields = nlohmann::json::parse(query.column(3).getString());
        response.next_cursor = change.seq;
        response.changes.push_back(std::move(change));
    }
    query.reset();
    if (response.changes.empty() && cursor > 0) {
        if (cursor > highest_change_seq(db)) {
            return core::Error{"cursor_unknown",
                               "this cursor is newer than any change the server has (restored from a backup?); "
                               "pull again from cursor 0",
                               "cursor"};
        }
    }
    return response;
}

PruneReport prune_changes(Database& db, int64_t now_ms, int64_t retention_ms, int64_t first_seq, int64_t last_seq) {
    // A change can go once it is old and something newer about the same subject exists, or it
    // is a notice that has run out.
    static const std::string kPrunable =
        " FROM kiosk_changes AS c WHERE c.seq BETWEEN ?3 AND ?4 AND c.at < ?1 AND ("
        "EXISTS (SELECT 1 FROM kiosk_changes AS n WHERE n.kiosk_id = c.kiosk_id AND n.subject = c.subject "
        "AND n.seq > c.seq) OR (c.type = 'notice' AND json_extract(c.body, '$.until') < ?2))";
    const int64_t cutoff = now_ms - retention_ms;
    PruneReport report;
    auto floors = db.prepare(
        "INSERT INTO kiosk_feed_floors(kiosk_id, floor_seq) SELECT c.kiosk_id, MAX(c.seq)" + kPrunable +
        " GROUP BY c.kiosk_id ON CONFLICT(kiosk_id) DO UPDATE SET floor_seq = MAX(floor_seq, excluded.floor_seq)");
    floors.bind(1, cutoff);
    floors.bind(2, now_ms);
    floors.bind(3, first_seq);
    floors.bind(4, last_seq);
    report.kiosks = floors.exec();
    auto remove = db.prepare("DELETE FROM kiosk_changes WHERE seq IN (SELECT c.seq" + kPrunable + ")");
    remove.bind(1, cutoff);
    remove.bind(2, now_ms);
    remove.bind(3, first_seq);
    remove.bind(4, last_seq);
    report.removed = remove.exec();
    return report;
}

int64_t highest_change_seq(Database& db) {
    auto issued = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'kiosk_changes'");
    return issued.step() ? issued.column(0).getInt64() : 0;
}

}  // namespace xiangke::backend
