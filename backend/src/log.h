#pragma once
// Structured logs: one JSON object per line on stderr. Never pass personal data (phone numbers,
// names, tokens) to these functions: log ids and codes instead.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace xiangke::backend::log {

enum class Level { Debug, Info, Warn, Error };

void set_min_level(Level level);
// "debug", "info", "warn" or "error"; anything else is Info.
Level level_from_name(std::string_view name);
// Appends the log to `path` instead of stderr; false (and stderr kept) when it cannot be opened.
bool set_output_file(const std::string& path);
void write(Level level, std::string_view event, nlohmann::json fields = nlohmann::json::object());
inline void info(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    write(Level::Info, event, std::move(fields));
}
inline void warn(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    write(Level::Warn, event, std::move(fields));
}
inline void error(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    write(Level::Error, event, std::move(fields));
}

}  // namespace xiangke::backend::log
