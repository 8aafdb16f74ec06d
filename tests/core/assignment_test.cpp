#include "xiangke/core/assignment.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

using namespace xiangke::core::matching;

namespace {

// The best total by trying every choice (each request: one of its candidates or nobody).
double brute_force_best(const AssignmentProblem& p) {
    std::vector<int> used(p.agent_capacity.size(), 0);
    double best = 0;
    std::function<void(size_t, double)> go = [&](size_t r, double total) {
        if (r == p.candidates.size()) {
            best = std::max(best, total);
            return;
        }
        go(r + 1, total);
        for (const auto& c : p.candidates[r]) {
            if (used[c.agent] < p.agent_capacity[c.agent]) {
                ++used[c.agent];
                go(r + 1, total + c.score);
                --used[c.agent];
            }
        }
    };
    go(0, 0);
    return best;
}

// Capacity never exceeded, only eligible pairs, and the reported total is the chosen pairs' sum.
void expect_feasible(const AssignmentProblem& p, const AssignmentResult& result) {
    ASSERT_EQ(result.agent_of_request.size(), p.candidates.size());
    std::vector<int> used(p.agent_capacity.size(), 0);
    double total = 0;
    size_t assigned = 0;
    for (size_t r = 0; r < p.candidates.size(); ++r) {
        if (!result.agent_of_request[r]) {
            continue;
        }
        size_t agent = *result.agent_of_request[r];
        bool eligible = false;
        for (const auto& c : p.candidates[r]) {
            if (c.agent == agent) {
                eligible = true;
                total += c.score;
            }
        }
        EXPECT_TRUE(eligible) << "request " << r << " went to agent " << agent << " who is not a candidate";
        ++used[agent];
        ++assigned;
    }
    for (size_t a = 0; a < used.size(); ++a) {
        EXPECT_LE(used[a], p.agent_capacity[a]) << "agent " << a << " over capacity";
    }
    EXPECT_NEAR(result.total_score, total, 1e-6);
    EXPECT_EQ(result.assigned, assigned);
}

TEST(Assignment, OptimalWhereGreedyIsNot) {
    // Greedy by best score gives request 0 to agent 0 (score 9) and leaves request 1 nobody:
    // total 9. The optimum gives request 0 to agent 1 and request 1 to agent 0: 8 + 7 = 15.
    AssignmentProblem p;
    p.agent_capacity = {1, 1};
    p.candidates = {{{0, 9.0}, {1, 8.0}}, {{0, 7.0}}};
    auto result = solve_assignment(p);
    expect_feasible(p, result);
    EXPECT_EQ(result.agent_of_request[0], std::optional<size_t>(1));
    EXPECT_EQ(result.agent_of_request[1], std::optional<size_t>(0));
    EXPECT_NEAR(result.total_score, 15.0, 1e-9);
}

TEST(Assignment, CapacityIsRespectedAndTheLeftoverStaysUnassigned) {
    AssignmentProblem p;
    p.agent_capacity = {2, 0};
    p.candidates = {{{0, 3.0}, {1, 9.0}}, {{0, 4.0}}, {{0, 5.0}}, {}};
    auto result = solve_assignment(p);
    expect_feasible(p, result);
    EXPECT_EQ(result.assigned, 2u);
    EXPECT_FALSE(result.agent_of_request[0].has_value()) << "the two best of agent 0's requests win";
    EXPECT_FALSE(result.agent_of_request[3].has_value()) << "no candidate, nobody";
    EXPECT_NEAR(result.total_score, 9.0, 1e-9);
}

TEST(Assignment, SeparateServiceAreasAreSeparateComponents) {
    AssignmentProblem p;
    p.agent_capacity = {1, 1, 1};
    // Requests 0-1 and agents 0-1 form one county; request 2 and agent 2 another.
    p.candidates = {{{0, 1.0}, {1, 2.0}}, {{1, 3.0}}, {{2, 1.5}}};
    auto result = solve_assignment(p);
    expect_feasible(p, result);
    EXPECT_EQ(result.components, 2u);
    EXPECT_NEAR(result.total_score, 1.0 + 3.0 + 1.5, 1e-9);
}

TEST(Assignment, EmptyProblems) {
    EXPECT_EQ(solve_assignment({}).assigned, 0u);
    AssignmentProblem no_agents;
    no_agents.candidates = {{}, {}};
    auto result = solve_assignment(no_agents);
    EXPECT_EQ(result.assigned, 0u);
    EXPECT_EQ(result.agent_of_request.size(), 2u);
}

// Property: on many small random problems the total equals brute force, capacity is never
// exceeded and only eligible pairs are chosen.
TEST(Assignment, MatchesBruteForceOnRandomSmallProblems) {
    std::mt19937 rng(20261127);
    int checked = 0;
    for (int round = 0; round < 3000; ++round) {
        const size_t requests = 1 + rng() % 7;
        const size_t agents = 1 + rng() % 4;
        AssignmentProblem p;
        for (size_t a = 0; a < agents; ++a) {
            p.agent_capacity.push_back(static_cast<int>(rng() % 3));
        }
        p.candidates.resize(requests);
        for (size_t r = 0; r < requests; ++r) {
            for (size_t a = 0; a < agents; ++a) {
                if (rng() % 100 < 55) {
                    // Coarse scores make ties common, which is where wrong tie handling shows.
                    double score = (round % 2 == 0) ? 1.0 + static_cast<double>(rng() % 5)
                                                    : std::uniform_real_distribution<double>(0.01, 10.0)(rng);
                    p.candidates[r].push_back({a, score});
                }
            }
        }
        auto result = solve_assignment(p);
        expect_feasible(p, result);
        ASSERT_NEAR(result.total_score, brute_force_best(p), 1e-4) << "round " << round;
        ++checked;
    }
    EXPECT_EQ(checked, 3000);
}

}  // namespace
