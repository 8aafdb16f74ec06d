#include "xiangke/platform/data_paths.h"

#include <cstdlib>

#include "xiangke/platform/files.h"

namespace xiangke::platform {
namespace fs = std::filesystem;

fs::path executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : exe.parent_path();
}

namespace {

fs::path find_project_dir(const char* env_name, const char* name) {
    if (const char* env = std::getenv(env_name); env != nullptr && *env != '\0') {
        return env;
    }
    fs::path installed = executable_dir() / ".." / "share" / "xiangke" / name;
    if (fs::is_directory(installed)) {
        return fs::weakly_canonical(installed);
    }
    return fs::path(XIANGKE_SOURCE_DIR) / name;
}

}  // namespace

fs::path content_dir() { return find_project_dir("XIANGKE_CONTENT_DIR", "content"); }
fs::path project_data_dir() { return find_project_dir("XIANGKE_DATA_DIR", "data"); }

core::Result<core::Vocabulary> load_vocabulary(const fs::path& vocab_dir) {
    core::VocabularySources sources;
    std::pair<const char*, std::string*> files[] = {{"categories.json", &sources.categories},
                                                    {"crops.json", &sources.crops},
                                                    {"symptoms.json", &sources.symptoms},
                                                    {"expertise.json", &sources.expertise}};
    for (auto& [name, target] : files) {
        auto text = read_file(vocab_dir / name);
        if (!text.ok()) {
            return text.error();
        }
        *target = std::move(text).value();
    }
    return core::Vocabulary::parse(sources);
}

}  // namespace xiangke::platform
