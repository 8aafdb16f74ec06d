// The real corpus in content/: it validates, and it builds within the 5 s budget into a pack that
// verifies.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "fixture.h"

using namespace xiangke;

namespace {

const std::string kContent = std::string(XIANGKE_SOURCE_DIR) + "/content";

}  // namespace

TEST(ContentCorpus, Validates) {
    auto result = test::run_command({test::content_tool(), "validate", kContent});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("ok: "), std::string::npos);
}

TEST(ContentCorpus, BuildsWithinFiveSecondsAndVerifies) {
    test::TempDir work;
    const std::string key = (work.path() / "k").string();
    auto keygen = test::run_command({test::content_tool(), "keygen", "--out", key});
    ASSERT_EQ(keygen.exit_code, 0);
    std::string public_key = keygen.out.substr(0, 64);
    ::setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
    auto start = std::chrono::steady_clock::now();
    auto built = test::run_command({test::content_tool(), "build", kContent, "--out", (work.path() / "pack").string(),
                                    "--key", key, "--version", "1"});
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(built.exit_code, 0) << built.err;
    EXPECT_LT(seconds, 5.0);
    RecordProperty("build_seconds", std::to_string(seconds));
    auto verified =
        test::run_command({test::content_tool(), "verify", (work.path() / "pack").string(), "--pubkey", public_key});
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
}

TEST(ContentCorpus, DevelopmentPublicKeyIsWellFormed) {
    std::string key = test::read_all(std::string(XIANGKE_SOURCE_DIR) + "/content/keys/dev-public.key");
    ASSERT_EQ(key.size(), 65u);
    EXPECT_EQ(key.substr(0, 64).find_first_not_of("0123456789abcdef"), std::string::npos);
}
