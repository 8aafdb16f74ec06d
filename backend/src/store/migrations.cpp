// Schema in numbered migrations. A migration is never edited once released: add a new one.
#include <algorithm>
#include <set>
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
        {3, "requests, event log, service records, feedback, sync ops and change feed", R"SQL(
-- 求助 (TechRequest). The columns after received_at are a projection of request_events, written
-- in the same transaction as each event by the pure state machine (core/request_lifecycle);
-- replaying the events gives the same values.
CREATE TABLE requests (
    id             TEXT PRIMARY KEY,        -- ULID made by the kiosk
    kiosk_id       TEXT NOT NULL REFERENCES kiosks(id),
    code           TEXT NOT NULL,           -- 求助码 as the kiosk made it; not unique across kiosks
    village_code   TEXT NOT NULL REFERENCES regions(code),
    category       TEXT NOT NULL,
    crop           TEXT NOT NULL,
    symptoms       TEXT NOT NULL,           -- JSON array of text
    description    TEXT NOT NULL,
    farmer_name    TEXT NOT NULL,
    farmer_phone   TEXT NOT NULL,           -- normalised digits; shown only through the audited path
    preferred_time TEXT NOT NULL,
    created_at     INTEGER NOT NULL,        -- the kiosk's clock, recorded, never trusted
    received_at    INTEGER NOT NULL,        -- the server's clock
    status         TEXT NOT NULL,
    holder_id      INTEGER REFERENCES users(id),
    visit_date     TEXT,                    -- YYYY-MM-DD of the latest planned or made visit
    complaints     INTEGER NOT NULL DEFAULT 0,
    reopen_count   INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX requests_kiosk ON requests(kiosk_id, code);
CREATE INDEX requests_village ON requests(village_code, status);
CREATE INDEX requests_phone ON requests(farmer_phone, status);
CREATE INDEX requests_holder ON requests(holder_id, status);

-- The append-only log every state, timer and figure is computed from.
CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests(id),
    kind        TEXT NOT NULL,              -- core::lifecycle::EventKind name
    actor       TEXT NOT NULL CHECK (actor IN ('kiosk', 'agent', 'admin', 'system')),
    actor_id    TEXT,                       -- kiosk id or user id
    agent_id    INTEGER REFERENCES users(id),  -- the agent concerned (claimer, holder, complained about)
    device_at   INTEGER,                    -- the actor's clock, when it sent one
    server_at   INTEGER NOT NULL,
    reason      TEXT,
    data        TEXT                        -- JSON details (visit, rating, referral), never a phone number
);
CREATE INDEX request_events_request ON request_events(request_id, id);
CREATE INDEX request_events_agent ON request_events(agent_id, server_at);
CREATE TRIGGER request_events_append_only_update BEFORE UPDATE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;
CREATE TRIGGER request_events_append_only_delete BEFORE DELETE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;

CREATE TABLE voice_notes (
    request_id  TEXT PRIMARY KEY REFERENCES requests(id),
    format      TEXT NOT NULL,              -- ogg-opus
    duration_ms INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    data        BLOB NOT NULL
);

-- 服务记录: what an agent did for a request (上门/电话/视频/培训).
CREATE TABLE service_records (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests(id),
    agent_id    INTEGER NOT NULL REFERENCES users(id),
    event_id    INTEGER NOT NULL REFERENCES request_events(id),
    visit_date  TEXT NOT NULL,              -- YYYY-MM-DD, Asia/Shanghai
    method      TEXT NOT NULL CHECK (method IN ('onsite', 'phone', 'video', 'training')),
    summary     TEXT NOT NULL,
    attendees   INTEGER,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX service_records_agent ON service_records(agent_id, visit_date);
CREATE INDEX service_records_request ON service_records(request_id);

-- The farmer's word at the kiosk; `kind` is the event it became (complaint, confirmed, reopened, rated).
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests(id),
    kiosk_id    TEXT NOT NULL REFERENCES kiosks(id),
    outcome     TEXT NOT NULL CHECK (outcome IN ('solved', 'partly', 'not_solved')),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    agent_id    INTEGER REFERENCES users(id),  -- who held or resolved it at the time
    event_id    INTEGER NOT NULL REFERENCES request_events(id),
    created_at  INTEGER NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX feedback_request ON feedback(request_id);
CREATE INDEX feedback_agent ON feedback(agent_id, kind);

-- Idempotency: every op a kiosk pushed, with a hash of its body and the answer it got.
CREATE TABLE applied_ops (
    kiosk_id      TEXT NOT NULL REFERENCES kiosks(id),
    op_id         TEXT NOT NULL,
    type          TEXT NOT NULL,
    body_sha256   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    error_code    TEXT,
    error_message TEXT,
    error_field   TEXT,
    created_at    INTEGER NOT NULL,
    applied_at    INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, op_id)
) WITHOUT ROWID;

-- What each kiosk pulls. AUTOINCREMENT: a seq is never reused, even after pruning.
CREATE TABLE kiosk_changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id TEXT NOT NULL REFERENCES kiosks(id),
    type     TEXT NOT NULL,                 -- request.status, notice, content.version
    subject  TEXT NOT NULL,                 -- request:ID, content, notice:ID: a newer change of the same subject supersedes it
    at       INTEGER NOT NULL,
    body     TEXT NOT NULL                  -- JSON object: the change's fields
);
CREATE INDEX kiosk_changes_kiosk ON kiosk_changes(kiosk_id, seq);
CREATE INDEX kiosk_changes_subject ON kiosk_changes(kiosk_id, subject, seq);
CREATE INDEX kiosk_changes_at ON kiosk_changes(at);
-- Pruning removed superseded changes at or below floor_seq: older cursors get 410.
CREATE TABLE kiosk_feed_floors (
    kiosk_id  TEXT PRIMARY KEY REFERENCES kiosks(id),
    floor_seq INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE article_views (
    kiosk_id     TEXT NOT NULL REFERENCES kiosks(id),
    op_id        TEXT NOT NULL,
    article_id   TEXT NOT NULL,
    period_start INTEGER NOT NULL,
    period_end   INTEGER NOT NULL,
    views        INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, op_id, article_id)
) WITHOUT ROWID;
CREATE INDEX article_views_article ON article_views(article_id, period_start);
)SQL"},
        {4, "sessions, login attempts, audit log", R"SQL(
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,            -- SHA-256 of the bearer or cookie token
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE login_attempts (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    account_hash TEXT NOT NULL,             -- SHA-256 of the normalised login phone
    address      TEXT NOT NULL,             -- client address after trusted proxies
    success      INTEGER NOT NULL
);
CREATE INDEX login_attempts_account ON login_attempts(account_hash, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);

-- Who saw or changed what. Append-only; `detail` never holds personal data.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_type  TEXT NOT NULL CHECK (actor_type IN ('user', 'kiosk', 'operator', 'system')),
    actor_id    TEXT,
    action      TEXT NOT NULL,
    object_type TEXT,
    object_id   TEXT,
    address     TEXT,
    detail      TEXT
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log(actor_type, actor_id, at);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL"},
        {5, "notices and content packs", R"SQL(
CREATE TABLE notices (
    id            INTEGER PRIMARY KEY,
    region_prefix TEXT NOT NULL,            -- kiosks whose village starts with it
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    until         INTEGER NOT NULL
);

CREATE TABLE content_packs (
    version      INTEGER PRIMARY KEY,
    created      INTEGER NOT NULL,          -- from the manifest
    expires      INTEGER NOT NULL,
    manifest     BLOB NOT NULL,             -- manifest.json exactly as signed
    signature    BLOB NOT NULL,             -- manifest.sig exactly as built
    file_count   INTEGER NOT NULL,
    total_bytes  INTEGER NOT NULL,
    published_at INTEGER NOT NULL
);
CREATE TABLE content_pack_files (
    version INTEGER NOT NULL REFERENCES content_packs(version),
    path    TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    size    INTEGER NOT NULL,
    PRIMARY KEY (version, path)
) WITHOUT ROWID;
CREATE INDEX content_pack_files_sha256 ON content_pack_files(sha256);
-- Files by content hash, shared between packs; the rowid allows incremental (ranged) reads.
CREATE TABLE content_blobs (
    id     INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
);
)SQL"},
        {6, "matching: timers, escalations, coordinates, open-request indexes", R"SQL(
-- Timers of the request lifecycle. A row fires once: the scheduler sets fired_at in the same write
-- transaction that applies its effect, so a crash either loses both or keeps both.
CREATE TABLE scheduled_timers (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('offer_expiry', 'lease_warning', 'lease_expiry', 'escalation')),
    request_id TEXT NOT NULL REFERENCES requests(id),
    agent_id   INTEGER REFERENCES users(id),           -- lease timers: the holder
    event_id   INTEGER REFERENCES request_events(id),  -- the offer or claim that started it
    due_at     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    fired_at   INTEGER,
    outcome    TEXT                                    -- assigned, unassigned, warned, released, escalated, moot
);
CREATE INDEX scheduled_timers_due ON scheduled_timers(due_at) WHERE fired_at IS NULL;
CREATE INDEX scheduled_timers_request ON scheduled_timers(request_id, kind, id);

-- Requests handed to the county administrators because nobody contacted the farmer in time.
CREATE TABLE escalations (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests(id),
    timer_id    INTEGER NOT NULL UNIQUE REFERENCES scheduled_timers(id),
    event_id    INTEGER NOT NULL REFERENCES request_events(id),
    county_code TEXT NOT NULL,
    admin_ids   TEXT NOT NULL,                         -- JSON array: the county admins told
    status_then TEXT NOT NULL,
    holder_then INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX escalations_county ON escalations(county_code, created_at);
CREATE INDEX escalations_request ON escalations(request_id);

-- Coordinates, when known, for the distance factor of matching.
CREATE TABLE region_locations (
    code      TEXT PRIMARY KEY REFERENCES regions(code),
    latitude  REAL NOT NULL,
    longitude REAL NOT NULL
) WITHOUT ROWID;
ALTER TABLE agent_profiles ADD COLUMN latitude REAL;
ALTER TABLE agent_profiles ADD COLUMN longitude REAL;

-- Requests waiting for an agent: the feed reads them by village, the scheduler offers new ones.
CREATE INDEX requests_awaiting_pickup ON requests(village_code) WHERE status IN ('received', 'offered', 'reopened');
CREATE INDEX requests_to_offer ON requests(received_at) WHERE status IN ('received', 'reopened');
CREATE INDEX request_events_kind ON request_events(kind, server_at);
)SQL"},
        {7, "notifications, public status tokens, service photos, training sessions", R"SQL(
-- Outbox of messages to people (notify/notifications.h): delivered once by the notifier thread,
-- shown as unread items on the agent's pages. `data` holds ids and figures, never a phone number.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    kind            TEXT NOT NULL,          -- new_request, assigned, lease_expiring, lease_released, complaint, escalated
    request_id      TEXT REFERENCES requests(id),
    data            TEXT,                   -- JSON object
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    given_up        INTEGER NOT NULL DEFAULT 0,
    delivered_at    INTEGER,
    read_at         INTEGER
);
CREATE INDEX notifications_due ON notifications(delivered_at, given_up, next_attempt_at);
CREATE INDEX notifications_user ON notifications(user_id, read_at, id);

-- The kiosk-made token of the public progress page /s/TOKEN (26 Crockford base32 characters, 128 bits).
ALTER TABLE requests ADD COLUMN status_token TEXT;
CREATE UNIQUE INDEX requests_status_token ON requests(status_token) WHERE status_token IS NOT NULL;

ALTER TABLE service_records ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0;

-- Photos of a service visit, checked by content (JPEG or PNG, dimensions parsed) before storing.
CREATE TABLE service_photos (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests(id),
    agent_id    INTEGER NOT NULL REFERENCES users(id),
    record_id   INTEGER REFERENCES service_records(id),
    format      TEXT NOT NULL CHECK (format IN ('jpeg', 'png')),
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    data        BLOB NOT NULL,
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX service_photos_request ON service_photos(request_id);

-- 培训: a training session an agent held in a village.
CREATE TABLE training_sessions (
    id           INTEGER PRIMARY KEY,
    agent_id     INTEGER NOT NULL REFERENCES users(id),
    village_code TEXT NOT NULL REFERENCES regions(code),
    topic        TEXT NOT NULL,
    held_on      TEXT NOT NULL,             -- YYYY-MM-DD, Asia/Shanghai
    attendees    INTEGER NOT NULL CHECK (attendees >= 0),
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX training_sessions_agent ON training_sessions(agent_id, held_on);
)SQL"},
        {8, "feed indexes: waiting requests by village and crop or category, oldest first", R"SQL(
-- The agent's feed reads waiting requests one (village, expertise tag) at a time, oldest first,
-- and stops after the page is full (matching/feed.cpp); these replace requests_awaiting_pickup.
CREATE INDEX requests_awaiting_by_crop ON requests(village_code, crop, received_at)
    WHERE status IN ('received', 'offered', 'reopened');
CREATE INDEX requests_awaiting_by_category ON requests(village_code, category, received_at)
    WHERE status IN ('received', 'offered', 'reopened');
DROP INDEX requests_awaiting_pickup;
-- Requests an agent gave back stay out of their feed: a small index read once per feed.
CREATE INDEX request_events_declined ON request_events(agent_id, request_id) WHERE kind = 'declined';
)SQL"},
        {9, "agent types, team region and leader", R"SQL(
-- 个人 / 团队 / 法人 (DB33/T 1316—2023): each type is evaluated by its own scheme.
ALTER TABLE agent_profiles ADD COLUMN agent_type TEXT NOT NULL DEFAULT 'individual'
    CHECK (agent_type IN ('individual', 'team', 'organisation'));
ALTER TABLE teams ADD COLUMN region_code TEXT;
ALTER TABLE teams ADD COLUMN leader_id INTEGER REFERENCES users(id);
ALTER TABLE teams ADD COLUMN created_at INTEGER;  -- NULL for teams made before this migration
-- The scheduler's assignment round reads offered requests oldest first every quarter hour; without
-- this it scanned every request ever received (found by the demo's year of history).
CREATE INDEX requests_offered ON requests(received_at) WHERE status = 'offered';
-- Every offer and assignment round loads all agents with their ratings and recent pickups: read
-- from the indexes alone instead of visiting every feedback and event row.
CREATE INDEX feedback_agent_rating ON feedback(agent_id, rating);
CREATE INDEX request_events_pickups ON request_events(kind, server_at, agent_id);
)SQL"},
        {10, "evaluations: snapshots, objections, overrides, callbacks, complaint decisions", R"SQL(
-- 考核 snapshots (公示, then final) with what was frozen to recompute them: the scheme as it was,
-- the agents and teams and the watermarks of the input tables. result_json is the exact answer
-- served. A final evaluation is immutable.
CREATE TABLE evaluations (
    id              INTEGER PRIMARY KEY,
    region          TEXT NOT NULL,          -- region-code prefix
    from_date       TEXT NOT NULL,          -- YYYY-MM-DD, Asia/Shanghai, inclusive
    to_date         TEXT NOT NULL,
    scheme_id       TEXT NOT NULL,
    scheme_version  INTEGER NOT NULL,
    scheme_json     TEXT NOT NULL,          -- canonical JSON of the scheme used
    inputs_json     TEXT NOT NULL,          -- frozen agents, teams, watermarks and as_of
    status          TEXT NOT NULL CHECK (status IN ('draft', 'publicity', 'final')),
    publicity_until INTEGER NOT NULL,
    result_json     TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    published_at    INTEGER,
    finalized_at    INTEGER
);
CREATE INDEX evaluations_region ON evaluations(region, id);
CREATE TRIGGER evaluations_final_update BEFORE UPDATE ON evaluations WHEN OLD.status = 'final'
BEGIN SELECT RAISE(ABORT, 'a final evaluation is immutable'); END;
CREATE TRIGGER evaluations_final_delete BEFORE DELETE ON evaluations WHEN OLD.status = 'final'
BEGIN SELECT RAISE(ABORT, 'a final evaluation is immutable'); END;

-- 异议 during 公示, recorded by an administrator for the objector and decided with a reason.
CREATE TABLE evaluation_objections (
    id              INTEGER PRIMARY KEY,
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id),
    subject_kind    TEXT NOT NULL CHECK (subject_kind IN ('agent', 'team')),
    subject_id      INTEGER NOT NULL,
    text            TEXT NOT NULL,
    filed_by        INTEGER NOT NULL REFERENCES users(id),
    filed_at        INTEGER NOT NULL,
    decision        TEXT CHECK (decision IN ('accepted', 'rejected')),
    decision_reason TEXT,
    decided_by      INTEGER REFERENCES users(id),
    decided_at      INTEGER
);
CREATE INDEX evaluation_objections_evaluation ON evaluation_objections(evaluation_id, id);
CREATE TRIGGER evaluation_objections_final_insert BEFORE INSERT ON evaluation_objections
WHEN (SELECT status FROM evaluations WHERE id = NEW.evaluation_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'a final evaluation is immutable'); END;
CREATE TRIGGER evaluation_objections_final_update BEFORE UPDATE ON evaluation_objections
WHEN OLD.decision IS NOT NULL OR (SELECT status FROM evaluations WHERE id = OLD.evaluation_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'a decided objection or a final evaluation is immutable'); END;
CREATE TRIGGER evaluation_objections_delete BEFORE DELETE ON evaluation_objections
BEGIN SELECT RAISE(ABORT, 'evaluation_objections is append-only'); END;

-- Bands set by hand, with reason and actor: live (evaluation_id NULL, the draft) or on a stored
-- evaluation during 公示. Append-only; the latest per subject applies.
CREATE TABLE evaluation_overrides (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER REFERENCES evaluations(id),
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('agent', 'team')),
    subject_id    INTEGER NOT NULL,
    band          TEXT NOT NULL CHECK (band IN ('优秀', '良好', '合格', '不合格')),
    reason        TEXT NOT NULL CHECK (length(reason) > 0),
    actor_id      INTEGER NOT NULL REFERENCES users(id),
    at            INTEGER NOT NULL
);
CREATE INDEX evaluation_overrides_evaluation ON evaluation_overrides(evaluation_id, id);
CREATE TRIGGER evaluation_overrides_final_insert BEFORE INSERT ON evaluation_overrides
WHEN NEW.evaluation_id IS NOT NULL AND (SELECT status FROM evaluations WHERE id = NEW.evaluation_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'a final evaluation is immutable'); END;
CREATE TRIGGER evaluation_overrides_append_only_update BEFORE UPDATE ON evaluation_overrides
BEGIN SELECT RAISE(ABORT, 'evaluation_overrides is append-only'); END;
CREATE TRIGGER evaluation_overrides_append_only_delete BEFORE DELETE ON evaluation_overrides
BEGIN SELECT RAISE(ABORT, 'evaluation_overrides is append-only'); END;

-- 回访: an administrator's phone check of a self-reported fact (a visit = service_records.id, a
-- training = training_sessions.id, a request id). A sampled row has sampled_at and no result
-- until the check is recorded; a recorded result never changes.
CREATE TABLE callbacks (
    id           INTEGER PRIMARY KEY,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('visit', 'training', 'request')),
    subject_id   TEXT NOT NULL,
    agent_id     INTEGER REFERENCES users(id),
    village_code TEXT NOT NULL,
    subject_date TEXT NOT NULL,             -- YYYY-MM-DD of the visit, training or request
    result       TEXT CHECK (result IN ('confirmed', 'denied', 'unreachable')),
    note         TEXT,
    admin_id     INTEGER REFERENCES users(id),
    at           INTEGER,
    sampled_at   INTEGER,
    sampled_by   INTEGER REFERENCES users(id)
);
CREATE INDEX callbacks_subject ON callbacks(subject_kind, subject_id);
CREATE INDEX callbacks_village ON callbacks(village_code, subject_date);
CREATE TRIGGER callbacks_result_final BEFORE UPDATE ON callbacks WHEN OLD.result IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a recorded callback result is immutable'); END;
CREATE TRIGGER callbacks_append_only_delete BEFORE DELETE ON callbacks
BEGIN SELECT RAISE(ABORT, 'callbacks is append-only'); END;

-- Decisions on complaints (催办): not upheld ones are not deducted. The latest per event applies.
CREATE TABLE complaint_decisions (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES request_events(id),
    upheld   INTEGER NOT NULL CHECK (upheld IN (0, 1)),
    reason   TEXT NOT NULL,
    admin_id INTEGER NOT NULL REFERENCES users(id),
    at       INTEGER NOT NULL
);
CREATE INDEX complaint_decisions_event ON complaint_decisions(event_id, id);
CREATE TRIGGER complaint_decisions_append_only_update BEFORE UPDATE ON complaint_decisions
BEGIN SELECT RAISE(ABORT, 'complaint_decisions is append-only'); END;
CREATE TRIGGER complaint_decisions_append_only_delete BEFORE DELETE ON complaint_decisions
BEGIN SELECT RAISE(ABORT, 'complaint_decisions is append-only'); END;
)SQL"},
        {11, "administrator's pages: audit entries by region, open-request and time indexes", R"SQL(
-- The region an audited act concerned (a request's village, a notice's region), so an
-- administrator's 审计 page shows only entries inside their region. Rows written before this
-- migration have none: the page places them by their actor's home region (docs/admin-web.md).
ALTER TABLE audit_log ADD COLUMN region_code TEXT;
CREATE INDEX audit_log_region ON audit_log(region_code, id);
-- 总览: open requests of a region without reading its closed ones. The condition is the text of
-- open_status_sql_list(), which the queries repeat word for word so SQLite may use the index.
CREATE INDEX requests_open ON requests(village_code, status, received_at)
    WHERE status IN ('received','offered','claimed','contacted','visited','reopened');
-- Requests per week and the newest-first list: a time range, the village read from the index.
CREATE INDEX requests_received ON requests(received_at, village_code);
-- Find by 求助码 (a code is unique per kiosk, not across kiosks: the village range narrows it).
CREATE INDEX requests_code ON requests(code, village_code);
-- 科普 reach: a kiosk's reports of the last weeks without its whole history.
CREATE INDEX article_views_kiosk_period ON article_views(kiosk_id, period_start, article_id, views);

-- Weekly totals kept by triggers, so 总览 of a city reads a few hundred rows instead of a year of
-- requests and every kiosk's daily reports. week_start: Monday 00:00 Asia/Shanghai in UTC ms
-- (1970-01-01 was a Thursday); county: the first six digits of the village code.
CREATE TABLE request_weeks (
    county     TEXT NOT NULL,
    week_start INTEGER NOT NULL,
    received   INTEGER NOT NULL,
    PRIMARY KEY (county, week_start)
) WITHOUT ROWID;
INSERT INTO request_weeks(county, week_start, received)
    SELECT substr(village_code, 1, 6), ((((received_at) + 28800000) / 86400000 - (((received_at) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000), COUNT(*) FROM requests GROUP BY 1, 2;
CREATE TRIGGER requests_count_week AFTER INSERT ON requests
BEGIN
    INSERT INTO request_weeks(county, week_start, received)
    VALUES (substr(NEW.village_code, 1, 6), ((((NEW.received_at) + 28800000) / 86400000 - (((NEW.received_at) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000), 1)
    ON CONFLICT(county, week_start) DO UPDATE SET received = received + 1;
END;

CREATE TABLE article_view_weeks (
    county     TEXT NOT NULL,
    week_start INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (county, week_start, article_id)
) WITHOUT ROWID;
CREATE TABLE village_view_weeks (
    village_code TEXT NOT NULL,
    week_start   INTEGER NOT NULL,
    views        INTEGER NOT NULL,
    PRIMARY KEY (village_code, week_start)
) WITHOUT ROWID;
INSERT INTO article_view_weeks(county, week_start, article_id, views)
    SELECT substr(k.village_code, 1, 6), ((((a.period_start) + 28800000) / 86400000 - (((a.period_start) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000), a.article_id, SUM(a.views)
    FROM article_views a JOIN kiosks k ON k.id = a.kiosk_id GROUP BY 1, 2, 3;
INSERT INTO village_view_weeks(village_code, week_start, views)
    SELECT k.village_code, ((((a.period_start) + 28800000) / 86400000 - (((a.period_start) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000), SUM(a.views)
    FROM article_views a JOIN kiosks k ON k.id = a.kiosk_id GROUP BY 1, 2;
CREATE TRIGGER article_views_count_week AFTER INSERT ON article_views
BEGIN
    INSERT INTO article_view_weeks(county, week_start, article_id, views)
    SELECT substr(village_code, 1, 6), ((((NEW.period_start) + 28800000) / 86400000 - (((NEW.period_start) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000), NEW.article_id, NEW.views FROM kiosks WHERE id = NEW.kiosk_id
    ON CONFLICT(county, week_start, article_id) DO UPDATE SET views = views + excluded.views;
    INSERT INTO village_view_weeks(village_code, week_start, views)
    SELECT village_code, ((((NEW.period_start) + 28800000) / 86400000 - (((NEW.period_start) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000), NEW.views FROM kiosks WHERE id = NEW.kiosk_id
    ON CONFLICT(village_code, week_start) DO UPDATE SET views = views + excluded.views;
END;
-- 总览's "today": events per county, Asia/Shanghai day and kind, kept by a trigger on the log.
CREATE TABLE event_days (
    county    TEXT NOT NULL,
    day_start INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (county, day_start, kind)
) WITHOUT ROWID;
INSERT INTO event_days(county, day_start, kind, n)
    SELECT substr(r.village_code, 1, 6), (((e.server_at) + 28800000) / 86400000 * 86400000 - 28800000), e.kind, COUNT(*)
    FROM request_events e JOIN requests r ON r.id = e.request_id WHERE e.kind IN ('received','claimed','assigned','visited','resolved','partly_resolved','referred','cannot_resolve','confirmed') GROUP BY 1, 2, 3;
CREATE TRIGGER request_events_count_day AFTER INSERT ON request_events WHEN NEW.kind IN ('received','claimed','assigned','visited','resolved','partly_resolved','referred','cannot_resolve','confirmed')
BEGIN
    INSERT INTO event_days(county, day_start, kind, n)
    SELECT substr(village_code, 1, 6), (((NEW.server_at) + 28800000) / 86400000 * 86400000 - 28800000), NEW.kind, 1 FROM requests WHERE id = NEW.request_id
    ON CONFLICT(county, day_start, kind) DO UPDATE SET n = n + 1;
END;
-- 总览's overdue list: requests waiting for an agent, oldest change first, with their village.
CREATE INDEX requests_waiting_since ON requests(updated_at, village_code) WHERE status IN ('received','offered','reopened');
-- A usage.report naming an article twice adds to its row (sync_ops.cpp): count the difference.
CREATE TRIGGER article_views_count_week_update AFTER UPDATE OF views ON article_views
BEGIN
    UPDATE article_view_weeks SET views = views + NEW.views - OLD.views
    WHERE county = (SELECT substr(village_code, 1, 6) FROM kiosks WHERE id = NEW.kiosk_id)
      AND week_start = ((((NEW.period_start) + 28800000) / 86400000 - (((NEW.period_start) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000) AND article_id = NEW.article_id;
    UPDATE village_view_weeks SET views = views + NEW.views - OLD.views
    WHERE village_code = (SELECT village_code FROM kiosks WHERE id = NEW.kiosk_id)
      AND week_start = ((((NEW.period_start) + 28800000) / 86400000 - (((NEW.period_start) + 28800000) / 86400000 + 3) % 7) * 86400000 - 28800000);
END;
)SQL"},
        {12, "what kiosks report about themselves with a push", R"SQL(
-- The optional `client` object of a push (docs/api.md): shown on the administrators' 触摸屏 page.
ALTER TABLE kiosks ADD COLUMN app_version TEXT;
ALTER TABLE kiosks ADD COLUMN content_version INTEGER;
ALTER TABLE kiosks ADD COLUMN outbox_backlog INTEGER;
ALTER TABLE kiosks ADD COLUMN client_reported_at INTEGER;
-- An agent's own figures (特派员 list, agent pages) count their claims and outcomes: read from
-- this index alone instead of every event row of the agent (15 busy agents: 47 ms -> 5 ms).
CREATE INDEX request_events_agent_kind ON request_events(agent_id, kind, actor, request_id);
)SQL"},
    };
    return kMigrations;
}

}  // namespace

int latest_schema_version() {
    return migrations().back().version;
}

core::Result<int> migrate(Database& db) {
    try {
        db.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at INTEGER NOT NULL)");
        int current = db.raw().execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt();
        // A migration is applied when it is missing, even below the highest applied one: numbers
        // are reserved ahead, so a development database may have met a later one first.
        std::set<int> applied;
        {
            SQLite::Statement versions(db.raw(), "SELECT version FROM schema_migrations");
            while (versions.executeStep()) {
                applied.insert(versions.getColumn(0).getInt());
            }
        }
        if (current > latest_schema_version()) {
            return core::Error{"schema_too_new",
                               "database schema version " + std::to_string(current) +
                                   " is newer than this program knows (" + std::to_string(latest_schema_version()) +
                                   "); upgrade xiangke-backend",
                               ""};
        }
        for (const auto& m : migrations()) {
            if (applied.count(m.version) != 0) {
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
            current = std::max(current, m.version);
        }
        return current;
    } catch (const std::exception& e) {
        return core::Error{"migration_failed", e.what(), ""};
    }
}

}  // namespace xiangke::backend
