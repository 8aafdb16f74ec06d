#pragma once
// OutboxStore: the kiosk's requests, the outbox of ops for the backend, dead letters, the status
// timeline pulled from the backend and the sync cursor, in the kiosk database. Every write that
// must survive a power cut together is one transaction (synchronous=FULL): a request and its
// request.create op; the changes of a pull and the cursor after them; a batch's answers.
// One instance per thread (it owns its connection and statement cache).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/request_tracking.h"
#include "store/kiosk_db.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/result.h"

namespace xiangke::kiosk {

// What the confirmation screen needs after a submit.
struct StoredRequest {
    std::string request_id;
    std::string code;
    std::string status_token;
    std::string masked_phone;
};

// An op as it waits in the outbox.
struct OutboxOp {
    std::string op_id;
    core::protocol::OpType type = core::protocol::OpType::RequestCreate;
    int64_t created_at = 0;
    nlohmann::json payload;
    int attempts = 0;
};

struct DeadLetter {
    std::string op_id;
    std::string type;
    std::string request_id;
    core::Error error;
    int64_t failed_at = 0;
};

struct OutboxCounts {
    int64_t pending = 0;
    int64_t dead_letters = 0;
};

// What a pull stored, for the caller to act on.
struct PullApplied {
    int64_t next_cursor = 0;
    int status_changes = 0;
    int notices = 0;
    std::optional<int64_t> content_version;  // the newest content.version change, if any
};

struct PushApplied {
    int acknowledged = 0;  // applied or duplicate: removed from the outbox
    int rejected = 0;      // moved to dead letters
};

class OutboxStore {
public:
    // Opens (and migrates) the kiosk database at `db_path`.
    static core::Result<std::unique_ptr<OutboxStore>> open(const std::filesystem::path& db_path);

    // Writes the request and its request.create op in one transaction. `draft` carries the
    // farmer's fields; the store adds request_id, code (from the per-kiosk sequence), village and
    // status token (sent with the op: the backend serves /s/TOKEN), and checks the op with the shared protocol decoder
    // before anything is written, so the backend and the kiosk agree on what is valid.
    core::Result<StoredRequest> submit_request(core::protocol::RequestCreate draft, const std::string& village_code,
                                               int64_t now_ms);
    core::Result<bool> enqueue_cancel(const std::string& request_id, const std::string& reason, int64_t now_ms);
    core::Result<bool> enqueue_feedback(const core::protocol::FeedbackCreate& feedback, int64_t now_ms);

    // usage.report (per-article view counts, nothing personal): every day other than today (by
    // the kiosk's clock, Asia/Shanghai) that has views counted in article_views becomes
    // usage.report ops for [00:00, next 00:00), at most 2,000 articles each. In one transaction
    // the counts move into the ops (the day's rows are deleted), so a crash neither loses nor
    // doubles them. Op ids are derived from a per-database key, the day and the op's number for
    // that day, so the same counts always make the same op. Returns how many ops were queued.
    core::Result<int> close_usage_periods(int64_t now_ms);

    // The oldest `limit` ops waiting to be pushed.
    std::vector<OutboxOp> pending_ops(size_t limit);
    // Counts an attempt for each op (before it is sent, so a crash mid-push is still counted).
    void record_attempt(const std::vector<std::string>& op_ids, int64_t now_ms);
    // Applies the backend's answers to a batch in one transaction: applied and duplicate ops
    // leave the outbox (a request.create's personal data goes with it), rejected ones become
    // dead letters. Ops without an answer stay for the next push.
    core::Result<PushApplied> apply_push_results(const std::vector<core::protocol::OpResult>& results, int64_t now_ms);

    int64_t cursor();
    // Stores a page of changes and the cursor after it in one transaction. Changes at or below
    // the stored cursor are ignored (a page replayed after a crash, or a USB bundle).
    core::Result<PullApplied> apply_pull(const core::protocol::PullResponse& page);
    // The backend answered 410 for the cursor: start again from 0 (a complete resync).
    void reset_cursor();

    std::optional<TrackedRequest> find_by_code(const std::string& code);
    std::vector<TrackedRequest> find_by_phone(const std::string& phone_text);
    std::optional<TrackedRequest> find_by_id(const std::string& request_id);
    std::vector<DeadLetter> dead_letters(size_t limit);
    OutboxCounts counts();
    // Notices from the backend that are still live at `now_ms`, newest first.
    std::vector<core::protocol::NoticeChange> live_notices(int64_t now_ms);

    KioskDb& db() { return *m_db; }

private:
    explicit OutboxStore(std::unique_ptr<KioskDb> db) : m_db(std::move(db)) {}
    std::string setting(const std::string& key);
    void put_setting(const std::string& key, const std::string& value);
    std::string phone_hash(const std::string& digits);
    TrackedRequest read_request(Statement& row);
    void load_timeline(TrackedRequest& request);
    void insert_op(const std::string& op_id, core::protocol::OpType type, const std::string& request_id,
                   int64_t created_at, const nlohmann::json& payload);

    void forget_deleted_ops_frames();

    std::unique_ptr<KioskDb> m_db;
    // Acknowledged ops were deleted but their frames may still be in the WAL (see apply_push_results).
    bool m_wal_holds_deleted_ops = false;
};

}  // namespace xiangke::kiosk
