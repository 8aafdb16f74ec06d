// platform/signing and platform/pack_directory: Ed25519 keys and signatures, SHA-256, and the
// whole-pack verification a kiosk runs before it switches to a pack.
#include "xiangke/platform/signing.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>

#include "fixture.h"
#include "xiangke/platform/pack_directory.h"

using namespace xiangke;
using namespace xiangke::platform;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// A hand-made pack: two files, signed with `key`.
void make_pack(const fs::path& dir, const SecretKey& key, std::vector<core::PackFile> extra = {}) {
    core::PackManifest m;
    m.version = 1;
    m.created_ms = 1767225600000;
    m.expires_ms = m.created_ms + 1000;
    for (auto [path, bytes] : {std::pair<std::string, std::string>{"index.json", "{}"}, {"media/a.png", "png"}}) {
        write(dir / "files" / path, bytes);
        m.files.push_back({path, bytes.size(), sha256_hex(bytes)});
    }
    for (auto& file : extra) {
        m.files.push_back(file);
    }
    std::sort(m.files.begin(), m.files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    std::string manifest = core::encode_manifest(m);
    write(dir / "manifest.json", manifest);
    write(dir / "manifest.sig", key.sign_hex(manifest) + "\n");
}

}  // namespace

TEST(Sha256, KnownValues) {
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    test::TempDir dir;
    write(dir.path() / "f", std::string(200000, 'x'));
    auto digest = sha256_file(dir.path() / "f");
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ(*digest, sha256_hex(std::string(200000, 'x')));
    EXPECT_FALSE(sha256_file(dir.path() / "missing").ok());
}

TEST(Signing, SignAndVerify) {
    SecretKey key = SecretKey::generate();
    std::string manifest = "{\"version\":1}";
    std::string sig = key.sign_hex(manifest);
    EXPECT_EQ(sig.size(), 128u);
    EXPECT_TRUE(verify_manifest_signature(key.public_key(), manifest, sig + "\n").ok());
    EXPECT_EQ(key.sign_hex(manifest), sig);  // Ed25519 is deterministic: builds reproduce

    auto tampered = verify_manifest_signature(key.public_key(), "{\"version\":2}", sig);
    ASSERT_FALSE(tampered.ok());
    EXPECT_EQ(tampered.error().code, "bad_signature");
    auto wrong_key = verify_manifest_signature(SecretKey::generate().public_key(), manifest, sig);
    EXPECT_FALSE(wrong_key.ok());
    EXPECT_FALSE(verify_manifest_signature(key.public_key(), manifest, sig.substr(2)).ok());
    EXPECT_FALSE(verify_manifest_signature(key.public_key(), manifest, "zz" + sig.substr(2)).ok());
}

TEST(Signing, KeyFiles) {
    test::TempDir dir;
    SecretKey key = SecretKey::generate();
    fs::path file = dir.path() / "signing.key";
    ASSERT_TRUE(write_secret_key(file, key).ok());
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_FALSE(write_secret_key(file, key).ok());  // never overwrites a key
    auto loaded = read_secret_key(file);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->public_key().hex(), key.public_key().hex());
    EXPECT_EQ(loaded->seed_hex(), key.seed_hex());

    const std::string public_hex = key.public_key().hex();
    EXPECT_EQ(public_hex.size(), 64u);
    write(dir.path() / "public.key", public_hex + "\n");
    EXPECT_EQ(load_public_key(public_hex)->hex(), public_hex);
    EXPECT_EQ(load_public_key((dir.path() / "public.key").string())->hex(), public_hex);
    EXPECT_FALSE(load_public_key("abc").ok());
    write(dir.path() / "bad.key", "not a key");
    EXPECT_FALSE(read_secret_key(dir.path() / "bad.key").ok());
}

TEST(PackDirectory, VerifiesAGoodPack) {
    test::TempDir dir;
    SecretKey key = SecretKey::generate();
    make_pack(dir.path(), key);
    auto pack = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_TRUE(pack.ok()) << pack.error().message;
    EXPECT_EQ(pack->manifest.files.size(), 2u);
}

TEST(PackDirectory, DetectsTamperedFile) {
    test::TempDir dir;
    SecretKey key = SecretKey::generate();
    make_pack(dir.path(), key);
    write(dir.path() / "files/media/a.png", "PNG");  // same size, other bytes
    auto pack = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_FALSE(pack.ok());
    EXPECT_EQ(pack.error().code, "hash_mismatch");
    EXPECT_EQ(pack.error().message.rfind("files/media/a.png: sha256 mismatch", 0), 0u) << pack.error().message;

    write(dir.path() / "files/media/a.png", "png!");
    pack = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_FALSE(pack.ok());
    EXPECT_EQ(pack.error().code, "size_mismatch");
}

TEST(PackDirectory, DetectsTamperedManifestAndWrongKey) {
    test::TempDir dir;
    SecretKey key = SecretKey::generate();
    make_pack(dir.path(), key);
    std::string manifest = test::read_all(dir.path() / "manifest.json");
    manifest.replace(manifest.find("\"version\":1"), 11, "\"version\":9");
    write(dir.path() / "manifest.json", manifest);
    auto tampered = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_FALSE(tampered.ok());
    EXPECT_EQ(tampered.error().code, "bad_signature");

    test::TempDir other;
    make_pack(other.path(), key);
    auto wrong = verify_pack_directory(other.path(), SecretKey::generate().public_key());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().message.rfind("manifest.sig: signature does not match", 0), 0u);
}

TEST(PackDirectory, RefusesPathTraversalEvenWhenSigned) {
    test::TempDir dir;
    SecretKey key = SecretKey::generate();
    make_pack(dir.path() / "pack", key, {{"../outside.txt", 1, sha256_hex("x")}});
    write(dir.path() / "outside.txt", "x");
    auto pack = verify_pack_directory(dir.path() / "pack", key.public_key());
    ASSERT_FALSE(pack.ok());
    EXPECT_EQ(pack.error().code, "unsafe_path");
    EXPECT_NE(pack.error().message.find("manifest.json: files[0].path: unsafe path '../outside.txt'"),
              std::string::npos)
        << pack.error().message;
}

TEST(PackDirectory, RefusesSymlinksAndUnlistedFiles) {
    test::TempDir dir;
    SecretKey key = SecretKey::generate();
    make_pack(dir.path(), key);
    write(dir.path() / "files/extra.txt", "x");
    auto extra = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_FALSE(extra.ok());
    EXPECT_EQ(extra.error().message, "files/extra.txt: not listed in the manifest");
    fs::remove(dir.path() / "files/extra.txt");

    write(dir.path() / "secret", "png");
    fs::remove(dir.path() / "files/media/a.png");
    fs::create_symlink(dir.path() / "secret", dir.path() / "files/media/a.png");
    auto link = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_FALSE(link.ok());
    EXPECT_NE(link.error().message.find("symbolic link"), std::string::npos);
}

TEST(PackDirectory, MissingPiecesAreNamed) {
    test::TempDir dir;
    SecretKey key = SecretKey::generate();
    auto empty = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message, "manifest.json: missing or not a regular file");
    make_pack(dir.path(), key);
    fs::remove(dir.path() / "files/index.json");
    auto missing = verify_pack_directory(dir.path(), key.public_key());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "files/index.json: missing or not a regular file");
}
