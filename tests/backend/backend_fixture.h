#pragma once
// Shared setup for the backend's integration tests: a seeded database (two counties of Ningbo,
// agents and admins with known passwords), the real server on an ephemeral 127.0.0.1 port writing
// its log under test-logs/ (the log scan reads them all at the end of the run), enrolled kiosks,
// sessions, and builders for push ops.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "support/backend_process.h"

namespace xiangke::test {

inline constexpr const char* kPassword = "test-password-1";
inline constexpr const char* kVillageA = "330281106201";   // 余姚市 渚山村委会
inline constexpr const char* kVillageA2 = "330281001001";  // 余姚市 花园社区
inline constexpr const char* kVillageB = "330282002002";   // 慈溪市 曙光社区

// People in the seeded database (login phone numbers).
inline constexpr const char* kAgentA = "13905740101";        // serves 330281
inline constexpr const char* kAgentB = "13905740102";        // serves 330281
inline constexpr const char* kAgentC = "13905740201";        // serves 330282
inline constexpr const char* kCountyAdminA = "13805740001";  // 330281
inline constexpr const char* kCountyAdminB = "13805740003";  // 330282
inline constexpr const char* kCityAdmin = "13805740002";     // 3302

// Where every server started by these tests writes its structured log (created when missing).
std::filesystem::path test_log_dir();

// Copies the seeded template (built once per build tree and cached) to `dir`/backend.db.
std::string seeded_database(const std::filesystem::path& dir);

struct Kiosk {
    std::string id;
    std::string token;
    std::string village;
};

class BackendTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // (Re)starts the server, with a TOML config when given.
    void start_server(const std::string& config_toml = "");
    void stop_server();
    // What the running (or last) server wrote to its log file.
    std::string server_log() const;

    // The user id of a seeded person.
    int64_t user_id(const std::string& phone);
    // A session made directly in the database (no Argon2 round trip).
    std::string session_token(const std::string& phone);
    Kiosk enroll(const std::string& village = kVillageA);

    httplib::Headers bearer(const std::string& token) const { return {{"Authorization", "Bearer " + token}}; }
    httplib::Result push(const Kiosk& kiosk, const nlohmann::json& ops, int protocol_version = 1);
    // Pushes and expects 200; returns the results array.
    nlohmann::json push_ok(const Kiosk& kiosk, const nlohmann::json& ops);
    httplib::Result pull(const Kiosk& kiosk, int64_t cursor, int64_t limit = 100);
    // Pulls everything after `cursor` (following has_more) and returns the changes.
    nlohmann::json pull_all(const Kiosk& kiosk, int64_t cursor = 0);

    static std::string new_id();
    static nlohmann::json op(const std::string& type, const nlohmann::json& payload);
    static nlohmann::json create_payload(const std::string& request_id, const std::string& village,
                                         const std::string& phone = "13812345678");
    // Pushes one request.create and returns its request id.
    std::string create_request(const Kiosk& kiosk, const std::string& phone = "13812345678");
    httplib::Result post_json(const std::string& path, const nlohmann::json& body, const std::string& token = "");
    httplib::Result get(const std::string& path, const std::string& token = "");

    TempDir dir;
    std::string db_path;
    std::unique_ptr<BackendProcess> server;
    std::unique_ptr<httplib::Client> http;
    std::filesystem::path log_path;
};

}  // namespace xiangke::test
