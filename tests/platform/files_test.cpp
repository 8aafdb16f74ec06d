#include "xiangke/platform/files.h"

#include <gtest/gtest.h>

#include "support/backend_process.h"

using namespace xiangke;

TEST(Files, WritesAtomicallyAndReadsBack) {
    test::TempDir dir;
    auto path = dir.path() / "settings.txt";
    ASSERT_TRUE(platform::write_file_atomic(path, "一\n二\n").ok());
    auto read = platform::read_file(path);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(*read, "一\n二\n");
    ASSERT_TRUE(platform::write_file_atomic(path, "replaced").ok());
    std::string out;
    ASSERT_TRUE(platform::read_file_to(path, out));
    EXPECT_EQ(out, "replaced");
    // Only the file itself is left: the temporary was renamed over it.
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    EXPECT_EQ(entries, 1);
}

TEST(Files, AMissingFileIsAnError) {
    test::TempDir dir;
    auto read = platform::read_file(dir.path() / "absent");
    ASSERT_FALSE(read.ok());
    std::string out = "untouched";
    EXPECT_FALSE(platform::read_file_to(dir.path() / "absent", out));
}

TEST(Files, WritingIntoAMissingDirectoryIsAnError) {
    test::TempDir dir;
    EXPECT_FALSE(platform::write_file_atomic(dir.path() / "no" / "such" / "file", "x").ok());
}
