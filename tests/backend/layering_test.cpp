// The backend's layering rule (docs/architecture.md, "Backend"): all SQL lives in store/. The
// handlers and the code above the store (http/, web/, evaluation/, reports/) call store functions.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFoldersAboveStore = {"http", "web", "evaluation", "reports"};

// A prepared statement or an SQL keyword as it is written in statement text.
const std::regex kSql(R"((^|[^A-Za-z0-9_])prepare\(|\b(SELECT |INSERT |UPDATE |DELETE FROM|CREATE ))");

// The readiness probe asks the database connection itself whether it answers.
struct Allowed {
    std::string file;  // relative to backend/src
    std::string text;  // a substring of the line
};
const std::vector<Allowed> kAllowed = {{"http/routes.cpp", R"(prepare("SELECT 1"))"}};

bool allowed(const std::string& file, const std::string& line, std::vector<int>& uses) {
    for (size_t i = 0; i < kAllowed.size(); ++i) {
        if (kAllowed[i].file == file && line.find(kAllowed[i].text) != std::string::npos) {
            ++uses[i];
            return true;
        }
    }
    return false;
}

TEST(Layering, NoSqlInHandlersOrAboveTheStore) {
    const fs::path src = fs::path(XIANGKE_SOURCE_DIR) / "backend" / "src";
    std::vector<std::string> found;
    std::vector<int> uses(kAllowed.size(), 0);
    size_t files = 0;
    for (const auto& folder : kFoldersAboveStore) {
        ASSERT_TRUE(fs::is_directory(src / folder)) << (src / folder);
        for (const auto& entry : fs::directory_iterator(src / folder)) {
            const auto extension = entry.path().extension();
            if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".h")) {
                continue;
            }
            ++files;
            const std::string relative = folder + "/" + entry.path().filename().string();
            std::ifstream in(entry.path());
            std::string line;
            for (int number = 1; std::getline(in, line); ++number) {
                if (std::regex_search(line, kSql) && !allowed(relative, line, uses)) {
                    found.push_back("backend/src/" + relative + ":" + std::to_string(number) + ": " + line);
                }
            }
        }
    }
    EXPECT_GT(files, 20U) << "the folders above the store were not found where expected";
    std::string report;
    for (const auto& f : found) {
        report += f + "\n";
    }
    EXPECT_TRUE(found.empty()) << "SQL belongs in backend/src/store/ (a store function the handler calls):\n" << report;
    for (size_t i = 0; i < kAllowed.size(); ++i) {
        EXPECT_LE(uses[i], 1) << "the exception in " << kAllowed[i].file << " is for one line only";
    }
}

// The scan itself: it must see the statements it is meant to refuse.
TEST(Layering, TheScanRecognisesSql) {
    EXPECT_TRUE(std::regex_search(R"(auto q = db.prepare("SELECT id FROM users");)", kSql));
    EXPECT_TRUE(std::regex_search(R"(db.exec("DELETE FROM sessions WHERE expires_at < ?");)", kSql));
    EXPECT_TRUE(std::regex_search(R"("UPDATE requests SET status = ?")", kSql));
    EXPECT_TRUE(std::regex_search(R"(reader().prepare(sql))", kSql));
    EXPECT_FALSE(std::regex_search(R"(prepare_page(ctx);)", kSql));
    EXPECT_FALSE(std::regex_search(R"(auto rows = read_region_requests(db, region, status, 200);)", kSql));
}

}  // namespace
