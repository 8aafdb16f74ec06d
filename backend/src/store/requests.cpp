#include "store/requests.h"

#include "store/change_feed.h"

namespace xiangke::backend {
namespace {

std::optional<std::string> agent_name(Database& db, int64_t agent_id) {
    if (agent_id == 0) {
        return std::nullopt;
    }
    auto query = db.prepare("SELECT name FROM users WHERE id = ?");
    query.bind(1, agent_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.column(0).getString();
}

}  // namespace

std::optional<RequestSummary> find_request(Database& db, const std::string& request_id) {
    auto query = db.prepare(
        "SELECT id, kiosk_id, code, village_code, category, crop, created_at, received_at, status, holder_id, "
        "complaints, reopen_count, visit_date FROM requests WHERE id = ?");
    query.bind(1, request_id);
    if (!query.step()) {
        return std::nullopt;
    }
    RequestSummary r;
    r.id = query.column(0).getString();
    r.kiosk_id = query.column(1).getString();
    r.code = query.column(2).getString();
    r.village_code = query.column(3).getString();
    r.category = query.column(4).getString();
    r.crop = query.column(5).getString();
    r.created_at = query.column(6).getInt64();
    r.received_at = query.column(7).getInt64();
    r.state.status =
        lifecycle::status_from_name(query.column(8).getString()).value_or(lifecycle::RequestStatus::Submitted);
    r.state.holder = query.is_null(9) ? 0 : query.column(9).getInt64();
    r.state.complaints = query.column(10).getInt();
    r.state.reopen_count = query.column(11).getInt();
    if (!query.is_null(12)) {
        r.visit_date = query.column(12).getString();
    }
    return r;
}

core::Result<AppendedEvent> append_event(Database& db, const std::string& request_id, const EventInput& input,
                                         int64_t now_ms) {
    auto request = find_request(db, request_id);
    if (!request) {
        return core::Error{"not_found", "no request with this id", "request_id"};
    }
    auto next = lifecycle::apply(request->state, input.event);
    if (!next.ok()) {
        return next.error();
    }
    AppendedEvent appended{0, request->state, *next};

    // The agent an event concerns: who acts, or else who holds the request (a complaint counts
    // against the holder).
    int64_t concerned = input.event.agent_id != 0 ? input.event.agent_id : request->state.holder;
    auto insert = db.prepare(
        "INSERT INTO request_events(request_id, kind, actor, actor_id, agent_id, device_at, server_at, reason, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, request_id);
    insert.bind(2, std::string(lifecycle::event_kind_name(input.event.kind)));
    insert.bind(3, std::string(lifecycle::actor_name(input.event.actor)));
    insert.bind_optional(4, input.actor_id.empty() ? std::nullopt : std::optional<std::string>(input.actor_id));
    insert.bind_optional(5, concerned == 0 ? std::nullopt : std::optional<int64_t>(concerned));
    insert.bind_optional(6, input.device_at);
    insert.bind(7, now_ms);
    insert.bind_optional(8, input.reason.empty() ? std::nullopt : std::optional<std::string>(input.reason));
    insert.bind_optional(9, input.data.is_object() && !input.data.empty()
                                ? std::optional<std::string>(input.data.dump())
                                : std::nullopt);
    insert.exec();
    appended.event_id = db.raw().getLastInsertRowid();

    std::optional<std::string> visit_date = input.visit_date ? input.visit_date : request->visit_date;
    auto update = db.prepare(
        "UPDATE requests SET status = ?, holder_id = ?, complaints = ?, reopen_count = ?, visit_date = ?, "
        "updated_at = ? WHERE id = ?");
    update.bind(1, std::string(lifecycle::status_name(next->status)));
    update.bind_optional(2, next->holder == 0 ? std::nullopt : std::optional<int64_t>(next->holder));
    update.bind(3, next->complaints);
    update.bind(4, next->reopen_count);
    update.bind_optional(5, visit_date);
    update.bind(6, now_ms);
    update.bind(7, request_id);
    update.exec();

    // The kiosk hears about what a farmer can see: status, who holds it, when the visit is.
    bool visible_change = next->status != request->state.status || next->holder != request->state.holder ||
                          visit_date != request->visit_date;
    if (visible_change) {
        nlohmann::json fields = {
            {"request_id", request->id}, {"code", request->code}, {"status", lifecycle::status_name(next->status)}};
        if (auto name = agent_name(db, next->holder)) {
            fields["agent_name"] = *name;
        }
        if (visit_date) {
            fields["visit_date"] = *visit_date;
        }
        append_change(db, request->kiosk_id, "request.status", "request:" + request->id, now_ms, fields);
    }
    return appended;
}

core::Result<lifecycle::RequestState> replay_request(Database& db, const std::string& request_id) {
    auto query = db.prepare("SELECT kind, actor, agent_id FROM request_events WHERE request_id = ? ORDER BY id");
    query.bind(1, request_id);
    std::vector<lifecycle::Event> events;
    while (query.step()) {
        auto kind = lifecycle::event_kind_from_name(query.column(0).getString());
        if (!kind) {
            return core::Error{"corrupt_log", "unknown event kind in the log of request " + request_id, ""};
        }
        std::string actor_text = query.column(1).getString();
        lifecycle::Actor actor = lifecycle::Actor::System;
        for (auto candidate :
             {lifecycle::Actor::Kiosk, lifecycle::Actor::Agent, lifecycle::Actor::Admin, lifecycle::Actor::System}) {
            if (lifecycle::actor_name(candidate) == actor_text) {
                actor = candidate;
            }
        }
        // Only agents' own acts and assignments (the assignee) carry an agent id into the state
        // machine; for other events the column names the agent concerned.
        bool carries_agent = actor == lifecycle::Actor::Agent || *kind == lifecycle::EventKind::Assigned;
        int64_t agent = carries_agent && !query.is_null(2) ? query.column(2).getInt64() : 0;
        events.push_back({*kind, actor, agent});
    }
    query.reset();
    return lifecycle::replay(events);
}

std::string status_sql_list(bool (*predicate)(lifecycle::RequestStatus)) {
    std::string list;
    for (int i = 0; i <= static_cast<int>(lifecycle::RequestStatus::Rejected); ++i) {
        auto status = static_cast<lifecycle::RequestStatus>(i);
        if (predicate(status)) {
            list += (list.empty() ? "'" : ",'") + std::string(lifecycle::status_name(status)) + "'";
        }
    }
    return list;
}

const std::string& open_status_sql_list() {
    static const std::string kList = status_sql_list(lifecycle::is_open);
    return kList;
}

int64_t count_open_requests_for_phone(Database& db, const std::string& phone_digits) {
    auto query = db.prepare("SELECT COUNT(*) FROM requests WHERE farmer_phone = ? AND status IN (" +
                            open_status_sql_list() + ")");
    query.bind(1, phone_digits);
    query.step();
    return query.column(0).getInt64();
}

bool region_has_requests(Database& db, const std::string& region_prefix) {
    auto query = db.prepare("SELECT 1 FROM requests WHERE substr(village_code, 1, length(?1)) = ?1 LIMIT 1");
    query.bind(1, region_prefix);
    return query.step();
}

int64_t count_held_requests(Database& db, int64_t agent_id) {
    static const std::string kHeld = status_sql_list(lifecycle::is_held);
    auto query = db.prepare("SELECT COUNT(*) FROM requests WHERE holder_id = ? AND status IN (" + kHeld + ")");
    query.bind(1, agent_id);
    query.step();
    return query.column(0).getInt64();
}

}  // namespace xiangke::backend
