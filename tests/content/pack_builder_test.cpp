// `build`, `keygen` and `verify` run as an editor runs them: the real executable on a source tree.
#include "pack_builder.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "diagrams.h"
#include "fixture.h"
#include "font_coverage.h"
#include "xiangke/core/content_index.h"
#include "xiangke/core/content_pack.h"

using namespace xiangke;
using test::ContentFixture;
using test::run_command;
namespace fs = std::filesystem;

namespace {

constexpr const char* kEpoch = "1767225600";  // 2026-01-01T00:00:00Z

// Every file under `dir`, relative path -> bytes.
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            files[entry.path().lexically_relative(dir).generic_string()] = test::read_all(entry.path());
        }
    }
    return files;
}

std::string last_line(std::string text) {
    while (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    auto nl = text.rfind('\n');
    return nl == std::string::npos ? text : text.substr(nl + 1);
}

class PackBuild : public ::testing::Test {
protected:
    void SetUp() override {
        ::setenv("SOURCE_DATE_EPOCH", kEpoch, 1);
        key = (work.path() / "signing.key").string();
        auto keygen = run_command({test::content_tool(), "keygen", "--out", key});
        ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
        public_key = last_line(keygen.out);
    }

    test::CommandResult build(const fs::path& out, const std::string& version = "1") {
        return run_command(
            {test::content_tool(), "build", fixture.root(), "--out", out.string(), "--key", key, "--version", version});
    }

    test::CommandResult verify(const fs::path& pack, const std::string& pub) {
        return run_command({test::content_tool(), "verify", pack.string(), "--pubkey", pub});
    }

    ContentFixture fixture;
    test::TempDir work;
    std::string key;
    std::string public_key;
};

}  // namespace

TEST_F(PackBuild, KeygenWritesPrivateFileAndPrintsPublicKey) {
    EXPECT_EQ(public_key.size(), 64u);
    EXPECT_EQ(public_key.find_first_not_of("0123456789abcdef"), std::string::npos);
    struct stat st {};
    ASSERT_EQ(::stat(key.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto again = run_command({test::content_tool(), "keygen", "--out", key});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("refusing to overwrite"), std::string::npos);
    auto pub = run_command({test::content_tool(), "pubkey", "--key", key});
    EXPECT_EQ(last_line(pub.out), public_key);
    EXPECT_EQ(run_command({test::content_tool(), "keygen"}).exit_code, 2);
}

TEST_F(PackBuild, SameInputSameBytes) {
    auto a = build(work.path() / "a");
    ASSERT_EQ(a.exit_code, 0) << a.err;
    auto b = build(work.path() / "b");
    ASSERT_EQ(b.exit_code, 0) << b.err;
    auto first = tree(work.path() / "a");
    auto second = tree(work.path() / "b");
    ASSERT_EQ(first.size(), second.size());
    for (const auto& [path, bytes] : first) {
        ASSERT_EQ(second.count(path), 1u) << path;
        EXPECT_TRUE(bytes == second[path]) << path << " differs between two builds";
    }
    // Images are part of it: the committed one and the diagrams drawn during the build.
    EXPECT_EQ(first.count("files/media/field-photo.png"), 1u);
    for (const auto& diagram : content::diagram_catalogue()) {
        EXPECT_EQ(first.count("files/media/" + diagram.name), 1u) << diagram.name;
    }
}

TEST_F(PackBuild, VersionAndEpochChangeTheManifest) {
    ASSERT_EQ(build(work.path() / "v1", "1").exit_code, 0);
    ASSERT_EQ(build(work.path() / "v2", "2").exit_code, 0);
    std::string m1 = test::read_all(work.path() / "v1/manifest.json");
    std::string m2 = test::read_all(work.path() / "v2/manifest.json");
    EXPECT_NE(m1, m2);
    EXPECT_NE(test::read_all(work.path() / "v1/manifest.sig"), test::read_all(work.path() / "v2/manifest.sig"));
    EXPECT_EQ(core::decode_manifest(m2)->version, 2);

    ::setenv("SOURCE_DATE_EPOCH", "1767312000", 1);
    ASSERT_EQ(build(work.path() / "later", "1").exit_code, 0);
    auto later = core::decode_manifest(test::read_all(work.path() / "later/manifest.json"));
    ASSERT_TRUE(later.ok());
    EXPECT_EQ(later->created_ms, 1767312000000);
}

TEST_F(PackBuild, ManifestAndFilesFollowTheFormat) {
    auto built = build(work.path() / "pack", "7");
    ASSERT_EQ(built.exit_code, 0) << built.err;
    EXPECT_NE(built.out.find("version 7, 2 articles"), std::string::npos) << built.out;
    std::string bytes = test::read_all(work.path() / "pack/manifest.json");
    auto manifest = core::decode_manifest(bytes);  // canonical, valid
    ASSERT_TRUE(manifest.ok()) << manifest.error().message;
    EXPECT_EQ(manifest->created_ms, 1767225600000);
    EXPECT_EQ(manifest->expires_ms, 1767225600000 + int64_t{365} * 24 * 3600 * 1000);
    std::vector<std::string> paths;
    for (const auto& file : manifest->files) {
        paths.push_back(file.path);
        EXPECT_EQ(file.size, fs::file_size(work.path() / "pack/files" / file.path)) << file.path;
    }
    for (const char* expected :
         {"articles/disaster/earthquake-safety.md", "articles/rice/rice-blast.md", "glyphs.txt", "index.json",
          "media/field-photo.png", "topics.json", "vocab/categories.json", "vocab/crops.json"}) {
        EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end()) << expected;
    }
    std::string sig = test::read_all(work.path() / "pack/manifest.sig");
    EXPECT_EQ(sig.size(), 129u);
    EXPECT_EQ(sig.back(), '\n');

    // index.json: metadata of every article, in topics.json order.
    auto index = core::decode_pack_index(test::read_all(work.path() / "pack/files/index.json"));
    ASSERT_TRUE(index.ok()) << index.error().message;
    EXPECT_EQ(index->version, 7);
    ASSERT_EQ(index->articles.size(), 2u);
    EXPECT_EQ(index->articles[0].id, "rice-blast");
    EXPECT_EQ(index->articles[0].crops, std::vector<std::string>{"水稻"});
    EXPECT_EQ(index->articles[0].path, "articles/rice/rice-blast.md");
    EXPECT_EQ(index->articles[1].topic, "disaster");

    // Article files carry the body only; the image link still resolves inside the pack.
    std::string body = test::read_all(work.path() / "pack/files/articles/rice/rice-blast.md");
    EXPECT_EQ(body.find("+++"), std::string::npos);
    EXPECT_EQ(body.rfind("**要点：**", 0), 0u);
    EXPECT_NE(body.find("](../../media/field-photo.png)"), std::string::npos);

    // glyphs.txt: distinct, sorted, covering titles, bodies and vocabularies.
    std::string glyphs = test::read_all(work.path() / "pack/files/glyphs.txt");
    std::vector<char32_t> cps;
    ASSERT_TRUE(core::decode_utf8(glyphs, cps));
    EXPECT_TRUE(std::is_sorted(cps.begin(), cps.end()));
    EXPECT_EQ(std::adjacent_find(cps.begin(), cps.end()), cps.end());
    for (const char* text : {"测", "稻", "瘟", "茶", "遮", "摘"}) {
        EXPECT_NE(glyphs.find(text), std::string::npos) << text;
    }
    EXPECT_EQ(glyphs.find('\n'), std::string::npos);

    EXPECT_EQ(verify(work.path() / "pack", public_key).exit_code, 0);

    auto inspect =
        run_command({test::content_tool(), "inspect", (work.path() / "pack").string(), "--pubkey", public_key});
    EXPECT_EQ(inspect.exit_code, 0) << inspect.err;
    EXPECT_NE(inspect.out.find("version  7\ncreated  2026-01-01 08:00 (Asia/Shanghai)\n"), std::string::npos)
        << inspect.out;
    EXPECT_NE(inspect.out.find("articles 2\n"), std::string::npos) << inspect.out;
}

TEST_F(PackBuild, VerifyDetectsTamperingWrongKeyAndTraversal) {
    const fs::path pack = work.path() / "pack";
    ASSERT_EQ(build(pack).exit_code, 0);
    auto ok = verify(pack, public_key);
    EXPECT_EQ(ok.exit_code, 0) << ok.err;

    // A tampered article.
    std::string original = test::read_all(pack / "files/articles/rice/rice-blast.md");
    std::string changed = original;
    changed.replace(changed.find("早防"), 6, "晚防");
    std::ofstream(pack / "files/articles/rice/rice-blast.md", std::ios::binary | std::ios::trunc) << changed;
    auto tampered = verify(pack, public_key);
    EXPECT_EQ(tampered.exit_code, 1);
    EXPECT_EQ(tampered.err, "xiangke-content: files/articles/rice/rice-blast.md: sha256 mismatch (file " +
                                platform::sha256_hex(changed) + ", manifest " + platform::sha256_hex(original) + ")\n");
    std::ofstream(pack / "files/articles/rice/rice-blast.md", std::ios::binary | std::ios::trunc) << original;

    // A wrong key, given as text and as a key file.
    test::TempDir other;
    auto other_key = run_command({test::content_tool(), "keygen", "--out", (other.path() / "k").string()});
    auto wrong = verify(pack, last_line(other_key.out));
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_NE(wrong.err.find("manifest.sig: signature does not match"), std::string::npos);
    std::ofstream(other.path() / "public.key") << public_key << "\n";
    EXPECT_EQ(verify(pack, (other.path() / "public.key").string()).exit_code, 0);
    EXPECT_EQ(verify(pack, "not-a-key").exit_code, 2);

    // A tampered manifest: a later expiry.
    std::string manifest = test::read_all(pack / "manifest.json");
    std::string longer = manifest;
    longer.replace(longer.find("\"expires\":") + 10, 1, "9");
    std::ofstream(pack / "manifest.json", std::ios::binary | std::ios::trunc) << longer;
    auto forged = verify(pack, public_key);
    EXPECT_EQ(forged.exit_code, 1);
    EXPECT_NE(forged.err.find("manifest.sig"), std::string::npos);

    // A path-traversal entry in a correctly signed manifest.
    auto decoded = core::decode_manifest(manifest);
    ASSERT_TRUE(decoded.ok());
    decoded->files.insert(decoded->files.begin(), {"../../home/x/.bashrc", 3, platform::sha256_hex("rm\n")});
    std::string evil = core::encode_manifest(*decoded);
    std::ofstream(pack / "manifest.json", std::ios::binary | std::ios::trunc) << evil;
    auto secret = platform::read_secret_key(key);
    ASSERT_TRUE(secret.ok());
    std::ofstream(pack / "manifest.sig", std::ios::binary | std::ios::trunc) << secret->sign_hex(evil) << "\n";
    auto traversal = verify(pack, public_key);
    EXPECT_EQ(traversal.exit_code, 1);
    EXPECT_NE(traversal.err.find("unsafe path '../../home/x/.bashrc'"), std::string::npos) << traversal.err;
}

TEST_F(PackBuild, RefusesInvalidContentAndForeignOutputDirectories) {
    fixture.write("articles/rice/rice-blast.md", "no front matter\n");
    auto invalid = build(work.path() / "pack");
    EXPECT_EQ(invalid.exit_code, 1);
    EXPECT_NE(invalid.err.find("nothing was built"), std::string::npos);
    EXPECT_FALSE(fs::exists(work.path() / "pack"));
    fixture.write("articles/rice/rice-blast.md", ContentFixture::article("rice-blast", "rice"));

    fs::create_directories(work.path() / "home");
    std::ofstream(work.path() / "home/notes.txt") << "keep me";
    auto foreign = build(work.path() / "home");
    EXPECT_EQ(foreign.exit_code, 1);
    EXPECT_TRUE(fs::exists(work.path() / "home/notes.txt"));

    // A previous pack is replaced whole: no stale file survives.
    ASSERT_EQ(build(work.path() / "pack").exit_code, 0);
    std::ofstream(work.path() / "pack/files/stale.md") << "old";
    ASSERT_EQ(build(work.path() / "pack", "2").exit_code, 0);
    EXPECT_FALSE(fs::exists(work.path() / "pack/files/stale.md"));
    EXPECT_EQ(verify(work.path() / "pack", public_key).exit_code, 0);
}

TEST_F(PackBuild, BadUsage) {
    EXPECT_EQ(run_command({test::content_tool(), "build", fixture.root(), "--key", key}).exit_code, 2);
    EXPECT_EQ(build(work.path() / "p", "0").exit_code, 2);
    EXPECT_EQ(build(work.path() / "p", "x").exit_code, 2);
    ::setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    EXPECT_EQ(build(work.path() / "p").exit_code, 2);
    ::setenv("SOURCE_DATE_EPOCH", kEpoch, 1);
    EXPECT_EQ(run_command({test::content_tool(), "build", fixture.root(), "--out", (work.path() / "p").string(),
                           "--key", (work.path() / "missing.key").string()})
                  .exit_code,
              1);
    EXPECT_EQ(run_command({test::content_tool(), "verify", (work.path() / "p").string()}).exit_code, 2);
}

TEST(PackTimes, FromSourceDateEpochOrClock) {
    auto fixed = content::pack_times("1767225600", 5, 365);
    ASSERT_TRUE(fixed.ok());
    EXPECT_EQ(fixed->created_ms, 1767225600000);
    EXPECT_EQ(fixed->expires_ms, 1767225600000 + int64_t{365} * 86400000);
    auto clock = content::pack_times(nullptr, 1767225600123, 30);
    ASSERT_TRUE(clock.ok());
    EXPECT_EQ(clock->created_ms, 1767225600000);
    EXPECT_EQ(clock->expires_ms, 1767225600000 + int64_t{30} * 86400000);
    EXPECT_FALSE(content::pack_times("-5", 0, 365).ok());
    EXPECT_FALSE(content::pack_times("1767225600", 0, 0).ok());
}

TEST(Diagrams, DeterministicPngs) {
    for (const auto& diagram : content::diagram_catalogue()) {
        auto first = content::render_diagram(diagram.name, content::kKioskFontPath);
        auto second = content::render_diagram(diagram.name, content::kKioskFontPath);
        ASSERT_TRUE(first.ok()) << first.error().message;
        ASSERT_TRUE(second.ok());
        EXPECT_EQ(first->compare(0, 8, "\x89PNG\r\n\x1a\n"), 0) << diagram.name;
        EXPECT_TRUE(*first == *second) << diagram.name << " differs between two renders";
        EXPECT_GT(first->size(), 10000u) << diagram.name;  // really drawn, not blank
        EXPECT_TRUE(core::is_safe_pack_path("media/" + diagram.name));
    }
    EXPECT_FALSE(content::render_diagram("nope.png", content::kKioskFontPath).ok());
    EXPECT_FALSE(content::render_diagram(content::diagram_catalogue()[0].name, "/nonexistent.ttc").ok());
}
