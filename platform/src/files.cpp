#include "xiangke/platform/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace xiangke::platform {

core::Result<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::Error{"io_error", "cannot read " + path.string() + ": " + std::strerror(errno), path.string()};
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool read_file_to(const std::filesystem::path& path, std::string& out) {
    auto text = read_file(path);
    if (!text.ok()) {
        return false;
    }
    out = std::move(text).value();
    return true;
}

core::Result<bool> write_file_atomic(const std::filesystem::path& path, const std::string& content) {
    auto fail = [&](const std::string& what) {
        return core::Error{"io_error", what + " " + path.string() + ": " + std::strerror(errno), path.string()};
    };
    std::filesystem::path temp = path;
    temp += ".tmp";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return fail("cannot create");
    }
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            ::close(fd);
            return fail("cannot write");
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        return fail("cannot sync");
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        return fail("cannot rename into");
    }
    int dir = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return true;
}

}  // namespace xiangke::platform
