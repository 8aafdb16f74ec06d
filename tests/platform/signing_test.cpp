#include "xiangke/platform/signing.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/backend_process.h"

using namespace xiangke;

TEST(Signing, Sha256OfKnownInputs) {
    EXPECT_EQ(platform::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(platform::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    test::TempDir dir;
    {
        std::ofstream out(dir.path() / "abc.txt", std::ios::binary);
        out << "abc";
    }
    auto file = platform::sha256_file(dir.path() / "abc.txt");
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(*file, platform::sha256_hex("abc"));
    EXPECT_FALSE(platform::sha256_file(dir.path() / "absent").ok());
}

TEST(Signing, HmacMatchesRfc4231) {
    // RFC 4231 test case 2.
    EXPECT_EQ(platform::hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Signing, ConstantTimeEquality) {
    EXPECT_TRUE(platform::equal_constant_time("abc", "abc"));
    EXPECT_FALSE(platform::equal_constant_time("abc", "abd"));
    EXPECT_FALSE(platform::equal_constant_time("abc", "abcd"));
}

TEST(Signing, LookupHashIsStablePerSaltAndRefusesABadSalt) {
    const std::string salt(32, 'a');
    auto first = platform::lookup_hash_hex("13800138000", salt);
    auto again = platform::lookup_hash_hex("13800138000", salt);
    auto other = platform::lookup_hash_hex("13800138000", std::string(32, 'b'));
    ASSERT_TRUE(first.ok() && again.ok() && other.ok());
    EXPECT_EQ(first->size(), 64u);
    EXPECT_EQ(*first, *again);
    EXPECT_NE(*first, *other);
    EXPECT_FALSE(platform::lookup_hash_hex("13800138000", "not hex").ok());
}

TEST(Signing, SignsAndVerifiesAndRefusesTampering) {
    auto key = platform::SecretKey::generate();
    const std::string manifest = R"({"version":1})";
    std::string signature = key.sign_hex(manifest);
    EXPECT_EQ(signature.size(), 128u);
    EXPECT_TRUE(platform::verify_manifest_signature(key.public_key(), manifest, signature + "\n").ok());
    EXPECT_FALSE(platform::verify_manifest_signature(key.public_key(), manifest + " ", signature).ok());
    auto other = platform::SecretKey::generate();
    auto refused = platform::verify_manifest_signature(other.public_key(), manifest, signature);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "bad_signature");
}

TEST(Signing, KeysRoundTripThroughHexAndFiles) {
    auto key = platform::SecretKey::generate();
    auto from_seed = platform::SecretKey::from_seed_hex("  " + key.seed_hex() + "\n");
    ASSERT_TRUE(from_seed.ok());
    EXPECT_EQ(from_seed->public_key().hex(), key.public_key().hex());
    auto parsed = platform::parse_public_key(key.public_key().hex() + "\n");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->bytes, key.public_key().bytes);
    EXPECT_FALSE(platform::parse_public_key("1234").ok());

    test::TempDir dir;
    auto path = dir.path() / "content.key";
    ASSERT_TRUE(platform::write_secret_key(path, key).ok());
    EXPECT_FALSE(platform::write_secret_key(path, key).ok());  // never overwrites
    EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::group_read,
              std::filesystem::perms::none);
    auto read = platform::read_secret_key(path);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->seed_hex(), key.seed_hex());

    auto pub_path = dir.path() / "content.pub";
    {
        std::ofstream out(pub_path);
        out << key.public_key().hex() << "\n";
    }
    auto from_file = platform::load_public_key(pub_path.string());
    auto from_text = platform::load_public_key(key.public_key().hex());
    ASSERT_TRUE(from_file.ok() && from_text.ok());
    EXPECT_EQ(from_file->bytes, key.public_key().bytes);
    EXPECT_EQ(from_text->bytes, key.public_key().bytes);
}
