#include "xiangke/platform/pack_directory.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/backend_process.h"
#include "support/pack_fixture.h"

using namespace xiangke;

namespace {

class PackDirectory : public ::testing::Test {
protected:
    test::TempDir dir;
    platform::SecretKey key = platform::SecretKey::generate();
    std::filesystem::path pack = dir.path() / "pack";
};

}  // namespace

TEST_F(PackDirectory, VerifiesAPackSignedWithTheKey) {
    auto written = test::write_pack(pack, test::sample_pack_spec(7), key);
    auto verified = platform::verify_pack_directory(pack, key.public_key());
    ASSERT_TRUE(verified.ok()) << verified.error().message;
    EXPECT_EQ(verified->manifest.version, 7);
    EXPECT_EQ(verified->manifest.files.size(), written.files.size());
    EXPECT_FALSE(verified->manifest_bytes.empty());
}

TEST_F(PackDirectory, RefusesAnotherKey) {
    test::write_pack(pack, test::sample_pack_spec(1), key);
    auto other = platform::SecretKey::generate();
    EXPECT_FALSE(platform::verify_pack_directory(pack, other.public_key()).ok());
}

TEST_F(PackDirectory, RefusesATamperedFileAndNamesIt) {
    auto written = test::write_pack(pack, test::sample_pack_spec(1), key);
    ASSERT_FALSE(written.files.empty());
    const std::string victim = written.files.front().path;
    {
        std::ofstream out(pack / "files" / victim, std::ios::app);
        out << "tampered";
    }
    auto refused = platform::verify_pack_directory(pack, key.public_key());
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find(victim), std::string::npos) << refused.error().message;
}

TEST_F(PackDirectory, RefusesAnUnlistedFile) {
    test::write_pack(pack, test::sample_pack_spec(1), key);
    {
        std::ofstream out(pack / "files" / "extra.txt");
        out << "not in the manifest";
    }
    auto refused = platform::verify_pack_directory(pack, key.public_key());
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("extra.txt"), std::string::npos) << refused.error().message;
}

TEST_F(PackDirectory, AMissingManifestIsAnError) {
    std::filesystem::create_directories(pack);
    EXPECT_FALSE(platform::verify_pack_directory(pack, key.public_key()).ok());
}
