#include "store/sessions.h"

#include <condition_variable>
#include <mutex>

#include "crypto.h"
#include "store/audit.h"
#include "xiangke/core/phone.h"

namespace xiangke::backend {
namespace {

// Counts Argon2id verifications in flight; a burst of logins waits here instead of taking
// 64 MiB each at once.
class PasswordCheckGate {
public:
    void set_limit(int limit) {
        std::lock_guard lock(m_mutex);
        m_limit = limit;
        m_changed.notify_all();
    }
    bool verify(const std::string& hash, const std::string& password) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_running < m_limit; });
            ++m_running;
        }
        bool ok = crypto::verify_password(hash, password);
        {
            std::lock_guard lock(m_mutex);
            --m_running;
        }
        m_changed.notify_one();
        return ok;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_limit = 2;
    int m_running = 0;
};

PasswordCheckGate& gate() {
    static PasswordCheckGate instance;
    return instance;
}

// Unknown accounts are checked against this, so they cost as much time as known ones.
const std::string& decoy_hash() {
    static const std::string kHash = crypto::hash_password(crypto::new_token());
    return kHash;
}

struct Account {
    Person person;
    std::string password_hash;
    bool active = false;
};

std::optional<Account> find_account(Database& db, const std::string& phone_digits) {
    auto query = db.prepare("SELECT id, role, region_code, name, password_hash, active FROM users WHERE phone = ?");
    query.bind(1, phone_digits);
    if (!query.step()) {
        return std::nullopt;
    }
    Account account;
    account.person.user_id = query.column(0).getInt64();
    account.person.role = role_from_name(query.column(1).getString()).value_or(Role::Agent);
    account.person.region_code = query.column(2).getString();
    account.person.name = query.column(3).getString();
    account.password_hash = query.column(4).getString();
    account.active = query.column(5).getInt() != 0;
    return account;
}

int64_t count_since(Database& db, const std::string& sql, const std::string& key, int64_t since) {
    auto query = db.prepare(sql);
    query.bind(1, key);
    query.bind(2, since);
    query.step();
    return query.column(0).getInt64();
}

}  // namespace

void set_password_check_concurrency(int concurrency) {
    gate().set_limit(concurrency < 1 ? 1 : concurrency);
}

core::Result<Session> login(Store& store, const std::string& phone, const std::string& password,
                            const std::string& address, const LoginPolicy& policy, int64_t now_ms) {
    auto parsed = core::parse_phone(phone, "phone");
    if (!parsed.ok()) {
        return parsed.error();
    }
    const std::string account_hash = crypto::sha256_hex("login:" + parsed->digits);
    // Count first, then check: the attempt is on record (as a failure) before Argon2 runs.
    auto attempt = store.write([&](Database& db) -> core::Result<int64_t> {
        if (count_since(db, "SELECT COUNT(*) FROM login_attempts WHERE address = ? AND at > ?", address,
                        now_ms - policy.address_window_ms) >= policy.max_attempts_per_address) {
            return core::Error{"too_many_attempts", "too many login attempts from this address; wait a minute", ""};
        }
        if (count_since(db, "SELECT COUNT(*) FROM login_attempts WHERE account_hash = ? AND at > ? AND success = 0",
                        account_hash, now_ms - policy.failure_window_ms) >= policy.max_failures_per_account) {
            return core::Error{"too_many_attempts",
                               "too many failed logins for this account; wait " +
                                   std::to_string(policy.failure_window_ms / 60000) + " minutes",
                               "phone"};
        }
        auto insert = db.prepare("INSERT INTO login_attempts(at, account_hash, address, success) VALUES (?, ?, ?, 0)");
        insert.bind(1, now_ms);
        insert.bind(2, account_hash);
        insert.bind(3, address);
        insert.exec();
        return db.raw().getLastInsertRowid();
    });
    if (!attempt.ok()) {
        return attempt.error();
    }

    auto account = find_account(store.reader(), parsed->digits);
    bool ok = false;
    if (account && account->active && password.size() <= kMaxPasswordLength) {
        ok = gate().verify(account->password_hash, password);
    } else {
        gate().verify(decoy_hash(), password);  // same cost, so timing does not tell which accounts exist
    }
    if (!ok) {
        return core::Error{"invalid_credentials", "the phone number or the password is wrong", ""};
    }
    return store.write([&](Database& db) {
        auto mark = db.prepare("UPDATE login_attempts SET success = 1 WHERE id = ?");
        mark.bind(1, *attempt);
        mark.exec();
        Session session = create_session(db, account->person.user_id, policy.session_ttl_ms, now_ms);
        write_audit(db, {"user", std::to_string(session.person.user_id), "login", "session", "", address, nullptr},
                    now_ms);
        return session;
    });
}

Session create_session(Database& db, int64_t user_id, int64_t ttl_ms, int64_t now_ms) {
    Session session;
    session.token = crypto::new_token();
    session.expires_at = now_ms + ttl_ms;
    auto insert = db.prepare("INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, crypto::sha256_hex(session.token));
    insert.bind(2, user_id);
    insert.bind(3, now_ms);
    insert.bind(4, session.expires_at);
    insert.exec();
    auto person = find_session(db, session.token, now_ms);
    if (person) {
        session.person = *person;
    }
    return session;
}

std::optional<Person> find_session(Database& db, const std::string& token, int64_t now_ms) {
    if (token.empty() || token.size() > 256) {
        return std::nullopt;
    }
    auto query = db.prepare(
        "SELECT u.id, u.role, u.region_code, u.name FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.active = 1");
    query.bind(1, crypto::sha256_hex(token));
    query.bind(2, now_ms);
    if (!query.step()) {
        return std::nullopt;
    }
    Person person;
    person.user_id = query.column(0).getInt64();
    person.role = role_from_name(query.column(1).getString()).value_or(Role::Agent);
    person.region_code = query.column(2).getString();
    person.name = query.column(3).getString();
    return person;
}

void revoke_session(Database& db, const std::string& token, int64_t now_ms) {
    auto update = db.prepare("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");
    update.bind(1, now_ms);
    update.bind(2, crypto::sha256_hex(token));
    update.exec();
}

int64_t revoke_user_sessions(Database& db, int64_t user_id, int64_t now_ms) {
    auto update = db.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
    update.bind(1, now_ms);
    update.bind(2, user_id);
    return update.exec();
}

int64_t purge_sessions_and_attempts(Database& db, int64_t now_ms, int64_t keep_ms) {
    auto sessions = db.prepare("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?");
    sessions.bind(1, now_ms - keep_ms);
    sessions.bind(2, now_ms - keep_ms);
    int64_t removed = sessions.exec();
    auto attempts = db.prepare("DELETE FROM login_attempts WHERE at < ?");
    attempts.bind(1, now_ms - keep_ms);
    return removed + attempts.exec();
}

}  // namespace xiangke::backend
