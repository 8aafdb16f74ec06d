// Optimal assignment at province scale: 10,000 open requests, 2,000 agents. Agents serve a whole
// county or one township, with expertise in two of three categories plus a few crops, so a request
// has about 10-30 eligible agents. Reports the time to find the eligible pairs and score them, the
// time to solve, and the problem's shape. Figures, not asserts (docs/performance.md, "Matching").
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "xiangke/core/assignment.h"
#include "xiangke/core/matching.h"

using namespace xiangke::core::matching;

namespace {

constexpr int kCounties = 40;
constexpr int kTownshipsPerCounty = 10;
constexpr int kVillagesPerTownship = 20;

const std::vector<std::string> kCategories = {"planting", "pest_disease", "livestock"};
const std::vector<std::string> kCrops = {"水稻", "小麦", "茶树", "柑橘", "杨梅", "番茄", "生猪", "鸡"};

std::string digits(int value, int width) {
    std::string text = std::to_string(value);
    return std::string(static_cast<size_t>(width) - text.size(), '0') + text;
}
std::string county_code(int county) {
    return "33" + digits(1 + county / 10, 2) + digits(1 + county % 10, 2);
}
std::string township_code(int county, int township) {
    return county_code(county) + digits(1 + township, 3);
}
std::string village_code(int county, int township, int village) {
    return township_code(county, township) + digits(201 + village, 3);
}

struct Province {
    std::vector<AgentProfile> agents;
    std::vector<RequestProfile> requests;
};

Province make_province(size_t requests, size_t agents, uint32_t seed) {
    std::mt19937 rng(seed);
    Province p;
    for (size_t i = 0; i < agents; ++i) {
        AgentProfile a;
        a.id = static_cast<int64_t>(i + 1);
        int county = static_cast<int>(rng() % kCounties);
        int township = static_cast<int>(rng() % kTownshipsPerCounty);
        bool whole_county = rng() % 100 < 80;
        a.service_prefixes = {whole_county ? county_code(county) : township_code(county, township)};
        a.home_region = township_code(county, township);
        size_t skip = rng() % kCategories.size();
        for (size_t c = 0; c < kCategories.size(); ++c) {
            if (c != skip) {
                a.expertise.push_back(kCategories[c]);
            }
        }
        a.expertise.push_back(kCrops[rng() % kCrops.size()]);
        a.capacity = 3 + static_cast<int>(rng() % 6);
        a.held = static_cast<int>(rng() % static_cast<uint32_t>(a.capacity));
        a.ratings_count = static_cast<int>(rng() % 40);
        a.ratings_sum = a.ratings_count * (3.0 + (rng() % 200) / 100.0);
        a.recent_pickups = static_cast<int>(rng() % 15);
        p.agents.push_back(std::move(a));
    }
    for (size_t i = 0; i < requests; ++i) {
        int county = static_cast<int>(rng() % kCounties);
        int township = static_cast<int>(rng() % kTownshipsPerCounty);
        int village = static_cast<int>(rng() % kVillagesPerTownship);
        p.requests.push_back({"R" + std::to_string(i), village_code(county, township, village),
                              kCategories[rng() % kCategories.size()], kCrops[rng() % kCrops.size()], std::nullopt});
    }
    return p;
}

AssignmentProblem build_problem(const Province& p, const ScoringConfig& config) {
    AssignmentProblem problem;
    for (const auto& a : p.agents) {
        problem.agent_capacity.push_back(std::max(0, a.capacity - a.held));
    }
    AgentIndex index(p.agents);
    problem.candidates.resize(p.requests.size());
    for (size_t r = 0; r < p.requests.size(); ++r) {
        for (size_t a : index.serving(p.requests[r].village_code)) {
            if (check_eligibility(p.agents[a], p.requests[r], 0) == Ineligibility::None) {
                problem.candidates[r].push_back({a, score(p.agents[a], p.requests[r], config).total});
            }
        }
    }
    return problem;
}

void BM_BuildCandidates(benchmark::State& state) {
    Province p = make_province(static_cast<size_t>(state.range(0)), static_cast<size_t>(state.range(1)), 42);
    size_t pairs = 0;
    for (auto _ : state) {
        auto problem = build_problem(p, ScoringConfig{});
        pairs = 0;
        for (const auto& c : problem.candidates) {
            pairs += c.size();
        }
        benchmark::DoNotOptimize(problem);
    }
    state.counters["eligible_per_request"] = static_cast<double>(pairs) / static_cast<double>(p.requests.size());
}

void BM_SolveAssignment(benchmark::State& state) {
    Province p = make_province(static_cast<size_t>(state.range(0)), static_cast<size_t>(state.range(1)), 42);
    auto problem = build_problem(p, ScoringConfig{});
    AssignmentResult result;
    for (auto _ : state) {
        result = solve_assignment(problem);
        benchmark::DoNotOptimize(result);
    }
    int free_places = 0;
    for (int c : problem.agent_capacity) {
        free_places += c;
    }
    state.counters["assigned"] = static_cast<double>(result.assigned);
    state.counters["free_places"] = free_places;
    state.counters["components"] = static_cast<double>(result.components);
}

void BM_BuildAndSolve(benchmark::State& state) {
    Province p = make_province(static_cast<size_t>(state.range(0)), static_cast<size_t>(state.range(1)), 7);
    for (auto _ : state) {
        auto result = solve_assignment(build_problem(p, ScoringConfig{}));
        benchmark::DoNotOptimize(result);
    }
}

}  // namespace

BENCHMARK(BM_BuildCandidates)->Args({10'000, 2'000})->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_SolveAssignment)->Args({10'000, 2'000})->Args({1'000, 200})->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_BuildAndSolve)->Args({10'000, 2'000})->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK_MAIN();
