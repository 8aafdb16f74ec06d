#pragma once
// The kiosk's operational log: one line per event in <data dir>/kiosk.log, kept under 1 MiB
// (the previous file is kept as kiosk.log.1). Never pass personal data: log ids, codes, counts.
#include <filesystem>
#include <string>
#include <vector>

namespace xiangke::kiosk::kiosk_log {

void open(const std::filesystem::path& data_dir);
void write(const std::string& event, const std::string& detail = "");
// The last `lines` lines, oldest first (maintainer screen).
std::vector<std::string> tail(size_t lines);
std::filesystem::path current_file();

}  // namespace xiangke::kiosk::kiosk_log
