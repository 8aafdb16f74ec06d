#include "sync/bundle.h"

#include <gtest/gtest.h>

#include <sstream>

#include "kiosk/support/sync_test_support.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/files.h"

namespace xiangke::kiosk {
namespace {

namespace fs = std::filesystem;

// The USB path end to end with the real commands: kiosk export → backend import → backend
// export → kiosk import, with the backend's server down the whole time.
class BundleTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_identity = m_backend.enroll_kiosk(m_data.path());
        m_backend.stop();
        fs::create_directories(m_usb.path());
    }
    test::CommandResult kiosk(std::vector<std::string> args) {
        args.insert(args.begin(), test::kiosk_executable());
        args.push_back("--data-dir");
        args.push_back(m_data.path().string());
        return test::run_command(args);
    }
    test::CommandResult backend(std::vector<std::string> args) {
        args.insert(args.begin(), test::backend_executable());
        return test::run_command(args);
    }
    std::vector<std::string> submit(int count) {
        auto drill = kiosk({"submit-drill", "--count", std::to_string(count)});
        EXPECT_EQ(drill.exit_code, 0) << drill.err;
        std::vector<std::string> codes;
        std::istringstream lines(drill.out);
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            std::string word, code;
            if (fields >> word >> code && word == "code") {
                codes.push_back(code);
            }
        }
        return codes;
    }
    fs::path only_file_in(const fs::path& dir) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir)) {
            files.push_back(entry.path());
        }
        EXPECT_EQ(files.size(), 1u);
        return files.empty() ? fs::path() : files.front();
    }
    std::unique_ptr<OutboxStore> store() { return std::move(OutboxStore::open(m_data.path() / "kiosk.db")).value(); }

    testing::DemoBackend m_backend;
    test::TempDir m_data;
    test::TempDir m_usb;
    KioskIdentity m_identity;
};

TEST_F(BundleTest, OutboxTravelsToTheBackendAndStatusesComeBack) {
    auto codes = submit(3);
    ASSERT_EQ(codes.size(), 3u);
    auto exported = kiosk({"bundle", "export", "--to", m_usb.path().string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    fs::path outbox = only_file_in(m_usb.path());

    auto imported = backend({"bundle", "import", "--db", m_backend.db(), outbox.string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("3 applied"), std::string::npos) << imported.out;
    // The same drive again: nothing new (idempotent like a push).
    auto again = backend({"bundle", "import", "--db", m_backend.db(), outbox.string()});
    EXPECT_NE(again.out.find("3 duplicate"), std::string::npos) << again.out;
    for (const auto& code : codes) {
        EXPECT_EQ(m_backend.requests_with_code(code), 1);
    }

    fs::path answer = m_usb.path() / "answer.json";
    auto made = backend({"bundle", "export", "--db", m_backend.db(), "--kiosk", m_identity.kiosk_id, "--out", answer.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto read = kiosk({"bundle", "import", answer.string()});
    ASSERT_EQ(read.exit_code, 0) << read.err;
    {
        auto s = store();
        EXPECT_EQ(s->counts().pending, 0);
        for (const auto& code : codes) {
            auto found = s->find_by_code(code);
            ASSERT_TRUE(found);
            EXPECT_EQ(found->status, "received");
            EXPECT_GE(found->timeline.size(), 2u);
        }
    }
    // Importing the same answer twice changes nothing.
    auto twice = kiosk({"bundle", "import", answer.string()});
    ASSERT_EQ(twice.exit_code, 0) << twice.err;
    EXPECT_NE(twice.out.find("0 ops acknowledged, 0 rejected, 0 status changes"), std::string::npos) << twice.out;
}

TEST_F(BundleTest, ATamperedBackendBundleIsRefusedWhole) {
    submit(1);
    fs::path answer = m_usb.path() / "answer.json";
    ASSERT_EQ(backend({"bundle", "export", "--db", m_backend.db(), "--kiosk", m_identity.kiosk_id, "--out", answer.string()})
                  .exit_code,
              0);
    auto text = platform::read_file(answer);
    ASSERT_TRUE(text.ok());
    auto bundle = nlohmann::json::parse(*text);
    bundle["next_cursor"] = 999999;  // an attacker skips the kiosk past changes
    ASSERT_TRUE(platform::write_file_atomic(answer, bundle.dump()).ok());
    auto refused = kiosk({"bundle", "import", answer.string()});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("MAC"), std::string::npos) << refused.err;
    EXPECT_EQ(store()->cursor(), 0);
}

TEST_F(BundleTest, ABundleSignedWithAnotherTokenIsRefused) {
    nlohmann::json forged = {{"format", 1}, {"kind", "xiangke-backend-bundle"}, {"kiosk_id", m_identity.kiosk_id},
                             {"created_at", 1}, {"changes", nlohmann::json::array()}, {"next_cursor", 5},
                             {"results", nlohmann::json::array()}, {"content", nullptr}};
    forged["mac"] = bundle_mac("not-the-kiosk-token", forged);
    fs::path file = m_usb.path() / "forged.json";
    ASSERT_TRUE(platform::write_file_atomic(file, forged.dump()).ok());
    EXPECT_EQ(kiosk({"bundle", "import", file.string()}).exit_code, 1);

    // The same bundle with the kiosk's own key is accepted: the MAC matches the backend's.
    forged["mac"] = bundle_mac(m_identity.token, [&] { auto copy = forged; copy.erase("mac"); return copy; }());
    ASSERT_TRUE(platform::write_file_atomic(file, forged.dump()).ok());
    auto accepted = kiosk({"bundle", "import", file.string()});
    EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
    EXPECT_EQ(store()->cursor(), 5);
}

TEST_F(BundleTest, ATamperedKioskBundleIsRefusedByTheBackend) {
    auto codes = submit(1);
    ASSERT_EQ(codes.size(), 1u);
    ASSERT_EQ(kiosk({"bundle", "export", "--to", m_usb.path().string()}).exit_code, 0);
    fs::path outbox = only_file_in(m_usb.path());
    auto bundle = nlohmann::json::parse(*platform::read_file(outbox));
    bundle["ops"][0]["payload"]["description"] = "改过的内容";
    ASSERT_TRUE(platform::write_file_atomic(outbox, bundle.dump()).ok());
    auto refused = backend({"bundle", "import", "--db", m_backend.db(), outbox.string()});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_EQ(m_backend.requests_with_code(codes[0]), 0);
}

}  // namespace
}  // namespace xiangke::kiosk
