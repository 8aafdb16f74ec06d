#pragma once
// People's sessions and logins. A session is a random token the client keeps (a bearer token for
// the API, an HttpOnly SameSite=Strict cookie for pages); only its SHA-256 is stored. Logins are
// limited per account and per client address, and every attempt is counted before the slow
// password check runs, so parallel guesses cannot slip past the limit.
#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/users.h"
#include "xiangke/core/result.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {

// A person who is logged in.
struct Person {
    int64_t user_id = 0;
    Role role = Role::Agent;
    std::string region_code;  // home region; an admin's scope prefix
    std::string name;
};

struct LoginPolicy {
    int max_failures_per_account = 5;
    int64_t failure_window_ms = 15 * core::kMinuteMs;
    int max_attempts_per_address = 100;
    int64_t address_window_ms = core::kMinuteMs;
    int64_t session_ttl_ms = 12 * core::kHourMs;
};

struct Session {
    std::string token;
    Person person;
    int64_t expires_at = 0;
};

// Verifies a password with Argon2id, at most `concurrency` at a time across the process (each
// verification takes 64 MiB).
void set_password_check_concurrency(int concurrency);

// Error codes: "invalid_field" (400: the phone is not a phone number), "too_many_attempts" (429),
// "invalid_credentials" (401; also for unknown and deactivated accounts, after the same work).
core::Result<Session> login(Store& store, const std::string& phone, const std::string& password,
                            const std::string& address, const LoginPolicy& policy, int64_t now_ms);

std::optional<Person> find_session(Database& db, const std::string& token, int64_t now_ms);
// Creates a session without a password check (for administrators' tools and tests).
Session create_session(Database& db, int64_t user_id, int64_t ttl_ms, int64_t now_ms);
void revoke_session(Database& db, const std::string& token, int64_t now_ms);
// Ends every session of one person (deactivation, a new password); returns how many were open.
int64_t revoke_user_sessions(Database& db, int64_t user_id, int64_t now_ms);
// Forgets expired sessions and login attempts older than `keep_ms`; returns rows removed.
int64_t purge_sessions_and_attempts(Database& db, int64_t now_ms, int64_t keep_ms);

}  // namespace xiangke::backend
