#pragma once
// SQLite access for the backend. httplib runs handlers on a thread pool, and a SQLite connection
// must not be shared between threads, so every thread gets its own connection to the file
// (Store::connection), each with a cache of prepared statements. WAL lets readers run beside the
// one writer; writers wait on busy_timeout instead of failing.
#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "xiangke/core/result.h"

namespace xiangke::backend {

class Database {
public:
    explicit Database(const std::string& path);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    SQLite::Database& raw() { return m_db; }
    // A cached prepared statement, reset and with bindings cleared. Do not hold two uses of the
    // same SQL text at once.
    SQLite::Statement& prepare(const std::string& sql);
    void exec(const std::string& sql) { m_db.exec(sql); }

private:
    SQLite::Database m_db;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
};

class Store {
public:
    explicit Store(std::string path) : m_path(std::move(path)) {}
    const std::string& path() const { return m_path; }
    // This thread's connection to the database (opened on first use).
    Database& connection();

private:
    std::string m_path;
};

// Applies the numbered migrations that are missing; returns the schema version reached.
core::Result<int> migrate(Database& db);
int latest_schema_version();

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

}  // namespace xiangke::backend
