#include "store/outbox_store.h"

#include <algorithm>
#include <array>
#include <map>

#include "xiangke/core/phone.h"
#include "xiangke/core/request_code.h"
#include "xiangke/core/time.h"
#include "xiangke/core/ulid.h"
#include "xiangke/platform/random.h"
#include "xiangke/platform/signing.h"

namespace xiangke::kiosk {

namespace protocol = core::protocol;

namespace {

constexpr const char* kCursorKey = "sync.cursor";
constexpr const char* kSequenceKey = "request.sequence";
constexpr const char* kCodeKeyKey = "request.code_key";
constexpr const char* kPhoneSaltKey = "request.phone_salt";
constexpr const char* kUsageKeyKey = "usage.op_key";
constexpr size_t kMaxPhoneMatches = 20;

core::Error store_error(const std::exception& e) {
    return core::Error{"store_failed", e.what(), ""};
}

std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) {
        return std::nullopt;
    }
    return column.getString();
}

template <typename T>
void bind_optional(Statement& statement, int index, const std::optional<T>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

// A dead letter keeps what a maintainer needs to understand the refusal, not who asked.
nlohmann::json without_personal_fields(nlohmann::json payload) {
    if (payload.is_object()) {
        payload.erase("farmer_name");
        payload.erase("farmer_phone");
        payload.erase("voice_note");
    }
    return payload;
}

// The op id of a day's n-th usage.report: a ULID whose time is the day's start and whose random
// part comes from the kiosk's key, the day and n. Redone after a crash, it is the same op.
std::string usage_op_id(const std::string& key, const std::string& day, int64_t number, int64_t period_start) {
    std::string digest = platform::sha256_hex(key + "|" + day + "|" + std::to_string(number));
    std::array<uint8_t, 10> bytes{};
    for (size_t i = 0; i < bytes.size(); ++i) {
        bytes[i] = static_cast<uint8_t>(std::stoi(digest.substr(i * 2, 2), nullptr, 16));
    }
    return core::encode_ulid(period_start, bytes);
}

}  // namespace

core::Result<std::unique_ptr<OutboxStore>> OutboxStore::open(const std::filesystem::path& db_path) {
    try {
        auto db = std::make_unique<KioskDb>(db_path);
        auto migrated = migrate_kiosk_db(*db);
        if (!migrated.ok()) {
            return migrated.error();
        }
        return std::unique_ptr<OutboxStore>(new OutboxStore(std::move(db)));
    } catch (const std::exception& e) {
        return store_error(e);
    }
}

std::string OutboxStore::setting(const std::string& key) {
    auto query = m_db->prepare("SELECT value FROM settings WHERE key = ?");
    query.bind(1, key);
    return query.step() ? query.column(0).getString() : std::string();
}

void OutboxStore::put_setting(const std::string& key, const std::string& value) {
    auto upsert = m_db->prepare(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, key);
    upsert.bind(2, value);
    upsert.exec();
}

std::string OutboxStore::phone_hash(const std::string& digits) {
    // Argon2id, not a plain hash: a phone number has about 10^10 values, so a leaked database
    // with its salt must make trying them all costly.
    std::string salt = setting(kPhoneSaltKey);
    if (salt.empty()) {
        salt = platform::random_hex(16);
        put_setting(kPhoneSaltKey, salt);
    }
    auto hash = platform::lookup_hash_hex(digits, salt);
    return hash.ok() ? *hash : std::string();  // '' never matches a lookup: the request is found by its code
}

void OutboxStore::insert_op(const std::string& op_id, protocol::OpType type, const std::string& request_id,
                            int64_t created_at, const nlohmann::json& payload) {
    auto insert =
        m_db->prepare("INSERT INTO outbox(op_id, type, request_id, created_at, payload) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, op_id);
    insert.bind(2, std::string(protocol::op_type_name(type)));
    insert.bind(3, request_id);
    insert.bind(4, created_at);
    insert.bind(5, payload.dump());
    insert.exec();
}

core::Result<StoredRequest> OutboxStore::submit_request(protocol::RequestCreate draft, const std::string& village_code,
                                                        int64_t now_ms) {
    auto phone = core::parse_phone(draft.farmer_phone);
    if (!phone.ok()) {
        return phone.error();
    }
    try {
        auto tx = m_db->begin_write();
        std::string code_key = setting(kCodeKeyKey);
        if (code_key.empty()) {
            code_key = std::to_string(platform::random_u64());
            put_setting(kCodeKeyKey, code_key);
        }
        std::string last = setting(kSequenceKey);
        uint32_t sequence = last.empty() ? 0 : static_cast<uint32_t>(std::stoul(last)) + 1;
        put_setting(kSequenceKey, std::to_string(sequence));

        draft.request_id = platform::new_ulid();
        draft.code = core::make_request_code(sequence, std::stoull(code_key));
        draft.village_code = village_code;
        draft.farmer_phone = phone->digits;
        std::array<uint8_t, 16> token_bytes{};
        platform::random_bytes(token_bytes.data(), token_bytes.size());
        const std::string status_token = protocol::make_status_token(token_bytes);
        draft.status_token = status_token;
        nlohmann::json payload = protocol::to_json(draft);
        auto checked = protocol::decode_request_create(payload);
        if (!checked.ok()) {
            return checked.error();  // the transaction rolls back: nothing stored, no number used
        }

        std::string masked = core::mask_phone(*phone);
        auto insert = m_db->prepare(
            "INSERT INTO requests(request_id, code, status_token, category, crop, masked_phone, phone_hash, "
            "created_at, status, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?)");
        insert.bind(1, draft.request_id);
        insert.bind(2, draft.code);
        insert.bind(3, status_token);
        insert.bind(4, std::string(core::category_code(draft.category)));
        insert.bind(5, draft.crop);
        insert.bind(6, masked);
        insert.bind(7, phone_hash(phone->digits));
        insert.bind(8, now_ms);
        insert.bind(9, now_ms);
        insert.exec();
        insert_op(platform::new_ulid(), protocol::OpType::RequestCreate, draft.request_id, now_ms, payload);
        tx.commit();
        return StoredRequest{draft.request_id, draft.code, status_token, masked};
    } catch (const std::exception& e) {
        return store_error(e);
    }
}

core::Result<bool> OutboxStore::enqueue_cancel(const std::string& request_id, const std::string& reason,
                                               int64_t now_ms) {
    nlohmann::json payload = protocol::to_json(protocol::RequestCancel{request_id, reason});
    if (auto checked = protocol::decode_request_cancel(payload); !checked.ok()) {
        return checked.error();
    }
    try {
        auto tx = m_db->begin_write();
        auto mark = m_db->prepare("UPDATE requests SET cancel_requested = 1 WHERE request_id = ?");
        mark.bind(1, request_id);
        if (mark.exec() == 0) {
            return core::Error{"unknown_request", "no request " + request_id + " at this kiosk", "request_id"};
        }
        insert_op(platform::new_ulid(), protocol::OpType::RequestCancel, request_id, now_ms, payload);
        tx.commit();
        return true;
    } catch (const std::exception& e) {
        return store_error(e);
    }
}

core::Result<bool> OutboxStore::enqueue_feedback(const protocol::FeedbackCreate& feedback, int64_t now_ms) {
    nlohmann::json payload = protocol::to_json(feedback);
    if (auto checked = protocol::decode_feedback_create(payload); !checked.ok()) {
        return checked.error();
    }
    try {
        auto tx = m_db->begin_write();
        auto mark = m_db->prepare("UPDATE requests SET feedback_given = 1 WHERE request_id = ?");
        mark.bind(1, feedback.request_id);
        if (mark.exec() == 0) {
            return core::Error{"unknown_request", "no request " + feedback.request_id + " at this kiosk", "request_id"};
        }
        insert_op(platform::new_ulid(), protocol::OpType::FeedbackCreate, feedback.request_id, now_ms, payload);
        tx.commit();
        return true;
    } catch (const std::exception& e) {
        return store_error(e);
    }
}

core::Result<int> OutboxStore::close_usage_periods(int64_t now_ms) {
    const std::string today = core::format_shanghai_date(now_ms);
    try {
        auto tx = m_db->begin_write();
        std::map<std::string, std::vector<protocol::ArticleViews>> days;
        {
            auto counted = m_db->prepare(
                "SELECT day, article_id, views FROM article_views WHERE day <> ? AND views > 0 ORDER BY day, "
                "article_id");
            counted.bind(1, today);
            while (counted.step()) {
                std::string article_id = counted.column(1).getString();
                if (article_id.empty() || article_id.size() > protocol::limits::kArticleId) {
                    continue;  // not an id the protocol carries; its row goes with the day's
                }
                days[counted.column(0).getString()].push_back(
                    {std::move(article_id), std::min<int64_t>(counted.column(2).getInt64(), 1'000'000'000)});
            }
        }
        if (days.empty()) {
            return 0;
        }
        std::string key = setting(kUsageKeyKey);
        if (key.empty()) {
            key = platform::random_hex(16);
            put_setting(kUsageKeyKey, key);
        }
        int queued = 0;
        for (auto& [day, articles] : days) {
            auto start = core::parse_shanghai_date(day);
            if (start.ok()) {
                // A kiosk without a real-time clock may have counted on 1970-01-01 (before epoch 0 in UTC).
                const int64_t period_start = std::max<int64_t>(0, *start);
                const int64_t period_end = std::max<int64_t>(0, *start + core::kDayMs);
                int64_t number = 0;
                {
                    auto reports = m_db->prepare("SELECT reports FROM usage_reports WHERE day = ?");
                    reports.bind(1, day);
                    number = reports.step() ? reports.column(0).getInt64() : 0;
                }
                for (size_t from = 0; from < articles.size(); from += protocol::limits::kUsageEntries) {
                    size_t to = std::min(articles.size(), from + protocol::limits::kUsageEntries);
                    protocol::UsageReport report{
                        period_start, period_end, {articles.begin() + from, articles.begin() + to}};
                    nlohmann::json payload = protocol::to_json(report);
                    if (auto checked = protocol::decode_usage_report(payload); !checked.ok()) {
                        return checked.error();  // rolls back: the counts stay for a fixed kiosk
                    }
                    insert_op(usage_op_id(key, day, number, period_start), protocol::OpType::UsageReport, "", now_ms,
                              payload);
                    ++number;
                    ++queued;
                }
                auto ledger = m_db->prepare(
                    "INSERT INTO usage_reports(day, reports) VALUES (?, ?) "
                    "ON CONFLICT(day) DO UPDATE SET reports = excluded.reports");
                ledger.bind(1, day);
                ledger.bind(2, number);
                ledger.exec();
            }
            // Reported, or a day that is not a date (nothing could report it): either way it goes.
            auto remove = m_db->prepare("DELETE FROM article_views WHERE day = ?");
            remove.bind(1, day);
            remove.exec();
        }
        tx.commit();
        return queued;
    } catch (const std::exception& e) {
        return store_error(e);
    }
}

std::vector<OutboxOp> OutboxStore::pending_ops(size_t limit) {
    std::vector<OutboxOp> ops;
    auto query =
        m_db->prepare("SELECT op_id, type, created_at, payload, attempts FROM outbox ORDER BY position LIMIT ?");
    query.bind(1, static_cast<int64_t>(limit));
    while (query.step()) {
        OutboxOp op;
        op.op_id = query.column(0).getString();
        op.type = protocol::op_type_from_name(query.column(1).getString()).value_or(protocol::OpType::UsageReport);
        op.created_at = query.column(2).getInt64();
        op.payload = nlohmann::json::parse(query.column(3).getString(), nullptr, false);
        op.attempts = query.column(4).getInt();
        ops.push_back(std::move(op));
    }
    return ops;
}

void OutboxStore::record_attempt(const std::vector<std::string>& op_ids, int64_t now_ms) {
    auto tx = m_db->begin_write();
    for (const auto& id : op_ids) {
        auto update = m_db->prepare("UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ? WHERE op_id = ?");
        update.bind(1, now_ms);
        update.bind(2, id);
        update.exec();
    }
    tx.commit();
}

core::Result<PushApplied> OutboxStore::apply_push_results(const std::vector<protocol::OpResult>& results,
                                                          int64_t now_ms) {
    PushApplied applied;
    try {
        auto tx = m_db->begin_write();
        for (const auto& result : results) {
            std::string type;
            std::string request_id;
            int64_t created_at = 0;
            std::string payload;
            {
                auto find = m_db->prepare("SELECT type, request_id, created_at, payload FROM outbox WHERE op_id = ?");
                find.bind(1, result.op_id);
                if (!find.step()) {
                    continue;  // answered before (a replayed answer, or a bundle after the network)
                }
                type = find.column(0).getString();
                request_id = find.column(1).getString();
                created_at = find.column(2).getInt64();
                payload = find.column(3).getString();
            }

            auto remove = m_db->prepare("DELETE FROM outbox WHERE op_id = ?");
            remove.bind(1, result.op_id);
            remove.exec();
            if (result.status != protocol::OpStatus::Rejected) {
                ++applied.acknowledged;
                if (type == protocol::op_type_name(protocol::OpType::RequestCreate)) {
                    auto received = m_db->prepare(
                        "UPDATE requests SET status = 'received', status_at = ? WHERE request_id = ? AND status = "
                        "'submitted'");
                    received.bind(1, now_ms);
                    received.bind(2, request_id);
                    received.exec();
                }
                continue;
            }
            ++applied.rejected;
            core::Error error = result.error.value_or(core::Error{"rejected", "rejected without a reason", ""});
            auto dead = m_db->prepare(
                "INSERT OR REPLACE INTO dead_letters(op_id, type, request_id, created_at, payload, error_code, "
                "error_message, error_field, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            dead.bind(1, result.op_id);
            dead.bind(2, type);
            dead.bind(3, request_id);
            dead.bind(4, created_at);
            dead.bind(5, without_personal_fields(nlohmann::json::parse(payload, nullptr, false)).dump());
            dead.bind(6, error.code);
            dead.bind(7, error.message);
            dead.bind(8, error.field);
            dead.bind(9, now_ms);
            dead.exec();
            // What the screens show for the refused op: 提交失败 for a request; a cancel or a rating
            // that did not go through may be tried again.
            const bool is_create = type == protocol::op_type_name(protocol::OpType::RequestCreate);
            const bool is_cancel = type == protocol::op_type_name(protocol::OpType::RequestCancel);
            auto update = m_db->prepare(is_create   ? "UPDATE requests SET failure = ?1 WHERE request_id = ?2"
                                        : is_cancel ? "UPDATE requests SET cancel_requested = 0 WHERE request_id = ?2"
                                                    : "UPDATE requests SET feedback_given = 0 WHERE request_id = ?2");
            if (is_create) {
                update.bind(1, error.code);
            }
            update.bind(2, request_id);
            update.exec();
        }
        tx.commit();
        m_wal_holds_deleted_ops = m_wal_holds_deleted_ops || applied.acknowledged + applied.rejected > 0;
        forget_deleted_ops_frames();
        return applied;
    } catch (const std::exception& e) {
        return store_error(e);
    }
}

// secure_delete overwrites a deleted op in the database's pages, but the WAL still holds the
// frames that wrote it (the full phone, the voice note) until a checkpoint empties it.
void OutboxStore::forget_deleted_ops_frames() {
    if (!m_wal_holds_deleted_ops) {
        return;
    }
    try {
        m_wal_holds_deleted_ops = !m_db->checkpoint_and_truncate_wal();
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): tried again after the next push or pull
    }
}

int64_t OutboxStore::cursor() {
    std::string value = setting(kCursorKey);
    return value.empty() ? 0 : std::stoll(value);
}

void OutboxStore::reset_cursor() {
    put_setting(kCursorKey, "0");
}

core::Result<PullApplied> OutboxStore::apply_pull(const protocol::PullResponse& page) {
    PullApplied applied;
    try {
        auto tx = m_db->begin_write();
        const int64_t from = cursor();
        for (const auto& change : page.changes) {
            if (change.seq <= from) {
                continue;
            }
            if (change.type == "request.status") {
                auto status = protocol::decode_request_status(change);
                if (!status.ok()) {
                    continue;  // a change this kiosk cannot read must not stop the feed
                }
                auto event = m_db->prepare(
                    "INSERT OR IGNORE INTO status_events(seq, request_id, status, agent_name, visit_date, at) "
                    "VALUES (?, ?, ?, ?, ?, ?)");
                event.bind(1, change.seq);
                event.bind(2, status->request_id);
                event.bind(3, status->status);
                bind_optional(event, 4, status->agent_name);
                bind_optional(event, 5, status->visit_date);
                event.bind(6, change.at);
                event.exec();
                // Known requests take the newest status; unknown ones (a database restored or
                // replaced) come back from the feed with what it carries, so 查询 still finds them.
                auto upsert = m_db->prepare(
                    "INSERT INTO requests(request_id, code, status_token, category, crop, masked_phone, phone_hash, "
                    "created_at, status, agent_name, visit_date, status_at) VALUES (?, ?, '', '', '', '', '', ?, ?, "
                    "?, ?, ?) ON CONFLICT(request_id) DO UPDATE SET status = excluded.status, agent_name = "
                    "excluded.agent_name, visit_date = excluded.visit_date, status_at = excluded.status_at");
                upsert.bind(1, status->request_id);
                upsert.bind(2, status->code);
                upsert.bind(3, change.at);
                upsert.bind(4, status->status);
                bind_optional(upsert, 5, status->agent_name);
                bind_optional(upsert, 6, status->visit_date);
                upsert.bind(7, change.at);
                upsert.exec();
                ++applied.status_changes;
            } else if (change.type == "notice") {
                auto notice = protocol::decode_notice(change);
                if (!notice.ok()) {
                    continue;
                }
                if (notice->notice_id) {
                    // The newest copy of a notice wins (an administrator may end it early).
                    auto superseded = m_db->prepare("DELETE FROM notices WHERE notice_id = ? AND seq < ?");
                    superseded.bind(1, *notice->notice_id);
                    superseded.bind(2, change.seq);
                    superseded.exec();
                }
                auto insert = m_db->prepare(
                    "INSERT OR REPLACE INTO notices(seq, title, body, until, notice_id) VALUES (?, ?, ?, ?, ?)");
                insert.bind(1, change.seq);
                insert.bind(2, notice->title);
                insert.bind(3, notice->body);
                insert.bind(4, notice->until);
                bind_optional(insert, 5, notice->notice_id);
                insert.exec();
                ++applied.notices;
            } else if (change.type == "content.version") {
                auto version = protocol::decode_content_version(change);
                if (version.ok() && (!applied.content_version || version->version > *applied.content_version)) {
                    applied.content_version = version->version;
                }
            }
        }
        applied.next_cursor = std::max(page.next_cursor, from);
        put_setting(kCursorKey, std::to_string(applied.next_cursor));
        tx.commit();
        forget_deleted_ops_frames();  // when the push's checkpoint met a reader
        return applied;
    } catch (const std::exception& e) {
        return store_error(e);
    }
}

TrackedRequest OutboxStore::read_request(Statement& row) {
    TrackedRequest request;
    request.request_id = row.column(0).getString();
    request.code = row.column(1).getString();
    request.category = row.column(2).getString();
    request.crop = row.column(3).getString();
    request.masked_phone = row.column(4).getString();
    request.created_at = row.column(5).getInt64();
    request.status = row.column(6).getString();
    request.agent_name = optional_text(row.column(7));
    request.visit_date = optional_text(row.column(8));
    request.failure = optional_text(row.column(9));
    request.cancel_requested = row.column(10).getInt() != 0;
    request.feedback_given = row.column(11).getInt() != 0;
    request.status_at = row.column(12).getInt64();
    return request;
}

void OutboxStore::load_timeline(TrackedRequest& request) {
    request.timeline.push_back(StatusStep{"submitted", std::nullopt, std::nullopt, request.created_at});
    auto query =
        m_db->prepare("SELECT status, agent_name, visit_date, at FROM status_events WHERE request_id = ? ORDER BY seq");
    query.bind(1, request.request_id);
    while (query.step()) {
        request.timeline.push_back(StatusStep{query.column(0).getString(), optional_text(query.column(1)),
                                              optional_text(query.column(2)), query.column(3).getInt64()});
    }
    // Acknowledged by the push but not yet pulled: 已送达 shows before the feed confirms it.
    if (request.timeline.back().status != request.status) {
        request.timeline.push_back(
            StatusStep{request.status, request.agent_name, request.visit_date, request.status_at});
    }
}

namespace {
constexpr const char* kRequestColumns =
    "SELECT request_id, code, category, crop, masked_phone, created_at, status, agent_name, visit_date, failure, "
    "cancel_requested, feedback_given, status_at FROM requests ";
}  // namespace

std::optional<TrackedRequest> OutboxStore::find_by_code(const std::string& code) {
    auto normalized = core::normalize_request_code(code);
    if (!normalized) {
        return std::nullopt;
    }
    std::optional<TrackedRequest> request;
    {
        auto query = m_db->prepare(std::string(kRequestColumns) + "WHERE code = ? ORDER BY created_at DESC LIMIT 1");
        query.bind(1, *normalized);
        if (query.step()) {
            request = read_request(query);
        }
    }
    if (request) {
        load_timeline(*request);
    }
    return request;
}

std::optional<TrackedRequest> OutboxStore::find_by_id(const std::string& request_id) {
    std::optional<TrackedRequest> request;
    {
        auto query = m_db->prepare(std::string(kRequestColumns) + "WHERE request_id = ?");
        query.bind(1, request_id);
        if (query.step()) {
            request = read_request(query);
        }
    }
    if (request) {
        load_timeline(*request);
    }
    return request;
}

std::vector<TrackedRequest> OutboxStore::find_by_phone(const std::string& phone_text) {
    auto phone = core::parse_phone(phone_text);
    if (!phone.ok() || setting(kPhoneSaltKey).empty()) {
        return {};
    }
    const std::string hash = phone_hash(phone->digits);
    if (hash.empty()) {
        return {};
    }
    std::vector<TrackedRequest> found;
    {
        auto query =
            m_db->prepare(std::string(kRequestColumns) + "WHERE phone_hash = ? ORDER BY created_at DESC LIMIT ?");
        query.bind(1, hash);
        query.bind(2, static_cast<int64_t>(kMaxPhoneMatches));
        while (query.step()) {
            found.push_back(read_request(query));
        }
    }
    for (auto& request : found) {
        load_timeline(request);
    }
    return found;
}

std::vector<DeadLetter> OutboxStore::dead_letters(size_t limit) {
    std::vector<DeadLetter> letters;
    auto query = m_db->prepare(
        "SELECT op_id, type, COALESCE(request_id, ''), error_code, error_message, error_field, failed_at "
        "FROM dead_letters ORDER BY failed_at DESC LIMIT ?");
    query.bind(1, static_cast<int64_t>(limit));
    while (query.step()) {
        letters.push_back(DeadLetter{
            query.column(0).getString(), query.column(1).getString(), query.column(2).getString(),
            core::Error{query.column(3).getString(), query.column(4).getString(), query.column(5).getString()},
            query.column(6).getInt64()});
    }
    return letters;
}

OutboxCounts OutboxStore::counts() {
    OutboxCounts counts;
    auto pending = m_db->prepare("SELECT COUNT(*) FROM outbox");
    pending.step();
    counts.pending = pending.column(0).getInt64();
    auto dead = m_db->prepare("SELECT COUNT(*) FROM dead_letters");
    dead.step();
    counts.dead_letters = dead.column(0).getInt64();
    return counts;
}

std::vector<protocol::NoticeChange> OutboxStore::live_notices(int64_t now_ms) {
    std::vector<protocol::NoticeChange> notices;
    auto query = m_db->prepare("SELECT title, body, until FROM notices WHERE until > ? ORDER BY seq DESC LIMIT 5");
    query.bind(1, now_ms);
    while (query.step()) {
        notices.push_back({query.column(0).getString(), query.column(1).getString(), query.column(2).getInt64()});
    }
    return notices;
}

}  // namespace xiangke::kiosk
