// The configuration file: defaults that match CONTRACT.md, and precise errors.
#include "config.h"

#include <gtest/gtest.h>

using namespace xiangke::backend;

TEST(Config, DefaultsMatchTheContract) {
    auto config = parse_config("", "empty.toml");
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->max_failed_logins_per_account, 5);
    EXPECT_EQ(config->failed_login_window_minutes, 15);
    EXPECT_EQ(config->max_login_attempts_per_address, 100);
    EXPECT_EQ(config->max_open_requests_per_phone, 3);
    EXPECT_EQ(config->enrollment_code_ttl_hours, 72);
    EXPECT_TRUE(config->trusted_proxies.empty());
    EXPECT_GE(config->threads, 16);  // at least the keep-alive connections of the benchmark
}

TEST(Config, ReadsEveryKeyAndNamesTheBadOne) {
    auto config = parse_config(R"(
[server]
threads = 24
trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]
log_level = "warn"
log_file = "/var/log/xiangke/backend.log"
[kiosk]
change_retention_days = 60
[requests]
max_open_requests_per_phone = 2
[auth]
session_ttl_hours = 8
max_login_attempts_per_address = 50
)",
                               "backend.toml");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->threads, 24);
    EXPECT_EQ(config->trusted_proxies.size(), 2u);
    EXPECT_EQ(config->log_file, "/var/log/xiangke/backend.log");
    EXPECT_EQ(config->change_retention_days, 60);
    EXPECT_EQ(config->max_open_requests_per_phone, 2);
    EXPECT_EQ(config->session_ttl_hours, 8);
    EXPECT_EQ(config->max_login_attempts_per_address, 50);

    auto bad_proxy = parse_config("[server]\ntrusted_proxies = [\"nginx\"]\n", "b.toml");
    ASSERT_FALSE(bad_proxy.ok());
    EXPECT_NE(bad_proxy.error().message.find("trusted_proxies"), std::string::npos);
    auto bad_threads = parse_config("[server]\nthreads = 0\n", "b.toml");
    ASSERT_FALSE(bad_threads.ok());
    EXPECT_NE(bad_threads.error().message.find("server.threads"), std::string::npos);
    auto bad_level = parse_config("[server]\nlog_level = \"loud\"\n", "b.toml");
    EXPECT_FALSE(bad_level.ok());
    auto syntax = parse_config("[server\n", "b.toml");
    ASSERT_FALSE(syntax.ok());
    EXPECT_NE(syntax.error().message.find("b.toml:1"), std::string::npos);
}

TEST(Config, MatchingWeightsTimersAndTheirLimits) {
    auto defaults = parse_config("", "empty.toml");
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->matching.lease_hours, 24);
    EXPECT_EQ(defaults->matching.offer_sla_minutes, 240);
    EXPECT_EQ(defaults->matching.escalation_hours, 48);
    EXPECT_TRUE(defaults->matching.scheduler);
    EXPECT_DOUBLE_EQ(defaults->matching.scoring.weights.expertise, 3.0);

    auto config = parse_config(R"(
[matching]
offer_sla_minutes = 30
lease_hours = 12
lease_warning_minutes = 60
escalation_hours = 36
notify_agents = 5
tick_seconds = 2
scheduler = false
rating_prior_mean = 4.5
[matching.weights]
expertise = 5
distance = 0.5
)",
                               "backend.toml");
    ASSERT_TRUE(config.ok()) << config.error().message;
    const auto& m = config->matching;
    EXPECT_EQ(m.offer_sla_minutes, 30);
    EXPECT_EQ(m.lease_hours, 12);
    EXPECT_EQ(m.lease_warning_minutes, 60);
    EXPECT_EQ(m.escalation_hours, 36);
    EXPECT_EQ(m.notify_agents, 5);
    EXPECT_EQ(m.tick_seconds, 2);
    EXPECT_FALSE(m.scheduler);
    EXPECT_DOUBLE_EQ(m.scoring.rating_prior_mean, 4.5);
    EXPECT_DOUBLE_EQ(m.scoring.weights.expertise, 5.0);
    EXPECT_DOUBLE_EQ(m.scoring.weights.distance, 0.5);
    EXPECT_DOUBLE_EQ(m.scoring.weights.load, 1.5) << "unset weights keep their defaults";

    auto message = [](const std::string& toml) {
        auto bad = parse_config(toml, "backend.toml");
        return bad.ok() ? std::string("accepted") : bad.error().message;
    };
    EXPECT_NE(message("[matching]\nlease_hours = 0\n").find("matching.lease_hours"), std::string::npos);
    EXPECT_NE(message("[matching.weights]\nrating = -1\n").find("matching.weights.rating"), std::string::npos);
    EXPECT_NE(message("[matching]\nrating_prior_mean = 6\n").find("matching.rating_prior_mean"), std::string::npos);
    EXPECT_NE(message("[matching]\nscheduler = \"yes\"\n").find("matching.scheduler"), std::string::npos);
}
