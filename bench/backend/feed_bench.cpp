// The agent's feed with 100,000 requests in the database (figures, not asserts; goal: p95 at most
// 30 ms of server time). One county (余姚市, 326 villages) holds them all, the worst case for one
// agent: 95% are closed and 5% (5,000) wait for an agent. 200 agents serve the whole county or
// one township, with two or three expertise tags. Reports the time of agent_feed() itself and of
// GET /api/v1/agent/feed through the real HTTP server on 127.0.0.1 (keep-alive), p50/p95/p99.
// A second workload is the harsh case: all 100,000 requests waiting, in one village.
//
// Run: build/bench/backend/matching_feed_bench [--benchmark_min_time=...]
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "http/server.h"
#include "matching/feed.h"
#include "store/database.h"
#include "store/regions.h"
#include "store/sessions.h"
#include "xiangke/core/time.h"

using namespace xiangke;
namespace fs = std::filesystem;

namespace {

constexpr int kRequests = 100'000;
constexpr int kAgents = 200;

// Spread: 5% of the requests wait, across the county's 326 villages. Crowded: every request waits,
// all in one village served by both agents.
enum class Workload { Spread, Crowded };

struct Fixture {
    fs::path dir;
    std::string db_path;
    int64_t county_agent = 0;    // serves the whole county: the largest feed
    int64_t township_agent = 0;  // serves one township
    std::string token;           // county agent's session
};

const std::vector<std::string> kCategories = {"planting", "pest_disease", "livestock", "machinery"};
const std::vector<std::string> kCrops = {"水稻", "小麦", "茶树", "杨梅", "番茄", "生猪", "鸡", ""};

Fixture build_fixture(Workload workload) {
    const double awaiting_share = workload == Workload::Spread ? 0.05 : 1.0;
    Fixture f;
    f.dir = fs::temp_directory_path() / ("xiangke-feed-bench-" + std::to_string(::getpid()) +
                                         (workload == Workload::Spread ? "-spread" : "-crowded"));
    fs::create_directories(f.dir);
    f.db_path = (f.dir / "bench.db").string();
    backend::Database db(f.db_path);
    if (!backend::migrate(db).ok()) {
        throw std::runtime_error("migration failed");
    }
    const std::string yuyao = std::string(XIANGKE_SOURCE_DIR) + "/data/regions/yuyao/";
    auto imported =
        backend::import_region_files(db, {yuyao + "provinces.csv", yuyao + "cities.csv", yuyao + "areas.csv",
                                          yuyao + "streets.csv", yuyao + "villages.csv"});
    if (!imported.ok()) {
        throw std::runtime_error(imported.error().message);
    }
    std::vector<std::string> villages;
    std::vector<std::string> townships;
    {
        auto q = db.prepare("SELECT code FROM regions WHERE level = 5 ORDER BY code");
        while (q.step()) {
            villages.push_back(q.column(0).getString());
        }
        auto t = db.prepare("SELECT code FROM regions WHERE level = 4 ORDER BY code");
        while (t.step()) {
            townships.push_back(t.column(0).getString());
        }
    }
    std::mt19937 rng(11);
    std::string crowded_village;  // in the township agent's township: both agents serve it
    const int64_t now = core::system_now_ms();
    backend::with_write_transaction(db, [&] {
        db.exec(
            "INSERT INTO kiosks(id, village_code, device_name, token_hash, enrolled_at) VALUES "
            "('01JBENCHKIOSK0000000000000', '" +
            villages[0] + "', 'bench', 'x', 0)");
        for (int i = 0; i < kAgents; ++i) {
            auto user = db.prepare(
                "INSERT INTO users(role, region_code, name, phone, password_hash, created_at) "
                "VALUES ('agent', ?, ?, ?, 'x', 0)");
            const bool whole_county = i % 4 != 0;
            const std::string& township = townships[rng() % townships.size()];
            user.bind(1, township);
            user.bind(2, "专家" + std::to_string(i));
            user.bind(3, "1390000" + std::to_string(1000 + i));
            user.exec();
            const int64_t id = db.raw().getLastInsertRowid();
            if (i == 1) {
                f.county_agent = id;
            }
            if (i == 4) {
                f.township_agent = id;
                crowded_village = *std::find_if(villages.begin(), villages.end(), [&](const std::string& v) {
                    return v.compare(0, township.size(), township) == 0;
                });
            }
            db.exec("INSERT INTO agent_profiles(user_id, capacity) VALUES (" + std::to_string(id) + ", 8)");
            for (const auto& tag : {kCategories[rng() % 2], kCategories[2 + rng() % 2], kCrops[rng() % 7]}) {
                db.exec("INSERT OR IGNORE INTO agent_expertise VALUES (" + std::to_string(id) + ", '" + tag + "')");
            }
            db.exec("INSERT INTO agent_service_regions VALUES (" + std::to_string(id) + ", '" +
                    (whole_county ? std::string("330281") : township) + "')");
        }
        auto request = db.prepare(
            "INSERT INTO requests(id, kiosk_id, code, village_code, category, crop, symptoms, description, "
            "farmer_name, farmer_phone, preferred_time, created_at, received_at, status, holder_id, updated_at) "
            "VALUES (?, '01JBENCHKIOSK0000000000000', ?, ?, ?, ?, '[]', '叶子发黄', '王大伯', ?, '上午', ?, ?, ?, "
            "?, ?)");
        auto event = db.prepare(
            "INSERT INTO request_events(request_id, kind, actor, agent_id, server_at) VALUES (?, ?, ?, ?, ?)");
        auto feedback = db.prepare(
            "INSERT INTO feedback(request_id, kiosk_id, outcome, rating, comment, kind, agent_id, event_id, "
            "created_at, received_at) VALUES (?, '01JBENCHKIOSK0000000000000', 'solved', ?, '', 'confirmed', ?, "
            "?, ?, ?)");
        for (int i = 0; i < kRequests; ++i) {
            char id[32];
            std::snprintf(id, sizeof id, "01JBENCH%018d", i);
            const int64_t at = now - static_cast<int64_t>(rng() % (365LL * 24 * 3600)) * 1000;
            const bool awaiting = std::uniform_real_distribution<double>(0, 1)(rng) < awaiting_share;
            const int64_t holder = 1 + static_cast<int64_t>(rng() % kAgents);
            request.reset();
            request.bind(1, id);
            request.bind(2, std::to_string(1000000 + i));
            const std::string& village = villages[rng() % villages.size()];
            request.bind(3, workload == Workload::Crowded ? crowded_village : village);
            request.bind(4, kCategories[rng() % kCategories.size()]);
            request.bind(5, kCrops[rng() % kCrops.size()]);
            request.bind(6, "138" + std::to_string(10000000 + i));
            request.bind(7, at);
            request.bind(8, at);
            request.bind(9, awaiting ? (i % 2 == 0 ? "received" : "offered") : "confirmed");
            if (awaiting) {
                request.bind(10);
            } else {
                request.bind(10, holder);
            }
            request.bind(11, at);
            request.exec();
            event.reset();
            event.bind(1, id);
            event.bind(2, "received");
            event.bind(3, "kiosk");
            event.bind(4);
            event.bind(5, at);
            event.exec();
            if (!awaiting) {
                event.reset();
                event.bind(1, id);
                event.bind(2, "claimed");
                event.bind(3, "agent");
                event.bind(4, holder);
                event.bind(5, at + 3'600'000);
                event.exec();
                const int64_t claim_event = db.raw().getLastInsertRowid();
                feedback.reset();
                feedback.bind(1, id);
                feedback.bind(2, static_cast<int>(3 + rng() % 3));
                feedback.bind(3, holder);
                feedback.bind(4, claim_event);
                feedback.bind(5, at);
                feedback.bind(6, at);
                feedback.exec();
            }
        }
        f.token = backend::create_session(db, f.county_agent, 24 * core::kHourMs, now).token;
    });
    db.exec("ANALYZE");
    return f;
}

Fixture& fixture(Workload workload) {
    static Fixture spread = build_fixture(Workload::Spread);
    if (workload == Workload::Spread) {
        return spread;
    }
    static Fixture crowded = build_fixture(Workload::Crowded);
    return crowded;
}

void report_percentiles(benchmark::State& state, std::vector<double>& ms) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))]; };
    state.counters["p50_ms"] = at(0.50);
    state.counters["p95_ms"] = at(0.95);
    state.counters["p99_ms"] = at(0.99);
}

void BM_AgentFeedFunction(benchmark::State& state) {
    Fixture& f = fixture(state.range(1) == 0 ? Workload::Spread : Workload::Crowded);
    backend::Database db(f.db_path);
    backend::MatchingConfig config;
    const int64_t agent = state.range(0) == 0 ? f.county_agent : f.township_agent;
    std::vector<double> ms;
    size_t items = 0;
    for (auto _ : state) {
        auto started = std::chrono::steady_clock::now();
        auto feed = backend::agent_feed(db, agent, core::system_now_ms(), config, 50);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        items = feed.size();
        benchmark::DoNotOptimize(feed);
    }
    report_percentiles(state, ms);
    state.counters["items"] = static_cast<double>(items);
}

void BM_AgentFeedHttp(benchmark::State& state) {
    Fixture& f = fixture(state.range(0) == 0 ? Workload::Spread : Workload::Crowded);
    backend::Config config;
    config.log_level = "error";
    config.matching.scheduler = false;
    backend::BackendContext context(config, f.db_path);
    backend::HttpServer server(context);
    auto port = server.bind("127.0.0.1", 0);
    if (!port.ok()) {
        state.SkipWithError("cannot bind");
        return;
    }
    std::thread serving([&] { server.run(); });
    httplib::Client client("127.0.0.1", *port);
    client.set_keep_alive(true);
    const httplib::Headers headers = {{"Authorization", "Bearer " + f.token}};
    std::vector<double> ms;
    for (auto _ : state) {
        auto started = std::chrono::steady_clock::now();
        auto res = client.Get("/api/v1/agent/feed", headers);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        if (!res || res->status != 200) {
            state.SkipWithError("feed request failed");
            break;
        }
    }
    server.stop();
    serving.join();
    report_percentiles(state, ms);
}

}  // namespace

// Arguments: (county agent 0 | township agent 1, spread 0 | crowded 1).
BENCHMARK(BM_AgentFeedFunction)
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond);
// Argument: spread 0 | crowded 1 (the county agent's session).
BENCHMARK(BM_AgentFeedHttp)->Arg(0)->Arg(1)->Iterations(300)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
