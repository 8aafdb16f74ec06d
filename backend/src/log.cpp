#include "log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "xiangke/core/time.h"

namespace xiangke::backend::log {
namespace {
std::atomic<Level> g_min_level{Level::Info};
std::mutex g_mutex;
std::FILE* g_out = nullptr;  // guarded by g_mutex; null means stderr
constexpr const char* kLevelNames[] = {"debug", "info", "warn", "error"};
}  // namespace

void set_min_level(Level level) {
    g_min_level = level;
}

Level level_from_name(std::string_view name) {
    for (int i = 0; i < 4; ++i) {
        if (name == kLevelNames[i]) {
            return static_cast<Level>(i);
        }
    }
    return Level::Info;
}

bool set_output_file(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "ae");
    if (file == nullptr) {
        return false;
    }
    std::lock_guard lock(g_mutex);
    if (g_out != nullptr) {
        std::fclose(g_out);
    }
    g_out = file;
    return true;
}

void write(Level level, std::string_view event, nlohmann::json fields) {
    if (level < g_min_level.load()) {
        return;
    }
    fields["ts"] = core::system_now_ms();
    fields["level"] = kLevelNames[static_cast<int>(level)];
    fields["event"] = event;
    std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::lock_guard lock(g_mutex);
    std::FILE* out = g_out != nullptr ? g_out : stderr;
    std::fprintf(out, "%s\n", line.c_str());
    std::fflush(out);
}

}  // namespace xiangke::backend::log
