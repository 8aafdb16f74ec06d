#pragma once
// A small content source tree written into a temporary directory, for validator and builder
// tests: two topics, a crop vocabulary, one good article per topic, one committed image.
#include <filesystem>
#include <string>

#include "support/backend_process.h"

namespace xiangke::test {

class ContentFixture {
public:
    ContentFixture();

    const std::filesystem::path& dir() const { return m_dir.path(); }
    std::string root() const { return m_dir.path().string(); }
    // Writes (or replaces) a file under the content directory.
    void write(const std::string& relative, const std::string& text) const;
    void remove(const std::string& relative) const;
    // A complete valid article (front matter on lines 1-12, body from line 14); `extra_front` adds
    // front matter lines, `body` replaces the body.
    static std::string article(const std::string& id, const std::string& topic, const std::string& body = "",
                               const std::string& extra_front = "");

private:
    TempDir m_dir;
};

std::string content_tool();
std::string read_all(const std::filesystem::path& path);

}  // namespace xiangke::test
