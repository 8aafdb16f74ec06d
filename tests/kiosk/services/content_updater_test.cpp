// Content updates against the real backend on 127.0.0.1, and resumed downloads through a server
// that cuts every transfer at a random offset (a fault that cannot be caused on loopback otherwise).
#include "services/content_updater.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <atomic>
#include <random>
#include <thread>

#include "services/pack_installer.h"
#include "support/backend_process.h"
#include "support/pack_fixture.h"
#include "xiangke/core/content_index.h"
#include "xiangke/platform/signing.h"

using namespace xiangke;
using namespace xiangke::kiosk;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;

std::string base64(const std::string& in) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int value = 0, bits = -6;
    for (unsigned char c : in) {
        value = (value << 8) + c;
        bits += 8;
        while (bits >= 0) {
            out.push_back(kAlphabet[(value >> bits) & 0x3F]);
            bits -= 6;
        }
    }
    if (bits > -6) {
        out.push_back(kAlphabet[((value << 8) >> (bits + 8)) & 0x3F]);
    }
    while (out.size() % 4) {
        out.push_back('=');
    }
    return out;
}

std::string enroll_kiosk(const std::string& base_url, const std::string& db) {
    auto code = test::run_command({test::backend_executable(), "kiosk", "issue-code", "--db", db, "--village",
                                   "330281106201"});
    std::string last = code.out.substr(code.out.rfind('\n', code.out.size() - 2) + 1);
    last.pop_back();
    httplib::Client client(base_url);
    auto res = client.Post("/api/v1/kiosks/enroll",
                           R"({"enrollment_code":")" + last + R"(","device_name":"t","protocol_version":1})",
                           "application/json");
    return nlohmann::json::parse(res->body)["token"].get<std::string>();
}

}  // namespace

TEST(ContentUpdater, InstallsThenFetchesOnlyWhatChangedFromTheRealBackend) {
    test::TempDir dir;
    std::string db = (dir.path() / "backend.db").string();
    ASSERT_EQ(test::run_command({test::backend_executable(), "demo", "--db", db}).exit_code, 0);
    auto key = platform::SecretKey::generate();
    auto v1 = test::sample_pack_spec(1);
    v1.files["media/big.png"] = std::string(300'000, 'x');  // unchanged in v2: must not be fetched again
    test::write_pack(dir.path() / "v1", v1, key);
    ASSERT_EQ(test::run_command({test::backend_executable(), "content", "publish", "--db", db,
                                 (dir.path() / "v1").string()}).exit_code, 0);
    test::BackendProcess server(db);
    std::string token = enroll_kiosk(server.base_url(), db);

    auto content = ContentService::open(dir.path() / "kiosk" / "kiosk.db");
    fs::create_directories(dir.path() / "kiosk");
    content = ContentService::open(dir.path() / "kiosk" / "kiosk.db");
    ASSERT_TRUE(content.ok());
    auto first = update_content(**content, server.base_url(), token, dir.path() / "kiosk", key.public_key(), kNow);
    ASSERT_EQ(first.kind, ContentUpdateResult::Kind::Installed) << first.detail;
    EXPECT_EQ((*content)->active_version(), 1);
    EXPECT_GE(first.bytes_downloaded, 300'000u);

    auto again = update_content(**content, server.base_url(), token, dir.path() / "kiosk", key.public_key(), kNow);
    EXPECT_EQ(again.kind, ContentUpdateResult::Kind::UpToDate);
    EXPECT_EQ(again.bytes_downloaded, 0u);

    auto v2 = test::sample_pack_spec(2);
    v2.files["media/big.png"] = v1.files["media/big.png"];
    v2.files["articles/rice/rice-new.md"] = "**要点：** 新文章。\n";
    {
        // index.json of v2 lists the new article too.
        auto index = core::decode_pack_index(v2.files["index.json"]).value();
        core::PackArticle added = index.articles[1];
        added.id = "rice-new";
        added.title = "新上架的文章";
        added.path = "articles/rice/rice-new.md";
        index.articles.push_back(added);
        v2.files["index.json"] = core::encode_pack_index(index);
    }
    test::write_pack(dir.path() / "v2", v2, key);
    ASSERT_EQ(test::run_command({test::backend_executable(), "content", "publish", "--db", db,
                                 (dir.path() / "v2").string()}).exit_code, 0);
    auto second = update_content(**content, server.base_url(), token, dir.path() / "kiosk", key.public_key(), kNow);
    ASSERT_EQ(second.kind, ContentUpdateResult::Kind::Installed) << second.detail;
    EXPECT_LT(second.bytes_downloaded, 10'000u);  // only the new and changed small files
    auto library = (*content)->load_library();
    ASSERT_NE(library->find_article("rice-new"), nullptr);
    EXPECT_EQ(library->find_article("rice-new")->title, "新上架的文章");

    // A kiosk pinned to another key refuses the backend's packs.
    auto other_dir = dir.path() / "other";
    fs::create_directories(other_dir);
    auto other = ContentService::open(other_dir / "kiosk.db").value();
    auto refused = update_content(*other, server.base_url(), token, other_dir,
                                  platform::SecretKey::generate().public_key(), kNow);
    EXPECT_EQ(refused.kind, ContentUpdateResult::Kind::Refused);
    EXPECT_EQ(other->active_version(), 0);
}

TEST(ContentUpdater, DownloadsCutAtRandomOffsetsResumeAndEndCorrect) {
    test::TempDir dir;
    auto key = platform::SecretKey::generate();
    auto spec = test::sample_pack_spec(1);
    std::mt19937 rng(7);
    std::string blob(200'000, '\0');
    for (auto& c : blob) {
        c = static_cast<char>(rng());
    }
    spec.files["media/photo.png"] = blob;
    auto manifest = test::write_pack(dir.path() / "pack", spec, key);
    std::string manifest_bytes, signature;
    {
        std::ifstream m(dir.path() / "pack/manifest.json", std::ios::binary);
        manifest_bytes.assign(std::istreambuf_iterator<char>(m), {});
        std::ifstream s(dir.path() / "pack/manifest.sig", std::ios::binary);
        signature.assign(std::istreambuf_iterator<char>(s), {});
    }
    std::map<std::string, std::string> by_sha;
    for (const auto& [path, bytes] : spec.files) {
        by_sha[platform::sha256_hex(bytes)] = bytes;
    }

    // Serves the pack like the backend, but every blob transfer stops after a random number of bytes.
    httplib::Server server;
    std::mutex rng_mutex;
    std::atomic<int> cuts{0};
    server.Get("/api/v1/content/manifest", [&](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-Xiangke-Signature", base64(signature));
        res.set_content(manifest_bytes, "application/json");
    });
    server.Get(R"(/api/v1/content/blobs/([0-9a-f]{64}))", [&](const httplib::Request& req, httplib::Response& res) {
        const std::string& data = by_sha.at(req.matches[1].str());
        // httplib answers the Range header itself (206, Content-Range) and asks the provider for
        // absolute offsets; the provider stops a random number of bytes after where it started.
        size_t from = req.ranges.empty() ? 0 : static_cast<size_t>(req.ranges[0].first);
        size_t cut_at;
        {
            std::lock_guard lock(rng_mutex);
            cut_at = from + 1 + rng() % 60'000;
        }
        res.set_content_provider(data.size(), "application/octet-stream",
                                 [&data, &cuts, cut_at](size_t offset, size_t length, httplib::DataSink& sink) {
                                     if (offset >= cut_at) {
                                         ++cuts;
                                         return false;  // the connection drops mid-transfer
                                     }
                                     size_t n = std::min({size_t{8192}, length, cut_at - offset});
                                     return sink.write(data.data() + offset, n);
                                 });
    });
    int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { server.listen_after_bind(); });

    auto content = ContentService::open(dir.path() / "kiosk.db").value();
    ContentUpdateOptions options;
    options.max_attempts_per_file = 100;
    auto result = update_content(*content, "http://127.0.0.1:" + std::to_string(port), "token", dir.path(),
                                 key.public_key(), kNow, options);
    server.stop();
    thread.join();
    ASSERT_EQ(result.kind, ContentUpdateResult::Kind::Installed) << result.detail;
    EXPECT_GT(cuts, 0);
    std::ifstream installed(fs::path(content->active_directory()) / "files/media/photo.png", std::ios::binary);
    std::string got((std::istreambuf_iterator<char>(installed)), {});
    EXPECT_EQ(got, blob);
    EXPECT_FALSE(fs::exists(dir.path() / "packs/downloads"));  // nothing left behind
}
