#include "services/kiosk_log.h"

#include <deque>
#include <fstream>
#include <mutex>

#include "xiangke/core/time.h"

namespace xiangke::kiosk::kiosk_log {
namespace {

constexpr std::uintmax_t kMaxBytes = 1024 * 1024;
std::mutex g_mutex;
std::filesystem::path g_path;

}  // namespace

void open(const std::filesystem::path& data_dir) {
    std::lock_guard lock(g_mutex);
    g_path = data_dir / "kiosk.log";
}

std::filesystem::path current_file() {
    std::lock_guard lock(g_mutex);
    return g_path;
}

void write(const std::string& event, const std::string& detail) {
    std::lock_guard lock(g_mutex);
    if (g_path.empty()) {
        return;
    }
    std::error_code ec;
    if (std::filesystem::exists(g_path, ec) && std::filesystem::file_size(g_path, ec) > kMaxBytes) {
        std::filesystem::rename(g_path, g_path.string() + ".1", ec);
    }
    std::ofstream out(g_path, std::ios::app);
    out << core::format_shanghai_datetime(core::system_now_ms()) << ' ' << event;
    if (!detail.empty()) {
        out << ' ' << detail;
    }
    out << '\n';
}

std::vector<std::string> tail(size_t lines) {
    std::lock_guard lock(g_mutex);
    std::ifstream in(g_path);
    std::deque<std::string> last;
    std::string line;
    while (std::getline(in, line)) {
        last.push_back(line);
        if (last.size() > lines) {
            last.pop_front();
        }
    }
    return {last.begin(), last.end()};
}

}  // namespace xiangke::kiosk::kiosk_log
