#pragma once
// The backend's one configuration file (TOML), parsed once into this struct. Every field has a
// default, so the server runs without a file; docs/operations.md lists the keys.
#include <cstdint>
#include <string>
#include <vector>

#include "xiangke/core/matching.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

// [matching]: scoring weights and the timers of the request lifecycle (docs/operations.md).
struct MatchingConfig {
    core::matching::ScoringConfig scoring;
    int64_t offer_sla_minutes = 240;      // unclaimed this long after the offer: optimal assignment
    int64_t lease_hours = 24;             // a claim not followed by `contacted` within this is released
    int64_t lease_warning_minutes = 120;  // the holder is warned this long before the lease ends
    int64_t escalation_hours = 48;        // nobody has contacted the farmer this long after the offer: county admin
    int notify_agents = 3;                // best eligible agents told about a new request
    int tick_seconds = 5;                 // how often the scheduler looks for due timers and new requests
    bool scheduler = true;                // false: this server offers, assigns, releases and escalates nothing
    int64_t clock_offset_minutes = 0;     // the scheduler's clock runs this far ahead (tests and drills only)
};

// [notify]: how notifications leave the server (notify/notifier.h, docs/operations.md).
struct NotifyConfig {
    std::string notifier = "log";  // log, webhook or none
    std::string webhook_url;       // webhook: http(s)://host[:port]/path
    int webhook_timeout_s = 5;
    int max_attempts = 8;            // then the notification is given up (still shown on the agent's pages)
    int64_t retry_base_ms = 30'000;  // first retry after this, doubling up to an hour
    int poll_interval_ms = 2'000;    // how often the notifier thread looks for due notifications
};

// [evaluation]: where more evaluation schemes (考核方案) are (docs/evaluation.md).
struct EvaluationConfig {
    std::string schemes_dir;  // *.json schemes added to (or replacing by id) the shipped data/evaluation/
};

struct Config {
    // [server]
    int threads = 32;  // handler threads: at least the expected keep-alive connections
    int read_timeout_s = 10;
    int write_timeout_s = 10;
    int keep_alive_max_count = 1000;
    int keep_alive_timeout_s = 5;
    size_t max_body_bytes = size_t{6} * 1024 * 1024;  // a 5 MB visit photo in a multipart form
    std::vector<std::string> trusted_proxies;         // addresses or IPv4 CIDR blocks whose X-Forwarded-For is believed
    std::string public_base_url = "http://127.0.0.1:8080";  // for QR links to /s/TOKEN; https makes cookies Secure
    std::string log_level = "info";
    std::string log_file;  // empty: structured log to stderr
    // [kiosk]
    int64_t enrollment_code_ttl_hours = 72;
    int64_t change_retention_days = 30;  // superseded pull changes older than this are pruned
    // [requests]
    int max_open_requests_per_phone = 3;
    // [auth]
    int64_t session_ttl_hours = 12;
    int max_failed_logins_per_account = 5;
    int64_t failed_login_window_minutes = 15;
    int max_login_attempts_per_address = 100;  // per minute
    int password_hash_concurrency = 2;         // Argon2id verifications at once (64 MiB each)
    MatchingConfig matching;
    NotifyConfig notify;
    EvaluationConfig evaluation;
};

core::Result<Config> load_config(const std::string& path);
core::Result<Config> parse_config(const std::string& toml_text, const std::string& source_name);

}  // namespace xiangke::backend
