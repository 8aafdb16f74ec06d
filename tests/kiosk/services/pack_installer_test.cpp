// Installing packs on the kiosk: every refusal docs/content-pack.md asks for, on real files.
#include "services/pack_installer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/backend_process.h"
#include "support/pack_fixture.h"

using namespace xiangke;
using namespace xiangke::kiosk;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;  // mid 2026

class PackInstall : public ::testing::Test {
protected:
    void SetUp() override {
        content = ContentService::open(dir.path() / "kiosk.db").value();
    }
    fs::path pack(const std::string& name, const test::PackSpec& spec, const platform::SecretKey& signer) {
        fs::path p = dir.path() / "incoming" / name;
        test::write_pack(p, spec, signer);
        return p;
    }
    core::Result<PackInstallResult> install(const fs::path& p, ExpiryCheck expiry = ExpiryCheck::Enforce) {
        return install_pack(*content, p, dir.path() / "data", key.public_key(), kNow, expiry);
    }

    test::TempDir dir;
    platform::SecretKey key = platform::SecretKey::generate();
    std::unique_ptr<ContentService> content;
};

}  // namespace

TEST_F(PackInstall, InstallsAndShowsTheArticles) {
    auto result = install(pack("v1", test::sample_pack_spec(1), key));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->version, 1);
    auto library = content->load_library();
    EXPECT_EQ(library->version(), 1);
    ASSERT_EQ(library->articles().size(), 3u);
    const Article* blast = library->find_article("rice-blast");
    ASSERT_NE(blast, nullptr);
    EXPECT_NE(blast->body_markdown.find("梭子形病斑"), std::string::npos);
    EXPECT_TRUE(library->find_article("rice-stem-borer")->pending_review);
    EXPECT_TRUE(fs::exists(fs::path(library->files_root()) / "articles/rice/rice-blast.md"));
    EXPECT_EQ(content->search("稻瘟病").front().article_id, "rice-blast");
    EXPECT_EQ(content->search("螟").front().article_id, "rice-stem-borer");
}

TEST_F(PackInstall, NewerVersionReplacesAndKeepsThePrevious) {
    ASSERT_TRUE(install(pack("v1", test::sample_pack_spec(1), key)).ok());
    auto v2 = install(pack("v2", test::sample_pack_spec(2, "稻瘟病防治（新版）"), key));
    ASSERT_TRUE(v2.ok()) << v2.error().message;
    EXPECT_EQ(content->load_library()->find_article("rice-blast")->title, "稻瘟病防治（新版）");
    EXPECT_TRUE(fs::exists(dir.path() / "data/packs/v1"));
    EXPECT_TRUE(fs::exists(dir.path() / "data/packs/v2"));
    // The same pack again is nothing to do.
    auto again = install(pack("v2b", test::sample_pack_spec(2, "稻瘟病防治（新版）"), key));
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->already_installed);
}

TEST_F(PackInstall, RefusesRollback) {
    ASSERT_TRUE(install(pack("v3", test::sample_pack_spec(3), key)).ok());
    auto old = install(pack("v2", test::sample_pack_spec(2), key));
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.error().code, "rollback");
    EXPECT_EQ(content->active_version(), 3);
}

TEST_F(PackInstall, RefusesAWrongKeyAndTamperedFiles) {
    auto other = platform::SecretKey::generate();
    auto wrong_key = install(pack("wrong-key", test::sample_pack_spec(1), other));
    ASSERT_FALSE(wrong_key.ok());

    fs::path tampered = pack("tampered", test::sample_pack_spec(1), key);
    std::ofstream(tampered / "files/articles/rice/rice-blast.md", std::ios::app) << "加倍用药效果更好。";
    auto bad_file = install(tampered);
    ASSERT_FALSE(bad_file.ok());
    EXPECT_NE(bad_file.error().message.find("rice-blast.md"), std::string::npos) << bad_file.error().message;

    fs::path bad_manifest = pack("bad-manifest", test::sample_pack_spec(1), key);
    std::string manifest_text;
    {
        std::ifstream in(bad_manifest / "manifest.json");
        std::getline(in, manifest_text);
    }
    manifest_text.replace(manifest_text.find("\"version\":1"), 11, "\"version\":9");
    std::ofstream(bad_manifest / "manifest.json", std::ios::trunc) << manifest_text;
    EXPECT_FALSE(install(bad_manifest).ok());
    EXPECT_EQ(content->active_version(), 0);  // nothing half-installed
}

TEST_F(PackInstall, RefusesPathTraversal) {
    auto spec = test::sample_pack_spec(1);
    spec.files["../escape.txt"] = "x";
    fs::path p = dir.path() / "incoming/traversal";
    fs::create_directories(p / "files");
    // write_pack would write outside; craft the manifest by hand through the fixture's signer.
    EXPECT_FALSE(core::is_safe_pack_path("../escape.txt"));
    spec.files.erase("../escape.txt");
    spec.files["media/..hidden"] = "x";
    auto result = install(pack("hidden", spec, key));
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(fs::exists(dir.path() / "escape.txt"));
}

TEST_F(PackInstall, ExpiryUsesTheLaterOfClockAndLastTrustedTime) {
    auto expired = test::sample_pack_spec(1);
    expired.created_ms = kNow - 400LL * 86'400'000;
    expired.expires_ms = kNow - 35LL * 86'400'000;
    fs::path p = pack("expired", expired, key);
    auto refused = install(p);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "expired");
    // The pack shipped with the kiosk is installed whatever the clock says.
    EXPECT_TRUE(install(p, ExpiryCheck::SkipForShippedPack).ok());

    // A newer pack, valid by the (reset) clock, but expired by the last trusted time.
    auto v2 = test::sample_pack_spec(2);
    v2.created_ms = kNow + 10LL * 86'400'000;
    v2.expires_ms = kNow + 20LL * 86'400'000;
    ASSERT_TRUE(install(pack("v2", v2, key)).ok());
    EXPECT_GE(last_trusted_time(*content), v2.created_ms);
    auto v3 = test::sample_pack_spec(3);
    v3.created_ms = kNow - 5LL * 86'400'000;
    v3.expires_ms = kNow + 5LL * 86'400'000;  // fine for the clock, not after what was trusted
    auto stale = install(pack("v3", v3, key));
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, "expired");
}
