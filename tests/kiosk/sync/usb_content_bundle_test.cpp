// Content installed from a USB bundle on a kiosk without a network, with the real commands: the
// backend publishes a new signed pack, `xiangke-backend bundle export` carries it, `xiangke-kiosk
// bundle import` installs it and the new article is in the kiosk's library (and on its screen).
// A bundle whose pack is older than the installed one leaves the content alone, and a bundle whose
// pack was altered is refused whole: no content, no op results, no changes.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>

#include "services/content_service.h"
#include "store/outbox_store.h"
#include "support/pack_fixture.h"
#include "kiosk/support/sync_test_support.h"
#include "kiosk/support/voice_test_support.h"
#include "xiangke/core/content_index.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/files.h"

namespace xiangke::kiosk {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNewArticleId = "usb-news";
constexpr const char* kNewArticleTitle = "U盘送来的新文章";
constexpr const char* kNewArticlePath = "articles/rice/usb-news.md";

// The sample pack plus one article that only newer versions carry.
test::PackSpec pack_with_new_article(int64_t version, const std::string& body) {
    test::PackSpec spec = test::sample_pack_spec(version);
    spec.created_ms = core::system_now_ms() - 86'400'000;
    spec.expires_ms = spec.created_ms + 365LL * 86'400'000;
    auto index = core::decode_pack_index(spec.files["index.json"]);
    core::PackArticle article = index->articles.front();
    article.id = kNewArticleId;
    article.title = kNewArticleTitle;
    article.topic = "rice";
    article.summary = "这篇文章由U盘带到本机。";
    article.path = kNewArticlePath;
    index->articles.push_back(article);
    spec.files["index.json"] = core::encode_pack_index(*index);
    spec.files[kNewArticlePath] = body;
    return spec;
}

class UsbContentBundle : public ::testing::Test {
protected:
    void SetUp() override {
        m_identity = m_backend.enroll_kiosk(m_data.path());
        m_backend.stop();  // the village has no network: only the drive travels
        std::ofstream(m_work.path() / "kiosk.toml")
            << "[content]\npublic_key = \"" << m_key.public_key().hex() << "\"\n[kiosk]\nattract_loop = false\n";
    }

    test::CommandResult kiosk(std::vector<std::string> args) {
        args.insert(args.begin(), {test::kiosk_executable(), "--config", (m_work.path() / "kiosk.toml").string()});
        args.push_back("--data-dir");
        args.push_back(m_data.path().string());
        return test::run_command(args);
    }
    test::CommandResult backend(std::vector<std::string> args) {
        args.insert(args.begin(), test::backend_executable());
        return test::run_command(args);
    }
    void publish(const test::PackSpec& spec) {
        fs::path dir = m_work.path() / ("v" + std::to_string(spec.version));
        test::write_pack(dir, spec, m_key);
        auto published = backend({"content", "publish", "--db", m_backend.db(), dir.string()});
        ASSERT_EQ(published.exit_code, 0) << published.err;
    }
    fs::path export_bundle(const std::string& name) {
        fs::path file = m_work.path() / name;
        auto made = backend(
            {"bundle", "export", "--db", m_backend.db(), "--kiosk", m_identity.kiosk_id, "--out", file.string()});
        EXPECT_EQ(made.exit_code, 0) << made.err;
        return file;
    }
    int64_t installed_version() {
        return std::move(ContentService::open(m_data.path() / "kiosk.db")).value()->active_version();
    }
    std::shared_ptr<const ContentLibrary> library() {
        return std::move(ContentService::open(m_data.path() / "kiosk.db")).value()->load_library();
    }
    std::unique_ptr<OutboxStore> store() { return std::move(OutboxStore::open(m_data.path() / "kiosk.db")).value(); }

    test::ScopedEnv m_quiet{"SDL_AUDIODRIVER", "dummy"};  // the scenario's app reads nothing aloud
    testing::DemoBackend m_backend;
    test::TempDir m_data;
    test::TempDir m_work;
    platform::SecretKey m_key = platform::SecretKey::generate();
    KioskIdentity m_identity;
};

}  // namespace

TEST_F(UsbContentBundle, ANewerPackInstallsAndAnOlderOneChangesNothing) {
    test::PackSpec v1 = test::sample_pack_spec(1);
    v1.created_ms = core::system_now_ms() - 86'400'000;
    v1.expires_ms = v1.created_ms + 365LL * 86'400'000;
    publish(v1);
    fs::path first = export_bundle("v1.json");
    auto imported = kiosk({"bundle", "import", first.string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("content version 1"), std::string::npos) << imported.out;
    ASSERT_EQ(installed_version(), 1);
    EXPECT_EQ(library()->find_article(kNewArticleId), nullptr);

    publish(pack_with_new_article(2, "**要点：** U盘也能把新内容带到没有网络的村子。\n"));
    fs::path second = export_bundle("v2.json");
    imported = kiosk({"bundle", "import", second.string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("content version 2"), std::string::npos) << imported.out;
    EXPECT_EQ(installed_version(), 2);
    auto lib = library();
    ASSERT_NE(lib->find_article(kNewArticleId), nullptr) << "the new article is in the kiosk's library";
    EXPECT_EQ(lib->find_article(kNewArticleId)->title, kNewArticleTitle);
    auto body = platform::read_file(fs::path(lib->files_root()) / kNewArticlePath);
    ASSERT_TRUE(body.ok());
    EXPECT_NE(body->find("U盘也能把新内容带到"), std::string::npos);

    // The old drive again: its pack is older than the installed one and changes nothing.
    imported = kiosk({"bundle", "import", first.string()});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_EQ(imported.out.find("content version"), std::string::npos) << imported.out;
    EXPECT_EQ(installed_version(), 2);
    EXPECT_NE(library()->find_article(kNewArticleId), nullptr);

    // A farmer opens it on the kiosk's screen.
    const fs::path scenario = m_work.path() / "open.scenario";
    std::ofstream(scenario) << "tap \"科普知识\"\ntap \"水稻病虫害\"\nexpect \"" << kNewArticleTitle << "\"\ntap \""
                            << kNewArticleTitle << "\"\nexpect \"U盘也能把新内容带到\"\n";
    auto shown = kiosk({"--headless", "--script", scenario.string()});
    EXPECT_EQ(shown.exit_code, 0) << shown.out << shown.err;
}

TEST_F(UsbContentBundle, ABundleWithAnAlteredPackIsRefusedWhole) {
    test::PackSpec v1 = test::sample_pack_spec(1);
    v1.created_ms = core::system_now_ms() - 86'400'000;
    v1.expires_ms = v1.created_ms + 365LL * 86'400'000;
    publish(v1);
    ASSERT_EQ(kiosk({"bundle", "import", export_bundle("v1.json").string()}).exit_code, 0);
    ASSERT_EQ(installed_version(), 1);

    // A request travels to the backend on the drive, so the next bundle carries its answer and
    // its status changes besides the pack.
    auto drill = kiosk({"submit-drill", "--count", "1"});
    ASSERT_EQ(drill.exit_code, 0) << drill.err;
    const fs::path usb = m_work.path() / "usb";
    fs::create_directories(usb);
    ASSERT_EQ(kiosk({"bundle", "export", "--to", usb.string()}).exit_code, 0);
    for (const auto& entry : fs::directory_iterator(usb)) {
        auto pushed = backend({"bundle", "import", "--db", m_backend.db(), entry.path().string()});
        ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
    }
    ASSERT_EQ(store()->counts().pending, 1);
    const int64_t cursor_before = store()->cursor();

    const std::string genuine = "**要点：** 新的防治办法。\n";
    publish(pack_with_new_article(2, genuine));
    // The new article's bytes are altered in the backend's store after publishing (a damaged disk
    // or an intruder on the server): the bundle's MAC is right, the pack's signature is not.
    {
        SQLite::Database db(m_backend.db(), SQLite::OPEN_READWRITE);
        std::string altered = genuine;
        altered.replace(altered.find("新的"), std::string("新的").size(), "喷农");
        SQLite::Statement update(db, "UPDATE content_blobs SET data = ? WHERE sha256 = ?");
        update.bind(1, altered.data(), static_cast<int>(altered.size()));
        update.bind(2, platform::sha256_hex(genuine));
        ASSERT_EQ(update.exec(), 1);
    }
    fs::path tampered = export_bundle("tampered.json");
    auto refused = kiosk({"bundle", "import", tampered.string()});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("bundle refused"), std::string::npos) << refused.err;
    EXPECT_EQ(installed_version(), 1) << "the altered pack is not installed";
    EXPECT_EQ(library()->find_article(kNewArticleId), nullptr);
    EXPECT_EQ(store()->counts().pending, 1) << "the op results in a refused bundle are not applied";
    EXPECT_EQ(store()->cursor(), cursor_before) << "the changes in a refused bundle are not applied";

    // The same pack altered on the drive instead: the MAC refuses it, again whole.
    SQLite::Database db(m_backend.db(), SQLite::OPEN_READWRITE);
    SQLite::Statement repair(db, "UPDATE content_blobs SET data = ? WHERE sha256 = ?");
    repair.bind(1, genuine.data(), static_cast<int>(genuine.size()));
    repair.bind(2, platform::sha256_hex(genuine));
    ASSERT_EQ(repair.exec(), 1);
    fs::path good = export_bundle("good.json");
    auto bundle = nlohmann::json::parse(*platform::read_file(good));
    auto& blob = bundle["content"]["blobs"][platform::sha256_hex(genuine)];
    std::string encoded = blob.get<std::string>();
    encoded[4] = encoded[4] == 'A' ? 'B' : 'A';
    blob = encoded;
    fs::path altered_on_drive = m_work.path() / "altered-on-drive.json";
    ASSERT_TRUE(platform::write_file_atomic(altered_on_drive, bundle.dump()).ok());
    refused = kiosk({"bundle", "import", altered_on_drive.string()});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("MAC"), std::string::npos) << refused.err;
    EXPECT_EQ(installed_version(), 1);
    EXPECT_EQ(store()->counts().pending, 1);

    // The genuine bundle installs the pack and empties the outbox.
    auto accepted = kiosk({"bundle", "import", good.string()});
    ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
    EXPECT_EQ(installed_version(), 2);
    EXPECT_NE(library()->find_article(kNewArticleId), nullptr);
    EXPECT_EQ(store()->counts().pending, 0);
    EXPECT_GT(store()->cursor(), cursor_before);
}

}  // namespace xiangke::kiosk
