#include "xiangke/core/assignment.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>

namespace xiangke::core::matching {
namespace {

// Scores become integer costs in micro-units: Dijkstra with potentials needs exact arithmetic.
constexpr double kCostScale = 1e6;
constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max() / 4;

class DisjointSets {
public:
    explicit DisjointSets(size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), size_t{0}); }
    size_t find(size_t x) {
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }
    void unite(size_t a, size_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<size_t> m_parent;
};

struct Component {
    std::vector<size_t> requests;
    std::vector<size_t> agents;
};

// Successive shortest paths on one component (assignment.h explains the network).
class ComponentSolver {
public:
    ComponentSolver(const AssignmentProblem& problem, const Component& component, std::vector<int>& local_of_agent)
        : m_component(component) {
        const size_t r = component.requests.size();
        const size_t a = component.agents.size();
        m_sink = static_cast<int>(r + a);
        m_adjacency.resize(r + a + 1);
        for (size_t j = 0; j < a; ++j) {
            local_of_agent[component.agents[j]] = static_cast<int>(r + j);
            add_edge(static_cast<int>(r + j), m_sink, problem.agent_capacity[component.agents[j]], 0);
        }
        for (size_t i = 0; i < r; ++i) {
            for (const auto& c : problem.candidates[component.requests[i]]) {
                int agent_node = local_of_agent[c.agent];
                if (agent_node >= 0 && problem.agent_capacity[c.agent] > 0) {
                    add_edge(static_cast<int>(i), agent_node, 1, -std::llround(c.score * kCostScale), c.score);
                }
            }
            add_edge(static_cast<int>(i), m_sink, 1, 0);  // unassigned
        }
        for (size_t agent : component.agents) {
            local_of_agent[agent] = -1;
        }
        const size_t nodes = r + a + 1;
        m_potential.assign(nodes, 0);
        m_distance.assign(nodes, kInfinity);
        m_parent_edge.assign(nodes, -1);
        m_settled.assign(nodes, false);
    }

    void solve(AssignmentResult& result) {
        for (size_t i = 0; i < m_component.requests.size(); ++i) {
            route(static_cast<int>(i));
        }
        for (size_t i = 0; i < m_component.requests.size(); ++i) {
            for (int e : m_adjacency[i]) {
                const Edge& edge = m_edges[e];
                // Only forward edges leave a request node; one that is used up carries its unit.
                if (edge.to != m_sink && edge.capacity == 0) {
                    size_t agent = m_component.agents[static_cast<size_t>(edge.to) - m_component.requests.size()];
                    size_t request = m_component.requests[i];
                    result.agent_of_request[request] = agent;
                    result.total_score += edge.score;
                    ++result.assigned;
                }
            }
        }
    }

private:
    struct Edge {
        int to;
        int capacity;
        int64_t cost;
        int reverse;   // index of the paired residual edge
        double score;  // request → agent edges: the pair's score
    };

    void add_edge(int from, int to, int capacity, int64_t cost, double score = 0) {
        m_adjacency[from].push_back(static_cast<int>(m_edges.size()));
        m_edges.push_back({to, capacity, cost, static_cast<int>(m_edges.size()) + 1, score});
        m_adjacency[to].push_back(static_cast<int>(m_edges.size()));
        m_edges.push_back({from, 0, -cost, static_cast<int>(m_edges.size()) - 1, 0});
    }

    // Sends one unit from request node `source` to the sink along a shortest residual path.
    void route(int source) {
        // The request enters the network now: a potential that makes its edges' reduced costs
        // non-negative (nothing flows into it yet).
        int64_t potential = std::numeric_limits<int64_t>::min();
        for (int e : m_adjacency[source]) {
            const Edge& edge = m_edges[e];
            if (edge.capacity > 0) {
                potential = std::max(potential, m_potential[edge.to] - edge.cost);
            }
        }
        m_potential[source] = potential;

        using Entry = std::pair<int64_t, int>;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
        m_touched.clear();
        auto reach = [&](int node, int64_t distance, int via) {
            if (m_distance[node] == kInfinity) {
                m_touched.push_back(node);
            }
            m_distance[node] = distance;
            m_parent_edge[node] = via;
            heap.emplace(distance, node);
        };
        reach(source, 0, -1);
        m_settled_order.clear();
        while (!heap.empty()) {
            auto [distance, node] = heap.top();
            heap.pop();
            if (m_settled[node] || distance != m_distance[node]) {
                continue;
            }
            m_settled[node] = true;
            m_settled_order.push_back(node);
            if (node == m_sink) {
                break;
            }
            for (int e : m_adjacency[node]) {
                const Edge& edge = m_edges[e];
                if (edge.capacity <= 0 || m_settled[edge.to]) {
                    continue;
                }
                int64_t reduced = edge.cost + m_potential[node] - m_potential[edge.to];
                int64_t candidate = distance + reduced;
                if (candidate < m_distance[edge.to]) {
                    reach(edge.to, candidate, e);
                }
            }
        }
        // The sink is always reachable through the request's own "unassigned" edge.
        const int64_t to_sink = m_distance[m_sink];
        for (int node = m_sink; node != source;) {
            Edge& edge = m_edges[m_parent_edge[node]];
            edge.capacity -= 1;
            m_edges[edge.reverse].capacity += 1;
            node = m_edges[edge.reverse].to;
        }
        // h(v) += min(d(v), d(sink)) for every node, shifted by −d(sink) so that only settled
        // nodes change: reduced costs stay non-negative and the path's edges become tight.
        for (int node : m_settled_order) {
            m_potential[node] += m_distance[node] - to_sink;
        }
        for (int node : m_touched) {
            m_distance[node] = kInfinity;
            m_parent_edge[node] = -1;
            m_settled[node] = false;
        }
    }

    const Component& m_component;
    int m_sink = 0;
    std::vector<Edge> m_edges;
    std::vector<std::vector<int>> m_adjacency;
    std::vector<int64_t> m_potential;
    std::vector<int64_t> m_distance;
    std::vector<int> m_parent_edge;
    std::vector<bool> m_settled;
    std::vector<int> m_touched;
    std::vector<int> m_settled_order;
};

}  // namespace

AssignmentResult solve_assignment(const AssignmentProblem& problem) {
    const size_t requests = problem.candidates.size();
    const size_t agents = problem.agent_capacity.size();
    AssignmentResult result;
    result.agent_of_request.assign(requests, std::nullopt);

    // Components of the eligibility graph: requests are nodes 0..R-1, agents R..R+A-1. Agents
    // without free places and requests without candidates take no part.
    DisjointSets sets(requests + agents);
    std::vector<bool> linked(requests + agents, false);
    for (size_t r = 0; r < requests; ++r) {
        for (const auto& c : problem.candidates[r]) {
            if (c.agent < agents && problem.agent_capacity[c.agent] > 0) {
                sets.unite(r, requests + c.agent);
                linked[r] = true;
                linked[requests + c.agent] = true;
            }
        }
    }
    std::vector<int> component_of_root(requests + agents, -1);
    std::vector<Component> components;
    for (size_t node = 0; node < requests + agents; ++node) {
        if (!linked[node]) {
            continue;
        }
        size_t root = sets.find(node);
        if (component_of_root[root] < 0) {
            component_of_root[root] = static_cast<int>(components.size());
            components.emplace_back();
        }
        Component& component = components[static_cast<size_t>(component_of_root[root])];
        if (node < requests) {
            component.requests.push_back(node);
        } else {
            component.agents.push_back(node - requests);
        }
    }
    result.components = components.size();

    std::vector<int> local_of_agent(agents, -1);
    for (const auto& component : components) {
        ComponentSolver solver(problem, component, local_of_agent);
        solver.solve(result);
    }
    return result;
}

}  // namespace xiangke::core::matching
