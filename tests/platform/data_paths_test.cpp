#include "xiangke/platform/data_paths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "support/backend_process.h"

using namespace xiangke;

TEST(DataPaths, ExecutableDirIsWhereThisTestRuns) {
    auto dir = platform::executable_dir();
    EXPECT_TRUE(std::filesystem::exists(dir / "platform_tests")) << dir;
}

TEST(DataPaths, ContentDirFollowsTheEnvironmentElseTheSourceTree) {
    unsetenv("XIANGKE_CONTENT_DIR");
    EXPECT_TRUE(std::filesystem::is_directory(platform::content_dir() / "vocab")) << platform::content_dir();
    test::TempDir dir;
    setenv("XIANGKE_CONTENT_DIR", dir.path().c_str(), 1);
    EXPECT_EQ(platform::content_dir(), dir.path());
    unsetenv("XIANGKE_CONTENT_DIR");
}

TEST(DataPaths, ProjectDataDirIsFound) {
    EXPECT_TRUE(std::filesystem::is_directory(platform::project_data_dir())) << platform::project_data_dir();
}

TEST(DataPaths, LoadsTheShippedVocabulary) {
    auto vocabulary = platform::load_vocabulary(std::filesystem::path(XIANGKE_SOURCE_DIR) / "content" / "vocab");
    ASSERT_TRUE(vocabulary.ok()) << vocabulary.error().message;
}

TEST(DataPaths, AMissingVocabularyIsAnErrorNotACrash) {
    test::TempDir dir;
    auto vocabulary = platform::load_vocabulary(dir.path() / "nowhere");
    ASSERT_FALSE(vocabulary.ok());
    EXPECT_FALSE(vocabulary.error().message.empty());
}
