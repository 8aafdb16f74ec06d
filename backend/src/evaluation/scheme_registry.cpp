#include "evaluation/scheme_registry.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "xiangke/platform/data_paths.h"

namespace xiangke::backend::evaluation {
namespace fs = std::filesystem;

core::Result<SchemeRegistry> SchemeRegistry::load(const std::vector<fs::path>& dirs) {
    SchemeRegistry registry;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            return core::Error{"invalid_scheme", dir.string() + ": not a directory of evaluation schemes", ""};
        }
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            if (entry.is_regular_file() && entry.path().extension() == ".json") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            if (!in) {
                return core::Error{"invalid_scheme", file.string() + ": cannot be read", ""};
            }
            auto scheme = core::evaluation::parse_scheme(text.str(), file.string());
            if (!scheme) {
                return core::Error{"invalid_scheme", scheme.error().message, scheme.error().field};
            }
            std::string id = scheme->id;
            registry.m_schemes[id] = std::make_shared<const core::evaluation::Scheme>(std::move(scheme).value());
        }
    }
    return registry;
}

core::Result<SchemeRegistry> SchemeRegistry::load_default(const std::string& extra_dir) {
    std::vector<fs::path> dirs;
    fs::path shipped = platform::project_data_dir() / "evaluation";
    std::error_code ec;
    if (fs::is_directory(shipped, ec)) {
        dirs.push_back(shipped);
    }
    if (!extra_dir.empty()) {
        dirs.emplace_back(extra_dir);
    }
    return load(dirs);
}

SchemeRegistry SchemeRegistry::load_or_empty(const std::string& extra_dir) {
    auto loaded = load_default(extra_dir);
    return loaded ? std::move(loaded).value() : SchemeRegistry{};
}

std::shared_ptr<const core::evaluation::Scheme> SchemeRegistry::find(const std::string& id) const {
    auto it = m_schemes.find(id);
    return it == m_schemes.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const core::evaluation::Scheme>> SchemeRegistry::all() const {
    std::vector<std::shared_ptr<const core::evaluation::Scheme>> out;
    for (const auto& [id, scheme] : m_schemes) {
        out.push_back(scheme);
    }
    return out;
}

}  // namespace xiangke::backend::evaluation
