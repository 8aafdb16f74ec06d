#include "backend_fixture.h"

#include <unistd.h>

#include <fstream>

#include "store/database.h"
#include "store/kiosks.h"
#include "store/regions.h"
#include "store/sessions.h"
#include "store/users.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/random.h"

namespace xiangke::test {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Bump when the seed below changes; the schema version is part of the cache key too.
constexpr int kSeedVersion = 1;

struct SeedPerson {
    backend::Role role;
    const char* name;
    const char* phone;
    const char* region;
    std::vector<std::string> service_regions;
};

const std::vector<SeedPerson>& seed_people() {
    static const std::vector<SeedPerson> kPeople = {
        {backend::Role::Agent, "陈建国", kAgentA, "330281", {"330281"}},
        {backend::Role::Agent, "王秀英", kAgentB, "330281", {"330281"}},
        {backend::Role::Agent, "李明华", kAgentC, "330282", {"330282"}},
        {backend::Role::CountyAdmin, "余姚市科技局", kCountyAdminA, "330281", {}},
        {backend::Role::CountyAdmin, "慈溪市科技局", kCountyAdminB, "330282", {}},
        {backend::Role::CityAdmin, "宁波市科技局", kCityAdmin, "3302", {}},
    };
    return kPeople;
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

void build_seed(const fs::path& target) {
    fs::path work = target.parent_path() / ("build-" + std::to_string(::getpid()));
    fs::create_directories(work);
    const fs::path db_file = work / "seed.db";
    {
        backend::Database db(db_file.string());
        if (!backend::migrate(db).ok()) {
            throw std::runtime_error("seed: migration failed");
        }
        std::string yuyao = std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/";
        // A second county (慈溪市), real codes, one town and one village, for out-of-scope checks.
        write_text(work / "areas.csv", "code,name,cityCode,provinceCode\n330282,\"慈溪市\",3302,33\n");
        write_text(work / "streets.csv",
                   "code,name,areaCode,provinceCode,cityCode\n330282002,\"宗汉街道\",330282,33,3302\n");
        write_text(work / "villages.csv",
                   "code,name,streetCode,provinceCode,cityCode,areaCode\n"
                   "330282002002,\"曙光社区\",330282002,33,3302,330282\n");
        auto imported = backend::import_region_files(
            db, {yuyao + "provinces.csv", yuyao + "cities.csv", yuyao + "areas.csv", yuyao + "streets.csv",
                 yuyao + "villages.csv", (work / "areas.csv").string(), (work / "streets.csv").string(),
                 (work / "villages.csv").string()});
        if (!imported.ok()) {
            throw std::runtime_error("seed: " + imported.error().message);
        }
        for (const auto& p : seed_people()) {
            backend::NewUser user{
                p.role, p.region, p.name, p.phone, kPassword, {"planting", "pest_disease"}, p.service_regions, 5, ""};
            auto added = backend::add_user(db, user, core::system_now_ms());
            if (!added.ok()) {
                throw std::runtime_error("seed: " + added.error().message);
            }
        }
        db.exec("PRAGMA journal_mode=DELETE");  // one self-contained file to copy
    }
    fs::rename(db_file, target);  // atomic: a parallel test process sees the whole file or none
    fs::remove_all(work);
}

int g_server_count = 0;

}  // namespace

fs::path test_log_dir() {
    fs::path dir = fs::path(XIANGKE_BINARY_DIR) / "test-logs" / "backend";
    fs::create_directories(dir);
    return dir;
}

std::string seeded_database(const fs::path& dir) {
    fs::path cache = fs::path(XIANGKE_BINARY_DIR) / "test-cache";
    fs::create_directories(cache);
    fs::path seed = cache / ("backend-seed-v" + std::to_string(kSeedVersion) + "-schema" +
                             std::to_string(backend::latest_schema_version()) + ".db");
    if (!fs::exists(seed)) {
        build_seed(seed);
    }
    fs::path target = dir / "backend.db";
    fs::copy_file(seed, target, fs::copy_options::overwrite_existing);
    return target.string();
}

void BackendTest::SetUp() {
    db_path = seeded_database(dir.path());
    start_server();
}

void BackendTest::TearDown() {
    stop_server();
}

void BackendTest::start_server(const std::string& config_toml) {
    stop_server();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name() + "." + std::to_string(::getpid()) +
                       "." + std::to_string(++g_server_count) + ".log";
    log_path = test_log_dir() / name;
    std::vector<std::string> args = {"--log-file", log_path.string()};
    // The matching scheduler would offer requests on its own clock while a test looks at their
    // status: it runs only in tests that configure [matching] (the matching tests).
    std::string toml = config_toml;
    if (toml.find("[matching]") == std::string::npos) {
        toml += "\n[matching]\nscheduler = false\n";
    }
    fs::path config = dir.path() / "backend.toml";
    write_text(config, toml);
    args.push_back("--config");
    args.push_back(config.string());
    server = std::make_unique<BackendProcess>(db_path, args);
    http = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    http->set_read_timeout(30, 0);
}

void BackendTest::stop_server() {
    http.reset();
    server.reset();
}

std::string BackendTest::server_log() const {
    std::ifstream in(log_path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

int64_t BackendTest::user_id(const std::string& phone) {
    backend::Database db(db_path);
    auto query = db.prepare("SELECT id FROM users WHERE phone = ?");
    query.bind(1, phone);
    if (!query.step()) {
        throw std::runtime_error("no seeded user with this phone");
    }
    return query.column(0).getInt64();
}

std::string BackendTest::session_token(const std::string& phone) {
    int64_t id = user_id(phone);
    backend::Database db(db_path);
    return backend::with_write_transaction(
        db, [&] { return backend::create_session(db, id, core::kHourMs, core::system_now_ms()).token; });
}

Kiosk BackendTest::enroll(const std::string& village) {
    std::string code;
    {
        backend::Database db(db_path);
        auto issued = backend::issue_enrollment_code(db, village, core::system_now_ms(), core::kHourMs);
        if (!issued.ok()) {
            throw std::runtime_error(issued.error().message);
        }
        code = issued->code;
    }
    auto res = post_json("/api/v1/kiosks/enroll",
                         {{"enrollment_code", code}, {"device_name", "测试机"}, {"protocol_version", 1}});
    if (!res || res->status != 201) {
        throw std::runtime_error("enrollment failed");
    }
    auto body = json::parse(res->body);
    return {body["kiosk_id"], body["token"], village};
}

httplib::Result BackendTest::push(const Kiosk& kiosk, const json& ops, int protocol_version) {
    json body = {{"protocol_version", protocol_version}, {"ops", ops}};
    return http->Post("/api/v1/sync/push", bearer(kiosk.token), body.dump(), "application/json");
}

json BackendTest::push_ok(const Kiosk& kiosk, const json& ops) {
    auto res = push(kiosk, ops);
    if (!res) {
        ADD_FAILURE() << "push: no answer";
        return json::array();
    }
    EXPECT_EQ(res->status, 200) << res->body;
    auto body = json::parse(res->body, nullptr, false);
    return body.is_object() && body.contains("results") ? body["results"] : json::array();
}

httplib::Result BackendTest::pull(const Kiosk& kiosk, int64_t cursor, int64_t limit) {
    return http->Get("/api/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=" + std::to_string(limit),
                     bearer(kiosk.token));
}

json BackendTest::pull_all(const Kiosk& kiosk, int64_t cursor) {
    json changes = json::array();
    for (int page = 0; page < 1000; ++page) {
        auto res = pull(kiosk, cursor, 500);
        if (!res || res->status != 200) {
            ADD_FAILURE() << "pull failed: " << (res ? res->body : "no answer");
            break;
        }
        auto body = json::parse(res->body);
        for (auto& c : body["changes"]) {
            changes.push_back(c);
        }
        cursor = body["next_cursor"];
        if (!body["has_more"].get<bool>()) {
            break;
        }
    }
    return changes;
}

std::string BackendTest::new_id() {
    return platform::new_ulid();
}

json BackendTest::op(const std::string& type, const json& payload) {
    return {{"op_id", new_id()}, {"type", type}, {"created_at", 1'790'000'000'000}, {"payload", payload}};
}

json BackendTest::create_payload(const std::string& request_id, const std::string& village, const std::string& phone) {
    return {{"request_id", request_id},      {"code", "4827193"},       {"village_code", village},
            {"category", "pest_disease"},    {"crop", "水稻"},          {"symptoms", {"叶上梭形病斑"}},
            {"description", "叶子上很多斑"}, {"farmer_name", "王大伯"}, {"farmer_phone", phone},
            {"preferred_time", "上午"}};
}

std::string BackendTest::create_request(const Kiosk& kiosk, const std::string& phone) {
    std::string id = new_id();
    auto results = push_ok(kiosk, json::array({op("request.create", create_payload(id, kiosk.village, phone))}));
    EXPECT_EQ(results.size(), 1u);
    if (!results.empty()) {
        EXPECT_EQ(results[0]["status"], "applied") << results.dump();
    }
    return id;
}

httplib::Result BackendTest::post_json(const std::string& path, const json& body, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) {
        headers = bearer(token);
    }
    return http->Post(path.c_str(), headers, body.dump(), "application/json");
}

httplib::Result BackendTest::get(const std::string& path, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) {
        headers = bearer(token);
    }
    return http->Get(path.c_str(), headers);
}

}  // namespace xiangke::test
