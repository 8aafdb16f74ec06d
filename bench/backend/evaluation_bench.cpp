// 考核 at province scale (figures, not asserts). Goals (issue 12): 2,000 agents over 1,000,000
// request events evaluated in at most 2 s from scratch and at most 200 ms when only the last
// day's events are new; the Excel export of 2,000 agents in at most 1 s.
//
// A generated province (11 cities × 8 counties × 20 villages), 2,000 agents (200 teams of 10), a
// year of requests each with its events (received, offered to three agents, claimed, contacted,
// a visit with its service record, resolved, and the farmer's confirmation with a rating for most)
// until the log holds 1,000,000 events, and 20,000 trainings. Rows are written directly with
// prepared statements in big transactions (a benchmark may); the evaluation then reads them
// through the real store and service (evaluation/evaluation_service.h) as the API does.
//
// Run: build/bench/backend/evaluation_bench [--events N] [--runs N] [--db PATH (kept)]
// Prints one line per measurement and a JSON summary as the last line.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "evaluation/evaluation_service.h"
#include "store/database.h"
#include "store/evaluation_inputs.h"
#include "xiangke/core/time.h"

using namespace xiangke;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;
constexpr int kCities = 11;
constexpr int kCountiesPerCity = 8;
constexpr int kVillagesPerCounty = 20;
constexpr int kAgents = 2000;
constexpr int kTeamSize = 10;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

struct Province {
    std::vector<std::string> counties;
    std::vector<std::vector<std::string>> villages;  // per county
    std::vector<std::string> kiosks;                 // one per county
    std::vector<std::vector<int64_t>> agents;        // per county
};

std::string county_code(int city, int county) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "33%02d%02d", city + 1, county + 1);
    return buf;
}

class Generator {
public:
    Generator(backend::Database& db, int64_t now_ms) : m_db(db), m_now(now_ms), m_rng(2026) {}

    void regions_people_kiosks() {
        auto region = m_db.prepare("INSERT INTO regions(code, name, level, parent_code) VALUES (?, ?, ?, ?)");
        auto add_region = [&](const std::string& code, const std::string& name, int level, const std::string& parent) {
            region.bind(1, code);
            region.bind(2, name);
            region.bind(3, level);
            if (parent.empty()) {
                region.bind(4);
            } else {
                region.bind(4, parent);
            }
            region.exec();
            region.reset();
        };
        add_region("33", "浙江省", 1, "");
        for (int c = 0; c < kCities; ++c) {
            std::string city = county_code(c, 0).substr(0, 4);
            add_region(city, "市" + std::to_string(c + 1), 2, "33");
            for (int k = 0; k < kCountiesPerCity; ++k) {
                std::string county = county_code(c, k);
                add_region(county, "县" + county, 3, city);
                std::string town = county + "100";
                add_region(town, "镇" + town, 4, county);
                p.counties.push_back(county);
                p.villages.emplace_back();
                for (int v = 0; v < kVillagesPerCounty; ++v) {
                    char code[16];
                    std::snprintf(code, sizeof code, "%s%03d", town.c_str(), 201 + v);
                    add_region(code, std::string("村") + code, 5, town);
                    p.villages.back().push_back(code);
                }
            }
        }
        auto kiosk = m_db.prepare(
            "INSERT INTO kiosks(id, village_code, device_name, token_hash, enrolled_at) VALUES (?, ?, 'bench', ?, 0)");
        for (size_t k = 0; k < p.counties.size(); ++k) {
            std::string id = "KIOSK" + std::to_string(k);
            kiosk.bind(1, id);
            kiosk.bind(2, p.villages[k][0]);
            kiosk.bind(3, "hash" + std::to_string(k));
            kiosk.exec();
            kiosk.reset();
            p.kiosks.push_back(id);
        }
        auto team = m_db.prepare("INSERT INTO teams(id, name, region_code) VALUES (?, ?, ?)");
        auto user = m_db.prepare(
            "INSERT INTO users(id, role, region_code, name, phone, password_hash, created_at) "
            "VALUES (?, 'agent', ?, ?, ?, 'x', 0)");
        auto profile = m_db.prepare("INSERT INTO agent_profiles(user_id, team_id, capacity) VALUES (?, ?, 5)");
        auto service = m_db.prepare("INSERT INTO agent_service_regions(user_id, prefix) VALUES (?, ?)");
        p.agents.resize(p.counties.size());
        for (int a = 0; a < kAgents; ++a) {
            const int64_t id = 100 + a;
            const size_t county = static_cast<size_t>(a) % p.counties.size();
            const int64_t team_id = 1 + a / kTeamSize;
            if (a % kTeamSize == 0) {
                team.bind(1, team_id);
                team.bind(2, "团队" + std::to_string(team_id));
                team.bind(3, p.counties[county]);
                team.exec();
                team.reset();
            }
            user.bind(1, id);
            user.bind(2, p.counties[county]);
            user.bind(3, "特派员" + std::to_string(a));
            user.bind(4, std::to_string(13900000000LL + a));
            user.exec();
            user.reset();
            profile.bind(1, id);
            profile.bind(2, team_id);
            profile.exec();
            profile.reset();
            service.bind(1, id);
            service.bind(2, p.counties[county]);
            service.exec();
            service.reset();
            p.agents[county].push_back(id);
        }
    }

    // Requests received between `from_ms` and `to_ms` until `events` more events are written.
    int64_t history(int64_t events, int64_t from_ms, int64_t to_ms) {
        auto request = m_db.prepare(
            "INSERT INTO requests(id, kiosk_id, code, village_code, category, crop, symptoms, description, "
            "farmer_name, farmer_phone, preferred_time, created_at, received_at, status, holder_id, updated_at) "
            "VALUES (?, ?, '1234567', ?, 'pest_disease', '水稻', '[]', '', '农户', ?, '', ?, ?, ?, ?, ?)");
        auto event = m_db.prepare(
            "INSERT INTO request_events(id, request_id, kind, actor, actor_id, agent_id, server_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        auto visit = m_db.prepare(
            "INSERT INTO service_records(request_id, agent_id, event_id, visit_date, method, summary, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, '查看', ?)");
        auto feedback = m_db.prepare(
            "INSERT INTO feedback(request_id, kiosk_id, outcome, rating, comment, kind, agent_id, event_id, "
            "created_at, received_at) VALUES (?, ?, 'solved', ?, '', 'confirmed', ?, ?, ?, ?)");
        std::uniform_int_distribution<int64_t> when(from_ms, to_ms - 1);
        std::uniform_int_distribution<int> pick(0, 1 << 30);
        int64_t written = 0;
        while (written < events) {
            const size_t county = static_cast<size_t>(pick(m_rng)) % p.counties.size();
            const auto& villages = p.villages[county];
            const auto& agents = p.agents[county];
            const std::string village = villages[static_cast<size_t>(pick(m_rng)) % villages.size()];
            const int64_t agent = agents[static_cast<size_t>(pick(m_rng)) % agents.size()];
            const int64_t received = when(m_rng);
            const std::string id = "REQ" + std::to_string(++m_request);
            const bool confirmed = pick(m_rng) % 10 < 7;
            const std::string phone = std::to_string(13800000000LL + pick(m_rng) % 50000);
            request.bind(1, id);
            request.bind(2, p.kiosks[county]);
            request.bind(3, village);
            request.bind(4, phone);
            request.bind(5, received);
            request.bind(6, received);
            request.bind(7, confirmed ? "confirmed" : "resolved");
            request.bind(8, agent);
            request.bind(9, received);
            request.exec();
            request.reset();
            int64_t at = received;
            auto add = [&](const char* kind, const char* actor, int64_t agent_id, int64_t delay_ms,
                           const std::string& data) {
                at += delay_ms;
                const int64_t event_id = ++m_event;
                event.bind(1, event_id);
                event.bind(2, id);
                event.bind(3, kind);
                event.bind(4, actor);
                event.bind(5, std::string(actor) == "kiosk" ? p.kiosks[county] : std::to_string(agent_id));
                if (agent_id != 0) {
                    event.bind(6, agent_id);
                } else {
                    event.bind(6);
                }
                event.bind(7, at);
                if (data.empty()) {
                    event.bind(8);
                } else {
                    event.bind(8, data);
                }
                event.exec();
                event.reset();
                ++written;
                return event_id;
            };
            add("received", "kiosk", 0, 0, "");
            const int64_t other1 = agents[static_cast<size_t>(pick(m_rng)) % agents.size()];
            const int64_t other2 = agents[static_cast<size_t>(pick(m_rng)) % agents.size()];
            add("offered", "system", 0, 60'000,
                "{\"agents\":[" + std::to_string(agent) + "," + std::to_string(other1) + "," + std::to_string(other2) +
                    "]}");
            add("claimed", "agent", agent, 20 * 60'000 + pick(m_rng) % (180 * 60'000), "");
            add("contacted", "agent", agent, 30 * 60'000 + pick(m_rng) % (600 * 60'000), "");
            const int64_t visit_event = add("visited", "agent", agent, 12 * 3'600'000, "{\"visit\":{}}");
            visit.bind(1, id);
            visit.bind(2, agent);
            visit.bind(3, visit_event);
            visit.bind(4, core::format_shanghai_date(at));
            visit.bind(5, pick(m_rng) % 4 == 0 ? "phone" : "onsite");
            visit.bind(6, at);
            visit.exec();
            visit.reset();
            add("resolved", "agent", agent, 3'600'000, "");
            if (confirmed) {
                const int64_t confirm_event = add("confirmed", "kiosk", agent, 2 * kDayMs, "");
                feedback.bind(1, id);
                feedback.bind(2, p.kiosks[county]);
                feedback.bind(3, 3 + pick(m_rng) % 3);
                feedback.bind(4, agent);
                feedback.bind(5, confirm_event);
                feedback.bind(6, at);
                feedback.bind(7, at);
                feedback.exec();
                feedback.reset();
            }
        }
        return written;
    }

    void trainings(int count, int64_t from_ms, int64_t to_ms) {
        auto insert = m_db.prepare(
            "INSERT INTO training_sessions(agent_id, village_code, topic, held_on, attendees, recorded_at) "
            "VALUES (?, ?, '水稻病虫害防治', ?, ?, ?)");
        std::uniform_int_distribution<int64_t> when(from_ms, to_ms - 1);
        for (int i = 0; i < count; ++i) {
            const size_t county = static_cast<size_t>(i) % p.counties.size();
            const int64_t at = when(m_rng);
            insert.bind(1, p.agents[county][static_cast<size_t>(i / 88) % p.agents[county].size()]);
            insert.bind(2, p.villages[county][static_cast<size_t>(i) % kVillagesPerCounty]);
            insert.bind(3, core::format_shanghai_date(at));
            insert.bind(4, 10 + i % 40);
            insert.bind(5, at);
            insert.exec();
            insert.reset();
        }
    }

    Province p;

private:
    backend::Database& m_db;
    int64_t m_now;
    std::mt19937 m_rng;
    int64_t m_request = 0;
    int64_t m_event = 0;
};

template <typename Body>
void in_transaction(backend::Database& db, Body&& body) {
    db.exec("BEGIN");
    body();
    db.exec("COMMIT");
}

}  // namespace

int main(int argc, char** argv) {
    int64_t total_events = 1'000'000;
    int runs = 5;
    std::string kept_db;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--events") {
            total_events = std::stoll(argv[i + 1]);
        } else if (flag == "--runs") {
            runs = std::stoi(argv[i + 1]);
        } else if (flag == "--db") {
            kept_db = argv[i + 1];
        }
    }
    const int64_t now = core::system_now_ms();
    const int64_t year_start = now - 365 * kDayMs;
    const int64_t day_start = now - kDayMs;
    const std::string to_date = core::format_shanghai_date(now);
    const std::string from_date = core::format_shanghai_date(year_start + kDayMs);

    fs::path dir = fs::temp_directory_path() / ("xiangke-evaluation-bench-" + std::to_string(::getpid()));
    if (kept_db.empty()) {
        fs::create_directories(dir);
    }
    const std::string db_path = kept_db.empty() ? (dir / "province.db").string() : kept_db;
    fs::remove(db_path);
    backend::Database db(db_path);
    if (!backend::migrate(db).ok()) {
        std::fprintf(stderr, "migration failed\n");
        return 1;
    }
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec("PRAGMA synchronous=OFF");

    // A year of history minus the last day, then one day of new events per incremental run.
    const int64_t per_day = total_events / 365;
    auto start = Clock::now();
    Generator gen(db, now);
    int64_t written = 0;
    in_transaction(db, [&] {
        gen.regions_people_kiosks();
        gen.trainings(20'000, year_start, day_start);
    });
    const int64_t chunk = 100'000;
    while (written < total_events - per_day) {
        in_transaction(db, [&] {
            written += gen.history(std::min(chunk, total_events - per_day - written), year_start, day_start);
        });
    }
    in_transaction(db, [&] { written += gen.history(per_day, day_start, now); });
    std::printf("generated %lld events, %d agents in %.1f s (%s)\n", static_cast<long long>(written), kAgents,
                ms_since(start) / 1000.0, db_path.c_str());

    backend::evaluation::AdminActor actor{1, "33", "省科技厅", "127.0.0.1"};
    backend::evaluation::EvaluationQuery query{"33", from_date, to_date, "default"};
    auto schemes = backend::evaluation::SchemeRegistry::load_default("");
    if (!schemes) {
        std::fprintf(stderr, "%s\n", schemes.error().message.c_str());
        return 1;
    }
    backend::Store store(db_path);

    // From scratch: a new service (empty cache) each run.
    std::vector<double> scratch;
    nlohmann::json answer;
    for (int r = 0; r < runs; ++r) {
        backend::evaluation::EvaluationService service(store, *schemes);
        auto t = Clock::now();
        auto live = service.live(actor, query, core::system_now_ms());
        scratch.push_back(ms_since(t));
        if (!live) {
            std::fprintf(stderr, "%s\n", live.error().message.c_str());
            return 1;
        }
        if (r == 0) {
            // The tree only for the exports below (the answer itself is written as text).
            auto t_tree = Clock::now();
            answer = live->json();
            std::printf("the JSON answer: %zu bytes; its tree for exports %.0f ms\n", live->text.size(),
                        ms_since(t_tree));
        }
        std::printf("from scratch run %d: %.0f ms (%zu agents, %zu teams)\n", r + 1, scratch.back(),
                    live->result.agents.size(), live->result.teams.size());
    }

    // Incremental: a warm service; before each run one more day of events is written.
    std::vector<double> incremental;
    std::vector<double> engine_only;
    {
        backend::evaluation::EvaluationService service(store, *schemes);
        (void)service.live(actor, query, core::system_now_ms());
        for (int r = 0; r < runs; ++r) {
            int64_t added = 0;
            in_transaction(db, [&] { added = gen.history(per_day, day_start, now); });
            auto t = Clock::now();
            auto live = service.live(actor, query, core::system_now_ms());
            incremental.push_back(ms_since(t));
            std::printf("incremental run %d (+%lld events): %.0f ms\n", r + 1, static_cast<long long>(added),
                        incremental.back());
        }
        // Where the time of an incremental evaluation goes, step by step as live() does it.
        {
            backend::EvaluationInputCache cache;
            core::evaluation::EvaluationInput base;
            base.period = *core::evaluation::make_period(from_date, to_date);
            base.as_of = now;
            auto people = cache.read_agents(store.reader(), "33");
            base.agents = people.agents;
            base.teams = people.teams;
            const auto& scheme = *schemes->find("default");
            (void)cache.with_live_input(store.reader(), base, [&](const auto& in) { return in.events.size(); });
            std::vector<double> agents_ms, input_ms, engine_ms, json_ms, dump_ms, text_ms;
            for (int r = 0; r < runs; ++r) {
                in_transaction(db, [&] { gen.history(per_day, day_start, now); });
                auto t = Clock::now();
                auto again = cache.read_agents(store.reader(), "33");
                agents_ms.push_back(ms_since(t));
                t = Clock::now();
                (void)cache.with_live_input(store.reader(), base, [&](const auto& in) { return in.events.size(); });
                input_ms.push_back(ms_since(t));
                t = Clock::now();
                auto result =
                    cache.with_live_input(store.reader(), base, [&](const core::evaluation::EvaluationInput& in) {
                        return core::evaluation::evaluate(in, scheme);
                    });
                engine_ms.push_back(ms_since(t));
                t = Clock::now();
                auto json = core::evaluation::result_json(result, scheme, core::evaluation::JsonOptions{20});
                json_ms.push_back(ms_since(t));
                t = Clock::now();
                auto text = json.dump();
                dump_ms.push_back(ms_since(t));
                t = Clock::now();
                auto answer_text = core::evaluation::result_json_text(result, scheme, core::evaluation::JsonOptions{20},
                                                                      std::string("33"), true);
                text_ms.push_back(ms_since(t));
            }
            std::printf(
                "incremental breakdown (medians): agents %.0f ms, input extended by a day %.0f ms, engine %.0f ms, "
                "result_json (20 evidence) %.0f ms, dump %.0f ms; the text writer instead (what live() does) %.0f ms\n",
                median(agents_ms), median(input_ms), median(engine_ms), median(json_ms), median(dump_ms),
                median(text_ms));
        }
        // Where the time goes: the engine alone on a prepared input.
        backend::EvaluationInputCache cache;
        core::evaluation::EvaluationInput input;
        input.period = *core::evaluation::make_period(from_date, to_date);
        input.as_of = now;
        auto people = cache.read_agents(store.reader(), "33");
        input.agents = people.agents;
        input.teams = people.teams;
        auto t_fill = Clock::now();
        cache.fill(store.reader(), input);
        std::printf("input cache from scratch (read_agents excluded): %.0f ms\n", ms_since(t_fill));
        {
            core::evaluation::EvaluationInput again;
            again.period = input.period;
            again.agents = input.agents;
            auto t_warm = Clock::now();
            cache.fill(store.reader(), again);
            std::printf("input cache warm (no new rows): %.0f ms\n", ms_since(t_warm));
        }
        std::vector<double> json_only;
        for (int r = 0; r < runs; ++r) {
            auto t = Clock::now();
            auto result = core::evaluation::evaluate(input, *schemes->find("default"));
            engine_only.push_back(ms_since(t));
            t = Clock::now();
            auto json = core::evaluation::result_json(result, *schemes->find("default"));
            json_only.push_back(ms_since(t));
        }
        std::printf("engine alone: %.0f ms median, result_json %.0f ms (%zu events in the input)\n",
                    median(engine_only), median(json_only), input.events.size());
    }

    std::vector<double> xlsx;
    std::vector<double> csv;
    size_t xlsx_bytes = 0;
    for (int r = 0; r < runs; ++r) {
        auto t = Clock::now();
        auto file = backend::evaluation::export_evaluation(answer, "xlsx");
        xlsx.push_back(ms_since(t));
        xlsx_bytes = file ? file->bytes.size() : 0;
        t = Clock::now();
        auto text = backend::evaluation::export_evaluation(answer, "csv");
        csv.push_back(ms_since(t));
    }
    std::printf("xlsx export of %zu agents: %.0f ms median (%zu bytes); csv %.0f ms\n", answer["agents"].size(),
                median(xlsx), xlsx_bytes, median(csv));

    nlohmann::json summary = {{"events", written},
                              {"agents", answer["agents"].size()},
                              {"scratch_ms_median", median(scratch)},
                              {"incremental_ms_median", median(incremental)},
                              {"engine_ms_median", median(engine_only)},
                              {"xlsx_ms_median", median(xlsx)},
                              {"csv_ms_median", median(csv)},
                              {"runs", runs}};
    std::printf("%s\n", summary.dump().c_str());
    if (kept_db.empty()) {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    return 0;
}
