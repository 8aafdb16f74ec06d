#pragma once
// The kiosk's local SQLite database: installed content, its search index, aggregated article
// views (no personal data), and later the request outbox. One connection per thread; WAL;
// synchronous=FULL because village power cuts are common.
#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "xiangke/core/result.h"

namespace xiangke::kiosk {

class KioskDb;

// One use of a cached prepared statement: bind, step, read columns. Resets the statement when the
// use ends, so none is left half-read: a statement left on its row keeps a read snapshot open, and
// with it the WAL (later reads would miss new pulls; the WAL could not be checkpointed).
class Statement {
public:
    explicit Statement(SQLite::Statement& statement) : m_statement(statement) {}
    ~Statement() {
        try {
            m_statement.reset();
        } catch (...) {  // NOLINT(bugprone-empty-catch): destructors never throw
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    template <typename... Args>
    void bind(int index, Args&&... args) {
        m_statement.bind(index, std::forward<Args>(args)...);
    }
    // The next row; false when there is none.
    bool step() { return m_statement.executeStep(); }
    int exec() { return m_statement.exec(); }
    SQLite::Column column(int index) { return m_statement.getColumn(index); }
    bool is_null(int index) { return m_statement.isColumnNull(index); }

private:
    SQLite::Statement& m_statement;
};

// A write transaction (IMMEDIATE) that, once committed, also resets the connection's cached
// statements: one stepped inside the transaction and left half-read would otherwise keep a read
// snapshot open after COMMIT, and with it the WAL (it could neither be checkpointed nor emptied).
// Rolls back when destroyed uncommitted.
class WriteTransaction {
public:
    explicit WriteTransaction(KioskDb& db);
    void commit();

private:
    KioskDb& m_db;
    SQLite::Transaction m_transaction;
};

class KioskDb {
public:
    explicit KioskDb(const std::filesystem::path& path);
    SQLite::Database& raw() { return m_db; }
    // A cached prepared statement with its bindings cleared, reset when the use ends. Do not hold
    // two uses of the same SQL text at once.
    Statement prepare(const std::string& sql);
    // Begins a write transaction (IMMEDIATE: waits for the write lock up to the busy timeout).
    // Every cached statement is reset first: one left half-read holds an old read snapshot, and
    // SQLite refuses to turn a stale snapshot into a write at once ("database is locked") when
    // another connection (content, outbox, sync) has written since.
    WriteTransaction begin_write();
    // Resets every cached statement, ending any read snapshot a half-read one holds.
    void reset_statements();
    // Copies the WAL into the database file and empties it, so the frames of rows deleted since
    // (a full phone number in an acknowledged op) do not linger in kiosk.db-wal. False when
    // another connection's read kept the WAL busy: try again later.
    bool checkpoint_and_truncate_wal();

private:
    SQLite::Database m_db;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
};

// Creates or migrates the kiosk schema; returns the version reached.
core::Result<int> migrate_kiosk_db(KioskDb& db);

}  // namespace xiangke::kiosk
