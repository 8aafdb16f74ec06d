// Content delivery: `content publish` (every check and refusal), the manifest route (exact bytes,
// signature header, 304), blobs with HTTP Range, and the content.version change kiosks pull.
#include <gtest/gtest.h>

#include <fstream>

#include "backend_fixture.h"
#include "crypto.h"
#include "store/database.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/platform/signing.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Writes a signed pack the way xiangke-content build lays it out (docs/content-pack.md).
class PackWriter {
public:
    PackWriter(fs::path dir, const platform::SecretKey& key) : m_dir(std::move(dir)), m_key(key) {}

    void add(const std::string& path, const std::string& data) { m_files.emplace_back(path, data); }

    fs::path write(int64_t version) {
        fs::path out = m_dir / ("pack-v" + std::to_string(version) + "-" + std::to_string(++m_count));
        core::PackManifest manifest;
        manifest.version = version;
        manifest.created_ms = 1'767'225'600'000;
        manifest.expires_ms = manifest.created_ms + core::kDefaultPackValidityMs;
        std::sort(m_files.begin(), m_files.end());
        for (const auto& [path, data] : m_files) {
            fs::create_directories((out / "files" / path).parent_path());
            std::ofstream(out / "files" / path, std::ios::binary) << data;
            manifest.files.push_back({path, data.size(), platform::sha256_hex(data)});
        }
        std::string bytes = core::encode_manifest(manifest);
        std::ofstream(out / "manifest.json", std::ios::binary) << bytes;
        std::ofstream(out / "manifest.sig", std::ios::binary) << m_key.sign_hex(bytes) << "\n";
        return out;
    }

private:
    fs::path m_dir;
    platform::SecretKey m_key;
    std::vector<std::pair<std::string, std::string>> m_files;
    int m_count = 0;
};

std::string pattern_bytes(size_t size) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) {
        data[i] = static_cast<char>((i * 7919 + i / 251) & 0xff);
    }
    return data;
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class ContentHttp : public BackendTest {
protected:
    CommandResult publish(const fs::path& pack, bool with_key = true) {
        std::vector<std::string> args = {backend_executable(), "content", "publish", "--db", db_path, pack.string()};
        if (with_key) {
            args.push_back("--pubkey");
            args.push_back(key.public_key().hex());
        }
        return run_command(args);
    }

    int64_t count(const std::string& sql) {
        backend::Database db(db_path);
        return db.raw().execAndGet(sql).getInt64();
    }

    json content_changes(const Kiosk& kiosk) {
        json out = json::array();
        for (const auto& c : pull_all(kiosk)) {
            if (c["type"] == "content.version") {
                out.push_back(c["version"]);
            }
        }
        return out;
    }

    platform::SecretKey key = platform::SecretKey::generate();
    std::string image = pattern_bytes(300'000);  // several 64 KiB chunks
};

}  // namespace

TEST_F(ContentHttp, NoPackYetIs404NoContent) {
    Kiosk kiosk = enroll();
    auto res = get("/api/v1/content/manifest", kiosk.token);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(json::parse(res->body)["error"], "no_content");
}

TEST_F(ContentHttp, PublishedPackIsServedExactlyAndKiosksHearOfIt) {
    Kiosk before = enroll();
    PackWriter writer(dir.path(), key);
    writer.add("index.json", "{\"articles\":[],\"format\":1,\"version\":3}");
    writer.add("media/diagram.png", image);
    fs::path pack = writer.write(3);
    auto published = publish(pack);
    ASSERT_EQ(published.exit_code, 0) << published.err;
    EXPECT_NE(published.out.find("version 3 published"), std::string::npos) << published.out;

    auto res = get("/api/v1/content/manifest", before.token);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(res->body, read_all(pack / "manifest.json"));
    EXPECT_EQ(backend::crypto::base64_decode(res->get_header_value("X-Xiangke-Signature")).value_or(""),
              read_all(pack / "manifest.sig"));
    EXPECT_EQ(res->get_header_value("X-Xiangke-Content-Version"), "3");
    EXPECT_TRUE(
        platform::verify_manifest_signature(
            key.public_key(), res->body, *backend::crypto::base64_decode(res->get_header_value("X-Xiangke-Signature")))
            .ok());
    httplib::Headers same = {{"Authorization", "Bearer " + before.token}, {"If-None-Match", "\"v3\""}};
    auto unchanged = http->Get("/api/v1/content/manifest", same);
    ASSERT_TRUE(unchanged);
    EXPECT_EQ(unchanged->status, 304);
    EXPECT_TRUE(unchanged->body.empty());

    EXPECT_EQ(content_changes(before), json::array({3}));
    Kiosk after = enroll();  // a kiosk enrolled later starts with the current version
    EXPECT_EQ(content_changes(after), json::array({3}));
}

TEST_F(ContentHttp, BlobsAreServedWholeOrByRange) {
    Kiosk kiosk = enroll();
    PackWriter writer(dir.path(), key);
    writer.add("media/diagram.png", image);
    ASSERT_EQ(publish(writer.write(1)).exit_code, 0);
    const std::string sha = platform::sha256_hex(image);
    const std::string path = "/api/v1/content/blobs/" + sha;
    auto with = [&](std::vector<std::pair<std::string, std::string>> extra) {
        httplib::Headers headers = {{"Authorization", "Bearer " + kiosk.token}};
        for (auto& [k, v] : extra) {
            headers.emplace(k, v);
        }
        return http->Get(path.c_str(), headers);
    };

    auto whole = with({});
    ASSERT_TRUE(whole);
    EXPECT_EQ(whole->status, 200);
    EXPECT_EQ(whole->body, image);
    EXPECT_EQ(whole->get_header_value("Accept-Ranges"), "bytes");

    auto across_chunks = with({{"Range", "bytes=65530-131080"}});
    ASSERT_EQ(across_chunks->status, 206);
    EXPECT_EQ(across_chunks->body, image.substr(65530, 131080 - 65530 + 1));
    EXPECT_EQ(across_chunks->get_header_value("Content-Range"), "bytes 65530-131080/300000");

    auto resume = with({{"Range", "bytes=123456-"}, {"If-Range", "\"" + sha + "\""}});
    ASSERT_EQ(resume->status, 206);
    EXPECT_EQ(resume->body, image.substr(123456));

    auto tail = with({{"Range", "bytes=-10"}});
    ASSERT_EQ(tail->status, 206);
    EXPECT_EQ(tail->body, image.substr(image.size() - 10));

    auto past_end = with({{"Range", "bytes=300000-"}});
    ASSERT_EQ(past_end->status, 416);
    EXPECT_EQ(past_end->get_header_value("Content-Range"), "bytes */300000");

    auto several = with({{"Range", "bytes=0-1,5-6"}});  // not served in pieces: the whole file
    ASSERT_EQ(several->status, 200);
    EXPECT_EQ(several->body, image);

    auto stale = with({{"Range", "bytes=10-"}, {"If-Range", "\"something-else\""}});
    ASSERT_EQ(stale->status, 200);
    EXPECT_EQ(stale->body.size(), image.size());

    EXPECT_EQ(get("/api/v1/content/blobs/" + std::string(64, '0'), kiosk.token)->status, 404);
    EXPECT_EQ(get(path)->status, 401);
}

TEST_F(ContentHttp, PublishRefusesBadPacksAndOldVersionsAndStoresNothing) {
    Kiosk kiosk = enroll();
    PackWriter writer(dir.path(), key);
    writer.add("index.json", "{}");
    ASSERT_EQ(publish(writer.write(5)).exit_code, 0);

    auto expect_refused = [&](const fs::path& pack, const std::string& reason, bool with_key = true) {
        auto result = publish(pack, with_key);
        EXPECT_EQ(result.exit_code, 1) << pack;
        EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    };
    expect_refused(writer.write(5), "not newer than the current version 5");
    expect_refused(writer.write(4), "not newer");

    fs::path tampered = writer.write(6);
    std::ofstream(tampered / "files" / "index.json") << "{\"x\":1}";
    expect_refused(tampered, "files/index.json");

    fs::path missing = writer.write(6);
    fs::remove(missing / "files" / "index.json");
    expect_refused(missing, "files/index.json is missing");

    fs::path unsigned_pack = writer.write(6);
    fs::remove(unsigned_pack / "manifest.sig");
    expect_refused(unsigned_pack, "manifest.sig", false);

    platform::SecretKey stranger = platform::SecretKey::generate();
    PackWriter forger(dir.path() / "forged", stranger);
    forger.add("index.json", "{}");
    expect_refused(forger.write(6), "manifest.sig");

    // A hand-written manifest with a path that climbs out of the pack.
    fs::path escape = writer.write(6);
    std::string bytes = "{\"created\":1,\"expires\":2,\"files\":[{\"path\":\"../etc/passwd\",\"sha256\":\"" +
                        std::string(64, 'a') + "\",\"size\":1}],\"format\":1,\"version\":6}";
    std::ofstream(escape / "manifest.json", std::ios::binary | std::ios::trunc) << bytes;
    std::ofstream(escape / "manifest.sig", std::ios::binary | std::ios::trunc) << key.sign_hex(bytes) << "\n";
    expect_refused(escape, "path");

    EXPECT_EQ(count("SELECT COUNT(*) FROM content_packs"), 1);
    EXPECT_EQ(content_changes(kiosk), json::array({5}));
}

TEST_F(ContentHttp, NewerPacksReachKiosksAndOldBlobsAreCollected) {
    Kiosk kiosk = enroll();
    std::string first_only = pattern_bytes(1000);
    std::string shared = pattern_bytes(2000);
    PackWriter v1(dir.path() / "v1", key);
    v1.add("a.txt", first_only);
    v1.add("b.txt", shared);
    ASSERT_EQ(publish(v1.write(1)).exit_code, 0);
    PackWriter v2(dir.path() / "v2", key);
    v2.add("b.txt", shared);
    v2.add("c.txt", pattern_bytes(3000));
    ASSERT_EQ(publish(v2.write(2)).exit_code, 0);
    // The previous pack stays downloadable for kiosks in the middle of fetching it.
    EXPECT_EQ(get("/api/v1/content/blobs/" + platform::sha256_hex(first_only), kiosk.token)->status, 200);
    PackWriter v3(dir.path() / "v3", key);
    v3.add("b.txt", shared);
    ASSERT_EQ(publish(v3.write(3)).exit_code, 0);
    EXPECT_EQ(get("/api/v1/content/blobs/" + platform::sha256_hex(first_only), kiosk.token)->status, 404);
    EXPECT_EQ(get("/api/v1/content/blobs/" + platform::sha256_hex(shared), kiosk.token)->status, 200);
    EXPECT_EQ(content_changes(kiosk), json::array({1, 2, 3}));
    auto manifest = get("/api/v1/content/manifest", kiosk.token);
    EXPECT_EQ(manifest->get_header_value("X-Xiangke-Content-Version"), "3");
}
