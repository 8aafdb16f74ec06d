#include "store/database.h"

#include <sqlite3.h>

#include <map>

namespace xiangke::backend {

// NOMUTEX: a connection is never used by two threads at once (readers are per thread, the writer
// belongs to the one leader of Store::write), so SQLite's own per-call locking is only overhead.
Database::Database(const std::string& path, Durability durability)
    : m_db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000) {
    m_db.exec("PRAGMA journal_mode=WAL");
    // FULL: an op acknowledged to a kiosk survives a power cut, not only a process crash.
    m_db.exec(durability == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    m_db.exec("PRAGMA foreign_keys=ON");
    m_db.exec("PRAGMA temp_store=MEMORY");
    // Reads through a shared memory map instead of a pread per page: every connection (one per
    // server thread) shares the OS page cache, and a feed that seeks a thousand index pages
    // costs no system calls (docs/performance.md "Matching").
    m_db.exec("PRAGMA mmap_size=268435456");
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

struct Store::PendingWrite {
    const std::function<void(Database&)>* work = nullptr;
    std::exception_ptr error;
    bool done = false;
};

void Store::run_grouped(const std::function<void(Database&)>& work) {
    PendingWrite pending{&work, nullptr, false};
    std::unique_lock lock(m_mutex);
    m_queue.push_back(&pending);
    while (!pending.done) {
        if (m_leader_active) {
            m_committed.wait(lock);
            continue;
        }
        // Lead: take everything queued so far and commit it as one transaction.
        m_leader_active = true;
        std::vector<PendingWrite*> group;
        group.swap(m_queue);
        lock.unlock();
        commit_group(group);
        lock.lock();
        for (auto* item : group) {
            item->done = true;
        }
        m_leader_active = false;
        m_committed.notify_all();
    }
    if (pending.error) {
        std::rethrow_exception(pending.error);
    }
}

void Store::commit_group(std::vector<PendingWrite*>& group) {
    auto fail_all = [&group](const std::exception_ptr& error) {
        for (auto* item : group) {
            item->error = error;
        }
    };
    try {
        if (!m_writer) {
            m_writer = std::make_unique<Database>(m_path, m_durability);
        }
        Database& db = *m_writer;
        SQLite::Transaction transaction(db.raw(), SQLite::TransactionBehavior::IMMEDIATE);
        for (auto* item : group) {
            db.exec("SAVEPOINT write_item");
            try {
                (*item->work)(db);
                db.exec("RELEASE write_item");
            } catch (...) {
                item->error = std::current_exception();
                if (sqlite3_get_autocommit(db.raw().getHandle()) != 0) {
                    // SQLite rolled the whole transaction back (disk full, I/O error): nothing
                    // of this group survives.
                    fail_all(item->error);
                    return;
                }
                db.exec("ROLLBACK TO write_item");
                db.exec("RELEASE write_item");
            }
        }
        transaction.commit();
    } catch (...) {
        fail_all(std::current_exception());
    }
}

}  // namespace xiangke::backend
