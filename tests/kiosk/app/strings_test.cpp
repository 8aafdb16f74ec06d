// The string catalogue is keyed: every key has a non-empty entry, and every key the kiosk's
// sources use is one the catalogue answers by name (not by position).
#include "app/strings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace xiangke::kiosk;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::set<std::string> matches(const std::string& text, const std::regex& pattern) {
    std::set<std::string> names;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) {
        names.insert((*it)[1].str());
    }
    return names;
}

}  // namespace

TEST(StringCatalogue, EveryKeyHasANonEmptyEntry) {
    ASSERT_GT(kStringCount, 200);
    for (int i = 0; i < kStringCount; ++i) {
        EXPECT_FALSE(text(static_cast<Str>(i)).empty()) << "key number " << i;
        EXPECT_EQ(text_at(i), text(static_cast<Str>(i)));
    }
}

TEST(StringCatalogue, EntriesAreLookedUpByKey) {
    EXPECT_EQ(text(Str::AppTitle), "乡村科技服务站");
    EXPECT_EQ(text(Str::SyncDone), "同步完成");
    EXPECT_EQ(text(Str::SearchKeyboardHide), "收起键盘");
}

TEST(StringCatalogue, EveryKeyUsedInTheKioskHasAnEntry) {
    const std::filesystem::path src = std::filesystem::path(XIANGKE_SOURCE_DIR) / "kiosk" / "src";
    const std::regex case_pattern(R"(case Str::(\w+):\s*return\s*"[^"]+")");
    const std::set<std::string> entries = matches(read_file(src / "app" / "strings.cpp"), case_pattern);
    ASSERT_EQ(entries.size(), static_cast<size_t>(kStringCount));

    const std::regex use_pattern(R"(\bStr::(\w+))");
    size_t uses = 0;
    for (const auto& file : std::filesystem::recursive_directory_iterator(src)) {
        const auto ext = file.path().extension();
        if (ext != ".cpp" && ext != ".h") {
            continue;
        }
        for (const auto& key : matches(read_file(file.path()), use_pattern)) {
            if (key == "Count_") {
                continue;
            }
            ++uses;
            EXPECT_EQ(entries.count(key), 1u) << file.path() << " uses Str::" << key << " without an entry";
        }
    }
    EXPECT_GT(uses, 100u);
}

TEST(StringCatalogue, SearchSuggestionsAreNotEmpty) {
    ASSERT_FALSE(search_suggestions().empty());
    for (auto word : search_suggestions()) {
        EXPECT_FALSE(word.empty());
    }
}
