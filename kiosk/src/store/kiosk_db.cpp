#include "store/kiosk_db.h"

#include <vector>

namespace xiangke::kiosk {

KioskDb::KioskDb(const std::filesystem::path& path)
    : m_db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX, 5000) {
    m_db.exec("PRAGMA journal_mode=WAL");
    m_db.exec("PRAGMA synchronous=FULL");
    m_db.exec("PRAGMA foreign_keys=ON");
}

SQLite::Statement& KioskDb::prepare(const std::string& sql) {
    auto& slot = m_statements[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(m_db, sql);
    } else {
        slot->reset();
        slot->clearBindings();
    }
    return *slot;
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
            SQLite::Transaction tx(db.raw(), SQLite::TransactionBehavior::IMMEDIATE);
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
