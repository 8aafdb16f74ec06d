#include "metrics.h"

#include <filesystem>
#include <sstream>

namespace xiangke::backend {
namespace {

// Label values are our own route labels and op types, but escape anyway.
std::string escape(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

uint64_t file_size_or_zero(const std::string& path) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : size;
}

}  // namespace

Metrics::Metrics() {
    // Every series exists from the start, so rate() works from the first scrape.
    for (const char* type : {"request.create", "request.cancel", "feedback.create", "usage.report"}) {
        for (const char* status : {"applied", "duplicate", "rejected"}) {
            m_ops[{type, status}] = 0;
        }
    }
}

void Metrics::observe_request(const std::string& route, const std::string& method, int status, double seconds) {
    std::lock_guard lock(m_mutex);
    ++m_requests[{route, method, status}];
    auto& histogram = m_latency[route];
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        if (seconds <= kLatencyBuckets[i]) {
            ++histogram.buckets[i];
        }
    }
    ++histogram.count;
    histogram.sum += seconds;
}

void Metrics::count_op(const std::string& type, const std::string& status) {
    std::lock_guard lock(m_mutex);
    ++m_ops[{type, status}];
}

std::string Metrics::render(const std::string& db_path) const {
    std::ostringstream out;
    out.precision(9);
    std::lock_guard lock(m_mutex);
    out << "# HELP xiangke_http_requests_total HTTP requests answered, by route, method and status.\n"
           "# TYPE xiangke_http_requests_total counter\n";
    for (const auto& [key, count] : m_requests) {
        const auto& [route, method, status] = key;
        out << "xiangke_http_requests_total{route=\"" << escape(route) << "\",method=\"" << method << "\",status=\""
            << status << "\"} " << count << "\n";
    }
    out << "# HELP xiangke_http_request_duration_seconds Time spent handling a request, by route.\n"
           "# TYPE xiangke_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : m_latency) {
        std::string label = "route=\"" + escape(route) + "\"";
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            out << "xiangke_http_request_duration_seconds_bucket{" << label << ",le=\"" << kLatencyBuckets[i] << "\"} "
                << h.buckets[i] << "\n";
        }
        out << "xiangke_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.count << "\n";
        out << "xiangke_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n";
        out << "xiangke_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
    }
    out << "# HELP xiangke_sync_ops_total Ops pushed by kiosks, by type and outcome.\n"
           "# TYPE xiangke_sync_ops_total counter\n";
    for (const auto& [key, count] : m_ops) {
        out << "xiangke_sync_ops_total{type=\"" << escape(key.first) << "\",status=\"" << key.second << "\"} " << count
            << "\n";
    }
    out << "# HELP xiangke_database_size_bytes Size of the SQLite database file and its write-ahead log.\n"
           "# TYPE xiangke_database_size_bytes gauge\n"
        << "xiangke_database_size_bytes{file=\"main\"} " << file_size_or_zero(db_path) << "\n"
        << "xiangke_database_size_bytes{file=\"wal\"} " << file_size_or_zero(db_path + "-wal") << "\n";
    return out.str();
}

}  // namespace xiangke::backend
