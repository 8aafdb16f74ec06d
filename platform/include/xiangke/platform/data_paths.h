#pragma once
// Executables run straight from a build tree (CONTRACT.md): they find the project's data next to
// the executable when installed, else in the source tree they were built from.
#include <filesystem>

#include "xiangke/core/result.h"
#include "xiangke/core/vocabulary.h"

namespace xiangke::platform {

// The directory holding the running executable.
std::filesystem::path executable_dir();
// The project's `content/` directory: $XIANGKE_CONTENT_DIR, <exe>/../share/xiangke/content,
// or the source tree's content/.
std::filesystem::path content_dir();
// The project's `data/` directory (region subsets and the like), found the same way.
std::filesystem::path project_data_dir();

core::Result<core::Vocabulary> load_vocabulary(const std::filesystem::path& vocab_dir);

}  // namespace xiangke::platform
