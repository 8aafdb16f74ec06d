#include "store/kiosk_db.h"

#include <vector>

namespace xiangke::kiosk {
namespace {
constexpr int kBusyTimeoutMs = 5000;
}  // namespace

KioskDb::KioskDb(const std::filesystem::path& path)
    : m_db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX, kBusyTimeoutMs) {
    m_db.exec("PRAGMA journal_mode=WAL");
    m_db.exec("PRAGMA synchronous=FULL");
    m_db.exec("PRAGMA foreign_keys=ON");
    // Deleted rows (an acknowledged request's phone number and name) are overwritten, not left
    // in free pages of a file on a public machine.
    m_db.exec("PRAGMA secure_delete=ON");
}

Statement KioskDb::prepare(const std::string& sql) {
    auto& slot = m_statements[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(m_db, sql);
    } else {
        slot->reset();  // a use that threw between steps ended without its destructor's reset
        slot->clearBindings();
    }
    return Statement(*slot);
}

void KioskDb::reset_statements() {
    for (auto& [sql, statement] : m_statements) {
        statement->reset();
    }
}

WriteTransaction KioskDb::begin_write() {
    reset_statements();
    return WriteTransaction(*this);
}

WriteTransaction::WriteTransaction(KioskDb& db)
    : m_db(db), m_transaction(db.raw(), SQLite::TransactionBehavior::IMMEDIATE) {}

void WriteTransaction::commit() {
    m_transaction.commit();
    m_db.reset_statements();
}

bool KioskDb::checkpoint_and_truncate_wal() {
    reset_statements();  // a half-read statement of this connection would keep the WAL busy
    // No waiting: a reader elsewhere (content search) only delays this to the next sync cycle.
    m_db.setBusyTimeout(0);
    SQLite::Statement checkpoint(m_db, "PRAGMA wal_checkpoint(TRUNCATE)");
    const bool done = checkpoint.executeStep() && checkpoint.getColumn(0).getInt() == 0;
    m_db.setBusyTimeout(kBusyTimeoutMs);
    return done;
}

namespace {

struct Migration {
    int version;
    const char* sql;
};

const std::vector<Migration> kMigrations = {
    {1, R"SQL(
CREATE TABLE content_packs (
    version      INTEGER PRIMARY KEY,
    installed_at INTEGER NOT NULL,
    manifest     TEXT NOT NULL,            -- the signed manifest as received
    signature    TEXT NOT NULL,
    directory    TEXT NOT NULL,            -- where its files live under the data dir
    active       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE topics (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    icon     TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE articles (
    id       TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    topic    TEXT NOT NULL,
    tags     TEXT NOT NULL,                -- JSON array
    crops    TEXT NOT NULL,                -- JSON array
    summary  TEXT NOT NULL,
    review   TEXT NOT NULL,
    body     TEXT NOT NULL,                -- Markdown without front matter
    path     TEXT NOT NULL,                -- inside the pack (image links are relative to it)
    position INTEGER NOT NULL
);
-- Trigram index for queries of 3+ characters; shorter ones fall back to instr() (PLATFORM-NOTES).
CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, tags, summary, body, tokenize = 'trigram');
CREATE TABLE article_views (
    article_id TEXT NOT NULL,
    day        TEXT NOT NULL,              -- YYYY-MM-DD, Asia/Shanghai
    views      INTEGER NOT NULL,
    reported   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, day)
) WITHOUT ROWID;
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)SQL"},
    {2, R"SQL(
-- Requests registered at this kiosk, as far as its screens need them: no name and, once the
-- server has it, no phone number (the outbox op that carried them is deleted on acknowledgement).
CREATE TABLE requests (
    request_id   TEXT PRIMARY KEY,         -- ULID
    code         TEXT NOT NULL,            -- 求助码
    status_token TEXT NOT NULL,            -- public progress page /s/TOKEN ('' when learned from a pull)
    category     TEXT NOT NULL,
    crop         TEXT NOT NULL,
    masked_phone TEXT NOT NULL,
    phone_hash   TEXT NOT NULL,            -- salted Argon2id hash of the digits, for 查询 by phone ('' if unknown)
    created_at   INTEGER NOT NULL,         -- kiosk clock
    status       TEXT NOT NULL,            -- 'submitted' until the server reports one
    agent_name   TEXT,
    visit_date   TEXT,
    status_at    INTEGER NOT NULL,
    failure      TEXT,                     -- why the server refused the request (dead letter)
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    feedback_given   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requests_code ON requests(code);
CREATE INDEX requests_phone ON requests(phone_hash);

-- Ops waiting for the backend, oldest first. Removed when applied or duplicate; moved to
-- dead_letters when rejected; resent with the same op_id when the outcome is unknown.
CREATE TABLE outbox (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id       TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    request_id  TEXT,
    created_at  INTEGER NOT NULL,
    payload     TEXT NOT NULL,             -- JSON, as pushed
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER
);
CREATE TABLE dead_letters (
    op_id         TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    request_id    TEXT,
    created_at    INTEGER NOT NULL,
    payload       TEXT NOT NULL,           -- personal fields removed
    error_code    TEXT NOT NULL,
    error_message TEXT NOT NULL,
    error_field   TEXT NOT NULL,
    failed_at     INTEGER NOT NULL
) WITHOUT ROWID;

-- Every status the server reported for a request (the status screen's timeline).
CREATE TABLE status_events (
    seq        INTEGER PRIMARY KEY,        -- the change feed's seq
    request_id TEXT NOT NULL,
    status     TEXT NOT NULL,
    agent_name TEXT,
    visit_date TEXT,
    at         INTEGER NOT NULL            -- server time
);
CREATE INDEX status_events_request ON status_events(request_id, seq);

CREATE TABLE notices (
    seq   INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body  TEXT NOT NULL,
    until INTEGER NOT NULL
);
)SQL"},
    {3, R"SQL(
-- usage.report: article views are counted per day in article_views (migration 1; its 'reported'
-- column stays unused). Once the kiosk's clock is on another day, the day's counts move into
-- usage.report ops and its rows are deleted, in one transaction. This ledger numbers the ops made
-- for each day, so an op id is derived from the day and its number, never drawn at random.
CREATE TABLE usage_reports (
    day     TEXT PRIMARY KEY,          -- YYYY-MM-DD, Asia/Shanghai, by the kiosk's clock
    reports INTEGER NOT NULL           -- usage.report ops made for the day so far
) WITHOUT ROWID;
)SQL"},
    {4, R"SQL(
-- A notice the backend changed (ended early by an administrator) replaces its earlier copy: the
-- backend's notice id identifies it across changes.
ALTER TABLE notices ADD COLUMN notice_id INTEGER;
CREATE INDEX notices_notice_id ON notices(notice_id) WHERE notice_id IS NOT NULL;
)SQL"},
};

}  // namespace

core::Result<int> migrate_kiosk_db(KioskDb& db) {
    try {
        db.raw().exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)");
        int current = db.raw().execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
        for (const auto& m : kMigrations) {
            if (m.version <= current) {
                continue;
            }
            auto tx = db.begin_write();
            db.raw().exec(m.sql);
            db.raw().exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ")");
            tx.commit();
            current = m.version;
        }
        return current;
    } catch (const std::exception& e) {
        return core::Error{"migration_failed", e.what(), ""};
    }
}

}  // namespace xiangke::kiosk
