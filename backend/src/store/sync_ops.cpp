#include "store/sync_ops.h"

#include "crypto.h"
#include "log.h"
#include "notify/notifications.h"
#include "store/requests.h"

namespace xiangke::backend {
namespace {

namespace protocol = core::protocol;
using protocol::OpStatus;

struct StoredOp {
    std::string body_sha256;
    bool applied = false;
    core::Error error;
};

std::optional<StoredOp> find_stored_op(Database& db, const std::string& kiosk_id, const std::string& op_id) {
    auto query = db.prepare(
        "SELECT body_sha256, status, error_code, error_message, error_field FROM applied_ops "
        "WHERE kiosk_id = ? AND op_id = ?");
    query.bind(1, kiosk_id);
    query.bind(2, op_id);
    if (!query.step()) {
        return std::nullopt;
    }
    StoredOp op;
    op.body_sha256 = query.column(0).getString();
    op.applied = query.column(1).getString() == "applied";
    op.error = {query.column(2).getString(), query.column(3).getString(), query.column(4).getString()};
    return op;
}

void record_op(Database& db, const std::string& kiosk_id, const protocol::Op& op, const std::string& body_sha256,
               const std::optional<core::Error>& error, int64_t now_ms) {
    auto insert = db.prepare(
        "INSERT INTO applied_ops(kiosk_id, op_id, type, body_sha256, status, error_code, error_message, error_field, "
        "created_at, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, kiosk_id);
    insert.bind(2, op.op_id);
    insert.bind(3, std::string(protocol::op_type_name(op.type)));
    insert.bind(4, body_sha256);
    insert.bind(5, error ? "rejected" : "applied");
    insert.bind_optional(6, error ? std::optional<std::string>(error->code) : std::nullopt);
    insert.bind_optional(7, error ? std::optional<std::string>(error->message) : std::nullopt);
    insert.bind_optional(8, error ? std::optional<std::string>(error->field) : std::nullopt);
    insert.bind(9, op.created_at);
    insert.bind(10, now_ms);
    insert.exec();
}

core::Error reject(std::string code, std::string message, std::string field = "") {
    return core::Error{std::move(code), std::move(message), std::move(field)};
}

// The request a kiosk refers to, if it is one of its own: other kiosks' requests do not exist
// as far as this kiosk can tell.
std::optional<RequestSummary> own_request(Database& db, const KioskIdentity& kiosk, const std::string& request_id) {
    auto request = find_request(db, request_id);
    if (!request || request->kiosk_id != kiosk.kiosk_id) {
        return std::nullopt;
    }
    return request;
}

// The token behind the public progress page. 128 random bits never collide by chance; a token
// that is taken anyway (a kiosk bug) leaves this request without a page rather than losing it.
void store_status_token(Database& db, const std::string& request_id, const std::string& token) {
    auto taken = db.prepare("SELECT 1 FROM requests WHERE status_token = ?");
    taken.bind(1, token);
    if (taken.step()) {
        log::warn("status_token_taken", {{"request_id", request_id}});
        return;
    }
    taken.reset();
    auto update = db.prepare("UPDATE requests SET status_token = ? WHERE id = ?");
    update.bind(1, token);
    update.bind(2, request_id);
    update.exec();
}

std::optional<core::Error> apply_request_create(Database& db, const KioskIdentity& kiosk, const protocol::Op& op,
                                                const PushPolicy& policy, int64_t now_ms) {
    auto decoded = protocol::decode_request_create(op.payload);
    if (!decoded.ok()) {
        return decoded.error();
    }
    const auto& r = *decoded;
    if (r.village_code != kiosk.village_code) {
        return reject("wrong_village", "village_code must be the kiosk's own village " + kiosk.village_code,
                      "payload.village_code");
    }
    if (find_request(db, r.request_id)) {
        return reject("request_exists", "a request with this request_id already exists", "payload.request_id");
    }
    std::string voice;
    if (r.voice_note) {
        auto bytes = crypto::base64_decode(r.voice_note->data_base64);
        if (!bytes || bytes->empty() || bytes->size() > kVoiceNoteMaxBytes) {
            return reject(
                "invalid_voice_note",
                "voice_note.data must be standard base64 of at most " + std::to_string(kVoiceNoteMaxBytes) + " bytes",
                "payload.voice_note.data");
        }
        if (bytes->compare(0, 4, "OggS") != 0) {
            return reject("invalid_voice_note", "voice_note.data is not an Ogg stream", "payload.voice_note.data");
        }
        voice = std::move(*bytes);
    }
    if (count_open_requests_for_phone(db, r.farmer_phone) >= policy.max_open_requests_per_phone) {
        return reject("too_many_open_requests",
                      "this phone number already has " + std::to_string(policy.max_open_requests_per_phone) +
                          " open requests; a new one is accepted when one of them is resolved or cancelled",
                      "payload.farmer_phone");
    }
    auto insert = db.prepare(
        "INSERT INTO requests(id, kiosk_id, code, village_code, category, crop, symptoms, description, farmer_name, "
        "farmer_phone, preferred_time, created_at, received_at, status, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?)");
    insert.bind(1, r.request_id);
    insert.bind(2, kiosk.kiosk_id);
    insert.bind(3, r.code);
    insert.bind(4, r.village_code);
    insert.bind(5, std::string(core::category_code(r.category)));
    insert.bind(6, r.crop);
    insert.bind(7, nlohmann::json(r.symptoms).dump());
    insert.bind(8, r.description);
    insert.bind(9, r.farmer_name);
    insert.bind(10, r.farmer_phone);
    insert.bind(11, r.preferred_time);
    insert.bind(12, op.created_at);
    insert.bind(13, now_ms);
    insert.bind(14, now_ms);
    insert.exec();
    if (r.status_token) {
        store_status_token(db, r.request_id, *r.status_token);
    }
    if (r.voice_note) {
        auto note =
            db.prepare("INSERT INTO voice_notes(request_id, format, duration_ms, sha256, data) VALUES (?, ?, ?, ?, ?)");
        note.bind(1, r.request_id);
        note.bind(2, r.voice_note->format);
        note.bind(3, r.voice_note->duration_ms);
        note.bind(4, crypto::sha256_hex(voice));
        note.bind(5, voice.data(), static_cast<int>(voice.size()));
        note.exec();
    }
    EventInput received{{lifecycle::EventKind::Received, lifecycle::Actor::Kiosk, 0},
                        kiosk.kiosk_id,
                        op.created_at,
                        "",
                        nullptr,
                        std::nullopt};
    auto appended = append_event(db, r.request_id, received, now_ms);
    if (!appended.ok()) {
        return appended.error();
    }
    return std::nullopt;
}

std::optional<core::Error> apply_request_cancel(Database& db, const KioskIdentity& kiosk, const protocol::Op& op,
                                                int64_t now_ms) {
    auto decoded = protocol::decode_request_cancel(op.payload);
    if (!decoded.ok()) {
        return decoded.error();
    }
    if (!own_request(db, kiosk, decoded->request_id)) {
        return reject("unknown_request", "this kiosk registered no request with this request_id", "payload.request_id");
    }
    EventInput cancel{{lifecycle::EventKind::Cancelled, lifecycle::Actor::Kiosk, 0},
                      kiosk.kiosk_id,
                      op.created_at,
                      decoded->reason,
                      nullptr,
                      std::nullopt};
    auto appended = append_event(db, decoded->request_id, cancel, now_ms);
    if (!appended.ok()) {
        return appended.error();
    }
    return std::nullopt;
}

std::optional<core::Error> apply_feedback_create(Database& db, const KioskIdentity& kiosk, const protocol::Op& op,
                                                 int64_t now_ms) {
    auto decoded = protocol::decode_feedback_create(op.payload);
    if (!decoded.ok()) {
        return decoded.error();
    }
    const auto& f = *decoded;
    auto request = own_request(db, kiosk, f.request_id);
    if (!request) {
        return reject("unknown_request", "this kiosk registered no request with this request_id", "payload.request_id");
    }
    auto kind = lifecycle::feedback_event(request->state.status, f.outcome);
    if (!kind) {
        return reject("unknown_request", "the request has not been received yet", "payload.request_id");
    }
    nlohmann::json data = {{"outcome", protocol::feedback_outcome_name(f.outcome)}, {"rating", f.rating}};
    EventInput event{{*kind, lifecycle::Actor::Kiosk, 0}, kiosk.kiosk_id, op.created_at, "", data, std::nullopt};
    auto appended = append_event(db, f.request_id, event, now_ms);
    if (!appended.ok()) {
        return appended.error();
    }
    auto insert = db.prepare(
        "INSERT INTO feedback(request_id, kiosk_id, outcome, rating, comment, kind, agent_id, event_id, created_at, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, f.request_id);
    insert.bind(2, kiosk.kiosk_id);
    insert.bind(3, std::string(protocol::feedback_outcome_name(f.outcome)));
    insert.bind(4, f.rating);
    insert.bind(5, f.comment);
    insert.bind(6, std::string(lifecycle::event_kind_name(*kind)));
    int64_t holder = appended->before.holder;
    insert.bind_optional(7, holder == 0 ? std::nullopt : std::optional<int64_t>(holder));
    insert.bind(8, appended->event_id);
    insert.bind(9, op.created_at);
    insert.bind(10, now_ms);
    insert.exec();
    if (*kind == lifecycle::EventKind::Complaint && holder != 0) {
        enqueue_notification(db, holder, NotificationKind::Complaint, f.request_id, now_ms,
                             {{"rating", f.rating}, {"code", request->code}});
    }
    return std::nullopt;
}

std::optional<core::Error> apply_usage_report(Database& db, const KioskIdentity& kiosk, const protocol::Op& op) {
    auto decoded = protocol::decode_usage_report(op.payload);
    if (!decoded.ok()) {
        return decoded.error();
    }
    auto insert = db.prepare(
        "INSERT INTO article_views(kiosk_id, op_id, article_id, period_start, period_end, views) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kiosk_id, op_id, article_id) DO UPDATE SET views = views + "
        "excluded.views");
    for (const auto& article : decoded->articles) {
        insert.reset();
        insert.bind(1, kiosk.kiosk_id);
        insert.bind(2, op.op_id);
        insert.bind(3, article.article_id);
        insert.bind(4, decoded->period_start);
        insert.bind(5, decoded->period_end);
        insert.bind(6, article.views);
        insert.exec();
    }
    return std::nullopt;
}

std::optional<core::Error> apply_one(Database& db, const KioskIdentity& kiosk, const protocol::Op& op,
                                     const PushPolicy& policy, int64_t now_ms) {
    switch (op.type) {
        case protocol::OpType::RequestCreate:
            return apply_request_create(db, kiosk, op, policy, now_ms);
        case protocol::OpType::RequestCancel:
            return apply_request_cancel(db, kiosk, op, now_ms);
        case protocol::OpType::FeedbackCreate:
            return apply_feedback_create(db, kiosk, op, now_ms);
        case protocol::OpType::UsageReport:
            return apply_usage_report(db, kiosk, op);
    }
    return reject("unknown_op_type", "unknown op type", "type");
}

}  // namespace

std::vector<PushedOp> apply_ops(Database& db, const KioskIdentity& kiosk, const nlohmann::json& ops,
                                const PushPolicy& policy, int64_t now_ms) {
    std::vector<PushedOp> results;
    results.reserve(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto& item = ops[i];
        auto op = protocol::decode_op(item, "ops[" + std::to_string(i) + "]");
        if (!op.ok()) {
            // Without a readable envelope there is nothing to record; answer with whatever id it had.
            std::string op_id = item.is_object() && item.contains("op_id") && item["op_id"].is_string() &&
                                        item["op_id"].get_ref<const std::string&>().size() <= 26
                                    ? item["op_id"].get<std::string>()
                                    : "";
            results.push_back({"invalid", {op_id, OpStatus::Rejected, op.error()}});
            continue;
        }
        std::string type(protocol::op_type_name(op->type));
        nlohmann::json canonical = {{"type", type}, {"created_at", op->created_at}, {"payload", op->payload}};
        std::string body_sha256 = crypto::sha256_hex(canonical.dump());

        if (auto stored = find_stored_op(db, kiosk.kiosk_id, op->op_id)) {
            if (stored->body_sha256 != body_sha256) {
                results.push_back(
                    {type,
                     {op->op_id, OpStatus::Rejected,
                      core::Error{"op_conflict", "this op_id was already used for a different op", "op_id"}}});
            } else if (stored->applied) {
                results.push_back({type, {op->op_id, OpStatus::Duplicate, std::nullopt}});
            } else {
                results.push_back({type, {op->op_id, OpStatus::Rejected, stored->error}});  // the same answer again
            }
            continue;
        }

        std::optional<core::Error> error;
        db.exec("SAVEPOINT op");
        try {
            error = apply_one(db, kiosk, *op, policy, now_ms);
        } catch (const std::exception& e) {
            log::error("op_failed", {{"op_id", op->op_id}, {"type", type}, {"what", e.what()}});
            error = core::Error{"internal_error", "the server could not apply this op", ""};
        }
        if (error) {
            db.exec("ROLLBACK TO op");
        }
        db.exec("RELEASE op");
        // A failure of the server itself is not recorded, so the kiosk's retry gets a fresh try.
        if (!error || error->code != "internal_error") {
            record_op(db, kiosk.kiosk_id, *op, body_sha256, error, now_ms);
        }
        results.push_back({type, {op->op_id, error ? OpStatus::Rejected : OpStatus::Applied, error}});
    }
    return results;
}

}  // namespace xiangke::backend
