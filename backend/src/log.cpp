#include "log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "xiangke/core/time.h"

namespace xiangke::backend::log {
namespace {
std::atomic<Level> g_min_level{Level::Info};
std::mutex g_mutex;
constexpr const char* kLevelNames[] = {"debug", "info", "warn", "error"};
}  // namespace

void set_min_level(Level level) { g_min_level = level; }

void write(Level level, std::string_view event, nlohmann::json fields) {
    if (level < g_min_level.load()) {
        return;
    }
    fields["ts"] = core::system_now_ms();
    fields["level"] = kLevelNames[static_cast<int>(level)];
    fields["event"] = event;
    std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::lock_guard lock(g_mutex);
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

}  // namespace xiangke::backend::log
