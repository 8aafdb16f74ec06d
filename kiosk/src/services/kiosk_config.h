#pragma once
// Kiosk configuration (TOML, optional) and the enrolled identity stored in the data directory.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "xiangke/core/result.h"

namespace xiangke::kiosk {

struct KioskConfig {
    std::filesystem::path data_dir;
    std::string backend_url;        // overrides the enrolled one when set
    float screen_width_mm = 476.0f; // 21.5-inch 16:9 panel
    int64_t idle_timeout_ms = 120'000;
    int64_t attract_interval_ms = 20'000;
    bool attract_loop = true;
    int64_t connectivity_check_ms = 30'000;
    std::string font_path = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    std::string maintainer_pin = "2580";
    // The pinned content-signing key (hex, or a file holding it); empty: the shipped key file.
    std::string content_public_key;
};

// Reads `path` if given (missing keys keep their defaults); the data dir defaults to
// $XDG_DATA_HOME/xiangke-kiosk (or ~/.local/share/xiangke-kiosk).
core::Result<KioskConfig> load_kiosk_config(const std::string& path, const std::string& data_dir_override);

struct KioskIdentity {
    std::string backend_url;
    std::string kiosk_id;
    std::string token;
    std::string village_code;
    std::string village_name;
};

std::optional<KioskIdentity> load_identity(const std::filesystem::path& data_dir);
core::Result<bool> save_identity(const std::filesystem::path& data_dir, const KioskIdentity& identity);

}  // namespace xiangke::kiosk
