#include "sync/sync_engine.h"

#include "sync/sync_plan.h"

namespace xiangke::kiosk {

namespace protocol = core::protocol;

namespace {

constexpr int kMaxPullPages = 200;  // 100,000 changes a cycle; the rest comes next cycle

SyncReport failed(sync::AnswerKind kind, const core::Error& error) {
    SyncReport report;
    report.outcome = kind == sync::AnswerKind::Refused ? SyncReport::Outcome::Refused : SyncReport::Outcome::Unreachable;
    report.detail = error.code + ": " + error.message;
    return report;
}

}  // namespace

SyncReport SyncEngine::push_outbox(int64_t now_ms) {
    SyncReport report;
    const sync::BatchLimits limits = sync::protocol_batch_limits();
    while (true) {
        std::vector<OutboxOp> waiting = m_store.pending_ops(limits.max_ops);
        if (waiting.empty()) {
            return report;
        }
        std::vector<nlohmann::json> encoded;
        std::vector<size_t> sizes;
        for (const auto& op : waiting) {
            encoded.push_back(protocol::to_json(protocol::Op{op.op_id, op.type, op.created_at, op.payload}));
            sizes.push_back(encoded.back().dump().size());
        }
        size_t count = sync::ops_in_next_batch(sizes, limits);
        protocol::PushRequest request;
        if (m_client_status) {
            request.client = *m_client_status;
            request.client->outbox = m_store.counts().pending;  // this batch included
        }
        std::vector<std::string> ids;
        for (size_t i = 0; i < count; ++i) {
            request.ops.push_back({waiting[i].op_id, waiting[i].type, waiting[i].created_at, waiting[i].payload});
            ids.push_back(waiting[i].op_id);
        }
        m_store.record_attempt(ids, now_ms);
        auto answer = m_client.push(request);
        sync::AnswerKind kind = sync::classify_answer(answer.status);
        if (kind == sync::AnswerKind::Answered && !answer.response) {
            kind = sync::AnswerKind::Unknown;  // a 200 we cannot read: as if it never came
        }
        if (kind != sync::AnswerKind::Answered) {
            SyncReport failure = failed(kind, answer.error);
            failure.acknowledged = report.acknowledged;
            failure.rejected = report.rejected;
            return failure;
        }
        auto applied = m_store.apply_push_results(answer.response->results, now_ms);
        if (!applied.ok()) {
            return failed(sync::AnswerKind::Unknown, applied.error());
        }
        report.acknowledged += applied->acknowledged;
        report.rejected += applied->rejected;
        if (applied->acknowledged + applied->rejected == 0) {
            // The backend answered for none of them: sending the same batch again now would loop.
            report.outcome = SyncReport::Outcome::Unreachable;
            report.detail = "the backend's answer named none of the ops sent";
            return report;
        }
    }
}

SyncReport SyncEngine::pull_changes() {
    SyncReport report;
    bool restarted = false;
    for (int page = 0; page < kMaxPullPages; ++page) {
        int64_t cursor = m_store.cursor();
        auto answer = m_client.pull(cursor, protocol::limits::kPullMaxLimit);
        sync::AnswerKind kind = sync::classify_answer(answer.status);
        if (kind == sync::AnswerKind::Answered && !answer.response) {
            kind = sync::AnswerKind::Unknown;
        }
        if (kind == sync::AnswerKind::CursorGone && !restarted) {
            // Pruned past our cursor, or the backend was restored from a backup: cursor 0 gives
            // the current state of everything (docs/api.md).
            m_store.reset_cursor();
            restarted = true;
            continue;
        }
        if (kind != sync::AnswerKind::Answered) {
            SyncReport failure = failed(kind == sync::AnswerKind::CursorGone ? sync::AnswerKind::Refused : kind,
                                        answer.error);
            failure.status_changes = report.status_changes;
            failure.notices = report.notices;
            failure.content_version = report.content_version;
            return failure;
        }
        auto applied = m_store.apply_pull(*answer.response);
        if (!applied.ok()) {
            return failed(sync::AnswerKind::Unknown, applied.error());
        }
        report.status_changes += applied->status_changes;
        report.notices += applied->notices;
        if (applied->content_version) {
            report.content_version = applied->content_version;
        }
        if (!answer.response->has_more || applied->next_cursor <= cursor) {
            return report;
        }
    }
    return report;
}

SyncReport SyncEngine::run_cycle(int64_t now_ms) {
    SyncReport pushed = push_outbox(now_ms);
    if (!pushed.completed()) {
        return pushed;  // the network is gone; pulling now would only wait for another timeout
    }
    SyncReport pulled = pull_changes();
    pulled.acknowledged = pushed.acknowledged;
    pulled.rejected = pushed.rejected;
    return pulled;
}

}  // namespace xiangke::kiosk
