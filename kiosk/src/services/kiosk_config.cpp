#include "services/kiosk_config.h"

#include <sys/stat.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "xiangke/platform/files.h"

namespace xiangke::kiosk {
namespace fs = std::filesystem;

namespace {

fs::path default_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
        return fs::path(xdg) / "xiangke-kiosk";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return fs::path(home) / ".local" / "share" / "xiangke-kiosk";
    }
    return fs::current_path() / "xiangke-kiosk-data";
}

constexpr const char* kIdentityFile = "identity.json";

}  // namespace

core::Result<KioskConfig> load_kiosk_config(const std::string& path, const std::string& data_dir_override) {
    KioskConfig config;
    if (!path.empty()) {
        auto text = platform::read_file(path);
        if (!text.ok()) {
            return text.error();
        }
        try {
            toml::table t = toml::parse(*text, path);
            config.backend_url = t["backend"]["url"].value_or(config.backend_url);
            config.screen_width_mm = t["display"]["width_mm"].value_or(config.screen_width_mm);
            config.idle_timeout_ms = t["kiosk"]["idle_timeout_s"].value_or(config.idle_timeout_ms / 1000) * 1000;
            config.attract_interval_ms =
                t["kiosk"]["attract_interval_s"].value_or(config.attract_interval_ms / 1000) * 1000;
            config.attract_loop = t["kiosk"]["attract_loop"].value_or(config.attract_loop);
            config.connectivity_check_ms =
                t["kiosk"]["connectivity_check_s"].value_or(config.connectivity_check_ms / 1000) * 1000;
            config.font_path = t["display"]["font"].value_or(config.font_path);
            config.maintainer_pin = t["kiosk"]["maintainer_pin"].value_or(config.maintainer_pin);
            config.content_public_key = t["content"]["public_key"].value_or(config.content_public_key);
            if (auto dir = t["kiosk"]["data_dir"].value<std::string>()) {
                config.data_dir = *dir;
            }
        } catch (const toml::parse_error& e) {
            return core::Error{"bad_config", path + ":" + std::to_string(e.source().begin.line) + ": " +
                                                 std::string(e.description()), ""};
        }
        if (config.screen_width_mm < 100 || config.idle_timeout_ms < 10'000) {
            return core::Error{"bad_config", path + ": display.width_mm must be ≥ 100 and kiosk.idle_timeout_s ≥ 10", ""};
        }
    }
    if (!data_dir_override.empty()) {
        config.data_dir = data_dir_override;
    }
    if (config.data_dir.empty()) {
        config.data_dir = default_data_dir();
    }
    std::error_code ec;
    fs::create_directories(config.data_dir, ec);
    if (ec) {
        return core::Error{"io_error", "cannot create data directory " + config.data_dir.string() + ": " + ec.message(), ""};
    }
    return config;
}

std::optional<KioskIdentity> load_identity(const fs::path& data_dir) {
    auto text = platform::read_file(data_dir / kIdentityFile);
    if (!text.ok()) {
        return std::nullopt;
    }
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return std::nullopt;
    }
    KioskIdentity id;
    id.backend_url = j.value("backend_url", "");
    id.kiosk_id = j.value("kiosk_id", "");
    id.token = j.value("token", "");
    id.village_code = j.value("village_code", "");
    id.village_name = j.value("village_name", "");
    if (id.token.empty() || id.backend_url.empty()) {
        return std::nullopt;
    }
    return id;
}

core::Result<bool> save_identity(const fs::path& data_dir, const KioskIdentity& identity) {
    nlohmann::json j = {{"backend_url", identity.backend_url}, {"kiosk_id", identity.kiosk_id},
                        {"token", identity.token},             {"village_code", identity.village_code},
                        {"village_name", identity.village_name}};
    // The token is a secret: the file is written 0600 (write_file_atomic creates it so).
    return platform::write_file_atomic(data_dir / kIdentityFile, j.dump(2) + "\n");
}

}  // namespace xiangke::kiosk
