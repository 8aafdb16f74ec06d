#include "store/database.h"

#include <map>

namespace xiangke::backend {

Database::Database(const std::string& path)
    : m_db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX, 5000) {
    m_db.exec("PRAGMA journal_mode=WAL");
    // FULL: an op acknowledged to a kiosk survives a power cut, not only a process crash.
    m_db.exec("PRAGMA synchronous=FULL");
    m_db.exec("PRAGMA foreign_keys=ON");
    m_db.exec("PRAGMA temp_store=MEMORY");
}

Statement Database::prepare(const std::string& sql) {
    auto& slot = m_statements[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(m_db, sql);
    } else {
        slot->reset();
        slot->clearBindings();
    }
    return Statement(*slot);
}

Database& Store::reader() {
    thread_local std::map<std::string, std::unique_ptr<Database>> connections;
    auto& slot = connections[m_path];
    if (!slot) {
        slot = std::make_unique<Database>(m_path);
    }
    return *slot;
}

Database& Store::writer_locked() {
    if (!m_writer) {
        m_writer = std::make_unique<Database>(m_path);
    }
    return *m_writer;
}

}  // namespace xiangke::backend
