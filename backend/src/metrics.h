#pragma once
// Prometheus metrics (text exposition format 0.0.4): HTTP requests by route and status, a latency
// histogram per route, sync ops by type and outcome, and the database's size on disk.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace xiangke::backend {

class Metrics {
public:
    static constexpr std::array<double, 12> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                            0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

    Metrics();
    // `route` is the route's label from the route table ("/api/v1/requests/{id}"), never a raw
    // path, so ids do not multiply the series.
    void observe_request(const std::string& route, const std::string& method, int status, double seconds);
    void count_op(const std::string& type, const std::string& status);
    // `db_path` is measured on disk together with its -wal file.
    std::string render(const std::string& db_path) const;

private:
    struct Histogram {
        std::array<uint64_t, kLatencyBuckets.size()> buckets{};
        uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::tuple<std::string, std::string, int>, uint64_t> m_requests;
    std::map<std::string, Histogram> m_latency;
    std::map<std::pair<std::string, std::string>, uint64_t> m_ops;
};

}  // namespace xiangke::backend
