#include "kiosk/support/sync_test_support.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>

#include <stdexcept>

#include "services/backend_client.h"

namespace xiangke::kiosk::testing {

DemoBackend::DemoBackend() {
    auto demo = test::run_command({test::backend_executable(), "demo", "--db", db()});
    if (demo.exit_code != 0) {
        throw std::runtime_error("backend demo failed: " + demo.err);
    }
    start();
}

DemoBackend::~DemoBackend() = default;

void DemoBackend::start() {
    if (!m_server) {
        m_server = std::make_unique<test::BackendProcess>(db());
        m_last_url = m_server->base_url();
    }
}

void DemoBackend::stop() {
    if (m_server) {
        m_server->stop();
        m_server.reset();
    }
}

KioskIdentity DemoBackend::enroll_kiosk(const std::filesystem::path& data_dir) {
    auto issued =
        test::run_command({test::backend_executable(), "kiosk", "issue-code", "--db", db(), "--village", kDemoVillage});
    std::string out = issued.out;
    while (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    std::string code = out.substr(out.rfind('\n') + 1);
    auto enrolled = test::run_command(
        {test::kiosk_executable(), "enroll", "--backend", url(), "--code", code, "--data-dir", data_dir.string()});
    if (enrolled.exit_code != 0) {
        throw std::runtime_error("kiosk enroll failed: " + enrolled.err);
    }
    return *load_identity(data_dir);
}

std::pair<int, nlohmann::json> DemoBackend::post(const std::string& path, const nlohmann::json& body,
                                                 const std::string& token) {
    httplib::Client client(url());
    httplib::Headers headers;
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    auto res = client.Post(path.c_str(), headers, body.dump(), "application/json");
    if (!res) {
        return {0, nullptr};
    }
    return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
}

std::pair<int, nlohmann::json> DemoBackend::get(const std::string& path, const std::string& token) {
    httplib::Client client(url());
    auto res = client.Get(path.c_str(), {{"Authorization", "Bearer " + token}});
    if (!res) {
        return {0, nullptr};
    }
    return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
}

std::string DemoBackend::login(const std::string& phone) {
    auto [status, body] = post("/api/v1/auth/login", {{"phone", phone}, {"password", kDemoPassword}}, "");
    if (status != 200) {
        throw std::runtime_error("login failed: " + std::to_string(status));
    }
    return body["token"].get<std::string>();
}

int DemoBackend::requests_with_code(const std::string& code) {
    SQLite::Database database(db(), SQLite::OPEN_READONLY);
    SQLite::Statement query(database, "SELECT COUNT(*) FROM requests WHERE code = ?");
    query.bind(1, code);
    query.executeStep();
    return query.getColumn(0).getInt();
}

int DemoBackend::request_count() {
    SQLite::Database database(db(), SQLite::OPEN_READONLY);
    return database.execAndGet("SELECT COUNT(*) FROM requests").getInt();
}

int push_without_the_store(const std::string& url, const std::string& token, const OutboxOp& op) {
    BackendClient client(url, token);
    core::protocol::PushRequest request;
    request.ops.push_back({op.op_id, op.type, op.created_at, op.payload});
    return client.push(request).status;
}

}  // namespace xiangke::kiosk::testing
