// Schema in numbered migrations. A migration is never edited once released: add a new one.
#include <vector>

#include "store/database.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {
namespace {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "regions, kiosks, enrollment codes", R"SQL(
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,          -- region code at its own length: 33, 3302, 330281, ...
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code TEXT
) WITHOUT ROWID;
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE kiosks (
    id           TEXT PRIMARY KEY,          -- ULID
    village_code TEXT NOT NULL REFERENCES regions(code),
    device_name  TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,      -- SHA-256 of the bearer token
    enrolled_at  INTEGER NOT NULL,
    revoked_at   INTEGER,
    last_seen_at INTEGER
);
CREATE INDEX kiosks_village ON kiosks(village_code);

CREATE TABLE enrollment_codes (
    code_hash    TEXT PRIMARY KEY,          -- SHA-256 of the normalised code
    village_code TEXT NOT NULL REFERENCES regions(code),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    kiosk_id     TEXT REFERENCES kiosks(id)
);
)SQL"},
        {2, "people and agent profiles", R"SQL(
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'county_admin', 'city_admin')),
    region_code   TEXT NOT NULL,            -- home region; for admins, the scope prefix
    name          TEXT NOT NULL,
    phone         TEXT NOT NULL UNIQUE,     -- login name, normalised digits
    password_hash TEXT NOT NULL,            -- Argon2id (libsodium crypto_pwhash_str)
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);

CREATE TABLE teams (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE agent_profiles (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id),
    team_id         INTEGER REFERENCES teams(id),
    capacity        INTEGER NOT NULL DEFAULT 5 CHECK (capacity >= 0),
    leave_from      TEXT,                   -- YYYY-MM-DD, Asia/Shanghai
    leave_to        TEXT
);
CREATE TABLE agent_expertise (
    user_id INTEGER NOT NULL REFERENCES users(id),
    tag     TEXT NOT NULL,                  -- category code or crop/animal name
    PRIMARY KEY (user_id, tag)
) WITHOUT ROWID;
CREATE TABLE agent_service_regions (
    user_id INTEGER NOT NULL REFERENCES users(id),
    prefix  TEXT NOT NULL,                  -- region-code prefix
    PRIMARY KEY (user_id, prefix)
) WITHOUT ROWID;
)SQL"},
    };
    return kMigrations;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

core::Result<int> migrate(Database& db) {
    try {
        db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at INTEGER NOT NULL)");
        int current = db.raw().execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
        if (current > latest_schema_version()) {
            return core::Error{"schema_too_new",
                               "database schema version " + std::to_string(current) +
                                   " is newer than this program knows (" + std::to_string(latest_schema_version()) +
                                   "); upgrade xiangke-backend",
                               ""};
        }
        for (const auto& m : migrations()) {
            if (m.version <= current) {
                continue;
            }
            with_write_transaction(db, [&] {
                db.exec(m.sql);
                SQLite::Statement insert(db.raw(), "INSERT INTO schema_migrations VALUES (?, ?, ?)");
                insert.bind(1, m.version);
                insert.bind(2, m.name);
                insert.bind(3, static_cast<int64_t>(core::system_now_ms()));
                insert.exec();
            });
            current = m.version;
        }
        return current;
    } catch (const std::exception& e) {
        return core::Error{"migration_failed", e.what(), ""};
    }
}

}  // namespace xiangke::backend
