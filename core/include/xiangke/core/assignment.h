#pragma once
// Optimal capacity-aware assignment (自动派单) of open requests to field agents.
//
// Problem: requests r, agents a with free capacity c(a) ≥ 0, and for each eligible pair a score
// s(r, a) > 0. Choose for each request at most one eligible agent so that no agent gets more than
// c(a) requests and the total score is as large as possible. Leaving a request unassigned scores
// 0, so a request stays unassigned only when every agent it could go to is better used elsewhere
// or full.
//
// Method: min-cost flow. Network: request r → agent a (capacity 1, cost −s(r, a)), agent a → sink
// (capacity c(a), cost 0), and request r → sink directly (capacity 1, cost 0: "unassigned"). Each
// request in turn sends one unit to the sink along a shortest path in the residual network
// (successive shortest paths). Costs are integers (scores in micro-units), and node potentials
// keep every reduced cost non-negative so each search is Dijkstra's algorithm with a binary heap;
// a search stops as soon as the sink is settled, and only settled nodes have their potential
// moved, so a request whose best agent has room costs a handful of edge relaxations. Because the
// potentials certify that the residual network has no negative cycle after every augmentation,
// the final flow has minimum cost, i.e. maximum total score: the result is optimal, not greedy.
//
// The eligibility graph falls apart into connected components (agents serve a county or a
// township, so a component is usually one county); each is solved on its own with its own small
// arrays. Complexity per component with R requests, A agents and E eligible pairs:
// O(R · (E + R + A) · log(R + A)) in the worst case; in practice most searches end after a few
// relaxations and a component of a few hundred requests takes milliseconds. 10,000 requests and
// 2,000 agents over a province (about 20 eligible agents per request) take well under the 2 s
// goal (docs/performance.md, "Matching").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace xiangke::core::matching {

struct Candidate {
    size_t agent = 0;  // index into AssignmentProblem::agent_capacity
    double score = 0;  // > 0
};

struct AssignmentProblem {
    std::vector<int> agent_capacity;                 // free places per agent (capacity − held)
    std::vector<std::vector<Candidate>> candidates;  // per request: its eligible agents
};

struct AssignmentResult {
    std::vector<std::optional<size_t>> agent_of_request;  // per request, the chosen agent
    double total_score = 0;
    size_t assigned = 0;
    size_t components = 0;  // connected components solved separately
};

AssignmentResult solve_assignment(const AssignmentProblem& problem);

}  // namespace xiangke::core::matching
