#include "config.h"

#include <toml++/toml.h>

#include <cstdlib>

#include "http/client_address.h"
#include "xiangke/platform/files.h"

namespace xiangke::backend {
namespace {

template <typename T>
bool read_int(const toml::table& table, const char* section, const char* key, T& out, int64_t min, int64_t max,
              std::string& problem) {
    auto node = table[section][key];
    if (!node) {
        return true;
    }
    auto value = node.value<int64_t>();
    if (!value || *value < min || *value > max) {
        problem = std::string(section) + "." + key + " must be an integer between " + std::to_string(min) + " and " +
                  std::to_string(max);
        return false;
    }
    out = static_cast<T>(*value);
    return true;
}

bool read_double(const toml::node_view<const toml::node>& node, const std::string& name, double& out, double min,
                 double max, std::string& problem) {
    if (!node) {
        return true;
    }
    auto value = node.value<double>();  // integers convert
    if (!value || *value < min || *value > max) {
        problem = name + " must be a number between " + std::to_string(min) + " and " + std::to_string(max);
        return false;
    }
    out = *value;
    return true;
}

// [matching] and [matching.weights] (docs/operations.md).
bool read_matching(const toml::table& table, MatchingConfig& m, std::string& problem) {
    const toml::node_view<const toml::node> section = table["matching"];
    const auto weights = section["weights"];
    auto& w = m.scoring.weights;
    bool ok = read_double(weights["expertise"], "matching.weights.expertise", w.expertise, 0, 100, problem) &&
              read_double(weights["proximity"], "matching.weights.proximity", w.proximity, 0, 100, problem) &&
              read_double(weights["distance"], "matching.weights.distance", w.distance, 0, 100, problem) &&
              read_double(weights["load"], "matching.weights.load", w.load, 0, 100, problem) &&
              read_double(weights["rating"], "matching.weights.rating", w.rating, 0, 100, problem) &&
              read_double(weights["spread"], "matching.weights.spread", w.spread, 0, 100, problem) &&
              read_double(section["rating_prior_mean"], "matching.rating_prior_mean", m.scoring.rating_prior_mean, 1,
                          5, problem) &&
              read_double(section["rating_prior_count"], "matching.rating_prior_count", m.scoring.rating_prior_count,
                          0, 1000, problem) &&
              read_double(section["distance_scale_km"], "matching.distance_scale_km", m.scoring.distance_scale_km, 0.1,
                          1000, problem) &&
              read_double(section["spread_scale"], "matching.spread_scale", m.scoring.spread_scale, 0.1, 1000,
                          problem) &&
              read_int(table, "matching", "offer_sla_minutes", m.offer_sla_minutes, 1, 7 * 24 * 60, problem) &&
              read_int(table, "matching", "lease_hours", m.lease_hours, 1, 30 * 24, problem) &&
              read_int(table, "matching", "lease_warning_minutes", m.lease_warning_minutes, 0, 24 * 60, problem) &&
              read_int(table, "matching", "escalation_hours", m.escalation_hours, 1, 90 * 24, problem) &&
              read_int(table, "matching", "notify_agents", m.notify_agents, 0, 50, problem) &&
              read_int(table, "matching", "tick_seconds", m.tick_seconds, 1, 3600, problem) &&
              read_int(table, "matching", "clock_offset_minutes", m.clock_offset_minutes, -10'000'000, 10'000'000,
                       problem);
    if (!ok) {
        return false;
    }
    if (auto scheduler = section["scheduler"]; scheduler) {
        if (!scheduler.is_boolean()) {
            problem = "matching.scheduler must be true or false";
            return false;
        }
        m.scheduler = scheduler.value_or(true);
    }
    // A shifted clock would fire leases and escalations at the wrong time in production.
    const char* test_run = std::getenv("XIANGKE_TEST");
    if (m.clock_offset_minutes != 0 && (test_run == nullptr || std::string(test_run) != "1")) {
        problem = "matching.clock_offset_minutes is for tests only (XIANGKE_TEST=1)";
        return false;
    }
    return true;
}

// [notify] (docs/operations.md).
bool read_notify(const toml::table& table, NotifyConfig& n, std::string& problem) {
    bool ok = read_int(table, "notify", "webhook_timeout_s", n.webhook_timeout_s, 1, 120, problem) &&
              read_int(table, "notify", "max_attempts", n.max_attempts, 1, 100, problem) &&
              read_int(table, "notify", "retry_base_ms", n.retry_base_ms, 10, 24 * 3'600'000, problem) &&
              read_int(table, "notify", "poll_interval_ms", n.poll_interval_ms, 10, 600'000, problem);
    if (!ok) {
        return false;
    }
    n.notifier = table["notify"]["notifier"].value_or(n.notifier);
    n.webhook_url = table["notify"]["webhook_url"].value_or(n.webhook_url);
    if (n.notifier != "log" && n.notifier != "webhook" && n.notifier != "none") {
        problem = "notify.notifier must be log, webhook or none";
        return false;
    }
    if (n.notifier == "webhook" && n.webhook_url.rfind("http://", 0) != 0 && n.webhook_url.rfind("https://", 0) != 0) {
        problem = "notify.webhook_url must be an http:// or https:// URL when notify.notifier is webhook";
        return false;
    }
    return true;
}

}  // namespace

core::Result<Config> parse_config(const std::string& toml_text, const std::string& source_name) {
    toml::table table;
    try {
        table = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& e) {
        return core::Error{
            "bad_config",
            source_name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()), ""};
    }
    Config c;
    std::string problem;
    bool ok =
        read_int(table, "server", "threads", c.threads, 2, 1024, problem) &&
        read_int(table, "server", "read_timeout_s", c.read_timeout_s, 1, 600, problem) &&
        read_int(table, "server", "write_timeout_s", c.write_timeout_s, 1, 600, problem) &&
        read_int(table, "server", "keep_alive_max_count", c.keep_alive_max_count, 1, 1'000'000, problem) &&
        read_int(table, "server", "keep_alive_timeout_s", c.keep_alive_timeout_s, 1, 600, problem) &&
        read_int(table, "server", "max_body_bytes", c.max_body_bytes, 1024, 64 * 1024 * 1024, problem) &&
        read_int(table, "kiosk", "enrollment_code_ttl_hours", c.enrollment_code_ttl_hours, 1, 24 * 365, problem) &&
        read_int(table, "requests", "max_open_requests_per_phone", c.max_open_requests_per_phone, 1, 1000, problem) &&
        read_int(table, "kiosk", "change_retention_days", c.change_retention_days, 1, 3650, problem) &&
        read_int(table, "auth", "session_ttl_hours", c.session_ttl_hours, 1, 24 * 90, problem) &&
        read_int(table, "auth", "max_failed_logins_per_account", c.max_failed_logins_per_account, 1, 1000, problem) &&
        read_int(table, "auth", "failed_login_window_minutes", c.failed_login_window_minutes, 1, 24 * 60, problem) &&
        read_int(table, "auth", "max_login_attempts_per_address", c.max_login_attempts_per_address, 1, 100'000,
                 problem) &&
        read_int(table, "auth", "password_hash_concurrency", c.password_hash_concurrency, 1, 64, problem);
    if (!ok || !read_matching(table, c.matching, problem)) {
        return core::Error{"bad_config", source_name + ": " + problem, ""};
    }
    if (auto proxies = table["server"]["trusted_proxies"].as_array()) {
        for (const auto& item : *proxies) {
            auto text = item.value<std::string>();
            if (!text) {
                return core::Error{"bad_config", source_name + ": server.trusted_proxies must list strings", ""};
            }
            c.trusted_proxies.push_back(*text);
        }
    }
    c.public_base_url = table["server"]["public_base_url"].value_or(c.public_base_url);
    c.log_level = table["server"]["log_level"].value_or(c.log_level);
    c.log_file = table["server"]["log_file"].value_or(c.log_file);
    if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" && c.log_level != "error") {
        return core::Error{"bad_config", source_name + ": server.log_level must be debug, info, warn or error", ""};
    }
    if (!read_notify(table, c.notify, problem)) {
        return core::Error{"bad_config", source_name + ": " + problem, ""};
    }
    c.evaluation.schemes_dir = table["evaluation"]["schemes_dir"].value_or(c.evaluation.schemes_dir);
    for (const auto& proxy : c.trusted_proxies) {
        if (!is_valid_proxy_spec(proxy)) {
            return core::Error{
                "bad_config",
                source_name + ": server.trusted_proxies: '" + proxy + "' is not an IP address or IPv4 CIDR block", ""};
        }
    }
    return c;
}

core::Result<Config> load_config(const std::string& path) {
    if (path.empty()) {
        return Config{};
    }
    auto text = platform::read_file(path);
    if (!text.ok()) {
        return core::Error{"bad_config", text.error().message, ""};
    }
    return parse_config(*text, path);
}

}  // namespace xiangke::backend
