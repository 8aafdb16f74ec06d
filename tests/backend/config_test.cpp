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
