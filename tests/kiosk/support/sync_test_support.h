#pragma once
// A real xiangke-backend with demo data on 127.0.0.1 and an enrolled kiosk data directory, for
// the sync, bundle and fault tests. Agents act through the real HTTP API.
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "services/kiosk_config.h"
#include "store/outbox_store.h"
#include "support/backend_process.h"

namespace xiangke::kiosk::testing {

inline constexpr const char* kDemoVillage = "330281106201";
inline constexpr const char* kDemoAgentPhone = "13905740101";  // 陈建国, 水稻 and pest_disease
inline constexpr const char* kDemoAgentName = "陈建国";
inline constexpr const char* kDemoPassword = "xiangke-demo-2026";

class DemoBackend {
public:
    DemoBackend();
    ~DemoBackend();

    const std::filesystem::path& dir() const { return m_dir.path(); }
    std::string db() const { return (m_dir.path() / "backend.db").string(); }
    std::string url() const { return m_server ? m_server->base_url() : m_last_url; }
    bool running() const { return m_server != nullptr; }
    void start();
    void stop();

    // Enrolls a kiosk into `data_dir` through the real `xiangke-kiosk enroll` command.
    KioskIdentity enroll_kiosk(const std::filesystem::path& data_dir);

    // An agent's session token (POST /api/v1/auth/login).
    std::string login(const std::string& phone = kDemoAgentPhone);
    // POST with a bearer token; returns the status and parsed body.
    std::pair<int, nlohmann::json> post(const std::string& path, const nlohmann::json& body, const std::string& token);
    std::pair<int, nlohmann::json> get(const std::string& path, const std::string& token);
    // Requests stored for a code at this backend (read straight from its database).
    int requests_with_code(const std::string& code);
    int request_count();

private:
    test::TempDir m_dir;
    std::unique_ptr<test::BackendProcess> m_server;
    std::string m_last_url;
};

// Pushes one op as the sync engine would but tells the store nothing, as when the answer is lost
// on the way (a cut connection); returns the HTTP status.
int push_without_the_store(const std::string& url, const std::string& token, const OutboxOp& op);

}  // namespace xiangke::kiosk::testing
