#pragma once
// SQLite access for the backend.
//
// Connection model (docs/architecture.md, "Backend"): httplib runs handlers on a thread pool and a
// SQLite connection must not be shared between threads without a lock. Reads use one connection
// per thread (Store::reader), so they run in parallel under WAL and never wait for a writer.
// Writes go through one writer connection that only one thread uses at a time (Store::write):
// SQLite admits one writer at a time anyway, a queue hands the connection over at once where
// competing connections would sleep and retry in SQLite's busy handler, and writes that queue up
// during a commit share the next commit's fsync. Commands run from the shell (a second process)
// still meet the server's writer through busy_timeout.
#include <SQLiteCpp/SQLiteCpp.h>

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::backend {

// One use of a cached prepared statement. Its destructor resets the statement, which ends the
// read snapshot a half-stepped SELECT holds (a snapshot left open would stall WAL checkpoints).
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
    // Binds an optional value, NULL when empty.
    template <typename T>
    void bind_optional(int index, const std::optional<T>& value) {
        if (value) {
            m_statement.bind(index, *value);
        } else {
            m_statement.bind(index);
        }
    }
    // The next row; false when there is none.
    bool step() { return m_statement.executeStep(); }
    int exec() { return m_statement.exec(); }
    SQLite::Column column(int index) { return m_statement.getColumn(index); }
    bool is_null(int index) { return m_statement.isColumnNull(index); }
    // Ends this use early (the destructor would do the same).
    void reset() { m_statement.reset(); }

private:
    SQLite::Statement& m_statement;
};

// When a commit reaches the disk. Full: before the commit returns (the server: an op acknowledged
// to a kiosk survives a power cut). Deferred: at the next WAL checkpoint; a power cut may lose the
// last commits but never corrupts the file (bulk loaders that can simply be run again).
enum class Durability { Full, Deferred };

class Database {
public:
    explicit Database(const std::string& path, Durability durability = Durability::Full);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    SQLite::Database& raw() { return m_db; }
    // A cached prepared statement with its bindings cleared. Do not hold two uses of the same SQL
    // text at once.
    Statement prepare(const std::string& sql);
    void exec(const std::string& sql) { m_db.exec(sql); }

private:
    SQLite::Database m_db;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
};

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it throws. Writers take the write
// lock up front, so two transactions never deadlock upgrading a read lock.
template <typename Body>
auto with_write_transaction(Database& db, Body&& body) {
    SQLite::Transaction transaction(db.raw(), SQLite::TransactionBehavior::IMMEDIATE);
    if constexpr (std::is_void_v<decltype(body())>) {
        body();
        transaction.commit();
    } else {
        auto result = body();
        transaction.commit();
        return result;
    }
}

class Store {
public:
    explicit Store(std::string path, Durability durability = Durability::Full)
        : m_path(std::move(path)), m_durability(durability) {}
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::string& path() const { return m_path; }
    // This thread's connection (opened on first use). For reads; a write made here would compete
    // with the writer connection through busy_timeout.
    Database& reader();
    // Runs body(Database&) on the writer connection and returns once its work is committed
    // (synchronous=FULL: on disk). Writers that arrive while a commit is in progress are applied
    // together in the next transaction, each in its own savepoint, and share one fsync (group
    // commit). A body that throws is rolled back alone and its exception rethrown here. A body
    // must not call write() itself (it would wait for its own group) nor open a transaction.
    template <typename Body>
    auto write(Body&& body) {
        using R = decltype(body(std::declval<Database&>()));
        if constexpr (std::is_void_v<R>) {
            run_grouped([&](Database& db) { body(db); });
        } else {
            std::optional<R> result;
            run_grouped([&](Database& db) { result.emplace(body(db)); });
            return std::move(*result);
        }
    }

private:
    struct PendingWrite;
    void run_grouped(const std::function<void(Database&)>& work);
    void commit_group(std::vector<PendingWrite*>& group);

    std::string m_path;
    Durability m_durability;
    std::mutex m_mutex;  // guards the queue and the leader flag
    std::condition_variable m_committed;
    std::vector<PendingWrite*> m_queue;
    bool m_leader_active = false;
    std::unique_ptr<Database> m_writer;  // used only by the current leader
};

// Applies the numbered migrations that are missing; returns the schema version reached.
core::Result<int> migrate(Database& db);
int latest_schema_version();

}  // namespace xiangke::backend
