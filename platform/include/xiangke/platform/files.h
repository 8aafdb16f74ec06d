#pragma once
#include <filesystem>
#include <string>

#include "xiangke/core/result.h"

namespace xiangke::platform {

core::Result<std::string> read_file(const std::filesystem::path& path);
// The same for callers that report their own error: false when the file cannot be read.
bool read_file_to(const std::filesystem::path& path, std::string& out);
// Writes to a temporary file in the same directory, fsyncs it and renames it over `path`, so a
// power cut leaves either the old or the new content.
core::Result<bool> write_file_atomic(const std::filesystem::path& path, const std::string& content);

}  // namespace xiangke::platform
